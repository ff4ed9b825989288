"""Health checks over time: durations from the health-check settings, outcomes and logs."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock
from lightsail_containers.simulator._health import parse_success_codes

if TYPE_CHECKING:
    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import ContainerServiceTypeDef, EndpointRequestTypeDef


def deploy(
    client: LightsailClient,
    image: str = "nginx:1",
    *,
    port: int = 80,
    health_check: dict[str, Any] | None = None,
    containers: dict[str, Any] | None = None,
) -> None:
    endpoint: EndpointRequestTypeDef = {"containerName": "app", "containerPort": port}
    if health_check is not None:
        endpoint["healthCheck"] = health_check  # type: ignore[typeddict-item]
    client.create_container_service_deployment(
        serviceName="web",
        containers=containers or {"app": {"image": image, "ports": {str(port): "HTTP"}}},
        publicEndpoint=endpoint,
    )


def ready(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    sim.advance(sim.durations.provisioning)


def service(client: LightsailClient) -> ContainerServiceTypeDef:
    return client.get_container_services(serviceName="web")["containerServices"][0]


def finish(sim: Simulator, clock: VirtualClock) -> tuple[float, str]:
    """Poll every second until the deployment ends; return its duration and final state."""
    start = clock.monotonic()
    while (state := sim.deployments("web")[0]["state"]) == "ACTIVATING":
        clock.sleep(1)
        assert clock.monotonic() - start < 4 * 3600
    return clock.monotonic() - start, state


@pytest.mark.parametrize(("interval", "threshold"), [(60, 3), (300, 2), (45, 10)])
def test_passing_time_follows_healthy_threshold(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, interval: int, threshold: int
) -> None:
    ready(client, sim)

    deploy(client, health_check={"intervalSeconds": interval, "healthyThreshold": threshold})
    seconds, state = finish(sim, clock)

    durations = sim.durations
    evaluation = interval * threshold
    assert evaluation > durations.evaluating_health_check
    assert seconds == durations.creating_deployment + evaluation + durations.activating_deployment
    assert state == "ACTIVE"


def test_default_health_check_keeps_default_durations(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)

    deploy(client)
    seconds, state = finish(sim, clock)

    assert seconds == sim.durations.healthy_deployment
    assert state == "ACTIVE"


@pytest.mark.parametrize(
    ("behaviour", "check", "cycle"),
    [
        # A check without response ends after its timeout: 4 checks 30 s apart, plus 20 s.
        (
            ContainerBehaviour.FAILING_HEALTH_CHECK,
            {"intervalSeconds": 30, "unhealthyThreshold": 4, "timeoutSeconds": 20},
            140,
        ),
        (ContainerBehaviour.WRONG_PORT, {"intervalSeconds": 70, "unhealthyThreshold": 3}, 210),
        (ContainerBehaviour.ERROR_STATUS, {"intervalSeconds": 300, "unhealthyThreshold": 10}, 3000),
    ],
)
def test_failing_time_follows_unhealthy_threshold(
    client: LightsailClient,
    clock: VirtualClock,
    sim: Simulator,
    *,
    behaviour: ContainerBehaviour,
    check: dict[str, int],
    cycle: int,
) -> None:
    ready(client, sim)
    sim.set_image_behaviour("broken:1", behaviour)

    deploy(client, "broken:1", health_check=check)
    seconds, state = finish(sim, clock)

    durations = sim.durations
    evaluation = max(cycle, math.ceil(durations.failed_health_check / cycle) * cycle)
    assert seconds == durations.creating_deployment + evaluation
    assert state == "FAILED"


def test_wrong_port_fails_with_log(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)
    sim.set_image_behaviour("api:1", ContainerBehaviour.WRONG_PORT)

    deploy(client, "api:1", port=5005)
    _, state = finish(sim, clock)

    log = sim.container_log("web", "app")
    assert state == "FAILED"
    assert "Listening on port 8080." in log
    assert any("port 5005 not reachable, the connection was refused" in line for line in log)
    assert any("is unhealthy after 2 failed health checks" in line for line in log)
    assert log[-1].startswith("[deployment:1] The deployment failed: container 'app'")


def test_error_status_fails_with_log(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)
    sim.set_image_behaviour("api:1", ContainerBehaviour.ERROR_STATUS)

    deploy(client, "api:1", health_check={"path": "/health"})
    _, state = finish(sim, clock)

    log = sim.container_log("web", "app")
    assert state == "FAILED"
    assert any(
        "GET /health on port 80 returned HTTP 500, which is not in successCodes 200-499" in line
        for line in log
    )


def test_timeout_fails_with_log(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)
    sim.set_image_behaviour("api:1", ContainerBehaviour.FAILING_HEALTH_CHECK)

    deploy(client, "api:1", health_check={"timeoutSeconds": 7})
    finish(sim, clock)

    log = sim.container_log("web", "app")
    assert any("GET / on port 80 timed out after 7 seconds" in line for line in log)


def test_success_codes_misconfigured_fail_healthy_container(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)

    deploy(client, health_check={"successCodes": "300-399"})
    _, state = finish(sim, clock)

    log = sim.container_log("web", "app")
    assert state == "FAILED"
    assert service(client)["state"] == "READY"
    assert any("returned HTTP 200, which is not in successCodes 300-399" in line for line in log)


def test_crash_logs_exit_code(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    ready(client, sim)
    sim.set_image_behaviour("api:1", ContainerBehaviour.CRASHING)

    deploy(client, "api:1")
    seconds, state = finish(sim, clock)

    log = sim.container_log("web", "app")
    durations = sim.durations
    assert state == "FAILED"
    assert seconds == durations.creating_deployment + durations.failed_health_check
    assert "[deployment:1] Container 'app' exited with code 1." in log
    assert log.count("[deployment:1] Started container 'app' from image 'api:1'.") > 1


@pytest.mark.parametrize(
    "behaviour",
    [
        ContainerBehaviour.FAILING_HEALTH_CHECK,
        ContainerBehaviour.ERROR_STATUS,
        ContainerBehaviour.WRONG_PORT,
    ],
)
def test_only_endpoint_container_is_checked(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, behaviour: ContainerBehaviour
) -> None:
    ready(client, sim)
    sim.set_image_behaviour("worker:1", behaviour)

    deploy(
        client,
        containers={
            "app": {"image": "nginx:1", "ports": {"80": "HTTP"}},
            "worker": {"image": "worker:1", "ports": {"9000": "TCP"}},
        },
    )
    _, state = finish(sim, clock)

    assert state == "ACTIVE"


def test_healthy_deployment_log(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)

    deploy(client)
    assert sim.container_log("web", "app") == ["[deployment:1] Creating your deployment."]
    finish(sim, clock)

    assert sim.container_log("web", "app") == [
        "[deployment:1] Creating your deployment.",
        "[deployment:1] Started container 'app' from image 'nginx:1'.",
        "Listening on port 80.",
        (
            "[deployment:1] Container 'app' passed 2 consecutive health checks: GET / returned "
            "HTTP 200."
        ),
        "[deployment:1] All containers passed the health evaluation.",
        "[deployment:1] Reached a steady state.",
    ]


def test_replaced_deployment_stops_containers(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)
    deploy(client)
    finish(sim, clock)

    deploy(client, "nginx:2")
    finish(sim, clock)

    log = sim.container_log("web", "app")
    assert "[deployment:1] Stopped container." in log
    assert log[-1] == "[deployment:2] Reached a steady state."


def test_slow_start_listens_late(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    ready(client, sim)
    sim.set_image_behaviour("slow:1", ContainerBehaviour.SLOW_START)

    deploy(client, "slow:1")
    clock.sleep(sim.durations.creating_deployment + 1)
    assert "Listening on port 80." not in sim.container_log("web", "app")

    finish(sim, clock)
    assert "Listening on port 80." in sim.container_log("web", "app")


def test_created_service_deploys_after_provisioning(clock: VirtualClock, sim: Simulator) -> None:
    client = sim.client()
    client.create_container_service(
        serviceName="web",
        power="nano",
        scale=1,
        deployment={
            "containers": {"app": {"image": "nginx:1", "ports": {"80": "HTTP"}}},
            "publicEndpoint": {"containerName": "app", "containerPort": 80},
        },
    )

    clock.sleep(sim.durations.provisioning - 1)
    assert sim.container_log("web", "app") == []
    clock.sleep(1)
    assert sim.container_log("web", "app") == ["[deployment:1] Creating your deployment."]


@pytest.mark.parametrize(
    ("codes", "statuses"),
    [
        ("200", {200}),
        ("200,202", {200, 202}),
        ("200-202", {200, 201, 202}),
        ("200-201,404", {200, 201, 404}),
    ],
)
def test_parse_success_codes(codes: str, statuses: set[int]) -> None:
    assert parse_success_codes(codes) == statuses
