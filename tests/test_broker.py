"""Shared status calls for concurrent waiters on one client."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any, cast

import pytest

from lightsail_containers import ContainerServiceClient, NotFoundError, PollingPolicy
from lightsail_containers._broker import StatusBroker
from lightsail_containers._converter import structure_service
from lightsail_containers.simulator import VirtualClock

from support import service_dict

if TYPE_CHECKING:
    from lightsail_containers import ContainerService


class Calls:
    """Fake status calls that record what was asked."""

    def __init__(self) -> None:
        self.log: list[str] = []

    def get_one(self, name: str) -> ContainerService:
        self.log.append(f"get {name}")
        return structure_service(service_dict(name))

    def list_all(self) -> list[ContainerService]:
        self.log.append("list")
        return [structure_service(service_dict("a")), structure_service(service_dict("b"))]


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def broker(calls: Calls, clock: VirtualClock) -> StatusBroker:
    return StatusBroker(calls.get_one, calls.list_all, clock.monotonic)


def test_lone_waiter_asks_by_name(broker: StatusBroker, calls: Calls) -> None:
    """One active waiter gets its own service, by name."""
    with broker.waiting():
        service = broker.fetch("a")

    assert service.container_service_name == "a"
    assert calls.log == ["get a"]


def test_concurrent_waiters_share_one_call(
    broker: StatusBroker, calls: Calls, clock: VirtualClock
) -> None:
    """Waiters that poll at the same time share one call for all services."""
    with broker.waiting(), broker.waiting():
        first = broker.fetch("a")
        second = broker.fetch("b")
        clock.advance(10)
        broker.fetch("a")

    assert first.container_service_name == "a"
    assert second.container_service_name == "b"
    assert calls.log == ["list", "list"]
    assert broker.shared_calls == 2


def test_shared_missing_service_not_found(broker: StatusBroker) -> None:
    """A service missing from the shared list raises NotFoundError."""
    with broker.waiting(), broker.waiting(), pytest.raises(NotFoundError, match="'c'"):
        broker.fetch("c")


@pytest.mark.parametrize(
    ("elapsed", "delay", "expected"),
    [
        (0.0, 10.0, 10.0),
        (3.0, 10.0, 7.0),
        (10.0, 10.4, 10.0),
        (10.0, 5.0, 10.0),
        (10.0, 16.0, 20.0),
    ],
)
def test_align_to_grid(
    broker: StatusBroker, clock: VirtualClock, elapsed: float, delay: float, expected: float
) -> None:
    """Shared polls move to the nearest point of a grid that starts at the first shared poll."""
    with broker.waiting(), broker.waiting():
        broker.fetch("a")
        clock.advance(elapsed)

        assert broker.align(delay, 10.0) == pytest.approx(expected)


def test_lone_waiter_keeps_schedule(broker: StatusBroker) -> None:
    """Alignment applies only while several waiters run."""
    with broker.waiting():
        assert broker.align(7.3, 10.0) == 7.3


class SlowService:
    """A Lightsail stand-in whose services become READY after a real delay."""

    def __init__(self, ready_after: float) -> None:
        self.started = time.monotonic()
        self.ready_after = ready_after
        self.calls: list[str | None] = []
        self.lock = threading.Lock()

    def get_container_services(self, serviceName: str | None = None) -> dict[str, Any]:  # noqa: N803
        with self.lock:
            self.calls.append(serviceName)
        state = "READY" if time.monotonic() - self.started >= self.ready_after else "PENDING"
        names = ["a", "b"] if serviceName is None else [serviceName]
        return {"containerServices": [service_dict(name, state=state) for name in names]}


def test_threads_share_polls() -> None:
    """Two threads waiting on one client make fewer calls than they poll."""
    lightsail = SlowService(ready_after=0.6)
    policy = PollingPolicy(
        timeout_seconds=10, first_delay_seconds=0.1, max_delay_seconds=0.1, jitter_seconds=0
    )
    client = ContainerServiceClient(cast("Any", lightsail), polling=policy)
    attempts: dict[str, int] = {}

    def wait(name: str) -> None:
        waiter = client.service_waiter(name)
        waiter.wait()
        attempts[name] = waiter.attempts

    threads = [threading.Thread(target=wait, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert set(attempts) == {"a", "b"}
    assert len(lightsail.calls) < attempts["a"] + attempts["b"]
    assert None in lightsail.calls
