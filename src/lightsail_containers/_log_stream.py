"""Container log lines as an iterator: every page of GetContainerLog, or new lines as they come."""

from __future__ import annotations

import collections
import logging
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from ._converter import structure
from ._logs import ContainerLogEvent

if TYPE_CHECKING:
    from collections.abc import Generator, Iterable, Iterator, Mapping

logger = logging.getLogger("lightsail_containers.logs")

# A follow poll reads again the lines of this span before the newest line seen. With a
# scale above 1, GetContainerLog merges the logs of several nodes, so a line can appear
# after a newer line of another node.
# NOTE: AWS documents no delay before a line appears. A line that appears only after the
# follow read a line more than this span newer is missed.
FOLLOW_LOOKBACK = timedelta(seconds=15)


def read_pages(
    fetch: Callable[[Mapping[str, Any]], Mapping[str, Any]], request: Mapping[str, Any]
) -> Generator[ContainerLogEvent, None, None]:
    """Yield the lines of every page of one GetContainerLog query, in the order AWS sends them.

    ``fetch`` makes one GetContainerLog call with the given request members.
    """
    token: str | None = None
    while True:
        page = dict(request) if token is None else {**request, "pageToken": token}
        response = fetch(page)
        for event in response.get("logEvents", []):
            yield structure(event, ContainerLogEvent)

        next_token = response.get("nextPageToken")
        # A token equal to the one just sent would repeat the same page forever.
        if not next_token or next_token == token:
            return
        token = next_token


@attrs.define
class _SeenLines:
    """The lines already yielded in the look-back span, counted, so no line repeats.

    Counting, rather than a set, keeps two identical lines of the same second: both
    are yielded once each.
    """

    start: datetime | None
    newest: datetime | None = None
    counts: collections.Counter[tuple[datetime | None, str | None]] = attrs.Factory(
        collections.Counter
    )

    def query_start(self) -> datetime | None:
        """Return the startTime of the next poll."""
        if self.newest is None:
            return self.start

        begin = self.newest - FOLLOW_LOOKBACK
        return begin if self.start is None else max(begin, self.start)

    def unseen(self, events: Iterable[ContainerLogEvent]) -> Iterator[ContainerLogEvent]:
        """Yield the lines of one poll that earlier polls did not yield."""
        fetched: collections.Counter[tuple[datetime | None, str | None]] = collections.Counter()
        for event in events:
            key = (event.created_at, event.message)
            fetched[key] += 1
            if fetched[key] <= self.counts[key]:
                continue

            self.counts[key] += 1
            if event.created_at is not None and (
                self.newest is None or event.created_at > self.newest
            ):
                self.newest = event.created_at
            yield event

    def forget_old(self) -> None:
        """Drop the counts of lines older than the next poll reads."""
        cutoff = self.query_start()
        if cutoff is None:
            return

        for key in [key for key in self.counts if key[0] is not None and key[0] < cutoff]:
            del self.counts[key]


@attrs.frozen
class FollowSchedule:
    """When a follow polls and when it stops.

    Attributes:
        clock: Monotonic time in seconds.
        sleep: Sleeps for a number of seconds.
        poll_interval_seconds: The delay between two polls.
        stop: Called after each poll and each sleep; the follow ends when it returns True.
        deadline: The time on ``clock`` after which the follow ends, after a last poll.
    """

    clock: Callable[[], float]
    sleep: Callable[[float], None]
    poll_interval_seconds: float
    stop: Callable[[], bool] | None = None
    deadline: float | None = None

    def stopped(self) -> bool:
        """Return whether ``stop`` returns True, which ends the follow."""
        return self.stop is not None and self.stop()

    def should_stop(self) -> bool:
        """Return whether the follow ends after the poll that just ran."""
        return self.stopped() or (self.deadline is not None and self.clock() >= self.deadline)

    def wait(self) -> None:
        """Sleep until the next poll, but no later than the deadline."""
        delay = self.poll_interval_seconds
        if self.deadline is not None:
            delay = min(delay, self.deadline - self.clock())
        self.sleep(max(0.0, delay))


def follow(
    fetch: Callable[[Mapping[str, Any]], Mapping[str, Any]],
    request: Mapping[str, Any],
    start: datetime | None,
    schedule: FollowSchedule,
) -> Generator[ContainerLogEvent, None, None]:
    """Yield the lines from ``start`` on, then poll for new lines until the schedule stops.

    ``request`` contains the members of each GetContainerLog call but startTime, which
    each poll sets. A line appears once, even though polls overlap.
    """
    seen = _SeenLines(start)
    polls = 0
    container = request.get("containerName")
    logger.debug("Following the log of container %s", container)
    try:
        while True:
            query = dict(request)
            query_start = seen.query_start()
            if query_start is not None:
                query["startTime"] = query_start

            yield from seen.unseen(read_pages(fetch, query))
            polls += 1
            seen.forget_old()
            if schedule.should_stop():
                return

            schedule.wait()
            if schedule.stopped():
                return
    finally:
        logger.debug("Stopped following the log of container %s after %d polls", container, polls)


def check_follow_options(
    follow: bool,  # noqa: FBT001  # mirrors the keyword of the client method
    end_time: datetime | None,
    poll_interval_seconds: float,
    stop: Callable[[], bool] | None,
    max_duration_seconds: float | None,
) -> None:
    """Raise ValueError unless the options of a log read go together.

    Raises:
        ValueError: ``end_time`` was given with ``follow``, ``stop`` or a maximum
            duration without it, or a duration is not a finite number above 0.
    """
    if not follow:
        if stop is not None or max_duration_seconds is not None:
            raise ValueError("stop and max_duration_seconds apply only with follow=True")
        return

    if end_time is not None:
        raise ValueError("end_time does not apply with follow=True; use max_duration_seconds")
    for name, seconds in (
        ("poll_interval_seconds", poll_interval_seconds),
        ("max_duration_seconds", max_duration_seconds),
    ):
        if seconds is not None and not (_is_seconds(seconds) and seconds > 0):
            raise ValueError(f"{name} must be a finite number greater than 0, got {seconds!r}")


def _is_seconds(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
