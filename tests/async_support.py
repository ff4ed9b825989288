"""Helpers of the async tests: aiobotocore clients on the simulator or on AioStubber, and sleeps.

Only the test modules that skip without aiobotocore import this module.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from aiobotocore.session import AioSession
from aiobotocore.stub import AioStubber

from lightsail_containers import (
    Container,
    DeploymentRequest,
    EndpointRequest,
    PollingPolicy,
)
from lightsail_containers._async_client import AsyncContainerServiceClient
from lightsail_containers.simulator import async_client, async_sleep

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from types_aiobotocore_lightsail import LightsailClient as AioLightsailClient

    from lightsail_containers.simulator import Simulator, VirtualClock

NO_JITTER = PollingPolicy(
    timeout_seconds=600, first_delay_seconds=5, max_delay_seconds=30, jitter_seconds=0
)


def nginx(image: str = "nginx:latest") -> DeploymentRequest:
    """Return a deployment of one public container of ``image`` on port 80."""
    return DeploymentRequest(
        containers={"web": Container(image=image, ports={"80": "HTTP"})},
        public_endpoint=EndpointRequest("web", 80),
    )


class RecordingSleep:
    """An async sleep that records each delay and advances a virtual clock by it."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)
        await asyncio.sleep(0)


class BlockingSleep:
    """An async sleep that never returns, so a test can cancel a wait in the middle of it."""

    def __init__(self) -> None:
        self.sleeping = asyncio.Event()
        self.sleeps: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.sleeping.set()
        await asyncio.Event().wait()


@contextlib.asynccontextmanager
async def stubbed_lightsail() -> AsyncIterator[tuple[AioLightsailClient, AioStubber]]:
    """Open an aiobotocore Lightsail client under AioStubber, with dummy credentials.

    Every queued response must have been used when the block ends.
    """
    session = AioSession(session_vars={"profile": (None, None, None, None)})
    opened = session.create_client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106  # a dummy for the offline client
    )
    async with opened as lightsail:
        with AioStubber(lightsail) as stubber:
            yield lightsail, stubber
            stubber.assert_no_pending_responses()


@contextlib.asynccontextmanager
async def simulated_client(
    sim: Simulator, clock: VirtualClock, **options: Any
) -> AsyncIterator[AsyncContainerServiceClient]:
    """Open an async client on the simulator, with its virtual clock for every time source.

    ``options`` go to AsyncContainerServiceClient and replace the defaults.
    """
    settings: dict[str, Any] = {
        "clock": clock.monotonic,
        "sleep": async_sleep(clock),
        "wall_clock": lambda: clock.now().timestamp(),
        **options,
    }
    async with async_client(sim) as lightsail:
        yield AsyncContainerServiceClient(lightsail, **settings)


def queue(stubber: AioStubber, *services: dict[str, Any]) -> None:
    """Queue one GetContainerServices response per snapshot, in order."""
    for service in services:
        stubber.add_response(
            "get_container_services",
            {"containerServices": [service]},
            {"serviceName": service["containerServiceName"]},
        )


def queue_error(
    stubber: AioStubber, operation: str, code: str, message: str, status: int = 400
) -> None:
    """Queue one error response of ``operation``."""
    stubber.add_client_error(
        operation, service_error_code=code, service_message=message, http_status_code=status
    )


def other_tasks() -> set[asyncio.Task[Any]]:
    """Return the tasks of the running loop other than the current one."""
    return asyncio.all_tasks() - {asyncio.current_task()}
