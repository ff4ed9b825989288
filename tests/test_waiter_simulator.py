"""Waiters against the embedded simulator, through a real boto3 client."""

from __future__ import annotations

import pytest

from lightsail_containers import (
    Container,
    ContainerServiceClient,
    ContainerServiceState,
    DeploymentFailedError,
    DeploymentRequest,
    DeploymentState,
    EndpointRequest,
    PollingPolicy,
    Power,
    StateDetailCode,
    TerminalStateDetailError,
    Transition,
    WaitTimeoutError,
)
from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock


def nginx(image: str = "nginx:latest") -> DeploymentRequest:
    return DeploymentRequest(
        containers={"web": Container(image=image, ports={"80": "HTTP"})},
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
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


def test_created_service_becomes_ready(client: ContainerServiceClient) -> None:
    """A new service goes through every provisioning stateDetail code to READY."""
    transitions: list[Transition] = []
    client.create_service("web", power=Power.NANO, scale=1)

    service = client.wait_for_service("web", on_transition=transitions.append)

    assert service.state is ContainerServiceState.READY
    codes = [t.state_detail.code for t in transitions if t.state_detail is not None]
    assert codes == [
        StateDetailCode.CREATING_SYSTEM_RESOURCES,
        StateDetailCode.CREATING_NETWORK_INFRASTRUCTURE,
        StateDetailCode.PROVISIONING_CERTIFICATE,
        StateDetailCode.PROVISIONING_SERVICE,
    ]


def test_service_created_with_deployment_runs(client: ContainerServiceClient) -> None:
    """A service created with a deployment reaches RUNNING with version 1 ACTIVE."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())

    service = client.wait_for_deployment("web", 1)

    assert service.state is ContainerServiceState.RUNNING
    assert service.current_deployment is not None
    assert service.current_deployment.state is DeploymentState.ACTIVE
    assert service.public_url is not None


def test_second_deployment_replaces_first(client: ContainerServiceClient) -> None:
    """A new version becomes current; the waiter follows it by version."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)
    client.create_deployment("web", nginx("nginx:1.27"))

    service = client.wait_for_deployment("web")

    assert service.current_deployment is not None
    assert service.current_deployment.version == 2
    assert service.current_deployment.containers["web"].image == "nginx:1.27"


@pytest.mark.parametrize(
    "behaviour", [ContainerBehaviour.CRASHING, ContainerBehaviour.FAILING_HEALTH_CHECK]
)
def test_failed_deployment_raises(
    client: ContainerServiceClient, sim: Simulator, behaviour: ContainerBehaviour
) -> None:
    """A failing deployment raises, although the service goes back to RUNNING version 1."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)
    sim.set_image_behaviour("nginx:broken", behaviour)
    client.create_deployment("web", nginx("nginx:broken"))

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert caught.value.last is not None
    assert caught.value.last.state is ContainerServiceState.RUNNING
    assert caught.value.last.current_deployment is not None
    assert caught.value.last.current_deployment.version == 1


def test_failed_first_deployment_raises(client: ContainerServiceClient, sim: Simulator) -> None:
    """A first deployment that fails leaves the service READY, and the waiter raises."""
    sim.set_image_behaviour("nginx:broken", ContainerBehaviour.CRASHING)
    client.create_service("web", power=Power.NANO, scale=1)
    client.wait_for_service("web")
    client.create_deployment("web", nginx("nginx:broken"))

    with pytest.raises(DeploymentFailedError, match="back to READY with no deployment"):
        client.wait_for_deployment("web", 1)


def test_certificate_limit_fails_fast(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """CERTIFICATE_LIMIT_EXCEEDED ends the wait at the first poll that shows it."""
    client.create_service("web", power=Power.NANO, scale=1)
    sim.inject_state_detail("web", StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED)
    started = clock.monotonic()

    with pytest.raises(TerminalStateDetailError) as caught:
        client.wait_for_service("web")

    assert caught.value.attempts == 1
    assert clock.monotonic() == started
    assert caught.value.state_detail.code is StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED


def test_timeout_on_simulator(client: ContainerServiceClient, sim: Simulator) -> None:
    """A wait shorter than provisioning times out with the last PENDING snapshot."""
    policy = PollingPolicy(timeout_seconds=60, first_delay_seconds=5, max_delay_seconds=10)
    client.create_service("web", power=Power.NANO, scale=1)
    calls_before = len(sim.calls)

    with pytest.raises(WaitTimeoutError) as caught:
        client.wait_for_service("web", polling=policy)

    assert caught.value.last is not None
    assert caught.value.last.state is ContainerServiceState.PENDING
    assert caught.value.elapsed_seconds == 60
    assert len(sim.calls) - calls_before == caught.value.attempts


def test_update_waits_for_new_power(client: ContainerServiceClient) -> None:
    """An update wait ends when the service runs again with the requested power and scale."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)
    client.update_service("web", power=Power.MICRO, scale=2)

    service = client.wait_for_update("web", power=Power.MICRO, scale=2)

    assert service.state is ContainerServiceState.RUNNING
    assert service.power is Power.MICRO
    assert service.scale == 2


def test_disable_and_enable(client: ContainerServiceClient) -> None:
    """A service goes UPDATING to DISABLED, and back to RUNNING when enabled."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
    client.wait_for_deployment("web", 1)

    client.update_service("web", is_disabled=True)
    disabled = client.wait_for_service("web", until=ContainerServiceState.DISABLED)
    client.update_service("web", is_disabled=False)
    enabled = client.wait_for_update("web")

    assert disabled.state is ContainerServiceState.DISABLED
    assert enabled.state is ContainerServiceState.RUNNING


def test_delete_waits_until_gone(client: ContainerServiceClient, sim: Simulator) -> None:
    """A deletion wait ends when the simulator returns NotFoundException."""
    client.create_service("web", power=Power.NANO, scale=1)
    client.wait_for_service("web")
    client.delete_service("web")

    client.wait_for_deletion("web")

    assert "web" not in [s.container_service_name for s in client.list_services()]
    assert sim.calls[-2:] == ["GetContainerServices", "GetContainerServices"]


def test_fleet_on_simulator(client: ContainerServiceClient, sim: Simulator) -> None:
    """A fleet wait reports each service, with one GetContainerServices call per poll."""
    sim.set_image_behaviour("nginx:broken", ContainerBehaviour.CRASHING)
    client.create_service("good", power=Power.NANO, scale=1, deployment=nginx())
    client.create_service("bad", power=Power.NANO, scale=1, deployment=nginx("nginx:broken"))
    polls: list[int] = []

    result = client.wait_for_deployments(
        {"good": 1, "bad": 1}, on_poll=lambda event: polls.append(event.attempt)
    )

    assert set(result.services) == {"good"}
    assert isinstance(result.errors["bad"], DeploymentFailedError)
    assert sim.calls.count("GetContainerServices") == len(polls)


def test_failed_deployment_shows_logs(client: ContainerServiceClient, sim: Simulator) -> None:
    """The error of a failed deployment ends with the container's log lines explaining it."""
    sim.set_image_behaviour("nginx:broken", ContainerBehaviour.FAILING_HEALTH_CHECK)
    client.create_service("web", power=Power.NANO, scale=1, deployment=nginx("nginx:broken"))

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 1)

    assert caught.value.logs is not None
    assert caught.value.logs["web"]
    assert "did not pass its health check" in str(caught.value)
