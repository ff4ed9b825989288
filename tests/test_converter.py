"""Conversion between boto3 dicts and the models, in both directions."""

from __future__ import annotations

import ast
import json
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, cast

import attrs
import boto3
import pytest
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders
from hypothesis import HealthCheck as HypothesisHealthCheck
from hypothesis import given, settings
from hypothesis import strategies as st

from lightsail_containers import (
    Container,
    ContainerService,
    ContainerServiceClient,
    ContainerServiceState,
    Deployment,
    DeploymentRequest,
    DeploymentState,
    EndpointRequest,
    HealthCheck,
    Power,
    Protocol,
    StateDetailCode,
    Tag,
)
from lightsail_containers._converter import (
    camel_case,
    structure,
    structure_service,
    unstructure,
)

from strategies import odd_responses, responses
from support import FIXTURES, as_boto3, known_members, lightsail_model, load_json

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from botocore.model import StructureShape
    from mypy_boto3_lightsail import LightsailClient

SERVICE_FIXTURES = [
    ("get-container-services.ready.2020-preview.json", "containerServices"),
    ("get-container-services.running.five-containers.2026.json", "containerServices"),
    ("create-container-service.pending.2021.json", "containerService"),
    ("create-container-service.pending.2022.json", "containerService"),
    ("create-container-service-deployment.deploying.2022.json", "containerService"),
]


def _services(file_name: str, key: str) -> list[dict[str, Any]]:
    document = load_json(f"responses/{file_name}")
    found = document[key]
    return found if isinstance(found, list) else [found]


@pytest.mark.parametrize(
    ("file_name", "key"), SERVICE_FIXTURES, ids=[f for f, _ in SERVICE_FIXTURES]
)
def test_fixture_round_trip(file_name: str, key: str, service_shape: StructureShape) -> None:
    """A published response converts to models and back to the same dict."""
    for published in _services(file_name, key):
        response = as_boto3(service_shape, published)

        service = structure_service(response)

        assert unstructure(service) == known_members(service_shape, response)


def _reference_syntax() -> list[tuple[str, str]]:
    lines = (FIXTURES / "responses" / "reference-response-syntax.2021.tsv").read_text().splitlines()
    return [tuple(line.split("\t", 1)) for line in lines]  # type: ignore[misc]


def _literal_from_syntax(syntax: str) -> Any:
    # Each enum choice list 'A'|'B'|... becomes its first value, True|False becomes True.
    text = re.sub(r"('[^']*')(?:\|'[^']*')+", r"\1", syntax)
    text = text.replace("True|False", "True")
    text = text.replace("datetime(2015, 1, 1)", "'2015-01-01T00:00:00+00:00'")
    return ast.literal_eval(text)


@pytest.mark.parametrize(("operation", "syntax"), _reference_syntax(), ids=lambda v: v[:40])
def test_reference_syntax_round_trip(operation: str, syntax: str) -> None:
    """The reference's response syntax of each operation converts and round-trips."""
    output_shape = lightsail_model().operation_model(operation).output_shape
    assert output_shape is not None
    response = as_boto3(output_shape, _literal_from_syntax(syntax))
    found = response.get("containerServices") or [response["containerService"]]
    service_shape = output_shape.members.get("containerService") or lightsail_model().shape_for(
        "ContainerService"
    )

    for item in found:
        service = structure_service(item)

        assert unstructure(service) == known_members(service_shape, item)
        assert service.state is ContainerServiceState.PENDING
        assert service.state_detail is not None
        assert service.state_detail.code is StateDetailCode.CREATING_SYSTEM_RESOURCES


@settings(max_examples=150, suppress_health_check=[HypothesisHealthCheck.too_slow])
@given(data=responses(lightsail_model().shape_for("ContainerService")))
def test_generated_response_round_trip(data: dict[str, Any]) -> None:
    """Any response the shape allows converts without error and round-trips its known members."""
    shape = lightsail_model().shape_for("ContainerService")

    service = structure_service(data)

    assert unstructure(service) == known_members(shape, data)


@settings(max_examples=300, suppress_health_check=[HypothesisHealthCheck.too_slow])
@given(pair=odd_responses(lightsail_model().shape_for("ContainerService")))
def test_odd_response_round_trip(pair: tuple[Any, Any]) -> None:
    """Nulls, odd timestamps and wrong types convert without error, keeping what is usable."""
    response, kept = pair
    shape = lightsail_model().shape_for("ContainerService")

    service = structure_service(response)

    assert unstructure(service) == known_members(shape, kept)


