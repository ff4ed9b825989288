"""Shared status calls for concurrent async waiters on one client."""

from __future__ import annotations

import asyncio

import pytest

pytest.importorskip("pytest_asyncio", reason="the async tests need pytest-asyncio")

from lightsail_containers import ContainerService, NotFoundError, ServiceError
from lightsail_containers._async_broker import AsyncStatusBroker, grid_delay
from lightsail_containers._converter import structure_service
from lightsail_containers.simulator import VirtualClock

from support import service_dict


class Calls:
    """Fake async status calls that record what was asked, and can pause or fail."""

    def __init__(self) -> None:
        self.log: list[str] = []
        self.release = asyncio.Event()
        self.release.set()
        self.failure: ServiceError | None = None

    async def get_one(self, name: str) -> ContainerService:
        self.log.append(f"get {name}")
        return structure_service(service_dict(name))

    async def list_all(self) -> list[ContainerService]:
        self.log.append("list")
        await self.release.wait()
        if self.failure is not None:
            raise self.failure
        return [structure_service(service_dict("a")), structure_service(service_dict("b"))]


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def broker(calls: Calls, clock: VirtualClock) -> AsyncStatusBroker:
    return AsyncStatusBroker(calls.get_one, calls.list_all, clock.monotonic)


@pytest.mark.asyncio
async def test_lone_waiter_asks_by_name(broker: AsyncStatusBroker, calls: Calls) -> None:
    """One active waiter gets its own service, by name."""
    with broker.waiting():
        service = await broker.fetch("a")

    assert service.container_service_name == "a"
    assert calls.log == ["get a"]


@pytest.mark.asyncio
async def test_concurrent_fetches_make_one_call(broker: AsyncStatusBroker, calls: Calls) -> None:
    """Waiters that poll while a shared call runs await that call instead of their own."""
    calls.release.clear()
    with broker.waiting(), broker.waiting():
        tasks = [asyncio.create_task(broker.fetch(name)) for name in ("a", "b", "a")]
        await asyncio.sleep(0)
        calls.release.set()
        services = await asyncio.gather(*tasks)

    assert [s.container_service_name for s in services] == ["a", "b", "a"]
    assert calls.log == ["list"]
    assert broker.shared_calls == 1


@pytest.mark.asyncio
async def test_fresh_snapshot_reused(
    broker: AsyncStatusBroker, calls: Calls, clock: VirtualClock
) -> None:
    """A shared snapshot serves the waiters that poll within the share window."""
    with broker.waiting(), broker.waiting():
        await broker.fetch("a")
        await broker.fetch("b")
        clock.advance(10)
        await broker.fetch("a")

    assert calls.log == ["list", "list"]


@pytest.mark.asyncio
async def test_shared_error_reaches_every_waiter(broker: AsyncStatusBroker, calls: Calls) -> None:
    """A failed shared call raises its error in each waiter that awaited it, once."""
    calls.release.clear()
    calls.failure = ServiceError("GetContainerServices", "ThrottlingException", "slow down", None)
    with broker.waiting(), broker.waiting():
        tasks = [asyncio.create_task(broker.fetch(name)) for name in ("a", "b")]
        await asyncio.sleep(0)
        calls.release.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)

    assert all(result is calls.failure for result in results)
    assert calls.log == ["list"]


@pytest.mark.asyncio
async def test_cancelled_leader_hands_over(broker: AsyncStatusBroker, calls: Calls) -> None:
    """When the task that makes the shared call is cancelled, a waiting task calls again."""
    calls.release.clear()
    with broker.waiting(), broker.waiting():
        leader = asyncio.create_task(broker.fetch("a"))
        await asyncio.sleep(0)
        follower = asyncio.create_task(broker.fetch("b"))
        await asyncio.sleep(0)

        leader.cancel()
        await asyncio.sleep(0)
        calls.release.set()
        service = await follower

        with pytest.raises(asyncio.CancelledError):
            await leader

    assert service.container_service_name == "b"
    assert calls.log == ["list", "list"]


@pytest.mark.asyncio
async def test_shared_missing_service_not_found(broker: AsyncStatusBroker) -> None:
    """A service missing from the shared list raises NotFoundError."""
    with broker.waiting(), broker.waiting(), pytest.raises(NotFoundError, match="'c'"):
        await broker.fetch("c")


@pytest.mark.asyncio
async def test_waiting_resets_after_last(broker: AsyncStatusBroker, calls: Calls) -> None:
    """After the last waiter leaves, the next lone waiter requests its service by name again."""
    with broker.waiting(), broker.waiting():
        await broker.fetch("a")
    with broker.waiting():
        await broker.fetch("a")

    assert calls.log == ["list", "get a"]
    assert not broker.shared


@pytest.mark.parametrize(
    ("now", "delay", "expected"),
    [
        (0.0, 10.0, 10.0),
        (3.0, 10.0, 7.0),
        (10.0, 10.4, 10.0),
        (10.0, 5.0, 10.0),
        (10.0, 16.0, 20.0),
    ],
)
def test_grid_delay(now: float, delay: float, expected: float) -> None:
    """A delay moves to the nearest grid point after now."""
    assert grid_delay(0.0, now, delay, 10.0) == pytest.approx(expected)


@pytest.mark.asyncio
async def test_lone_waiter_keeps_schedule(broker: AsyncStatusBroker) -> None:
    """Alignment applies only while several waiters run."""
    with broker.waiting():
        assert broker.align(7.3, 10.0) == 7.3
