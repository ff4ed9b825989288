"""Timed lifecycle of container services: provisioning, deployments, updates, deletion."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from lightsail_containers._enums import ContainerServiceState, DeploymentState, StateDetailCode
from lightsail_containers.simulator._behaviour import ContainerBehaviour
from lightsail_containers.simulator._health import evaluate_health
from lightsail_containers.simulator._records import DeploymentRecord, Phase, ServiceRecord

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from lightsail_containers.simulator._durations import PhaseDurations
    from lightsail_containers.simulator._validation import JsonObject

logger = logging.getLogger("lightsail_containers.simulator")

_PENDING = ContainerServiceState.PENDING
_DEPLOYING = ContainerServiceState.DEPLOYING

# Names of the steps that run when a phase ends, stored in `Phase.action`.
ASSIGN_PRINCIPAL = "assign_principal"
EVALUATE_HEALTH = "evaluate_health"
ACTIVATE = "activate"
MAKE_CURRENT = "make_current"
FAIL = "fail"
FINISH_UPDATE = "finish_update"
MARK_DELETED = "mark_deleted"


class Lifecycle:
    """Queue of timed steps per service, run in order as the clock passes their end."""

    def __init__(
        self, durations: PhaseDurations, behaviours: Mapping[str, ContainerBehaviour]
    ) -> None:
        """Create the lifecycle with step durations and the behaviour of each image."""
        self._durations = durations
        self._behaviours = behaviours

    def provision(self, service: ServiceRecord, now: datetime, *, principal_arn: str) -> None:
        """Queue the PENDING steps of a new service, which gets `principal_arn` at their end."""
        durations = self._durations
        steps = (
            (StateDetailCode.CREATING_SYSTEM_RESOURCES, durations.creating_system_resources),
            (
                StateDetailCode.CREATING_NETWORK_INFRASTRUCTURE,
                durations.creating_network_infrastructure,
            ),
            (StateDetailCode.PROVISIONING_CERTIFICATE, durations.provisioning_certificate),
        )
        for code, seconds in steps:
            service.schedule(Phase(_PENDING, code, seconds), now)

        # AWS reports an empty principalArn until the service is provisioned.
        service.pending_principal_arn = principal_arn
        service.schedule(
            Phase(
                _PENDING,
                StateDetailCode.PROVISIONING_SERVICE,
                durations.provisioning_service,
                action=ASSIGN_PRINCIPAL,
            ),
            now,
        )
        _apply_pending_detail(service)

    def deploy(self, service: ServiceRecord, deployment: DeploymentRecord, now: datetime) -> None:
        """Make `deployment` the service's next deployment and queue its DEPLOYING steps."""
        service.next = deployment
        service.add_deployment(deployment)

        # A deployment requested with a new service starts when provisioning ends.
        starts_at = now
        if service.phases:
            queued = sum(phase.seconds for phase in service.phases)
            starts_at = service.phase_started_at + timedelta(seconds=queued)
        for name in deployment.containers:
            message = f"[deployment:{deployment.version}] Creating your deployment."
            service.logs.add(name, starts_at, message)

        service.schedule(
            Phase(
                _DEPLOYING,
                StateDetailCode.CREATING_DEPLOYMENT,
                self._durations.creating_deployment,
                action=EVALUATE_HEALTH,
                version=deployment.version,
            ),
            now,
        )

    def update(self, service: ServiceRecord, now: datetime) -> None:
        """Queue the UPDATING step that applies a change of configuration."""
        service.schedule(
            Phase(
                ContainerServiceState.UPDATING, None, self._durations.updating, action=FINISH_UPDATE
            ),
            now,
        )

    def delete(self, service: ServiceRecord, now: datetime) -> None:
        """Cancel every pending step and queue the DELETING step, after which the service ends."""
        service.phases.clear()
        service.frozen_detail = None
        service.pending_detail = None
        service.logs.discard_after(now)
        service.schedule(
            Phase(
                ContainerServiceState.DELETING, None, self._durations.deleting, action=MARK_DELETED
            ),
            now,
        )
        service.update_running(now)

    def freeze(self, service: ServiceRecord, detail: JsonObject, now: datetime) -> None:
        """Stop the service in its running step and report `detail` as its stateDetail."""
        service.frozen_detail = detail
        service.logs.discard_after(now)

    def advance(self, service: ServiceRecord, now: datetime) -> None:
        """Run, in order, every step of the service that ends at or before `now`.

        A service with a frozen stateDetail stays in its running step.
        """
        while service.phases and service.frozen_detail is None:
            phase = service.phases[0]
            ends_at = service.phase_started_at + timedelta(seconds=phase.seconds)
            if ends_at > now:
                return

            service.phases.popleft()
            # The next step starts when this one ends, not at the request that notices the end.
            service.phase_started_at = ends_at
            logger.debug(
                "service %s finished step %s/%s at %s",
                service.name,
                phase.state.value,
                phase.code.value if phase.code else "-",
                ends_at.isoformat(),
            )
            self._complete(service, phase)
            _apply_pending_detail(service)

    def _complete(self, service: ServiceRecord, phase: Phase) -> None:
        if phase.action is None:
            return

        ends_at = service.phase_started_at
        if phase.action == ASSIGN_PRINCIPAL:
            service.principal_arn = service.pending_principal_arn
        elif phase.action == FINISH_UPDATE:
            service.update_running(ends_at)
        elif phase.action == MARK_DELETED:
            service.deleted = True
        else:
            self._complete_deployment_step(service, phase, ends_at)

    def _complete_deployment_step(
        self, service: ServiceRecord, phase: Phase, ends_at: datetime
    ) -> None:
        if phase.version is None:
            raise ValueError(f"step {phase.action} of service {service.name} has no version")

        deployment = service.deployment(phase.version)
        if phase.action == EVALUATE_HEALTH:
            self._evaluate_health(service, deployment, ends_at)
        elif phase.action == ACTIVATE:
            self._activate(service, deployment)
        elif phase.action == MAKE_CURRENT:
            _make_current(service, deployment, ends_at)
        elif phase.action == FAIL:
            _fail(service, deployment)
        else:
            raise ValueError(f"unknown lifecycle step {phase.action!r} of service {service.name}")

    def _evaluate_health(
        self, service: ServiceRecord, deployment: DeploymentRecord, starts_at: datetime
    ) -> None:
        # The behaviours are read when the evaluation starts, so a test may script an image
        # after it created the deployment.
        outcome = evaluate_health(deployment, self._behaviour_of, self._durations)
        for line in outcome.lines:
            created_at = starts_at + timedelta(seconds=line.offset)
            service.logs.add(line.container, created_at, line.message)

        service.phases.appendleft(
            Phase(
                _DEPLOYING,
                StateDetailCode.EVALUATING_HEALTH_CHECK,
                outcome.seconds,
                action=ACTIVATE if outcome.passed else FAIL,
                version=deployment.version,
            )
        )

    def _activate(self, service: ServiceRecord, deployment: DeploymentRecord) -> None:
        service.phases.appendleft(
            Phase(
                _DEPLOYING,
                StateDetailCode.ACTIVATING_DEPLOYMENT,
                self._durations.activating_deployment,
                action=MAKE_CURRENT,
                version=deployment.version,
            )
        )

    def _behaviour_of(self, image: str) -> ContainerBehaviour:
        return self._behaviours.get(image, ContainerBehaviour.HEALTHY)


