"""The simulator under aiobotocore: async Lightsail clients, and an async sleep on its clock.

aiobotocore emits botocore's ``before-send`` event too, and awaits the content of the
response that a handler returns, so the handler here wraps the simulator's response in
aiobotocore's ``AioAWSResponse`` with a body that is read asynchronously. Requests and
responses otherwise take the same path as under botocore: the same transport, faults
and clock. aiobotocore is imported only when an async client is attached or opened, so
the simulator package keeps working without the ``async`` extra::

    sim = Simulator()
    async with async_container_service_client(sim) as client:
        await client.create_service("web", power="nano", scale=1)
        await client.wait_for_service("web")
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, cast

from lightsail_containers.simulator._clock import (
    AcceleratedClock,
    VirtualClock,
    _check_seconds,
    epoch_seconds,
)
from lightsail_containers.simulator._simulator import (
    _ACCESS_KEY_ID,
    _SECRET_ACCESS_KEY,
    _check_region,
    _shared_loader,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, Mapping

    from aiobotocore.awsrequest import AioAWSResponse
    from aiobotocore.client import AioBaseClient
    from aiobotocore.config import AioConfig
    from botocore.awsrequest import AWSPreparedRequest
    from botocore.compat import HTTPHeaders
    from types_aiobotocore_lightsail import LightsailClient as AioLightsailClient

    from lightsail_containers._async_client import AsyncContainerServiceClient
    from lightsail_containers._polling import PollingPolicy
    from lightsail_containers.simulator._clock import Clock
    from lightsail_containers.simulator._simulator import Simulator


class _AsyncBody:
    """Body of an AioAWSResponse, which aiobotocore reads with ``await raw.read()``.

    ``raw_headers`` mimics aiohttp's response, from which older aiobotocore releases
    (2.13 among them) read the headers.
    """

    def __init__(self, body: bytes, headers: Mapping[str, str]) -> None:
        self._body = body
        self.raw_headers = tuple((name.encode(), value.encode()) for name, value in headers.items())

    async def read(self) -> bytes:
        return self._body


def attach_async(simulator: Simulator, client: AioBaseClient) -> None:
    """Respond to every request of an aiobotocore Lightsail client from ``simulator``.

    The async twin of ``Simulator.attach``: services live per region, and attaching the
    same client twice has no further effect.

    Raises:
        TypeError: The client is not an aiobotocore client; use ``Simulator.attach``
            for a botocore or boto3 client.
        ValueError: The client is not a Lightsail client, or its region has no
            Lightsail endpoint in the botocore model.
    """
    from aiobotocore.awsrequest import AioAWSResponse  # noqa: PLC0415
    from aiobotocore.client import AioBaseClient  # noqa: PLC0415

    if not isinstance(client, AioBaseClient):
        raise TypeError(
            f"attach_async takes an aiobotocore client, got {type(client).__name__}; "
            "use Simulator.attach for a botocore or boto3 client"
        )
    service_name = client.meta.service_model.service_name
    if service_name != "lightsail":
        raise ValueError(
            f"the simulator supports Lightsail clients only, got a {service_name} client"
        )

    region = client.meta.region_name
    _check_region(region)
    transport = simulator.transport

    def send(request: AWSPreparedRequest, **_event: object) -> AioAWSResponse:
        # NOTE: an injected latency fault sleeps on the clock inside this handler, which
        # blocks the event loop for the real time of an AcceleratedClock.
        response = transport.respond(region, request)
        # The transport builds botocore's HTTPHeaders, which its stubs type as a dict.
        headers = cast("HTTPHeaders", response.headers)
        body = _AsyncBody(response.content, response.headers)
        return AioAWSResponse(response.url, response.status_code, headers, body)

    # The stubs type every handler as returning None, but aiobotocore sends no request
    # when a before-send handler returns a response.
    client.meta.events.register(
        "before-send.lightsail",
        cast("Callable[..., None]", send),
        unique_id=f"lightsail-containers-simulator-aio-{id(simulator)}",
    )


@contextlib.asynccontextmanager
async def async_client(
    simulator: Simulator, *, config: AioConfig | None = None, parameter_validation: bool = True
) -> AsyncIterator[AioLightsailClient]:
    """Open an aiobotocore Lightsail client for the simulator's region, attached to it.

    Use it with ``async with``; the client closes when the block ends. As with
    ``Simulator.client``, the client has placeholder credentials and makes a single
    attempt per call, so tests see each error at once.

    Args:
        simulator: The simulator that responds to the client.
        config: Options merged over the simulator's defaults, so its ``retries``, if
            set, replace the single attempt.
        parameter_validation: Whether botocore checks parameters before sending them.
    """
    from aiobotocore.config import AioConfig  # noqa: PLC0415
    from aiobotocore.session import AioSession  # noqa: PLC0415

    defaults = AioConfig(
        retries={"mode": "standard", "total_max_attempts": 1},
        parameter_validation=parameter_validation,
    )
    session = AioSession(session_vars={"profile": (None, None, None, None)})
    session.register_component("data_loader", _shared_loader())
    opened = session.create_client(
        "lightsail",
        region_name=simulator.region,
        aws_access_key_id=_ACCESS_KEY_ID,
        aws_secret_access_key=_SECRET_ACCESS_KEY,
        config=defaults if config is None else defaults.merge(config),
    )
    async with opened as client:
        attach_async(simulator, client)
        yield client


@contextlib.asynccontextmanager
async def async_container_service_client(
    simulator: Simulator,
    *,
    polling: PollingPolicy | None = None,
    retry_timeout_seconds: float = 300.0,
    config: AioConfig | None = None,
) -> AsyncIterator[AsyncContainerServiceClient]:
    """Open an ``AsyncContainerServiceClient`` whose clocks are the simulator's clock.

    This is the async twin of ``Simulator.container_service_client``, for ``async
    with``. The client wraps an aiobotocore client from ``async_client``, which closes
    when the block ends. It measures time, sleeps (with ``async_sleep``), and dates log
    windows and resume tokens on the simulator's clock.

    Args:
        simulator: The simulator that responds to the client.
        polling: The waiters' default polling policy.
        retry_timeout_seconds: How long a call other than a waiter's status call
            repeats after throttling or another transient error, in seconds of the
            simulator's clock.
        config: aiobotocore options for the Lightsail client, as in ``async_client``.
    """
    from lightsail_containers._async_client import AsyncContainerServiceClient  # noqa: PLC0415

    clock = simulator.clock
    async with async_client(simulator, config=config) as lightsail:
        yield AsyncContainerServiceClient(
            lightsail,
            polling=polling,
            clock=clock.monotonic,
            sleep=async_sleep(clock),
            wall_clock=epoch_seconds(clock),
            retry_timeout_seconds=retry_timeout_seconds,
        )


def async_sleep(clock: Clock) -> Callable[[float], Awaitable[None]]:
    """Return an async sleep on ``clock``, for the ``sleep`` of the async client.

    On a ``VirtualClock``, the sleep moves the clock forward and returns at once. Tasks
    that fall asleep in the same step of the event loop each wake at their own time from
    the same start, so concurrent waits share the virtual time rather than adding up
    their delays. On an ``AcceleratedClock`` (or ``RealClock``), it sleeps the real time
    that corresponds; on other clocks, it runs ``clock.sleep`` in a thread.
    """
    if isinstance(clock, VirtualClock):
        return _virtual_sleep(clock)
    if isinstance(clock, AcceleratedClock):
        return _accelerated_sleep(clock)

    async def threaded(seconds: float) -> None:
        await asyncio.to_thread(clock.sleep, seconds)

    return threaded


def _virtual_sleep(clock: VirtualClock) -> Callable[[float], Awaitable[None]]:
    async def sleep(seconds: float) -> None:
        _check_seconds(seconds)
        wake_at = clock.monotonic() + seconds

        # Let the other tasks that fall asleep now read the time before it moves.
        await asyncio.sleep(0)
        behind = wake_at - clock.monotonic()
        if behind > 0:
            clock.advance(behind)

    return sleep


def _accelerated_sleep(clock: AcceleratedClock) -> Callable[[float], Awaitable[None]]:
    async def sleep(seconds: float) -> None:
        _check_seconds(seconds)
        await asyncio.sleep(seconds / clock.factor)

    return sleep
