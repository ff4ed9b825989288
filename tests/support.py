"""Test helpers: the published Lightsail examples, the botocore model, response builders."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import botocore.session
from botocore.model import ListShape, MapShape, ServiceModel, Shape, StructureShape
from botocore.utils import parse_timestamp

if TYPE_CHECKING:
    from datetime import datetime

FIXTURES = Path(__file__).parent / "fixtures" / "lightsail"


@functools.cache
def lightsail_model() -> ServiceModel:
    """Return the installed botocore service model of Lightsail.

    The session ignores AWS_PROFILE, which test modules read at import time, before
    any fixture can clear it.
    """
    session = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
    return session.get_service_model("lightsail")


def container_service_shape() -> StructureShape:
    """Return the botocore shape of one ContainerService."""
    shape = lightsail_model().shape_for("ContainerService")
    assert isinstance(shape, StructureShape)
    return shape


def load_json(relative_path: str) -> Any:
    """Load one published example, as the AWS CLI printed it."""
    return json.loads((FIXTURES / relative_path).read_text())


def as_boto3(shape: Shape, value: Any) -> Any:
    """Turn AWS CLI JSON into what boto3 returns: timestamps become aware datetimes.

    Members the shape does not know are kept as they are.
    """
    if shape.type_name == "timestamp" and isinstance(value, str):
        parsed: datetime = parse_timestamp(value)
        return parsed
    if isinstance(shape, StructureShape):
        members = shape.members
        return {
            key: as_boto3(members[key], item) if key in members else item
            for key, item in value.items()
        }
    if isinstance(shape, ListShape):
        return [as_boto3(shape.member, item) for item in value]
    if isinstance(shape, MapShape):
        return {key: as_boto3(shape.value, item) for key, item in value.items()}

    return value


def known_members(shape: Shape, value: Any) -> Any:
    """Return what the models keep of a boto3 value: the members the shape defines.

    A missing list or map member is the same as an empty one to the models, so it
    appears here as empty.
    """
    if isinstance(shape, StructureShape):
        result = {
            key: known_members(shape.members[key], item)
            for key, item in value.items()
            if key in shape.members
        }
        for key, member in shape.members.items():
            if key not in result and isinstance(member, ListShape):
                result[key] = []
            elif key not in result and isinstance(member, MapShape):
                result[key] = {}
        return result
    if isinstance(shape, ListShape):
        return [known_members(shape.member, item) for item in value]
    if isinstance(shape, MapShape):
        return {key: known_members(shape.value, item) for key, item in value.items()}

    return value


def service_dict(
    name: str = "web",
    *,
    state: str = "RUNNING",
    detail: tuple[str, str] | None = None,
    current: tuple[int, str] | None = None,
    next_: tuple[int, str] | None = None,
    is_disabled: bool = False,
) -> dict[str, Any]:
    """Build a GetContainerServices item with the given state and deployments."""
    service: dict[str, Any] = {
        "containerServiceName": name,
        "state": state,
        "power": "nano",
        "scale": 1,
        "isDisabled": is_disabled,
        "url": f"https://{name}.exampleguid13.us-east-1.cs.amazonlightsail.com/",
    }
    if detail is not None:
        service["stateDetail"] = {"code": detail[0], "message": detail[1]}
    for key, deployment in (("currentDeployment", current), ("nextDeployment", next_)):
        if deployment is not None:
            service[key] = {
                "version": deployment[0],
                "state": deployment[1],
                "containers": {"web": {"image": "nginx", "ports": {"80": "HTTP"}}},
                "publicEndpoint": {"containerName": "web", "containerPort": 80},
            }
    return service
