"""Conversion between boto3 dicts and the models, in both directions."""

from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck as HypothesisHealthCheck
from hypothesis import given, settings

from lightsail_containers import (
    Container,
    ContainerService,
    ContainerServiceState,
    DeploymentRequest,
    DeploymentState,
    EndpointRequest,
    HealthCheck,
    Power,
    Protocol,
    StateDetailCode,
)
from lightsail_containers._converter import structure, structure_service, unstructure

from strategies import responses
from support import FIXTURES, as_boto3, known_members, lightsail_model, load_json

if TYPE_CHECKING:
    from botocore.model import StructureShape

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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "2020-07-31T09:36:48.226999998Z",
            datetime(2020, 7, 31, 9, 36, 48, 226999, tzinfo=timezone.utc),
        ),
        (
            "2022-05-10T21:44:26-04:00",
            datetime(2022, 5, 10, 21, 44, 26, tzinfo=timezone(timedelta(hours=-4))),
        ),
        ("2021-07-17T13:34:14", datetime(2021, 7, 17, 13, 34, 14, tzinfo=timezone.utc)),
        (1596188208, datetime(2020, 7, 31, 9, 36, 48, tzinfo=timezone.utc)),
    ],
    ids=["nine-digit-fraction", "offset", "naive-is-utc", "epoch-seconds"],
)
def test_timestamps_become_aware(text: str | int, expected: datetime) -> None:
    """Timestamps in every form AWS tools print become timezone-aware datetimes."""
    service = structure_service({"createdAt": text})

    assert service.created_at == expected
    assert service.created_at is not None
    assert service.created_at.tzinfo is not None


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
