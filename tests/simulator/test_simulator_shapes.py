"""Responses of the simulator against the botocore output shapes and published AWS output.

The JSON texts below are AWS CLI output published by AWS and by users, with account ids and
the random part of default domains replaced. The five-container example is abridged to two
of its containers.
"""

# The published JSON keeps its long ARNs and commands on one line each.
# ruff: noqa: E501

from __future__ import annotations

import copy
import json
import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import botocore.exceptions
import botocore.session
import pytest
from botocore.model import ListShape, MapShape, Shape, StringShape, StructureShape
from botocore.utils import parse_timestamp

from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock

from support import lightsail_model

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import ContainerServiceTypeDef

MODEL = lightsail_model()

CREATE_PENDING_2022 = """
{
    "containerService": {
        "containerServiceName": "flask-service",
        "arn": "arn:aws:lightsail:ca-central-1:111122223333:ContainerService/5a30d679-3492-4fa7-9f76-c393ee207515",
        "createdAt": "2022-05-10T21:44:26-04:00",
        "location": {"availabilityZone": "all", "regionName": "ca-central-1"},
        "resourceType": "ContainerService",
        "tags": [],
        "power": "small",
        "powerId": "small-1",
        "state": "PENDING",
        "scale": 1,
        "isDisabled": false,
        "principalArn": "",
        "privateDomainName": "flask-service.service.local",
        "url": "https://flask-service.exampleguid13.ca-central-1.cs.amazonlightsail.com/"
    }
}
"""

DEPLOYING_2022 = """
{
    "containerService": {
        "containerServiceName": "flask-service",
        "arn": "arn:aws:lightsail:ca-central-1:111122223333:ContainerService/5a30d679-3492-4fa7-9f76-c393ee207515",
        "createdAt": "2022-05-10T21:44:26-04:00",
        "location": {"availabilityZone": "all", "regionName": "ca-central-1"},
        "resourceType": "ContainerService",
        "tags": [],
        "power": "small",
        "powerId": "small-1",
        "state": "DEPLOYING",
        "scale": 1,
        "nextDeployment": {
            "version": 2,
            "state": "ACTIVATING",
            "containers": {
                "flask": {
                    "image": ":flask-service.flask-container.2",
                    "command": [],
                    "environment": {},
                    "ports": {"5005": "HTTP"}
                }
            },
            "publicEndpoint": {
                "containerName": "flask",
                "containerPort": 5005,
                "healthCheck": {
                    "healthyThreshold": 2,
                    "unhealthyThreshold": 2,
                    "timeoutSeconds": 2,
                    "intervalSeconds": 5,
                    "path": "/",
                    "successCodes": "200-499"
                }
            },
            "createdAt": "2022-05-10T22:11:31-04:00"
        },
        "isDisabled": false,
        "principalArn": "arn:aws:iam::444455556666:role/amazon/lightsail/ca-central-1/containers/flask-service/38e4eeivug83dqg0rh18cql1sp6jkd47lutt3k3c8ael6ebvh31g",
        "privateDomainName": "flask-service.service.local",
        "url": "https://flask-service.exampleguid13.ca-central-1.cs.amazonlightsail.com/"
    }
}
"""

