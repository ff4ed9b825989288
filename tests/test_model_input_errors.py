"""Values of the wrong type for the models' list and map fields, and None for them."""

from __future__ import annotations

import traceback
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import pytest

from lightsail_containers import (
    Container,
    ContainerService,
    Deployment,
    DeploymentRequest,
    Protocol,
    Tag,
    ValidationError,
    _models,
)
from lightsail_containers._frozen import frozen_dict, frozen_tuple
from lightsail_containers._models import STRUCTURED_CONVERTERS

if TYPE_CHECKING:
    from collections.abc import Callable

SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for


class WrongType(NamedTuple):
    """A call with a value of the wrong type, and what its message must contain."""

    name: str
    build: Callable[[], object]
    field: str
    rule: str
    type_name: str
    value_repr: str | None
    """The value's repr, or None where the message must leave the value out."""
    example: str


WRONG_TYPES = [
    WrongType(
        "ports-list",
        lambda: Container(image="n", ports=["80"]),  # type: ignore[arg-type]
        "Container.ports",
        "must be a mapping",
        "list",
        "['80']",
        "{'80': 'HTTP'",
    ),
    WrongType(
        "ports-str",
        lambda: Container(image="n", ports="80"),  # type: ignore[arg-type]
        "Container.ports",
        "must be a mapping",
        "str",
        "'80'",
        "{'80': 'HTTP'",
    ),
    WrongType(
        "ports-int",
        lambda: Container(image="n", ports=80),  # type: ignore[arg-type]
        "Container.ports",
        "must be a mapping",
        "int",
        "80",
        "{'80': 'HTTP'",
    ),
    WrongType(
        "environment-str",
        lambda: Container(image="n", environment="A=b"),  # type: ignore[arg-type]
        "Container.environment",
        "must be a mapping",
        "str",
        None,
        "{'LOG_LEVEL': 'info'}",
    ),
    WrongType(
        "environment-pairs",
        lambda: Container(image="n", environment=[("A", "b")]),  # type: ignore[arg-type]
        "Container.environment",
        "must be a mapping",
        "list",
        None,
        "{'LOG_LEVEL': 'info'}",
    ),
    WrongType(
        "command-int",
        lambda: Container(image="n", command=5),  # type: ignore[arg-type]
        "Container.command",
        "must be a list",
        "int",
        None,
        "['nginx', '-g', 'daemon off;']",
    ),
    WrongType(
        "command-dict",
        lambda: Container(image="n", command={"nginx": "-g"}),  # type: ignore[arg-type]
        "Container.command",
        "must be a list",
        "dict",
        None,
        "['nginx', '-g', 'daemon off;']",
    ),
    WrongType(
        "request-containers-list",
        lambda: DeploymentRequest(containers=[Container(image="n")]),  # type: ignore[arg-type]
        "DeploymentRequest.containers",
        "must be a mapping",
        "list",
        None,
        "{'web': Container(image='nginx')}",
    ),
    WrongType(
        "request-containers-container",
        lambda: DeploymentRequest(containers=Container(image="n")),  # type: ignore[arg-type]
        "DeploymentRequest.containers",
        "must be a mapping",
        "Container",
        None,
        "{'web': Container(image='nginx')}",
    ),
    WrongType(
        "deployment-containers-str",
        lambda: Deployment(containers="web"),  # type: ignore[arg-type]
        "Deployment.containers",
        "must be a mapping",
        "str",
        None,
        "{'web': Container(image='nginx')}",
    ),
    WrongType(
        "tags-tag",
        lambda: ContainerService(tags=Tag("team", "web")),  # type: ignore[arg-type]
        "ContainerService.tags",
        "must be a list",
        "Tag",
        "Tag(key='team', value='web')",
        "[Tag('team', 'web')]",
    ),
    WrongType(
        "tags-dict",
        lambda: ContainerService(tags={"team": "web"}),  # type: ignore[dict-item]
        "ContainerService.tags",
        "must be a list",
        "dict",
        "{'team': 'web'}",
        "[Tag('team', 'web')]",
    ),
    WrongType(
        "tags-int",
        lambda: ContainerService(tags=3),  # type: ignore[arg-type]
        "ContainerService.tags",
        "must be a list",
        "int",
        "3",
        "[Tag('team', 'web')]",
    ),
    WrongType(
        "domains-list",
        lambda: ContainerService(public_domain_names=["x.com"]),  # type: ignore[arg-type]
        "ContainerService.public_domain_names",
        "must be a mapping",
        "list",
        "['x.com']",
        "{'my-certificate': ['www.example.com']}",
    ),
    WrongType(
        "domain-names-int",
        lambda: ContainerService(public_domain_names={"cert": 5}),  # type: ignore[dict-item]
        "ContainerService.public_domain_names['cert']",
        "must be a list",
        "int",
        "5",
        "['www.example.com']",
    ),
]


@pytest.mark.parametrize("case", WRONG_TYPES, ids=[case.name for case in WRONG_TYPES])
def test_wrong_type_message(case: WrongType) -> None:
    """A wrong type raises TypeError naming the field, the rule, the type and an example."""
    with pytest.raises(TypeError) as raised:
        case.build()

    message = str(raised.value)
    assert message.startswith(f"{case.field} {case.rule}, not ")
    assert f"not {case.type_name}" in message
    assert f"such as {case.example}" in message
    if case.value_repr is not None:
        assert case.value_repr in message


