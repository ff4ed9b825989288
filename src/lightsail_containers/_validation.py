"""Checks of request values against the rules of the Lightsail API, run before any call.

A check collects every problem of one request and raises one ``ValidationError`` that
lists them all. Each problem names the member by its path in the API's camelCase
names, as in the AWS CLI's JSON files (``containers.web.ports.8080``), and gives the
value and the rule. Environment values never appear, because a problem about one shows
its key only.

Only rules that the botocore service model or AWS's documentation states are enforced.
A limit that the sources disagree on, or that no source states, is not checked,
because a check that rejects a request AWS would accept is worse than no check.
docs/validation.md lists every rule with its source and its test.

The sources cited below are the botocore service model of Lightsail (API version
2016-11-28, as installed with botocore 1.44), the Lightsail API reference, and the
Amazon Lightsail Developer Guide (the awsdocs/amazon-lightsail-developer-guide pages of
2021 and 2022).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeGuard

import attrs

from ._enums import Power, Protocol
from ._errors import LightsailContainersError
from ._models import Container, DeploymentRequest, EndpointRequest, HealthCheck, Tag

# Shapes ContainerServiceName, ContainerName and ContainerLabel of the service model
# share the pattern "^[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]+[a-z0-9]$". Each alternative is
# anchored on one side only, but AWS matches the whole name, as this grouped form does.
_NAME = re.compile(r"[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]+[a-z0-9]")
MAX_SERVICE_NAME_LENGTH = 63  # Service model, shape ContainerServiceName (min 1, max 63).
MAX_CONTAINER_NAME_LENGTH = 53  # Service model, shape ContainerName (min 1, max 53).
MAX_IMAGE_LABEL_LENGTH = 53  # Service model, shape ContainerLabel (min 1, max 53).

# Service model, shape ContainerServiceScale (min 1, max 20).
MIN_SCALE = 1
MAX_SCALE = 20

# Service model, enums ContainerServicePowerName and ContainerServiceProtocol, which
# the Power and Protocol enums mirror.
POWERS = tuple(power.value for power in Power)
PROTOCOLS = tuple(protocol.value for protocol in Protocol)

# Developer guide, "Creating and managing deployments", section "Public endpoint
# parameters": the endpoint container must have an HTTP or HTTPS port open.
PUBLIC_ENDPOINT_PROTOCOLS = (Protocol.HTTP.value, Protocol.HTTPS.value)

# RFC 793 section 3.1: TCP carries ports in 16 bits.
# NOTE: port 0 is rejected because no container can listen on it as a fixed port. No
# AWS document states whether Lightsail accepts it.
MIN_PORT = 1
MAX_PORT = 65535

# API reference, ContainerServiceHealthCheckConfig, and developer guide, "Creating and
# managing deployments", section "Public endpoint parameters".
MIN_TIMEOUT_SECONDS = 2
MAX_TIMEOUT_SECONDS = 60
MIN_INTERVAL_SECONDS = 5
MAX_INTERVAL_SECONDS = 300
MIN_SUCCESS_CODE = 200
MAX_SUCCESS_CODE = 499
# Same sources: single codes or ranges, such as "200,202" or "200-299".
_SUCCESS_CODES = re.compile(r"[0-9]{3}(?:-[0-9]{3})?(?:,[0-9]{3}(?:-[0-9]{3})?)*")

# API reference, CreateContainerService, publicDomainNames ("up to four"), and
# developer guide, "Enabling and managing custom domains", section "Container service
# custom domain limits".
MAX_PUBLIC_DOMAIN_NAMES = 4

# RFC 1035 section 2.3.4: labels of 63 octets, names of 255 octets in wire form, which
# hold 253 characters of text. Section 2.3.1 gives labels of letters, digits and
# hyphens with a letter or digit at each end. It also requires a leading letter, which
# this check does not enforce, because names such as 1password.com are in use. The
# service model's CreateCertificate documentation rules out wildcard names.
MAX_DNS_LABEL_LENGTH = 63
MAX_DNS_NAME_LENGTH = 253
_DNS_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")

# Developer guide, "Tags in Amazon Lightsail", section "Tag restrictions": 50 tags per
# resource, unique keys, keys of 128 and values of 256 characters, no "aws:" prefix.
MAX_TAGS = 50
MAX_TAG_KEY_LENGTH = 128
MAX_TAG_VALUE_LENGTH = 256
RESERVED_TAG_PREFIX = "aws:"
# API reference, Tag: "letters, numbers, spaces in UTF-8, or the following characters:
# + - = . _ : / @". CloudFormation's AWS::Lightsail::Container allows "whitespace", so
# any Unicode space passes too.
TAG_SYMBOLS = "+-=._:/@"

# Service model, members of the shapes Container, EndpointRequest,
# ContainerServiceHealthCheckConfig and ContainerServiceDeploymentRequest.
_DEPLOYMENT_MEMBERS = ("containers", "publicEndpoint")
_CONTAINER_MEMBERS = ("image", "command", "environment", "ports")
_ENDPOINT_MEMBERS = ("containerName", "containerPort", "healthCheck")
_HEALTH_CHECK_MEMBERS = (
    "healthyThreshold",
    "unhealthyThreshold",
    "timeoutSeconds",
    "intervalSeconds",
    "path",
    "successCodes",
)

_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9_-]+")
_DIGITS = re.compile(r"[0-9]+")
_MAX_SHOWN_LENGTH = 60

_NAME_RULE = (
    "use 1 to {max_length} lowercase letters, digits and hyphens, "
    "with no hyphen at the start or end"
)
_PORT_RULE = f"is not a port number; use {MIN_PORT} to {MAX_PORT}"
_IMAGE_EXAMPLES = "a registry image such as nginx:latest or a registered image such as :web.app.3"


class _Hidden:
    """The stand-in for an environment value in a Problem."""

    def __repr__(self) -> str:
        return "<hidden>"


HIDDEN = _Hidden()


@attrs.frozen
class _Summary:
    """The stand-in for a list, object or other value that a message must not print."""

    text: str

    def __repr__(self) -> str:
        return self.text


@attrs.frozen
class Problem:
    """A rule that a request breaks, with the member's path, its value and the rule.

    Attributes:
        path: The member, in the API's camelCase names, such as
            ``containers.web.ports.8080``. Problems found in a spec file start with
            the file name, such as ``containers.json: web.ports.8080``.
        value: The value that breaks the rule. ``None`` when the member is missing or
            unknown. An environment value is replaced by ``HIDDEN``; lists, objects
            and launch commands by a summary of their type, so that no secret reaches
            a message.
        rule: What is wrong and how to fix it, worded to follow the value.
    """

    path: str
    value: object
    rule: str

    @property
    def message(self) -> str:
        """The problem as one line: path, value and rule."""
        if self.value is None:
            return f"{self.path}: {self.rule}"

        return f"{self.path}: {_shown(self.value)} {self.rule}"

    def __str__(self) -> str:
        """Return the message."""
        return self.message


class ValidationError(LightsailContainersError, ValueError):
    """Error raised before any call to AWS when a request breaks rules of the Lightsail API.

    The message has one line per problem.

    Attributes:
        problems: Every problem found in the request, in the order of its members.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        """Create the error from the problems of one request."""
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.message for problem in self.problems))

    def __reduce__(self) -> tuple[type[ValidationError], tuple[tuple[Problem, ...]]]:
        """Pickle the error by its problems, which the message is built from."""
        return (type(self), (self.problems,))