@settings(max_examples=150, suppress_health_check=[HypothesisHealthCheck.too_slow])
@given(pair=odd_responses(lightsail_model().shape_for("ContainerService")))
def test_structured_service_equals_rebuilt(pair: tuple[Any, Any]) -> None:
    """A converted service equals the one that __init__ builds from its fields."""
    response, _ = pair

    service = structure_service(response)
    rebuilt = attrs.evolve(service)

    assert rebuilt == service
    assert hash(rebuilt) == hash(service)
    assert vars(rebuilt).keys() == vars(service).keys()


# Nested shapes on their own, because the strategy seldom reaches four levels deep.
NESTED_SHAPES = [("ContainerServiceDeployment", Deployment), ("Container", Container)]


@pytest.mark.parametrize(("shape_name", "model"), NESTED_SHAPES, ids=[n for n, _ in NESTED_SHAPES])
@settings(max_examples=150, suppress_health_check=[HypothesisHealthCheck.too_slow])
@given(data=st.data())
def test_odd_nested_round_trip(shape_name: str, model: type, data: st.DataObject) -> None:
    """Odd deployments and containers convert without error, keeping what is usable."""
    shape = lightsail_model().shape_for(shape_name)
    response, kept = data.draw(odd_responses(shape))

    converted: object = structure(response, model)

    assert unstructure(converted) == known_members(shape, kept)


def test_unknown_enum_values_stay_strings() -> None:
    """A state, stateDetail code or power AWS adds later is kept as the plain string."""
    service = structure_service(
        {
            "state": "HIBERNATING",
            "stateDetail": {"code": "WARMING_UP", "message": "soon"},
            "power": "xxlarge",
            "currentDeployment": {"version": 1, "state": "PAUSED"},
        }
    )

    assert service.state == "HIBERNATING"
    assert not isinstance(service.state, ContainerServiceState)
    assert service.state_detail is not None
    assert service.state_detail.code == "WARMING_UP"
    assert service.state_detail.is_terminal is False
    assert service.power == "xxlarge"
    assert service.current_deployment is not None
    assert service.current_deployment.state == "PAUSED"


def test_known_enum_values_become_members() -> None:
    """Known wire values convert to enum members, including port protocols."""
    service = structure_service(
        load_json("responses/create-container-service-deployment.deploying.2022.json")[
            "containerService"
        ]
    )

    assert service.state is ContainerServiceState.DEPLOYING
    assert service.power is Power.SMALL
    assert service.next_deployment is not None
    assert service.next_deployment.state is DeploymentState.ACTIVATING
    assert service.next_deployment.containers["flask"].ports["5005"] is Protocol.HTTP


def test_unknown_member_reachable_through_raw() -> None:
    """A member the models do not know is kept in ``raw``, outside equality and repr."""
    published = _services("get-container-services.ready.2020-preview.json", "containerServices")[0]

    service = structure_service(published)

    assert service.raw["roleArn"] == ""
    assert "raw" not in repr(service)
    assert service == structure_service({**published, "roleArn": "changed"})


def test_missing_members_default() -> None:
    """An empty dict converts: scalars are None and collections empty."""
    service = structure_service({})

    assert service.container_service_name is None
    assert service.tags == ()
    assert service.public_domain_names == {}
    assert service.current_deployment is None