@pytest.mark.parametrize(
    "build",
    [
        lambda: Container(image="n", environment=f"TOKEN={SECRET}"),  # type: ignore[arg-type]
        lambda: Container(image="n", environment=[("TOKEN", SECRET)]),  # type: ignore[arg-type]
        lambda: Container(image="n", environment={SECRET}),  # type: ignore[arg-type]
        lambda: Container(image="n", command=f"run --token={SECRET}"),  # type: ignore[arg-type]
        lambda: Container(image="n", command={"--token": SECRET}),  # type: ignore[arg-type]
        lambda: DeploymentRequest(containers=[f"TOKEN={SECRET}"]),  # type: ignore[arg-type]
        lambda: Deployment(
            containers=[{"environment": {"TOKEN": SECRET}}]  # type: ignore[arg-type]
        ),
    ],
    ids=[
        "environment-str",
        "environment-pairs",
        "environment-set",
        "command-str",
        "command-dict",
        "request-containers-list",
        "deployment-containers-list",
    ],
)
def test_wrong_type_hides_secret(build: Callable[[], object]) -> None:
    """A wrong value of a field that can hold secrets shows only its type."""
    with pytest.raises(TypeError) as raised:
        build()

    text = "".join(traceback.format_exception(raised.value))
    assert SECRET not in text


NONE_AS_EMPTY: list[tuple[str, Callable[[], object], str, object]] = [
    ("command", lambda: Container(image="n", command=None), "command", ()),
    ("environment", lambda: Container(image="n", environment=None), "environment", {}),
    ("ports", lambda: Container(image="n", ports=None), "ports", {}),
    ("request-containers", lambda: DeploymentRequest(containers=None), "containers", {}),
    ("deployment-containers", lambda: Deployment(containers=None), "containers", {}),
    ("tags", lambda: ContainerService(tags=None), "tags", ()),
    (
        "domains",
        lambda: ContainerService(public_domain_names=None),
        "public_domain_names",
        {},
    ),
    (
        "domain-names",
        lambda: ContainerService(public_domain_names={"cert": None}),  # type: ignore[dict-item]
        "public_domain_names",
        {"cert": ()},
    ),
]


@pytest.mark.parametrize(
    ("build", "field", "empty"),
    [case[1:] for case in NONE_AS_EMPTY],
    ids=[case[0] for case in NONE_AS_EMPTY],
)
def test_none_means_empty(build: Callable[[], object], field: str, empty: object) -> None:
    """None for a list or map field gives an empty one, as a null response member does."""
    model = build()

    assert getattr(model, field) == empty


def test_none_gives_default_objects() -> None:
    """None gives the same immutable empty values as the defaults."""
    container = Container(image="n", command=None, environment=None, ports=None)
    default = Container(image="n")

    assert container.command is default.command
    assert container.environment is default.environment
    assert container == default
    assert hash(container) == hash(default)


def test_other_collections_accepted() -> None:
    """Any mapping for a map field, and any iterable for a list field, is accepted."""
    container = Container(
        image="n",
        command=(part for part in ["nginx", "-g"]),  # type: ignore[arg-type]
        environment=MappingProxyType({"A": "1"}),
        ports=MappingProxyType({"80": "HTTP"}),
    )

    assert container.command == ("nginx", "-g")
    assert container.environment == {"A": "1"}
    assert container.ports == {"80": Protocol.HTTP}


def test_unhashable_protocol_reported() -> None:
    """A protocol of the wrong type reaches the request checks instead of failing the lookup."""
    container = Container(image="nginx", ports={"80": ["HTTP"]})  # type: ignore[dict-item]

    with pytest.raises(ValidationError) as raised:
        DeploymentRequest(containers={"web": container})

    assert [problem.path for problem in raised.value.problems] == ["containers.web.ports.80"]


def test_converters_skipped_in_structuring() -> None:
    """Every converter of the models is one that structuring leaves out."""
    models = [
        value
        for value in vars(_models).values()
        if isinstance(value, type) and attrs.has(value) and value.__module__ == _models.__name__
    ]
    converters: set[Any] = {
        field.converter
        for model in models
        for field in attrs.fields(model)
        if field.converter is not None
    }

    assert converters
    assert converters == STRUCTURED_CONVERTERS


class _Sequence:
    """A sequence that defines only ``__getitem__``, which iter() accepts."""

    def __getitem__(self, index: int) -> str:
        if index >= 2:
            raise IndexError(index)
        return f"item-{index}"


def test_frozen_tuple_old_style_sequence() -> None:
    """An object that iter() accepts through ``__getitem__`` alone is a list."""
    assert frozen_tuple("Model.items", _Sequence(), "['a']") == ("item-0", "item-1")  # type: ignore[arg-type]


def test_value_hidden_by_default() -> None:
    """The helpers show a wrong value only when the caller allows it."""
    with pytest.raises(TypeError) as hidden:
        frozen_dict("Model.map", [SECRET], "{'a': 'b'}")  # type: ignore[arg-type]
    with pytest.raises(TypeError) as shown:
        frozen_dict("Model.map", [SECRET], "{'a': 'b'}", show_value=True)  # type: ignore[arg-type]

    assert SECRET not in str(hidden.value)
    assert SECRET in str(shown.value)