RUNNING_2026 = """
{
    "containerServices": [
        {
            "containerServiceName": "course-creator-service",
            "arn": "arn:aws:lightsail:us-east-1:111122223333:ContainerService/47d247ca-5e6c-42ff-8c92-3e6913358758",
            "createdAt": "2026-04-14T22:08:58-04:00",
            "location": {"availabilityZone": "all", "regionName": "us-east-1"},
            "resourceType": "ContainerService",
            "tags": [],
            "power": "small",
            "powerId": "small-1",
            "state": "RUNNING",
            "scale": 1,
            "currentDeployment": {
                "version": 10,
                "state": "ACTIVE",
                "containers": {
                    "app": {
                        "image": ":course-creator-service.app.197",
                        "command": [],
                        "environment": {
                            "AGENT_NAME": "orchestrator",
                            "AGENT_SERVER_URL": "http://localhost:8004",
                            "PORT": "8000"
                        },
                        "ports": {"8000": "HTTP"}
                    },
                    "judge": {
                        "image": ":course-creator-service.judge.194",
                        "command": [
                            "sh",
                            "-c",
                            "sleep 5; python3 -m shared.adk_app /app/agents/judge --host 0.0.0.0 --port 8002 --a2a"
                        ],
                        "environment": {
                            "GEMINI_API_KEY": "REDACTED",
                            "GENAI_MODEL": "gemini-2.5-flash"
                        },
                        "ports": {"8002": "HTTP"}
                    }
                },
                "publicEndpoint": {
                    "containerName": "app",
                    "containerPort": 8000,
                    "healthCheck": {
                        "healthyThreshold": 2,
                        "unhealthyThreshold": 2,
                        "timeoutSeconds": 15,
                        "intervalSeconds": 20,
                        "path": "/health",
                        "successCodes": "200-499"
                    }
                },
                "createdAt": "2026-04-15T07:02:34-04:00"
            },
            "isDisabled": false,
            "principalArn": "arn:aws:iam::444455556666:role/amazon/lightsail/us-east-1/containers/course-creator-service/mp41cfuj0ml0tj4imh2ub8dma9ivnjk5qtetdippe8h3nb7vvuu0",
            "privateDomainName": "course-creator-service.service.local",
            "url": "https://course-creator-service.exampleguid13.us-east-1.cs.amazonlightsail.com/",
            "privateRegistryAccess": {
                "ecrImagePullerRole": {"isActive": false, "principalArn": ""}
            }
        }
    ]
}
"""

NEXT_DEPLOYMENT_2020 = """
{
    "nextDeployment": {
        "version": 4,
        "state": "ACTIVATING",
        "containers": {
            "hello-world": {
                "image": ":hello-world.hello-world.1",
                "command": [],
                "environment": {},
                "ports": {"8080": "HTTP"}
            }
        }
    }
}
"""

REGISTERED_IMAGE_REQUEST_2020 = """
{
    "serviceName": "hello-world",
    "containers": {
        "hello-world": {
            "image": ":hello-world.hello-world.1",
            "ports": {"8080": "HTTP"}
        }
    },
    "publicEndpoint": {"containerName": "hello-world", "containerPort": 8080}
}
"""

FLASK_CONTAINERS_REQUEST = """
{"flask": {"image": ":flask-service.flask-container.1", "ports": {"5005": "HTTP"}}}
"""

FLASK_ENDPOINT_REQUEST = """
{"containerName": "flask", "containerPort": 5005}
"""

# Members that the published examples lack because AWS added them after the example was made.
ADDED_SINCE_2022 = {"privateRegistryAccess"}


def shape_problems(shape: Shape, value: object, path: str) -> list[str]:
    """Return every way in which `value`, as parsed by botocore, breaks `shape`."""
    if isinstance(shape, StructureShape):
        return structure_problems(shape, value, path)
    if isinstance(shape, ListShape):
        return list_problems(shape, value, path)
    if isinstance(shape, MapShape):
        return map_problems(shape, value, path)
    if isinstance(shape, StringShape):
        return string_problems(shape, value, path)
    return scalar_problems(shape, value, path)


