"""In-memory records of container services and deployments, and their API form."""

from __future__ import annotations

import collections
import copy
import dataclasses
from typing import TYPE_CHECKING

from lightsail_containers._enums import ContainerServiceState, DeploymentState, StateDetailCode
from lightsail_containers.simulator._logs import ContainerLogs

if TYPE_CHECKING:
    from datetime import datetime

    from lightsail_containers.simulator._validation import JsonObject

# The Lightsail quotas keep the newest 50 deployment versions of a service, and AWS drops
# the oldest one when a newer one is created.
MAX_KEPT_DEPLOYMENTS = 50


@dataclasses.dataclass
class DeploymentRecord:
    """One deployment version of a container service."""

    version: int
    state: DeploymentState
    containers: dict[str, JsonObject]
    public_endpoint: JsonObject | None
    created_at: datetime

    def to_api(self) -> JsonObject:
        """Return the deployment as a ContainerServiceDeployment object of the API."""
        deployment: JsonObject = {
            "version": self.version,
            "state": self.state.value,
            "containers": copy.deepcopy(self.containers),
        }
        if self.public_endpoint is not None:
            deployment["publicEndpoint"] = copy.deepcopy(self.public_endpoint)
        deployment["createdAt"] = self.created_at
        return deployment


@dataclasses.dataclass
class ImageRecord:
    """A container image registered to a service, named `:<service>.<label>.<version>`."""

    image: str
    digest: str
    created_at: datetime

    def to_api(self) -> JsonObject:
        """Return the image as a ContainerImage object of the API."""
        return {"image": self.image, "digest": self.digest, "createdAt": self.created_at}


@dataclasses.dataclass
class Phase:
    """One timed step of a service's lifecycle, shown as its state and stateDetail code.

    `action` names the lifecycle step that runs when this one ends, for the deployment
    `version` where it applies. A name, unlike a callback, survives saving the state.
    """

    state: ContainerServiceState
    code: StateDetailCode | None
    seconds: float
    action: str | None = None
    version: int | None = None


@dataclasses.dataclass
class ServiceRecord:
    """A container service with its configuration, deployments and pending lifecycle steps."""

    name: str
    region: str
    arn: str
    created_at: datetime
    url: str
    power: str
    scale: int
    tags: list[JsonObject]
    public_domain_names: dict[str, list[str]]
    # Start of the running step in `phases`. Meaningless while no step is queued.
    phase_started_at: datetime
    is_disabled: bool = False
    principal_arn: str = ""
    # The principalArn that the service gets when provisioning ends.
    pending_principal_arn: str = ""
    registry_access_active: bool = False
    registry_principal_arn: str = ""
    current: DeploymentRecord | None = None
    next: DeploymentRecord | None = None
    history: list[DeploymentRecord] = dataclasses.field(default_factory=list)
    next_version: int = 1
    phases: collections.deque[Phase] = dataclasses.field(default_factory=collections.deque)
    frozen_detail: JsonObject | None = None
    # A stateDetail to freeze the service with when its step `at` starts: {"code", "message", "at"}.
    pending_detail: JsonObject | None = None
    deleted: bool = False
    images: list[ImageRecord] = dataclasses.field(default_factory=list)
    # The last version registered for each image label. Versions are not reused.
    image_versions: dict[str, int] = dataclasses.field(default_factory=dict)
    logs: ContainerLogs = dataclasses.field(default_factory=ContainerLogs)
    # Closed periods in which the service ran a deployment, for the metrics.
    running_periods: list[tuple[datetime, datetime]] = dataclasses.field(default_factory=list)
    running_since: datetime | None = None

    @property
    def state(self) -> ContainerServiceState:
        """The state that the API reports: that of the running step, else the resting one."""
        if self.phases:
            return self.phases[0].state
        if self.is_disabled:
            return ContainerServiceState.DISABLED
        if self.current is not None:
            return ContainerServiceState.RUNNING
        return ContainerServiceState.READY

    def schedule(self, phase: Phase, now: datetime) -> None:
        """Queue a lifecycle step, which starts now if no other step is pending."""
        if not self.phases:
            self.phase_started_at = now
        self.phases.append(phase)

    def add_deployment(self, deployment: DeploymentRecord) -> None:
        """Append a deployment to the history and drop the oldest beyond the kept number.

        The current deployment is never dropped, because the service still runs it.
        """
        self.history.append(deployment)
        while len(self.history) > MAX_KEPT_DEPLOYMENTS:
            oldest = min(
                (kept for kept in self.history if kept is not self.current),
                key=lambda kept: kept.version,
            )
            self.history.remove(oldest)

    def deployment(self, version: int) -> DeploymentRecord:
        """Return the deployment of `version` from the history.

        Raises:
            LookupError: the history has no such version.
        """
        for deployment in self.history:
            if deployment.version == version:
                return deployment

        raise LookupError(f"service {self.name} has no deployment version {version}")

    def update_running(self, now: datetime) -> None:
        """Open or close the current running period, after a change of deployment or state."""
        running = (
            self.current is not None
            and not self.is_disabled
            and not self.deleted
            and self.state is not ContainerServiceState.DELETING
        )
        if running and self.running_since is None:
            self.running_since = now
        elif not running and self.running_since is not None:
            self.running_periods.append((self.running_since, now))
            self.running_since = None

    def to_api(self, *, include_progress: bool = True) -> JsonObject:
        """Return the service as a ContainerService object of the API.

        With `include_progress` False, the progress code of the running step is left out
        of `stateDetail`, as in the responses of the operations that start the step.
        """
        service: JsonObject = {
            "containerServiceName": self.name,
            "arn": self.arn,
            "createdAt": self.created_at,
            "location": {"availabilityZone": "all", "regionName": self.region},
            "resourceType": "ContainerService",
            "tags": copy.deepcopy(self.tags),
            "power": self.power,
            "powerId": f"{self.power}-1",
            "state": self.state.value,
        }

        state_detail = self._state_detail(include_progress=include_progress)
        if state_detail is not None:
            service["stateDetail"] = state_detail

        service["scale"] = self.scale
        if self.current is not None:
            service["currentDeployment"] = self.current.to_api()
        if self.next is not None:
            service["nextDeployment"] = self.next.to_api()

        service.update(self._endpoints_to_api())
        return service

    def _state_detail(self, *, include_progress: bool) -> JsonObject | None:
        if self.frozen_detail is not None:
            return dict(self.frozen_detail)

        code = self.phases[0].code if self.phases else None
        if code is None or not include_progress:
            return None

        return {"code": code.value}

    def _endpoints_to_api(self) -> JsonObject:
        endpoints: JsonObject = {
            "isDisabled": self.is_disabled,
            "principalArn": self.principal_arn,
            "privateDomainName": f"{self.name}.service.local",
        }
        if self.public_domain_names:
            endpoints["publicDomainNames"] = copy.deepcopy(self.public_domain_names)

        endpoints["url"] = self.url
        endpoints["privateRegistryAccess"] = {
            "ecrImagePullerRole": {
                "isActive": self.registry_access_active,
                "principalArn": self.registry_principal_arn,
            }
        }
        return endpoints
