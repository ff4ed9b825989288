"""Async waiters against the embedded simulator: lifecycles, cancellation and concurrency."""

from __future__ import annotations

import asyncio
import sys
from typing import TYPE_CHECKING

import pytest

pytest.importorskip("aiobotocore", reason="the async client needs the async extra")
pytest.importorskip("pytest_asyncio", reason="the async tests need pytest-asyncio")

import pytest_asyncio

from lightsail_containers import (
    ContainerServiceClient,
    ContainerServiceState,
    DeploymentFailedError,
    DeploymentState,
    PollingPolicy,
    Power,
    StateDetailCode,
    TerminalStateDetailError,
    Transition,
    WaitTimeoutError,
)
from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock

from async_support import BlockingSleep, nginx, other_tasks, simulated_client

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from lightsail_containers._async_client import AsyncContainerServiceClient

pytestmark = pytest.mark.asyncio


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


@pytest_asyncio.fixture
async def client(sim: Simulator, clock: VirtualClock) -> AsyncIterator[AsyncContainerServiceClient]:
    async with simulated_client(sim, clock) as opened:
        yield opened


async def test_created_service_becomes_ready(client: AsyncContainerServiceClient) -> None:
    """A new service goes through every provisioning stateDetail code to READY."""
    transitions: list[Transition] = []
    await client.create_service("web", power=Power.NANO, scale=1)

    service = await client.wait_for_service("web", on_transition=transitions.append)

    assert service.state is ContainerServiceState.READY
    codes = [t.state_detail.code for t in transitions if t.state_detail is not None]
    assert codes == [
        StateDetailCode.CREATING_SYSTEM_RESOURCES,
        StateDetailCode.CREATING_NETWORK_INFRASTRUCTURE,
        StateDetailCode.PROVISIONING_CERTIFICATE,
        StateDetailCode.PROVISIONING_SERVICE,
    ]


async def test_second_deployment_replaces_first(client: AsyncContainerServiceClient) -> None:
    """A new version becomes current; the waiter follows the newest version by default."""
    await client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    await client.wait_for_deployment("web", 1)
    await client.create_deployment("web", nginx("nginx:1.27"))

    service = await client.wait_for_deployment("web")

    assert service.current_deployment is not None
    assert service.current_deployment.version == 2
    assert service.current_deployment.state is DeploymentState.ACTIVE
    assert service.current_deployment.containers["web"].image == "nginx:1.27"


async def test_failed_deployment_raises_with_logs(
    client: AsyncContainerServiceClient, sim: Simulator
) -> None:
    """A crashing deployment raises, with the container's log lines, though RUNNING goes on."""
    await client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    await client.wait_for_deployment("web", 1)
    sim.set_image_behaviour("nginx:broken", ContainerBehaviour.CRASHING)
    await client.create_deployment("web", nginx("nginx:broken"))

    with pytest.raises(DeploymentFailedError) as caught:
        await client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert caught.value.last is not None
    assert caught.value.last.state is ContainerServiceState.RUNNING
    assert caught.value.logs is not None
    assert caught.value.logs["web"]