@attrs.frozen
class _Path:
    """The location of a member: an optional file name, then keys and list indices."""

    prefix: str = ""
    segments: tuple[object, ...] = ()

    def __truediv__(self, segment: object) -> _Path:
        return _Path(self.prefix, (*self.segments, segment))

    def __str__(self) -> str:
        body = "".join(_format_segment(segment) for segment in self.segments).removeprefix(".")
        if not self.prefix:
            return body or "request"

        return f"{self.prefix}: {body}" if body else self.prefix


def root_path(prefix: str = "") -> _Path:
    """Return the path of a request's root, with ``prefix`` (a file name) before members."""
    return _Path(prefix)


def _format_segment(segment: object) -> str:
    if isinstance(segment, int) and not isinstance(segment, bool):
        return f"[{segment}]"

    # Keys with dots, spaces or line breaks are quoted, so that the path stays one
    # unambiguous line.
    if isinstance(segment, str) and _PLAIN_SEGMENT.fullmatch(segment):
        return f".{segment}"

    return f"[{segment!r}]"


def _shown(value: object) -> str:
    text = repr(value)
    if len(text) > _MAX_SHOWN_LENGTH:
        return text[: _MAX_SHOWN_LENGTH - 3] + "..."

    return text


def _safe(value: object) -> object:
    """Return ``value`` if a message may print it, or else a summary of its type."""
    if value is None or isinstance(value, (str, int, float, _Hidden, _Summary)):
        return value

    return _summary(value)


