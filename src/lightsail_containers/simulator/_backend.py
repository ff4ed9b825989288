"""State of the simulated container services and the operations that change it.

Error messages marked "Observed wording" copy real AWS responses. The others are guesses
in the same style.
"""

from __future__ import annotations

import logging
import secrets
import string
import threading
import uuid
from typing import TYPE_CHECKING

from lightsail_containers._enums import ContainerServiceState, DeploymentState
from lightsail_containers.simulator import _catalog, _images
from lightsail_containers.simulator._errors import InvalidInputError, NotFoundError
from lightsail_containers.simulator._lifecycle import Lifecycle
from lightsail_containers.simulator._logs import DEFAULT_PAGE_SIZE, LogQuery
from lightsail_containers.simulator._metrics import MetricQuery, metric_data
from lightsail_containers.simulator._records import DeploymentRecord, ServiceRecord
from lightsail_containers.simulator._validation import (
    check_deployment,
    check_digest,
    check_label,
    check_power,
    check_public_domain_names,
    check_registry_access,
    check_scale,
    check_service_name,
    check_string,
    check_tags,
    check_timestamp,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from lightsail_containers.simulator._behaviour import ContainerBehaviour
    from lightsail_containers.simulator._clock import Clock
    from lightsail_containers.simulator._durations import PhaseDurations
    from lightsail_containers.simulator._faults import FaultInjector
    from lightsail_containers.simulator._validation import JsonObject

    _Operation = Callable[[str, JsonObject], JsonObject]

logger = logging.getLogger("lightsail_containers.simulator")

# Principal ARNs name roles in an account that AWS owns, not in the user's account. This
# placeholder number is the one that the published examples use.
_LIGHTSAIL_ACCOUNT_ID = "444455556666"
_ID_ALPHABET = string.ascii_lowercase + string.digits
_MODIFIABLE = frozenset({ContainerServiceState.READY, ContainerServiceState.RUNNING})
_UPDATABLE = _MODIFIABLE | {ContainerServiceState.DISABLED}


class Backend:
    """Container services of every region, advanced to the clock before each request."""

    def __init__(
        self,
        *,
        clock: Clock,
        durations: PhaseDurations,
        account_id: str,
        faults: FaultInjector,
        log_page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        """Create an empty backend that reads `clock` and runs steps of `durations`."""
        self._clock = clock
        self._account_id = account_id
        self._faults = faults
        self._log_page_size = log_page_size
        self._behaviours: dict[str, ContainerBehaviour] = {}
        self._lifecycle = Lifecycle(durations, self._behaviours)
        self._regions: dict[str, dict[str, ServiceRecord]] = {}
        self._lock = threading.RLock()
        self._operations: dict[str, _Operation] = {
            "CreateContainerService": self._create_container_service,
            "CreateContainerServiceDeployment": self._create_container_service_deployment,
            "GetContainerServices": self._get_container_services,
            "GetContainerServiceDeployments": self._get_container_service_deployments,
            "UpdateContainerService": self._update_container_service,
            "DeleteContainerService": self._delete_container_service,
            "GetContainerLog": self._get_container_log,
            "GetContainerServicePowers": self._get_container_service_powers,
            "GetContainerServiceMetricData": self._get_container_service_metric_data,
            "RegisterContainerImage": self._register_container_image,
            "GetContainerImages": self._get_container_images,
            "DeleteContainerImage": self._delete_container_image,
            "CreateContainerServiceRegistryLogin": self._create_registry_login,
            "GetContainerAPIMetadata": self._get_container_api_metadata,
        }

    @property
    def lock(self) -> threading.RLock:
        """Lock that guards the state, held while an operation runs."""
        return self._lock

    @property
    def regions(self) -> dict[str, dict[str, ServiceRecord]]:
        """Services of every region by name. Hold `lock` while you read or change them."""
        return self._regions

    @property
    def behaviours(self) -> dict[str, ContainerBehaviour]:
        """Scripted behaviour of each image. Hold `lock` while you read or change them."""
        return self._behaviours

    def dispatch(self, region: str, operation: str, params: JsonObject) -> JsonObject:
        """Run one API operation in `region` and return its output.

        Raises:
            SimulatedApiError: the operation is not supported, or AWS would reject the
                request.
        """
        handler = self._operations.get(operation)
        if handler is None:
            raise InvalidInputError(
                f"The simulator does not support the operation {operation} yet."
            )

        with self._lock:
            self._advance()
            return handler(region, params)

    def set_image_behaviour(self, image: str, behaviour: ContainerBehaviour) -> None:
        """Script how containers of `image` behave in the deployments that start from now."""
        with self._lock:
            self._behaviours[image] = behaviour

    def inject_state_detail(self, region: str, name: str, code: str, message: str | None) -> None:
        """Freeze the service in its current step and report this stateDetail from now on.

        Raises:
            LookupError: no service of that name exists in the region.
        """
        with self._lock:
            self._advance()
            service = self._lookup(region, name)
            detail: JsonObject = {"code": code}
            if message is not None:
                detail["message"] = message
            self._lifecycle.freeze(service, detail, self._clock.now())

    def container_log(self, region: str, name: str, container: str) -> list[str]:
        """Return the messages of a container's log that exist by now, oldest first.

        Raises:
            LookupError: no service of that name exists in the region.
        """
        with self._lock:
            self._advance()
            service = self._lookup(region, name)
            return service.logs.messages(container, self._clock.now())

    def deployments(self, region: str, name: str) -> list[JsonObject]:
        """Return the kept deployments of the service, newest version first.

        Raises:
            LookupError: no service of that name exists in the region.
        """
        with self._lock:
            self._advance()
            service = self._lookup(region, name)
            history = sorted(service.history, key=lambda deployment: -deployment.version)
            return [deployment.to_api() for deployment in history]

    def _create_container_service(self, region: str, params: JsonObject) -> JsonObject:
        name = check_service_name(params.get("serviceName"))
        power = check_power(params.get("power"))
        scale = check_scale(params.get("scale"))
        tags = check_tags(params.get("tags"))
        domains = check_public_domain_names(params.get("publicDomainNames")) or {}
        registry_access = check_registry_access(params.get("privateRegistryAccess"))
        deployment = _deployment_member(name, params.get("deployment"))

        services = self._regions.setdefault(region, {})
        if name in services:
            # Observed wording for other Lightsail resources whose name is taken.
            raise InvalidInputError(f"Some names are already in use: {name}")

        now = self._clock.now()
        service = ServiceRecord(
            name=name,
            region=region,
            arn=f"arn:aws:lightsail:{region}:{self._account_id}:ContainerService/{uuid.uuid4()}",
            created_at=now,
            url=f"https://{name}.{_random_id(13)}.{region}.cs.amazonlightsail.com/",
            power=power,
            scale=scale,
            tags=tags,
            public_domain_names=domains,
            phase_started_at=now,
        )
        if registry_access:
            _set_registry_access(service, is_active=True)
        service.pending_detail = self._faults.state_detail_for_new_service(name)
        services[name] = service

        self._lifecycle.provision(service, now, principal_arn=_principal_arn(service))
        if deployment is not None:
            containers, endpoint = deployment
            self._lifecycle.deploy(
                service, _new_deployment(service, containers, endpoint, now), now
            )

        logger.debug("created container service %s in %s", name, region)
        return {"containerService": service.to_api(include_progress=False)}

    def _create_container_service_deployment(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        containers, endpoint = check_deployment(
            service.name, params.get("containers"), params.get("publicEndpoint")
        )
        _check_deployable(service)

        now = self._clock.now()
        deployment = _new_deployment(service, containers, endpoint, now)
        self._lifecycle.deploy(service, deployment, now)

        logger.debug("service %s deploys version %d", service.name, deployment.version)
        return {"containerService": service.to_api(include_progress=False)}

    def _get_container_services(self, region: str, params: JsonObject) -> JsonObject:
        name = params.get("serviceName")
        if name is None:
            services = list(self._regions.get(region, {}).values())
        else:
            services = [self._find(region, name)]

        return {"containerServices": [service.to_api() for service in services]}

    def _get_container_service_deployments(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        # The API reference states that the newest version is listed first.
        history = sorted(service.history, key=lambda deployment: -deployment.version)
        return {"deployments": [deployment.to_api() for deployment in history]}

    def _update_container_service(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))

        # Check every member before changing anything, so a rejected request changes nothing.
        power = None if params.get("power") is None else check_power(params["power"])
        scale = None if params.get("scale") is None else check_scale(params["scale"])
        is_disabled = params.get("isDisabled")
        domains = check_public_domain_names(params.get("publicDomainNames"))
        registry_access = check_registry_access(params.get("privateRegistryAccess"))
        if is_disabled is not None and not isinstance(is_disabled, bool):
            raise InvalidInputError(f"isDisabled must be true or false, got {is_disabled!r}.")
        if service.state not in _UPDATABLE:
            raise _busy_error(service)

        # The response already shows the requested configuration, while the service is
        # UPDATING.
        if power is not None:
            service.power = power
        if scale is not None:
            service.scale = scale
        if is_disabled is not None:
            service.is_disabled = is_disabled
        if domains is not None:
            service.public_domain_names = domains
        if registry_access is not None:
            _set_registry_access(service, is_active=registry_access)

        self._lifecycle.update(service, self._clock.now())
        return {"containerService": service.to_api(include_progress=False)}

    def _delete_container_service(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        if service.state is not ContainerServiceState.DELETING:
            self._lifecycle.delete(service, self._clock.now())

        logger.debug("deleting container service %s in %s", service.name, region)
        return {}

    def _get_container_log(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        container = str(check_string("containerName", params.get("containerName")))
        query = LogQuery(
            container=container,
            start=check_timestamp("startTime", params.get("startTime")),
            end=check_timestamp("endTime", params.get("endTime")),
            filter_pattern=check_string(
                "filterPattern", params.get("filterPattern"), required=False
            )
            or "",
            page_token=check_string("pageToken", params.get("pageToken"), required=False),
        )

        deployed = {name for deployment in service.history for name in deployment.containers}
        if container not in deployed and container not in service.logs.containers:
            # NOTE: the error that AWS returns for a container that never ran is a guess.
            raise NotFoundError(
                f'The container "{container}" never ran on container service "{service.name}".'
            )

        return service.logs.query(query, now=self._clock.now(), page_size=self._log_page_size)

    def _get_container_service_powers(self, _region: str, _params: JsonObject) -> JsonObject:
        return {"powers": _catalog.container_service_powers()}

    def _get_container_service_metric_data(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        query = MetricQuery.from_params(
            params,
            check_timestamp("startTime", params.get("startTime")),
            check_timestamp("endTime", params.get("endTime")),
        )
        return {
            "metricName": query.metric_name,
            "metricData": metric_data(service, query, self._clock.now()),
        }

    def _register_container_image(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        label = check_label(params.get("label"))
        digest = check_digest(params.get("digest"))
        if service.state is ContainerServiceState.DELETING:
            raise _busy_error(service)

        image = _images.register_image(service, label, digest, self._clock.now())
        logger.debug("registered image %s to service %s in %s", image.image, service.name, region)
        return {"containerImage": image.to_api()}

    def _get_container_images(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        return {"containerImages": _images.list_images(service)}

    def _delete_container_image(self, region: str, params: JsonObject) -> JsonObject:
        service = self._find(region, params.get("serviceName"))
        image = str(check_string("image", params.get("image")))
        _images.delete_image(service, image)
        return {}

    def _create_registry_login(self, region: str, _params: JsonObject) -> JsonObject:
        return {"registryLogin": _images.registry_login(region, self._clock.now())}

    def _get_container_api_metadata(self, _region: str, _params: JsonObject) -> JsonObject:
        return {"metadata": _catalog.container_api_metadata()}

    def _advance(self) -> None:
        now = self._clock.now()
        for services in self._regions.values():
            for service in list(services.values()):
                self._lifecycle.advance(service, now)
                if service.deleted:
                    del services[service.name]

    def _find(self, region: str, name: object) -> ServiceRecord:
        service_name = check_service_name(name)
        service = self._regions.get(region, {}).get(service_name)
        if service is None:
            # NOTE: the wording of this message is a guess.
            raise NotFoundError(f"The ContainerService does not exist: {service_name}")

        return service

    def _lookup(self, region: str, name: str) -> ServiceRecord:
        service = self._regions.get(region, {}).get(name)
        if service is None:
            raise LookupError(f"no container service named {name!r} in region {region}")

        return service


def _deployment_member(
    service_name: str, value: object
) -> tuple[dict[str, JsonObject], JsonObject | None] | None:
    if value is None:
        return None

    if not isinstance(value, dict):
        raise InvalidInputError("deployment must be an object.")

    return check_deployment(service_name, value.get("containers"), value.get("publicEndpoint"))


def _new_deployment(
    service: ServiceRecord,
    containers: dict[str, JsonObject],
    endpoint: JsonObject | None,
    now: datetime,
) -> DeploymentRecord:
    version = service.next_version
    service.next_version += 1
    return DeploymentRecord(
        version=version,
        state=DeploymentState.ACTIVATING,
        containers=containers,
        public_endpoint=endpoint,
        created_at=now,
    )


def _check_deployable(service: ServiceRecord) -> None:
    state = service.state
    if state is ContainerServiceState.DEPLOYING and service.next is not None:
        # Observed wording.
        raise InvalidInputError(
            f"Sorry, deployment {service.next.version} is in progress for service "
            f'"{service.name}". Please wait for it to complete before trying again.'
        )

    if state is ContainerServiceState.DISABLED:
        raise InvalidInputError(
            f'Container service "{service.name}" is disabled. Enable it with '
            "UpdateContainerService before you create a deployment."
        )

    if state not in _MODIFIABLE:
        raise _busy_error(service)


def _busy_error(service: ServiceRecord) -> InvalidInputError:
    return InvalidInputError(
        f'Sorry, container service "{service.name}" is in the {service.state.value} state '
        "and cannot be modified now. Please try again in a few minutes."
    )


def _set_registry_access(service: ServiceRecord, *, is_active: bool) -> None:
    service.registry_access_active = is_active
    # The path of this role ARN is a guess, and AWS reports it empty while inactive.
    service.registry_principal_arn = (
        f"{_principal_arn(service)}/ecr-image-puller" if is_active else ""
    )


def _principal_arn(service: ServiceRecord) -> str:
    return (
        f"arn:aws:iam::{_LIGHTSAIL_ACCOUNT_ID}:role/amazon/lightsail/{service.region}"
        f"/containers/{service.name}/{_random_id(52)}"
    )


def _random_id(length: int) -> str:
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(length))
