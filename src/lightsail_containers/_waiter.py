"""The synchronous polling drivers behind the client's waiters.

The drivers fetch snapshots and sleep; the targets in ``_decisions`` decide. tenacity
schedules the polls and the retries of failed status calls, but none of its types
appear in the public API.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import tenacity

from ._decisions import INVALID_TOKEN, Target, invalid_token, target_from_dict
from ._errors import DeploymentFailedError, LightsailContainersError, NotFoundError
from ._models import ContainerService
from ._polling import PollingPolicy
from ._retries import call_with_retries, is_transient
from ._wait_outcomes import FleetBook, settle_snapshot

# These records live in ``_wait_outcomes``, and the "X as X" form re-exports them from
# here for the modules and users that import them from this module.
from ._wait_outcomes import FleetResult as FleetResult  # noqa: PLC0414
from ._wait_outcomes import Transition as Transition  # noqa: PLC0414
from ._wait_outcomes import TransitionCallback as TransitionCallback  # noqa: PLC0414
from ._wait_outcomes import _Progress as _Progress  # noqa: PLC0414
from ._wait_outcomes import _Timing as _Timing  # noqa: PLC0414

if TYPE_CHECKING:
    from ._broker import StatusBroker
    from ._errors import WaitError

_T = TypeVar("_T")

logger = logging.getLogger("lightsail_containers.waiter")


@attrs.frozen
class PollEvent:
    """One status call of a wait: its snapshot or error, and the delay before the next one.

    Attributes:
        service_name: The service the waiter follows, or ``"*"`` for a fleet poll.
        attempt: The number of this status call in the wait, from 1.
        elapsed_seconds: Time since the wait started.
        service: The snapshot, or ``None`` if the call failed or found no service.
        error: The transient error the waiter retries after this call, if any.
        next_delay_seconds: The delay before the next call, or ``None`` after the last.
    """

    service_name: str
    attempt: int
    elapsed_seconds: float
    service: ContainerService | None = attrs.field(repr=False)
    error: LightsailContainersError | None
    next_delay_seconds: float | None


PollCallback = Callable[[PollEvent], None]


@attrs.frozen
class WaitToken:
    """The state a waiter needs to resume in another process: service, target and deadline.

    Times are seconds since the Unix epoch, so a token stays valid across processes
    and machines whose clocks agree. Building a token checks every field, so a token
    edited by hand fails in ``from_string`` as it would in a waiter method.

    Raises:
        ValueError: A field is invalid. The message starts with "invalid waiter resume
            token" and names the field and its value.
    """

    service_name: str
    target: Mapping[str, Any]
    started_at: float
    deadline: float

    def __attrs_post_init__(self) -> None:
        """Raise ValueError unless every field is valid."""
        if not isinstance(self.service_name, str):
            raise invalid_token(
                "service", self.service_name, "is not a service name; use a string such as 'web'"
            )

        _check_time("started_at", self.started_at)
        _check_time("deadline", self.deadline)
        if self.deadline < self.started_at:
            raise invalid_token(
                "deadline",
                self.deadline,
                f"is before started_at ({self.started_at!r}); use a time from started_at on",
            )

        target_from_dict(self.target)

    def to_string(self) -> str:
        """Encode the token as a URL-safe string."""
        data = {
            "service": self.service_name,
            "target": dict(self.target),
            "started_at": self.started_at,
            "deadline": self.deadline,
        }
        return base64.urlsafe_b64encode(json.dumps(data, sort_keys=True).encode()).decode()

    @classmethod
    def from_string(cls, text: str) -> WaitToken:
        """Decode a token made by ``to_string``, and check every field.

        Raises:
            ValueError: The text is not a waiter token, or a field is invalid.
        """
        try:
            data = json.loads(base64.urlsafe_b64decode(text.encode()))
        except (binascii.Error, UnicodeDecodeError, ValueError) as error:
            raise ValueError(f"{INVALID_TOKEN} {text[:40]!r}: {error}") from None

        if not isinstance(data, dict):
            raise invalid_token(
                "token", data, f"is not an object; use an object with {_MEMBER_LIST}"
            )
        for member in _MEMBERS:
            if member not in data:
                raise ValueError(f"{INVALID_TOKEN}: {member} is missing")
        for member, value in data.items():
            if member not in _MEMBERS:
                raise invalid_token(member, value, f"is an unknown member; use {_MEMBER_LIST}")

        return cls(
            service_name=data["service"],
            target=data["target"],
            started_at=data["started_at"],
            deadline=data["deadline"],
        )


_MEMBERS = ("service", "target", "started_at", "deadline")
_MEMBER_LIST = "service, target, started_at and deadline"


def _check_time(field: str, value: object) -> None:
    """Raise ValueError unless ``value`` is a finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not _is_finite(value):
        raise invalid_token(
            field, value, "is not a time; use a finite number of seconds since the Unix epoch"
        )


def _is_finite(value: float) -> bool:
    # math.isfinite converts an int to a float, which overflows for a huge int.
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


