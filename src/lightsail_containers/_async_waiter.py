"""The asyncio polling drivers behind the async client's waiters.

They follow the sync drivers of ``_waiter`` step by step: the targets of ``_decisions``
decide, ``_Progress`` and ``_wait_outcomes`` record each poll and raise, and the
policies, transitions, poll events and tokens are the same classes. tenacity's
AsyncRetrying schedules the polls with an injectable async sleep.

A wait is a coroutine, so asyncio's cancellation stops it: a cancelled wait raises
CancelledError from its sleep or its status call, and starts no other call.
``asyncio.timeout`` and ``asyncio.wait_for`` work the same way.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import attrs
import tenacity

from ._async_retries import AsyncSleep, async_call_with_retries
from ._errors import DeploymentFailedError, LightsailContainersError, NotFoundError
from ._polling import PollingPolicy
from ._retries import is_transient
from ._wait_outcomes import FleetBook, settle_snapshot
from ._waiter import (
    FleetResult,
    PollCallback,
    PollEvent,
    Transition,
    TransitionCallback,
    WaitToken,
    _Progress,
    _Timing,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Mapping, Sequence

    from ._async_broker import AsyncStatusBroker
    from ._decisions import Target
    from ._errors import WaitError
    from ._models import ContainerService

_T = TypeVar("_T")


@attrs.define
class _AsyncSchedule:
    """The polling settings shared by single and fleet waits."""

    policy: PollingPolicy
    clock: _Timing
    sleep: AsyncSleep
    on_poll: PollCallback | None
    align: Callable[[float, float], float] | None = None

    async def run(
        self, step: Callable[[], Awaitable[bool]], report: Callable[[float | None], None]
    ) -> bool:
        """Await ``step`` until it returns True; return False if the deadline comes first.

        ``report`` receives the delay before the next call, or ``None`` after the last.
        """
        deadline = self.clock.monotonic_deadline()
        backoff = self.policy.backoff()

        def next_delay(state: tenacity.RetryCallState) -> float:
            delay = backoff(state)
            if self.align is not None:
                delay = self.align(delay, self.policy.max_delay_seconds)

            # Sleep no further than the deadline, so the last poll happens right at it.
            return max(0.0, min(delay, deadline - self.clock.monotonic()))

        async def attempt() -> bool:
            return await step()

        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_result(lambda finished: not finished),
            stop=lambda _: self.clock.monotonic() >= deadline,
            wait=next_delay,
            sleep=self.sleep,
            before_sleep=lambda state: report(state.next_action.sleep if state.next_action else 0),
            reraise=True,
        )
        try:
            finished: bool = await retrying(attempt)
        except tenacity.RetryError:
            report(None)
            return False

        report(None)
        return finished

    async def fetch(
        self, call: Callable[[], Awaitable[_T]], service_name: str, attempts: Callable[[], int]
    ) -> _T:
        """Make one status call, retrying transient errors until the deadline."""

        def on_retry(error: LightsailContainersError, delay: float) -> None:
            if self.on_poll is not None:
                event = PollEvent(
                    service_name, attempts(), self.clock.elapsed(), None, error, delay
                )
                self.on_poll(event)

        return await async_call_with_retries(
            call,
            should_retry=is_transient,
            deadline=self.clock.monotonic_deadline(),
            clock=self.clock.monotonic,
            sleep=self.sleep,
            max_delay_seconds=self.policy.max_delay_seconds,
            on_retry=on_retry,
        )


class AsyncWaiter:
    """A wait for one service to reach a target, on asyncio; the twin of ``Waiter``.

    Create it with an ``AsyncContainerServiceClient``'s ``*_waiter`` methods or its
    ``resume``, then await ``wait()``. ``history`` lists the transitions seen, with
    their times, and ``token()`` returns what another process needs to resume the wait,
    with either client.
    """

    def __init__(
        self,
        fetch: Callable[[], Awaitable[ContainerService]],
        target: Target,
        *,
        service_name: str,
        policy: PollingPolicy,
        clock: Callable[[], float],
        sleep: AsyncSleep,
        wall_clock: Callable[[], float],
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
        token: WaitToken | None = None,
        broker: AsyncStatusBroker | None = None,
        explain_failure: Callable[[DeploymentFailedError], Awaitable[WaitError]] | None = None,
    ) -> None:
        """Prepare the wait; see the client's waiter methods for the arguments.

        With a ``broker``, ``fetch`` is ignored: the broker fetches the service, and
        shares its calls with other waiters of the same client. The callbacks are plain
        functions, called on the event loop. ``explain_failure`` is a coroutine
        function, as in ``Waiter``.
        """
        if token is None:
            timing = _Timing.start(clock, wall_clock, policy.timeout_seconds)
        else:
            timing = _Timing.resume(clock, wall_clock, token)

        self.service_name = service_name
        self.target = target
        self._fetch = fetch if broker is None else lambda: broker.fetch(service_name)
        self._broker = broker
        align = None if broker is None else broker.align
        self._schedule = _AsyncSchedule(policy, timing, sleep, on_poll, align)
        self._progress = _Progress(service_name, target, timing, on_transition)
        self._not_found: NotFoundError | None = None
        self._explain_failure = explain_failure

    @property
    def history(self) -> tuple[Transition, ...]:
        """The transitions seen so far, the first poll included."""
        return tuple(self._progress.history)

    @property
    def attempts(self) -> int:
        """The number of polls so far."""
        return self._progress.attempts

    def token(self) -> WaitToken:
        """Return a token from which a client's ``resume`` recreates this wait."""
        timing = self._schedule.clock
        return WaitToken(
            self.service_name, self.target.to_dict(), timing.started_at, timing.deadline
        )

    async def wait(self) -> ContainerService | None:
        """Poll until the target is reached, and return the last snapshot.

        The snapshot is ``None`` only when waiting for deletion and the first poll
        found the service gone already. The errors are those of ``Waiter.wait``.

        Raises:
            DeploymentFailedError: The awaited deployment failed.
            TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED
                or UNKNOWN_ERROR.
            TargetUnreachableError: The service is being deleted or was disabled, or a
                newer deployment replaced the awaited one.
            NotFoundError: The service does not exist (unless waiting for deletion).
            WaitTimeoutError: The policy's timeout passed first. Transient errors of
                status calls are retried until then.
            ServiceError: A status call failed with an error that is not transient.
        """
        try:
            return await self._poll()
        except DeploymentFailedError as error:
            if self._explain_failure is None:
                raise
            explained = await self._explain_failure(error)
            if explained is error:
                raise
            raise explained from error

    async def _poll(self) -> ContainerService | None:
        activity = contextlib.nullcontext() if self._broker is None else self._broker.waiting()
        try:
            with activity:
                finished = await self._schedule.run(self._step, self._report)
        except LightsailContainersError as error:
            if not is_transient(error):
                raise
            raise self._progress.timeout(self._schedule.policy, error) from error

        if not finished:
            raise self._progress.timeout(self._schedule.policy, None)

        return self._progress.last

    async def _step(self) -> bool:
        service = await self._schedule.fetch(
            self._get, self.service_name, lambda: self.attempts + 1
        )
        return settle_snapshot(self._progress, service, self._not_found)

    async def _get(self) -> ContainerService | None:
        try:
            return await self._fetch()
        except NotFoundError as error:
            self._not_found = error
            return None

    def _report(self, next_delay: float | None) -> None:
        if self._schedule.on_poll is None:
            return

        progress = self._progress
        event = PollEvent(
            self.service_name,
            progress.attempts,
            progress.clock.elapsed(),
            progress.last,
            None,
            next_delay,
        )
        self._schedule.on_poll(event)


