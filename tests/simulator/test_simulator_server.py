"""The HTTP server, driven by boto3, by the AWS CLI and as `python -m` from a shell.

Every server binds 127.0.0.1 on a free port and stops at the end of its test.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import selectors
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import botocore.exceptions
import pytest
from botocore.config import Config

from lightsail_containers.simulator import Simulator, VirtualClock
from lightsail_containers.simulator.__main__ import main
from lightsail_containers.simulator._server import SimulatorServer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mypy_boto3_lightsail import LightsailClient

REQUESTS = Path(__file__).parent.parent / "fixtures" / "lightsail" / "requests"
CONTAINERS = REQUESTS / "containers.port-5005.json"
PUBLIC_ENDPOINT = REQUESTS / "public-endpoint.port-5005.json"
# Bounded waits for a server or a CLI process that runs on this machine.
PROCESS_TIMEOUT = 60


@pytest.fixture
def server(sim: Simulator) -> Iterator[SimulatorServer]:
    with SimulatorServer(sim) as running:
        yield running


def remote_client(url: str, region: str = "ca-central-1") -> LightsailClient:
    return boto3.client(
        "lightsail",
        region_name=region,
        endpoint_url=url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 - a dummy for the local server
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def post(url: str, headers: dict[str, str], body: bytes = b"{}") -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310 - a local http URL
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - a local http URL
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_server_serves_boto3_scenario(
    server: SimulatorServer, clock: VirtualClock, sim: Simulator
) -> None:
    client = remote_client(server.url)

    created = client.create_container_service(serviceName="flask-service", power="small", scale=1)
    clock.sleep(sim.durations.provisioning)
    client.create_container_service_deployment(
        serviceName="flask-service",
        containers=json.loads(CONTAINERS.read_text()),
        publicEndpoint=json.loads(PUBLIC_ENDPOINT.read_text()),
    )
    clock.sleep(sim.durations.healthy_deployment)
    running = client.get_container_services(serviceName="flask-service")["containerServices"][0]
    log = client.get_container_log(serviceName="flask-service", containerName="flask")
    client.delete_container_service(serviceName="flask-service")
    clock.sleep(sim.durations.deleting)

    assert created["containerService"]["state"] == "PENDING"
    assert created["containerService"]["location"]["regionName"] == "ca-central-1"
    assert running["state"] == "RUNNING"
    assert running["currentDeployment"]["publicEndpoint"]["containerPort"] == 5005
    assert "Listening on port 5005." in [event["message"] for event in log["logEvents"]]
    assert client.get_container_services()["containerServices"] == []


def test_server_keeps_regions_apart(server: SimulatorServer) -> None:
    west = remote_client(server.url, "eu-west-2")
    east = remote_client(server.url, "us-east-1")

    west.create_container_service(serviceName="web", power="nano", scale=1)

    assert east.get_container_services()["containerServices"] == []
    assert len(west.get_container_services()["containerServices"]) == 1


def test_server_returns_api_errors(server: SimulatorServer) -> None:
    client = remote_client(server.url)

    with pytest.raises(client.exceptions.NotFoundException) as excinfo:
        client.get_container_services(serviceName="absent")

    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_server_rejects_unsigned_request(server: SimulatorServer) -> None:
    status, body = post(server.url, {"X-Amz-Target": "Lightsail_20161128.GetContainerServices"})

    assert status == 400
    assert body == {
        "__type": "MissingAuthenticationTokenException",
        "message": "Missing Authentication Token",
    }


def test_server_rejects_other_signature(server: SimulatorServer) -> None:
    headers = {
        "X-Amz-Target": "Lightsail_20161128.GetContainerServices",
        "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request",
    }

    status, body = post(server.url, headers)

    assert status == 403
    assert body["__type"] == "InvalidSignatureException"


def test_server_rejects_unknown_target(server: SimulatorServer) -> None:
    headers = {
        "X-Amz-Target": "DynamoDB_20120810.ListTables",
        "Authorization": "AWS4-HMAC-SHA256 Credential=a/20260101/us-east-1/lightsail/aws4_request",
    }

    status, body = post(server.url, headers)

    assert status == 400
    assert body["__type"] == "UnknownOperationException"


def test_server_drops_connection_on_fault(server: SimulatorServer, sim: Simulator) -> None:
    sim.faults.drop_connection("GetContainerServices", count=1)
    client = remote_client(server.url)

    with pytest.raises(botocore.exceptions.ConnectionClosedError):
        client.get_container_services()

    assert client.get_container_services()["containerServices"] == []


def test_server_sends_injected_status(server: SimulatorServer, sim: Simulator) -> None:
    sim.faults.server_error(status=503, count=1)
    client = remote_client(server.url)

    with pytest.raises(client.exceptions.ServiceException) as excinfo:
        client.get_container_service_powers()

    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_server_saves_state_file(clock: VirtualClock, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    with SimulatorServer(Simulator(clock=clock), state_file=state) as first:
        remote_client(first.url).create_container_service(serviceName="web", power="nano", scale=1)

    restored = Simulator(clock=clock)
    restored.load_state(state)
    with SimulatorServer(restored) as second:
        services = remote_client(second.url).get_container_services()["containerServices"]

    assert [service["containerServiceName"] for service in services] == ["web"]


def test_server_url_names_loopback(server: SimulatorServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert int(server.url.rpartition(":")[2]) > 0


@pytest.mark.skipif(not socket.has_ipv6, reason="this Python has no IPv6 support")
def test_server_binds_ipv6_loopback(sim: Simulator) -> None:
    try:
        server = SimulatorServer(sim, host="::1")
    except OSError as error:
        pytest.skip(f"the IPv6 loopback address cannot be bound here: {error}")

    with server:
        services = remote_client(server.url).get_container_services()["containerServices"]

    assert server.url.startswith("http://[::1]:")
    assert services == []


def cli_environment(tmp_path: Path) -> dict[str, str]:
    """Return an environment with dummy credentials and empty AWS configuration files."""
    config = tmp_path / "aws-config"
    credentials = tmp_path / "aws-credentials"
    config.write_text("")
    credentials.write_text("")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("AWS")}
    environment.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "ca-central-1",
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return environment


def run_cli(url: str, environment: dict[str, str], *arguments: str) -> Any:
    """Run one `aws lightsail` command of the AWS CLI against `url`; return its JSON output."""
    # `python -m awscli` runs the CLI of this environment. Importing awscli in the test
    # process instead would replace botocore with the copy that awscli ships.
    result = subprocess.run(  # noqa: S603 - runs the installed AWS CLI with fixed arguments
        [sys.executable, "-m", "awscli", "lightsail", *arguments, "--endpoint-url", url],
        capture_output=True,
        text=True,
        env=environment,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout.strip() else None


@pytest.mark.skipif(
    importlib.util.find_spec("awscli") is None, reason="the awscli package is not installed"
)
def test_aws_cli_scenario(
    server: SimulatorServer, clock: VirtualClock, sim: Simulator, tmp_path: Path
) -> None:
    environment = cli_environment(tmp_path)

    created = run_cli(
        server.url,
        environment,
        "create-container-service",
        "--service-name=flask-service",
        "--power=small",
        "--scale=1",
    )
    clock.sleep(sim.durations.provisioning)
    deploying = run_cli(
        server.url,
        environment,
        "create-container-service-deployment",
        "--service-name=flask-service",
        f"--containers=file://{CONTAINERS}",
        f"--public-endpoint=file://{PUBLIC_ENDPOINT}",
    )
    clock.sleep(sim.durations.healthy_deployment)
    services = run_cli(
        server.url, environment, "get-container-services", "--service-name=flask-service"
    )
    log = run_cli(
        server.url,
        environment,
        "get-container-log",
        "--service-name=flask-service",
        "--container-name=flask",
    )
    deleted = run_cli(
        server.url, environment, "delete-container-service", "--service-name=flask-service"
    )

    assert created["containerService"]["state"] == "PENDING"
    assert created["containerService"]["location"]["regionName"] == "ca-central-1"
    assert deploying["containerService"]["nextDeployment"]["containers"] == {
        "flask": {
            "image": ":flask-service.flask-container.1",
            "command": [],
            "environment": {},
            "ports": {"5005": "HTTP"},
        }
    }
    service = services["containerServices"][0]
    assert service["state"] == "RUNNING"
    assert service["currentDeployment"]["state"] == "ACTIVE"
    assert "Listening on port 5005." in [event["message"] for event in log["logEvents"]]
    assert deleted is None
    assert sim.calls == [
        "CreateContainerService",
        "CreateContainerServiceDeployment",
        "GetContainerServices",
        "GetContainerLog",
        "DeleteContainerService",
    ]


def start_module(*arguments: str) -> tuple[subprocess.Popen[str], str]:
    """Start `python -m lightsail_containers.simulator` and return it with its URL."""
    process = subprocess.Popen(  # noqa: S603 - runs this package's own module
        [sys.executable, "-m", "lightsail_containers.simulator", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        ready = selector.select(timeout=PROCESS_TIMEOUT)
    line = process.stdout.readline() if ready else ""
    if not line.startswith("Lightsail container simulator listening on http://127.0.0.1:"):
        process.kill()
        _, errors = process.communicate(timeout=PROCESS_TIMEOUT)
        pytest.fail(f"the server did not start: {line!r} {errors}")
    return process, line.split()[-1]


def stop_module(process: subprocess.Popen[str]) -> str:
    """Stop the server as a service manager does, and return its standard error."""
    process.send_signal(signal.SIGTERM)
    _, errors = process.communicate(timeout=PROCESS_TIMEOUT)
    assert process.returncode == 0, errors
    return errors


def test_module_serves_until_terminated() -> None:
    process, url = start_module("--speed", "600", "--log-level", "DEBUG")
    try:
        client = remote_client(url)
        client.create_container_service(serviceName="web", power="nano", scale=1)
        service = client.get_container_services()["containerServices"][0]
    finally:
        errors = stop_module(process)

    assert service["containerServiceName"] == "web"
    assert "simulator server listening on" in errors
    assert "stopped" in errors
    assert "CreateContainerService in ca-central-1" in errors
    assert "botocore" not in errors


def test_module_state_survives_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"

    process, url = start_module("--state", str(state))
    try:
        remote_client(url).create_container_service(serviceName="web", power="nano", scale=1)
    finally:
        stop_module(process)
    process, url = start_module("--state", str(state))
    try:
        services = remote_client(url).get_container_services()["containerServices"]
    finally:
        stop_module(process)

    assert [service["containerServiceName"] for service in services] == ["web"]
    assert json.loads(state.read_text())["format"] == "lightsail-containers-simulator-state"


@pytest.mark.parametrize("speed", ["0", "-5", "fast", "inf"])
def test_module_rejects_invalid_speed(speed: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["--speed", speed])

    output = capsys.readouterr()
    assert excinfo.value.code == 2
    assert "invalid speed" in output.err
    assert output.out == ""


@pytest.fixture
def package_logger() -> Iterator[logging.Logger]:
    """The package's logger, whose handlers and level `main` changes, restored afterwards."""
    package = logging.getLogger("lightsail_containers")
    handlers = list(package.handlers)
    level = package.level
    yield package
    package.handlers[:] = handlers
    package.setLevel(level)


def test_module_reports_busy_port(
    server: SimulatorServer, caplog: pytest.LogCaptureFixture, package_logger: logging.Logger
) -> None:
    port = server.url.rpartition(":")[2]

    status = main(["--port", port])

    assert status == 1
    assert f"cannot listen on 127.0.0.1 port {port}" in caplog.text
    assert package_logger.level == logging.INFO


@pytest.mark.usefixtures("package_logger")
@pytest.mark.parametrize("content", ["not json", '{"format": "other"}'])
def test_module_reports_invalid_state_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, content: str
) -> None:
    state = tmp_path / "state.json"
    state.write_text(content)

    status = main(["--state", str(state)])

    assert status == 1
    assert f"cannot read the state file {state}" in caplog.text
