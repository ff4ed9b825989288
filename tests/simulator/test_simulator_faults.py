from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import botocore.exceptions
import pytest

from lightsail_containers.simulator import FaultKind, Simulator, VirtualClock

if TYPE_CHECKING:
    from mypy_boto3_lightsail import LightsailClient


def error_code(excinfo: pytest.ExceptionInfo[botocore.exceptions.ClientError]) -> str:
    return str(excinfo.value.response["Error"]["Code"])


def status(excinfo: pytest.ExceptionInfo[botocore.exceptions.ClientError]) -> int:
    return int(excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"])


def create(client: LightsailClient, name: str = "web") -> None:
    client.create_container_service(serviceName=name, power="nano", scale=1)


def test_throttling_for_count(client: LightsailClient, sim: Simulator) -> None:
    fault = sim.faults.throttle("GetContainerServices", count=2)

    for _ in range(2):
        with pytest.raises(botocore.exceptions.ClientError) as excinfo:
            client.get_container_services()
        assert error_code(excinfo) == "ThrottlingException"
        assert status(excinfo) == 400
        assert excinfo.value.response["Error"]["Message"] == "Rate exceeded"

    assert client.get_container_services()["containerServices"] == []
    assert fault.kind is FaultKind.THROTTLING
    assert fault.triggered == 2
    assert fault.remaining == 0


def test_throttling_spares_other_operations(client: LightsailClient, sim: Simulator) -> None:
    sim.faults.throttle("GetContainerServices")

    create(client)

    with pytest.raises(botocore.exceptions.ClientError):
        client.get_container_services()
    assert client.get_container_service_powers()["powers"]


def test_throttled_request_changes_nothing(client: LightsailClient, sim: Simulator) -> None:
    sim.faults.throttle("CreateContainerService", count=1)

    with pytest.raises(botocore.exceptions.ClientError):
        create(client)

    assert client.get_container_services()["containerServices"] == []
    assert sim.calls == ["CreateContainerService", "GetContainerServices"]


@pytest.mark.parametrize("code", [500, 503])
def test_server_error_status(client: LightsailClient, sim: Simulator, code: int) -> None:
    sim.faults.server_error(status=code, count=1)

    with pytest.raises(client.exceptions.ServiceException) as excinfo:
        client.get_container_services()

    assert status(excinfo) == code
    assert excinfo.value.response["Error"]["Message"]
    assert client.get_container_services()["containerServices"] == []


def test_server_error_rejects_other_status(sim: Simulator) -> None:
    with pytest.raises(ValueError, match="500 or 503"):
        sim.faults.server_error(status=502)


def test_dropped_connection_closed(client: LightsailClient, sim: Simulator) -> None:
    sim.faults.drop_connection("GetContainerServices", count=1)

    with pytest.raises(botocore.exceptions.ConnectionClosedError):
        client.get_container_services()

    assert client.get_container_services()["containerServices"] == []


def test_dropped_connection_unreachable(client: LightsailClient, sim: Simulator) -> None:
    sim.faults.drop_connection(unreachable=True, count=1)

    with pytest.raises(botocore.exceptions.EndpointConnectionError):
        create(client)

    assert client.get_container_services()["containerServices"] == []


def test_latency_advances_virtual_clock(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    sim.faults.delay(30, "CreateContainerService", count=1)

    create(client)
    service = client.get_container_services()["containerServices"][0]

    assert clock.monotonic() == 30
    assert service["createdAt"] == clock.now()


def test_latency_stacks_with_errors(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    sim.faults.delay(5, count=1)
    sim.faults.throttle(count=1)

    with pytest.raises(botocore.exceptions.ClientError):
        client.get_container_services()

    assert clock.monotonic() == 5


def test_busy_rejects_changes_only(client: LightsailClient, sim: Simulator) -> None:
    create(client)
    sim.faults.busy(count=1)

    assert client.get_container_services()["containerServices"]
    with pytest.raises(client.exceptions.InvalidInputException) as excinfo:
        client.update_container_service(serviceName="web", scale=2)

    assert excinfo.value.response["Error"]["Message"] == (
        'Sorry, container service "web" is busy with another operation. '
        "Please try again in a few minutes."
    )
    assert client.get_container_services()["containerServices"][0]["scale"] == 1


def test_busy_with_custom_message(client: LightsailClient, sim: Simulator) -> None:
    sim.faults.busy("CreateContainerService", message="Please wait for it to complete.")

    with pytest.raises(client.exceptions.InvalidInputException, match="wait for it to complete"):
        create(client)


def test_fault_window(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    sim.faults.throttle(after=60, duration=60)

    client.get_container_services()
    clock.sleep(60)
    with pytest.raises(botocore.exceptions.ClientError):
        client.get_container_services()
    clock.sleep(59)
    with pytest.raises(botocore.exceptions.ClientError):
        client.get_container_services()
    clock.sleep(1)
    client.get_container_services()


def test_certificate_limit_stops_new_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    sim.faults.certificate_limit()

    create(client, "web")
    create(client, "other")
    clock.sleep(10 * 3600)

    services = {
        item["containerServiceName"]: item
        for item in client.get_container_services()["containerServices"]
    }
    assert services["web"]["state"] == "PENDING"
    assert services["web"]["stateDetail"]["code"] == "CERTIFICATE_LIMIT_EXCEEDED"
    assert "maximum number of certificates" in services["web"]["stateDetail"]["message"]
    assert services["other"]["state"] == "READY"


def test_certificate_limit_starts_at_certificate_step(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    sim.faults.certificate_limit("web")
    create(client)

    durations = sim.durations
    clock.sleep(durations.creating_system_resources + durations.creating_network_infrastructure - 1)
    detail = client.get_container_services()["containerServices"][0]["stateDetail"]
    assert detail == {"code": "CREATING_NETWORK_INFRASTRUCTURE"}

    clock.sleep(1)
    detail = client.get_container_services()["containerServices"][0]["stateDetail"]
    assert detail["code"] == "CERTIFICATE_LIMIT_EXCEEDED"


def test_unknown_error_for_named_service(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    sim.faults.unknown_error("broken", message="Internal failure.")

    create(client, "web")
    create(client, "broken")
    clock.sleep(3600)

    services = {
        item["containerServiceName"]: item
        for item in client.get_container_services()["containerServices"]
    }
    assert services["broken"]["state"] == "PENDING"
    assert services["broken"]["stateDetail"] == {
        "code": "UNKNOWN_ERROR",
        "message": "Internal failure.",
    }
    assert services["web"]["state"] == "READY"


def test_unknown_error_service_deletable(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    sim.faults.unknown_error()
    create(client)
    clock.sleep(3600)

    client.delete_container_service(serviceName="web")
    clock.sleep(sim.durations.deleting)

    assert client.get_container_services()["containerServices"] == []


def test_faults_logged_as_warnings(
    client: LightsailClient, sim: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    sim.faults.throttle(count=1)

    with (
        caplog.at_level(logging.WARNING, logger="lightsail_containers.simulator"),
        pytest.raises(botocore.exceptions.ClientError),
    ):
        client.get_container_services()

    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "THROTTLING on GetContainerServices in us-east-1" in warnings[0].getMessage()


def test_remove_and_clear(client: LightsailClient, sim: Simulator) -> None:
    first = sim.faults.throttle()
    second = sim.faults.server_error()

    sim.faults.remove(first)
    assert sim.faults.faults == [second]
    sim.faults.clear()

    assert client.get_container_services()["containerServices"] == []
    assert sim.faults.faults == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"operation": "GetServices"}, "unknown Lightsail operations"),
        ({"count": 0}, "count"),
        ({"after": -1}, "after"),
        ({"duration": 0}, "duration"),
    ],
)
def test_fault_arguments_checked(sim: Simulator, arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sim.faults.throttle(**arguments)


def test_fault_repr_shows_counters(sim: Simulator) -> None:
    fault = sim.faults.throttle("GetContainerServices", count=3)

    assert repr(fault) == (
        "Fault(THROTTLING, operations=['GetContainerServices'], service_name=None, "
        "triggered=0, remaining=3)"
    )
