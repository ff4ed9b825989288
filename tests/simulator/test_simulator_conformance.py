"""Conformance: the same scenarios against the simulator and against published AWS output.

Each scenario runs twice. With "simulator", the simulator handles the requests. With "stubber",
botocore's Stubber replays the AWS CLI output published in tests/fixtures/lightsail/,
checks the request parameters, and the scenario's own set-up steps do nothing. Both runs
make the same assertions, so a difference between the simulator and AWS fails one of them.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import boto3
import pytest
from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.stub import Stubber
from botocore.utils import parse_timestamp

from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock

from support import lightsail_model

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import ContainerServiceDeploymentRequestTypeDef

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lightsail"
MODEL = lightsail_model()


def published(relative_path: str, operation: str) -> dict[str, Any]:
    """Return a published response as boto3 returns it, with timestamps as datetimes."""
    text = json.loads((FIXTURES / relative_path).read_text())
    output_shape = MODEL.operation_model(operation).output_shape
    assert output_shape is not None
    converted: dict[str, Any] = _as_parsed(output_shape, text)
    return converted


def _as_parsed(shape: Shape, value: Any) -> Any:
    if shape.type_name == "timestamp":
        return parse_timestamp(value)
    if isinstance(shape, StructureShape):
        return {key: _as_parsed(shape.members[key], item) for key, item in value.items()}
    if isinstance(shape, ListShape):
        return [_as_parsed(shape.member, item) for item in value]
    if isinstance(shape, MapShape):
        return {key: _as_parsed(shape.value, item) for key, item in value.items()}
    return value


def request_file(name: str) -> Any:
    return json.loads((FIXTURES / "requests" / name).read_text())


class Conformance(Protocol):
    """One side of a scenario: a client, and the steps that only the simulator needs."""

    client: LightsailClient

    def respond(self, operation: str, response: str, params: dict[str, Any]) -> None:
        """Expect the next call to `operation` with `params`, and reply with `response`."""

    def respond_error(self, operation: str, code: str, params: dict[str, Any]) -> None:
        """Expect the next call to `operation` with `params`, and reply with error `code`."""

    def arrange(self, steps: Callable[[Simulator], None]) -> None:
        """Bring the simulator to the state that the published output shows."""


class SimulatorSide:
    def __init__(self, region: str) -> None:
        self.simulator = Simulator(clock=VirtualClock(), region=region)
        self.client = self.simulator.client()

    def respond(self, operation: str, response: str, params: dict[str, Any]) -> None:
        pass

    def respond_error(self, operation: str, code: str, params: dict[str, Any]) -> None:
        pass

    def arrange(self, steps: Callable[[Simulator], None]) -> None:
        steps(self.simulator)


class StubberSide:
    def __init__(self, region: str) -> None:
        self.client = boto3.client(
            "lightsail",
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",  # noqa: S106 - a dummy for the offline client
        )
        self.stubber = Stubber(self.client)
        self.stubber.activate()

    def respond(self, operation: str, response: str, params: dict[str, Any]) -> None:
        method = self.client.meta.method_to_api_mapping
        name = next(python for python, api in method.items() if api == operation)
        self.stubber.add_response(name, published(response, operation), expected_params=params)

    def respond_error(self, operation: str, code: str, params: dict[str, Any]) -> None:
        method = self.client.meta.method_to_api_mapping
        name = next(python for python, api in method.items() if api == operation)
        # The API reference documents HTTP status 400 for NotFoundException.
        self.stubber.add_client_error(
            name, service_error_code=code, http_status_code=400, expected_params=params
        )

    def arrange(self, steps: Callable[[Simulator], None]) -> None:
        pass

    def close(self) -> None:
        self.stubber.assert_no_pending_responses()
        self.stubber.deactivate()


@pytest.fixture(params=["simulator", "stubber"])
def side(request: pytest.FixtureRequest) -> Iterator[Callable[[str], Conformance]]:
    """A factory of one side of a scenario, for the scenario's region."""
    stubbers: list[StubberSide] = []

    def make(region: str) -> Conformance:
        if request.param == "simulator":
            return SimulatorSide(region)
        stubber = StubberSide(region)
        stubbers.append(stubber)
        return stubber

    yield make
    for stubber in stubbers:
        stubber.close()


def url_pattern(name: str, region: str) -> re.Pattern[str]:
    return re.compile(rf"https://{name}\.[a-z0-9]{{13}}\.{region}\.cs\.amazonlightsail\.com/")


@pytest.mark.parametrize(
    ("response", "name", "region", "power"),
    [
        ("responses/create-container-service.pending.2021.json", "test", "us-west-2", "nano"),
        (
            "responses/create-container-service.pending.2022.json",
            "flask-service",
            "ca-central-1",
            "small",
        ),
    ],
)
def test_create_returns_pending(
    side: Callable[[str], Conformance], response: str, name: str, region: str, power: str
) -> None:
    backend = side(region)
    params = {"serviceName": name, "power": power, "scale": 1}
    backend.respond("CreateContainerService", response, params)

    service = backend.client.create_container_service(**params)["containerService"]  # type: ignore[arg-type]

    assert service["containerServiceName"] == name
    assert service["state"] == "PENDING"
    assert "stateDetail" not in service
    assert service["principalArn"] == ""
    assert service["power"] == power
    assert service["powerId"] == f"{power}-1"
    assert service["scale"] == 1
    assert service["tags"] == []
    assert service["isDisabled"] is False
    assert service["resourceType"] == "ContainerService"
    assert service["location"] == {"availabilityZone": "all", "regionName": region}
    assert service["privateDomainName"] == f"{name}.service.local"
    assert url_pattern(name, region).fullmatch(service["url"])
    assert re.fullmatch(
        rf"arn:aws:lightsail:{region}:[0-9]{{12}}:ContainerService/[0-9a-f-]{{36}}",
        service["arn"],
    )
    assert "currentDeployment" not in service
    assert "nextDeployment" not in service