def _summary(value: object) -> _Summary:
    if isinstance(value, Mapping):
        return _Summary("{...}" if value else "{}")
    if isinstance(value, (list, tuple)):
        return _Summary("[...]" if value else "[]")

    return _Summary(f"<{type(value).__name__}>")


class _Problems:
    """The problems found so far in one request."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, path: _Path, value: object, rule: str) -> None:
        self.found.append(Problem(str(path), _safe(value), rule))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.found.extend(problems)


def raise_for(problems: Sequence[Problem]) -> None:
    """Raise ValidationError listing ``problems``, unless there are none."""
    if problems:
        raise ValidationError(problems)


# Checks of the client's parameters.


def check_service_name(service_name: object) -> None:
    """Raise ValidationError unless ``service_name`` is a valid container service name."""
    raise_for(service_name_problems(service_name, root_path() / "serviceName"))


def check_service_names(service_names: Iterable[object]) -> None:
    """Raise ValidationError unless every name of ``service_names`` is a valid service name.

    A one-shot iterator is not checked, because checking would consume the names that
    the caller then uses.
    """
    if _is_one_shot(service_names):
        return

    problems: list[Problem] = []
    for index, name in enumerate(service_names):
        problems += service_name_problems(name, root_path() / "serviceNames" / index)

    raise_for(problems)


def check_create_service(
    service_name: object,
    *,
    power: object,
    scale: object,
    tags: Iterable[Tag] | None = (),
    public_domain_names: Mapping[str, Iterable[str]] | None = None,
    deployment: DeploymentRequest | None = None,
) -> None:
    """Raise ValidationError unless the parameters make a valid CreateContainerService call.

    The deployment, if any, was checked when it was built. This check adds that its
    registered images belong to ``service_name``.
    """
    problems = _Problems()
    root = root_path()

    problems.extend(service_name_problems(service_name, root / "serviceName"))
    _check_power(problems, root / "power", power)
    _check_scale(problems, root / "scale", scale)
    _check_tags(problems, root / "tags", tags)
    if public_domain_names is not None:
        _check_public_domain_names(problems, root / "publicDomainNames", public_domain_names)
    if deployment is not None:
        _check_deployment_images(problems, root / "deployment", deployment, service_name)

    raise_for(problems.found)


def check_update_service(
    service_name: object,
    power: object = None,
    scale: object = None,
    public_domain_names: Mapping[str, Iterable[str]] | None = None,
) -> None:
    """Raise ValidationError unless the parameters make a valid UpdateContainerService call.

    Parameters left as ``None`` are not sent, so they are not checked.
    """
    problems = _Problems()
    root = root_path()

    problems.extend(service_name_problems(service_name, root / "serviceName"))
    if power is not None:
        _check_power(problems, root / "power", power)
    if scale is not None:
        _check_scale(problems, root / "scale", scale)
    if public_domain_names is not None:
        _check_public_domain_names(problems, root / "publicDomainNames", public_domain_names)

    raise_for(problems.found)


def check_create_deployment(
    service_name: object,
    deployment: DeploymentRequest | None = None,
    containers: Mapping[str, Container] | None = None,
    public_endpoint: EndpointRequest | None = None,
) -> None:
    """Raise ValidationError unless the parameters make a valid CreateContainerServiceDeployment.

    A DeploymentRequest was checked when it was built; containers and an endpoint
    given separately are checked here, so that all problems appear together. The
    registered images must belong to ``service_name``.
    """
    problems = _Problems()
    root = root_path()

    problems.extend(service_name_problems(service_name, root / "serviceName"))
    if deployment is not None:
        _check_deployment_images(problems, root, deployment, service_name)
    elif containers is not None:
        data = _deployment_data(containers, public_endpoint)
        problems.extend(deployment_problems(data, root))
        problems.extend(
            image_service_problems(data["containers"], root / "containers", service_name)
        )

    raise_for(problems.found)


# Checks of the request models, run when they are built.


def check_deployment_request(request: DeploymentRequest) -> None:
    """Raise ValidationError unless ``request`` is a valid deployment."""
    data = _deployment_data(request.containers, request.public_endpoint)
    raise_for(deployment_problems(data, root_path()))


def check_endpoint_request(request: EndpointRequest) -> None:
    """Raise ValidationError unless ``request`` is a valid public endpoint on its own.

    Whether the deployment opens the endpoint's port is checked with the deployment.
    """
    raise_for(endpoint_problems(_endpoint_data(request), root_path()))


# Conversion of the request models into the request members they send.


@attrs.frozen
class _WrongModel:
    """A value of the wrong type where a model belongs, which the checks report in its place."""

    value: object
    rule: str


def _deployment_data(containers: object, public_endpoint: object) -> dict[str, object]:
    """Return the request members of a deployment given as models, in the API's names."""
    data: dict[str, object] = {"containers": containers}
    if isinstance(containers, Mapping):
        data["containers"] = {
            name: _container_data(container) for name, container in containers.items()
        }

    if public_endpoint is not None:
        data["publicEndpoint"] = _endpoint_data(public_endpoint)

    return data


