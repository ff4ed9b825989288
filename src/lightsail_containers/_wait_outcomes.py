"""The bookkeeping of a waiter after each snapshot: record it, decide, raise or poll again.

It runs between two polls, with no I/O and no sleeping, so that the synchronous and
the asynchronous drivers can end their waits in the same way. The decisions
themselves come from the targets in ``_decisions``.

NOTE: only the async drivers use this module so far. ``Waiter._step`` and
``FleetWaiter._decide`` in ``_waiter`` keep their own copy of these steps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._decisions import Outcome
from ._errors import LightsailContainersError, NotFoundError
from ._models import ContainerService
from ._waiter import FleetResult, _Progress

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from ._decisions import Target
    from ._waiter import PollingPolicy, TransitionCallback, _Timing


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
