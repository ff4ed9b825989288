from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from lightsail_containers._enums import StateDetailCode
from lightsail_containers.simulator import PhaseDurations, Simulator, VirtualClock

if TYPE_CHECKING:
    from collections.abc import Callable

    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import (
        ContainerServiceDeploymentRequestTypeDef,
        ContainerServiceTypeDef,
        TagTypeDef,
    )

PROVISIONING_STEPS = [
    ("PENDING", "CREATING_SYSTEM_RESOURCES"),
    ("PENDING", "CREATING_NETWORK_INFRASTRUCTURE"),
    ("PENDING", "PROVISIONING_CERTIFICATE"),
    ("PENDING", "PROVISIONING_SERVICE"),
]
DEPLOYMENT_STEPS = [
    ("DEPLOYING", "CREATING_DEPLOYMENT"),
    ("DEPLOYING", "EVALUATING_HEALTH_CHECK"),
    ("DEPLOYING", "ACTIVATING_DEPLOYMENT"),
]


def deployment(
    image: str = "nginx:latest", port: int = 80
) -> ContainerServiceDeploymentRequestTypeDef:
    return {
        "containers": {"app": {"image": image, "ports": {str(port): "HTTP"}}},
        "publicEndpoint": {"containerName": "app", "containerPort": port},
    }


def get_service(client: LightsailClient, name: str) -> ContainerServiceTypeDef:
    services = client.get_container_services(serviceName=name)["containerServices"]
    assert len(services) == 1
    return services[0]


def watch(
    client: LightsailClient,
    clock: VirtualClock,
    name: str,
    until: Callable[[ContainerServiceTypeDef], bool],
) -> list[tuple[float, ContainerServiceTypeDef]]:
    """Poll the service every 5 virtual seconds and return each snapshot with its time."""
    start = clock.monotonic()
    snapshots = []
    while clock.monotonic() - start < 4 * 3600:
        service = get_service(client, name)
        snapshots.append((clock.monotonic() - start, service))
        if until(service):
            return snapshots
        clock.sleep(5)

    raise AssertionError(f"service {name} never reached the expected state: {snapshots[-1]}")


def steps(snapshots: list[tuple[float, ContainerServiceTypeDef]]) -> list[tuple[str, str | None]]:
    """Return the distinct (state, stateDetail code) pairs in the order they appeared."""
    seen: list[tuple[str, str | None]] = []
    for _, service in snapshots:
        step = (service["state"], service.get("stateDetail", {}).get("code"))
        if not seen or seen[-1] != step:
            seen.append(step)
    return seen