def _container_data(container: object) -> object:
    if not isinstance(container, Container):
        return _WrongModel(container, "is not a Container; build it with Container(image=...)")

    data: dict[str, object] = {
        "command": list(container.command),
        "environment": dict(container.environment),
        "ports": {port: _wire(protocol) for port, protocol in container.ports.items()},
    }
    if container.image is not None:
        data["image"] = container.image

    return data


def _endpoint_data(endpoint: object) -> object:
    if not isinstance(endpoint, EndpointRequest):
        return _WrongModel(
            endpoint, "is not an EndpointRequest; build it with EndpointRequest(...)"
        )

    data: dict[str, object] = {
        "containerName": endpoint.container_name,
        "containerPort": endpoint.container_port,
    }
    health_check: object = endpoint.health_check
    if isinstance(health_check, HealthCheck):
        data["healthCheck"] = _health_check_data(health_check)
    elif health_check is not None:
        data["healthCheck"] = _WrongModel(health_check, "is not a HealthCheck")

    return data


def _health_check_data(health_check: HealthCheck) -> dict[str, object]:
    values = {
        "healthyThreshold": health_check.healthy_threshold,
        "unhealthyThreshold": health_check.unhealthy_threshold,
        "timeoutSeconds": health_check.timeout_seconds,
        "intervalSeconds": health_check.interval_seconds,
        "path": health_check.path,
        "successCodes": health_check.success_codes,
    }
    return {member: value for member, value in values.items() if value is not None}


def _wire(protocol: object) -> object:
    return protocol.value if isinstance(protocol, Protocol) else protocol


# Checks of request members as JSON data: from a spec file, or converted from models.


def service_name_problems(value: object, path: _Path) -> list[Problem]:
    """Return the problems of a container service name."""
    problems = _Problems()
    _check_name(problems, path, value, kind="service", max_length=MAX_SERVICE_NAME_LENGTH)
    return problems.found


def deployment_problems(data: object, path: _Path) -> list[Problem]:
    """Return the problems of a ContainerServiceDeploymentRequest: containers and endpoint."""
    problems = _Problems()
    if not isinstance(data, Mapping):
        problems.add(path, data, "is not an object with containers and publicEndpoint")
        return problems.found

    _check_members(problems, path, data, _DEPLOYMENT_MEMBERS)
    containers = data.get("containers")
    problems.extend(containers_problems(containers, path / "containers"))

    endpoint = data.get("publicEndpoint")
    if endpoint is not None:
        problems.extend(endpoint_problems(endpoint, path / "publicEndpoint"))
        problems.extend(endpoint_target_problems(endpoint, containers, path / "publicEndpoint"))

    return problems.found


