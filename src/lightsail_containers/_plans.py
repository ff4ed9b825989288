"""The conversion that each field type of the models needs.

``plan_for`` reads a field's type annotation and returns a ``Plan``. A plan is a scalar
with its tolerant conversion from ``_values``, an enum with its members, a nested
model, a tuple or map of another plan, or a type that only the cattrs converter
handles. ``_codegen`` turns the plans of a model's fields into its generated functions.
"""

from __future__ import annotations

import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, NamedTuple

import attrs

from . import _values
from ._frozen import EMPTY


class Kind(enum.Enum):
    """The kind of conversion a field type needs."""

    SCALAR = "scalar"
    ENUM = "enum"
    MODEL = "model"
    TUPLE = "tuple"
    MAP = "map"
    OTHER = "other"


class Plan(NamedTuple):
    """The conversion of one field type.

    Attributes:
        kind: The kind of conversion.
        type: The annotated type; for MODEL, the attrs class.
        coerce: For SCALAR and ENUM, the tolerant conversion of a response value.
        fast_check: For SCALAR, a Python condition on the variable ``value`` that is
            true for values that need no conversion.
        members: For ENUM, the members by wire value.
        item: For TUPLE and MAP, the plan of the items or map values.
    """

    kind: Kind
    type: object
    coerce: Callable[[Any], Any] | None = None
    fast_check: str = ""
    members: Mapping[str, Any] = EMPTY
    item: Plan | None = None


_SCALARS: dict[object, Plan] = {
    str: Plan(Kind.SCALAR, str, _values.as_str, "value.__class__ is str"),
    int: Plan(Kind.SCALAR, int, _values.as_int, "value.__class__ is int"),
    float: Plan(Kind.SCALAR, float, _values.as_float, "value.__class__ is float"),
    bool: Plan(Kind.SCALAR, bool, _values.as_bool, "value.__class__ is bool"),
    # boto3 returns aware datetimes, which need no conversion.
    datetime: Plan(
        Kind.SCALAR,
        datetime,
        _values.as_datetime,
        "value.__class__ is datetime and value.tzinfo is not None",
    ),
}

STR = _SCALARS[str]
"""The plan of a str field."""


def plan_for(type_: object) -> Plan:
    """Return the plan for a resolved field type."""
    scalar = _SCALARS.get(type_)
    if scalar is not None:
        return scalar
    if isinstance(type_, type) and attrs.has(type_):
        return Plan(Kind.MODEL, type_)

    origin = typing.get_origin(type_)
    arguments = typing.get_args(type_)
    if origin is typing.Union or origin is types.UnionType:
        return _union_plan(type_, arguments)
    if origin is tuple and len(arguments) == 2 and arguments[1] is Ellipsis:  # noqa: PLR2004
        return Plan(Kind.TUPLE, type_, item=plan_for(arguments[0]))
    if origin in {Mapping, dict} and len(arguments) == 2:  # noqa: PLR2004
        return Plan(Kind.MAP, type_, item=plan_for(arguments[1]))

    return Plan(Kind.OTHER, type_)


def _union_plan(type_: object, arguments: tuple[Any, ...]) -> Plan:
    # X | None converts as X, because a missing value is None anyway. An enum | str
    # union gives the member of a known value, and keeps any other str as it is.
    present = [argument for argument in arguments if argument is not type(None)]
    if len(present) == 1:
        return plan_for(present[0])

    enums = [arg for arg in present if isinstance(arg, type) and issubclass(arg, enum.Enum)]
    if len(present) == 2 and len(enums) == 1 and str in present:  # noqa: PLR2004
        return _enum_plan(enums[0])

    return Plan(Kind.OTHER, type_)


@functools.cache
def _enum_plan(enum_type: type[enum.Enum]) -> Plan:
    members = enum_type._value2member_map_
    return Plan(Kind.ENUM, enum_type, _values.enum_coercer(enum_type), members=members)
