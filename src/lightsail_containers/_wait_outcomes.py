"""The bookkeeping of a waiter after each snapshot: record it, decide, raise or poll again.

It runs between two polls, with no I/O and no sleeping, so that the synchronous and
the asynchronous drivers end their waits in the same way. The decisions come from the
targets in ``_decisions``. The records of a wait (``Transition``, ``_Timing``,
``_Progress`` and ``FleetResult``) are defined here rather than in ``_waiter``,
because ``_waiter`` imports this module.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypedDict

import attrs

from ._decisions import Outcome, Target
from ._enums import ContainerServiceState, DeploymentState
from ._errors import (
    DeploymentFailedError,
    FleetWaitError,
    LightsailContainersError,
    NotFoundError,
    TargetUnreachableError,
    TerminalStateDetailError,
    WaitError,
    WaitTimeoutError,
)
from ._models import ContainerService, Deployment, StateDetail

if TYPE_CHECKING:
    from ._decisions import Decision
    from ._polling import PollingPolicy
    from ._waiter import WaitToken

# The waiters' records log under the name of the module that drives them.
logger = logging.getLogger("lightsail_containers.waiter")

# Elapsed times from this many seconds on are shown without decimals.
_WHOLE_SECONDS_FROM = 10


@attrs.frozen
class Transition:
    """A change seen between two polls: state, stateDetail or deployment state.

    The first poll of a wait is reported as a transition too, so a progress display
    starts with the state the service was in. ``state`` is ``None`` once the service
    no longer exists.
    """

    service_name: str
    state: ContainerServiceState | str | None
    state_detail: StateDetail | None
    deployment_version: int | None
    deployment_state: DeploymentState | str | None
    elapsed_seconds: float
    service: ContainerService | None = attrs.field(eq=False, repr=False)

    def same_progress(self, other: Transition | None) -> bool:
        """Return whether ``other`` reports the same state, stateDetail and deployment state."""
        return (
            other is not None and attrs.evolve(other, elapsed_seconds=self.elapsed_seconds) == self
        )

    def describe(self) -> str:
        """Return a one-line summary such as ``DEPLOYING (EVALUATING_HEALTH_CHECK)``."""
        if self.service is None and self.state is None:
            return "not found"

        text = str(self.state)
        if self.state_detail is not None and self.state_detail.code is not None:
            text += f" ({self.state_detail.code})"
        if self.deployment_version is not None:
            text += f", deployment {self.deployment_version} {self.deployment_state}"

        return text


TransitionCallback = Callable[[Transition], None]


class _WaitContext(TypedDict):
    service_name: str
    last: ContainerService | None
    attempts: int
    elapsed_seconds: float


@attrs.frozen
class _Timing:
    """Monotonic time for sleeping and wall time for tokens, on one origin."""

    monotonic: Callable[[], float]
    started_at: float
    deadline: float
    origin: float

    @classmethod
    def start(
        cls, monotonic: Callable[[], float], wall: Callable[[], float], timeout: float
    ) -> _Timing:
        started_at = wall()
        return cls(monotonic, started_at, started_at + timeout, monotonic())

    @classmethod
    def resume(
        cls, monotonic: Callable[[], float], wall: Callable[[], float], token: WaitToken
    ) -> _Timing:
        # Elapsed time counts from the token's start, which lies before this process.
        origin = monotonic() - (wall() - token.started_at)
        return cls(monotonic, token.started_at, token.deadline, origin)

    def elapsed(self) -> float:
        return self.monotonic() - self.origin

    def monotonic_deadline(self) -> float:
        return self.origin + (self.deadline - self.started_at)


@attrs.define
class _Progress:
    """The record of one service's wait: polls, last snapshot and transitions."""

    service_name: str
    target: Target
    clock: _Timing
    on_transition: TransitionCallback | None
    attempts: int = 0
    last: ContainerService | None = None
    last_deployment: Deployment | None = None
    history: list[Transition] = attrs.Factory(list)

    def record(self, service: ContainerService | None) -> None:
        self.attempts += 1
        if service is not None:
            self.last = service
            self.last_deployment = self.target.tracked_deployment(service) or self.last_deployment

        transition = self._transition(service)
        logger.debug("Polled %s: %s", self.service_name, transition.describe())
        previous = self.history[-1] if self.history else None
        if transition.same_progress(previous):
            return

        self.history.append(transition)
        logger.info(
            "Container service %s is %s after %.0f s",
            self.service_name,
            transition.describe(),
            transition.elapsed_seconds,
        )
        if self.on_transition is not None:
            self.on_transition(transition)

    def _transition(self, service: ContainerService | None) -> Transition:
        deployment = None if service is None else self.target.tracked_deployment(service)
        return Transition(
            service_name=self.service_name,
            state=None if service is None else service.state,
            state_detail=None if service is None else service.state_detail,
            deployment_version=None if deployment is None else deployment.version,
            deployment_state=None if deployment is None else deployment.state,
            elapsed_seconds=self.clock.elapsed(),
            service=service,
        )

    def context(self) -> _WaitContext:
        return _WaitContext(
            service_name=self.service_name,
            last=self.last,
            attempts=self.attempts,
            elapsed_seconds=self.clock.elapsed(),
        )

    def error(self, decision: Decision, state_detail: StateDetail | None) -> WaitError:
        message = (
            f"Container service {self.service_name} cannot reach {self.target.describe()}: "
            f"{decision.reason}"
        )
        if decision.outcome is Outcome.DEPLOYMENT_FAILED and decision.version is not None:
            return DeploymentFailedError(
                message,
                version=decision.version,
                deployment=self.last_deployment,
                **self.context(),
            )
        if decision.outcome is Outcome.TERMINAL_STATE_DETAIL and state_detail is not None:
            return TerminalStateDetailError(message, state_detail=state_detail, **self.context())

        return TargetUnreachableError(message, **self.context())

    def gone(self, error: NotFoundError) -> WaitError:
        """Return the error for a service that disappeared while the waiter followed it."""
        return TargetUnreachableError(
            f"Container service {self.service_name} cannot reach {self.target.describe()}: "
            f"it no longer exists ({error.aws_message})",
            **self.context(),
        )

    def timeout(self, policy: PollingPolicy, cause: BaseException | None) -> WaitTimeoutError:
        seen = "no answer" if not self.history else self.history[-1].describe()
        failing = "" if cause is None else f" The last status call failed: {cause}."
        elapsed = self.clock.elapsed()
        shown = f"{elapsed:.1f}" if elapsed < _WHOLE_SECONDS_FROM else f"{elapsed:.0f}"
        return WaitTimeoutError(
            f"Timed out after {shown} s and {self.attempts} polls waiting "
            f"for container service {self.service_name} to reach {self.target.describe()}; "
            f"last seen: {seen}.{failing} Raise timeout_seconds (now "
            f"{policy.timeout_seconds:g}) if the service is still making progress.",
            **self.context(),
        )


