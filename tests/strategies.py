"""Hypothesis strategies that generate boto3 responses from the botocore shapes.

Generated responses mix in what AWS may send later: enum values the package does not
know, members it does not know, missing members, empty lists and maps, and
timestamps in any UTC offset.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from hypothesis import strategies as st

_OFFSETS = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
_TIMESTAMPS = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001  # the bounds of a naive strategy
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=_OFFSETS,
)
_TEXT = st.text(max_size=12)
_UNKNOWN_MEMBER = st.from_regex(r"\AnewMember[A-Z][a-z]{0,6}\Z")
_JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), _TEXT)


def _scalar(shape: Shape) -> st.SearchStrategy[Any]:
    enum_values: list[str] = list(getattr(shape, "enum", None) or [])
    if enum_values:
        # A value AWS adds later is an unknown string here.
        return st.one_of(st.sampled_from(enum_values), st.from_regex(r"\AFUTURE_[A-Z]{1,8}\Z"))

    strategies: dict[str, st.SearchStrategy[Any]] = {
        "string": _TEXT,
        "integer": st.integers(min_value=-(2**31), max_value=2**31 - 1),
        "long": st.integers(min_value=-(2**63), max_value=2**63 - 1),
        "boolean": st.booleans(),
        "timestamp": _TIMESTAMPS,
        "double": st.floats(allow_nan=False),
        "float": st.floats(allow_nan=False, width=32),
    }
    return strategies[shape.type_name]


def responses(shape: Shape, *, depth: int = 0) -> st.SearchStrategy[Any]:
    """Generate a boto3-parsed value of ``shape``."""
    if isinstance(shape, StructureShape):
        return _structures(shape, depth)
    if isinstance(shape, ListShape):
        return st.lists(responses(shape.member, depth=depth + 1), max_size=3)
    if isinstance(shape, MapShape):
        return st.dictionaries(_TEXT, responses(shape.value, depth=depth + 1), max_size=3)

    return _scalar(shape)


def _structures(shape: StructureShape, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    members = {name: responses(member, depth=depth + 1) for name, member in shape.members.items()}

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        present = draw(st.sets(st.sampled_from(sorted(members)))) if members else set()
        result = {name: draw(members[name]) for name in sorted(present)}
        extras = draw(st.dictionaries(_UNKNOWN_MEMBER, _JSON_SCALARS, max_size=2))
        return {**extras, **result}

    return build()
