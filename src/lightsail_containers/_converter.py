"""The package's one cattrs converter between boto3 dicts and the models.

Structuring renames the API's camelCase members to snake_case fields and ignores
members it does not know. Unstructuring renames back and omits fields that are
``None``, so a request dict contains exactly the members the caller set.
"""

from __future__ import annotations

import enum
import re
import types
import typing
from datetime import datetime, timezone
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._enums import _ApiEnum
from ._models import ContainerService, DeploymentRequest

if typing.TYPE_CHECKING:
    from collections.abc import Callable, Mapping

_T = TypeVar("_T")


# The AWS CLI prints up to nine fractional digits; datetime takes at most six.
_ISO_FRACTION = re.compile(r"(\.\d{6})\d+")


def camel_case(name: str) -> str:
    """Return the API's camelCase member name for a snake_case field name."""
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def _structure_datetime(value: object, _: type) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc)
    elif isinstance(value, str):
        text = _ISO_FRACTION.sub(r"\1", value.replace("Z", "+00:00"))
        parsed = datetime.fromisoformat(text)
    else:
        raise TypeError(f"expected a datetime, epoch seconds or ISO 8601 string, got {value!r}")

    # boto3 always returns aware datetimes; a naive one can only come from a caller.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def _is_api_enum_union(type_: Any) -> bool:
    return any(
        isinstance(arg, type) and issubclass(arg, _ApiEnum) for arg in typing.get_args(type_)
    )


def _pass_through(value: Any, _: Any) -> Any:
    # The model's attrs converter maps a known value to its enum member and keeps an
    # unknown one as a plain string, so the same rule applies to hand-built models.
    return value


def _unstructure_enum(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _without_none(unstructure: Callable[[Any], dict[str, Any]]) -> Callable[[Any], dict[str, Any]]:
    def unstructure_without_none(instance: Any) -> dict[str, Any]:
        return {key: value for key, value in unstructure(instance).items() if value is not None}

    return unstructure_without_none


def _unstructure_deployment_request(request: DeploymentRequest) -> dict[str, Any]:
    # In a request, an empty command, environment or port map means the same as none,
    # so the request omits them as the AWS CLI does.
    result: dict[str, Any] = {
        "containers": {
            name: {key: value for key, value in converter.unstructure(container).items() if value}
            for name, container in request.containers.items()
        }
    }
    if request.public_endpoint is not None:
        result["publicEndpoint"] = converter.unstructure(request.public_endpoint)

    return result


def _renames(model: type) -> dict[str, Any]:
    return {
        field.name: override(rename=camel_case(field.name))
        for field in attrs.fields(model)
        if field.init
    }


def _structure_factory(model: type, conv: cattrs.Converter) -> Callable[[Any, Any], Any]:
    return make_dict_structure_fn(model, conv, **_renames(model))


def _unstructure_factory(model: type, conv: cattrs.Converter) -> Callable[[Any], dict[str, Any]]:
    unstructure: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(
        model, conv, **_renames(model)
    )
    return _without_none(unstructure)


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(datetime, lambda value: value)
    conv.register_structure_hook_func(_is_api_enum_union, _pass_through)
    conv.register_unstructure_hook_func(_is_api_enum_union, _unstructure_enum)
    conv.register_unstructure_hook_func(
        lambda type_: isinstance(type_, type) and issubclass(type_, _ApiEnum), _unstructure_enum
    )
    conv.register_unstructure_hook(types.MappingProxyType, dict)

    # Factories generate each model's hooks on first use, when the hooks of its
    # nested models exist, whatever the order of registration.
    conv.register_structure_hook_factory(attrs.has, _structure_factory)
    conv.register_unstructure_hook_factory(attrs.has, _unstructure_factory)

    conv.register_unstructure_hook(DeploymentRequest, _unstructure_deployment_request)
    return conv


converter = _make_converter()


def structure(data: Mapping[str, object], model: type[_T]) -> _T:
    """Convert a boto3 dict into ``model``."""
    return converter.structure(data, model)


def structure_service(data: Mapping[str, object]) -> ContainerService:
    """Convert one ``ContainerService`` dict from a boto3 response into the model."""
    service = converter.structure(data, ContainerService)

    # ``raw`` is not an __init__ argument, so users cannot set it by mistake; this is
    # the one place that fills it in.
    object.__setattr__(service, "raw", types.MappingProxyType(dict(data)))
    return service


def unstructure(instance: object) -> dict[str, Any]:
    """Convert a model into the dict boto3 expects, without unset members."""
    result: dict[str, Any] = converter.unstructure(instance)
    return result