@attrs.define
class _Schedule:
    """The polling settings shared by single and fleet waits."""

    policy: PollingPolicy
    clock: _Timing
    sleep: Callable[[float], None]
    on_poll: PollCallback | None
    align: Callable[[float, float], float] | None = None

    def run(self, step: Callable[[], bool], report: Callable[[float | None], None]) -> bool:
        """Call ``step`` until it returns True; return False if the deadline comes first.

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

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_result(lambda finished: not finished),
            stop=lambda _: self.clock.monotonic() >= deadline,
            wait=next_delay,
            sleep=self.sleep,
            before_sleep=lambda state: report(state.next_action.sleep if state.next_action else 0),
            reraise=True,
        )
        try:
            finished: bool = retrying(step)
        except tenacity.RetryError:
            report(None)
            return False

        report(None)
        return finished

    def fetch(self, call: Callable[[], _T], service_name: str, attempts: Callable[[], int]) -> _T:
        """Make one status call, retrying transient errors until the deadline."""

        def on_retry(error: LightsailContainersError, delay: float) -> None:
            if self.on_poll is not None:
                event = PollEvent(
                    service_name, attempts(), self.clock.elapsed(), None, error, delay
                )
                self.on_poll(event)

        return call_with_retries(
            call,
            should_retry=is_transient,
            deadline=self.clock.monotonic_deadline(),
            clock=self.clock.monotonic,
            sleep=self.sleep,
            max_delay_seconds=self.policy.max_delay_seconds,
            on_retry=on_retry,
        )


class Waiter:
    """A wait for one service to reach a target, which can be resumed elsewhere.

    Create it with a client's ``*_waiter`` methods or ``ContainerServiceClient.resume``,
    then call ``wait()``. ``history`` lists the transitions seen, with their times, and
    ``token()`` returns what another process needs to resume the wait.
    """

    def __init__(
        self,
        fetch: Callable[[], ContainerService],
        target: Target,
        *,
        service_name: str,
        policy: PollingPolicy,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        wall_clock: Callable[[], float],
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
        token: WaitToken | None = None,
        broker: StatusBroker | None = None,
        explain_failure: Callable[[DeploymentFailedError], WaitError] | None = None,
    ) -> None:
        """Prepare the wait; see the client's waiter methods for the arguments.

        With a ``broker``, ``fetch`` is ignored: the broker fetches the service, and
        shares its calls with other waiters of the same client. ``explain_failure``
        takes a DeploymentFailedError and returns the error to raise in its place, or
        the same error, completed.
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
        self._schedule = _Schedule(policy, timing, sleep, on_poll, align)
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
        """Return a token from which ``ContainerServiceClient.resume`` recreates this wait."""
        timing = self._schedule.clock
        return WaitToken(
            self.service_name, self.target.to_dict(), timing.started_at, timing.deadline
        )

    def wait(self) -> ContainerService | None:
        """Poll until the target is reached, and return the last snapshot.

        The snapshot is ``None`` only when waiting for deletion and the first poll
        found the service gone already.

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
            return self._poll()
        except DeploymentFailedError as error:
            if self._explain_failure is None:
                raise
            explained = self._explain_failure(error)
            if explained is error:
                raise
            raise explained from error

    def _poll(self) -> ContainerService | None:
        activity = contextlib.nullcontext() if self._broker is None else self._broker.waiting()
        try:
            with activity:
                finished = self._schedule.run(self._step, self._report)
        except LightsailContainersError as error:
            if not is_transient(error):
                raise
            raise self._progress.timeout(self._schedule.policy, error) from error

        if not finished:
            raise self._progress.timeout(self._schedule.policy, None)

        return self._progress.last

    def _step(self) -> bool:
        service = self._schedule.fetch(self._get, self.service_name, lambda: self.attempts + 1)
        return settle_snapshot(self._progress, service, self._not_found)

    def _get(self) -> ContainerService | None:
        try:
            return self._fetch()
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


class FleetWaiter:
    """A wait for many services at once, with one GetContainerServices call per poll.

    Each service has its own target; a service that fails does not stop the wait
    for the others. ``wait()`` returns a FleetResult.
    """

    def __init__(
        self,
        fetch_all: Callable[[], Sequence[ContainerService]],
        targets: Mapping[str, Target],
        *,
        policy: PollingPolicy,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
        wall_clock: Callable[[], float],
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> None:
        """Prepare the wait; see ``ContainerServiceClient.fleet_waiter`` for the arguments."""
        timing = _Timing.start(clock, wall_clock, policy.timeout_seconds)

        self._fetch_all = fetch_all
        self._schedule = _Schedule(policy, timing, sleep, on_poll)
        self._book = FleetBook.start(targets, timing, on_transition)

    @property
    def polls(self) -> int:
        """The number of status calls so far."""
        return self._book.polls

    def wait(self) -> FleetResult:
        """Poll until every service reached its target or failed, or the timeout passed."""
        cause: LightsailContainersError | None = None
        try:
            self._schedule.run(self._step, self._report)
        except LightsailContainersError as error:
            if not is_transient(error):
                raise
            cause = error

        return self._book.finish(self._schedule.policy, cause)

    def _step(self) -> bool:
        services = self._schedule.fetch(self._fetch_all, "*", lambda: self.polls + 1)
        return self._book.record_poll(services)

    def _report(self, next_delay: float | None) -> None:
        if self._schedule.on_poll is None:
            return

        elapsed = self._schedule.clock.elapsed()
        self._schedule.on_poll(PollEvent("*", self.polls, elapsed, None, None, next_delay))