def list_problems(shape: ListShape, value: object, path: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{path}: expected a list, got {value!r}"]

    return [
        problem
        for index, item in enumerate(value)
        for problem in shape_problems(shape.member, item, f"{path}[{index}]")
    ]


def map_problems(shape: MapShape, value: object, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected a map, got {value!r}"]

    problems = []
    for key, item in value.items():
        problems.extend(shape_problems(shape.key, key, f"{path} key {key!r}"))
        problems.extend(shape_problems(shape.value, item, f"{path}[{key!r}]"))
    return problems


def structure_problems(shape: StructureShape, value: object, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path}: expected an object, got {value!r}"]

    problems = [
        f"{path}.{name}: required member missing"
        for name in shape.required_members
        if name not in value
    ]
    for name, item in value.items():
        member = shape.members.get(name)
        if member is None:
            problems.append(f"{path}.{name}: not a member of {shape.name}")
        else:
            problems.extend(shape_problems(member, item, f"{path}.{name}"))
    return problems


def string_problems(shape: StringShape, value: object, path: str) -> list[str]:
    if not isinstance(value, str):
        return [f"{path}: expected a string, got {value!r}"]

    problems = []
    if shape.enum and value not in shape.enum:
        problems.append(f"{path}: {value!r} is not one of {shape.enum}")
    if len(value) < shape.metadata.get("min", 0):
        problems.append(f"{path}: {value!r} is shorter than {shape.metadata['min']}")
    if len(value) > shape.metadata.get("max", len(value)):
        problems.append(f"{path}: {value!r} is longer than {shape.metadata['max']}")
    pattern = shape.metadata.get("pattern")
    if pattern is not None and re.search(pattern, value) is None:
        problems.append(f"{path}: {value!r} does not match {pattern}")
    return problems


def scalar_problems(shape: Shape, value: object, path: str) -> list[str]:
    if shape.type_name in {"integer", "long"}:
        if not isinstance(value, int) or isinstance(value, bool):
            return [f"{path}: expected an integer, got {value!r}"]
        low = shape.metadata.get("min", value)
        high = shape.metadata.get("max", value)
        return [] if low <= value <= high else [f"{path}: {value} is not in [{low}, {high}]"]
    if shape.type_name in {"float", "double"}:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return [] if number else [f"{path}: expected a number, got {value!r}"]
    if shape.type_name == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: expected a boolean, got {value!r}"]
    if shape.type_name == "timestamp":
        aware = isinstance(value, datetime) and value.utcoffset() is not None
        return [] if aware else [f"{path}: expected an aware datetime, got {value!r}"]
    return [f"{path}: the validator does not check {shape.type_name} values"]


def output_problems(operation: str, response: Mapping[str, Any]) -> list[str]:
    """Return every way in which a parsed response breaks the operation's output shape."""
    output_shape = MODEL.operation_model(operation).output_shape
    assert output_shape is not None
    body = {name: value for name, value in response.items() if name != "ResponseMetadata"}
    return shape_problems(output_shape, body, operation)


def error_problems(error: botocore.exceptions.ClientError) -> list[str]:
    """Return every way in which a parsed error breaks the shape of its exception.

    An error that the Lightsail model does not declare, such as ThrottlingException from
    AWS's front end, must carry only the code and the message.
    """
    response: dict[str, Any] = dict(error.response)
    error_type = response["Error"]["Code"]
    members = {
        name: value for name, value in response.items() if name not in {"Error", "ResponseMetadata"}
    }
    if error_type not in MODEL.shape_names:
        problems = [f"{error_type}: unexpected member {name}" for name in members]
        if not response["Error"].get("Message"):
            problems.append(f"{error_type}: no message")
        return problems

    return shape_problems(MODEL.shape_for(error_type), members, error_type)


def parse_published(text: str) -> dict[str, Any]:
    """Parse AWS CLI output, turning its ISO timestamps into datetimes as boto3 returns them."""

    def convert(item: dict[str, Any]) -> dict[str, Any]:
        if isinstance(item.get("createdAt"), str):
            item["createdAt"] = parse_timestamp(item["createdAt"])
        return item

    parsed: dict[str, Any] = json.loads(text, object_hook=convert)
    return parsed


def watch_all(
    client: LightsailClient, clock: VirtualClock, seconds: float, problems: list[str]
) -> set[tuple[str, str | None]]:
    """Check GetContainerServices every 15 s for `seconds` and return the steps seen."""
    seen: set[tuple[str, str | None]] = set()
    end = clock.monotonic() + seconds
    while clock.monotonic() <= end:
        response = client.get_container_services()
        problems.extend(output_problems("GetContainerServices", response))
        for service in response["containerServices"]:
            seen.add((service["state"], service.get("stateDetail", {}).get("code")))
        clock.sleep(15)
    return seen


def expect_error(
    call: Callable[[], object], problems: list[str]
) -> botocore.exceptions.ClientError:
    with pytest.raises(botocore.exceptions.ClientError) as excinfo:
        call()
    problems.extend(error_problems(excinfo.value))
    return excinfo.value


def test_every_operation_matches_model(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock)
    client = sim.client()
    problems: list[str] = []
    sim.set_image_behaviour("broken:1", ContainerBehaviour.CRASHING)

    created = client.create_container_service(
        serviceName="plain",
        power="nano",
        scale=1,
        tags=[{"key": "team", "value": "web"}],
        publicDomainNames={"cert": ["example.com"]},
        privateRegistryAccess={"ecrImagePullerRole": {"isActive": True}},
    )
    problems += output_problems("CreateContainerService", created)

    full = client.create_container_service(
        serviceName="full",
        power="medium",
        scale=20,
        deployment={
            "containers": {
                "app": {
                    "image": ":full.app.3",
                    "command": ["serve", "--port", "8080"],
                    "environment": {"MODE": "production"},
                    "ports": {"8080": "HTTPS", "9000": "TCP", "9001": "UDP"},
                },
                "worker": {"image": "worker:1"},
            },
            "publicEndpoint": {
                "containerName": "app",
                "containerPort": 8080,
                "healthCheck": {"path": "/health", "timeoutSeconds": 60},
            },
        },
    )
    problems += output_problems("CreateContainerService", full)
    steps = watch_all(client, clock, sim.durations.provisioning + 600, problems)

    deployed = client.create_container_service_deployment(
        serviceName="full", containers={"app": {"image": "nginx:2"}}
    )
    problems += output_problems("CreateContainerServiceDeployment", deployed)
    steps |= watch_all(client, clock, 600, problems)

    failing = client.create_container_service_deployment(
        serviceName="plain", containers={"app": {"image": "broken:1"}}
    )
    problems += output_problems("CreateContainerServiceDeployment", failing)
    steps |= watch_all(client, clock, 1200, problems)

    updated = client.update_container_service(serviceName="full", power="xlarge", isDisabled=True)
    problems += output_problems("UpdateContainerService", updated)
    steps |= watch_all(client, clock, 300, problems)

    client.create_container_service(serviceName="stuck", power="nano", scale=1)
    sim.inject_state_detail("stuck", "CERTIFICATE_LIMIT_EXCEEDED")
    problems += output_problems("GetContainerServices", client.get_container_services())

    deleted = client.delete_container_service(serviceName="plain")
    problems += output_problems("DeleteContainerService", deleted)
    steps |= watch_all(client, clock, 120, problems)

    expect_error(lambda: client.get_container_services(serviceName="plain"), problems)
    expect_error(lambda: client.update_container_service(serviceName="full", scale=30), problems)
    expect_error(client.get_instances, problems)

    assert problems == []
    assert {state for state, _ in steps} == {
        "PENDING",
        "READY",
        "RUNNING",
        "UPDATING",
        "DELETING",
        "DISABLED",
        "DEPLOYING",
    }
    assert {code for _, code in steps if code is not None} == {
        "CREATING_SYSTEM_RESOURCES",
        "CREATING_NETWORK_INFRASTRUCTURE",
        "PROVISIONING_CERTIFICATE",
        "PROVISIONING_SERVICE",
        "CREATING_DEPLOYMENT",
        "EVALUATING_HEALTH_CHECK",
        "ACTIVATING_DEPLOYMENT",
        "CERTIFICATE_LIMIT_EXCEEDED",
    }


@pytest.mark.parametrize(
    ("operation", "text"),
    [
        ("CreateContainerService", CREATE_PENDING_2022),
        ("CreateContainerServiceDeployment", DEPLOYING_2022),
        ("GetContainerServices", RUNNING_2026),
    ],
)
def test_validator_accepts_published_output(operation: str, text: str) -> None:
    assert output_problems(operation, parse_published(text)) == []


def test_validator_reports_problems() -> None:
    response = parse_published(RUNNING_2026)
    service = response["containerServices"][0]
    service["state"] = "SLEEPING"
    service["scale"] = "1"
    service["roleArn"] = ""
    del service["currentDeployment"]["containers"]["app"]["image"]
    service["currentDeployment"]["createdAt"] = "2026-04-15"

    problems = output_problems("GetContainerServices", response)

    assert len(problems) == 4
    assert any(".state: 'SLEEPING' is not one of" in problem for problem in problems)
    assert any(".scale: expected an integer" in problem for problem in problems)
    assert any(".roleArn: not a member" in problem for problem in problems)
    assert any(".createdAt: expected an aware datetime" in problem for problem in problems)


def test_create_response_has_published_fields(clock: VirtualClock) -> None:
    client = Simulator(clock=clock, region="ca-central-1").client()
    published = parse_published(CREATE_PENDING_2022)["containerService"]

    service = client.create_container_service(serviceName="flask-service", power="small", scale=1)[
        "containerService"
    ]

    assert set(service) == set(published) | ADDED_SINCE_2022
    for member in published.keys() - {"arn", "createdAt", "url"}:
        assert service[member] == published[member], member  # type: ignore[literal-required]
    assert url_pattern(published["url"]).fullmatch(service["url"])


def test_deploying_response_matches_published(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock, region="ca-central-1")
    client = sim.client()
    published = parse_published(DEPLOYING_2022)["containerService"]

    # The published service shows version 2 without a current deployment, so version 1
    # failed before it.
    sim.set_image_behaviour(":flask-service.flask-container.1", ContainerBehaviour.CRASHING)
    client.create_container_service(
        serviceName="flask-service",
        power="small",
        scale=1,
        deployment={
            "containers": json.loads(FLASK_CONTAINERS_REQUEST),
            "publicEndpoint": json.loads(FLASK_ENDPOINT_REQUEST),
        },
    )
    clock.sleep(sim.durations.provisioning + 3600)
    assert sim.deployments("flask-service")[0]["state"] == "FAILED"

    service = client.create_container_service_deployment(
        serviceName="flask-service",
        containers={
            "flask": {"image": ":flask-service.flask-container.2", "ports": {"5005": "HTTP"}}
        },
        publicEndpoint={"containerName": "flask", "containerPort": 5005},
    )["containerService"]

    assert set(service) == set(published) | ADDED_SINCE_2022
    assert without_created_at(service["nextDeployment"]) == without_created_at(
        published["nextDeployment"]
    )
    assert service["state"] == "DEPLOYING"
    assert service["principalArn"].startswith(
        "arn:aws:iam::444455556666:role/amazon/lightsail/ca-central-1/containers/flask-service/"
    )


def test_running_response_matches_published(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock)
    client = sim.client()
    published = parse_published(RUNNING_2026)["containerServices"][0]
    current = published["currentDeployment"]

    client.create_container_service(
        serviceName="course-creator-service",
        power="small",
        scale=1,
        deployment={
            "containers": current["containers"],
            "publicEndpoint": current["publicEndpoint"],
        },
    )
    clock.sleep(sim.durations.provisioning + sim.durations.healthy_deployment)
    service = client.get_container_services()["containerServices"][0]

    assert set(service) == set(published)
    assert service["state"] == "RUNNING"
    assert service["privateRegistryAccess"] == published["privateRegistryAccess"]
    assert without_created_at(service["currentDeployment"]) == {
        **without_created_at(current),
        "version": 1,
    }


def test_registered_image_request_matches_published(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock)
    client = sim.client()
    request = json.loads(REGISTERED_IMAGE_REQUEST_2020)
    published = parse_published(NEXT_DEPLOYMENT_2020)["nextDeployment"]
    client.create_container_service(serviceName="hello-world", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)

    service = client.create_container_service_deployment(**request)["containerService"]

    assert service["nextDeployment"]["containers"] == published["containers"]
    assert service["nextDeployment"]["state"] == published["state"]


def url_pattern(published_url: str) -> re.Pattern[str]:
    """Return a pattern of default-domain URLs like `published_url`, with any random part."""
    prefix, _, suffix = published_url.partition("exampleguid13")
    return re.compile(re.escape(prefix) + "[a-z0-9]{13}" + re.escape(suffix))


def without_created_at(deployment: Mapping[str, Any] | ContainerServiceTypeDef) -> dict[str, Any]:
    trimmed = copy.deepcopy(dict(deployment))
    trimmed.pop("createdAt", None)
    return trimmed


# Operations of the Lightsail API that concern container services.
CONTAINER_OPERATIONS = frozenset(name for name in MODEL.operation_names if "Container" in name)
DIGEST = "sha256:" + "ab" * 32


def test_container_operations_match_model(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock, log_page_size=2)
    client = sim.client()
    problems: list[str] = []
    checked: set[str] = set()

    def check(operation: str, response: Mapping[str, Any]) -> None:
        checked.add(operation)
        problems.extend(output_problems(operation, response))

    check(
        "CreateContainerService",
        client.create_container_service(serviceName="web", power="nano", scale=1),
    )
    check("GetContainerServicePowers", client.get_container_service_powers())
    check("GetContainerAPIMetadata", client.get_container_api_metadata())
    check("CreateContainerServiceRegistryLogin", client.create_container_service_registry_login())
    check(
        "RegisterContainerImage",
        client.register_container_image(serviceName="web", label="app", digest=DIGEST),
    )
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    check("GetContainerImages", client.get_container_images(serviceName="web"))
    check(
        "DeleteContainerImage",
        client.delete_container_image(serviceName="web", image=":web.app.1"),
    )
    clock.sleep(sim.durations.provisioning)

    check(
        "CreateContainerServiceDeployment",
        client.create_container_service_deployment(
            serviceName="web",
            containers={"app": {"image": ":web.app.2", "ports": {"80": "HTTP"}}},
            publicEndpoint={"containerName": "app", "containerPort": 80},
        ),
    )
    clock.sleep(sim.durations.healthy_deployment + 3600)
    check("GetContainerServices", client.get_container_services())
    check(
        "GetContainerServiceDeployments",
        client.get_container_service_deployments(serviceName="web"),
    )
    first_page = client.get_container_log(serviceName="web", containerName="app")
    assert "nextPageToken" in first_page
    check("GetContainerLog", first_page)
    check(
        "GetContainerLog",
        client.get_container_log(
            serviceName="web", containerName="app", pageToken=first_page["nextPageToken"]
        ),
    )
    metrics = client.get_container_service_metric_data(
        serviceName="web",
        metricName="MemoryUtilization",
        startTime=clock.now() - timedelta(hours=1),
        endTime=clock.now(),
        period=600,
        statistics=["Minimum", "Maximum", "Sum", "Average", "SampleCount"],
    )
    assert metrics["metricData"]
    check("GetContainerServiceMetricData", metrics)
    check("UpdateContainerService", client.update_container_service(serviceName="web", scale=2))
    clock.sleep(sim.durations.updating)
    check("DeleteContainerService", client.delete_container_service(serviceName="web"))

    assert problems == []
    assert checked == CONTAINER_OPERATIONS


def test_container_operation_errors_match_model(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock)
    client = sim.client()
    problems: list[str] = []
    client.create_container_service(serviceName="web", power="nano", scale=1)

    calls: list[Callable[[], object]] = [
        lambda: client.get_container_service_deployments(serviceName="absent"),
        lambda: client.get_container_log(serviceName="web", containerName="absent"),
        lambda: client.get_container_images(serviceName="absent"),
        lambda: client.delete_container_image(serviceName="web", image=":web.app.1"),
        lambda: client.register_container_image(serviceName="web", label="app", digest="x"),
        lambda: client.get_container_service_metric_data(
            serviceName="web",
            metricName="CPUUtilization",
            startTime=clock.now(),
            endTime=clock.now(),
            period=300,
            statistics=["Average"],
        ),
    ]
    for call in calls:
        expect_error(call, problems)

    sim.faults.throttle(count=1)
    sim.faults.server_error(status=503, count=1)
    sim.faults.busy(count=1)
    throttled = expect_error(client.get_container_services, problems)
    failed = expect_error(client.get_container_services, problems)
    busy = expect_error(lambda: client.delete_container_service(serviceName="web"), problems)

    assert problems == []
    assert throttled.response["Error"]["Code"] == "ThrottlingException"
    assert failed.response["Error"]["Code"] == "ServiceException"
    assert busy.response["Error"]["Code"] == "InvalidInputException"
