"""Container logs on the async client: every page, and the follow mode as an async iterator."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

pytest.importorskip("aiobotocore", reason="the async client needs the async extra")
pytest.importorskip("pytest_asyncio", reason="the async tests need pytest-asyncio")

import pytest_asyncio

from lightsail_containers import ContainerLogEvent, NotFoundError, Power, ValidationError
from lightsail_containers._async_client import AsyncContainerServiceClient
from lightsail_containers._log_stream import FOLLOW_LOOKBACK
from lightsail_containers.simulator import Simulator, VirtualClock

from async_support import (
    BlockingSleep,
    RecordingSleep,
    nginx,
    other_tasks,
    simulated_client,
    stubbed_lightsail,
)

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from aiobotocore.stub import AioStubber

pytestmark = pytest.mark.asyncio

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    # Small pages, so that every test of the simulator reads several of them.
    return Simulator(clock=clock, log_page_size=3)


@pytest_asyncio.fixture
async def client(sim: Simulator, clock: VirtualClock) -> AsyncIterator[AsyncContainerServiceClient]:
    async with simulated_client(sim, clock) as opened:
        yield opened


@pytest_asyncio.fixture
async def stubbed(
    clock: VirtualClock,
) -> AsyncIterator[tuple[AsyncContainerServiceClient, AioStubber]]:
    async with stubbed_lightsail() as (lightsail, stubber):
        client = AsyncContainerServiceClient(
            lightsail, clock=clock.monotonic, sleep=RecordingSleep(clock)
        )
        yield client, stubber


async def deployed(client: AsyncContainerServiceClient) -> None:
    await client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    await client.wait_for_deployment("web", 1)


def event(seconds: float, message: str) -> dict[str, Any]:
    return {"createdAt": T0 + timedelta(seconds=seconds), "message": message}


def add_page(stubber: AioStubber, events: list[dict[str, Any]], expected: dict[str, Any]) -> None:
    stubber.add_response(
        "get_container_log", {"logEvents": events}, {"serviceName": "web", **expected}
    )


async def test_reads_every_page(client: AsyncContainerServiceClient, sim: Simulator) -> None:
    """Without follow, the iterator yields the lines of every page, then ends."""
    await deployed(client)

    events = [item async for item in client.container_logs("web", "web")]

    assert all(isinstance(item, ContainerLogEvent) for item in events)
    assert [item.message for item in events] == sim.container_log("web", "web")
    assert sim.calls.count("GetContainerLog") == -(-len(events) // 3)


async def test_container_that_never_ran(client: AsyncContainerServiceClient) -> None:
    """A container that never ran on the service raises NotFoundError while iterating."""
    await deployed(client)

    with pytest.raises(NotFoundError):
        _ = [item async for item in client.container_logs("web", "worker")]


async def test_checked_before_iteration(
    client: AsyncContainerServiceClient, sim: Simulator
) -> None:
    """Bad parameters raise at the call, and a valid call sends nothing until iterated."""
    with pytest.raises(ValidationError, match="containerName"):
        client.container_logs("web", "Bad Name")
    with pytest.raises(ValueError, match="only with follow=True"):
        client.container_logs("web", "web", max_duration_seconds=5)

    client.container_logs("web", "web")

    assert "GetContainerLog" not in sim.calls


async def test_follow_yields_new_lines_once(
    client: AsyncContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """Lines written while the follow polls appear once each, until the max duration."""
    await client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    clock.advance(sim.durations.provisioning)

    stream = client.container_logs(
        "web", "web", follow=True, poll_interval_seconds=20, max_duration_seconds=600
    )
    events = [item async for item in stream]

    messages = [item.message for item in events]
    assert messages == sim.container_log("web", "web")
    assert any("Reached a steady state" in (message or "") for message in messages)
    assert clock.monotonic() == pytest.approx(sim.durations.provisioning + 600)


async def test_follow_ends_when_caller_stops(
    client: AsyncContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """Closing the iterator ends the follow: no call follows."""
    await deployed(client)

    async with contextlib.aclosing(client.container_logs("web", "web", follow=True)) as stream:
        first = await anext(stream)
    calls = sim.calls.count("GetContainerLog")
    clock.advance(600)

    assert first.message == sim.container_log("web", "web")[0]
    assert sim.calls.count("GetContainerLog") == calls


async def test_follow_cancelled_mid_sleep(sim: Simulator, clock: VirtualClock) -> None:
    """A task that follows a log stops at once when cancelled in its sleep."""
    sleep = BlockingSleep()
    async with simulated_client(sim, clock) as setup:
        await deployed(setup)
    async with simulated_client(sim, clock, sleep=sleep) as client:
        seen: list[ContainerLogEvent] = []

        async def follow() -> None:
            async for item in client.container_logs("web", "web", follow=True):
                seen.append(item)  # noqa: PERF401  # the test reads the list while it fills

        task = asyncio.create_task(follow())
        await sleep.sleeping.wait()
        calls = sim.calls.count("GetContainerLog")
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

        assert seen
        assert sim.calls.count("GetContainerLog") == calls
        assert other_tasks() == set()


async def test_follow_overlaps_polls_without_repeats(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], clock: VirtualClock
) -> None:
    """Polls read again the look-back span; repeated lines are dropped, late ones kept."""
    client, stubber = stubbed
    first = [event(0, "start"), event(10, "same"), event(10, "same")]
    add_page(stubber, first, {"containerName": "web", "startTime": T0})
    second = [*first, event(5, "late line of another node"), event(20, "new")]
    add_page(stubber, second, {"containerName": "web", "startTime": T0})
    third = [event(10, "same"), event(10, "same"), event(20, "new"), event(30, "newer")]
    add_page(
        stubber,
        third,
        {"containerName": "web", "startTime": T0 + timedelta(seconds=20) - FOLLOW_LOOKBACK},
    )

    stream = client.container_logs(
        "web", "web", start_time=T0, follow=True, poll_interval_seconds=10, max_duration_seconds=20
    )
    events = [item async for item in stream]

    assert [item.message for item in events] == [
        "start",
        "same",
        "same",
        "late line of another node",
        "new",
        "newer",
    ]
    assert clock.monotonic() == 20


async def test_follow_stops_when_asked(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], clock: VirtualClock
) -> None:
    """``stop`` is read after each poll and each sleep."""
    client, stubber = stubbed
    add_page(stubber, [event(0, "one")], {"containerName": "web"})
    add_page(
        stubber,
        [event(0, "one"), event(1, "two")],
        {"containerName": "web", "startTime": T0 - FOLLOW_LOOKBACK},
    )
    seen: list[ContainerLogEvent] = []

    stream = client.container_logs(
        "web", "web", follow=True, stop=lambda: len(seen) >= 2, poll_interval_seconds=5
    )
    async for item in stream:
        seen.append(item)  # noqa: PERF401  # stop reads the list while the loop fills it

    assert [item.message for item in seen] == ["one", "two"]
    assert clock.monotonic() == 5
