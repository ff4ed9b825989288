"""The models' helpers, immutability and repr."""

from __future__ import annotations

import copy
import pickle
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, cast

import attrs
import pytest

from lightsail_containers import (
    Container,
    ContainerService,
    ContainerServiceClient,
    ContainerServiceState,
    Deployment,
    Endpoint,
    Protocol,
    StateDetail,
    StateDetailCode,
    Tag,
)
from lightsail_containers._converter import structure_service

from support import load_json, service_dict

if TYPE_CHECKING:
    from collections.abc import Callable


def test_deployment_by_version() -> None:
    """deployment() finds the current or the next deployment by version."""
    service = structure_service(service_dict(current=(1, "ACTIVE"), next_=(2, "ACTIVATING")))

    assert service.deployment(1) is service.current_deployment
    assert service.deployment(2) is service.next_deployment
    assert service.deployment(3) is None


def test_newest_deployment() -> None:
    """newest_deployment is the higher version of current and next."""
    both = structure_service(service_dict(current=(1, "ACTIVE"), next_=(2, "ACTIVATING")))
    none = structure_service(service_dict(state="READY"))

    assert both.newest_deployment is both.next_deployment
    assert none.newest_deployment is None


@pytest.mark.parametrize(
    ("state", "next_", "settled"),
    [
        ("READY", None, True),
        ("RUNNING", None, True),
        ("DISABLED", None, True),
        ("PENDING", None, False),
        ("DEPLOYING", (2, "ACTIVATING"), False),
        ("RUNNING", (2, "ACTIVATING"), False),
        ("UPDATING", None, False),
        ("DELETING", None, False),
        ("SOMETHING_NEW", None, False),
    ],
)
def test_is_settled(state: str, next_: tuple[int, str] | None, *, settled: bool) -> None:
    """Only READY, RUNNING and DISABLED without a next deployment count as settled."""
    service = structure_service(service_dict(state=state, current=(1, "ACTIVE"), next_=next_))

    assert service.is_settled is settled


def test_public_url_needs_public_endpoint() -> None:
    """public_url is the default domain only while the current deployment has an endpoint."""
    running = structure_service(service_dict(current=(1, "ACTIVE")))
    pending = structure_service(
        load_json("responses/create-container-service.pending.2021.json")["containerService"]
    )
    no_endpoint = attrs.evolve(
        running,
        current_deployment=Deployment(version=1, containers={"w": Container(image="busybox")}),
    )

    assert running.public_url == "https://web.exampleguid13.us-east-1.cs.amazonlightsail.com/"
    assert pending.public_url is None
    assert no_endpoint.public_url is None


def test_models_are_frozen() -> None:
    """Fields cannot be reassigned and collections cannot be changed."""
    container = Container(image="nginx", ports={"80": "HTTP"}, environment={"A": "1"})

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        container.image = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        container.ports["81"] = Protocol.TCP  # type: ignore[index]
    with pytest.raises(TypeError):
        container.environment["B"] = "2"  # type: ignore[index]


def test_caller_dict_copied() -> None:
    """A model keeps its own copy, so changing the caller's dict later changes nothing."""
    environment = {"A": "1"}

    container = Container(image="nginx", environment=environment)
    environment["A"] = "changed"

    assert container.environment == {"A": "1"}


def test_environment_values_hidden_in_repr() -> None:
    """Environment values never appear in a repr, at any depth."""
    service = structure_service(
        load_json("responses/get-container-services.running.five-containers.2026.json")[
            "containerServices"
        ][0]
    )
    hidden_value = "http://localhost:8004"

    assert hidden_value not in repr(service)
    assert "'AGENT_SERVER_URL': '***'" in repr(service)
    assert "orchestrator" not in repr(Container(environment={"AGENT_NAME": "orchestrator"}))


def test_hand_built_models_coerce_enums() -> None:
    """Models built from strings hold enum members, like converted ones."""
    service = ContainerService(state="RUNNING", state_detail=StateDetail(code="UNKNOWN_ERROR"))
    container = Container(ports={"80": "HTTP", "53": "udp-ish"})

    assert service.state is ContainerServiceState.RUNNING
    assert service.state_detail is not None
    assert service.state_detail.code is StateDetailCode.UNKNOWN_ERROR
    assert service.state_detail.is_terminal
    assert container.ports["80"] is Protocol.HTTP
    assert container.ports["53"] == "udp-ish"


def test_models_compare_by_value() -> None:
    """Two conversions of the same data are equal."""
    data = service_dict(current=(1, "ACTIVE"))

    assert structure_service(data) == structure_service(data)
    assert Endpoint("web", 80) == Endpoint(container_name="web", container_port=80)


