"""Waiter resume tokens: every field is checked, and good tokens of every target kind round-trip."""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import ContainerServiceClient, ContainerServiceState, Power, WaitToken
from lightsail_containers._decisions import (
    DeletedTarget,
    DeploymentTarget,
    ServiceStateTarget,
    UpdateTarget,
    target_from_dict,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

    from lightsail_containers import Waiter
    from lightsail_containers._decisions import Target

PREFIX = "invalid waiter resume token"
STARTED_AT = 1_700_000_000.0
DEADLINE = STARTED_AT + 1800


def token_data(target: object) -> dict[str, Any]:
    """Return the JSON data of a valid token with ``target``."""
    return {"service": "web", "target": target, "started_at": STARTED_AT, "deadline": DEADLINE}


def encode(data: object, *, raw: dict[str, str] | None = None) -> str:
    """Encode ``data`` as a token string, with each key of ``raw`` replaced by its JSON text.

    ``raw`` writes numbers that ``json.dumps`` cannot, such as ``1e400``.
    """
    text = json.dumps(data)
    for placeholder, json_text in (raw or {}).items():
        text = text.replace(json.dumps(placeholder), json_text)

    return base64.urlsafe_b64encode(text.encode()).decode()


def deployment(version: object) -> dict[str, Any]:
    return token_data({"kind": "deployment", "version": version})


def with_times(started_at: object, deadline: object) -> dict[str, Any]:
    data = deployment(1)
    data["started_at"] = started_at
    data["deadline"] = deadline
    return data


def update(**members: object) -> dict[str, Any]:
    return token_data({"kind": "update", "power": None, "scale": None, "domains": None, **members})


def without(data: dict[str, Any], *path: str) -> dict[str, Any]:
    """Return ``data`` without the member at ``path``."""
    inner = data
    for key in path[:-1]:
        inner = inner[key]
    del inner[path[-1]]
    return data


# Each case: the token text, and the text that names the field and the value.
BAD_TOKENS: list[tuple[str, str, str]] = [
    ("version-negative", encode(deployment(-1)), "target.version: -1 is not"),
    ("version-zero", encode(deployment(0)), "target.version: 0 is not"),
    (
        "version-overflow",
        encode(deployment("@"), raw={"@": "1e400"}),
        "target.version: inf is not",
    ),
    ("version-fraction", encode(deployment(1.5)), "target.version: 1.5 is not"),
    ("version-float", encode(deployment(2.0)), "target.version: 2.0 is not"),
    ("version-string", encode(deployment("3")), "target.version: '3' is not"),
    ("version-bool", encode(deployment(version=True)), "target.version: True is not"),
    ("version-null", encode(deployment(None)), "target.version: None is not"),
    (
        "version-missing",
        encode(without(deployment(1), "target", "version")),
        "target.version is missing",
    ),
    ("deadline-nan", encode(with_times(STARTED_AT, float("nan"))), "deadline: nan is not"),
    ("deadline-inf", encode(with_times(STARTED_AT, float("inf"))), "deadline: inf is not"),
    (
        "deadline-overflow",
        encode(with_times(STARTED_AT, "@"), raw={"@": "1e400"}),
        "deadline: inf is not",
    ),
    ("deadline-string", encode(with_times(STARTED_AT, "soon")), "deadline: 'soon' is not"),
    ("deadline-bool", encode(with_times(0, deadline=True)), "deadline: True is not"),
    ("deadline-null", encode(with_times(STARTED_AT, None)), "deadline: None is not"),
    (
        "deadline-before-start",
        encode(with_times(STARTED_AT, STARTED_AT - 1)),
        f"deadline: {STARTED_AT - 1!r} is before started_at",
    ),
    ("started-at-nan", encode(with_times(float("nan"), DEADLINE)), "started_at: nan is not"),
    ("started-at-minus-inf", encode(with_times(float("-inf"), DEADLINE)), "started_at: -inf"),
    (
        "started-at-bool",
        encode(with_times(started_at=False, deadline=DEADLINE)),
        "started_at: False is not",
    ),
    (
        "started-at-huge-int",
        encode(with_times(10**400, 10**400)),
        "started_at: 1000",
    ),
    ("started-at-missing", encode(without(deployment(1), "started_at")), "started_at is missing"),
    ("service-int", encode({**deployment(1), "service": 5}), "service: 5 is not"),
    ("service-null", encode({**deployment(1), "service": None}), "service: None is not"),
    ("service-list", encode({**deployment(1), "service": ["web"]}), "service: ['web'] is not"),
    ("member-unknown", encode({**deployment(1), "extra": 1}), "extra: 1 is an unknown member"),
    ("token-list", encode([deployment(1)]), "token: [{"),
    ("target-string", encode(token_data("deployment")), "target: 'deployment' is not"),
    ("target-null", encode(token_data(None)), "target: None is not"),
    ("kind-unknown", encode(token_data({"kind": "sleep"})), "target.kind: 'sleep' is not"),
    ("kind-missing", encode(token_data({"version": 1})), "target.kind: None is not"),
    ("kind-list", encode(token_data({"kind": ["state"]})), "target.kind: ['state'] is not"),
    (
        "target-member-unknown",
        encode(token_data({"kind": "deployment", "version": 1, "verison": 2})),
        "target.verison: 2 is an unknown member",
    ),
    (
        "deleted-member-unknown",
        encode(token_data({"kind": "deleted", "version": 1})),
        "target.version: 1 is an unknown member",
    ),
    (
        "states-string",
        encode(token_data({"kind": "state", "states": "READY"})),
        "target.states: 'READY' is not",
    ),
    (
        "states-empty",
        encode(token_data({"kind": "state", "states": []})),
        "target.states: [] is not",
    ),
    (
        "states-unknown",
        encode(token_data({"kind": "state", "states": ["READY", "SLEEPING"]})),
        "target.states[1]: 'SLEEPING' is not a container service state",
    ),
    (
        "states-lowercase",
        encode(token_data({"kind": "state", "states": ["ready"]})),
        "target.states[0]: 'ready' is not",
    ),
    (
        "states-int",
        encode(token_data({"kind": "state", "states": [5]})),
        "target.states[0]: 5 is not",
    ),
    (
        "states-list",
        encode(token_data({"kind": "state", "states": [["READY"]]})),
        "target.states[0]: ['READY'] is not",
    ),
    (
        "states-missing",
        encode(token_data({"kind": "state"})),
        "target.states is missing",
    ),
    ("power-int", encode(update(power=5)), "target.power: 5 is not"),
    ("power-list", encode(update(power=["nano"])), "target.power: ['nano'] is not"),
    ("scale-string", encode(update(scale="2")), "target.scale: '2' is not"),
    ("scale-bool", encode(update(scale=True)), "target.scale: True is not"),
    ("scale-fraction", encode(update(scale=2.5)), "target.scale: 2.5 is not"),
    (
        "scale-overflow",
        encode(update(scale="@"), raw={"@": "1e400"}),
        "target.scale: inf is not",
    ),
    ("domains-list", encode(update(domains=["x.com"])), "target.domains: ['x.com'] is not"),
    (
        "domains-string",
        encode(update(domains={"cert": "x.com"})),
        "target.domains['cert']: 'x.com' is not",
    ),
    (
        "domains-items",
        encode(update(domains={"cert": ["x.com", 5]})),
        "target.domains['cert']: ['x.com', 5] is not",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [case[1:] for case in BAD_TOKENS],
    ids=[case[0] for case in BAD_TOKENS],
)
def test_bad_token_names_field(text: str, expected: str) -> None:
    """A token with an invalid field raises ValueError naming the field and its value."""
    with pytest.raises(ValueError, match=PREFIX) as raised:
        WaitToken.from_string(text)

    assert expected in str(raised.value)


def test_resume_rejects_bad_token(
    stubbed: tuple[LightsailClient, Stubber],
) -> None:
    """``resume`` rejects a bad token before any call, as ``deployment_waiter`` rejects -1."""
    lightsail, _ = stubbed
    client = ContainerServiceClient(lightsail)

    with pytest.raises(ValueError, match=PREFIX):
        client.resume(encode(deployment(-1)))
    with pytest.raises(ValueError, match="version"):
        client.deployment_waiter("web", -1)


def test_built_token_checked() -> None:
    """A token built by hand is checked like a decoded one."""
    with pytest.raises(ValueError, match="deadline: nan is not"):
        WaitToken("web", {"kind": "deleted"}, STARTED_AT, float("nan"))
    with pytest.raises(ValueError, match=r"target\.version: -1 is not"):
        WaitToken("web", {"kind": "deployment", "version": -1}, STARTED_AT, DEADLINE)


def test_target_from_dict_checks() -> None:
    """``target_from_dict`` raises ValueError with the token prefix for a bad target."""
    with pytest.raises(ValueError, match=rf"{PREFIX}: target\.version: -1 is not"):
        target_from_dict({"kind": "deployment", "version": -1})


TARGETS: list[tuple[str, Target]] = [
    ("state", ServiceStateTarget(frozenset({ContainerServiceState.READY}))),
    (
        "states",
        ServiceStateTarget(frozenset({ContainerServiceState.READY, ContainerServiceState.RUNNING})),
    ),
    ("update-empty", UpdateTarget()),
    ("update-power", UpdateTarget(power="micro")),
    ("update-scale", UpdateTarget(scale=3)),
    (
        "update-all",
        UpdateTarget(
            power="large",
            scale=2,
            public_domain_names={"cert": frozenset({"a.example.com", "b.example.com"})},
        ),
    ),
    ("update-no-domains", UpdateTarget(public_domain_names={})),
    ("deleted", DeletedTarget()),
    ("deployment", DeploymentTarget(1)),
    ("deployment-high", DeploymentTarget(10**20)),
]


@pytest.mark.parametrize("target", [case[1] for case in TARGETS], ids=[c[0] for c in TARGETS])
def test_target_round_trip(target: Target) -> None:
    """Every target kind comes back equal from its data."""
    assert target_from_dict(target.to_dict()) == target


@pytest.mark.parametrize("target", [case[1] for case in TARGETS], ids=[c[0] for c in TARGETS])
def test_token_round_trip(target: Target) -> None:
    """A token of every target kind comes back equal from its string."""
    token = WaitToken("web", target.to_dict(), STARTED_AT, DEADLINE)

    decoded = WaitToken.from_string(token.to_string())

    assert decoded == token
    assert target_from_dict(decoded.target) == target


def test_token_round_trip_whole_seconds() -> None:
    """Whole-number times and a deadline equal to the start are valid."""
    token = WaitToken("web", {"kind": "deleted"}, 0, 0)

    assert WaitToken.from_string(token.to_string()) == token


WAITERS: list[tuple[str, Callable[[ContainerServiceClient], Waiter]]] = [
    ("service", lambda client: client.service_waiter("web")),
    ("service-until", lambda client: client.service_waiter("web", until="DISABLED")),
    ("update", lambda client: client.update_waiter("web")),
    (
        "update-values",
        lambda client: client.update_waiter(
            "web", power=Power.NANO, scale=2, public_domain_names={"cert": ["x.example.com"]}
        ),
    ),
    ("deletion", lambda client: client.deletion_waiter("web")),
    ("deployment", lambda client: client.deployment_waiter("web", 7)),
]


@pytest.mark.parametrize("make", [case[1] for case in WAITERS], ids=[c[0] for c in WAITERS])
def test_waiter_token_resumes(
    stubbed: tuple[LightsailClient, Stubber], make: Callable[[ContainerServiceClient], Waiter]
) -> None:
    """The token of every waiter method resumes a waiter with the same target and times."""
    lightsail, _ = stubbed
    client = ContainerServiceClient(lightsail, wall_clock=lambda: STARTED_AT)
    waiter = make(client)

    resumed = client.resume(waiter.token().to_string())

    assert resumed.target == waiter.target
    assert resumed.token() == waiter.token()