def create_ready(client: LightsailClient, clock: VirtualClock, sim: Simulator, name: str) -> None:
    client.create_container_service(serviceName=name, power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    assert get_service(client, name)["state"] == "READY"


def create_running(client: LightsailClient, clock: VirtualClock, sim: Simulator, name: str) -> None:
    client.create_container_service(
        serviceName=name, power="nano", scale=1, deployment=deployment()
    )
    clock.sleep(sim.durations.provisioning + sim.durations.healthy_deployment)
    assert get_service(client, name)["state"] == "RUNNING"


def test_create_returns_pending_service(client: LightsailClient, clock: VirtualClock) -> None:
    service = client.create_container_service(serviceName="web", power="nano", scale=1)[
        "containerService"
    ]

    assert service["containerServiceName"] == "web"
    assert service["state"] == "PENDING"
    assert "stateDetail" not in service
    assert service["principalArn"] == ""
    assert service["power"] == "nano"
    assert service["powerId"] == "nano-1"
    assert service["scale"] == 1
    assert service["resourceType"] == "ContainerService"
    assert service["location"] == {"availabilityZone": "all", "regionName": "us-east-1"}
    assert service["privateDomainName"] == "web.service.local"
    assert service["tags"] == []
    assert service["isDisabled"] is False
    assert service["createdAt"] == clock.now()
    assert re.fullmatch(
        r"arn:aws:lightsail:us-east-1:111122223333:ContainerService/[0-9a-f-]{36}", service["arn"]
    )
    assert re.fullmatch(
        r"https://web\.[a-z0-9]{13}\.us-east-1\.cs\.amazonlightsail\.com/", service["url"]
    )
    assert "currentDeployment" not in service
    assert "nextDeployment" not in service


def test_provisioning_reports_steps_in_order(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    snapshots = watch(client, clock, "web", lambda service: service["state"] == "READY")

    assert steps(snapshots) == [*PROVISIONING_STEPS, ("READY", None)]
    ready_at, ready = snapshots[-1]
    assert ready_at == sim.durations.provisioning
    assert all(service["principalArn"] == "" for _, service in snapshots[:-1])
    assert re.fullmatch(
        r"arn:aws:iam::\d{12}:role/amazon/lightsail/us-east-1/containers/web/[a-z0-9]{52}",
        ready["principalArn"],
    )


def test_create_with_deployment_runs(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    response = client.create_container_service(
        serviceName="web", power="nano", scale=1, deployment=deployment()
    )
    assert response["containerService"]["nextDeployment"]["version"] == 1

    snapshots = watch(client, clock, "web", lambda service: service["state"] == "RUNNING")

    assert steps(snapshots) == [*PROVISIONING_STEPS, *DEPLOYMENT_STEPS, ("RUNNING", None)]
    for _, service in snapshots[:-1]:
        assert "currentDeployment" not in service
        assert service["nextDeployment"]["version"] == 1
        assert service["nextDeployment"]["state"] == "ACTIVATING"

    running_at, running = snapshots[-1]
    assert running_at == sim.durations.provisioning + sim.durations.healthy_deployment
    assert "nextDeployment" not in running
    current = running["currentDeployment"]
    assert current["version"] == 1
    assert current["state"] == "ACTIVE"
    assert current["containers"] == {
        "app": {"image": "nginx:latest", "command": [], "environment": {}, "ports": {"80": "HTTP"}}
    }
    assert current["publicEndpoint"] == {
        "containerName": "app",
        "containerPort": 80,
        "healthCheck": {
            "healthyThreshold": 2,
            "unhealthyThreshold": 2,
            "timeoutSeconds": 2,
            "intervalSeconds": 5,
            "path": "/",
            "successCodes": "200-499",
        },
    }


def test_update_power_and_scale(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim, "web")

    updated = client.update_container_service(serviceName="web", power="small", scale=3)[
        "containerService"
    ]

    assert updated["state"] == "UPDATING"
    assert updated["power"] == "small"
    assert updated["powerId"] == "small-1"
    assert updated["scale"] == 3

    clock.sleep(sim.durations.updating - 1)
    assert get_service(client, "web")["state"] == "UPDATING"

    clock.sleep(1)
    service = get_service(client, "web")
    assert service["state"] == "READY"
    assert service["power"] == "small"
    assert service["scale"] == 3


def test_update_running_service_returns_to_running(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim, "web")

    client.update_container_service(serviceName="web", scale=2)
    assert get_service(client, "web")["state"] == "UPDATING"
    clock.sleep(sim.durations.updating)

    service = get_service(client, "web")
    assert service["state"] == "RUNNING"
    assert service["scale"] == 2
    assert service["currentDeployment"]["version"] == 1


def test_disable_and_enable_running_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim, "web")

    disabling = client.update_container_service(serviceName="web", isDisabled=True)
    assert disabling["containerService"]["state"] == "UPDATING"
    assert disabling["containerService"]["isDisabled"] is True

    clock.sleep(sim.durations.updating)
    disabled = get_service(client, "web")
    assert disabled["state"] == "DISABLED"
    assert disabled["currentDeployment"]["version"] == 1

    enabling = client.update_container_service(serviceName="web", isDisabled=False)
    assert enabling["containerService"]["state"] == "UPDATING"
    assert enabling["containerService"]["isDisabled"] is False

    clock.sleep(sim.durations.updating)
    assert get_service(client, "web")["state"] == "RUNNING"


def test_disable_and_enable_ready_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim, "web")

    client.update_container_service(serviceName="web", isDisabled=True)
    clock.sleep(sim.durations.updating)
    assert get_service(client, "web")["state"] == "DISABLED"

    client.update_container_service(serviceName="web", isDisabled=False)
    clock.sleep(sim.durations.updating)
    assert get_service(client, "web")["state"] == "READY"


def test_update_domains_and_registry_access(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_ready(client, clock, sim, "web")

    service = client.update_container_service(
        serviceName="web",
        publicDomainNames={"web-cert": ["example.com", "www.example.com"]},
        privateRegistryAccess={"ecrImagePullerRole": {"isActive": True}},
    )["containerService"]

    assert service["publicDomainNames"] == {"web-cert": ["example.com", "www.example.com"]}
    role = service["privateRegistryAccess"]["ecrImagePullerRole"]
    assert role["isActive"] is True
    assert role["principalArn"].startswith("arn:aws:iam::")

    clock.sleep(sim.durations.updating)
    client.update_container_service(
        serviceName="web", privateRegistryAccess={"ecrImagePullerRole": {"isActive": False}}
    )
    role = get_service(client, "web")["privateRegistryAccess"]["ecrImagePullerRole"]
    assert role == {"isActive": False, "principalArn": ""}


def test_create_echoes_tags(client: LightsailClient) -> None:
    tags: list[TagTypeDef] = [{"key": "team", "value": "web"}, {"key": "flag"}]

    service = client.create_container_service(serviceName="web", power="micro", scale=2, tags=tags)[
        "containerService"
    ]

    assert service["tags"] == tags
    assert get_service(client, "web")["tags"] == tags


def test_delete_removes_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    create_running(client, clock, sim, "web")

    response = client.delete_container_service(serviceName="web")

    assert set(response) == {"ResponseMetadata"}
    assert get_service(client, "web")["state"] == "DELETING"

    clock.sleep(sim.durations.deleting - 1)
    assert get_service(client, "web")["state"] == "DELETING"

    clock.sleep(1)
    with pytest.raises(client.exceptions.NotFoundException, match="web"):
        client.get_container_services(serviceName="web")
    assert client.get_container_services()["containerServices"] == []


def test_delete_pending_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(30)

    client.delete_container_service(serviceName="web")
    client.delete_container_service(serviceName="web")
    deleting = get_service(client, "web")
    assert deleting["state"] == "DELETING"
    assert "stateDetail" not in deleting

    clock.sleep(sim.durations.deleting)
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_container_services(serviceName="web")


def test_delete_frees_name(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.delete_container_service(serviceName="web")
    clock.sleep(sim.durations.deleting)

    service = client.create_container_service(serviceName="web", power="large", scale=1)

    assert service["containerService"]["power"] == "large"


def test_get_all_services(client: LightsailClient) -> None:
    assert client.get_container_services()["containerServices"] == []

    client.create_container_service(serviceName="first", power="nano", scale=1)
    client.create_container_service(serviceName="second", power="nano", scale=1)

    services = client.get_container_services()["containerServices"]
    assert [service["containerServiceName"] for service in services] == ["first", "second"]


def test_inject_certificate_limit_freezes_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(150)
    assert get_service(client, "web")["stateDetail"]["code"] == "PROVISIONING_CERTIFICATE"

    sim.inject_state_detail("web", StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED)
    clock.sleep(10 * 3600)

    service = get_service(client, "web")
    assert service["state"] == "PENDING"
    assert service["stateDetail"]["code"] == "CERTIFICATE_LIMIT_EXCEEDED"
    assert "maximum number of certificates" in service["stateDetail"]["message"]
    assert service["principalArn"] == ""

    client.delete_container_service(serviceName="web")
    clock.sleep(sim.durations.deleting)
    assert client.get_container_services()["containerServices"] == []


def test_inject_unknown_error_with_message(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    sim.inject_state_detail("web", "UNKNOWN_ERROR", "Internal failure while provisioning.")

    detail = get_service(client, "web")["stateDetail"]
    assert detail == {"code": "UNKNOWN_ERROR", "message": "Internal failure while provisioning."}


def test_inject_unknown_error_default_message(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    sim.inject_state_detail("web", StateDetailCode.UNKNOWN_ERROR)

    message = get_service(client, "web")["stateDetail"]["message"]
    assert message == "An error was experienced when your container service was being created."


def test_inject_code_outside_enum(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    sim.inject_state_detail("web", "CODE_ADDED_LATER")

    assert get_service(client, "web")["stateDetail"] == {"code": "CODE_ADDED_LATER"}


def test_inject_missing_service_raises(sim: Simulator) -> None:
    with pytest.raises(LookupError, match="absent"):
        sim.inject_state_detail("absent", StateDetailCode.UNKNOWN_ERROR)


def test_custom_durations_drive_lifecycle(clock: VirtualClock) -> None:
    durations = PhaseDurations(
        creating_system_resources=1,
        creating_network_infrastructure=1,
        provisioning_certificate=1,
        provisioning_service=1,
    )
    sim = Simulator(clock=clock, durations=durations)
    client = sim.client()
    client.create_container_service(serviceName="web", power="nano", scale=1)

    clock.sleep(3.5)
    assert get_service(client, "web")["state"] == "PENDING"

    clock.sleep(0.5)
    assert get_service(client, "web")["state"] == "READY"
