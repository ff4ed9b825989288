"""Tolerant conversion of response values into the types of the model fields.

A response may contain what its API model does not promise: nulls, timestamps in
another form, values of the wrong type. These functions keep what they can and never
raise:

* A str field takes a str, and a bool field a bool. An int field takes an int or a
  float without a fraction, and a float field an int or a float. Any other value
  becomes ``None``.
* A datetime field takes an aware datetime, a naive one (as UTC), epoch seconds, or a
  string that ``botocore.utils.parse_timestamp`` reads. Such strings include ISO 8601
  in the extended or basic format, with ``Z``, ``z`` or an offset such as ``+0200``,
  and any number of fractional digits, of which microseconds are kept. A value it
  cannot read becomes ``None``.
* An enum field takes a str: the enum member if the value is known, else the str.
* A list field takes a list or tuple and a map field a mapping. Any other value becomes
  an empty tuple or map. Null items, and items that convert to ``None``, are skipped.
  The collection functions return ``None`` for a value of the wrong type, so a list
  inside a list or map is skipped too.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from botocore.utils import parse_timestamp

from ._frozen import EMPTY, FrozenDict

Coerce = Callable[[Any], Any]

# parse_timestamp raises ValueError for text it cannot read, and OverflowError, OSError
# or RuntimeError for numbers outside the platform's time range.
_TIMESTAMP_ERRORS = (ValueError, OverflowError, OSError, RuntimeError)


def as_str(value: object) -> str | None:
    """Return ``value`` if it is a str, else None."""
    return value if isinstance(value, str) else None


def as_int(value: object) -> int | None:
    """Return ``value`` as an int if it is an int or a float without fraction, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)

    return None


def as_float(value: object) -> float | None:
    """Return ``value`` as a float if it is an int or a float, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None

    try:
        return float(value)
    except OverflowError:
        return None


def as_bool(value: object) -> bool | None:
    """Return ``value`` if it is a bool, else None."""
    return value if isinstance(value, bool) else None


def as_datetime(value: object) -> datetime | None:
    """Return ``value`` as an aware datetime, or None if it is not a timestamp."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None

    try:
        if isinstance(value, str):
            parsed: datetime = parse_timestamp(value)
        else:
            parsed = datetime.fromtimestamp(value, tz=timezone.utc)
    except _TIMESTAMP_ERRORS:
        return None

    # Text without a zone, such as 2021-07-17T13:34:14, is UTC, as in AWS's examples.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def enum_coercer(enum_type: type[enum.Enum]) -> Coerce:
    """Return a function that maps a str to its member of ``enum_type``, if known."""
    members = enum_type._value2member_map_

    def coerce(value: object) -> object:
        return members.get(value, value) if isinstance(value, str) else None

    return coerce


def enum_value(value: object) -> object:
    """Return the wire value of an enum member, and any other value as it is."""
    return value._value_ if isinstance(value, enum.Enum) else value


def enum_values(value: Mapping[Any, object]) -> dict[Any, object]:
    """Return a dict of the wire values of a mapping of enum members."""
    result = {}
    for key, entry in value.items():
        result[key] = entry._value_ if isinstance(entry, enum.Enum) else entry

    return result


# tuple_of and map_of loop in plain statements, because on Python 3.11 a comprehension
# runs in a frame of its own. The loops converted the services of
# benchmarks/conversion.py 3 to 9% faster, timed in turns in one process.


def tuple_of(item: Coerce, value: object) -> tuple[Any, ...] | None:
    """Return a list as a tuple of its items converted by ``item``, or None for a non-list."""
    if value.__class__ is not list and not isinstance(value, (list, tuple)):
        return None

    result = []
    for entry in value:
        if entry is not None:
            converted = item(entry)
            if converted is not None:
                result.append(converted)

    return tuple(result)


def map_of(item: Coerce, value: object) -> Mapping[Any, Any] | None:
    """Return a mapping as a FrozenDict of values converted by ``item``, or None."""
    if value.__class__ is not dict and not isinstance(value, Mapping):
        return None

    result = {}
    for key, entry in value.items():
        if entry is not None:
            converted = item(entry)
            if converted is not None:
                result[key] = converted

    return FrozenDict(result) if result else EMPTY


def enum_map(members: Mapping[str, Any], value: object) -> Mapping[Any, Any] | None:
    """Return a map of enum values as a FrozenDict of members or unknown strings, or None."""
    if value.__class__ is not dict and not isinstance(value, Mapping):
        return None

    result = {}
    for key, entry in value.items():
        if isinstance(entry, str):
            result[key] = members.get(entry, entry)

    return FrozenDict(result) if result else EMPTY


def str_tuple(value: object) -> tuple[str, ...] | None:
    """Return the strings of a list as a tuple, or None for a value that is not a list."""
    if not isinstance(value, (list, tuple)):
        return None

    return tuple([entry for entry in value if isinstance(entry, str)])


def str_map(value: object) -> Mapping[Any, str] | None:
    """Return the string values of a mapping as a FrozenDict, or None for a non-mapping."""
    if not isinstance(value, Mapping):
        return None

    kept = {key: entry for key, entry in value.items() if isinstance(entry, str)}
    return FrozenDict(kept) if kept else EMPTY
