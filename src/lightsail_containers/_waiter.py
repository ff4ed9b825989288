"""The synchronous polling driver behind the client's ``wait_*`` methods.

The driver fetches snapshots and sleeps; the targets in ``_decisions`` decide. tenacity
schedules the polls, but none of its types appear in the public API.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypedDict

import attrs
import tenacity

from ._decisions import Decision, Outcome
from ._enums import ContainerServiceState, DeploymentState
from ._errors import (
    DeploymentFailedError,
    TargetUnreachableError,
    TerminalStateDetailError,
    WaitError,
    WaitTimeoutError,
)
from ._models import ContainerService, Deployment, StateDetail

logger = logging.getLogger("lightsail_containers.waiter")


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value <= 0:
        raise ValueError(f"{attribute.name} must be greater than 0, got {value!r}")


def _not_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be 0 or greater, got {value!r}")


@attrs.frozen
class PollingPolicy:
    """How often and how long a waiter polls.

    The first poll happens at once. The delay before each next poll starts at
    ``first_delay_seconds``, doubles up to ``max_delay_seconds``, and gains a random
    jitter of up to ``jitter_seconds`` so that many waiters do not poll in step. The
    wait ends with WaitTimeoutError after ``timeout_seconds``, right after a last poll
    at the deadline.

    The defaults suit Lightsail, where creating a service or rolling out a deployment
    usually takes a few minutes: a 30-minute timeout, 5 seconds first delay, 30 seconds
    max delay and 1 second jitter.
    """

    timeout_seconds: float = attrs.field(default=1800.0, validator=_positive)
    first_delay_seconds: float = attrs.field(default=5.0, validator=_positive)
    max_delay_seconds: float = attrs.field(default=30.0, validator=_positive)
    jitter_seconds: float = attrs.field(default=1.0, validator=_not_negative)

    def __attrs_post_init__(self) -> None:
        """Check that the delays are in order."""
        if self.first_delay_seconds > self.max_delay_seconds:
            raise ValueError(
                f"first_delay_seconds ({self.first_delay_seconds!r}) must not exceed "
                f"max_delay_seconds ({self.max_delay_seconds!r})"
            )


@attrs.frozen
class Transition:
    """A change seen between two polls: state, stateDetail or deployment state.

    The first poll of a wait is reported as a transition too, so a progress display
    starts with the state the service was in.
    """

    service_name: str
    state: ContainerServiceState | str | None
    state_detail: StateDetail | None
    deployment_version: int | None
    deployment_state: DeploymentState | str | None
    elapsed_seconds: float
    service: ContainerService = attrs.field(eq=False, repr=False)

    def same_progress(self, other: Transition | None) -> bool:
        """Return whether ``other`` reports the same state, stateDetail and deployment state."""
        return (
            other is not None and attrs.evolve(other, elapsed_seconds=self.elapsed_seconds) == self
        )

    def describe(self) -> str:
        """Return a one-line summary such as ``DEPLOYING (EVALUATING_HEALTH_CHECK)``."""
        text = str(self.state)
        if self.state_detail is not None and self.state_detail.code is not None:
            text += f" ({self.state_detail.code})"
        if self.deployment_version is not None:
            text += f", deployment {self.deployment_version} {self.deployment_state}"

        return text


class Target(Protocol):
    """A waiter's target: the decision rules of one lifecycle."""

    def describe(self) -> str:
        """Name the target for messages."""
        ...

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        ...

    def decide(self, service: ContainerService) -> Decision:
        """Decide from one snapshot: done, failed, or poll again."""
        ...


TransitionCallback = Callable[[Transition], None]


class _WaitContext(TypedDict):
    service_name: str
    last: ContainerService | None
    attempts: int
    elapsed_seconds: float


