"""Virtual time that advances only when a caller sleeps or advances it."""

from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta, timezone

DEFAULT_START = datetime(2026, 1, 1, tzinfo=timezone.utc)


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
        if start.utcoffset() is None:
            raise ValueError(
                f"start must be timezone-aware, got the naive datetime {start.isoformat()}"
            )

        self._start = start.astimezone(timezone.utc)
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
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError(f"seconds must be a finite number >= 0, got {seconds!r}")

        with self._lock:
            self._elapsed += seconds
