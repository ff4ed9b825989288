"""Models like lightsail-containers' in pydantic v2 and msgspec, for the benchmark only.

This module has no ``from __future__ import annotations``: msgspec resolves the
annotations of these classes at run time from this module's globals.
"""

from datetime import datetime
from typing import Any

import msgspec
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

_CONFIG = ConfigDict(frozen=True, alias_generator=to_camel, populate_by_name=True)


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
    """A container."""

    model_config = _CONFIG
    image: str | None = None
    command: tuple[str, ...] = ()
    environment: dict[str, str] = {}
    ports: dict[str, str] = {}


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
    state: str | None = None
    containers: dict[str, PContainer] = {}
    public_endpoint: PEndpoint | None = None
    created_at: datetime | None = None


class PService(BaseModel):
    """A container service."""

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
    current_deployment: PDeployment | None = None
    next_deployment: PDeployment | None = None
    is_disabled: bool | None = None
    principal_arn: str | None = None
    private_domain_name: str | None = None
    public_domain_names: dict[str, tuple[str, ...]] = {}
    url: str | None = None
    private_registry_access: dict[str, Any] | None = None


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
