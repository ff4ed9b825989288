"""FrozenDict: immutable, hashable and picklable, and equal to a plain dict."""

from __future__ import annotations

import copy
import json
import pickle
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers._frozen import EMPTY, FrozenDict, frozen_map, frozen_tuple

if TYPE_CHECKING:
    from collections.abc import Callable

MUTATIONS: list[tuple[str, Callable[[Any], object]]] = [
    ("setitem", lambda frozen: frozen.__setitem__("b", 2)),
    ("delitem", lambda frozen: frozen.__delitem__("a")),
    ("clear", lambda frozen: frozen.clear()),
    ("pop", lambda frozen: frozen.pop("a")),
    ("pop-default", lambda frozen: frozen.pop("missing", None)),
    ("popitem", lambda frozen: frozen.popitem()),
    ("setdefault", lambda frozen: frozen.setdefault("b", 2)),
    ("update", lambda frozen: frozen.update(b=2)),
    ("ior", lambda frozen: frozen.__ior__({"b": 2})),
]


@pytest.mark.parametrize("mutate", [m for _, m in MUTATIONS], ids=[n for n, _ in MUTATIONS])
def test_mutations_raise(mutate: Callable[[Any], object]) -> None:
    frozen = FrozenDict({"a": 1})

    with pytest.raises(TypeError, match="FrozenDict is immutable"):
        mutate(frozen)

    assert frozen == {"a": 1}


def test_in_place_or_raises() -> None:
    frozen = FrozenDict({"a": 1})

    with pytest.raises(TypeError):
        frozen |= {"b": 2}


def test_or_returns_plain_dict() -> None:
    merged = FrozenDict({"a": 1}) | {"b": 2}

    assert merged == {"a": 1, "b": 2}
    assert type(merged) is dict


def test_equal_to_plain_dict() -> None:
    frozen = FrozenDict({"a": 1})

    assert frozen == {"a": 1}
    assert dict.__eq__({"a": 1}, frozen) is True
    assert frozen != {"a": 2}


def test_hash_follows_equality() -> None:
    assert hash(FrozenDict({"a": 1, "b": (2,)})) == hash(FrozenDict({"b": (2,), "a": 1}))
    assert hash(EMPTY) == hash(FrozenDict())
    assert len({FrozenDict({"a": 1}), FrozenDict({"a": 1}), FrozenDict({"a": 2})}) == 2


def test_unhashable_values_raise_on_hash() -> None:
    with pytest.raises(TypeError):
        hash(FrozenDict({"a": []}))


def test_pickle_round_trip() -> None:
    frozen = FrozenDict({"a": (1, 2), "b": FrozenDict({"c": "d"})})

    loaded = pickle.loads(pickle.dumps(frozen))  # noqa: S301  # our own data

    assert loaded == frozen
    assert type(loaded) is FrozenDict
    assert type(loaded["b"]) is FrozenDict


def test_copies_stay_frozen() -> None:
    frozen = FrozenDict({"a": [1]})

    deep = copy.deepcopy(frozen)
    shallow = copy.copy(frozen)

    assert type(deep) is FrozenDict
    assert deep == frozen
    assert deep["a"] is not frozen["a"]
    assert type(shallow) is FrozenDict
    assert shallow["a"] is frozen["a"]


def test_repr_and_json_like_dict() -> None:
    frozen = FrozenDict({"a": 1})

    assert repr(frozen) == "{'a': 1}"
    assert json.dumps(frozen) == '{"a": 1}'


def test_fromkeys_is_frozen() -> None:
    frozen = FrozenDict.fromkeys(["a", "b"], 0)

    assert frozen == {"a": 0, "b": 0}
    assert type(frozen) is FrozenDict


def test_frozen_map_copies_once() -> None:
    source = {"a": "1"}

    frozen = frozen_map(source)
    source["a"] = "changed"

    assert frozen == {"a": "1"}
    assert frozen_map(frozen) is frozen


@pytest.mark.parametrize("value", ["abc", b"abc", bytearray(b"abc")])
def test_frozen_tuple_rejects_text(value: object) -> None:
    with pytest.raises(TypeError) as raised:
        frozen_tuple("Model.items", value, "['a', 'b']")  # type: ignore[arg-type]

    assert str(raised.value) == (
        f"Model.items must be a list, not {type(value).__name__}. "
        "Pass one item per element, such as ['a', 'b']"
    )


def test_frozen_tuple_keeps_tuples() -> None:
    items = ("a", "b")

    assert frozen_tuple("Model.items", items, "") is items
    assert frozen_tuple("Model.items", ["a", "b"], "") == items
