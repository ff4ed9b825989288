"""Shared status calls for waiters that run at the same time on one client.

While one waiter runs, it requests its own service. When several run at once (threads
of a deploy script, each waiting on its own service), they poll on a common grid of
times and share one GetContainerServices call for all services per poll.
"""

from __future__ import annotations

import math
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple

from ._errors import NotFoundError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from ._models import ContainerService

# Waiters that wake within this many seconds of a shared call use its result. It
# covers thread scheduling delays, and is far below any polling interval.
SHARE_WINDOW_SECONDS = 1.0


class Snapshot(NamedTuple):
    """The services of one shared GetContainerServices call, by name."""

    taken_at: float
    services: dict[str, ContainerService]


class StatusBroker:
    """Coalesces the status calls of concurrent waiters on one client."""

    def __init__(
        self,
        get_one: Callable[[str], ContainerService],
        list_all: Callable[[], Sequence[ContainerService]],
        clock: Callable[[], float],
    ) -> None:
        """Use ``get_one`` for a lone waiter and ``list_all`` for shared polls."""
        self._get_one = get_one
        self._list_all = list_all
        self._clock = clock
        self._lock = threading.Lock()
        self._active = 0
        self._anchor: float | None = None
        self._snapshot: Snapshot | None = None
        self._in_flight: threading.Event | None = None
        self.shared_calls = 0

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Count a waiter as active for the duration of the block."""
        with self._lock:
            self._active += 1
        try:
            yield
        finally:
            with self._lock:
                self._active -= 1
                if self._active == 0:
                    self._anchor = None
                    self._snapshot = None

    @property
    def shared(self) -> bool:
        """Whether more than one waiter is active, so polls are shared."""
        return self._active > 1

    def align(self, delay: float, period: float) -> float:
        """Return ``delay``, moved so that the next poll falls on the shared grid.

        The grid has one point every ``period`` seconds from the first shared poll, and
        the poll moves to the grid point nearest to its own time, but never to now or
        earlier. A lone waiter keeps its own schedule.
        """
        anchor = self._anchor
        if not self.shared or anchor is None:
            return delay

        now = self._clock()
        tick = anchor + round((now + delay - anchor) / period) * period
        if tick <= now:
            tick += period * math.ceil((now - tick) / period + 1e-9)

        return tick - now

    def fetch(self, service_name: str) -> ContainerService:
        """Return a fresh snapshot of one service, from a shared call when others wait too.

        Raises:
            NotFoundError: The service is not in the Region.
        """
        if not self.shared:
            return self._get_one(service_name)

        snapshot = self._shared_snapshot()
        service = snapshot.services.get(service_name)
        if service is None:
            raise NotFoundError(
                "GetContainerServices",
                "EmptyResult",
                f"no container service named {service_name!r} in the response",
                None,
            )

        return service

    def _shared_snapshot(self) -> Snapshot:
        while True:
            with self._lock:
                fresh = self._snapshot
                if fresh is not None and self._clock() - fresh.taken_at <= SHARE_WINDOW_SECONDS:
                    return fresh
                if self._in_flight is None:
                    self._in_flight = threading.Event()
                    break
                in_flight = self._in_flight

            in_flight.wait()

        return self._lead_call()

    def _lead_call(self) -> Snapshot:
        try:
            services = self._list_all()
            snapshot = Snapshot(
                self._clock(), {s.container_service_name or "": s for s in services}
            )
            with self._lock:
                self._snapshot = snapshot
                self.shared_calls += 1
                if self._anchor is None:
                    self._anchor = snapshot.taken_at
            return snapshot
        finally:
            with self._lock:
                event, self._in_flight = self._in_flight, None
            if event is not None:
                event.set()