UTC = timezone.utc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-07-31T09:36:48.226999998Z", datetime(2020, 7, 31, 9, 36, 48, 226999, tzinfo=UTC)),
        ("2020-07-31T09:36:48.2Z", datetime(2020, 7, 31, 9, 36, 48, 200000, tzinfo=UTC)),
        ("2020-07-31T09:36:48.2269z", datetime(2020, 7, 31, 9, 36, 48, 226900, tzinfo=UTC)),
        (
            "2022-05-10T21:44:26-04:00",
            datetime(2022, 5, 10, 21, 44, 26, tzinfo=timezone(timedelta(hours=-4))),
        ),
        (
            "2022-05-10T21:44:26+0200",
            datetime(2022, 5, 10, 21, 44, 26, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("20240102T030405Z", datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)),
        (
            "20240102T030405.5+0530",
            datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=UTC) - timedelta(hours=5, minutes=30),
        ),
        ("2021-07-17T13:34:14", datetime(2021, 7, 17, 13, 34, 14, tzinfo=UTC)),
        ("2021-07-17 13:34:14+00:00", datetime(2021, 7, 17, 13, 34, 14, tzinfo=UTC)),
        (1596188208, datetime(2020, 7, 31, 9, 36, 48, tzinfo=UTC)),
        (1596188208.25, datetime(2020, 7, 31, 9, 36, 48, 250000, tzinfo=UTC)),
        ("1596188208", datetime(2020, 7, 31, 9, 36, 48, tzinfo=UTC)),
        (datetime(2021, 7, 17, 13, 34, 14), datetime(2021, 7, 17, 13, 34, 14, tzinfo=UTC)),  # noqa: DTZ001
    ],
    ids=[
        "nine-digit-fraction",
        "one-digit-fraction",
        "lowercase-z",
        "offset",
        "offset-without-colon",
        "basic-format",
        "basic-format-offset",
        "naive-is-utc",
        "space-separator",
        "epoch-seconds",
        "epoch-float",
        "epoch-text",
        "naive-datetime",
    ],
)
def test_timestamps_become_aware(text: str | float | datetime, expected: datetime) -> None:
    """Timestamps in every form AWS tools print become timezone-aware datetimes."""
    service = structure_service({"createdAt": text})

    assert service.created_at == expected
    assert service.created_at is not None
    assert service.created_at.tzinfo is not None


@pytest.mark.parametrize(
    "value", ["", "soon", "2024-13-45T00:00:00Z", float("nan"), 10**30, True, [2024], {}]
)
def test_unreadable_timestamp_becomes_none(value: object) -> None:
    """A timestamp that cannot be read is None in the model and unchanged in ``raw``."""
    service = structure_service({"containerServiceName": "web", "createdAt": value})

    assert service.created_at is None
    assert service.container_service_name == "web"
    assert service.raw["createdAt"] is value


def test_null_members_count_as_missing() -> None:
    """A member sent as null converts like a missing one, at every level."""
    members = [field for field in attrs.fields(ContainerService) if field.init]
    service = structure_service({camel_case(field.name): None for field in members})
    deployment = structure(
        {"version": None, "containers": None, "publicEndpoint": None, "createdAt": None},
        Deployment,
    )

    assert service == ContainerService()
    assert deployment == Deployment()


@pytest.mark.parametrize(
    ("member", "value", "field", "expected"),
    [
        ("tags", [None, {"key": "team", "value": None}], "tags", (Tag("team"),)),
        ("tags", [None], "tags", ()),
        (
            "publicDomainNames",
            {"a": [None, "a.example.com"], "b": None},
            "public_domain_names",
            {"a": ("a.example.com",)},
        ),
    ],
    ids=["tag-list", "only-nulls", "domain-names"],
)
def test_null_items_skipped(member: str, value: object, field: str, expected: object) -> None:
    """A null item of a list or map of a service is left out."""
    service = structure_service({member: value})

    assert getattr(service, field) == expected


def test_null_items_skipped_in_containers() -> None:
    """Null containers, command items, environment values and ports are left out."""
    deployment = structure(
        {
            "containers": {
                "gone": None,
                "app": {
                    "image": "nginx",
                    "command": [None, "nginx", None],
                    "environment": {"A": None, "B": "1"},
                    "ports": {"80": None, "443": "HTTPS"},
                },
            }
        },
        Deployment,
    )

    assert deployment.containers == {
        "app": Container(
            image="nginx", command=["nginx"], environment={"B": "1"}, ports={"443": "HTTPS"}
        )
    }


@pytest.mark.parametrize(
    ("member", "value", "field", "expected"),
    [
        ("containerServiceName", 5, "container_service_name", None),
        ("scale", "two", "scale", None),
        ("scale", 2.0, "scale", 2),
        ("scale", 2.5, "scale", None),
        ("scale", True, "scale", None),
        ("isDisabled", "true", "is_disabled", None),
        ("isDisabled", 1, "is_disabled", None),
        ("state", 3, "state", None),
        ("state", ["RUNNING"], "state", None),
        ("location", "us-east-1", "location", None),
        ("currentDeployment", [1], "current_deployment", None),
        ("tags", "team", "tags", ()),
        ("tags", ["team", 5, {"key": "kept"}], "tags", (Tag("kept"),)),
        ("publicDomainNames", ["a.example.com"], "public_domain_names", {}),
        ("publicDomainNames", {"a": "a.example.com"}, "public_domain_names", {}),
    ],
)
def test_wrong_types_become_missing(
    member: str, value: object, field: str, expected: object
) -> None:
    """A value of the wrong type is None or empty in the model, and other members convert."""
    service = structure_service({"url": "https://web.example.com/", member: value})

    assert getattr(service, field) == expected
    assert service.url == "https://web.example.com/"
    assert service.raw[member] == value


