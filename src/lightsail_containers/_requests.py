"""Requests and responses of the container-service operations, with no I/O.

The synchronous and the asynchronous client both build their requests and read their
responses here, so that they check the same rules, send the same members and return
the same models. Each ``*_request`` function checks its arguments before it builds the
request members for botocore, and each ``parse_*`` function turns a response into
models.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ._converter import structure, structure_service, unstructure
from ._enums import ContainerServiceState
from ._errors import NotFoundError
from ._models import Deployment, DeploymentRequest
from ._validation import (
    check_create_deployment,
    check_create_service,
    check_update_service,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import TypeAlias

    from ._enums import Power
    from ._errors import InvalidInputError
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


def _domains(public_domain_names: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    return {certificate: list(names) for certificate, names in public_domain_names.items()}
