"""`Simulator.container_service_client`: the package's client on the simulator's clock."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from botocore.config import Config

from lightsail_containers import (
    Container,
    ContainerServiceState,
    DeploymentFailedError,
    DeploymentRequest,
    EndpointRequest,
    PollingPolicy,
    Power,
    ServiceError,
    Transition,
    WaitTimeoutError,
)
from lightsail_containers.simulator import (
    AcceleratedClock,
    ContainerBehaviour,
    Simulator,
    VirtualClock,
)

# Far below the minutes that the waits of these tests take in simulated time.
REAL_SECONDS_LIMIT = 5.0


def nginx() -> DeploymentRequest:
    return DeploymentRequest(
        containers={"web": Container(image="nginx:1.27", ports={"80": "HTTP"})},
        public_endpoint=EndpointRequest("web", 80),
    )


def test_wait_takes_virtual_time(sim: Simulator, clock: VirtualClock) -> None:
    """A wait of minutes moves the simulator's virtual clock and takes no real time."""
    client = sim.container_service_client()
    transitions: list[Transition] = []
    client.create_service("web", power=Power.NANO, scale=1)
    started = time.monotonic()

    service = client.wait_for_service("web", on_transition=transitions.append)

    assert time.monotonic() - started < REAL_SECONDS_LIMIT
    assert service.state is ContainerServiceState.READY
    assert clock.monotonic() >= sim.durations.provisioning
    assert transitions[-1].elapsed_seconds >= sim.durations.provisioning


def test_failed_deployment_carries_logs(sim: Simulator, clock: VirtualClock) -> None:
    """The error of a failed deployment carries the log lines written in virtual time."""
    client = sim.container_service_client()
    sim.set_image_behaviour("nginx:1.27", ContainerBehaviour.WRONG_PORT)
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 1)

    assert caught.value.logs_unavailable is None
    assert caught.value.logs is not None
    lines = caught.value.logs["web"]
    assert lines
    assert any("port 80 not reachable" in (line.message or "") for line in lines)
    assert all(line.created_at is not None for line in lines)
    assert all(line.created_at <= clock.now() for line in lines if line.created_at)


def test_fleet_failure_carries_logs(sim: Simulator) -> None:
    """A deployment that fails in a fleet wait carries its containers' log lines too."""
    client = sim.container_service_client()
    sim.set_image_behaviour("nginx:1.27", ContainerBehaviour.WRONG_PORT)
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())

    error = client.wait_for_deployments({"web": 1}).errors["web"]

    assert isinstance(error, DeploymentFailedError)
    assert error.logs_unavailable is None
    assert error.logs is not None
    assert error.logs["web"]


def test_throttled_log_reads_retried(sim: Simulator) -> None:
    """Throttled GetContainerLog calls are repeated, so the failure still shows its logs."""
    client = sim.container_service_client()
    sim.set_image_behaviour("nginx:1.27", ContainerBehaviour.WRONG_PORT)
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    sim.faults.throttle("GetContainerLog", count=3)

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 1)

    assert caught.value.logs_unavailable is None
    assert caught.value.logs is not None
    assert caught.value.logs["web"]


def test_client_follows_accelerated_clock() -> None:
    """On an accelerated clock, the waiters measure and sleep in simulated seconds."""
    sim = Simulator(clock=AcceleratedClock(3000, start=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    client = sim.container_service_client()
    transitions: list[Transition] = []
    client.create_service("web", power=Power.NANO, scale=1)
    started = time.monotonic()

    client.wait_for_service("web", on_transition=transitions.append)

    assert time.monotonic() - started < REAL_SECONDS_LIMIT
    # The clock runs by itself, so some of the provisioning passes before the wait starts.
    assert transitions[-1].elapsed_seconds > sim.durations.provisioning / 2


def test_polling_policy_passes_through(sim: Simulator, clock: VirtualClock) -> None:
    """The waiters use the given policy, so a short timeout ends the wait in virtual time."""
    policy = PollingPolicy(timeout_seconds=60, first_delay_seconds=5, max_delay_seconds=5)
    client = sim.container_service_client(polling=policy)
    client.create_service("web", power=Power.NANO, scale=1)

    with pytest.raises(WaitTimeoutError):
        client.wait_for_service("web")

    assert client.polling is policy
    assert 60 <= clock.monotonic() < sim.durations.provisioning


@pytest.mark.parametrize(
    ("retry_timeout_seconds", "succeeds"),
    [(300.0, True), (30.0, False)],
    ids=["outlasts-throttling", "gives-up"],
)
def test_retry_timeout_passes_through(
    sim: Simulator,
    clock: VirtualClock,
    retry_timeout_seconds: float,
    succeeds: bool,  # noqa: FBT001
) -> None:
    """Calls repeat after throttling for the given time of the simulator's clock."""
    client = sim.container_service_client(retry_timeout_seconds=retry_timeout_seconds)
    client.create_service("web", power=Power.NANO, scale=1)
    sim.faults.throttle("GetContainerServiceDeployments", duration=120)
    started = time.monotonic()

    if succeeds:
        assert client.list_deployments("web") == ()
        assert clock.monotonic() >= 120
    else:
        with pytest.raises(ServiceError) as caught:
            client.list_deployments("web")
        assert caught.value.code == "ThrottlingException"
        assert 0 < clock.monotonic() < 120

    assert client.retry_timeout_seconds == retry_timeout_seconds
    assert time.monotonic() - started < REAL_SECONDS_LIMIT


def test_config_passes_through(sim: Simulator) -> None:
    """The botocore config reaches the Lightsail client, over the simulator's defaults."""
    client = sim.container_service_client(config=Config(read_timeout=7))

    # botocore-stubs declare no attributes of Config, which sets them from its options.
    settings = vars(client.lightsail.meta.config)

    assert settings["read_timeout"] == 7
    assert settings["retries"] == {"mode": "standard", "total_max_attempts": 1}
    assert client.lightsail.meta.region_name == sim.region


def test_each_call_creates_own_client(sim: Simulator) -> None:
    """Each client is attached to the simulator, so both see the same services."""
    first = sim.container_service_client()
    second = sim.container_service_client()

    first.create_service("web", power=Power.NANO, scale=1)

    assert first.lightsail is not second.lightsail
    assert [s.container_service_name for s in second.list_services()] == ["web"]
