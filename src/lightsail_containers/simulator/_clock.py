"""Clocks that drive the simulator: virtual time for tests, real or accelerated time for demos."""

from __future__ import annotations

import math
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from collections.abc import Callable

DEFAULT_START = datetime(2026, 1, 1, tzinfo=timezone.utc)


@runtime_checkable
class Clock(Protocol):
    """Time source of the simulator, which every clock of this package implements.

    `now` and `monotonic` read the clock. `sleep` waits for an interval of the clock's
    time, and `advance` moves the clock's time forward without waiting.
    """

    def now(self) -> datetime:
        """Return the current time as a timezone-aware UTC datetime."""
        ...

    def monotonic(self) -> float:
        """Return the seconds elapsed since the clock was created."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait until `seconds` of this clock's time have passed."""
        ...

    def advance(self, seconds: float) -> None:
        """Move the clock's time forward by `seconds` without waiting."""
        ...


class VirtualClock:
    """Clock whose time moves only through `sleep` and `advance`, never by itself.

    Give `sleep`, `now` and `monotonic` to the code under test in place of the real
    ones. A wait of ten minutes then returns at once, and the simulator, which reads
    the same clock, runs the lifecycle steps of those ten minutes.
    """

    def __init__(self, start: datetime = DEFAULT_START) -> None:
        """Create a clock that reads `start` until it is advanced.

        Raises:
            ValueError: `start` is a naive datetime.
        """
        self._start = _utc(start)
        self._elapsed = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Return the current virtual time as a timezone-aware UTC datetime."""
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        """Return the seconds elapsed since the clock was created."""
        with self._lock:
            return self._elapsed

    def sleep(self, seconds: float) -> None:
        """Advance the virtual time by `seconds` and return at once.

        Raises:
            ValueError: `seconds` is negative or not finite, as `time.sleep` rejects it.
        """
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        """Move the virtual time forward by `seconds`.

        Raises:
            ValueError: `seconds` is negative or not finite.
        """
        _check_seconds(seconds)
        with self._lock:
            self._elapsed += seconds


class AcceleratedClock:
    """Clock that runs `factor` times faster than the wall clock, for demos.

    With `factor=60`, one real second is one simulated minute, so a deployment that
    takes 2.5 minutes on AWS finishes in 2.5 seconds. `sleep` waits for the real
    time that corresponds to the requested simulated time.
    """

    def __init__(self, factor: float = 60.0, *, start: datetime | None = None) -> None:
        """Create a clock that starts at `start`, or at the current UTC time by default.

        Raises:
            ValueError: `factor` is not a finite number > 0, or `start` is naive.
        """
        if not math.isfinite(factor) or factor <= 0:
            raise ValueError(f"factor must be a finite number > 0, got {factor!r}")

        self._factor = factor
        self._start = _utc(start) if start is not None else datetime.now(timezone.utc)
        self._origin = time.monotonic()
        self._offset = 0.0
        self._lock = threading.Lock()

    @property
    def factor(self) -> float:
        """Simulated seconds that pass in one real second."""
        return self._factor

    def now(self) -> datetime:
        """Return the current simulated time as a timezone-aware UTC datetime."""
        return self._start + timedelta(seconds=self.monotonic())

    def monotonic(self) -> float:
        """Return the simulated seconds elapsed since the clock was created."""
        with self._lock:
            return (time.monotonic() - self._origin) * self._factor + self._offset

    def sleep(self, seconds: float) -> None:
        """Wait for the real time in which `seconds` of simulated time pass.

        Raises:
            ValueError: `seconds` is negative or not finite.
        """
        _check_seconds(seconds)
        time.sleep(seconds / self._factor)

    def advance(self, seconds: float) -> None:
        """Jump the simulated time forward by `seconds` without waiting.

        Raises:
            ValueError: `seconds` is negative or not finite.
        """
        _check_seconds(seconds)
        with self._lock:
            self._offset += seconds


class RealClock(AcceleratedClock):
    """Clock that follows the wall clock, for a simulator that runs in real time."""

    def __init__(self, *, start: datetime | None = None) -> None:
        """Create a clock that reads the current UTC time, or `start` at creation."""
        super().__init__(1.0, start=start)


def epoch_seconds(clock: Clock) -> Callable[[], float]:
    """Return a function that reads `clock.now()` as seconds since the Unix epoch.

    It is the `wall_clock` that the package's clients take to date log windows and
    resume tokens.
    """

    def read() -> float:
        return clock.now().timestamp()

    return read


def _utc(start: datetime) -> datetime:
    if start.utcoffset() is None:
        raise ValueError(
            f"start must be timezone-aware, got the naive datetime {start.isoformat()}"
        )

    return start.astimezone(timezone.utc)


def _check_seconds(seconds: float) -> None:
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")
