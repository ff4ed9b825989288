"""Hypothesis strategies that generate boto3 responses from the botocore shapes.

Generated responses mix in what AWS may send later: enum values the package does not
know, members it does not know, missing members, empty lists and maps, and
timestamps in any UTC offset.

``odd_responses`` adds what a response may contain although its API model does not
promise it, each with the value the models should keep. It generates null members,
null items in lists and maps, timestamps as epoch seconds or text in the forms AWS
tools print, text that is no timestamp, and values of the wrong type.
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

# The value the models keep of a member that is null, unreadable or of the wrong type.
MISSING: Any = object()

# Text that botocore.utils.parse_timestamp cannot read.
_NOT_TIMESTAMPS = st.sampled_from(["", "T", "--", "not a timestamp", "2024-13-45T00:00:00Z"])


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


def odd_responses(shape: Shape) -> st.SearchStrategy[tuple[Any, Any]]:
    """Generate pairs of an odd response of ``shape`` and the value the models keep.

    The kept value is the response as ``responses`` would generate it. It leaves out
    null members and members of the wrong type, and drops null items and items of the
    wrong type from their list or map. Its timestamps are aware datetimes.
    """
    if isinstance(shape, StructureShape):
        return _odd_structures(shape)
    if isinstance(shape, ListShape):
        return _odd_lists(shape)
    if isinstance(shape, MapShape):
        return _odd_maps(shape)
    if shape.type_name == "timestamp":
        return _odd_timestamps()

    return _scalar(shape).map(lambda value: (value, value))


def _odd_structures(shape: StructureShape) -> st.SearchStrategy[tuple[Any, Any]]:
    members = {name: _odd_members(member) for name, member in shape.members.items()}

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Any, Any]:
        present = draw(st.sets(st.sampled_from(sorted(members)))) if members else set()
        response = draw(st.dictionaries(_UNKNOWN_MEMBER, _JSON_SCALARS, max_size=2))
        kept = {}
        for name in sorted(present):
            response[name], kept_value = draw(members[name])
            if kept_value is not MISSING:
                kept[name] = kept_value

        return response, kept

    return build()


def _odd_members(shape: Shape) -> st.SearchStrategy[tuple[Any, Any]]:
    """Generate a member's value: a good one, a null or one of the wrong type."""
    good = odd_responses(shape)
    # Good values come three times as often as the others, so that members four
    # levels deep, such as a container's environment, are generated too.
    return st.one_of(
        good,
        good,
        good,
        st.just((None, MISSING)),
        _wrong_types(shape).map(lambda value: (value, MISSING)),
    )


def _odd_lists(shape: ListShape) -> st.SearchStrategy[tuple[Any, Any]]:
    items = _odd_members(shape.member)

    def split(pairs: list[tuple[Any, Any]]) -> tuple[Any, Any]:
        return [item for item, _ in pairs], [kept for _, kept in pairs if kept is not MISSING]

    return st.lists(items, max_size=3).map(split)


def _odd_maps(shape: MapShape) -> st.SearchStrategy[tuple[Any, Any]]:
    values = _odd_members(shape.value)

    def split(pairs: dict[str, tuple[Any, Any]]) -> tuple[Any, Any]:
        response = {key: value for key, (value, _) in pairs.items()}
        kept = {key: value for key, (_, value) in pairs.items() if value is not MISSING}
        return response, kept

    return st.dictionaries(_TEXT, values, max_size=3).map(split)


def _wrong_types(shape: Shape) -> st.SearchStrategy[Any]:
    """Generate a JSON value of another type than ``shape``'s, which the models drop."""
    if isinstance(shape, (StructureShape, MapShape)):
        return st.one_of(_TEXT, st.lists(st.integers(), max_size=2))
    if isinstance(shape, ListShape):
        return st.one_of(_TEXT, st.integers(), st.dictionaries(_TEXT, _TEXT, max_size=2))

    return _WRONG_SCALARS[shape.type_name]


def _has_fraction(value: float) -> bool:
    return not value.is_integer()


def _odd_timestamps() -> st.SearchStrategy[tuple[Any, datetime]]:
    """Generate a timestamp in one of the forms AWS tools print, and its datetime."""
    return st.one_of(
        _TIMESTAMPS.map(lambda moment: (moment, moment)),
        _TIMESTAMPS.map(_epoch_seconds),
        st.tuples(_TIMESTAMPS, st.integers(0, 3)).map(_epoch_quarter_seconds),
        st.tuples(_TIMESTAMPS, st.integers(0, 9), _ZONES, st.booleans()).map(_iso_8601),
    )


def _epoch_seconds(moment: datetime) -> tuple[int, datetime]:
    whole = moment.replace(microsecond=0)
    return int(whole.timestamp()), whole


def _epoch_quarter_seconds(drawn: tuple[datetime, int]) -> tuple[float, datetime]:
    # Quarter seconds are exact in binary floating point, so no rounding hides a bug.
    moment, quarters = drawn
    exact = moment.replace(microsecond=quarters * 250_000)
    return exact.timestamp(), exact


_WRONG_SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "timestamp": st.one_of(_NOT_TIMESTAMPS, st.booleans(), st.lists(st.integers(), max_size=2)),
    "string": st.one_of(st.integers(), st.booleans(), st.lists(_TEXT, max_size=2)),
    "boolean": st.one_of(_TEXT, st.integers(min_value=0, max_value=1)),
    "integer": st.one_of(_TEXT, st.booleans(), st.floats(allow_nan=False).filter(_has_fraction)),
    "long": st.one_of(_TEXT, st.booleans(), st.floats(allow_nan=False).filter(_has_fraction)),
    "double": st.one_of(_TEXT, st.booleans()),
    "float": st.one_of(_TEXT, st.booleans()),
}

# How the text ends: "Z" or "z" for UTC, an offset with or without its colon, or nothing.
_ZONES = st.sampled_from(["Z", "z", "+HH:MM", "+HHMM", ""])


def _iso_8601(drawn: tuple[datetime, int, str, bool]) -> tuple[str, datetime]:
    moment, digits, zone, basic = drawn
    if zone in {"Z", "z", ""}:
        moment = moment.astimezone(timezone.utc)

    # Digits beyond the sixth are below a microsecond, and parsers drop them.
    fraction = f"{moment.microsecond:06d}{'987'[: max(digits - 6, 0)]}"[:digits]
    kept = moment.replace(microsecond=int(fraction.ljust(6, "0")[:6]))
    date_format = "%Y%m%dT%H%M%S" if basic else "%Y-%m-%dT%H:%M:%S"
    text = moment.strftime(date_format) + (f".{fraction}" if fraction else "")

    if zone.startswith("+"):
        offset = moment.strftime("%z")  # +HHMM, or +HHMMSS for an offset with seconds
        text += f"{offset[:3]}:{offset[3:5]}" if zone == "+HH:MM" else offset[:5]
    else:
        text += zone

    return text, kept