def _apply_pending_detail(service: ServiceRecord) -> None:
    # A fault scripted for a new service freezes it when the step it names starts.
    pending = service.pending_detail
    if pending is None or not service.phases or service.frozen_detail is not None:
        return

    code = service.phases[0].code
    if code is None or code.value != pending["at"]:
        return

    detail: JsonObject = {"code": pending["code"]}
    if pending.get("message") is not None:
        detail["message"] = pending["message"]
    service.frozen_detail = detail
    service.pending_detail = None
    service.logs.discard_after(service.phase_started_at)
    logger.warning(
        "service %s in %s stopped at step %s with injected stateDetail %s",
        service.name,
        service.region,
        code.value,
        pending["code"],
    )


def _make_current(service: ServiceRecord, deployment: DeploymentRecord, now: datetime) -> None:
    previous = service.current
    if previous is not None:
        previous.state = DeploymentState.INACTIVE
        for name in previous.containers:
            service.logs.add(name, now, f"[deployment:{previous.version}] Stopped container.")

    deployment.state = DeploymentState.ACTIVE
    service.current = deployment
    service.next = None
    for name in deployment.containers:
        service.logs.add(name, now, f"[deployment:{deployment.version}] Reached a steady state.")
    service.update_running(now)


def _fail(service: ServiceRecord, deployment: DeploymentRecord) -> None:
    # NOTE: this is a chosen model of AWS's behaviour, which no AWS document states. A
    # failed deployment leaves `nextDeployment` and never becomes `currentDeployment`.
    # The service stays RUNNING on the previous version, or READY without one, and the
    # failed version remains only in the service's deployment history.
    deployment.state = DeploymentState.FAILED
    service.next = None