def test_created_at_is_aware() -> None:
    """Timestamps from the published examples are timezone-aware."""
    service = structure_service(
        load_json("responses/create-container-service.pending.2021.json")["containerService"]
    )

    assert service.created_at is not None
    assert service.created_at.utcoffset() is not None
    assert service.created_at == datetime(2021, 7, 17, 11, 34, 14, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Container(command="nginx -g x"), "Container.command"),  # type: ignore[arg-type]
        (lambda: Container(command=b"nginx"), "Container.command"),  # type: ignore[arg-type]
        (lambda: ContainerService(tags="team"), "ContainerService.tags"),  # type: ignore[arg-type]
        (
            lambda: ContainerService(public_domain_names={"cert": "x.com"}),  # type: ignore[dict-item]
            "ContainerService.public_domain_names['cert']",
        ),
    ],
    ids=["command-str", "command-bytes", "tags-str", "domain-names-str"],
)
def test_list_fields_reject_text(build: Callable[[], object], field: str) -> None:
    """A str or bytes where a list is expected raises instead of splitting into characters."""
    with pytest.raises(TypeError) as raised:
        build()

    message = str(raised.value)
    assert field in message
    assert "must be a list, not " in message
    assert "such as [" in message


def test_list_fields_accept_sequences() -> None:
    """Lists, tuples and other iterables of strings become tuples."""
    container = Container(command=["nginx", "-g", "daemon off;"])
    service = ContainerService(
        tags=iter([Tag("team", "web")]), public_domain_names={"cert": ("x.com",)}
    )

    assert container.command == ("nginx", "-g", "daemon off;")
    assert service.tags == (Tag("team", "web"),)
    assert service.public_domain_names == {"cert": ("x.com",)}


def _five_containers() -> ContainerService:
    return structure_service(
        load_json("responses/get-container-services.running.five-containers.2026.json")[
            "containerServices"
        ][0]
    )


def test_models_hashable() -> None:
    """Models, including those with maps, hash by value and work as set members."""
    service = _five_containers()

    assert hash(Container()) == hash(Container())
    assert hash(Container(environment={"A": "1"})) == hash(Container(environment={"A": "1"}))
    assert hash(service) == hash(_five_containers())
    assert len({service, _five_containers(), ContainerService()}) == 2


def test_models_pickle() -> None:
    """A pickled service loads equal, with its maps still immutable and its raw dict kept."""
    service = _five_containers()

    loaded = pickle.loads(pickle.dumps(service))  # noqa: S301  # our own data

    assert loaded == service
    assert loaded.raw == service.raw
    assert loaded.current_deployment is not None
    with pytest.raises(TypeError):
        loaded.current_deployment.containers["new"] = Container()


def test_models_copy() -> None:
    """copy and deepcopy give equal services that keep their raw dict."""
    service = _five_containers()

    deep = copy.deepcopy(service)
    shallow = copy.copy(service)

    assert deep == service
    assert deep.raw == service.raw
    assert deep.raw is not service.raw
    assert shallow == service
    assert shallow.raw is service.raw


def test_raw_read_only_at_top_level() -> None:
    """raw rejects changes to its members, and its nested dicts are boto3's own."""
    data = service_dict(current=(1, "ACTIVE"))
    service = structure_service(data)

    with pytest.raises(TypeError):
        service.raw["state"] = "DELETING"  # type: ignore[index]
    data["state"] = "DELETING"

    assert service.raw["state"] == "RUNNING"
    assert service.raw["currentDeployment"] is data["currentDeployment"]


def test_evolve_leaves_raw_empty() -> None:
    """attrs.evolve gives a service without raw, since its fields may no longer match it."""
    service = structure_service(service_dict(current=(1, "ACTIVE")))

    evolved = attrs.evolve(service, scale=2)

    assert evolved.scale == 2
    assert evolved.raw == {}


def test_service_display_hides_environment() -> None:
    """The text and HTML forms of a service show environment keys, never values."""
    service = structure_service(
        load_json("responses/get-container-services.running.five-containers.2026.json")[
            "containerServices"
        ][0]
    )
    hidden_value = "http://localhost:8004"

    assert "course-creator-service" in str(service)
    assert hidden_value not in str(service)
    assert hidden_value not in service._repr_html_()
    assert "AGENT_SERVER_URL" in service._repr_html_()
    assert service.current_deployment is not None
    assert hidden_value not in str(service.current_deployment)
    assert hidden_value not in service.current_deployment._repr_html_()


def test_list_services_skips_malformed_items() -> None:
    """A null or non-object item in GetContainerServices is skipped, not turned into a model."""

    class OddLightsail:
        def get_container_services(self) -> dict[str, object]:
            return {"containerServices": [None, "odd", service_dict("web")]}

    client = ContainerServiceClient(cast("Any", OddLightsail()))

    services = client.list_services()

    assert [s.container_service_name for s in services] == ["web"]
    assert "<table" in services._repr_html_()
