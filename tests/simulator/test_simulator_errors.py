from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import botocore.exceptions
import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import ContainerServiceDeploymentRequestTypeDef

    from lightsail_containers.simulator import Simulator, VirtualClock

NAME_PATTERN = "^(?:[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]+[a-z0-9])$"


@pytest.fixture
def raw_client(sim: Simulator) -> LightsailClient:
    """Client without botocore's parameter validation, so every request reaches the simulator."""
    return sim.client(parameter_validation=False)


def deployment(
    image: str = "nginx:latest", port: int = 80
) -> ContainerServiceDeploymentRequestTypeDef:
    return {
        "containers": {"app": {"image": image, "ports": {str(port): "HTTP"}}},
        "publicEndpoint": {"containerName": "app", "containerPort": port},
    }


def error_of(excinfo: pytest.ExceptionInfo[botocore.exceptions.ClientError]) -> dict[str, Any]:
    return dict(excinfo.value.response["Error"])


@pytest.mark.parametrize("name", ["Web", "-web", "web-", "web_1", "web.site", "wéb", "web\n"])
def test_create_rejects_invalid_name(client: LightsailClient, name: str) -> None:
    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service(serviceName=name, power="nano", scale=1)

    assert error_of(excinfo)["Message"] == (
        f'Service name "{name}" does not match pattern: {NAME_PATTERN}'
    )


def test_create_rejects_long_name(client: LightsailClient) -> None:
    with pytest.raises(client.exceptions.InvalidInputException, match="longer than 63"):
        client.create_container_service(serviceName="a" * 64, power="nano", scale=1)


def test_create_rejects_empty_name(client: LightsailClient, raw_client: LightsailClient) -> None:
    with pytest.raises(botocore.exceptions.ParamValidationError):
        client.create_container_service(serviceName="", power="nano", scale=1)

    with pytest.raises(raw_client.exceptions.InvalidInputException, match="does not match"):
        raw_client.create_container_service(serviceName="", power="nano", scale=1)


@pytest.mark.parametrize("name", ["a", "a1", "a-b", "a--b", "1-2-3", "a" * 63])
def test_create_accepts_valid_name(client: LightsailClient, name: str) -> None:
    service = client.create_container_service(serviceName=name, power="nano", scale=1)

    assert service["containerService"]["containerServiceName"] == name


def test_create_rejects_duplicate_name(client: LightsailClient) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service(serviceName="web", power="micro", scale=2)

    assert error_of(excinfo)["Message"] == "Some names are already in use: web"
    assert client.get_container_services()["containerServices"][0]["power"] == "nano"


@pytest.mark.parametrize("scale", [21, 99])
def test_create_rejects_scale_above_limit(client: LightsailClient, scale: int) -> None:
    with pytest.raises(client.exceptions.InvalidInputException, match="from 1 to 20"):
        client.create_container_service(serviceName="web", power="nano", scale=scale)

    assert client.get_container_services()["containerServices"] == []


def test_create_rejects_scale_zero(client: LightsailClient, raw_client: LightsailClient) -> None:
    with pytest.raises(botocore.exceptions.ParamValidationError):
        client.create_container_service(serviceName="web", power="nano", scale=0)

    with pytest.raises(raw_client.exceptions.InvalidInputException, match="Invalid scale 0"):
        raw_client.create_container_service(serviceName="web", power="nano", scale=0)


def test_create_rejects_unknown_power(client: LightsailClient) -> None:
    params: dict[str, Any] = {"serviceName": "web", "power": "huge", "scale": 1}

    with pytest.raises(client.exceptions.InvalidInputException, match="Invalid power 'huge'"):
        client.create_container_service(**params)


def test_create_rejects_missing_members(raw_client: LightsailClient) -> None:
    params: dict[str, Any] = {"serviceName": "web"}

    with pytest.raises(raw_client.exceptions.InvalidInputException, match="Invalid power"):
        raw_client.create_container_service(**params)