def failed_first_version(simulator: Simulator) -> None:
    """Create flask-service whose version 1 failed, as the published deployment shows."""
    client = simulator.client()
    simulator.set_image_behaviour(":flask-service.flask-container.1", ContainerBehaviour.CRASHING)
    client.create_container_service(
        serviceName="flask-service",
        power="small",
        scale=1,
        deployment={
            "containers": request_file("containers.port-5005.json"),
            "publicEndpoint": request_file("public-endpoint.port-5005.json"),
        },
    )
    simulator.advance(3600)


def test_deployment_fills_defaults(side: Callable[[str], Conformance]) -> None:
    backend = side("ca-central-1")
    backend.arrange(failed_first_version)
    containers = request_file("containers.port-5005.json")
    containers["flask"]["image"] = ":flask-service.flask-container.2"
    params = {
        "serviceName": "flask-service",
        "containers": containers,
        "publicEndpoint": request_file("public-endpoint.port-5005.json"),
    }
    backend.respond(
        "CreateContainerServiceDeployment",
        "responses/create-container-service-deployment.deploying.2022.json",
        params,
    )

    service = backend.client.create_container_service_deployment(**params)["containerService"]

    assert service["state"] == "DEPLOYING"
    assert "stateDetail" not in service
    assert "currentDeployment" not in service
    deployment = service["nextDeployment"]
    assert deployment["version"] == 2
    assert deployment["state"] == "ACTIVATING"
    assert deployment["containers"] == {
        "flask": {
            "image": ":flask-service.flask-container.2",
            "command": [],
            "environment": {},
            "ports": {"5005": "HTTP"},
        }
    }
    assert deployment["publicEndpoint"] == {
        "containerName": "flask",
        "containerPort": 5005,
        "healthCheck": {
            "healthyThreshold": 2,
            "unhealthyThreshold": 2,
            "timeoutSeconds": 2,
            "intervalSeconds": 5,
            "path": "/",
            "successCodes": "200-499",
        },
    }
    assert re.fullmatch(
        r"arn:aws:iam::444455556666:role/amazon/lightsail/ca-central-1/containers/"
        r"flask-service/[a-z0-9]{52}",
        service["principalArn"],
    )


RUNNING_RESPONSE = "responses/get-container-services.running.five-containers.2026.json"


def running_version_ten(simulator: Simulator) -> None:
    """Create the published service and deploy it until version 10 is current."""
    current = published(RUNNING_RESPONSE, "GetContainerServices")["containerServices"][0][
        "currentDeployment"
    ]
    request: ContainerServiceDeploymentRequestTypeDef = {
        "containers": current["containers"],
        "publicEndpoint": {
            "containerName": current["publicEndpoint"]["containerName"],
            "containerPort": current["publicEndpoint"]["containerPort"],
            "healthCheck": current["publicEndpoint"]["healthCheck"],
        },
    }
    client = simulator.client()
    client.create_container_service(
        serviceName="course-creator-service", power="small", scale=1, deployment=request
    )
    simulator.advance(3600)
    for _ in range(9):
        client.create_container_service_deployment(
            serviceName="course-creator-service", **copy.deepcopy(request)
        )
        simulator.advance(3600)


def test_running_service_shows_current_deployment(side: Callable[[str], Conformance]) -> None:
    backend = side("us-east-1")
    backend.arrange(running_version_ten)
    params = {"serviceName": "course-creator-service"}
    backend.respond("GetContainerServices", RUNNING_RESPONSE, params)
    expected = published(RUNNING_RESPONSE, "GetContainerServices")["containerServices"][0]

    services = backend.client.get_container_services(**params)["containerServices"]

    assert len(services) == 1
    service = services[0]
    assert set(service) == set(expected)
    assert service["state"] == "RUNNING"
    assert "stateDetail" not in service
    assert "nextDeployment" not in service
    current = service["currentDeployment"]
    assert current["version"] == 10
    assert current["state"] == "ACTIVE"
    assert current["containers"] == expected["currentDeployment"]["containers"]
    assert current["publicEndpoint"] == expected["currentDeployment"]["publicEndpoint"]
    assert service["privateRegistryAccess"] == {
        "ecrImagePullerRole": {"isActive": False, "principalArn": ""}
    }
    assert service["principalArn"].startswith(
        "arn:aws:iam::444455556666:role/amazon/lightsail/us-east-1/containers/"
        "course-creator-service/"
    )


def test_missing_service_not_found(side: Callable[[str], Conformance]) -> None:
    backend = side("us-east-1")
    params = {"serviceName": "absent"}
    backend.respond_error("GetContainerServices", "NotFoundException", params)

    with pytest.raises(backend.client.exceptions.NotFoundException) as excinfo:
        backend.client.get_container_services(**params)

    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
