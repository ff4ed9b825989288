"""Types that users of the public API see, checked by mypy and never run."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from typing_extensions import assert_type

from lightsail_containers import (
    Container,
    ContainerService,
    ContainerServiceClient,
    ContainerServiceList,
    ContainerServiceState,
    Deployment,
    DeploymentRequest,
    DeploymentState,
    EndpointRequest,
    PollingPolicy,
    Power,
    Protocol,
    StateDetailCode,
    Transition,
    WaitError,
)

if TYPE_CHECKING:
    from lightsail_containers.simulator import Simulator


def service_fields(service: ContainerService) -> None:
    """Enum fields also admit the plain strings of values added by AWS later."""
    assert_type(service.state, ContainerServiceState | str | None)
    assert_type(service.power, Power | str | None)
    assert_type(service.created_at, datetime | None)
    assert_type(service.deployment(1), Deployment | None)
    assert_type(service.is_settled, bool)
    assert_type(service.public_url, str | None)
    assert_type(service.public_domain_names, Mapping[str, tuple[str, ...]])

    if service.state_detail is not None:
        assert_type(service.state_detail.code, StateDetailCode | str | None)
    if service.current_deployment is not None:
        assert_type(service.current_deployment.state, DeploymentState | str | None)


def requests_accept_plain_values() -> DeploymentRequest:
    """Request models take lists, dicts and strings where they store tuples and enums."""
    container = Container(
        image="nginx",
        command=["nginx", "-g", "daemon off;"],
        environment={"MODE": "production"},
        ports={"80": "HTTP", "443": Protocol.HTTPS},
    )
    assert_type(container.command, tuple[str, ...])
    assert_type(container.ports, Mapping[str, Protocol | str])

    return DeploymentRequest(
        containers={"web": container}, public_endpoint=EndpointRequest("web", 80)
    )


def client_methods(client: ContainerServiceClient, request: DeploymentRequest) -> None:
    """Client methods return models; waits accept a policy and a callback."""
    assert_type(client.get_service("web"), ContainerService)
    assert_type(client.list_services(), ContainerServiceList)
    assert_type(client.create_deployment("web", request), ContainerService)

    def show(transition: Transition) -> None:
        assert_type(transition.elapsed_seconds, float)

    waited = client.wait_for_deployment("web", polling=PollingPolicy(), on_transition=show)
    assert_type(waited, ContainerService)


def wait_errors(error: WaitError) -> None:
    """Check that every wait error carries the last snapshot, attempts and elapsed time."""
    assert_type(error.last, ContainerService | None)
    assert_type(error.attempts, int)
    assert_type(error.elapsed_seconds, float)


def simulator_client(simulator: Simulator) -> None:
    """Check that the simulator's client helper returns a ContainerServiceClient."""
    assert_type(simulator.container_service_client(), ContainerServiceClient)