def test_create_rejects_wrong_types(raw_client: LightsailClient) -> None:
    params: dict[str, Any] = {"serviceName": "web", "power": "nano", "scale": "1"}

    with pytest.raises(raw_client.exceptions.InvalidInputException, match="Invalid scale '1'"):
        raw_client.create_container_service(**params)


def test_create_rejects_five_domain_names(client: LightsailClient) -> None:
    domains = {"cert": ["a.example.com", "b.example.com", "c.example.com", "d.example.com"]}
    domains["other"] = ["e.example.com"]

    with pytest.raises(client.exceptions.InvalidInputException, match="up to 4"):
        client.create_container_service(
            serviceName="web", power="nano", scale=1, publicDomainNames=domains
        )


def test_update_rejects_invalid_scale(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)

    with pytest.raises(client.exceptions.InvalidInputException, match="from 1 to 20"):
        client.update_container_service(serviceName="web", power="small", scale=99)

    service = client.get_container_services(serviceName="web")["containerServices"][0]
    assert service["state"] == "READY"
    assert service["power"] == "nano"
    assert service["scale"] == 1


MISSING_SERVICE_CALLS: dict[str, Callable[[LightsailClient], object]] = {
    "get": lambda client: client.get_container_services(serviceName="absent"),
    "update": lambda client: client.update_container_service(serviceName="absent", scale=2),
    "delete": lambda client: client.delete_container_service(serviceName="absent"),
    "deploy": lambda client: client.create_container_service_deployment(
        serviceName="absent", **deployment()
    ),
}


@pytest.mark.parametrize("call", MISSING_SERVICE_CALLS.values(), ids=MISSING_SERVICE_CALLS.keys())
def test_missing_service_not_found(
    client: LightsailClient, call: Callable[[LightsailClient], object]
) -> None:
    client.create_container_service(serviceName="other", power="nano", scale=1)

    with pytest.raises(client.exceptions.NotFoundException) as excinfo:
        call(client)

    assert error_of(excinfo)["Message"] == "The ContainerService does not exist: absent"


def test_error_response_has_lightsail_members(client: LightsailClient) -> None:
    with pytest.raises(client.exceptions.NotFoundException) as excinfo:
        client.get_container_services(serviceName="absent")

    response: dict[str, Any] = dict(excinfo.value.response)
    assert response["Error"]["Code"] == "NotFoundException"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["message"] == "The ContainerService does not exist: absent"
    assert response["code"]
    assert response["docs"].startswith("https://")
    assert response["tip"]


def test_deploy_rejected_while_pending(client: LightsailClient) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    with pytest.raises(client.exceptions.InvalidInputException, match="PENDING state"):
        client.create_container_service_deployment(serviceName="web", **deployment())


