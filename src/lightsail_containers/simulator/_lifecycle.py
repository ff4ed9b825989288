"""Timed lifecycle of container services: provisioning, deployments, updates, deletion."""

from __future__ import annotations

import functools
import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from lightsail_containers._enums import ContainerServiceState, DeploymentState, StateDetailCode
from lightsail_containers.simulator._behaviour import ContainerBehaviour
from lightsail_containers.simulator._records import DeploymentRecord, Phase, ServiceRecord

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

    from lightsail_containers.simulator._durations import PhaseDurations

logger = logging.getLogger("lightsail_containers.simulator")

_PENDING = ContainerServiceState.PENDING
_DEPLOYING = ContainerServiceState.DEPLOYING


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
        service.schedule(
            Phase(
                _PENDING,
                StateDetailCode.PROVISIONING_SERVICE,
                durations.provisioning_service,
                on_complete=functools.partial(_assign_principal, service, principal_arn),
            ),
            now,
        )

    def deploy(self, service: ServiceRecord, deployment: DeploymentRecord, now: datetime) -> None:
        """Make `deployment` the service's next deployment and queue its DEPLOYING steps."""
        service.next = deployment
        service.history.append(deployment)
        service.schedule(
            Phase(
                _DEPLOYING,
                StateDetailCode.CREATING_DEPLOYMENT,
                self._durations.creating_deployment,
                on_complete=functools.partial(self._evaluate_health, service, deployment),
            ),
            now,
        )

    def update(self, service: ServiceRecord, now: datetime) -> None:
        """Queue the UPDATING step that applies a change of configuration."""
        service.schedule(Phase(ContainerServiceState.UPDATING, None, self._durations.updating), now)

    def delete(self, service: ServiceRecord, now: datetime) -> None:
        """Cancel every pending step and queue the DELETING step, after which the service ends."""
        service.phases.clear()
        service.frozen_detail = None
        service.schedule(
            Phase(
                ContainerServiceState.DELETING,
                None,
                self._durations.deleting,
                on_complete=functools.partial(_mark_deleted, service),
            ),
            now,
        )

    def advance(self, service: ServiceRecord, now: datetime) -> None:
        """Run, in order, every step of the service that ends at or before `now`.

        A service with an injected stateDetail stays in its running step.
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
            if phase.on_complete is not None:
                phase.on_complete()

    def _evaluate_health(self, service: ServiceRecord, deployment: DeploymentRecord) -> None:
        # The behaviours are read when the evaluation starts, so a test may script an image
        # after it created the deployment.
        behaviours = [self._behaviour_of(container) for container in deployment.containers.values()]
        durations = self._durations

        # Any failing container fails the whole deployment, whether or not it is the
        # public endpoint.
        if any(behaviour.fails_deployment for behaviour in behaviours):
            seconds = durations.failed_health_check
            on_complete = functools.partial(_fail, service, deployment)
        elif any(behaviour.starts_slowly for behaviour in behaviours):
            seconds = durations.slow_start_health_check
            on_complete = functools.partial(self._activate, service, deployment)
        else:
            seconds = durations.evaluating_health_check
            on_complete = functools.partial(self._activate, service, deployment)

        service.phases.appendleft(
            Phase(_DEPLOYING, StateDetailCode.EVALUATING_HEALTH_CHECK, seconds, on_complete)
        )

    def _activate(self, service: ServiceRecord, deployment: DeploymentRecord) -> None:
        service.phases.appendleft(
            Phase(
                _DEPLOYING,
                StateDetailCode.ACTIVATING_DEPLOYMENT,
                self._durations.activating_deployment,
                on_complete=functools.partial(_make_current, service, deployment),
            )
        )

    def _behaviour_of(self, container: Mapping[str, object]) -> ContainerBehaviour:
        image = container.get("image")
        if not isinstance(image, str):
            return ContainerBehaviour.HEALTHY
        return self._behaviours.get(image, ContainerBehaviour.HEALTHY)


def _assign_principal(service: ServiceRecord, principal_arn: str) -> None:
    service.principal_arn = principal_arn


def _mark_deleted(service: ServiceRecord) -> None:
    service.deleted = True


def _make_current(service: ServiceRecord, deployment: DeploymentRecord) -> None:
    if service.current is not None:
        service.current.state = DeploymentState.INACTIVE

    deployment.state = DeploymentState.ACTIVE
    service.current = deployment
    service.next = None


def _fail(service: ServiceRecord, deployment: DeploymentRecord) -> None:
    # NOTE: this is a chosen model of AWS's behaviour, which no AWS document states. A
    # failed deployment leaves `nextDeployment` and never becomes `currentDeployment`.
    # The service stays RUNNING on the previous version, or READY without one, and the
    # failed version remains only in the service's deployment history.
    deployment.state = DeploymentState.FAILED
    service.next = None