@attrs.frozen
class FleetResult:
    """The outcome of a fleet wait, per service.

    Attributes:
        services: The final snapshot of each service that reached its target; ``None``
            for a service that was waited on until deleted and is gone.
        errors: The error of each service that did not reach its target.
    """

    services: Mapping[str, ContainerService | None]
    errors: Mapping[str, LightsailContainersError]

    @property
    def ok(self) -> bool:
        """Whether every service reached its target."""
        return not self.errors

    def raise_for_errors(self) -> None:
        """Raise FleetWaitError if any service did not reach its target."""
        if self.errors:
            raise FleetWaitError(self.errors)


def settle_snapshot(
    progress: _Progress, service: ContainerService | None, not_found: NotFoundError | None
) -> bool:
    """Record one poll of a single-service wait, and return whether the target is reached.

    Args:
        progress: The record of the wait.
        service: The snapshot, or ``None`` when the status call found no service.
        not_found: The error of the status call that found no service, if any.

    Raises:
        WaitError: The target can no longer be reached; a service that was seen
            earlier in the wait and is now gone raises TargetUnreachableError.
        NotFoundError: The service has not existed since the wait started.
    """
    progress.record(service)
    decision = progress.target.decide(service)

    if decision.outcome is Outcome.NOT_FOUND and not_found is not None:
        if progress.last is not None:
            raise progress.gone(not_found) from not_found
        raise not_found
    if decision.is_failure:
        raise progress.error(decision, None if service is None else service.state_detail)

    return not decision.is_pending


@attrs.define
class FleetBook:
    """The record of a fleet wait: each service's progress, result or error.

    Attributes:
        progress: The record of each service's wait, by name.
        pending: The services that have not reached their target or failed yet.
        services: The final snapshot of each service that reached its target.
        errors: The error of each service that failed.
        polls: The number of status calls so far.
    """

    progress: dict[str, _Progress]
    pending: set[str]
    services: dict[str, ContainerService | None] = attrs.Factory(dict)
    errors: dict[str, LightsailContainersError] = attrs.Factory(dict)
    polls: int = 0

    @classmethod
    def start(
        cls,
        targets: Mapping[str, Target],
        timing: _Timing,
        on_transition: TransitionCallback | None,
    ) -> FleetBook:
        """Open the record of a fleet wait on ``targets``, which started at ``timing``."""
        progress = {
            name: _Progress(name, target, timing, on_transition) for name, target in targets.items()
        }
        return cls(progress, set(targets))

    def record_poll(self, services: Sequence[ContainerService]) -> bool:
        """Record one GetContainerServices response, and return whether no service is pending."""
        self.polls += 1
        by_name = {service.container_service_name: service for service in services}
        for name in sorted(self.pending):
            self._decide(name, by_name.get(name))

        return not self.pending

    def finish(self, policy: PollingPolicy, cause: LightsailContainersError | None) -> FleetResult:
        """Give each service still pending a WaitTimeoutError, and return the result.

        ``cause`` is the transient error of the last status call, if it failed.
        """
        for name in sorted(self.pending):
            self.errors[name] = self.progress[name].timeout(policy, cause)
        self.pending.clear()

        return FleetResult(dict(self.services), dict(self.errors))

    def _decide(self, name: str, service: ContainerService | None) -> None:
        progress = self.progress[name]
        progress.record(service)
        decision = progress.target.decide(service)

        if decision.is_pending:
            return

        self.pending.discard(name)
        if decision.outcome is Outcome.NOT_FOUND:
            missing = NotFoundError(
                "GetContainerServices",
                "EmptyResult",
                f"no container service named {name!r} in the response",
                None,
            )
            seen_before = progress.last is not None
            self.errors[name] = progress.gone(missing) if seen_before else missing
        elif decision.is_failure:
            detail = None if service is None else service.state_detail
            self.errors[name] = progress.error(decision, detail)
        else:
            self.services[name] = service