def containers_problems(containers: object, path: _Path) -> list[Problem]:
    """Return the problems of a deployment's containers, keyed by container name."""
    problems = _Problems()

    # NOTE: the number of containers is not checked. The service model marks them
    # optional and states no minimum. The developer guide allows up to 10 container
    # entries, but Terraform's AWS provider accepts 53.
    if containers is None:
        return problems.found
    if not isinstance(containers, Mapping):
        problems.add(path, containers, "is not an object of containers keyed by name")
        return problems.found

    for name, container in containers.items():
        _check_name(
            problems, path / name, name, kind="container", max_length=MAX_CONTAINER_NAME_LENGTH
        )
        _check_container(problems, path / name, container)

    return problems.found


def endpoint_problems(endpoint: object, path: _Path) -> list[Problem]:
    """Return the problems of an EndpointRequest on its own, without its deployment."""
    problems = _Problems()
    if isinstance(endpoint, _WrongModel):
        problems.add(path, endpoint.value, endpoint.rule)
        return problems.found
    if not isinstance(endpoint, Mapping):
        problems.add(
            path, endpoint, "is not an object with containerName, containerPort and healthCheck"
        )
        return problems.found

    _check_members(problems, path, endpoint, _ENDPOINT_MEMBERS)
    _check_endpoint_container_name(problems, path / "containerName", endpoint.get("containerName"))
    _check_endpoint_port(problems, path / "containerPort", endpoint.get("containerPort"))

    health_check = endpoint.get("healthCheck")
    if health_check is not None:
        _check_health_check(problems, path / "healthCheck", health_check)

    return problems.found


def endpoint_target_problems(endpoint: object, containers: object, path: _Path) -> list[Problem]:
    """Return the problems of an endpoint's target: its container and that container's port.

    ``path`` is the endpoint's. Values of the wrong type are not reported here, since
    the checks of the endpoint and of the containers report them.
    """
    problems = _Problems()
    if not isinstance(endpoint, Mapping) or not isinstance(containers, Mapping):
        return problems.found

    name = endpoint.get("containerName")
    port = endpoint.get("containerPort")
    if not isinstance(name, str):
        return problems.found

    container = containers.get(name)
    if container is None:
        problems.add(path / "containerName", name, _unknown_container_rule(containers))
    elif _is_int(port) and isinstance(container, Mapping):
        _check_endpoint_protocol(
            problems, path / "containerPort", port, name, container.get("ports")
        )

    return problems.found


def image_service_problems(containers: object, path: _Path, service_name: object) -> list[Problem]:
    """Return the problems of registered images that belong to another service.

    ``path`` is the path of the containers. The API reference, Container.image, names a
    registered image after the service it is registered on, as
    ``:<service>.<label>.<version>``, so ``<service>`` must be ``service_name``.
    """
    problems = _Problems()
    if not isinstance(containers, Mapping) or not _is_valid_name(
        service_name, MAX_SERVICE_NAME_LENGTH
    ):
        return problems.found

    for name, container in containers.items():
        image = container.get("image") if isinstance(container, Mapping) else None
        parts = _registered_image_parts(image)
        if parts is not None and parts[0] != service_name:
            problems.add(
                path / name / "image",
                image,
                f"is registered on service {parts[0]!r}, not on {service_name!r}; "
                "use an image registered on the service you deploy to",
            )

    return problems.found


# Checks of single members.


def _check_members(
    problems: _Problems, path: _Path, data: Mapping[object, object], members: tuple[str, ...]
) -> None:
    # botocore rejects members that the shape does not define. The value stays out of
    # the message, because a misspelled member can hold a secret.
    for member in data:
        if member not in members:
            problems.add(path / member, None, f"unknown member; use {_either(members)}")


def _check_name(
    problems: _Problems, path: _Path, value: object, *, kind: str, max_length: int
) -> None:
    rule = _NAME_RULE.format(max_length=max_length)
    if value is None:
        problems.add(path, None, f"no {kind} name is set; {rule}")
    elif not _is_valid_name(value, max_length):
        problems.add(path, value, f"is not a valid {kind} name; {rule}")


def _is_valid_name(value: object, max_length: int) -> bool:
    return isinstance(value, str) and len(value) <= max_length and bool(_NAME.fullmatch(value))


def _check_power(problems: _Problems, path: _Path, value: object) -> None:
    if not isinstance(value, str) or value not in POWERS:
        problems.add(path, value, f"is not a power; use {_either(POWERS)}")


