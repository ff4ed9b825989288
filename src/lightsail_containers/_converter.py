"""The package's conversion between boto3 dicts and the models.

Structuring renames the API's camelCase members to snake_case fields and ignores
members it does not know. Unstructuring renames back and omits fields that are
``None``, so a request dict contains exactly the members the caller set.

Structuring takes whatever a response may contain and never raises for it. A null
member or a null item of a list or map counts as missing, and timestamps may take any
form AWS tools print. A value of the wrong type becomes ``None``, or an empty tuple or
map in a list or map field. ``_values`` states the rules.

Each attrs model gets a structuring and an unstructuring function, generated from its
fields on first use (see ``_codegen``). The cattrs ``converter`` is built on first use
too, with those functions as its hooks for attrs classes, because importing cattrs
took about 10 ms (``python -X importtime``, Python 3.11), which most programs never
need. It serves the types that no generated function covers.

Register structure hooks with ``register_structure_hook`` of this module, so that
``structure`` and ``converter`` both use them.

NOTE: a hook registered on ``converter`` itself applies to ``converter.structure``
only, not to ``structure`` or the generated functions of other models.
"""

from __future__ import annotations

import threading
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._codegen import (
    STRUCTURE_HOOKS,
    UNSTRUCTURE_HOOKS,
    camel_case,
    structure_function,
    unstructure_function,
    unstructure_non_empty_function,
)
from ._frozen import EMPTY, FrozenDict
from ._models import Container, ContainerService, DeploymentRequest, EndpointRequest
from ._values import as_datetime, enum_value

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import cattrs

    converter: cattrs.Converter

__all__ = [
    "camel_case",
    "cattrs_converter",
    "register_structure_hook",
    "structure",
    "structure_service",
    "unstructure",
]

_T = TypeVar("_T")

_CONVERTER_LOCK = threading.Lock()
_CONVERTERS: list[cattrs.Converter] = []


def register_structure_hook(model: type[_T], hook: Callable[[Any, type], _T]) -> None:
    """Structure ``model`` with ``hook``, in ``structure`` and in the cattrs converter."""
    STRUCTURE_HOOKS[model] = hook
    with _CONVERTER_LOCK:
        for built in _CONVERTERS:
            built.register_structure_hook(model, hook)


def structure(data: object, model: type[_T]) -> _T:
    """Convert a boto3 dict into ``model``.

    Data that is not a mapping converts as an empty one, into the model's defaults.
    """
    hook = STRUCTURE_HOOKS.get(model)
    if hook is not None:
        hooked: _T = hook(data, model)
        return hooked
    if not attrs.has(model):
        return cattrs_converter().structure(data, model)

    convert = structure_function(model)
    result: _T | None = convert(data)
    if result is None:
        result = convert(EMPTY)

    return result


def structure_service(data: Mapping[str, object]) -> ContainerService:
    """Convert one ``ContainerService`` dict from a boto3 response into the model.

    It never raises for data that boto3 or the json module returns. Data that is not a
    mapping gives an empty model.
    """
    service: ContainerService | None = structure_function(ContainerService)(data)
    if service is None:
        return ContainerService()

    # ``raw`` is not an __init__ argument, so users cannot set it by mistake; this is
    # the one place that fills it in, past the frozen __setattr__.
    vars(service)["raw"] = FrozenDict(data)
    return service


def unstructure(instance: object) -> dict[str, Any]:
    """Convert a model into the dict boto3 expects, without unset members."""
    unstructured: dict[str, Any] = unstructure_function(type(instance))(instance)
    return unstructured


def cattrs_converter() -> cattrs.Converter:
    """Return the cattrs converter, built on first use with this module's functions."""
    with _CONVERTER_LOCK:
        if not _CONVERTERS:
            _CONVERTERS.append(_make_converter())

        return _CONVERTERS[0]


def __getattr__(name: str) -> Any:
    if name == "converter":
        return cattrs_converter()

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _make_converter() -> cattrs.Converter:
    # Imported here, on the first use of the cattrs converter, to keep cattrs off the
    # import path of the package.
    import cattrs  # noqa: PLC0415

    conv = cattrs.Converter()
    conv.register_structure_hook(datetime, lambda value, _: as_datetime(value))
    conv.register_unstructure_hook(datetime, lambda value: value)
    conv.register_unstructure_hook(FrozenDict, dict)
    conv.register_unstructure_hook_func(_is_enum, enum_value)
    conv.register_structure_hook_factory(attrs.has, _structure_hook)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_function)
    for model, hook in STRUCTURE_HOOKS.items():
        conv.register_structure_hook(model, hook)

    return conv


def _is_enum(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, Enum)


def _structure_hook(model: type) -> Callable[[Any, Any], Any]:
    def structure_model(data: object, _: object) -> Any:
        return structure(data, model)

    return structure_model


def _unstructure_deployment_request(request: DeploymentRequest) -> dict[str, Any]:
    # In a request, an empty command, environment or port map means the same as none,
    # so the request omits them as the AWS CLI does.
    unstructure_container = unstructure_non_empty_function(Container)
    containers = {}
    for name, container in request.containers.items():
        containers[name] = unstructure_container(container)

    result: dict[str, Any] = {"containers": containers}
    if request.public_endpoint is not None:
        result["publicEndpoint"] = unstructure_function(EndpointRequest)(request.public_endpoint)

    return result


UNSTRUCTURE_HOOKS[DeploymentRequest] = _unstructure_deployment_request


# The spec module registers the hooks that check DeploymentRequest and EndpointRequest
# data. It imports this module's functions, which exist by now, so the import comes last.
from . import _specs  # noqa: E402, F401
