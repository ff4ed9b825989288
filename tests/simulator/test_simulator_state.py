from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock
from lightsail_containers.simulator._state import saved_time

if TYPE_CHECKING:
    from pathlib import Path

    from mypy_boto3_lightsail import LightsailClient

DIGEST = "sha256:" + "cd" * 32


def deploying_service(client: LightsailClient, sim: Simulator) -> None:
    sim.set_image_behaviour("slow:1", ContainerBehaviour.SLOW_START)
    client.create_container_service(
        serviceName="web",
        power="micro",
        scale=2,
        tags=[{"key": "team", "value": "web"}],
        deployment={
            "containers": {"app": {"image": "slow:1", "ports": {"80": "HTTP"}}},
            "publicEndpoint": {"containerName": "app", "containerPort": 80},
        },
    )
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    sim.advance(sim.durations.provisioning + sim.durations.creating_deployment + 100)


def test_state_round_trip_mid_deployment(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, tmp_path: Path
) -> None:
    deploying_service(client, sim)
    path = tmp_path / "state.json"
    before = client.get_container_services()["containerServices"]

    sim.save_state(path)
    restored = Simulator(clock=clock)
    restored.load_state(path)
    restored_client = restored.client()

    assert restored_client.get_container_services()["containerServices"] == before
    assert restored.container_log("web", "app") == sim.container_log("web", "app")
    assert (
        restored_client.get_container_images(serviceName="web")["containerImages"]
        == (client.get_container_images(serviceName="web")["containerImages"])
    )
    assert restored.deployments("web") == sim.deployments("web")


def test_restored_service_keeps_progressing(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, tmp_path: Path
) -> None:
    deploying_service(client, sim)
    path = tmp_path / "state.json"
    sim.save_state(path)
    restored = Simulator(clock=clock)
    restored.load_state(path)

    clock.sleep(3600)

    services = restored.client().get_container_services()["containerServices"]
    assert services[0]["state"] == "RUNNING"
    assert services[0]["currentDeployment"]["version"] == 1
    assert restored.container_log("web", "app")[-1] == "[deployment:1] Reached a steady state."


def test_load_replaces_services(clock: VirtualClock, tmp_path: Path) -> None:
    empty = Simulator(clock=clock)
    path = tmp_path / "empty.json"
    empty.save_state(path)
    sim = Simulator(clock=clock)
    sim.client().create_container_service(serviceName="web", power="nano", scale=1)

    sim.load_state(path)

    assert sim.client().get_container_services()["containerServices"] == []


def test_state_records_time(clock: VirtualClock, sim: Simulator, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    clock.sleep(90)

    sim.save_state(path)

    assert saved_time(path) == clock.now()
    assert saved_time(tmp_path / "absent.json") is None


def test_state_file_is_replaced_whole(sim: Simulator, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("old content")

    sim.save_state(path)

    assert json.loads(path.read_text())["format"] == "lightsail-containers-simulator-state"
    assert sorted(item.name for item in tmp_path.iterdir()) == ["state.json"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "other"}', "not a state file"),
        ('{"format": "lightsail-containers-simulator-state", "version": 99}', "version 99"),
    ],
)
def test_load_rejects_other_files(
    sim: Simulator, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)

    with pytest.raises(ValueError, match=message):
        sim.load_state(path)
