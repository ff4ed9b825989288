from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone

import pytest

from lightsail_containers.simulator import VirtualClock

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
