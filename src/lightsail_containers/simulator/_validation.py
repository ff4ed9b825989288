"""Checks of request members, with error messages in the style of Lightsail.

Each function takes a member as decoded from the request JSON, which can have any type
when the client skips botocore's parameter validation, and returns it normalized.

NOTE: only the messages marked "observed" copy the wording of real AWS responses. The
others are guesses in the same style.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timezone
from typing import Any, TypeAlias, TypeGuard

from lightsail_containers._enums import Power, Protocol
from lightsail_containers.simulator._errors import InvalidInputError
from lightsail_containers.simulator._health import parse_success_codes

JsonObject: TypeAlias = "dict[str, Any]"

# The model's pattern "^[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]+[a-z0-9]$" anchors only one side of
# each alternative. AWS checks the grouped form, which its error messages show.
NAME_PATTERN = "^(?:[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]+[a-z0-9])$"
_NAME_RE = re.compile(NAME_PATTERN)

# Limits of the botocore model (shapes ContainerServiceName, ContainerName, ContainerLabel
# and ContainerServiceScale) and of the API reference and developer guide (four public
# domain names, health-check interval 5-300 s, timeout 2-60 s, thresholds 2-10, success
# codes from 200 to 499).
MAX_SERVICE_NAME_LENGTH = 63
MAX_CONTAINER_NAME_LENGTH = 53
MAX_LABEL_LENGTH = 53
MIN_SCALE = 1
MAX_SCALE = 20
MAX_PUBLIC_DOMAIN_NAMES = 4
MAX_PORT = 65535
_INTERVAL_RANGE = (5, 300)
_TIMEOUT_RANGE = (2, 60)
_THRESHOLD_RANGE = (2, 10)
_SUCCESS_CODE_RANGE = (200, 499)

# AWS fills a health check that the request omits, or parts of it, with these values.
HEALTH_CHECK_DEFAULTS: JsonObject = {
    "healthyThreshold": 2,
    "unhealthyThreshold": 2,
    "timeoutSeconds": 2,
    "intervalSeconds": 5,
    "path": "/",
    "successCodes": "200-499",
}

_POWERS = tuple(power.value for power in Power)
_PROTOCOLS = tuple(protocol.value for protocol in Protocol)
_PORT_RE = re.compile("[0-9]{1,5}")
_REGISTERED_IMAGE_RE = re.compile(r":(?P<service>[a-z0-9-]+)\.(?P<label>[a-z0-9-]+)\.[0-9]+")
_SUCCESS_CODES_RE = re.compile(r"[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*")
# Docker reports image digests as "sha256:" and 64 hexadecimal digits.
_DIGEST_RE = re.compile(r"sha256:[0-9a-f]{64}")


def check_service_name(value: object) -> str:
    """Return the service name, or raise InvalidInputError unless it is valid."""
    if not isinstance(value, str):
        raise InvalidInputError(f"Service name must be a string, got {value!r}.")

    if len(value) > MAX_SERVICE_NAME_LENGTH:
        raise InvalidInputError(
            f'Service name "{value}" is longer than {MAX_SERVICE_NAME_LENGTH} characters.'
        )

    if not _NAME_RE.fullmatch(value):
        raise InvalidInputError(f'Service name "{value}" does not match pattern: {NAME_PATTERN}')

    return value


def check_power(value: object) -> str:
    """Return the power name, or raise InvalidInputError unless the model lists it."""
    if value not in _POWERS:
        raise InvalidInputError(f"Invalid power {value!r}. Valid values: {', '.join(_POWERS)}.")

    return str(value)


def check_scale(value: object) -> int:
    """Return the scale, or raise InvalidInputError unless it is from 1 to 20."""
    if not _is_int(value) or not MIN_SCALE <= value <= MAX_SCALE:
        raise InvalidInputError(
            f"Invalid scale {value!r}. The scale must be from {MIN_SCALE} to {MAX_SCALE}."
        )

    return value


def check_tags(value: object) -> list[JsonObject]:
    """Return the tags as a list of `key`/`value` objects, empty when none are given."""
    if value is None:
        return []

    if not isinstance(value, list) or not all(_is_tag(tag) for tag in value):
        raise InvalidInputError("Tags must be a list of objects with a string key.")

    return [dict(tag) for tag in value]


def check_public_domain_names(value: object) -> dict[str, list[str]] | None:
    """Return the map of certificate names to domain names, or None when not given."""
    if value is None:
        return None

    if not isinstance(value, dict) or not all(
        isinstance(name, str) and _is_string_list(domains) for name, domains in value.items()
    ):
        raise InvalidInputError("publicDomainNames must map certificate names to domain lists.")

    count = sum(len(domains) for domains in value.values())
    if count > MAX_PUBLIC_DOMAIN_NAMES:
        raise InvalidInputError(
            f"A container service can have up to {MAX_PUBLIC_DOMAIN_NAMES} public domain "
            f"names, got {count}."
        )

    return {name: list(domains) for name, domains in value.items()}


def check_registry_access(value: object) -> bool | None:
    """Return `ecrImagePullerRole.isActive` of the request, or None when not given."""
    if value is None:
        return None

    role = value.get("ecrImagePullerRole") if isinstance(value, dict) else None
    is_active = role.get("isActive") if isinstance(role, dict) else None
    if not isinstance(is_active, bool):
        raise InvalidInputError("privateRegistryAccess.ecrImagePullerRole.isActive must be set.")

    return is_active


def check_deployment(
    service_name: str, containers: object, public_endpoint: object
) -> tuple[dict[str, JsonObject], JsonObject | None]:
    """Return the containers and public endpoint of a deployment, with AWS's defaults filled.

    Each container gets `command` and `environment` when the request omits them, and the
    endpoint gets the health-check defaults.
    """
    if not isinstance(containers, dict) or not containers:
        raise InvalidInputError("A deployment must contain at least one container.")

    parsed = {name: _check_container(service_name, name, spec) for name, spec in containers.items()}
    endpoint = None if public_endpoint is None else _check_endpoint(public_endpoint, parsed)
    return parsed, endpoint


def _check_container(service_name: str, name: object, spec: object) -> JsonObject:
    if not isinstance(name, str) or len(name) > MAX_CONTAINER_NAME_LENGTH:
        raise InvalidInputError(
            f"Container name {name!r} must have 1 to {MAX_CONTAINER_NAME_LENGTH} characters."
        )

    if not _NAME_RE.fullmatch(name):
        # Observed wording.
        raise InvalidInputError(f'Container name "{name}" does not match pattern: {NAME_PATTERN}')

    if not isinstance(spec, dict):
        raise InvalidInputError(f'Container "{name}" must be an object.')

    command = spec.get("command", [])
    environment = spec.get("environment", {})
    if not _is_string_list(command) or not _is_string_map(environment):
        raise InvalidInputError(
            f'Container "{name}" must have a list of strings as command and a map of '
            "strings as environment."
        )

    return {
        "image": _check_image(service_name, name, spec.get("image")),
        "command": list(command),
        "environment": dict(environment),
        "ports": _check_ports(name, spec.get("ports")),
    }


def _check_image(service_name: str, container: str, image: object) -> str:
    if not isinstance(image, str) or not image.strip():
        raise InvalidInputError(f'Container "{container}" must have an image.')

    # An image pushed to the service is named ":<service>.<label>.<version>".
    match = _REGISTERED_IMAGE_RE.fullmatch(image)
    if image.startswith(":") and (match is None or match["service"] != service_name):
        # Observed wording.
        raise InvalidInputError(
            f'Container "{container}" has invalid image "{image}". '
            f'Example of valid image: ":{service_name}.{container}.123".'
        )

    return image


def _check_ports(container: str, ports: object) -> dict[str, str]:
    if ports is None:
        return {}

    if not isinstance(ports, dict):
        raise InvalidInputError(f'Container "{container}" must have a map of ports.')

    for port, protocol in ports.items():
        if not isinstance(port, str) or not _is_port_number(port):
            raise InvalidInputError(
                f'Container "{container}" has the invalid port {port!r}. '
                f"A port must be a number from 1 to {MAX_PORT}."
            )
        if protocol not in _PROTOCOLS:
            raise InvalidInputError(
                f'Container "{container}" has the invalid protocol {protocol!r} for port '
                f"{port}. Valid values: {', '.join(_PROTOCOLS)}."
            )

    return dict(ports)


def _check_endpoint(endpoint: object, containers: dict[str, JsonObject]) -> JsonObject:
    if not isinstance(endpoint, dict):
        raise InvalidInputError("publicEndpoint must be an object.")

    name = endpoint.get("containerName")
    container = containers.get(name) if isinstance(name, str) else None
    if container is None:
        raise InvalidInputError(
            f"The public endpoint names the container {name!r}, which is not in the deployment."
        )

    port = endpoint.get("containerPort")
    if not _is_int(port) or str(port) not in container["ports"]:
        # Observed wording.
        raise InvalidInputError(
            "Invalid port specified. You must specify a port that is in the list of ports "
            "of the specified container."
        )

    return {
        "containerName": name,
        "containerPort": port,
        "healthCheck": _check_health_check(endpoint.get("healthCheck")),
    }


def _check_health_check(value: object) -> JsonObject:
    if value is None:
        value = {}

    if not isinstance(value, dict):
        raise InvalidInputError("healthCheck must be an object.")

    health_check = {
        member: value.get(member, default) for member, default in HEALTH_CHECK_DEFAULTS.items()
    }
    _check_range("intervalSeconds", health_check["intervalSeconds"], _INTERVAL_RANGE, "seconds")
    _check_range("timeoutSeconds", health_check["timeoutSeconds"], _TIMEOUT_RANGE, "seconds")
    _check_range("healthyThreshold", health_check["healthyThreshold"], _THRESHOLD_RANGE, "checks")
    _check_range(
        "unhealthyThreshold", health_check["unhealthyThreshold"], _THRESHOLD_RANGE, "checks"
    )
    _check_health_path(health_check["path"])
    _check_success_codes(health_check["successCodes"])
    return health_check


def _check_range(member: str, value: object, limits: tuple[int, int], unit: str) -> None:
    low, high = limits
    if not _is_int(value) or not low <= value <= high:
        raise InvalidInputError(
            f"Invalid healthCheck.{member} {value!r}. It must be from {low} to {high} {unit}."
        )


def _check_health_path(path: object) -> None:
    if not isinstance(path, str) or not path.startswith("/"):
        raise InvalidInputError(
            f"Invalid healthCheck.path {path!r}. The path must start with a slash (/)."
        )


def _check_success_codes(codes: object) -> None:
    low, high = _SUCCESS_CODE_RANGE
    valid = isinstance(codes, str) and _SUCCESS_CODES_RE.fullmatch(codes) is not None
    if valid and isinstance(codes, str):
        statuses = parse_success_codes(codes)
        valid = bool(statuses) and min(statuses) >= low and max(statuses) <= high

    if not valid:
        raise InvalidInputError(
            f"Invalid healthCheck.successCodes {codes!r}. Specify HTTP codes from {low} to "
            f'{high}, as a list such as "200,202" or a range such as "200-299".'
        )


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_port_number(port: str) -> bool:
    return _PORT_RE.fullmatch(port) is not None and 1 <= int(port) <= MAX_PORT


def _is_tag(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("key"), str)
        and isinstance(value.get("value", ""), str)
    )


def _is_string_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_string_map(value: object) -> bool:
    return isinstance(value, dict) and all(
        isinstance(key, str) and isinstance(item, str) for key, item in value.items()
    )


def check_label(value: object) -> str:
    """Return the label of a container image, or raise InvalidInputError unless it is valid."""
    if not isinstance(value, str) or not 1 <= len(value) <= MAX_LABEL_LENGTH:
        raise InvalidInputError(
            f"Label {value!r} must be a string of 1 to {MAX_LABEL_LENGTH} characters."
        )

    if not _NAME_RE.fullmatch(value):
        raise InvalidInputError(f'Label "{value}" does not match pattern: {NAME_PATTERN}')

    return value


def check_digest(value: object) -> str:
    """Return the digest of a container image, or raise InvalidInputError unless it is valid."""
    if not isinstance(value, str) or _DIGEST_RE.fullmatch(value) is None:
        raise InvalidInputError(
            f"Invalid digest {value!r}. Specify the digest that Docker reported when it pushed "
            'the image, such as "sha256:" followed by 64 hexadecimal digits.'
        )

    return value


def check_timestamp(member: str, value: object) -> datetime | None:
    """Return a timestamp member, sent as epoch seconds, as an aware datetime, or None."""
    if value is None:
        return None

    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidInputError(f"{member} must be a time in epoch seconds, got {value!r}.")

    return datetime.fromtimestamp(value, timezone.utc)


def check_string(member: str, value: object, *, required: bool = True) -> str | None:
    """Return a string member, or raise InvalidInputError if it has another type or is missing."""
    if value is None and not required:
        return None

    if not isinstance(value, str) or (required and not value):
        raise InvalidInputError(f"{member} must be a non-empty string, got {value!r}.")

    return value
