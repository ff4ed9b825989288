"""Loading of deployment specs from the AWS CLI's JSON files, checked as they load.

The Lightsail tutorials pass a deployment to ``aws lightsail
create-container-service-deployment`` as a containers.json file (``--containers``) and
a public-endpoint.json file (``--public-endpoint``), or as one file with both
(``--cli-input-json``, which may also name the service). ``load_deployment_spec``
reads all three forms and reports every problem with the file name before its path,
such as ``containers.json: flask.ports.5005``.

Importing this module also registers structure hooks for DeploymentRequest and
EndpointRequest with the package's converter. ``structure(data, DeploymentRequest)``,
and ``converter.structure`` of its cattrs converter, then check the data with the
same rules and raise one ValidationError with paths into the data, where cattrs would
otherwise wrap the model's error in a ClassValidationError. ``_converter`` imports
this module, so the hooks are in place before any conversion.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from ._converter import register_structure_hook, structure
from ._models import Container, DeploymentRequest, EndpointRequest, HealthCheck
from ._validation import (
    Problem,
    ValidationError,
    containers_problems,
    deployment_problems,
    endpoint_problems,
    endpoint_target_problems,
    image_service_problems,
    raise_for,
    root_path,
    service_name_problems,
)


def load_deployment_spec(
    path: str | os.PathLike[str],
    public_endpoint: str | os.PathLike[str] | None = None,
) -> DeploymentRequest:
    """Load a deployment from the AWS CLI's JSON files and check it against the API's rules.

    Args:
        path: A containers.json file, as passed to ``--containers``, or one file with
            ``containers`` and optionally ``publicEndpoint`` and ``serviceName``, as
            passed to ``--cli-input-json``. The file is read as the second form when it
            has a ``publicEndpoint`` or ``serviceName`` member, or when its
            ``containers`` member has no ``image`` (so it is not a container named
            "containers").
        public_endpoint: A public-endpoint.json file, as passed to
            ``--public-endpoint``. When it is given, ``path`` is a containers.json file.

    Returns:
        The deployment request. The service name of a ``--cli-input-json`` file is
        checked, and so are the registered images against it, but it is not returned.

    Raises:
        ValidationError: A file is not UTF-8 JSON, or the deployment breaks rules of
            the API. Each problem's path starts with the name of its file.
        OSError: A file cannot be read.
    """
    containers_file = os.fspath(path)
    document = _read_json(containers_file)
    if public_endpoint is not None:
        endpoint_file = os.fspath(public_endpoint)
        return _load_pair(containers_file, document, endpoint_file, _read_json(endpoint_file))

    if _is_combined(document):
        return _load_combined(containers_file, cast("Mapping[str, object]", document))

    return _load_pair(containers_file, document, None, None)


def _read_json(file_name: str) -> object:
    data = Path(file_name).read_bytes()

    # The errors leave out the file's text, and "from None" drops the decoder's error,
    # which contains the whole document, because the file can contain secrets.
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem = Problem(f"{file_name}, line {line}", None, "not UTF-8 text; save it as UTF-8")
        raise ValidationError([problem]) from None

    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        location = f"{file_name}, line {error.lineno}, column {error.colno}"
        raise ValidationError([Problem(location, None, f"invalid JSON: {error.msg}")]) from None


def _is_combined(document: object) -> bool:
    if not isinstance(document, Mapping):
        return False
    if "publicEndpoint" in document or "serviceName" in document:
        return True

    containers = document.get("containers")
    return isinstance(containers, Mapping) and "image" not in containers


def _load_pair(
    containers_file: str,
    containers: object,
    endpoint_file: str | None,
    endpoint: object,
) -> DeploymentRequest:
    containers_path = root_path(containers_file)
    problems = containers_problems(containers, containers_path)

    if endpoint_file is not None:
        endpoint_path = root_path(endpoint_file)
        problems += endpoint_problems(endpoint, endpoint_path)
        problems += endpoint_target_problems(endpoint, containers, endpoint_path)

    raise_for(problems)
    return _deployment_request(containers, endpoint)


def _load_combined(file_name: str, document: Mapping[str, object]) -> DeploymentRequest:
    path = root_path(file_name)
    body = {key: value for key, value in document.items() if key != "serviceName"}
    problems: list[Problem] = []

    service_name = document.get("serviceName")
    if "serviceName" in document:
        problems += service_name_problems(service_name, path / "serviceName")

    problems += deployment_problems(body, path)
    problems += image_service_problems(body.get("containers"), path / "containers", service_name)

    raise_for(problems)
    return _deployment_request(body["containers"], body.get("publicEndpoint"))


def _deployment_request(containers: object, endpoint: object) -> DeploymentRequest:
    """Build the request from JSON data that passed the checks."""
    checked = cast("Mapping[str, Any]", containers)
    return DeploymentRequest(
        containers={name: structure(container, Container) for name, container in checked.items()},
        public_endpoint=None if endpoint is None else _endpoint_request(endpoint),
    )


def _endpoint_request(endpoint: object) -> EndpointRequest:
    """Build the endpoint from JSON data that passed the checks."""
    checked = cast("Mapping[str, Any]", endpoint)
    health_check = checked.get("healthCheck")
    return EndpointRequest(
        checked["containerName"],
        checked["containerPort"],
        None if health_check is None else structure(health_check, HealthCheck),
    )


def _structure_deployment_request(data: object, _: type) -> DeploymentRequest:
    raise_for(deployment_problems(data, root_path()))

    # The service model makes containers optional, so a missing or null member means none.
    checked = cast("Mapping[str, Any]", data)
    return _deployment_request(checked.get("containers") or {}, checked.get("publicEndpoint"))


def _structure_endpoint_request(data: object, _: type) -> EndpointRequest:
    raise_for(endpoint_problems(data, root_path()))
    return _endpoint_request(data)


register_structure_hook(DeploymentRequest, _structure_deployment_request)
register_structure_hook(EndpointRequest, _structure_endpoint_request)