@pytest.mark.parametrize("data", [None, [], "web", 5])
def test_non_mapping_service_is_empty(data: Any) -> None:
    """A service that is not a mapping converts to an empty model instead of raising."""
    service = structure_service(data)

    assert service == ContainerService()
    assert service.raw == {}


def test_list_services_survives_odd_services() -> None:
    """list_services returns every service of a response with nulls and wrong types."""
    body = {
        "containerServices": [
            {"containerServiceName": "web", "tags": [None], "scale": "two"},
            {"containerServiceName": "api", "createdAt": 1596188208, "power": 5},
            {
                "containerServiceName": "worker",
                "currentDeployment": {"containers": {"app": None}, "state": None},
            },
        ]
    }
    client = ContainerServiceClient(_client_answering(json.dumps(body).encode()))

    services = client.list_services()

    assert [service.container_service_name for service in services] == ["web", "api", "worker"]
    assert services[0].scale is None
    assert services[1].power is None
    assert services[2].current_deployment == Deployment()


def _client_answering(body: bytes) -> LightsailClient:
    """Return a boto3 Lightsail client whose HTTP layer returns ``body`` for any request."""
    lightsail = boto3.client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",  # noqa: S106  # a dummy for the offline client
    )

    def respond(request: AWSPreparedRequest, **_: object) -> AWSResponse:
        headers = HTTPHeaders.from_dict({"x-amzn-RequestId": "test"})
        return AWSResponse(request.url, 200, headers, _Body(body))

    lightsail.meta.events.register("before-send.lightsail", cast("Callable[..., None]", respond))
    return lightsail


class _Body:
    """The raw stream of a stubbed HTTP response."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self.body


def test_deployment_request_unstructures_exactly() -> None:
    """A request model becomes the minimal dict boto3 expects, with enums as strings."""
    request = DeploymentRequest(
        containers={
            "web": Container(image="nginx:1.27", ports={"80": Protocol.HTTP}),
            "worker": Container(
                image="busybox", command=["sh", "-c", "sleep 1"], environment={"A": "1"}
            ),
        },
        public_endpoint=EndpointRequest(
            "web", 80, HealthCheck(path="/healthz", interval_seconds=10, success_codes="200-299")
        ),
    )

    assert unstructure(request) == {
        "containers": {
            "web": {"image": "nginx:1.27", "ports": {"80": "HTTP"}},
            "worker": {
                "image": "busybox",
                "command": ["sh", "-c", "sleep 1"],
                "environment": {"A": "1"},
            },
        },
        "publicEndpoint": {
            "containerName": "web",
            "containerPort": 80,
            "healthCheck": {"path": "/healthz", "intervalSeconds": 10, "successCodes": "200-299"},
        },
    }
    assert type(unstructure(request)["containers"]["web"]["ports"]["80"]) is str


@pytest.mark.parametrize(
    "file_name",
    [
        "create-container-service-deployment.registered-image.2020.json",
        "create-container-service-deployment.latest-label.json",
    ],
)
def test_published_request_round_trip(file_name: str) -> None:
    """A published deployment request converts to the model and back unchanged."""
    published = load_json(f"requests/{file_name}")
    body = {key: value for key, value in published.items() if key != "serviceName"}

    request = structure(body, DeploymentRequest)

    assert unstructure(request) == body


@pytest.mark.parametrize("port", ["5005", "9098"])
def test_cli_container_files_convert(port: str) -> None:
    """The AWS CLI's --containers and --public-endpoint files convert to a request."""
    containers = load_json(f"requests/containers.port-{port}.json")
    endpoint = load_json(f"requests/public-endpoint.port-{port}.json")

    request = structure({"containers": containers, "publicEndpoint": endpoint}, DeploymentRequest)

    assert request.public_endpoint == EndpointRequest("flask", int(port))
    assert request.containers["flask"].ports == {port: Protocol.HTTP}


def test_round_trip_keeps_model_type() -> None:
    """Structuring the unstructured model gives an equal model."""
    service = structure_service(
        load_json("responses/get-container-services.running.five-containers.2026.json")[
            "containerServices"
        ][0]
    )

    assert structure_service(unstructure(service)) == service
    assert isinstance(service, ContainerService)