@attrs.define
class _Progress:
    """The record of one wait: polls, last snapshot and last transition."""

    service_name: str
    target: Target
    clock: Callable[[], float]
    on_transition: TransitionCallback | None
    started: float
    attempts: int = 0
    last: ContainerService | None = None
    last_transition: Transition | None = None

    def elapsed(self) -> float:
        return self.clock() - self.started

    def record(self, service: ContainerService) -> None:
        self.attempts += 1
        self.last = service
        deployment = self.target.tracked_deployment(service)
        transition = Transition(
            service_name=self.service_name,
            state=service.state,
            state_detail=service.state_detail,
            deployment_version=None if deployment is None else deployment.version,
            deployment_state=None if deployment is None else deployment.state,
            elapsed_seconds=self.elapsed(),
            service=service,
        )
        logger.debug("Polled %s: %s", self.service_name, transition.describe())
        if transition.same_progress(self.last_transition):
            return

        self.last_transition = transition
        logger.info(
            "Container service %s is %s after %.0f s",
            self.service_name,
            transition.describe(),
            transition.elapsed_seconds,
        )
        if self.on_transition is not None:
            self.on_transition(transition)

    def error(self, decision: Decision, state_detail: StateDetail | None) -> WaitError:
        message = (
            f"Container service {self.service_name} cannot reach {self.target.describe()}: "
            f"{decision.reason}"
        )
        context = _WaitContext(
            service_name=self.service_name,
            last=self.last,
            attempts=self.attempts,
            elapsed_seconds=self.elapsed(),
        )
        if decision.outcome is Outcome.DEPLOYMENT_FAILED and decision.version is not None:
            return DeploymentFailedError(message, version=decision.version, **context)
        if decision.outcome is Outcome.TERMINAL_STATE_DETAIL and state_detail is not None:
            return TerminalStateDetailError(message, state_detail=state_detail, **context)

        return TargetUnreachableError(message, **context)

    def timeout(self, policy: PollingPolicy) -> WaitTimeoutError:
        seen = "no answer" if self.last_transition is None else self.last_transition.describe()
        return WaitTimeoutError(
            f"Timed out after {self.elapsed():.0f} s and {self.attempts} polls waiting for "
            f"container service {self.service_name} to reach {self.target.describe()}; "
            f"last seen: {seen}. Raise timeout_seconds (now {policy.timeout_seconds:g}) "
            "if the service is still making progress.",
            service_name=self.service_name,
            last=self.last,
            attempts=self.attempts,
            elapsed_seconds=self.elapsed(),
        )


def wait_for(  # noqa: PLR0913
    fetch: Callable[[], ContainerService],
    target: Target,
    *,
    service_name: str,
    policy: PollingPolicy,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    on_transition: TransitionCallback | None = None,
) -> ContainerService:
    """Poll ``fetch`` until ``target`` is reached, and return the last snapshot.

    Raises:
        DeploymentFailedError: The awaited deployment failed.
        TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED or UNKNOWN_ERROR.
        TargetUnreachableError: The service is being deleted, was disabled, or the
            deployment was replaced by a newer one.
        WaitTimeoutError: ``policy.timeout_seconds`` passed first.
        ServiceError: A status call failed (not retried here).
    """
    progress = _Progress(service_name, target, clock, on_transition, started=clock())
    deadline = progress.started + policy.timeout_seconds
    backoff = tenacity.wait_exponential(
        multiplier=policy.first_delay_seconds, max=policy.max_delay_seconds
    ) + tenacity.wait_random(0, policy.jitter_seconds)

    def poll() -> tuple[Decision, ContainerService]:
        service = fetch()
        progress.record(service)
        decision = target.decide(service)
        if decision.outcome in {Outcome.DONE, Outcome.PENDING}:
            return decision, service

        raise progress.error(decision, service.state_detail)

    def next_delay(state: tenacity.RetryCallState) -> float:
        # Sleep no further than the deadline, so the last poll happens right at it.
        return max(0.0, min(backoff(state), deadline - clock()))

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_result(lambda result: result[0].is_pending),
        stop=lambda _: clock() >= deadline,
        wait=next_delay,
        sleep=sleep,
        reraise=True,
    )
    try:
        _, service = retrying(poll)
    except tenacity.RetryError:
        raise progress.timeout(policy) from None

    return service
