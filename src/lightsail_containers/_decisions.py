"""Waiter decisions on one snapshot: stop, fail, or poll again.

Each target decides from one snapshot alone, with no I/O and no clock, so a
synchronous and an asynchronous driver can share the rules.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from ._enums import ContainerServiceState, DeploymentState

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._models import ContainerService, Deployment


class Outcome(enum.Enum):
    """The kind of a waiter decision."""

    DONE = "done"
    PENDING = "pending"
    DEPLOYMENT_FAILED = "deployment failed"
    TERMINAL_STATE_DETAIL = "terminal state detail"
    UNREACHABLE = "unreachable"


@attrs.frozen
class Decision:
    """A waiter decision, with the reason for a failure in words for the user."""

    outcome: Outcome
    reason: str = ""
    version: int | None = None

    @property
    def is_pending(self) -> bool:
        """Whether the waiter should poll again."""
        return self.outcome is Outcome.PENDING


_DONE = Decision(Outcome.DONE)
_PENDING = Decision(Outcome.PENDING)


def _check_terminal_and_unreachable(
    service: ContainerService, wanted: Iterable[ContainerServiceState]
) -> Decision | None:
    detail = service.state_detail
    if detail is not None and detail.is_terminal:
        return Decision(
            Outcome.TERMINAL_STATE_DETAIL,
            f"it reports {detail.code} ({detail.message or 'no message'})",
        )

    if (
        service.state is ContainerServiceState.DELETING
        and ContainerServiceState.DELETING not in wanted
    ):
        return Decision(Outcome.UNREACHABLE, "it is being deleted")

    # DISABLED with isDisabled false is a service on its way back up after an update.
    disabled = service.state is ContainerServiceState.DISABLED and service.is_disabled
    if disabled and ContainerServiceState.DISABLED not in wanted:
        return Decision(
            Outcome.UNREACHABLE, "it is disabled; enable it with an update that sets is_disabled"
        )

    return None


@attrs.frozen
class ServiceStateTarget:
    """Wait until the service is in one of ``states``."""

    states: frozenset[ContainerServiceState]

    def describe(self) -> str:
        """Name the target for messages, for example ``READY or RUNNING``."""
        return " or ".join(sorted(state.value for state in self.states))

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        return service.next_deployment or service.current_deployment

    def decide(self, service: ContainerService) -> Decision:
        """Decide from one snapshot whether the service reached one of ``states``."""
        if service.state in self.states:
            return _DONE

        return _check_terminal_and_unreachable(service, self.states) or _PENDING


@attrs.frozen
class DeploymentTarget:
    """Wait until deployment ``version`` is the service's ACTIVE current deployment."""

    version: int

    def describe(self) -> str:
        """Name the target for messages."""
        return f"deployment {self.version} ACTIVE"

    def tracked_deployment(self, service: ContainerService) -> Deployment | None:
        """Return the deployment whose progress a transition reports."""
        return service.deployment(self.version)

    def decide(self, service: ContainerService) -> Decision:
        """Decide from one snapshot whether deployment ``version`` is active, failed or pending."""
        deployment = service.deployment(self.version)
        if deployment is not None:
            return self._decide_present(service, deployment)

        return _check_terminal_and_unreachable(service, ()) or self._decide_absent(service)

    def _decide_present(self, service: ContainerService, deployment: Deployment) -> Decision:
        if deployment.state is DeploymentState.FAILED:
            return Decision(
                Outcome.DEPLOYMENT_FAILED, f"deployment {self.version} is FAILED", self.version
            )

        if deployment.state is DeploymentState.ACTIVE and deployment is service.current_deployment:
            return _DONE

        return _check_terminal_and_unreachable(service, ()) or _PENDING

    def _decide_absent(self, service: ContainerService) -> Decision:
        current = service.current_deployment
        current_version = None if current is None else current.version

        if current_version is not None and current_version > self.version:
            return Decision(
                Outcome.UNREACHABLE,
                f"deployment {self.version} was replaced by deployment {current_version}",
            )

        # A failed deployment drops out of the service's current and next deployment,
        # and the service goes back to RUNNING its previous deployment, or to READY.
        if not service.is_settled:
            return _PENDING

        running = "no deployment" if current_version is None else f"deployment {current_version}"
        return Decision(
            Outcome.DEPLOYMENT_FAILED,
            f"deployment {self.version} is gone and the service is {service.state} on {running}",
            self.version,
        )


def newest_version(service: ContainerService) -> int | None:
    """Return the version of the newest deployment the snapshot shows, if any."""
    newest = service.newest_deployment
    return None if newest is None else newest.version
