"""The generated structuring functions: nested models written inline, and where not."""

from __future__ import annotations

from typing import Any

import attrs

from lightsail_containers._converter import register_structure_hook, structure
from lightsail_containers._frozen import FrozenDict


@attrs.frozen(slots=False)
class Node:
    name: str | None = None
    child: Node | None = None


@attrs.frozen(slots=False)
class Leaf:
    value: str | None = None


@attrs.frozen(slots=False)
class Branch:
    value: str | None = None
    leaf: Leaf | None = None
    leaves: dict[str, Leaf] = attrs.field(factory=dict)


@attrs.frozen
class SlottedLeaf:
    value: str | None = None


@attrs.frozen(slots=False)
class MixedBranch:
    key: str | None = None
    leaf: SlottedLeaf | None = None


@attrs.frozen(slots=False)
class Hooked:
    text: str | None = None


@attrs.frozen(slots=False)
class HookedParent:
    hooked: Hooked | None = None


def test_model_containing_itself_converts() -> None:
    data = {"name": "a", "child": {"name": "b", "child": {"name": "c"}}}

    node = structure(data, Node)

    assert node == Node("a", Node("b", Node("c")))


def test_names_of_nested_levels_stay_apart() -> None:
    """Fields named like the generated code's variables keep their own values."""
    data = {
        "value": "outer",
        "leaf": {"value": "inner"},
        "leaves": {"key": {"value": "first"}, "entry": {"value": "second"}, "bad": 3},
    }

    branch = structure(data, Branch)

    assert branch.value == "outer"
    assert branch.leaf == Leaf("inner")
    assert branch.leaves == FrozenDict({"key": Leaf("first"), "entry": Leaf("second")})


def test_slotted_model_inline_in_dict_model() -> None:
    mixed = structure({"key": "k", "leaf": {"value": "v"}}, MixedBranch)

    assert mixed == MixedBranch("k", SlottedLeaf("v"))


def test_nested_model_with_hook_uses_it() -> None:
    def hook(data: Any, model: type[Hooked]) -> Hooked:
        return model(text=f"hooked {data['text']}")

    register_structure_hook(Hooked, hook)

    parent = structure({"hooked": {"text": "x"}}, HookedParent)

    assert parent.hooked == Hooked("hooked x")
