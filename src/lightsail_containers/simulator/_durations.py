"""How long each step of a container service's lifecycle lasts in the simulator."""

from __future__ import annotations

import math

import attrs


def _check_seconds(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{attribute.name} must be a finite number of seconds >= 0, got {value!r}")


def _seconds(default: float) -> float:
    return attrs.field(default=default, validator=_check_seconds)


@attrs.frozen(kw_only=True)
class PhaseDurations:
    """Seconds of virtual time that each lifecycle step of a container service lasts.

    The defaults are estimates of what users observe on AWS, not numbers that AWS
    documents: a new service takes about 4 minutes to provision, a healthy deployment
    about 2.5 minutes, and a failing one about 12 minutes before it is marked FAILED.
    """

    # Provisioning a new service: state PENDING, one stateDetail code per step.
    creating_system_resources: float = _seconds(60.0)
    creating_network_infrastructure: float = _seconds(60.0)
    provisioning_certificate: float = _seconds(60.0)
    provisioning_service: float = _seconds(60.0)

    # A deployment: state DEPLOYING.
    creating_deployment: float = _seconds(60.0)
    evaluating_health_check: float = _seconds(60.0)
    # Replace evaluating_health_check when a container starts slowly or fails.
    slow_start_health_check: float = _seconds(180.0)
    failed_health_check: float = _seconds(600.0)
    activating_deployment: float = _seconds(30.0)

    # UpdateContainerService (power, scale, domains, disable or enable): state UPDATING.
    updating: float = _seconds(120.0)
    # DeleteContainerService: state DELETING, then the service is gone.
    deleting: float = _seconds(60.0)

    @property
    def provisioning(self) -> float:
        """Total seconds from CreateContainerService until the service is READY."""
        return (
            self.creating_system_resources
            + self.creating_network_infrastructure
            + self.provisioning_certificate
            + self.provisioning_service
        )

    @property
    def healthy_deployment(self) -> float:
        """Total seconds that a deployment of healthy containers spends in DEPLOYING."""
        return self.creating_deployment + self.evaluating_health_check + self.activating_deployment
