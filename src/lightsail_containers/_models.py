"""Frozen models of the Lightsail container-service shapes.

Field names are the snake_case forms of the API's camelCase members. Every member of a
response shape is optional in the API model, so scalar fields default to ``None`` and
collections to empty ones: a missing list or map means the same as an empty one.
Collections are immutable tuples and ``FrozenDict`` mappings, so every model can be
hashed, pickled and copied.

A model built by hand takes ``None`` for a list or map field as an empty one, as
conversion does for a null member of a response. A list field takes any other iterable
except a ``str``, ``bytes`` or mapping, since a single string would split into
characters and a mapping would give only its keys. A map field takes any mapping. Any
other value raises TypeError, naming the field, the value's type and a valid example.
The message shows the value too, except for ``Container.command``,
``Container.environment`` and the ``containers`` of deployments, which can hold
secrets. The domain-name lists of ``ContainerService.public_domain_names`` follow the
list rule. Other items are not checked here, because ``DeploymentRequest`` reports
wrong items as problems of a ValidationError, with their paths.

Values AWS adds later never break conversion:

* an enum value the package does not know stays a plain ``str`` in the enum-typed field;
* a member the package does not know stays reachable through ``ContainerService.raw``,
  the response dict as boto3 returned it, which takes no part in equality or repr.

The models keep their fields in the instance ``__dict__`` (``slots=False``), because
conversion stores into a dict about three times faster than through slot descriptors
(see ``_codegen``). They stay frozen: assigning or deleting an attribute raises
``attrs.exceptions.FrozenInstanceError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from ._enums import (
    ContainerServiceState,
    DeploymentState,
    Power,
    Protocol,
    StateDetailCode,
)
from ._frozen import EMPTY, FrozenDict, frozen_dict, frozen_tuple

_EnumT = TypeVar("_EnumT", ContainerServiceState, DeploymentState, Power, Protocol, StateDetailCode)

_SETTLED_STATES = frozenset(
    {ContainerServiceState.READY, ContainerServiceState.RUNNING, ContainerServiceState.DISABLED}
)


def coerce_enum(enum_type: type[_EnumT], value: _EnumT | str) -> _EnumT | str:
    """Return the member of ``enum_type`` for ``value``, or ``value`` itself if unknown."""
    if value.__class__ is enum_type:
        return value

    return enum_type._value2member_map_.get(value, value)  # type: ignore[return-value]


def _power(value: Power | str | None) -> Power | str | None:
    return None if value is None else coerce_enum(Power, value)


def _service_state(value: ContainerServiceState | str | None) -> ContainerServiceState | str | None:
    return None if value is None else coerce_enum(ContainerServiceState, value)


def _deployment_state(value: DeploymentState | str | None) -> DeploymentState | str | None:
    return None if value is None else coerce_enum(DeploymentState, value)


def _state_detail_code(value: StateDetailCode | str | None) -> StateDetailCode | str | None:
    return None if value is None else coerce_enum(StateDetailCode, value)


def _command(value: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    # A launch command can carry secrets, so an error shows only the value's type.
    return frozen_tuple(
        "Container.command", value, "['nginx', '-g', 'daemon off;'] or shlex.split(command)"
    )


def _ports(value: Mapping[str, Protocol | str] | None) -> Mapping[str, Protocol | str]:
    # The items are copied below anyway, so a plain dict skips the check's copy.
    if value.__class__ is not dict:
        value = frozen_dict(
            "Container.ports", value, "{'80': 'HTTP', '53': 'UDP'}", show_value=True
        )

    return FrozenDict({port: _protocol(protocol) for port, protocol in value.items()})


def _protocol(value: object) -> Protocol | str:
    if isinstance(value, str):
        return coerce_enum(Protocol, value)

    # Only a str can name a member, and a list would fail the lookup as unhashable.
    # The value stays as it is, for the checks of DeploymentRequest to report.
    return value  # type: ignore[return-value]


def _string_map(value: Mapping[str, str] | None) -> Mapping[str, str]:
    # Environment values often carry secrets, so an error shows only the value's type.
    return frozen_dict("Container.environment", value, "{'LOG_LEVEL': 'info'}")


def _request_containers(value: Mapping[str, Container] | None) -> Mapping[str, Container]:
    return _containers("DeploymentRequest.containers", value)


def _deployment_containers(value: Mapping[str, Container] | None) -> Mapping[str, Container]:
    return _containers("Deployment.containers", value)


def _containers(field: str, value: Mapping[str, Container] | None) -> Mapping[str, Container]:
    # Containers hold environment values, so an error shows only the value's type.
    return frozen_dict(field, value, "{'web': Container(image='nginx')}")


def _domains(
    value: Mapping[str, list[str] | tuple[str, ...]] | None,
) -> Mapping[str, tuple[str, ...]]:
    field = "ContainerService.public_domain_names"
    domains = frozen_dict(field, value, "{'my-certificate': ['www.example.com']}", show_value=True)
    return FrozenDict(
        {
            certificate: frozen_tuple(
                f"{field}[{certificate!r}]", names, "['www.example.com']", show_value=True
            )
            for certificate, names in domains.items()
        }
    )


def _tags(value: Iterable[Tag] | None) -> tuple[Tag, ...]:
    return frozen_tuple("ContainerService.tags", value, "[Tag('team', 'web')]", show_value=True)


# Converters that only freeze collections or map enum values to members. Structuring
# gives their results directly, so the generated structuring functions skip them.
STRUCTURED_CONVERTERS: frozenset[object] = frozenset(
    {
        _power,
        _service_state,
        _deployment_state,
        _state_detail_code,
        _command,
        _string_map,
        _ports,
        _request_containers,
        _deployment_containers,
        _domains,
        _tags,
    }
)


def _masked_environment(environment: Mapping[str, str]) -> str:
    # Environment values often carry secrets (tokens, database URLs), so only keys show.
    return repr(dict.fromkeys(environment, "***"))


@attrs.frozen(slots=False)
class Tag:
    """A tag key and optional value on a Lightsail resource."""

    key: str | None = None
    value: str | None = None


@attrs.frozen(slots=False)
class Location:
    """The location of a resource: its AWS Region and Availability Zone (``all`` for services)."""

    availability_zone: str | None = None
    region_name: str | None = None


@attrs.frozen(slots=False)
class StateDetail:
    """The reason behind a service's state, sent while it is PENDING, DEPLOYING or UPDATING."""

    code: StateDetailCode | str | None = attrs.field(default=None, converter=_state_detail_code)
    message: str | None = None

    @property
    def is_terminal(self) -> bool:
        """Whether the code reports a failure that waiting cannot resolve."""
        return isinstance(self.code, StateDetailCode) and self.code.is_terminal


