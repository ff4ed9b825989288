"""The simulator under aiobotocore: the adapter, its faults, the async sleep and the client."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone

import pytest

pytest.importorskip("aiobotocore", reason="the async client needs the async extra")
pytest.importorskip("pytest_asyncio", reason="the async tests need pytest-asyncio")

from aiobotocore.config import AioConfig
from aiobotocore.session import AioSession
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from lightsail_containers import (
    Container,
    ContainerServiceState,
    DeploymentFailedError,
    DeploymentRequest,
    EndpointRequest,
    PollingPolicy,
    Power,
    ServiceError,
    WaitTimeoutError,
)
from lightsail_containers.simulator import (
    AcceleratedClock,
    ContainerBehaviour,
    Simulator,
    VirtualClock,
    async_client,
    async_container_service_client,
    async_sleep,
    attach_async,
)

pytestmark = pytest.mark.asyncio


async def test_client_runs_operations() -> None:
    """An attached aiobotocore client gets the simulator's responses, parsed by botocore."""
    sim = Simulator()

    async with async_client(sim) as lightsail:
        created = await lightsail.create_container_service(serviceName="web", power="nano", scale=1)
        listed = await lightsail.get_container_services()

    assert created["containerService"]["state"] == "PENDING"
    assert isinstance(created["containerService"]["createdAt"], datetime)
    assert [s["containerServiceName"] for s in listed["containerServices"]] == ["web"]
    assert sim.calls == ["CreateContainerService", "GetContainerServices"]


async def test_errors_are_client_errors() -> None:
    """An API error of the simulator reaches the caller as botocore's ClientError."""
    sim = Simulator()

    async with async_client(sim) as lightsail:
        with pytest.raises(ClientError) as caught:
            await lightsail.get_container_services(serviceName="missing")

    assert caught.value.response["Error"]["Code"] == "NotFoundException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize(
    ("unreachable", "expected"),
    [(False, ConnectionClosedError), (True, EndpointConnectionError)],
    ids=["closed", "unreachable"],
)
async def test_dropped_connection(unreachable: bool, expected: type[Exception]) -> None:  # noqa: FBT001
    """A dropped connection raises botocore's connection error, as under botocore."""
    sim = Simulator()
    sim.faults.drop_connection("GetContainerServices", unreachable=unreachable, count=1)

    async with async_client(sim) as lightsail:
        with pytest.raises(expected):
            await lightsail.get_container_services()


async def test_throttling_with_retries_config() -> None:
    """A config with more attempts lets aiobotocore retry an injected throttle."""
    sim = Simulator()
    sim.faults.throttle("GetContainerServices", count=1)
    config = AioConfig(retries={"mode": "standard", "total_max_attempts": 2})

    async with async_client(sim, config=config) as lightsail:
        response = await lightsail.get_container_services()

    assert response["containerServices"] == []
    assert sim.calls == ["GetContainerServices", "GetContainerServices"]


async def test_attach_to_client_made_elsewhere() -> None:
    """attach_async serves a Lightsail client from any AioSession, once per simulator."""
    sim = Simulator(region="eu-west-2")
    session = AioSession(session_vars={"profile": (None, None, None, None)})
    opened = session.create_client(
        "lightsail",
        region_name="eu-west-2",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106  # a dummy for the offline client
    )

    async with opened as lightsail:
        attach_async(sim, lightsail)
        attach_async(sim, lightsail)
        await lightsail.get_container_services()

    assert sim.calls == ["GetContainerServices"]


async def test_attach_rejects_other_clients() -> None:
    """A sync client or another service's client is rejected with the reason."""
    sim = Simulator()
    session = AioSession(session_vars={"profile": (None, None, None, None)})

    with pytest.raises(TypeError, match=r"use Simulator\.attach"):
        attach_async(sim, sim.client())  # type: ignore[arg-type]
    async with session.create_client("s3", region_name="us-east-1") as s3:
        with pytest.raises(ValueError, match="Lightsail clients only"):
            attach_async(sim, s3)


async def test_virtual_sleep_advances_clock() -> None:
    """The async sleep of a virtual clock moves it forward and returns at once."""
    clock = VirtualClock()
    sleep = async_sleep(clock)
    started = time.monotonic()

    await sleep(600)

    assert clock.monotonic() == 600
    assert time.monotonic() - started < 1


async def test_concurrent_virtual_sleeps_share_time() -> None:
    """Tasks that fall asleep together each wake at their own time from the same start."""
    clock = VirtualClock()
    sleep = async_sleep(clock)
    woke: dict[str, float] = {}

    async def nap(name: str, seconds: float) -> None:
        await sleep(seconds)
        woke[name] = clock.monotonic()

    await asyncio.gather(nap("short", 10), nap("long", 30), nap("same", 10))

    assert clock.monotonic() == 30
    assert woke["short"] == 10
    assert woke["long"] == 30


