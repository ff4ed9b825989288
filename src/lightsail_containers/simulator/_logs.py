"""Container logs of a service: storage, filter patterns and pages of GetContainerLog."""

from __future__ import annotations

import base64
import binascii
import bisect
import dataclasses
import json
import shlex
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from lightsail_containers.simulator._errors import InvalidInputError

if TYPE_CHECKING:
    from lightsail_containers.simulator._validation import JsonObject

# NOTE: AWS documents no page size for GetContainerLog. 100 events per page is a guess
# that makes pagination visible on short logs.
DEFAULT_PAGE_SIZE = 100
# The oldest events are dropped beyond this many per container, so a long run of the
# simulator keeps a bounded memory, as AWS keeps logs only for a limited time.
MAX_EVENTS_PER_CONTAINER = 10_000


@dataclasses.dataclass(frozen=True)
class LogEvent:
    """One line of a container's log, as GetContainerLog returns it."""

    created_at: datetime
    message: str

    def to_api(self) -> JsonObject:
        """Return the event as a ContainerServiceLogEvent object of the API."""
        return {"createdAt": self.created_at, "message": self.message}


@dataclasses.dataclass(frozen=True)
class LogQuery:
    """The members of a GetContainerLog request, checked and converted."""

    container: str
    start: datetime | None = None
    end: datetime | None = None
    filter_pattern: str = ""
    page_token: str | None = None


class ContainerLogs:
    """Log events of every container that ran on one service, in time order per container.

    Events may be stored ahead of time, with a future `created_at`: a query shows only
    the events created at or before its `now`.
    """

    def __init__(self) -> None:
        """Create an empty log."""
        self._events: dict[str, list[LogEvent]] = {}

    @property
    def containers(self) -> frozenset[str]:
        """Names of the containers that have a log."""
        return frozenset(self._events)

    def add(self, container: str, created_at: datetime, message: str) -> None:
        """Store one event in the log of `container`, in order of `created_at`."""
        events = self._events.setdefault(container, [])
        bisect.insort_right(events, LogEvent(created_at, message), key=_created_at)
        if len(events) > MAX_EVENTS_PER_CONTAINER:
            del events[0]

    def messages(self, container: str, now: datetime) -> list[str]:
        """Return the messages of the events of `container` created by `now`, oldest first."""
        return [
            event.message for event in self._events.get(container, []) if event.created_at <= now
        ]

    def discard_after(self, moment: datetime) -> None:
        """Drop the events created after `moment`, which a stopped activity will never write."""
        for events in self._events.values():
            del events[bisect.bisect_right(events, moment, key=_created_at) :]

    def query(
        self, query: LogQuery, *, now: datetime, page_size: int = DEFAULT_PAGE_SIZE
    ) -> JsonObject:
        """Return one page of GetContainerLog output, oldest event first.

        The page token stores the time of the first page, so later pages show the same
        events even when new ones are written in between.

        Raises:
            InvalidInputError: the page token or the filter pattern is invalid.
        """
        as_of, index = (now, 0) if query.page_token is None else _decode_token(query.page_token)
        matcher = _FilterPattern.parse(query.filter_pattern)
        visible = [
            event
            for event in self._events.get(query.container, [])
            if event.created_at <= as_of
            and (query.start is None or event.created_at >= query.start)
            and (query.end is None or event.created_at <= query.end)
            and matcher.matches(event.message)
        ]

        page = visible[index : index + page_size]
        output: JsonObject = {"logEvents": [event.to_api() for event in page]}
        if index + page_size < len(visible):
            output["nextPageToken"] = _encode_token(as_of, index + page_size)
        return output

    def to_json(self) -> dict[str, list[list[Any]]]:
        """Return the log as JSON data: each container's events as [epoch seconds, message]."""
        return {
            container: [[event.created_at.timestamp(), event.message] for event in events]
            for container, events in self._events.items()
        }

    @classmethod
    def from_json(cls, data: dict[str, list[list[Any]]]) -> ContainerLogs:
        """Rebuild a log from the data of `to_json`."""
        logs = cls()
        for container, events in data.items():
            logs._events[container] = [
                LogEvent(datetime.fromtimestamp(float(seconds), timezone.utc), str(message))
                for seconds, message in events
            ]
        return logs


@dataclasses.dataclass(frozen=True)
class _FilterPattern:
    """A GetContainerLog filter pattern: terms that must, may or must not occur.

    The API reference documents `ERROR` (must occur), `ERROR Exception` (both must
    occur), `-ERROR` (must not occur) and `?ERROR ?Exception` (either occurs). Terms
    match case-sensitively, and double quotes group a phrase with spaces.
    """

    required: tuple[str, ...]
    optional: tuple[str, ...]
    excluded: tuple[str, ...]

    @classmethod
    def parse(cls, pattern: str) -> _FilterPattern:
        try:
            terms = shlex.split(pattern)
        except ValueError as error:
            raise InvalidInputError(f"Invalid filterPattern {pattern!r}: {error}.") from None

        required = tuple(term for term in terms if term[0] not in "-?")
        optional = tuple(term[1:] for term in terms if term.startswith("?") and len(term) > 1)
        excluded = tuple(term[1:] for term in terms if term.startswith("-") and len(term) > 1)
        return cls(required, optional, excluded)

    def matches(self, message: str) -> bool:
        if any(term in message for term in self.excluded):
            return False
        if not all(term in message for term in self.required):
            return False
        return not self.optional or any(term in message for term in self.optional)


def _created_at(event: LogEvent) -> datetime:
    return event.created_at


def _encode_token(as_of: datetime, index: int) -> str:
    payload = json.dumps({"asOf": as_of.timestamp(), "index": index}).encode()
    return base64.urlsafe_b64encode(payload).decode()


def _decode_token(token: str) -> tuple[datetime, int]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(token.encode()))
        as_of = datetime.fromtimestamp(float(payload["asOf"]), timezone.utc)
        index = int(payload["index"])
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise InvalidInputError(f"The pageToken {token!r} is invalid.") from None

    if index < 0:
        raise InvalidInputError(f"The pageToken {token!r} is invalid.")

    return as_of, index