def _check_scale(problems: _Problems, path: _Path, value: object) -> None:
    if not _is_int(value) or not MIN_SCALE <= value <= MAX_SCALE:
        problems.add(
            path, value, f"is not a valid scale; use an integer from {MIN_SCALE} to {MAX_SCALE}"
        )


def _check_tags(problems: _Problems, path: _Path, tags: object) -> None:
    # The client sends no tags for None or an empty collection.
    if tags is None:
        return
    if isinstance(tags, (str, bytes, Mapping)) or not isinstance(tags, Iterable):
        problems.add(path, tags, "is not a list of Tag objects")
        return

    # Checking a one-shot iterator would consume the tags that the client then sends,
    # so AWS alone checks those.
    if _is_one_shot(tags):
        return

    tag_list = list(tags)
    if len(tag_list) > MAX_TAGS:
        problems.add(
            path, len(tag_list), f"is more than the maximum of {MAX_TAGS} tags on a resource"
        )

    first_index: dict[str, int] = {}
    for index, tag in enumerate(tag_list):
        if not isinstance(tag, Tag):
            problems.add(path / index, tag, "is not a Tag; build it with Tag(key, value)")
            continue

        _check_tag_text(problems, path / index / "key", tag.key, MAX_TAG_KEY_LENGTH)
        _check_tag_text(problems, path / index / "value", tag.value, MAX_TAG_VALUE_LENGTH)
        if isinstance(tag.key, str) and tag.key in first_index:
            problems.add(
                path / index / "key",
                tag.key,
                f"repeats the key of tags[{first_index[tag.key]}]; each tag key must be unique",
            )
        elif isinstance(tag.key, str):
            first_index[tag.key] = index


def _check_tag_text(problems: _Problems, path: _Path, text: object, max_length: int) -> None:
    # The API reference marks both members optional, so None passes.
    if text is None:
        return
    if not isinstance(text, str):
        problems.add(path, text, "is not a string")
        return

    if len(text) > max_length:
        problems.add(path, text, f"is longer than {max_length} characters")

    invalid = "".join(dict.fromkeys(char for char in text if not _is_tag_character(char)))
    if invalid:
        problems.add(
            path,
            text,
            f"contains {invalid!r}, which tags do not allow; "
            f"use letters, numbers, spaces and {' '.join(TAG_SYMBOLS)}",
        )

    if text.startswith(RESERVED_TAG_PREFIX):
        problems.add(
            path, text, f"starts with {RESERVED_TAG_PREFIX!r}, which AWS reserves for its own tags"
        )


