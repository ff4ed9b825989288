"""Requests and responses of the container-service operations, with no I/O.

The synchronous and the asynchronous client both build their requests and read their
responses here, so that they check the same rules, send the same members and return
the same models. Each ``*_request`` function checks its arguments before it builds the
request members for botocore, and each ``parse_*`` function turns a response into
models.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ._converter import structure, structure_service, unstructure
from ._decisions import UpdateTarget
from ._diff import DeploymentDiff
from ._enums import ContainerServiceState
from ._errors import NotFoundError
from ._history import kept_before, kept_deployment, newest_kept
from ._images import ContainerImage, RegistryLogin
from ._log_stream import check_follow_options
from ._logs import FAILURE_LOG_LINES, FAILURE_LOG_WINDOW, ContainerLogEvent
from ._metadata import ContainerApiMetadata
from ._metrics import MetricData, MetricDatapoint
from ._models import Deployment, DeploymentRequest
from ._operation_checks import as_utc, check_metric_request, check_scale
from ._powers import PowerSpec
from ._validation import (
    check_create_deployment,
    check_create_service,
    check_service_name,
    check_update_service,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import TypeAlias

    from ._enums import Power
    from ._errors import InvalidInputError
    from ._metrics import MetricName, MetricStatistic
    from ._models import (
        Container,
        ContainerService,
        EndpointRequest,
        PrivateRegistryAccessRequest,
        Tag,
    )

    ServiceStates: TypeAlias = ContainerServiceState | str | Iterable[ContainerServiceState | str]

# Lightsail's message for a name that is taken, as seen for other Lightsail resources
# ("Some names are already in use: NAME").
_ALREADY_EXISTS = re.compile(r"already (exists|in use)", re.IGNORECASE)

_DEFAULT_METRIC_SPAN = timedelta(hours=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def create_service_request(
    service_name: str,
    *,
    power: Power | str,
    scale: int,
    tags: Iterable[Tag] = (),
    public_domain_names: Mapping[str, Iterable[str]] | None = None,
    deployment: DeploymentRequest | None = None,
    private_registry_access: PrivateRegistryAccessRequest | None = None,
) -> dict[str, Any]:
    """Check a CreateContainerService call and return its request members.

    Raises:
        ValidationError: An argument breaks a rule of the API.
    """
    check_create_service(
        service_name,
        power=power,
        scale=scale,
        tags=tags,
        public_domain_names=public_domain_names,
        deployment=deployment,
    )
    request: dict[str, Any] = {"serviceName": service_name, "power": str(power), "scale": scale}
    if tags:
        request["tags"] = [unstructure(tag) for tag in tags]
    if public_domain_names is not None:
        request["publicDomainNames"] = _domains(public_domain_names)
    if deployment is not None:
        request["deployment"] = unstructure(deployment)
    if private_registry_access is not None:
        request["privateRegistryAccess"] = unstructure(private_registry_access)

    return request


def create_deployment_request(
    service_name: str,
    deployment: DeploymentRequest | None,
    containers: Mapping[str, Container] | None,
    public_endpoint: EndpointRequest | None,
) -> dict[str, Any]:
    """Check a CreateContainerServiceDeployment call and return its request members.

    Raises:
        ValidationError: An argument breaks a rule of the API.
        ValueError: Both or neither of ``deployment`` and ``containers`` were given, or
            ``public_endpoint`` was given with ``deployment``.
    """
    check_create_deployment(service_name, deployment, containers, public_endpoint)
    if (deployment is None) == (containers is None):
        raise ValueError("pass either deployment or containers (with public_endpoint)")
    if deployment is not None and public_endpoint is not None:
        raise ValueError(
            "public_endpoint goes with containers; a DeploymentRequest carries its own"
        )
    if deployment is None:
        deployment = DeploymentRequest(containers or {}, public_endpoint)

    return {"serviceName": service_name, **unstructure(deployment)}


def update_service_request(
    service_name: str,
    *,
    power: Power | str | None,
    scale: int | None,
    is_disabled: bool | None,
    public_domain_names: Mapping[str, Iterable[str]] | None,
    private_registry_access: PrivateRegistryAccessRequest | None,
) -> dict[str, Any]:
    """Check an UpdateContainerService call and return its request members.

    Raises:
        ValidationError: An argument breaks a rule of the API.
    """
    check_update_service(service_name, power, scale, public_domain_names)
    request: dict[str, Any] = {"serviceName": service_name}
    if power is not None:
        request["power"] = str(power)
    if scale is not None:
        request["scale"] = scale
    if is_disabled is not None:
        request["isDisabled"] = is_disabled
    if public_domain_names is not None:
        request["publicDomainNames"] = _domains(public_domain_names)
    if private_registry_access is not None:
        request["privateRegistryAccess"] = unstructure(private_registry_access)

    return request


def metric_request(
    service_name: str,
    metric_name: MetricName | str,
    *,
    start_time: datetime | None,
    end_time: datetime | None,
    period_seconds: int,
    statistics: Iterable[MetricStatistic | str],
    now: float,
) -> dict[str, Any]:
    """Check a GetContainerServiceMetricData call and return its request members.

    ``now`` is in seconds since the Unix epoch; the time range ends then by default,
    and starts one hour before its end.

    Raises:
        ValidationError: An argument breaks a rule of the API, or ``end_time`` is not
            after ``start_time``.
    """
    end = end_time
    if end is None:
        end = datetime.fromtimestamp(now, tz=timezone.utc)
    start = start_time if start_time is not None else as_utc(end) - _DEFAULT_METRIC_SPAN
    chosen = statistics if isinstance(statistics, str) else tuple(statistics)
    check_metric_request(
        service_name,
        metric_name,
        start_time=start,
        end_time=end,
        period_seconds=period_seconds,
        statistics=chosen,
    )

    return {
        "serviceName": service_name,
        "metricName": str(metric_name),
        "startTime": as_utc(start),
        "endTime": as_utc(end),
        "period": period_seconds,
        "statistics": [str(statistic) for statistic in chosen],
    }


def log_request(
    service_name: str,
    container_name: str,
    *,
    start_time: datetime | None,
    end_time: datetime | None,
    filter_pattern: str | None,
    follow: bool,
) -> dict[str, Any]:
    """Return the members of the GetContainerLog calls of one read of a container's log.

    A follow sets startTime on each poll, so its request leaves the time range out.
    The caller checks the arguments first, with ``check_log_request`` and
    ``check_follow``.
    """
    request: dict[str, Any] = {"serviceName": service_name, "containerName": container_name}
    if filter_pattern is not None:
        request["filterPattern"] = filter_pattern
    if follow:
        return request

    if start_time is not None:
        request["startTime"] = as_utc(start_time)
    if end_time is not None:
        request["endTime"] = as_utc(end_time)
    return request


# The follow options are checked where the follow loop lives, under the name both
# clients import from here.
check_follow = check_follow_options


def check_cost_request(
    service_name: str | None, power: Power | str | None, scale: int | None
) -> None:
    """Raise unless the arguments of a cost estimate name a service, or a power and scale.

    Raises:
        ValidationError: The service name or the scale breaks a rule of the API.
        ValueError: Neither a service name nor both power and scale were given.
    """
    if service_name is None and (power is None or scale is None):
        raise ValueError("pass a service name, or both power and scale")
    if service_name is not None:
        check_service_name(service_name)
    if scale is not None:
        check_scale(scale)


def priced_values(
    service_name: str | None,
    service: ContainerService | None,
    power: Power | str | None,
    scale: int | None,
) -> tuple[Power | str, int, str | None]:
    """Return the power, scale and power id to price: the arguments, else the service's.

    Raises:
        ValueError: Neither the arguments nor the service give a power and a scale.
    """
    power_id = None
    if service is not None:
        # The power id names the priced version of the service's own power.
        power_id = service.power_id if power is None else None
        power = service.power if power is None else power
        scale = service.scale if scale is None else scale
    if power is None or scale is None:
        raise ValueError(f"container service {service_name!r} reports no power or scale")

    return power, scale, power_id


def parse_service(response: Mapping[str, Any]) -> ContainerService:
    """Return the service of a create, deployment or update response."""
    return structure_service(response["containerService"])


def parse_named_service(service_name: str, response: Mapping[str, Any]) -> ContainerService:
    """Return the one service of a GetContainerServices response for ``service_name``.

    Raises:
        NotFoundError: The response lists no service.
    """
    services = response.get("containerServices", [])
    if not services:
        raise NotFoundError(
            "GetContainerServices",
            "EmptyResult",
            f"no container service named {service_name!r} in the response",
            response.get("ResponseMetadata", {}).get("RequestId"),
        )

    return structure_service(services[0])


def parse_services(response: Mapping[str, Any]) -> tuple[ContainerService, ...]:
    """Return every service of a GetContainerServices response."""
    # A malformed item is skipped rather than shown as an empty service. The typed
    # response cannot express one, so the items are checked as plain objects.
    items: list[object] = list(response.get("containerServices", []))
    return tuple(structure_service(item) for item in items if isinstance(item, dict))


def parse_deployments(response: Mapping[str, Any]) -> tuple[Deployment, ...]:
    """Return the deployments of a GetContainerServiceDeployments response, newest first."""
    deployments = [structure(item, Deployment) for item in response.get("deployments", [])]

    # The API reference states both "ascending order" and "the newest version is listed
    # at the top", so the order is set here.
    return tuple(sorted(deployments, key=lambda item: item.version or 0, reverse=True))


def parse_metric_data(response: Mapping[str, Any], metric_name: MetricName | str) -> MetricData:
    """Return the datapoints of a GetContainerServiceMetricData response, oldest first."""
    datapoints = [structure(item, MetricDatapoint) for item in response.get("metricData", [])]
    datapoints.sort(key=lambda item: item.timestamp or _EPOCH)
    return MetricData(response.get("metricName", str(metric_name)), datapoints)


def parse_powers(response: Mapping[str, Any]) -> tuple[PowerSpec, ...]:
    """Return the powers of a GetContainerServicePowers response."""
    return tuple(structure(item, PowerSpec) for item in response.get("powers", []))


def parse_registered_image(response: Mapping[str, Any]) -> ContainerImage:
    """Return the image of a RegisterContainerImage response."""
    return structure(response.get("containerImage", {}), ContainerImage)


def parse_images(response: Mapping[str, Any]) -> tuple[ContainerImage, ...]:
    """Return the images of a GetContainerImages response, newest first."""
    images = [structure(item, ContainerImage) for item in response.get("containerImages", [])]
    # The API reference states no order.
    images.sort(key=lambda image: image.created_at or _EPOCH, reverse=True)
    return tuple(images)


def parse_registry_login(response: Mapping[str, Any]) -> RegistryLogin:
    """Return the credentials of a CreateContainerServiceRegistryLogin response."""
    return structure(response.get("registryLogin", {}), RegistryLogin)


def parse_api_metadata(response: Mapping[str, Any]) -> ContainerApiMetadata:
    """Return the metadata of a GetContainerAPIMetadata response."""
    return ContainerApiMetadata(response.get("metadata", []))


def is_name_taken(error: InvalidInputError) -> bool:
    """Return whether AWS rejected a create because the service name is in use."""
    return bool(_ALREADY_EXISTS.search(error.aws_message))


def is_created_by_request(service: ContainerService, request: Mapping[str, Any]) -> bool:
    """Return whether a service could be the one that a CreateContainerService request made.

    It must have the requested power and scale and still be PENDING.
    """
    return (
        service.power == request["power"]
        and service.scale == request["scale"]
        and service.state is ContainerServiceState.PENDING
    )


def target_states(until: ServiceStates) -> frozenset[ContainerServiceState]:
    """Return the states of a waiter's ``until`` argument.

    Raises:
        ValueError: ``until`` names no state, or a value that is not a state.
    """
    values = [until] if isinstance(until, str) else list(until)
    if not values:
        raise ValueError("until must name at least one container service state")

    known = {state.value: state for state in ContainerServiceState}
    unknown = [value for value in values if str(value) not in known]
    if unknown:
        raise ValueError(
            f"until: {unknown[0]!r} is not a container service state; use one of {', '.join(known)}"
        )

    return frozenset(known[str(value)] for value in values)


def update_target(
    power: Power | str | None,
    scale: int | None,
    public_domain_names: Mapping[str, Iterable[str]] | None,
) -> UpdateTarget:
    """Return the waiter target of an update with these values."""
    domains = None
    if public_domain_names is not None:
        domains = {cert: frozenset(names) for cert, names in public_domain_names.items()}

    return UpdateTarget(
        power=None if power is None else str(power), scale=scale, public_domain_names=domains
    )


def check_version(version: object) -> None:
    """Raise ValueError unless ``version`` is a deployment version: a whole number from 1."""
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"version: {version!r} is not a deployment version; use 1 or more")


def newest_known_version(service_name: str, *versions: int | None) -> int:
    """Return the highest of the versions that are known.

    Raises:
        NotFoundError: None is known, so the service has no deployment to wait for.
    """
    version = max((known for known in versions if known is not None), default=None)
    if version is None:
        raise NotFoundError(
            "GetContainerServices",
            "NoDeployment",
            f"container service {service_name!r} has no deployment to wait for",
            None,
        )

    return version


def present(service: ContainerService | None) -> ContainerService:
    """Return the snapshot of a waiter that is not a deletion waiter."""
    # Only a deletion waiter returns None, and the callers of this never run one.
    if service is None:
        raise RuntimeError("the waiter returned no snapshot")

    return service


def check_compared_versions(before_version: int | None, after_version: int | None) -> None:
    """Raise ValueError unless each given version is a deployment version."""
    for version in (before_version, after_version):
        if version is not None:
            check_version(version)


def compare_in_history(
    service_name: str,
    history: Iterable[Deployment],
    before_version: int | None,
    after_version: int | None,
) -> DeploymentDiff:
    """Compare two versions of a deployment history, by default the two newest.

    Raises:
        NotFoundError: The history lacks a version (code ``NoDeployment``).
    """
    kept = tuple(history)
    if after_version is None:
        after = newest_kept(service_name, kept)
    else:
        after = kept_deployment(service_name, kept, after_version)
    if before_version is None:
        before = kept_before(service_name, kept, after.version or 0)
    else:
        before = kept_deployment(service_name, kept, before_version)

    return DeploymentDiff.between(before, after)


def failure_log_start(deployment: Deployment, now: datetime) -> datetime:
    """Return the start of the log lines to attach to a failed deployment.

    It is the deployment's creation, but no earlier than FAILURE_LOG_WINDOW before ``now``.
    """
    start = now - FAILURE_LOG_WINDOW
    if deployment.created_at is not None:
        start = max(start, deployment.created_at)
    return start


def newest_failure_lines(
    events: Iterable[ContainerLogEvent], start: datetime
) -> tuple[ContainerLogEvent, ...]:
    """Return the newest FAILURE_LOG_LINES of ``events``, oldest first."""
    ordered = sorted(events, key=lambda event: event.created_at or start)
    return tuple(ordered[-FAILURE_LOG_LINES:])


def parse_log_events(response: Mapping[str, Any]) -> list[ContainerLogEvent]:
    """Return the lines of one GetContainerLog page, in the order AWS sent them."""
    return [structure(event, ContainerLogEvent) for event in response.get("logEvents", [])]


def _domains(public_domain_names: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    return {certificate: list(names) for certificate, names in public_domain_names.items()}
