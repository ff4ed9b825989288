from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

import pytest

from lightsail_containers.simulator import (
    AcceleratedClock,
    Clock,
    RealClock,
    Simulator,
    VirtualClock,
)

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def test_clock_default_start_is_fixed_utc() -> None:
    clock = VirtualClock()

    assert clock.now() == START
    assert clock.now().utcoffset() == timedelta(0)
    assert clock.monotonic() == 0.0


def test_clock_sleep_advances_without_waiting() -> None:
    clock = VirtualClock()
    real_start = time.monotonic()

    clock.sleep(3600)

    assert time.monotonic() - real_start < 1.0
    assert clock.now() == START + timedelta(hours=1)
    assert clock.monotonic() == 3600.0


def test_clock_advance_accumulates() -> None:
    clock = VirtualClock()

    clock.advance(1.5)
    clock.sleep(0)
    clock.advance(2.25)

    assert clock.monotonic() == 3.75
    assert clock.now() == START + timedelta(seconds=3.75)


@pytest.mark.parametrize("seconds", [-1.0, -0.001, math.nan, math.inf])
def test_clock_rejects_invalid_seconds(seconds: float) -> None:
    clock = VirtualClock()

    with pytest.raises(ValueError, match="seconds must be"):
        clock.sleep(seconds)
    with pytest.raises(ValueError, match="seconds must be"):
        clock.advance(seconds)
    assert clock.monotonic() == 0.0


def test_clock_rejects_naive_start() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        VirtualClock(start=datetime(2026, 1, 1))  # noqa: DTZ001 - the naive value under test


def test_clock_converts_start_to_utc() -> None:
    start = datetime(2026, 5, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))

    now = VirtualClock(start=start).now()

    assert now == start
    assert now.tzinfo == timezone.utc
    assert now.hour == 10


def test_accelerated_clock_runs_faster() -> None:
    clock = AcceleratedClock(factor=3600)

    before = clock.monotonic()
    clock.sleep(36)  # 10 ms of real time
    elapsed = clock.monotonic() - before

    assert clock.factor == 3600
    assert 36 <= elapsed < 3600


def test_accelerated_clock_now_follows_monotonic() -> None:
    start = datetime(2030, 5, 1, tzinfo=timezone.utc)
    clock = AcceleratedClock(factor=60, start=start)

    clock.advance(120)

    assert clock.now() - start >= timedelta(seconds=120)
    assert clock.now() - start < timedelta(seconds=180)
    assert clock.monotonic() >= 120


def test_real_clock_reads_wall_time() -> None:
    clock = RealClock()

    now = clock.now()
    wall = datetime.now(timezone.utc)

    assert abs((wall - now).total_seconds()) < 5
    assert now.tzinfo is timezone.utc
    assert 0 <= clock.monotonic() < 5


def test_real_clock_advance_jumps_forward() -> None:
    clock = RealClock(start=datetime(2030, 1, 1, tzinfo=timezone.utc))

    clock.advance(3600)

    assert clock.now() >= datetime(2030, 1, 1, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize("factor", [0, -1, math.inf, math.nan])
def test_accelerated_clock_rejects_invalid_factor(factor: float) -> None:
    with pytest.raises(ValueError, match="factor"):
        AcceleratedClock(factor=factor)


@pytest.mark.parametrize("seconds", [-1, math.inf])
def test_accelerated_clock_rejects_invalid_seconds(seconds: float) -> None:
    clock = AcceleratedClock()

    with pytest.raises(ValueError, match="seconds"):
        clock.sleep(seconds)
    with pytest.raises(ValueError, match="seconds"):
        clock.advance(seconds)


@pytest.mark.parametrize("clock", [VirtualClock(), AcceleratedClock(), RealClock()])
def test_clocks_implement_protocol(clock: Clock) -> None:
    assert isinstance(clock, Clock)


def test_simulator_runs_on_accelerated_clock() -> None:
    clock = AcceleratedClock(factor=2400)
    sim = Simulator(clock=clock)
    client = sim.client()
    client.create_container_service(serviceName="web", power="nano", scale=1)

    clock.sleep(sim.durations.provisioning)  # 0.1 s of real time

    service = client.get_container_services()["containerServices"][0]
    assert service["state"] == "READY"
