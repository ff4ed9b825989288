"""Deployment history, comparison of deployments, and the waiter's use of the history."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    ChangeKind,
    Container,
    ContainerServiceClient,
    Deployment,
    DeploymentDiff,
    DeploymentFailedError,
    DeploymentRequest,
    DeploymentState,
    Endpoint,
    EndpointRequest,
    HealthCheck,
    InvalidInputError,
    NotFoundError,
    PollingPolicy,
    PortChange,
    Power,
    Protocol,
    ServiceError,
    TargetUnreachableError,
    ValidationError,
)
from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock

from support import service_dict

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for
POLICY = PollingPolicy(
    timeout_seconds=1800, first_delay_seconds=10, max_delay_seconds=10, jitter_seconds=0
)


def nginx(image: str = "nginx:1.25", **environment: str) -> DeploymentRequest:
    return DeploymentRequest(
        containers={
            "web": Container(image=image, ports={"80": "HTTP"}, environment=environment),
        },
        public_endpoint=EndpointRequest("web", 80),
    )


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


@pytest.fixture
def client(sim: Simulator, clock: VirtualClock) -> ContainerServiceClient:
    return ContainerServiceClient(
        sim.client(),
        polling=POLICY,
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


@pytest.fixture
def stub_client(stubbed: tuple[LightsailClient, Stubber]) -> ContainerServiceClient:
    lightsail, _ = stubbed
    clock = VirtualClock()
    return ContainerServiceClient(
        lightsail,
        polling=POLICY,
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


def calls_of(lightsail: LightsailClient) -> list[str]:
    """Record the operation of every call the client makes from now on."""
    calls: list[str] = []

    def record(model: Any, **_: Any) -> None:
        calls.append(model.name)

    lightsail.meta.events.register("before-parameter-build.lightsail", record)
    return calls


# Values of the API reference's response syntax for GetContainerServiceDeployments,
# with the image naming of Container.image.
def history_item(version: int, state: str, image: str = "nginx:1.25") -> dict[str, Any]:
    return {
        "version": version,
        "state": state,
        "containers": {
            "web": {
                "image": image,
                "command": [],
                "environment": {"TOKEN": SECRET},
                "ports": {"80": "HTTP"},
            }
        },
        "publicEndpoint": {
            "containerName": "web",
            "containerPort": 80,
            "healthCheck": {
                "healthyThreshold": 2,
                "unhealthyThreshold": 2,
                "timeoutSeconds": 2,
                "intervalSeconds": 5,
                "path": "/",
                "successCodes": "200-499",
            },
        },
        "createdAt": datetime(2026, 1, version, tzinfo=timezone.utc),
    }


def add_history(stubber: Stubber, *items: dict[str, Any]) -> None:
    stubber.add_response(
        "get_container_service_deployments", {"deployments": list(items)}, {"serviceName": "web"}
    )


def add_snapshot(stubber: Stubber, service: dict[str, Any]) -> None:
    stubber.add_response(
        "get_container_services", {"containerServices": [service]}, {"serviceName": "web"}
    )


def running_with_failed_second(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """Leave service web RUNNING version 1, with version 2 FAILED in its history."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)
    sim.set_image_behaviour("nginx:broken", ContainerBehaviour.CRASHING)
    client.create_deployment("web", nginx("nginx:broken"))
    # Long enough for the deployment to fail, short enough for its log lines to be
    # among those a failure error shows.
    clock.sleep(900)


# The deployment history.