def test_deploy_rejected_while_deploying(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    client.create_container_service_deployment(serviceName="web", **deployment())

    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service_deployment(serviceName="web", **deployment("nginx:2"))

    assert error_of(excinfo)["Message"] == (
        'Sorry, deployment 1 is in progress for service "web". '
        "Please wait for it to complete before trying again."
    )
    assert [item["version"] for item in sim.deployments("web")] == [1]


def test_deploy_rejected_while_updating(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    client.update_container_service(serviceName="web", scale=2)

    with pytest.raises(client.exceptions.InvalidInputException, match="UPDATING state"):
        client.create_container_service_deployment(serviceName="web", **deployment())


def test_deploy_rejected_while_disabled(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    client.update_container_service(serviceName="web", isDisabled=True)
    clock.sleep(sim.durations.updating)

    with pytest.raises(client.exceptions.InvalidInputException, match="is disabled"):
        client.create_container_service_deployment(serviceName="web", **deployment())


def test_update_rejected_while_deploying(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(
        serviceName="web", power="nano", scale=1, deployment=deployment()
    )
    clock.sleep(sim.durations.provisioning)

    with pytest.raises(client.exceptions.InvalidInputException, match="DEPLOYING state"):
        client.update_container_service(serviceName="web", scale=2)


def test_update_rejected_while_deleting(client: LightsailClient) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.delete_container_service(serviceName="web")

    with pytest.raises(client.exceptions.InvalidInputException, match="DELETING state"):
        client.update_container_service(serviceName="web", scale=2)


def ready_service(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)


def test_endpoint_container_must_exist(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready_service(client, clock, sim)
    request = deployment()
    request["publicEndpoint"]["containerName"] = "other"

    with pytest.raises(client.exceptions.InvalidInputException, match="'other'"):
        client.create_container_service_deployment(serviceName="web", **request)


def test_endpoint_port_must_be_open(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready_service(client, clock, sim)
    request = deployment()
    request["publicEndpoint"]["containerPort"] = 8080

    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service_deployment(serviceName="web", **request)

    assert error_of(excinfo)["Message"] == (
        "Invalid port specified. You must specify a port that is in the list of ports of "
        "the specified container."
    )


def test_container_name_must_match_pattern(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready_service(client, clock, sim)

    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service_deployment(
            serviceName="web", containers={"backend_api": {"image": "api:1"}}
        )

    assert error_of(excinfo)["Message"] == (
        f'Container name "backend_api" does not match pattern: {NAME_PATTERN}'
    )


@pytest.mark.parametrize(
    "image", [":web.app.latest", ":other.app.1", ":web.1", ":web..1", ":web.app.1.2"]
)
def test_registered_image_must_be_valid(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, image: str
) -> None:
    ready_service(client, clock, sim)

    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service_deployment(serviceName="web", **deployment(image))

    assert error_of(excinfo)["Message"] == (
        f'Container "app" has invalid image "{image}". Example of valid image: ":web.app.123".'
    )


@pytest.mark.parametrize("image", [":web.app.1", ":web.latest.2", "nginx", "public.ecr.aws/a/b:1"])
def test_valid_images_accepted(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, image: str
) -> None:
    ready_service(client, clock, sim)

    response = client.create_container_service_deployment(serviceName="web", **deployment(image))

    containers = response["containerService"]["nextDeployment"]["containers"]
    assert containers["app"]["image"] == image


def test_deployment_needs_containers(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready_service(client, clock, sim)

    with pytest.raises(client.exceptions.InvalidInputException, match="at least one container"):
        client.create_container_service_deployment(serviceName="web")


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_container_port_must_be_number(
    raw_client: LightsailClient, clock: VirtualClock, sim: Simulator, port: str
) -> None:
    ready_service(raw_client, clock, sim)

    with pytest.raises(raw_client.exceptions.InvalidInputException, match="invalid port"):
        raw_client.create_container_service_deployment(
            serviceName="web", containers={"app": {"image": "nginx", "ports": {port: "HTTP"}}}
        )


def test_health_check_interval_limits(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready_service(client, clock, sim)
    request = deployment()
    request["publicEndpoint"]["healthCheck"] = {"intervalSeconds": 301}

    with pytest.raises(client.exceptions.InvalidInputException, match="intervalSeconds 301"):
        client.create_container_service_deployment(serviceName="web", **request)


def test_create_validates_deployment(client: LightsailClient) -> None:
    request = deployment()
    request["publicEndpoint"]["containerPort"] = 443

    with pytest.raises(client.exceptions.InvalidInputException, match="Invalid port specified"):
        client.create_container_service(
            serviceName="web", power="nano", scale=1, deployment=request
        )

    assert client.get_container_services()["containerServices"] == []


def test_unsupported_operation_named(client: LightsailClient, sim: Simulator) -> None:
    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.get_instances()

    assert "GetInstances" in error_of(excinfo)["Message"]
    assert sim.calls == ["GetInstances"]


def test_request_ids_are_fresh_uuids(client: LightsailClient) -> None:
    created = client.create_container_service(serviceName="web", power="nano", scale=1)
    listed = client.get_container_services()
    with pytest.raises(client.exceptions.NotFoundException) as excinfo:
        client.get_container_services(serviceName="absent")

    request_ids = [
        created["ResponseMetadata"]["RequestId"],
        listed["ResponseMetadata"]["RequestId"],
        excinfo.value.response["ResponseMetadata"]["RequestId"],
    ]
    assert len(set(request_ids)) == 3
    for request_id in request_ids:
        assert str(uuid.UUID(request_id)) == request_id
    assert created["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"] == request_ids[0]


def test_calls_recorded_in_order(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.get_container_services()
    with pytest.raises(client.exceptions.InvalidInputException):
        client.create_container_service(serviceName="web", power="nano", scale=1)
    client.delete_container_service(serviceName="web")

    assert sim.calls == [
        "CreateContainerService",
        "GetContainerServices",
        "CreateContainerService",
        "DeleteContainerService",
    ]

    sim.calls.clear()
    assert len(sim.calls) == 4


@pytest.mark.parametrize(
    ("member", "value", "message"),
    [
        ("intervalSeconds", 4, "intervalSeconds 4. It must be from 5 to 300 seconds"),
        ("timeoutSeconds", 1, "timeoutSeconds 1. It must be from 2 to 60 seconds"),
        ("timeoutSeconds", 61, "timeoutSeconds 61"),
        ("healthyThreshold", 1, "healthyThreshold 1. It must be from 2 to 10 checks"),
        ("healthyThreshold", 11, "healthyThreshold 11"),
        ("unhealthyThreshold", 1, "unhealthyThreshold 1"),
        ("unhealthyThreshold", 11, "unhealthyThreshold 11"),
        ("path", "health", "The path must start with a slash"),
        ("successCodes", "200-600", "successCodes '200-600'"),
        ("successCodes", "199", "successCodes '199'"),
        ("successCodes", "ok", "successCodes 'ok'"),
        ("successCodes", "200,", "successCodes '200,'"),
    ],
)
def test_health_check_limits(
    client: LightsailClient,
    clock: VirtualClock,
    sim: Simulator,
    *,
    member: str,
    value: object,
    message: str,
) -> None:
    ready_service(client, clock, sim)
    request = deployment()
    request["publicEndpoint"]["healthCheck"] = {member: value}  # type: ignore[misc]

    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.create_container_service_deployment(serviceName="web", **request)

    assert message in error_of(excinfo)["Message"]
    assert sim.deployments("web") == []


@pytest.mark.parametrize(
    "health_check",
    [
        {"intervalSeconds": 5, "timeoutSeconds": 2, "healthyThreshold": 2},
        {"intervalSeconds": 300, "timeoutSeconds": 60, "unhealthyThreshold": 10},
        {"path": "/health/ready", "successCodes": "200,202"},
        {"successCodes": "200-299,404"},
    ],
)
def test_health_check_limits_accept_edges(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, health_check: dict[str, Any]
) -> None:
    ready_service(client, clock, sim)
    request = deployment()
    request["publicEndpoint"]["healthCheck"] = health_check  # type: ignore[typeddict-item]

    response = client.create_container_service_deployment(serviceName="web", **request)

    stored = response["containerService"]["nextDeployment"]["publicEndpoint"]["healthCheck"]
    assert {member: stored[member] for member in health_check} == health_check  # type: ignore[literal-required]


def test_create_rejects_domains_over_limit_in_update(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready_service(client, clock, sim)
    domains = {"a": ["a.example.com", "b.example.com", "c.example.com"], "b": ["d.example.com"]}
    domains["c"] = ["e.example.com"]

    with pytest.raises(client.exceptions.InvalidInputException, match="up to 4"):
        client.update_container_service(serviceName="web", publicDomainNames=domains)

    service = client.get_container_services(serviceName="web")["containerServices"][0]
    assert "publicDomainNames" not in service