@attrs.frozen(slots=False)
class HealthCheck:
    """Health-check settings of a public endpoint (seconds for timeout and interval)."""

    healthy_threshold: int | None = None
    unhealthy_threshold: int | None = None
    timeout_seconds: int | None = None
    interval_seconds: int | None = None
    path: str | None = None
    success_codes: str | None = None


@attrs.frozen(slots=False)
class Container:
    """A container of a deployment: image, launch command, environment and open ports.

    ``environment`` values never appear in the repr, because they often hold secrets.
    """

    image: str | None = None
    command: tuple[str, ...] = attrs.field(default=(), converter=_command)
    environment: Mapping[str, str] = attrs.field(
        default=EMPTY, converter=_string_map, repr=_masked_environment
    )
    ports: Mapping[str, Protocol | str] = attrs.field(default=EMPTY, converter=_ports)


@attrs.frozen(slots=False)
class Endpoint:
    """The public endpoint of a deployment, as AWS reports it."""

    container_name: str | None = None
    container_port: int | None = None
    health_check: HealthCheck | None = None


@attrs.frozen(slots=False)
class EndpointRequest:
    """The public endpoint to request for a deployment: a container and one of its ports.

    Building one checks the port number and the health check against the API's rules,
    and raises ``ValidationError`` with every problem found.
    """

    container_name: str
    container_port: int
    health_check: HealthCheck | None = None

    def __attrs_post_init__(self) -> None:
        """Raise ValidationError unless the endpoint follows the API's rules."""
        # _validation imports this module, so its import waits until the first request.
        from ._validation import check_endpoint_request  # noqa: PLC0415

        check_endpoint_request(self)


@attrs.frozen(slots=False)
class DeploymentRequest:
    """A deployment to create: containers keyed by name, and an optional public endpoint.

    Building one checks the containers and the endpoint against the API's rules, and
    raises ``ValidationError`` with every problem found. Container and HealthCheck
    are not checked on their own, because responses from AWS use them too.
    """

    containers: Mapping[str, Container] = attrs.field(converter=_request_containers)
    public_endpoint: EndpointRequest | None = None

    def __attrs_post_init__(self) -> None:
        """Raise ValidationError unless the deployment follows the API's rules."""
        # _validation imports this module, so its import waits until the first request.
        from ._validation import check_deployment_request  # noqa: PLC0415

        check_deployment_request(self)


