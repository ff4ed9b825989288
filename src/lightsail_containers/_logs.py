"""Container log events, and the recent lines attached to a failed deployment."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import attrs

from ._converter import structure
from ._errors import LightsailContainersError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping
    from typing import TypeAlias

    from ._models import Deployment

    FetchPage: TypeAlias = Callable[[Mapping[str, Any]], Mapping[str, Any]]

logger = logging.getLogger("lightsail_containers.logs")

# Enough lines to show a crash or a failing health check, few enough for a message.
FAILURE_LOG_LINES = 20
# At most this many GetContainerLog pages per container, so a chatty container cannot
# turn the diagnosis of a failure into a long series of calls.
FAILURE_LOG_PAGES = 5
FAILURE_LOG_WINDOW = timedelta(minutes=30)


@attrs.frozen
class ContainerLogEvent:
    """One line of a container's log."""

    created_at: datetime | None = None
    message: str | None = None

    def format(self) -> str:
        """Return the line as ``2026-01-01T00:00:00+00:00 message``."""
        stamp = "" if self.created_at is None else self.created_at.isoformat()
        return f"{stamp} {self.message or ''}".strip()


def recent_failure_logs(
    fetch_page: FetchPage,
    service_name: str,
    deployment: Deployment,
    now: datetime,
) -> dict[str, tuple[ContainerLogEvent, ...]]:
    """Return the newest log lines of each container of a failed deployment.

    ``fetch_page`` makes one GetContainerLog call with the given request members, as
    the client's retrying reader does. The window is that of ``failure_log_start``.

    Raises:
        LightsailContainersError: A GetContainerLog call failed.
    """
    start = failure_log_start(deployment, now)
    return {
        name: _newest_lines(fetch_page, failure_log_request(service_name, name, start, now))
        for name in sorted(deployment.containers)
    }


def failure_log_start(deployment: Deployment, now: datetime) -> datetime:
    """Return the start of the log lines to attach to a failed deployment.

    It is the deployment's creation, but no earlier than FAILURE_LOG_WINDOW before ``now``.
    """
    start = now - FAILURE_LOG_WINDOW
    if deployment.created_at is not None:
        start = max(start, deployment.created_at)
    return start


def failure_log_request(
    service_name: str, container_name: str, start: datetime, end: datetime
) -> dict[str, Any]:
    """Return the GetContainerLog request members of a failed deployment's log window."""
    return {
        "serviceName": service_name,
        "containerName": container_name,
        "startTime": start,
        "endTime": end,
    }


def newest_failure_lines(
    events: Iterable[ContainerLogEvent], start: datetime
) -> tuple[ContainerLogEvent, ...]:
    """Return the newest FAILURE_LOG_LINES of ``events``, oldest first."""
    ordered = sorted(events, key=lambda event: event.created_at or start)
    return tuple(ordered[-FAILURE_LOG_LINES:])


def parse_log_events(response: Mapping[str, Any]) -> list[ContainerLogEvent]:
    """Return the lines of one GetContainerLog page, in the order AWS sent them."""
    return [structure(event, ContainerLogEvent) for event in response.get("logEvents", [])]


def _newest_lines(
    fetch_page: FetchPage, request: Mapping[str, Any]
) -> tuple[ContainerLogEvent, ...]:
    events: list[ContainerLogEvent] = []
    token: str | None = None

    for _ in range(FAILURE_LOG_PAGES):
        response = fetch_page({**request, "pageToken": token} if token else request)
        events.extend(parse_log_events(response))
        token = response.get("nextPageToken")
        if not token:
            break

    return newest_failure_lines(events, request["startTime"])


def safe_failure_logs(
    fetch_page: FetchPage,
    service_name: str,
    deployment: Deployment,
    now: datetime,
) -> tuple[dict[str, tuple[ContainerLogEvent, ...]] | None, str | None]:
    """Return the failure logs, or ``None`` and the reason they could not be fetched."""
    try:
        return recent_failure_logs(fetch_page, service_name, deployment, now), None
    except LightsailContainersError as error:
        logger.warning("Could not fetch logs of failed deployment of %s: %s", service_name, error)
        return None, str(error)