class AsyncFleetWaiter:
    """A wait for many services at once, with one GetContainerServices call per poll.

    The twin of ``FleetWaiter``: each service has its own target, and a service that
    fails does not stop the wait for the others. ``await wait()`` returns a FleetResult.
    """

    def __init__(
        self,
        fetch_all: Callable[[], Awaitable[Sequence[ContainerService]]],
        targets: Mapping[str, Target],
        *,
        policy: PollingPolicy,
        clock: Callable[[], float],
        sleep: AsyncSleep,
        wall_clock: Callable[[], float],
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> None:
        """Prepare the wait; see ``AsyncContainerServiceClient.wait_for_services``."""
        timing = _Timing.start(clock, wall_clock, policy.timeout_seconds)

        self._fetch_all = fetch_all
        self._schedule = _AsyncSchedule(policy, timing, sleep, on_poll)
        self._book = FleetBook.start(targets, timing, on_transition)

    @property
    def polls(self) -> int:
        """The number of status calls so far."""
        return self._book.polls

    async def wait(self) -> FleetResult:
        """Poll until every service reached its target or failed, or the timeout passed."""
        cause: LightsailContainersError | None = None
        try:
            await self._schedule.run(self._step, self._report)
        except LightsailContainersError as error:
            if not is_transient(error):
                raise
            cause = error

        return self._book.finish(self._schedule.policy, cause)

    async def _step(self) -> bool:
        services = await self._schedule.fetch(self._fetch_all, "*", lambda: self.polls + 1)
        return self._book.record_poll(services)

    def _report(self, next_delay: float | None) -> None:
        if self._schedule.on_poll is None:
            return

        elapsed = self._schedule.clock.elapsed()
        self._schedule.on_poll(PollEvent("*", self.polls, elapsed, None, None, next_delay))