@attrs.frozen(slots=False)
class Deployment:
    """A deployment of a container service, with its version and state."""

    version: int | None = None
    state: DeploymentState | str | None = attrs.field(default=None, converter=_deployment_state)
    containers: Mapping[str, Container] = attrs.field(
        default=EMPTY, converter=_deployment_containers
    )
    public_endpoint: Endpoint | None = None
    created_at: datetime | None = None

    def _repr_html_(self) -> str:
        # The display module is imported at the first rendering, not with the package.
        from ._display import deployment_html  # noqa: PLC0415

        return deployment_html(self)

    def __str__(self) -> str:
        """Return the deployment as indented lines, without environment values."""
        from ._display import deployment_text  # noqa: PLC0415

        return deployment_text(self)


@attrs.frozen(slots=False)
class EcrImagePullerRole:
    """The IAM role that lets a service pull images from private Amazon ECR repositories."""

    is_active: bool | None = None
    principal_arn: str | None = None


@attrs.frozen(slots=False)
class EcrImagePullerRoleRequest:
    """A request to activate or deactivate the ECR image-puller role of a service."""

    is_active: bool | None = None


@attrs.frozen(slots=False)
class PrivateRegistryAccess:
    """A service's access to private container registries."""

    ecr_image_puller_role: EcrImagePullerRole | None = None


@attrs.frozen(slots=False)
class PrivateRegistryAccessRequest:
    """The private registry access to configure on a service."""

    ecr_image_puller_role: EcrImagePullerRoleRequest | None = None


@attrs.frozen(slots=False)
class ContainerService:
    """A Lightsail container service, as one snapshot of GetContainerServices.

    Attributes:
        raw: The dict boto3 returned for this service, as a read-only mapping. It gives
            access to members that AWS added after this package was released, and
            takes no part in equality, hashing or repr. Only its top level is a copy.
            The nested dicts and lists are the objects boto3 returned, not copies, so
            changing one changes ``raw``, but never the model's fields. A model built
            by hand, or by ``attrs.evolve``, has an empty ``raw``, because its fields
            may no longer match any response.
    """

    container_service_name: str | None = None
    arn: str | None = None
    created_at: datetime | None = None
    location: Location | None = None
    resource_type: str | None = None
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_tags)
    power: Power | str | None = attrs.field(default=None, converter=_power)
    power_id: str | None = None
    state: ContainerServiceState | str | None = attrs.field(default=None, converter=_service_state)
    state_detail: StateDetail | None = None
    scale: int | None = None
    current_deployment: Deployment | None = None
    next_deployment: Deployment | None = None
    is_disabled: bool | None = None
    principal_arn: str | None = None
    private_domain_name: str | None = None
    public_domain_names: Mapping[str, tuple[str, ...]] = attrs.field(
        default=EMPTY, converter=_domains
    )
    url: str | None = None
    private_registry_access: PrivateRegistryAccess | None = None
    # NOTE: nested values of ``raw`` stay mutable, because a frozen deep copy took
    # about 19 us per service of benchmarks/conversion.py, more than the 14 us of the
    # whole conversion.
    raw: Mapping[str, Any] = attrs.field(default=EMPTY, init=False, eq=False, repr=False)

    def deployment(self, version: int) -> Deployment | None:
        """Return the current or next deployment with this version, or ``None``.

        GetContainerServices reports only these two deployments, so an older version
        is not found here even if the service still keeps it.
        """
        for candidate in (self.next_deployment, self.current_deployment):
            if candidate is not None and candidate.version == version:
                return candidate

        return None

    @property
    def newest_deployment(self) -> Deployment | None:
        """The deployment with the highest version among the current and next one."""
        deployments = [d for d in (self.current_deployment, self.next_deployment) if d is not None]
        if not deployments:
            return None

        return max(deployments, key=lambda d: d.version or 0)

    @property
    def is_settled(self) -> bool:
        """Whether the service is READY, RUNNING or DISABLED with no deployment in progress.

        A settled service makes no progress on its own: it waits for the next update
        (or, unless DISABLED, deployment). An unknown state counts as not settled.
        """
        return self.state in _SETTLED_STATES and self.next_deployment is None

    @property
    def public_url(self) -> str | None:
        """The default-domain URL, if the current deployment has a public endpoint.

        Lightsail assigns ``url`` at creation, but it serves nothing until a deployment
        with a public endpoint is active.
        """
        deployment = self.current_deployment
        if not self.url or deployment is None or deployment.public_endpoint is None:
            return None

        return self.url

    def _repr_html_(self) -> str:
        # The display module is imported at the first rendering, not with the package.
        from ._display import service_html  # noqa: PLC0415

        return service_html(self)

    def __str__(self) -> str:
        """Return the service as indented lines, without environment values."""
        from ._display import service_text  # noqa: PLC0415

        return service_text(self)
