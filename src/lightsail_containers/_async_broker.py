"""Shared status calls for async waiters that run at the same time on one client.

The async twin of ``_broker``. A lone waiter requests its own service. While several
run (tasks of ``asyncio.gather``, each waiting on its own service), they poll on a
common grid of times and share one GetContainerServices call for all services per
poll. One task makes the shared call, and the others await its outcome, error
included, so that a throttled call is not repeated by every waiter at once.
"""

from __future__ import annotations

import asyncio
import math
from contextlib import contextmanager
from typing import TYPE_CHECKING

import attrs

from ._broker import SHARE_WINDOW_SECONDS, Snapshot
from ._errors import NotFoundError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterator, Sequence

    from ._models import ContainerService


@attrs.define
class _Flight:
    """One shared call in progress, and its outcome once it ends."""

    done: asyncio.Event = attrs.Factory(asyncio.Event)
    snapshot: Snapshot | None = None
    error: Exception | None = None


def grid_delay(anchor: float, now: float, delay: float, period: float) -> float:
    """Return ``delay``, moved so that ``now + delay`` falls on the grid nearest to it.

    The grid has one point every ``period`` seconds from ``anchor``. The result is
    never zero or less: a poll moves to a later point instead.
    """
    tick = anchor + round((now + delay - anchor) / period) * period
    if tick <= now:
        tick += period * math.ceil((now - tick) / period + 1e-9)

    return tick - now


class AsyncStatusBroker:
    """Coalesces the status calls of concurrent async waiters on one client.

    All its waiters run on one event loop, so its counters need no lock.
    """

    def __init__(
        self,
        get_one: Callable[[str], Awaitable[ContainerService]],
        list_all: Callable[[], Awaitable[Sequence[ContainerService]]],
        clock: Callable[[], float],
    ) -> None:
        """Use ``get_one`` for a lone waiter and ``list_all`` for shared polls."""
        self._get_one = get_one
        self._list_all = list_all
        self._clock = clock
        self._active = 0
        self._anchor: float | None = None
        self._snapshot: Snapshot | None = None
        self._in_flight: _Flight | None = None
        self.shared_calls = 0

    @contextmanager
    def waiting(self) -> Iterator[None]:
        """Count a waiter as active for the duration of the block."""
        self._active += 1
        try:
            yield
        finally:
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

        The grid starts at the first shared poll; see ``grid_delay``. A lone waiter
        keeps its own schedule.
        """
        if not self.shared or self._anchor is None:
            return delay

        return grid_delay(self._anchor, self._clock(), delay, period)

    async def fetch(self, service_name: str) -> ContainerService:
        """Return a fresh snapshot of one service, from a shared call when others wait too.

        Raises:
            NotFoundError: The service is not in the Region.
            LightsailContainersError: The status call failed; every waiter that shared
                it gets the same error.
        """
        if not self.shared:
            return await self._get_one(service_name)

        snapshot = await self._shared_snapshot()
        service = snapshot.services.get(service_name)
        if service is None:
            raise NotFoundError(
                "GetContainerServices",
                "EmptyResult",
                f"no container service named {service_name!r} in the response",
                None,
            )

        return service

    async def _shared_snapshot(self) -> Snapshot:
        while True:
            fresh = self._snapshot
            if fresh is not None and self._clock() - fresh.taken_at <= SHARE_WINDOW_SECONDS:
                return fresh

            flight = self._in_flight
            if flight is None:
                return await self._lead_call()

            await flight.done.wait()
            if flight.error is not None:
                raise flight.error
            # Without a snapshot or an error, the task that made the call was
            # cancelled, so another waiter makes the call again.

    async def _lead_call(self) -> Snapshot:
        flight = _Flight()
        self._in_flight = flight
        try:
            services = await self._list_all()
        except Exception as error:
            flight.error = error
            raise
        else:
            flight.snapshot = self._keep(services)
            return flight.snapshot
        finally:
            self._in_flight = None
            flight.done.set()

    def _keep(self, services: Sequence[ContainerService]) -> Snapshot:
        snapshot = Snapshot(self._clock(), {s.container_service_name or "": s for s in services})
        self._snapshot = snapshot
        self.shared_calls += 1
        if self._anchor is None:
            self._anchor = snapshot.taken_at

        return snapshot
