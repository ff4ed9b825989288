"""Container log lines for the async client: async iterators, and a failed deployment's lines.

The async twins of ``_log_stream`` and ``_logs``. They share the de-duplication of
overlapping follow polls (``_SeenLines``) and the limits of the failure logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from ._async_retries import AsyncSleep
from ._errors import LightsailContainersError
from ._log_stream import _SeenLines
from ._logs import (
    FAILURE_LOG_PAGES,
    failure_log_request,
    failure_log_start,
    newest_failure_lines,
    parse_log_events,
)

if TYPE_CHECKING:
    from collections.abc import AsyncGenerator, Awaitable, Mapping
    from datetime import datetime

    from ._logs import ContainerLogEvent
    from ._models import Deployment

    LogPageFetch = Callable[[Mapping[str, Any]], Awaitable[Mapping[str, Any]]]

logger = logging.getLogger("lightsail_containers.logs")


async def async_read_pages(
    fetch: LogPageFetch, request: Mapping[str, Any]
) -> AsyncGenerator[ContainerLogEvent, None]:
    """Yield the lines of every page of one GetContainerLog query, in the order AWS sends them.

    ``fetch`` makes one GetContainerLog call with the given request members.
    """
    token: str | None = None
    while True:
        page = dict(request) if token is None else {**request, "pageToken": token}
        response = await fetch(page)
        for event in parse_log_events(response):
            yield event

        next_token = response.get("nextPageToken")
        # A token equal to the one just sent would repeat the same page forever.
        if not next_token or next_token == token:
            return
        token = next_token


@attrs.frozen
class AsyncFollowSchedule:
    """When an async follow polls and when it stops; the twin of ``FollowSchedule``.

    Attributes:
        clock: Monotonic time in seconds.
        sleep: Sleeps for a number of seconds, asynchronously.
        poll_interval_seconds: The delay between two polls.
        stop: Called after each poll and each sleep; the follow ends when it returns True.
        deadline: The time on ``clock`` after which the follow ends, after a last poll.
    """

    clock: Callable[[], float]
    sleep: AsyncSleep
    poll_interval_seconds: float
    stop: Callable[[], bool] | None = None
    deadline: float | None = None

    def stopped(self) -> bool:
        """Return whether ``stop`` returns True, which ends the follow."""
        return self.stop is not None and self.stop()

    def should_stop(self) -> bool:
        """Return whether the follow ends after the poll that just ran."""
        return self.stopped() or (self.deadline is not None and self.clock() >= self.deadline)

    async def wait(self) -> None:
        """Sleep until the next poll, but no later than the deadline."""
        delay = self.poll_interval_seconds
        if self.deadline is not None:
            delay = min(delay, self.deadline - self.clock())
        await self.sleep(max(0.0, delay))


async def async_follow(
    fetch: LogPageFetch,
    request: Mapping[str, Any],
    start: datetime | None,
    schedule: AsyncFollowSchedule,
) -> AsyncGenerator[ContainerLogEvent, None]:
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

            # NOTE: _SeenLines counts the lines of one poll in one pass, so each poll is
            # read whole before its new lines are yielded, unlike the sync follow.
            events = [event async for event in async_read_pages(fetch, query)]
            for event in seen.unseen(events):
                yield event
            polls += 1
            seen.forget_old()
            if schedule.should_stop():
                return

            await schedule.wait()
            if schedule.stopped():
                return
    finally:
        logger.debug("Stopped following the log of container %s after %d polls", container, polls)


async def async_safe_failure_logs(
    fetch: LogPageFetch,
    service_name: str,
    deployment: Deployment,
    now: datetime,
) -> tuple[dict[str, tuple[ContainerLogEvent, ...]] | None, str | None]:
    """Return the newest log lines of each container of a failed deployment.

    ``fetch`` makes one GetContainerLog call, as the client's retrying reader does. The
    window and the limits are those of ``_logs.recent_failure_logs``. Returns ``None``
    and the reason when a GetContainerLog call fails.
    """
    start = failure_log_start(deployment, now)
    logs = {}
    try:
        for name in sorted(deployment.containers):
            request = failure_log_request(service_name, name, start, now)
            logs[name] = await _newest_lines(fetch, request)
    except LightsailContainersError as error:
        logger.warning("Could not fetch logs of failed deployment of %s: %s", service_name, error)
        return None, str(error)

    return logs, None


async def _newest_lines(
    fetch: LogPageFetch, request: Mapping[str, Any]
) -> tuple[ContainerLogEvent, ...]:
    events: list[ContainerLogEvent] = []
    token: str | None = None

    for _ in range(FAILURE_LOG_PAGES):
        response = await fetch({**request, "pageToken": token} if token else request)
        events.extend(parse_log_events(dict(response)))
        token = response.get("nextPageToken")
        if not token:
            break

    return newest_failure_lines(events, request["startTime"])
