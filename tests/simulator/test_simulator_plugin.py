"""The pytest plugin's fixtures, as users' tests use them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import TYPE_CHECKING

import botocore.exceptions
import pytest

from lightsail_containers import (
    Container,
    DeploymentFailedError,
    DeploymentRequest,
    EndpointRequest,
    Power,
)
from lightsail_containers.simulator import ContainerBehaviour, PhaseDurations, Simulator

if TYPE_CHECKING:
    from pathlib import Path

    from mypy_boto3_lightsail import LightsailClient

    from lightsail_containers import ContainerServiceClient
    from lightsail_containers.simulator import FaultInjector, VirtualClock
    from lightsail_containers.simulator._server import SimulatorServer


def test_fixtures_share_one_simulator(
    lightsail_simulator: Simulator,
    lightsail_client: LightsailClient,
    lightsail_clock: VirtualClock,
    lightsail_faults: FaultInjector,
) -> None:
    lightsail_client.create_container_service(serviceName="web", power="nano", scale=1)
    lightsail_simulator.advance(lightsail_simulator.durations.provisioning)

    service = lightsail_client.get_container_services()["containerServices"][0]

    assert service["state"] == "READY"
    assert lightsail_simulator.clock is lightsail_clock
    assert lightsail_faults is lightsail_simulator.faults
    assert lightsail_clock.monotonic() == lightsail_simulator.durations.provisioning


def test_faults_fixture_reaches_client(
    lightsail_client: LightsailClient, lightsail_faults: FaultInjector
) -> None:
    lightsail_faults.throttle(count=1)

    with pytest.raises(botocore.exceptions.ClientError, match="ThrottlingException"):
        lightsail_client.get_container_services()


@pytest.mark.lightsail_simulator(region="eu-west-2", durations=PhaseDurations(deleting=0))
def test_marker_sets_simulator(
    lightsail_simulator: Simulator, lightsail_client: LightsailClient
) -> None:
    assert lightsail_simulator.region == "eu-west-2"
    assert lightsail_client.meta.region_name == "eu-west-2"
    assert lightsail_simulator.durations.deleting == 0


def test_service_client_fixture_waits_on_clock(
    lightsail_service_client: ContainerServiceClient,
    lightsail_simulator: Simulator,
    lightsail_clock: VirtualClock,
) -> None:
    """The fixture's client waits on the virtual clock and shows a failure's log lines."""
    lightsail_simulator.set_image_behaviour("app:1", ContainerBehaviour.WRONG_PORT)
    deployment = DeploymentRequest(
        containers={"app": Container(image="app:1", ports={"80": "HTTP"})},
        public_endpoint=EndpointRequest("app", 80),
    )
    lightsail_service_client.create_service("web", power=Power.NANO, scale=1, deployment=deployment)

    with pytest.raises(DeploymentFailedError) as caught:
        lightsail_service_client.wait_for_deployment("web", 1)

    assert lightsail_simulator.calls[0] == "CreateContainerService"
    assert lightsail_clock.monotonic() >= lightsail_simulator.durations.provisioning
    assert caught.value.logs is not None
    assert caught.value.logs["app"]


@pytest.mark.lightsail_simulator(region="eu-west-2")
def test_service_client_fixture_follows_marker(
    lightsail_service_client: ContainerServiceClient, lightsail_client: LightsailClient
) -> None:
    """The fixture's client works in the region that the marker sets."""
    lightsail_client.create_container_service(serviceName="web", power="nano", scale=1)

    services = lightsail_service_client.list_services()

    assert lightsail_service_client.lightsail.meta.region_name == "eu-west-2"
    assert [s.container_service_name for s in services] == ["web"]


def test_server_fixture_serves_simulator(
    lightsail_server: SimulatorServer, lightsail_simulator: Simulator
) -> None:
    assert lightsail_server.simulator is lightsail_simulator
    assert lightsail_server.url.startswith("http://127.0.0.1:")


def test_plugin_loads_in_other_project(tmp_path: Path) -> None:
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\n")
    (tmp_path / "test_deploy.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from lightsail_containers.simulator import ContainerBehaviour


            @pytest.mark.lightsail_simulator(region="ca-central-1")
            def test_failing_health_check(lightsail_simulator, lightsail_client):
                lightsail_simulator.set_image_behaviour("app:1", ContainerBehaviour.WRONG_PORT)
                lightsail_client.create_container_service(
                    serviceName="web",
                    power="nano",
                    scale=1,
                    deployment={
                        "containers": {"app": {"image": "app:1", "ports": {"80": "HTTP"}}},
                        "publicEndpoint": {"containerName": "app", "containerPort": 80},
                    },
                )
                lightsail_simulator.advance(3600)

                log = lightsail_simulator.container_log("web", "app")
                assert any("port 80 not reachable" in line for line in log)


            @pytest.mark.lightsail_simulator("positional")
            def test_marker_arguments_checked(lightsail_simulator):
                pass
            """
        )
    )

    result = subprocess.run(  # noqa: S603 - runs pytest of this environment on a temporary test
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert "1 passed, 1 error" in result.stdout, result.stdout
    assert "takes the keywords" in result.stdout
