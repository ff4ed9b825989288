"""attrs converters shared by the models of the operations beyond GetContainerServices.

They follow the rules of ``_models``: an enum value the package does not know stays a
plain ``str``, and collections become immutable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from ._enums import _ApiEnum
from ._frozen import frozen_map

if TYPE_CHECKING:
    from collections.abc import Mapping

_EnumT = TypeVar("_EnumT", bound=_ApiEnum)


def enum_or_str(enum_type: type[_EnumT], value: _EnumT | str | None) -> _EnumT | str | None:
    """Return the member of ``enum_type`` for ``value``, ``value`` itself if unknown, or None."""
    if value is None:
        return None

    member: _EnumT | None = enum_type._value2member_map_.get(value)  # type: ignore[assignment]
    return value if member is None else member


def read_only(value: Mapping[str, str]) -> Mapping[str, str]:
    """Return a string map as an immutable, hashable ``FrozenDict``, as the models use."""
    return frozen_map(value)