async def test_certificate_limit_fails_fast(
    client: AsyncContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """CERTIFICATE_LIMIT_EXCEEDED ends the wait at the first poll that shows it."""
    await client.create_service("web", power=Power.NANO, scale=1)
    sim.inject_state_detail("web", StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED)
    started = clock.monotonic()

    with pytest.raises(TerminalStateDetailError) as caught:
        await client.wait_for_service("web")

    assert caught.value.attempts == 1
    assert clock.monotonic() == started


async def test_timeout_on_simulator(client: AsyncContainerServiceClient, sim: Simulator) -> None:
    """A wait shorter than provisioning times out at the deadline, one call per poll."""
    policy = PollingPolicy(timeout_seconds=60, first_delay_seconds=5, max_delay_seconds=10)
    await client.create_service("web", power=Power.NANO, scale=1)
    calls_before = len(sim.calls)

    with pytest.raises(WaitTimeoutError) as caught:
        await client.wait_for_service("web", polling=policy)

    assert caught.value.elapsed_seconds == 60
    assert len(sim.calls) - calls_before == caught.value.attempts


async def test_throttled_polls_retried(client: AsyncContainerServiceClient, sim: Simulator) -> None:
    """Throttling of status calls, injected by the simulator, does not end the wait."""
    await client.create_service("web", power=Power.NANO, scale=1)
    sim.faults.throttle("GetContainerServices", count=3)

    service = await client.wait_for_service("web")

    assert service.state is ContainerServiceState.READY
    assert sim.faults.faults[0].triggered == 3


async def test_deletion_and_update(client: AsyncContainerServiceClient) -> None:
    """An update and a deletion are each awaited to their end."""
    await client.create_service("web", power=Power.NANO, scale=1)
    await client.wait_for_service("web")

    await client.update_service("web", power=Power.MICRO, scale=2)
    updated = await client.wait_for_update("web", power=Power.MICRO, scale=2)
    await client.delete_service("web")
    await client.wait_for_deletion("web")

    assert updated.scale == 2
    assert await client.list_services() == ()


async def test_cancel_mid_sleep_stops_polling(sim: Simulator, clock: VirtualClock) -> None:
    """A wait cancelled while it sleeps makes no further call and leaves no task running."""
    sleep = BlockingSleep()
    async with simulated_client(sim, clock, sleep=sleep) as client:
        await client.create_service("web", power=Power.NANO, scale=1)
        task = asyncio.create_task(client.wait_for_service("web"))
        await sleep.sleeping.wait()
        calls = len(sim.calls)

        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        clock.advance(3600)
        for _ in range(5):
            await asyncio.sleep(0)

        assert len(sim.calls) == calls
        assert sleep.sleeps == [pytest.approx(10, abs=0.5)]
        assert other_tasks() == set()
        assert not client._broker.shared


async def test_wait_for_bounds_wait(sim: Simulator, clock: VirtualClock) -> None:
    """asyncio.wait_for ends a wait that sleeps past its timeout, and stops its polls."""
    sleep = BlockingSleep()
    async with simulated_client(sim, clock, sleep=sleep) as client:
        await client.create_service("web", power=Power.NANO, scale=1)

        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.wait_for_service("web"), timeout=0.05)
        calls = len(sim.calls)
        await asyncio.sleep(0.01)

        assert len(sim.calls) == calls
        assert other_tasks() == set()


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.timeout is new in Python 3.11")
async def test_timeout_context_bounds_wait(sim: Simulator, clock: VirtualClock) -> None:
    """asyncio.timeout ends a wait in the middle of a sleep with TimeoutError."""
    sleep = BlockingSleep()
    async with simulated_client(sim, clock, sleep=sleep) as client:
        await client.create_service("web", power=Power.NANO, scale=1)

        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.05):
                await client.wait_for_service("web")

        assert sleep.sleeps
        assert other_tasks() == set()


async def test_concurrent_waits_share_polls(
    client: AsyncContainerServiceClient, sim: Simulator
) -> None:
    """Waits gathered on one client share one GetContainerServices call per poll."""
    names = ["api", "web", "worker"]
    for name in names:
        await client.create_service(name, power=Power.NANO, scale=1)
    waiters = [client.service_waiter(name) for name in names]
    calls_before = len(sim.calls)

    services = await asyncio.gather(*(waiter.wait() for waiter in waiters))

    assert all(s is not None and s.state is ContainerServiceState.READY for s in services)
    calls = len(sim.calls) - calls_before
    attempts = sum(waiter.attempts for waiter in waiters)
    assert client._broker.shared_calls > 0
    assert calls < attempts / 2


async def test_fleet_wait_on_simulator(client: AsyncContainerServiceClient, sim: Simulator) -> None:
    """A fleet wait makes one call per poll for all services."""
    for name in ("api", "web"):
        await client.create_service(name, power=Power.NANO, scale=1, deployment=nginx())
    calls_before = len(sim.calls)
    polls: list[int] = []

    result = await client.wait_for_deployments(
        {"api": 1, "web": 1}, on_poll=lambda event: polls.append(event.attempt)
    )

    assert result.ok
    assert len(sim.calls) - calls_before == max(polls)


async def test_sync_and_async_share_simulator(
    client: AsyncContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """A service created by the async client is awaited by a sync client on the same clock."""
    await client.create_service("web", power=Power.NANO, scale=1)
    sync_client = ContainerServiceClient(sim.client(), clock=clock.monotonic, sleep=clock.sleep)

    service = sync_client.wait_for_service("web")

    assert service.state is ContainerServiceState.READY
    assert (await client.get_service("web")).state is ContainerServiceState.READY
