from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock

if TYPE_CHECKING:
    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import (
        ContainerServiceDeploymentRequestTypeDef,
        ContainerServiceTypeDef,
    )

FAILING = [ContainerBehaviour.CRASHING, ContainerBehaviour.FAILING_HEALTH_CHECK]


def deployment(
    image: str = "nginx:latest", port: int = 80
) -> ContainerServiceDeploymentRequestTypeDef:
    return {
        "containers": {"app": {"image": image, "ports": {str(port): "HTTP"}}},
        "publicEndpoint": {"containerName": "app", "containerPort": port},
    }


def get_service(client: LightsailClient, name: str = "web") -> ContainerServiceTypeDef:
    return client.get_container_services(serviceName=name)["containerServices"][0]


def create_ready(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    assert get_service(client)["state"] == "READY"


def create_running(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    client.create_container_service(
        serviceName="web", power="nano", scale=1, deployment=deployment("nginx:1")
    )
    clock.sleep(sim.durations.provisioning + sim.durations.healthy_deployment)
    assert get_service(client)["currentDeployment"]["version"] == 1


def follow(
    client: LightsailClient, clock: VirtualClock
) -> list[tuple[float, ContainerServiceTypeDef]]:
    """Poll every 5 virtual seconds until the service has no next deployment."""
    start = clock.monotonic()
    snapshots = []
    while clock.monotonic() - start < 4 * 3600:
        service = get_service(client)
        snapshots.append((clock.monotonic() - start, service))
        if "nextDeployment" not in service:
            return snapshots
        clock.sleep(5)

    raise AssertionError(f"deployment never finished: {snapshots[-1]}")


def codes(snapshots: list[tuple[float, ContainerServiceTypeDef]]) -> list[str | None]:
    seen: list[str | None] = []
    for _, service in snapshots:
        code = service.get("stateDetail", {}).get("code")
        if not seen or seen[-1] != code:
            seen.append(code)
    return seen


def test_deployment_replaces_current_version(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim)

    response = client.create_container_service_deployment(
        serviceName="web", **deployment("nginx:2")
    )

    started = response["containerService"]
    assert started["state"] == "DEPLOYING"
    assert "stateDetail" not in started
    assert started["currentDeployment"]["version"] == 1
    assert started["currentDeployment"]["state"] == "ACTIVE"
    assert started["nextDeployment"]["version"] == 2
    assert started["nextDeployment"]["state"] == "ACTIVATING"
    assert started["nextDeployment"]["createdAt"] == clock.now()

    snapshots = follow(client, clock)

    assert codes(snapshots) == [
        "CREATING_DEPLOYMENT",
        "EVALUATING_HEALTH_CHECK",
        "ACTIVATING_DEPLOYMENT",
        None,
    ]
    for _, service in snapshots[:-1]:
        assert service["state"] == "DEPLOYING"
        assert service["currentDeployment"]["version"] == 1
        assert service["nextDeployment"]["version"] == 2

    finished_at, finished = snapshots[-1]
    assert finished_at == sim.durations.healthy_deployment
    assert finished["state"] == "RUNNING"
    assert finished["currentDeployment"]["version"] == 2
    assert finished["currentDeployment"]["state"] == "ACTIVE"
    assert finished["currentDeployment"]["containers"]["app"]["image"] == "nginx:2"

    history = [(item["version"], item["state"]) for item in sim.deployments("web")]
    assert history == [(2, "ACTIVE"), (1, "INACTIVE")]


def test_first_deployment_on_ready_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim)

    started = client.create_container_service_deployment(serviceName="web", **deployment())

    assert "currentDeployment" not in started["containerService"]
    assert started["containerService"]["nextDeployment"]["version"] == 1

    finished = follow(client, clock)[-1][1]
    assert finished["state"] == "RUNNING"
    assert finished["currentDeployment"]["version"] == 1


@pytest.mark.parametrize("behaviour", FAILING)
def test_failed_deployment_keeps_previous_version(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, behaviour: ContainerBehaviour
) -> None:
    create_running(client, clock, sim)
    sim.set_image_behaviour("broken:2", behaviour)

    client.create_container_service_deployment(serviceName="web", **deployment("broken:2"))
    snapshots = follow(client, clock)

    assert codes(snapshots) == ["CREATING_DEPLOYMENT", "EVALUATING_HEALTH_CHECK", None]
    for _, service in snapshots:
        assert service["currentDeployment"]["version"] == 1
        assert service["currentDeployment"]["state"] == "ACTIVE"
    for _, service in snapshots[:-1]:
        assert service["nextDeployment"]["version"] == 2
        assert service["nextDeployment"]["state"] == "ACTIVATING"

    failed_at, finished = snapshots[-1]
    durations = sim.durations
    assert failed_at == durations.creating_deployment + durations.failed_health_check
    assert finished["state"] == "RUNNING"
    assert "nextDeployment" not in finished

    history = [(item["version"], item["state"]) for item in sim.deployments("web")]
    assert history == [(2, "FAILED"), (1, "ACTIVE")]


@pytest.mark.parametrize("behaviour", FAILING)
def test_failed_first_deployment_returns_ready(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, behaviour: ContainerBehaviour
) -> None:
    create_ready(client, clock, sim)
    sim.set_image_behaviour("broken:1", behaviour)

    client.create_container_service_deployment(serviceName="web", **deployment("broken:1"))
    snapshots = follow(client, clock)

    assert all("currentDeployment" not in service for _, service in snapshots)
    finished = snapshots[-1][1]
    assert finished["state"] == "READY"
    assert "nextDeployment" not in finished
    assert [item["state"] for item in sim.deployments("web")] == ["FAILED"]


@pytest.mark.parametrize("behaviour", FAILING)
def test_failed_create_deployment_returns_ready(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, behaviour: ContainerBehaviour
) -> None:
    sim.set_image_behaviour("broken:1", behaviour)
    client.create_container_service(
        serviceName="web", power="nano", scale=1, deployment=deployment("broken:1")
    )

    snapshots = follow(client, clock)

    assert all("currentDeployment" not in service for _, service in snapshots)
    assert snapshots[-1][1]["state"] == "READY"
    assert [item["state"] for item in sim.deployments("web")] == ["FAILED"]


def test_one_failing_container_fails_deployment(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim)
    sim.set_image_behaviour("sidecar:1", ContainerBehaviour.CRASHING)
    request: ContainerServiceDeploymentRequestTypeDef = {
        "containers": {"app": {"image": "nginx:2"}, "sidecar": {"image": "sidecar:1"}}
    }

    client.create_container_service_deployment(serviceName="web", **request)
    finished = follow(client, clock)[-1][1]

    assert finished["currentDeployment"]["version"] == 1
    assert sim.deployments("web")[0]["state"] == "FAILED"


def test_slow_start_succeeds_later(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim)
    sim.set_image_behaviour("slow:1", ContainerBehaviour.SLOW_START)

    client.create_container_service_deployment(serviceName="web", **deployment("slow:1"))
    snapshots = follow(client, clock)

    durations = sim.durations
    finished_at, finished = snapshots[-1]
    assert finished_at == (
        durations.creating_deployment
        + durations.slow_start_health_check
        + durations.activating_deployment
    )
    assert finished_at > durations.healthy_deployment
    assert finished["state"] == "RUNNING"
    assert finished["currentDeployment"]["version"] == 1


def test_behaviour_read_when_evaluation_starts(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim)
    client.create_container_service_deployment(serviceName="web", **deployment("late:2"))

    sim.set_image_behaviour("late:2", ContainerBehaviour.FAILING_HEALTH_CHECK)
    follow(client, clock)

    assert sim.deployments("web")[0]["state"] == "FAILED"


def test_versions_increase_after_failure(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim)
    sim.set_image_behaviour("broken:2", ContainerBehaviour.CRASHING)

    client.create_container_service_deployment(serviceName="web", **deployment("broken:2"))
    follow(client, clock)
    client.create_container_service_deployment(serviceName="web", **deployment("nginx:3"))
    finished = follow(client, clock)[-1][1]

    assert finished["currentDeployment"]["version"] == 3
    history = [(item["version"], item["state"]) for item in sim.deployments("web")]
    assert history == [(3, "ACTIVE"), (2, "FAILED"), (1, "INACTIVE")]


def test_deployment_without_public_endpoint(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim)

    client.create_container_service_deployment(
        serviceName="web",
        containers={"worker": {"image": "worker:1", "command": ["run"], "environment": {"A": "1"}}},
    )
    current = follow(client, clock)[-1][1]["currentDeployment"]

    assert "publicEndpoint" not in current
    assert current["containers"] == {
        "worker": {"image": "worker:1", "command": ["run"], "environment": {"A": "1"}, "ports": {}}
    }


def test_partial_health_check_gets_defaults(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim)
    request = deployment()
    request["publicEndpoint"]["healthCheck"] = {"path": "/health", "intervalSeconds": 20}

    response = client.create_container_service_deployment(serviceName="web", **request)

    health_check = response["containerService"]["nextDeployment"]["publicEndpoint"]["healthCheck"]
    assert health_check == {
        "healthyThreshold": 2,
        "unhealthyThreshold": 2,
        "timeoutSeconds": 2,
        "intervalSeconds": 20,
        "path": "/health",
        "successCodes": "200-499",
    }


def test_deployments_of_missing_service_raise(sim: Simulator) -> None:
    with pytest.raises(LookupError, match="absent"):
        sim.deployments("absent")
