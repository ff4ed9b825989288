"""Models like lightsail-containers' in pydantic v2 and msgspec, for the benchmark only.

The pydantic models mirror the package's: nested models, and enum members for known
values with plain strings for unknown ones. The "flat" pydantic models and the
msgspec structs keep small structures as dicts and enums as strings, so they do less
work. msgspec cannot mix an enum and ``str`` in one union.

This module has no ``from __future__ import annotations``: msgspec resolves the
annotations of these classes at run time from this module's globals.
"""

from datetime import datetime
from typing import Annotated, Any

import msgspec
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from lightsail_containers import (
    ContainerServiceState,
    DeploymentState,
    Power,
    Protocol,
    StateDetailCode,
)

_CONFIG = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)
# pydantic's default "smart" union keeps a known value as the plain str, because str
# matches it exactly. Trying the enum first gives the member, as the package does, and
# keeps an unknown value as the str.
_ENUM_FIRST = Field(union_mode="left_to_right")


class PHealth(BaseModel):
    """A health check."""

    model_config = _CONFIG
    healthy_threshold: int | None = None
    unhealthy_threshold: int | None = None
    timeout_seconds: int | None = None
    interval_seconds: int | None = None
    path: str | None = None
    success_codes: str | None = None


class PContainer(BaseModel):
    """A container, with protocols as enum members or unknown strings."""

    model_config = _CONFIG
    image: str | None = None
    command: tuple[str, ...] = ()
    environment: dict[str, str] = {}
    ports: dict[str, Annotated[Protocol | str, _ENUM_FIRST]] = {}


class PEndpoint(BaseModel):
    """A public endpoint."""

    model_config = _CONFIG
    container_name: str | None = None
    container_port: int | None = None
    health_check: PHealth | None = None


class PDeployment(BaseModel):
    """A deployment."""

    model_config = _CONFIG
    version: int | None = None
    state: Annotated[DeploymentState | str | None, _ENUM_FIRST] = None
    containers: dict[str, PContainer] = {}
    public_endpoint: PEndpoint | None = None
    created_at: datetime | None = None


class PTag(BaseModel):
    """A tag."""

    model_config = _CONFIG
    key: str | None = None
    value: str | None = None


class PLocation(BaseModel):
    """A location."""

    model_config = _CONFIG
    availability_zone: str | None = None
    region_name: str | None = None


class PStateDetail(BaseModel):
    """A state detail."""

    model_config = _CONFIG
    code: Annotated[StateDetailCode | str | None, _ENUM_FIRST] = None
    message: str | None = None


class PEcrImagePullerRole(BaseModel):
    """The ECR image-puller role."""

    model_config = _CONFIG
    is_active: bool | None = None
    principal_arn: str | None = None


class PPrivateRegistryAccess(BaseModel):
    """Private registry access."""

    model_config = _CONFIG
    ecr_image_puller_role: PEcrImagePullerRole | None = None


class PService(BaseModel):
    """A container service, with the same nested models and enums as lightsail-containers."""

    model_config = _CONFIG
    container_service_name: str | None = None
    arn: str | None = None
    created_at: datetime | None = None
    location: PLocation | None = None
    resource_type: str | None = None
    tags: tuple[PTag, ...] = ()
    power: Annotated[Power | str | None, _ENUM_FIRST] = None
    power_id: str | None = None
    state: Annotated[ContainerServiceState | str | None, _ENUM_FIRST] = None
    state_detail: PStateDetail | None = None
    scale: int | None = None
    current_deployment: PDeployment | None = None
    next_deployment: PDeployment | None = None
    is_disabled: bool | None = None
    principal_arn: str | None = None
    private_domain_name: str | None = None
    public_domain_names: dict[str, tuple[str, ...]] = {}
    url: str | None = None
    private_registry_access: PPrivateRegistryAccess | None = None


class PFlatContainer(BaseModel):
    """A container, with protocols as plain strings."""

    model_config = _CONFIG
    image: str | None = None
    command: tuple[str, ...] = ()
    environment: dict[str, str] = {}
    ports: dict[str, str] = {}


class PFlatDeployment(BaseModel):
    """A deployment, with its state as a plain string."""

    model_config = _CONFIG
    version: int | None = None
    state: str | None = None
    containers: dict[str, PFlatContainer] = {}
    public_endpoint: PEndpoint | None = None
    created_at: datetime | None = None


class PFlatService(BaseModel):
    """A container service with dicts for its small structures and strings for its enums.

    It does less than lightsail-containers' models, so it shows a lower bound.
    """

    model_config = _CONFIG
    container_service_name: str | None = None
    arn: str | None = None
    created_at: datetime | None = None
    location: dict[str, str] | None = None
    resource_type: str | None = None
    tags: tuple[dict[str, str], ...] = ()
    power: str | None = None
    power_id: str | None = None
    state: str | None = None
    state_detail: dict[str, str] | None = None
    scale: int | None = None
    current_deployment: PFlatDeployment | None = None
    next_deployment: PFlatDeployment | None = None
    is_disabled: bool | None = None
    principal_arn: str | None = None
    private_domain_name: str | None = None
    public_domain_names: dict[str, tuple[str, ...]] = {}
    url: str | None = None
    private_registry_access: dict[str, Any] | None = None


class PEndpointRequest(BaseModel):
    """The public endpoint of a deployment request."""

    model_config = _CONFIG
    container_name: str
    container_port: int
    health_check: PHealth | None = None


class PDeploymentRequest(BaseModel):
    """A deployment request."""

    model_config = _CONFIG
    containers: dict[str, PContainer]
    public_endpoint: PEndpointRequest | None = None


class MHealth(msgspec.Struct, frozen=True, rename="camel"):
    """A health check."""

    healthy_threshold: int | None = None
    unhealthy_threshold: int | None = None
    timeout_seconds: int | None = None
    interval_seconds: int | None = None
    path: str | None = None
    success_codes: str | None = None


class MContainer(msgspec.Struct, frozen=True, rename="camel"):
    """A container."""

    image: str | None = None
    command: tuple[str, ...] = ()
    environment: dict[str, str] = {}
    ports: dict[str, str] = {}


class MEndpoint(msgspec.Struct, frozen=True, rename="camel"):
    """A public endpoint."""

    container_name: str | None = None
    container_port: int | None = None
    health_check: MHealth | None = None


class MDeployment(msgspec.Struct, frozen=True, rename="camel"):
    """A deployment."""

    version: int | None = None
    state: str | None = None
    containers: dict[str, MContainer] = {}
    public_endpoint: MEndpoint | None = None
    created_at: datetime | None = None


class MService(msgspec.Struct, frozen=True, rename="camel"):
    """A container service."""

    container_service_name: str | None = None
    arn: str | None = None
    created_at: datetime | None = None
    location: dict[str, str] | None = None
    resource_type: str | None = None
    tags: tuple[dict[str, str], ...] = ()
    power: str | None = None
    power_id: str | None = None
    state: str | None = None
    state_detail: dict[str, str] | None = None
    scale: int | None = None
    current_deployment: MDeployment | None = None
    next_deployment: MDeployment | None = None
    is_disabled: bool | None = None
    principal_arn: str | None = None
    private_domain_name: str | None = None
    public_domain_names: dict[str, tuple[str, ...]] = {}
    url: str | None = None
    private_registry_access: dict[str, Any] | None = None


def msgspec_services(items: list[dict[str, Any]]) -> list[MService]:
    """Convert boto3 dicts into msgspec structs."""
    return msgspec.convert(items, list[MService])