def _is_tag_character(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LNZ" or char.isspace() or char in TAG_SYMBOLS


def _check_public_domain_names(problems: _Problems, path: _Path, value: object) -> None:
    if not isinstance(value, Mapping):
        problems.add(path, value, "is not a map of certificate names to lists of domain names")
        return

    total = 0
    for certificate, names in value.items():
        if not isinstance(certificate, str):
            problems.add(
                path / certificate,
                certificate,
                "is not a certificate name; use the certificate's name as the key",
            )
        if isinstance(names, (str, bytes)) or not isinstance(names, Iterable):
            problems.add(
                path / certificate,
                names,
                "is not a list of domain names; put even a single name in a list",
            )
            continue

        # Checking a one-shot iterator would consume the names that the client sends.
        if _is_one_shot(names):
            continue

        for index, name in enumerate(names):
            total += 1
            _check_dns_name(problems, path / certificate / index, name)

    if total > MAX_PUBLIC_DOMAIN_NAMES:
        problems.add(
            path,
            total,
            f"is more than the maximum of {MAX_PUBLIC_DOMAIN_NAMES} domain names on a service",
        )


def _check_dns_name(problems: _Problems, path: _Path, name: object) -> None:
    if not isinstance(name, str) or not _is_dns_name(name):
        problems.add(
            path,
            name,
            "is not a valid domain name; use dot-separated labels of 1 to "
            f"{MAX_DNS_LABEL_LENGTH} letters, digits and hyphens, with no hyphen at either "
            f"end of a label and at most {MAX_DNS_NAME_LENGTH} characters in all",
        )


def _is_dns_name(name: str) -> bool:
    text = name.removesuffix(".")
    if not text or len(text) > MAX_DNS_NAME_LENGTH:
        return False

    return all(
        len(label) <= MAX_DNS_LABEL_LENGTH and _DNS_LABEL.fullmatch(label)
        for label in text.split(".")
    )


def _check_container(problems: _Problems, path: _Path, container: object) -> None:
    if isinstance(container, _WrongModel):
        problems.add(path, container.value, container.rule)
        return
    if not isinstance(container, Mapping):
        problems.add(path, container, "is not an object with image, command, environment and ports")
        return

    _check_members(problems, path, container, _CONTAINER_MEMBERS)
    _check_image(problems, path / "image", container.get("image"))
    _check_command(problems, path / "command", container.get("command"))
    _check_environment(problems, path / "environment", container.get("environment"))
    _check_ports(problems, path / "ports", container.get("ports"))


def _check_image(problems: _Problems, path: _Path, image: object) -> None:
    # Developer guide, "Creating and managing deployments", section "Container entry
    # parameters": each container entry specifies a source image.
    if image is None:
        problems.add(path, None, f"no image is set; use {_IMAGE_EXAMPLES}")
    elif not isinstance(image, str):
        problems.add(path, image, f"is not an image name; use {_IMAGE_EXAMPLES}")
    elif not image.strip():
        problems.add(path, image, f"is blank; use {_IMAGE_EXAMPLES}")
    elif image.startswith(":") and _registered_image_parts(image) is None:
        # API reference, Container.image, and RegisterContainerImage.label.
        problems.add(
            path,
            image,
            "is not a registered image name; use :<service>.<label>.<version>, where the "
            "version is a number or latest, such as :web.app.3 or :web.app.latest",
        )


def _registered_image_parts(image: object) -> tuple[str, str, str] | None:
    """Return the service, label and version of a registered image, or None for any other image."""
    if not isinstance(image, str) or not image.startswith(":"):
        return None

    parts = image[1:].split(".")
    if len(parts) != 3:  # noqa: PLR2004  # service, label and version
        return None

    service, label, version = parts
    if not _is_valid_name(service, MAX_SERVICE_NAME_LENGTH):
        return None
    if not _is_valid_name(label, MAX_IMAGE_LABEL_LENGTH):
        return None
    if version != "latest" and not _DIGITS.fullmatch(version):
        return None

    return service, label, version


def _check_command(problems: _Problems, path: _Path, command: object) -> None:
    # A launch command can carry secrets, so messages show only its type.
    if command is None:
        return
    if not isinstance(command, list) or not all(isinstance(item, str) for item in command):
        problems.add(path, _summary(command), "is not a list of strings")


def _check_environment(problems: _Problems, path: _Path, environment: object) -> None:
    if environment is None:
        return
    if not isinstance(environment, Mapping):
        problems.add(path, environment, "is not an object of variable names and string values")
        return

    for key, value in environment.items():
        if not isinstance(key, str):
            problems.add(path / key, key, "is not a variable name; use a string")
        if not isinstance(value, str):
            problems.add(
                path / key, HIDDEN, "is not a string; write every environment value as a string"
            )


def _check_ports(problems: _Problems, path: _Path, ports: object) -> None:
    if ports is None:
        return
    if not isinstance(ports, Mapping):
        problems.add(path, ports, "is not an object of port numbers and protocols")
        return

    for port, protocol in ports.items():
        if not isinstance(port, str) or _port_number(port) is None:
            problems.add(path / port, port, _PORT_RULE)
        if not isinstance(protocol, str) or protocol not in PROTOCOLS:
            problems.add(path / port, protocol, f"is not a protocol; use {_either(PROTOCOLS)}")


def _port_number(text: str) -> int | None:
    if not _DIGITS.fullmatch(text):
        return None

    number = int(text)
    return number if MIN_PORT <= number <= MAX_PORT else None


def _check_endpoint_container_name(problems: _Problems, path: _Path, name: object) -> None:
    if name is None:
        problems.add(
            path, None, "no container name is set; name the container that serves the endpoint"
        )
    elif not isinstance(name, str):
        problems.add(path, name, "is not a container name")


def _check_endpoint_port(problems: _Problems, path: _Path, port: object) -> None:
    if port is None:
        problems.add(
            path,
            None,
            f"no port is set; use an HTTP or HTTPS port of the container, {MIN_PORT} to {MAX_PORT}",
        )
    elif not _is_int(port) or not MIN_PORT <= port <= MAX_PORT:
        problems.add(path, port, _PORT_RULE)


def _check_endpoint_protocol(
    problems: _Problems, path: _Path, port: int, name: str, ports: object
) -> None:
    protocol = _protocol_of(ports, port)
    if protocol is None:
        problems.add(
            path,
            port,
            f"is not open on container {name!r}; add it to its ports with HTTP or HTTPS",
        )
    elif protocol in PROTOCOLS and protocol not in PUBLIC_ENDPOINT_PROTOCOLS:
        problems.add(
            path,
            port,
            f"is open with {protocol} on container {name!r}; "
            "the public endpoint needs an HTTP or HTTPS port",
        )


def _protocol_of(ports: object, port: int) -> str | None:
    if not isinstance(ports, Mapping):
        return None

    for key, protocol in ports.items():
        if isinstance(key, str) and _port_number(key) == port:
            return str(_wire(protocol))

    return None


def _unknown_container_rule(containers: Mapping[object, object]) -> str:
    names = [repr(name) for name in containers if isinstance(name, str)]
    if not names:
        return "is not a container of this deployment, which has none"

    return f"is not a container of this deployment; use {_either(names)}"


def _check_health_check(problems: _Problems, path: _Path, health_check: object) -> None:
    if isinstance(health_check, _WrongModel):
        problems.add(path, health_check.value, health_check.rule)
        return
    if not isinstance(health_check, Mapping):
        problems.add(path, health_check, "is not an object of health-check settings")
        return

    _check_members(problems, path, health_check, _HEALTH_CHECK_MEMBERS)

    # NOTE: no source states a range for the thresholds of container services. The API
    # reference gives only their default of 2, and the 2 to 10 of Elastic Load Balancing
    # is not stated for Lightsail, so only their type is checked.
    for member in ("healthyThreshold", "unhealthyThreshold"):
        _check_integer(problems, path / member, health_check.get(member))

    timeout = health_check.get("timeoutSeconds")
    _check_seconds(
        problems, path / "timeoutSeconds", timeout, MIN_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS
    )
    interval = health_check.get("intervalSeconds")
    _check_seconds(
        problems, path / "intervalSeconds", interval, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS
    )

    # No source states a format for the path, such as a leading "/", so only its type
    # is checked.
    health_path = health_check.get("path")
    if health_path is not None and not isinstance(health_path, str):
        problems.add(path / "path", health_path, "is not a string")

    codes = health_check.get("successCodes")
    if codes is not None and not _are_success_codes(codes):
        problems.add(
            path / "successCodes",
            codes,
            f"is not a list of HTTP codes; use codes or ranges from {MIN_SUCCESS_CODE} to "
            f"{MAX_SUCCESS_CODE} separated by commas, such as 200-499 or 200,302",
        )


def _check_integer(problems: _Problems, path: _Path, value: object) -> None:
    if value is not None and not _is_int(value):
        problems.add(path, value, "is not an integer")


def _check_seconds(problems: _Problems, path: _Path, value: object, low: int, high: int) -> None:
    if value is not None and (not _is_int(value) or not low <= value <= high):
        problems.add(path, value, f"is out of range; use an integer from {low} to {high} seconds")


def _are_success_codes(codes: object) -> bool:
    if not isinstance(codes, str) or not _SUCCESS_CODES.fullmatch(codes):
        return False

    return all(
        MIN_SUCCESS_CODE <= int(code) <= MAX_SUCCESS_CODE for code in re.findall("[0-9]{3}", codes)
    )


def _check_deployment_images(
    problems: _Problems, path: _Path, deployment: object, service_name: object
) -> None:
    if not isinstance(deployment, DeploymentRequest):
        problems.add(path, deployment, "is not a DeploymentRequest")
        return

    data = _deployment_data(deployment.containers, None)
    problems.extend(image_service_problems(data["containers"], path / "containers", service_name))


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_one_shot(values: Iterable[object]) -> bool:
    return iter(values) is values


def _either(choices: Sequence[str]) -> str:
    if len(choices) == 1:
        return choices[0]

    return ", ".join(choices[:-1]) + f" or {choices[-1]}"