def test_history_newest_first_on_simulator(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    running_with_failed_second(client, sim, clock)
    client.create_deployment("web", nginx("nginx:1.27"))
    client.wait_for_deployment("web", 3)

    history = client.list_deployments("web")

    assert [(item.version, item.state) for item in history] == [
        (3, DeploymentState.ACTIVE),
        (2, DeploymentState.FAILED),
        (1, DeploymentState.INACTIVE),
    ]
    assert all(isinstance(item, Deployment) for item in history)
    assert history[1].containers["web"].image == "nginx:broken"


def test_history_sorted_and_converted(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_history(stubber, history_item(1, "INACTIVE"), history_item(3, "ACTIVE"))

    history = stub_client.list_deployments("web")

    assert [item.version for item in history] == [3, 1]
    endpoint = history[0].public_endpoint
    assert endpoint is not None
    assert endpoint.health_check == HealthCheck(2, 2, 2, 5, "/", "200-499")
    assert history[0].created_at == datetime(2026, 1, 3, tzinfo=timezone.utc)
    assert SECRET not in repr(history)


def test_history_retries_server_error(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_client_error(
        "get_container_service_deployments", "ServiceException", "internal", 500
    )
    add_history(stubber, history_item(1, "ACTIVE"))

    history = stub_client.list_deployments("web")

    assert [item.version for item in history] == [1]


def test_history_of_missing_service(client: ContainerServiceClient) -> None:
    with pytest.raises(NotFoundError):
        client.list_deployments("absent")


def test_history_checks_name_first(stub_client: ContainerServiceClient) -> None:
    with pytest.raises(ValidationError, match="serviceName"):
        stub_client.list_deployments("Not_Valid")


# Comparing deployments.


def test_compare_newest_with_previous(client: ContainerServiceClient) -> None:
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx(TOKEN=SECRET))
    client.wait_for_deployment("web", 1)
    client.create_deployment("web", nginx("nginx:1.27", TOKEN=SECRET + "2", DEBUG="1"))
    client.wait_for_deployment("web", 2)

    diff = client.compare_deployments("web")

    assert (diff.before_version, diff.after_version) == (1, 2)
    assert diff.containers_changed == ("web",)
    change = diff.containers[0]
    assert (change.image_before, change.image_after) == ("nginx:1.25", "nginx:1.27")
    assert change.environment_added == ("DEBUG",)
    assert change.environment_changed == ("TOKEN",)
    assert not diff.endpoint_changed
    for text in (str(diff), repr(diff), diff.describe()):
        assert SECRET not in text


def test_compare_explicit_versions(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_history(
        stubber,
        history_item(3, "ACTIVE", "nginx:3"),
        history_item(2, "FAILED", "nginx:2"),
        history_item(1, "INACTIVE", "nginx:1"),
    )

    diff = stub_client.compare_deployments("web", 1, 3)

    assert diff.containers[0].image_before == "nginx:1"
    assert diff.containers[0].image_after == "nginx:3"


def test_compare_missing_version(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_history(stubber, history_item(1, "ACTIVE"))

    with pytest.raises(NotFoundError) as caught:
        stub_client.compare_deployments("web", 1, 5)

    assert caught.value.code == "NoDeployment"
    assert "deployment version 5" in str(caught.value)


def test_compare_needs_two_versions(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_history(stubber, history_item(1, "ACTIVE"))

    with pytest.raises(NotFoundError, match="keeps no deployment older than version 1"):
        stub_client.compare_deployments("web")


def test_compare_without_deployments(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_history(stubber)

    with pytest.raises(NotFoundError, match="'web' has no deployments"):
        stub_client.compare_deployments("web")


@pytest.mark.parametrize("version", [0, -1, True, 1.5])
def test_compare_rejects_bad_version(stub_client: ContainerServiceClient, version: Any) -> None:
    with pytest.raises(ValueError, match="version"):
        stub_client.compare_deployments("web", version)


def deployment(version: int, containers: dict[str, Container], **endpoint: Any) -> Deployment:
    public_endpoint = Endpoint(**endpoint) if endpoint else None
    return Deployment(version=version, containers=containers, public_endpoint=public_endpoint)


def test_diff_added_removed_changed() -> None:
    before = deployment(
        4,
        {
            "web": Container(
                image="nginx:1",
                command=["nginx"],
                environment={"KEEP": "1", "OLD": SECRET, "TOKEN": "a"},
                ports={"80": "HTTP", "443": "HTTP", "9000": "TCP"},
            ),
            "cron": Container(
                image="alpine:3", command=["crond"], environment={"CRON_KEY": SECRET}
            ),
        },
    )
    after = deployment(
        5,
        {
            "web": Container(
                image="nginx:1",
                command=["nginx", "-g", "daemon off;"],
                environment={"KEEP": "1", "NEW": SECRET, "TOKEN": "b"},
                ports={"80": "HTTP", "443": "HTTPS", "8080": "HTTP"},
            ),
            "worker": Container(
                image="busybox", environment={"QUEUE": SECRET}, ports={"53": "UDP"}
            ),
        },
    )

    diff = DeploymentDiff.between(before, after)

    assert diff.containers_added == ("worker",)
    assert diff.containers_removed == ("cron",)
    assert diff.containers_changed == ("web",)
    web = next(change for change in diff.containers if change.name == "web")
    assert web.kind is ChangeKind.CHANGED
    assert not web.image_changed
    assert web.command_changed
    assert web.environment_added == ("NEW",)
    assert web.environment_removed == ("OLD",)
    assert web.environment_changed == ("TOKEN",)
    assert web.ports == (
        PortChange("443", Protocol.HTTP, Protocol.HTTPS),
        PortChange("8080", None, Protocol.HTTP),
        PortChange("9000", Protocol.TCP, None),
    )
    worker = next(change for change in diff.containers if change.name == "worker")
    assert worker.environment_added == ("QUEUE",)
    assert worker.ports == (PortChange("53", None, Protocol.UDP),)
    cron = next(change for change in diff.containers if change.name == "cron")
    assert cron.kind is ChangeKind.REMOVED
    assert cron.environment_removed == ("CRON_KEY",)
    assert cron.command_changed
    assert "- container cron (image alpine:3)" in str(diff)
    assert SECRET not in str(diff)
    assert SECRET not in repr(diff)


def test_diff_text_form() -> None:
    before = deployment(
        1,
        {"web": Container(image="nginx:1", environment={"TOKEN": SECRET}, ports={"80": "HTTP"})},
        container_name="web",
        container_port=80,
        health_check=HealthCheck(path="/"),
    )
    after = deployment(
        2,
        {
            "web": Container(image="nginx:2", environment={"TOKEN": "x"}, ports={"80": "HTTP"}),
            "worker": Container(image="busybox", command=["run", SECRET]),
        },
        container_name="web",
        container_port=80,
        health_check=HealthCheck(path="/health"),
    )

    text = str(DeploymentDiff.between(before, after))

    assert text == (
        "Deployment 1 -> 2:\n"
        "~ container web\n"
        "    image nginx:1 -> nginx:2\n"
        "    environment changed: TOKEN\n"
        "+ container worker (image busybox)\n"
        "    launch command set\n"
        "public endpoint: web:80\n"
        "    health check path: / -> /health"
    )
    assert SECRET not in text


def test_diff_without_changes() -> None:
    same = {"web": Container(image="nginx", environment={"A": "1"})}

    diff = DeploymentDiff.between(deployment(1, same), deployment(2, dict(same)))

    assert not diff.has_changes
    assert diff.containers == ()
    assert str(diff) == "Deployment 1 -> 2: no changes"


def test_diff_endpoint_moved() -> None:
    containers = {"web": Container(image="nginx")}
    before = deployment(1, containers, container_name="web", container_port=80)
    after = deployment(2, containers)

    diff = DeploymentDiff.between(before, after)

    assert diff.endpoint_changed
    assert str(diff).splitlines()[-1] == "public endpoint: web:80 -> none"


# The newest version comes from the history.


def test_default_version_follows_failed_new_deployment(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """A new deployment that failed before the first poll is reported, not the old one."""
    running_with_failed_second(client, sim, clock)

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web")

    assert caught.value.version == 2
    assert caught.value.deployment is not None
    assert caught.value.deployment.containers["web"].image == "nginx:broken"
    assert caught.value.logs is not None
    assert any("nginx:broken" in event.format() for event in caught.value.logs["web"])


def test_default_version_from_history_stubbed(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    lightsail, stubber = stubbed
    calls = calls_of(lightsail)
    add_history(stubber, history_item(6, "FAILED", "nginx:6"), history_item(5, "ACTIVE"))
    add_snapshot(stubber, service_dict(state="RUNNING", current=(5, "ACTIVE")))
    add_snapshot(stubber, service_dict(state="RUNNING", current=(5, "ACTIVE")))
    add_history(stubber, history_item(6, "FAILED", "nginx:6"), history_item(5, "ACTIVE"))
    stubber.add_response("get_container_log", {"logEvents": []})

    with pytest.raises(DeploymentFailedError) as caught:
        stub_client.wait_for_deployment("web")

    assert caught.value.version == 6
    assert caught.value.deployment is not None
    assert caught.value.deployment.containers["web"].image == "nginx:6"
    assert calls == [
        "GetContainerServiceDeployments",
        "GetContainerServices",
        "GetContainerServices",
        "GetContainerServiceDeployments",
        "GetContainerLog",
    ]


def test_default_version_prefers_newer_snapshot(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    """A version that the snapshot shows but the history lags behind on still counts."""
    _, stubber = stubbed
    add_history(stubber, history_item(1, "ACTIVE"))
    add_snapshot(
        stubber, service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING"))
    )
    add_snapshot(stubber, service_dict(state="RUNNING", current=(2, "ACTIVE")))

    service = stub_client.wait_for_deployment("web")

    assert service.current_deployment is not None
    assert service.current_deployment.version == 2


def test_history_outage_raises_on_simulator(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """Without the history the newest version is unsure, so the error is raised."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)
    sim.faults.server_error("GetContainerServiceDeployments")
    started = clock.monotonic()

    with pytest.raises(ServiceError, match="GetContainerServiceDeployments"):
        client.wait_for_deployment("web")

    assert clock.monotonic() - started >= client.retry_timeout_seconds


def test_default_version_falls_back_when_denied(
    stubbed: tuple[LightsailClient, Stubber],
    stub_client: ContainerServiceClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, stubber = stubbed
    stubber.add_client_error(
        "get_container_service_deployments", "AccessDeniedException", "not authorized"
    )
    deploying = service_dict(state="DEPLOYING", current=(4, "ACTIVE"), next_=(5, "ACTIVATING"))
    add_snapshot(stubber, deploying)
    add_snapshot(stubber, service_dict(state="RUNNING", current=(5, "ACTIVE")))

    with caplog.at_level(logging.WARNING, logger="lightsail_containers"):
        service = stub_client.wait_for_deployment("web")

    assert service.current_deployment is not None
    assert service.current_deployment.version == 5
    assert "lightsail:GetContainerServiceDeployments" in caplog.text


@pytest.mark.parametrize(
    ("code", "message", "error_type"),
    [
        ("NotFoundException", "The container service does not exist", NotFoundError),
        ("InvalidInputException", "Invalid request", InvalidInputError),
    ],
)
def test_default_version_raises_other_errors(
    stubbed: tuple[LightsailClient, Stubber],
    stub_client: ContainerServiceClient,
    code: str,
    message: str,
    error_type: type[Exception],
) -> None:
    _, stubber = stubbed
    stubber.add_client_error("get_container_service_deployments", code, message)

    with pytest.raises(error_type, match=message):
        stub_client.wait_for_deployment("web")


# A version that leaves the current and next deployment is checked in the history.


def test_unknown_version_unreachable_on_simulator(client: ContainerServiceClient) -> None:
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)

    with pytest.raises(TargetUnreachableError) as caught:
        client.wait_for_deployment("web", 7)

    assert "deployment 7 does not exist" in str(caught.value)
    assert "the newest deployment is version 1" in str(caught.value)
    assert caught.value.last is not None
    assert not isinstance(caught.value, DeploymentFailedError)


def test_unknown_version_without_deployments(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_snapshot(stubber, service_dict(state="READY"))
    add_history(stubber)

    with pytest.raises(TargetUnreachableError, match="the service has no deployments"):
        stub_client.wait_for_deployment("web", 1)


def test_failed_in_history_stays_failed(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    running_with_failed_second(client, sim, clock)

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert "went back to RUNNING with deployment 1" in str(caught.value)
    assert caught.value.logs is not None


def test_history_failure_keeps_failed_error(
    stubbed: tuple[LightsailClient, Stubber],
    stub_client: ContainerServiceClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, stubber = stubbed
    add_snapshot(stubber, service_dict(state="RUNNING", current=(1, "ACTIVE")))
    stubber.add_client_error(
        "get_container_service_deployments", "AccessDeniedException", "not authorized"
    )

    with (
        caplog.at_level(logging.WARNING, logger="lightsail_containers"),
        pytest.raises(DeploymentFailedError) as caught,
    ):
        stub_client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert caught.value.logs_unavailable == "the waiter never saw the deployment's containers"
    assert "Cannot check deployment 2" in caplog.text


@pytest.mark.parametrize("version", [2, 7])
def test_history_outage_keeps_failure_on_simulator(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock, version: int
) -> None:
    """With no history to check, a version that left the service counts as failed."""
    running_with_failed_second(client, sim, clock)
    sim.faults.server_error("GetContainerServiceDeployments")

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", version)

    assert caught.value.version == version


def test_failed_state_needs_no_history(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    """A deployment shown as FAILED is a failure without a look at the history."""
    lightsail, stubber = stubbed
    calls = calls_of(lightsail)
    add_snapshot(stubber, service_dict(state="RUNNING", current=(1, "ACTIVE"), next_=(2, "FAILED")))
    stubber.add_response("get_container_log", {"logEvents": []})

    with pytest.raises(DeploymentFailedError):
        stub_client.wait_for_deployment("web", 2)

    assert calls == ["GetContainerServices", "GetContainerLog"]


def test_fleet_reports_unknown_version(client: ContainerServiceClient) -> None:
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)

    result = client.wait_for_deployments({"web": 4})

    assert isinstance(result.errors["web"], TargetUnreachableError)
    assert "deployment 4 does not exist" in str(result.errors["web"])


def test_fleet_keeps_failed_version(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    running_with_failed_second(client, sim, clock)

    result = client.wait_for_deployments({"web": 2})

    assert isinstance(result.errors["web"], DeploymentFailedError)