async def test_virtual_sleep_rejects_negative() -> None:
    """A negative delay raises ValueError, as the sync sleep of the clock does."""
    with pytest.raises(ValueError, match="seconds must be"):
        await async_sleep(VirtualClock())(-1)


async def test_accelerated_sleep_scales_real_time() -> None:
    """On an accelerated clock, the sleep waits the real time of the simulated delay."""
    clock = AcceleratedClock(factor=1000, start=datetime(2026, 1, 1, tzinfo=timezone.utc))
    started = time.monotonic()

    await async_sleep(clock)(20)

    assert 0.015 <= time.monotonic() - started < 1
    assert clock.monotonic() >= 20


async def test_service_client_waits_on_virtual_time() -> None:
    """The async client's wait of minutes moves the virtual clock and takes no real time."""
    sim = Simulator()
    started = time.monotonic()

    async with async_container_service_client(sim) as client:
        await client.create_service("web", power=Power.NANO, scale=1)
        service = await client.wait_for_service("web")

    assert time.monotonic() - started < 5
    assert service.state is ContainerServiceState.READY
    assert sim.clock.monotonic() >= sim.durations.provisioning


NGINX = DeploymentRequest(
    containers={"web": Container(image="nginx:1.27", ports={"80": "HTTP"})},
    public_endpoint=EndpointRequest("web", 80),
)


def wrong_port_simulator() -> Simulator:
    """Return a simulator on which the NGINX deployment fails its health check."""
    sim = Simulator()
    sim.set_image_behaviour("nginx:1.27", ContainerBehaviour.WRONG_PORT)
    return sim


def assert_carries_logs(error: BaseException) -> None:
    assert isinstance(error, DeploymentFailedError)
    assert error.logs_unavailable is None
    assert error.logs is not None
    assert error.logs["web"]


async def test_service_client_failure_carries_logs() -> None:
    """A failed deployment's error carries the log lines written in virtual time."""
    sim = wrong_port_simulator()

    async with async_container_service_client(sim) as client:
        await client.create_service("web", power=Power.NANO, scale=1, deployment=NGINX)
        with pytest.raises(DeploymentFailedError) as caught:
            await client.wait_for_deployment("web", 1)

    assert_carries_logs(caught.value)


async def test_fleet_failure_carries_logs() -> None:
    """A deployment that fails in a fleet wait carries its containers' log lines too."""
    sim = wrong_port_simulator()

    async with async_container_service_client(sim) as client:
        await client.create_service("web", power=Power.NANO, scale=1, deployment=NGINX)
        result = await client.wait_for_deployments({"web": 1})

    assert_carries_logs(result.errors["web"])


async def test_throttled_log_reads_retried() -> None:
    """Throttled GetContainerLog calls are repeated, so the failure still shows its logs."""
    sim = wrong_port_simulator()
    sim.faults.throttle("GetContainerLog", count=3)

    async with async_container_service_client(sim) as client:
        await client.create_service("web", power=Power.NANO, scale=1, deployment=NGINX)
        with pytest.raises(DeploymentFailedError) as caught:
            await client.wait_for_deployment("web", 1)

    assert_carries_logs(caught.value)


async def test_service_client_passes_polling() -> None:
    """The waiters use the given policy, so a short timeout ends the wait in virtual time."""
    sim = Simulator()
    policy = PollingPolicy(timeout_seconds=60, first_delay_seconds=5, max_delay_seconds=5)

    async with async_container_service_client(sim, polling=policy) as client:
        await client.create_service("web", power=Power.NANO, scale=1)
        with pytest.raises(WaitTimeoutError):
            await client.wait_for_service("web")

    assert client.polling is policy
    assert 60 <= sim.clock.monotonic() < sim.durations.provisioning


async def test_service_client_passes_retry_timeout() -> None:
    """Calls stop repeating after throttling once the given time of the clock has passed."""
    sim = Simulator()
    sim.faults.throttle("GetContainerServiceDeployments", duration=120)

    async with async_container_service_client(sim, retry_timeout_seconds=30) as client:
        await client.create_service("web", power=Power.NANO, scale=1)
        with pytest.raises(ServiceError) as caught:
            await client.list_deployments("web")

    assert client.retry_timeout_seconds == 30
    assert caught.value.code == "ThrottlingException"
    assert 0 < sim.clock.monotonic() < 120


async def test_service_client_passes_config() -> None:
    """The aiobotocore config reaches the Lightsail client, over the simulator's defaults."""
    sim = Simulator(region="eu-west-2")

    async with async_container_service_client(sim, config=AioConfig(read_timeout=7)) as client:
        # botocore-stubs declare no attributes of Config, which sets them from its options.
        settings = vars(client.lightsail.meta.config)
        region = client.lightsail.meta.region_name

    assert settings["read_timeout"] == 7
    assert settings["retries"] == {"mode": "standard", "total_max_attempts": 1}
    assert region == "eu-west-2"
