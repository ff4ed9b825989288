"""The lightsail-containers command, run as a subprocess against the simulator's HTTP endpoint."""

from __future__ import annotations

import contextlib
import json
import os
import re
import selectors
import signal
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import ContainerServiceClient, PollingPolicy
from lightsail_containers.simulator import (
    AcceleratedClock,
    ContainerBehaviour,
    PhaseDurations,
    Simulator,
)
from lightsail_containers.simulator._server import SimulatorServer

from support import FIXTURES

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from mypy_boto3_lightsail import LightsailClient

# Generous, because a loaded CI machine can take seconds to start Python and boto3.
PROCESS_TIMEOUT = 60
REQUESTS = FIXTURES / "requests"
TUTORIAL_CONTAINERS = REQUESTS / "containers.port-5005.json"
TUTORIAL_ENDPOINT = REQUESTS / "public-endpoint.port-5005.json"
SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for
CRASHING_IMAGE = "nginx:crashing"

# A clock 20 times faster than the wall clock, as `simulate --speed 20` runs, turns the
# minimum of 10 s of health checks into half a second. It starts 10 minutes in the
# past, so that it stays behind the wall clock for the first 30 s of a test. This
# matters because the client fetches the logs of a failed deployment up to the wall
# clock's now, and the simulator must have written them by then.
SPEED = 20
HEAD_START = timedelta(minutes=10)
FAST = PhaseDurations(
    creating_system_resources=1,
    creating_network_infrastructure=1,
    provisioning_certificate=1,
    provisioning_service=1,
    creating_deployment=2,
    evaluating_health_check=2,
    slow_start_health_check=10,
    failed_health_check=20,
    activating_deployment=2,
    updating=4,
    # Long enough for the command to start and see DELETING.
    deleting=40,
)
FAST_POLLING = ("--poll-interval", "0.1s")
PROGRESS_LINE = re.compile(r"^\[ *[0-9hms]+\] [a-z0-9-]+: ")


@pytest.fixture
def simulator() -> Simulator:
    """A simulator on a fast clock with short lifecycle steps."""
    clock = AcceleratedClock(SPEED, start=datetime.now(timezone.utc) - HEAD_START)
    simulator = Simulator(clock=clock, durations=FAST)
    simulator.set_image_behaviour(CRASHING_IMAGE, ContainerBehaviour.CRASHING)
    return simulator


@pytest.fixture
def lightsail(simulator: Simulator) -> LightsailClient:
    """A boto3 client attached to the simulator, to set up services."""
    return simulator.client()


@pytest.fixture
def server(simulator: Simulator) -> Iterator[SimulatorServer]:
    """The simulator served on 127.0.0.1 for the command's --endpoint-url."""
    with SimulatorServer(simulator, host="127.0.0.1", port=0) as running:
        yield running


@pytest.fixture
def environment() -> dict[str, str]:
    """The command's environment: dummy credentials, no AWS profile or config files."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith("AWS")}
    environment.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing-secret-key",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
            "AWS_EC2_METADATA_DISABLED": "true",
        }
    )
    return environment


def command(*arguments: str) -> list[str]:
    """Return the command line that runs the command of this environment."""
    return [sys.executable, "-m", "lightsail_containers", *arguments]


def run(
    environment: dict[str, str], *arguments: str, server: SimulatorServer | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the command to completion, against ``server`` if given."""
    endpoint = ("--endpoint-url", server.url) if server is not None else ()
    return subprocess.run(  # noqa: S603  # runs this package's own command
        command(*endpoint, *arguments),
        capture_output=True,
        text=True,
        env=environment,
        timeout=PROCESS_TIMEOUT,
        check=False,
    )


def create_service(lightsail: LightsailClient, name: str, **deployment: Any) -> None:
    """Create a service; it is READY after FAST's provisioning, a fifth of a second."""
    lightsail.create_container_service(serviceName=name, power="nano", scale=1, **deployment)


def settle(lightsail: LightsailClient, name: str, until: str = "READY") -> None:
    """Wait in this process, polling often, until the service is in state ``until``."""
    client = ContainerServiceClient(lightsail)
    polling = PollingPolicy(
        timeout_seconds=PROCESS_TIMEOUT,
        first_delay_seconds=0.05,
        max_delay_seconds=0.05,
        jitter_seconds=0,
    )
    client.wait_for_service(name, until=until, polling=polling)


def nginx_deployment(image: str = "nginx:latest") -> dict[str, Any]:
    """Return a CreateContainerService deployment of one public container."""
    return {
        "deployment": {
            "containers": {"web": {"image": image, "ports": {"80": "HTTP"}}},
            "publicEndpoint": {"containerName": "web", "containerPort": 80},
        }
    }


def json_lines(text: str) -> list[dict[str, Any]]:
    """Parse every line of ``text`` as one JSON object."""
    return [json.loads(line) for line in text.splitlines()]


def test_status_shows_table(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """status prints a header and one row per service, with state, power and deployments."""
    create_service(lightsail, "api")
    create_service(lightsail, "web", **nginx_deployment())

    result = run(environment, "status", server=server)

    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["NAME", "STATE", "DETAIL", "POWER", "CURRENT", "NEXT", "URL"]
    assert [row.split()[0] for row in rows] == ["api", "web"]
    assert "nano x 1" in rows[0]
    assert "1 ACTIVATING" in rows[1]
    assert result.stderr == ""


def test_status_json_output(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """status --output json prints one object with a summary of each service."""
    create_service(lightsail, "web")

    result = run(environment, "status", "--output", "json", server=server)

    assert result.returncode == 0, result.stderr
    (document,) = json_lines(result.stdout)
    (service,) = document["containerServices"]
    assert service["containerServiceName"] == "web"
    assert service["power"] == "nano"
    assert service["scale"] == 1
    assert service["url"].startswith("https://web.")
    assert set(service) >= {"state", "stateDetail", "currentDeployment", "nextDeployment"}


def test_status_reports_missing_service(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """status NAME shows the services found, reports the missing one and exits 1."""
    create_service(lightsail, "web")

    result = run(environment, "status", "web", "nope", server=server)

    assert result.returncode == 1
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["NAME", "web"]
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("lightsail-containers: error: GetContainerServices failed")
    assert "nope" in result.stderr


def test_status_without_services(server: SimulatorServer, environment: dict[str, str]) -> None:
    """status reports on standard error that the Region has no services, and exits 0."""
    result = run(environment, "status", server=server)

    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == "No container services in us-east-1.\n"


def test_deploy_tutorial_files_until_active(
    server: SimulatorServer,
    lightsail: LightsailClient,
    simulator: Simulator,
    environment: dict[str, str],
) -> None:
    """deploy --wait with the tutorial's files prints each transition, then the URL."""
    create_service(lightsail, "flask-service")

    result = run(
        environment,
        "deploy",
        "flask-service",
        "--containers",
        str(TUTORIAL_CONTAINERS),
        "--public-endpoint",
        f"file://{TUTORIAL_ENDPOINT}",
        "--wait",
        *FAST_POLLING,
        server=server,
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(
        r"flask-service: deployment 1 is ACTIVE at https://flask-service\.\S+/\n", result.stdout
    )
    lines = result.stderr.splitlines()
    assert lines[0] == "flask-service: deployment 1 created"
    assert all(PROGRESS_LINE.match(line) for line in lines[1:]), lines
    assert "\r" not in result.stderr
    assert "DEPLOYING (EVALUATING_HEALTH_CHECK), deployment 1 ACTIVATING" in result.stderr
    assert lines[-1].endswith("flask-service: RUNNING, deployment 1 ACTIVE")
    deployment = simulator.deployments("flask-service")[0]
    assert deployment["containers"]["flask"]["ports"] == {"5005": "HTTP"}


def test_deploy_spec_without_wait(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """deploy --spec reads a --cli-input-json file and returns once the deployment exists."""
    create_service(lightsail, "demo-signup")
    spec = REQUESTS / "create-container-service-deployment.latest-label.json"

    result = run(environment, "deploy", "demo-signup", "--spec", str(spec), server=server)

    assert result.returncode == 0, result.stderr
    assert result.stdout == "demo-signup: deployment 1 created, DEPLOYING\n"


def test_deploy_json_output(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """deploy --output json writes one JSON object per transition, then the service."""
    create_service(lightsail, "flask-service")

    result = run(
        environment,
        "--output",
        "json",
        "deploy",
        "flask-service",
        "--containers",
        str(TUTORIAL_CONTAINERS),
        "--public-endpoint",
        str(TUTORIAL_ENDPOINT),
        "--wait",
        *FAST_POLLING,
        server=server,
    )

    assert result.returncode == 0, result.stderr
    events = json_lines(result.stderr)
    assert {event["event"] for event in events} == {"transition"}
    assert events[-1]["state"] == "RUNNING"
    assert events[-1]["deploymentVersion"] == 1
    assert events[-1]["deploymentState"] == "ACTIVE"
    assert any(
        event["stateDetail"] == {"code": "EVALUATING_HEALTH_CHECK", "message": None}
        for event in events
    )
    (document,) = json_lines(result.stdout)
    assert document["containerService"]["currentDeployment"]["state"] == "ACTIVE"


def test_deploy_invalid_spec_exits_2(
    server: SimulatorServer,
    lightsail: LightsailClient,
    simulator: Simulator,
    environment: dict[str, str],
    tmp_path: Path,
) -> None:
    """An invalid containers file lists every problem, sends nothing and exits 2."""
    create_service(lightsail, "web")
    containers = tmp_path / "containers.json"
    containers.write_text(
        json.dumps({"web": {"image": "", "ports": {"99999": "HTTP"}, "environment": {"TOKEN": 1}}})
    )

    result = run(environment, "deploy", "web", "--containers", str(containers), server=server)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "lightsail-containers: error: the request is invalid (3 problems):"
    assert any("web.ports.99999" in line for line in lines[1:])
    assert any("web.image" in line for line in lines[1:])
    assert any("web.environment.TOKEN" in line for line in lines[1:])
    assert "CreateContainerServiceDeployment" not in simulator.calls


def test_deploy_spec_for_other_service(
    server: SimulatorServer, simulator: Simulator, environment: dict[str, str]
) -> None:
    """A --spec file whose serviceName differs from NAME is rejected with exit 2."""
    spec = REQUESTS / "create-container-service-deployment.latest-label.json"

    result = run(environment, "deploy", "web", "--spec", str(spec), server=server)

    assert result.returncode == 2
    assert "serviceName: 'demo-signup' names another service than 'web'" in result.stderr
    assert simulator.calls == []


def test_deploy_failure_prints_logs(
    server: SimulatorServer,
    lightsail: LightsailClient,
    environment: dict[str, str],
    tmp_path: Path,
) -> None:
    """A failed deployment exits 1 with the reason and the container's newest log lines."""
    create_service(lightsail, "web")
    spec = tmp_path / "deployment.json"
    spec.write_text(json.dumps(nginx_deployment(CRASHING_IMAGE)["deployment"]))

    result = run(
        environment, "deploy", "web", "--spec", str(spec), "--wait", *FAST_POLLING, server=server
    )

    assert result.returncode == 1
    assert result.stdout == ""
    error = result.stderr.split("lightsail-containers: error: ", 1)[1]
    assert error.startswith("Container service web cannot reach deployment 1 ACTIVE")
    assert "Newest log lines of container web:" in error
    assert "exited with code 1" in error


def test_deploy_failure_json_logs(
    server: SimulatorServer,
    lightsail: LightsailClient,
    environment: dict[str, str],
    tmp_path: Path,
) -> None:
    """With --output json the failure is one JSON object that carries the log lines."""
    create_service(lightsail, "web")
    spec = tmp_path / "deployment.json"
    spec.write_text(json.dumps(nginx_deployment(CRASHING_IMAGE)["deployment"]))

    result = run(
        environment,
        "deploy",
        "web",
        "--spec",
        str(spec),
        "--wait",
        "--output",
        "json",
        *FAST_POLLING,
        server=server,
    )

    assert result.returncode == 1
    *transitions, failure = json_lines(result.stderr)
    assert {event["event"] for event in transitions} == {"transition"}
    assert failure["event"] == "error"
    assert failure["errorType"] == "DeploymentFailedError"
    assert failure["exitCode"] == 1
    assert failure["version"] == 1
    messages = [line["message"] for line in failure["logs"]["web"]]
    assert any("exited with code 1" in message for message in messages)


def test_deploy_hides_environment_values(
    server: SimulatorServer, environment: dict[str, str], tmp_path: Path
) -> None:
    """No output of a failing deploy shows an environment value of the spec."""
    spec = tmp_path / "deployment.json"
    deployment = nginx_deployment()["deployment"]
    deployment["containers"]["web"]["environment"] = {"TOKEN": SECRET}
    spec.write_text(json.dumps(deployment))

    outputs = [
        run(environment, "deploy", "missing", "--spec", str(spec), *options, server=server)
        for options in [(), ("--output", "json")]
    ]

    for result in outputs:
        assert result.returncode == 1
        assert "NotFoundException" in result.stderr
        assert SECRET not in result.stdout + result.stderr


def test_deploy_json_retry_warning(
    server: SimulatorServer,
    lightsail: LightsailClient,
    simulator: Simulator,
    environment: dict[str, str],
) -> None:
    """With --output json, the warning of a throttled call that is repeated is a JSON line."""
    create_service(lightsail, "demo-signup")
    settle(lightsail, "demo-signup")
    simulator.faults.throttle("CreateContainerServiceDeployment", count=1)
    # botocore would repeat the throttled call itself, without a warning.
    environment["AWS_MAX_ATTEMPTS"] = "1"
    spec = REQUESTS / "create-container-service-deployment.latest-label.json"

    result = run(
        environment, "--output", "json", "deploy", "demo-signup", "--spec", str(spec), server=server
    )

    assert result.returncode == 0, result.stderr
    (warning,) = json_lines(result.stderr)
    assert warning["event"] == "log"
    assert warning["level"] == "WARNING"
    assert warning["logger"] == "lightsail_containers.retries"
    assert warning["message"].startswith("Retrying in ")
    assert "CreateContainerServiceDeployment failed with ThrottlingException" in warning["message"]
    (document,) = json_lines(result.stdout)
    assert document["containerService"]["nextDeployment"]["version"] == 1


@pytest.mark.parametrize("output", ["text", "json"])
def test_deploy_busy_warning_masks_secrets(
    server: SimulatorServer,
    simulator: Simulator,
    environment: dict[str, str],
    tmp_path: Path,
    output: str,
) -> None:
    """The warning of a repeated busy call shows *** in place of the spec's environment values."""
    lightsail = simulator.client()
    create_service(lightsail, "web")
    settle(lightsail, "web")
    message = f"Sorry, the service that has {SECRET} is busy. Please try again in a few minutes."
    simulator.faults.busy("CreateContainerServiceDeployment", count=1, message=message)
    spec = tmp_path / "deployment.json"
    deployment = nginx_deployment()["deployment"]
    deployment["containers"]["web"]["environment"] = {"TOKEN": SECRET}
    spec.write_text(json.dumps(deployment))

    result = run(
        environment, "--output", output, "deploy", "web", "--spec", str(spec), server=server
    )

    assert result.returncode == 0, result.stderr
    assert SECRET not in result.stdout + result.stderr
    (line,) = result.stderr.splitlines()
    if output == "json":
        line = json.loads(line)["message"]
    else:
        assert line.startswith("lightsail-containers: warning: Retrying in ")
    assert "failed with InvalidInputException: Sorry, the service that has *** is busy." in line


def test_wait_service_until_running(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """wait service --until running returns once the first deployment is active."""
    create_service(lightsail, "web", **nginx_deployment())

    result = run(
        environment, "wait", "service", "web", "--until", "running", *FAST_POLLING, server=server
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("web: RUNNING, deployment 1 ACTIVE at https://web.")
    assert result.stderr.splitlines()[-1].endswith("web: RUNNING, deployment 1 ACTIVE")


def test_wait_service_until_deleted(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """wait service --until deleted returns once the service no longer exists."""
    create_service(lightsail, "web")
    settle(lightsail, "web")
    lightsail.delete_container_service(serviceName="web")

    result = run(
        environment, "wait", "service", "web", "--until", "deleted", *FAST_POLLING, server=server
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout == "web: deleted\n"
    assert "web: DELETING" in result.stderr


@pytest.mark.parametrize(
    "code", ["CERTIFICATE_LIMIT_EXCEEDED", "UNKNOWN_ERROR"], ids=["certificate-limit", "unknown"]
)
def test_wait_service_terminal_code_exits_1(
    server: SimulatorServer, simulator: Simulator, environment: dict[str, str], code: str
) -> None:
    """A terminal stateDetail code ends the wait at once with exit 1 and names the code."""
    create_service(simulator.client(), "web")
    simulator.inject_state_detail("web", code)

    result = run(environment, "wait", "service", "web", "--timeout", "30s", server=server)

    assert result.returncode == 1
    assert code in result.stderr.splitlines()[-1]


def test_wait_service_disabled_exits_1(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """Waiting for RUNNING on a disabled service ends at once with exit 1."""
    create_service(lightsail, "web")
    settle(lightsail, "web")
    lightsail.update_container_service(serviceName="web", isDisabled=True)
    settle(lightsail, "web", "DISABLED")

    result = run(
        environment,
        "wait",
        "service",
        "web",
        "--until",
        "running",
        "--timeout",
        "30s",
        server=server,
    )

    assert result.returncode == 1
    assert "it is disabled" in result.stderr.splitlines()[-1]


def test_wait_service_times_out_exits_3(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """A wait for a state that does not come ends after --timeout with exit 3."""
    create_service(lightsail, "web")

    result = run(
        environment,
        "wait",
        "service",
        "web",
        "--until",
        "running",
        "--timeout",
        "1s",
        "--poll-interval",
        "0.3s",
        server=server,
    )

    assert result.returncode == 3
    assert "Timed out after" in result.stderr
    assert "Pass a longer --timeout (now 1 s)" in result.stderr


def test_wait_deployment_by_version(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """wait deployment --version N returns when that version is the active one."""
    create_service(lightsail, "web", **nginx_deployment())

    result = run(
        environment, "wait", "deployment", "web", "--version", "1", *FAST_POLLING, server=server
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("web: deployment 1 is ACTIVE at https://web.")


def test_wait_deployment_replaced_exits_1(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """Waiting for a deployment that a newer one replaced exits 1 and names the newer one."""
    create_service(lightsail, "web", **nginx_deployment())
    settle(lightsail, "web", "RUNNING")
    lightsail.create_container_service_deployment(
        serviceName="web", **nginx_deployment()["deployment"]
    )
    settle(lightsail, "web", "RUNNING")

    result = run(environment, "wait", "deployment", "web", "--version", "1", server=server)

    assert result.returncode == 1
    assert "replaced by deployment 2" in result.stderr


def test_logs_prints_lines(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """logs prints the container's lines, oldest first, each with its time."""
    create_service(lightsail, "web", **nginx_deployment())
    settle(lightsail, "web", "RUNNING")

    result = run(environment, "logs", "web", "web", "--since", "1h", server=server)

    assert result.returncode == 0, result.stderr
    times = [datetime.fromisoformat(line.split()[0]) for line in result.stdout.splitlines()]
    assert times
    assert times == sorted(times)
    assert "Listening on port 80." in result.stdout


def test_logs_missing_container_exits_1(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """logs of a container that never ran prints AWS's error on one line and exits 1."""
    create_service(lightsail, "web")

    result = run(environment, "logs", "web", "db", server=server)

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "GetContainerLog failed" in result.stderr


@contextlib.contextmanager
def started(environment: dict[str, str], *arguments: str) -> Iterator[subprocess.Popen[str]]:
    """Start the command without waiting for it, and kill it if it still runs at the end."""
    process = subprocess.Popen(  # noqa: S603  # runs this package's own command
        command(*arguments),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    with process:
        try:
            yield process
        finally:
            process.kill()


def read_line(stream: Any) -> str:
    """Read one line from a pipe, or fail after PROCESS_TIMEOUT."""
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout=PROCESS_TIMEOUT):
            pytest.fail("the command wrote no line in time")

    line: str = stream.readline()
    return line


def interrupt(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Send SIGINT as Ctrl-C does, and return the rest of the output."""
    process.send_signal(signal.SIGINT)
    return process.communicate(timeout=PROCESS_TIMEOUT)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGINT to send")
def test_wait_interrupted_exits_130(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """Ctrl-C during a wait stops it with exit 130 and no traceback."""
    create_service(lightsail, "web")
    arguments = ("--endpoint-url", server.url, "wait", "service", "web", "--until", "running")

    with started(environment, *arguments) as process:
        first = read_line(process.stderr)
        _, errors = interrupt(process)

    assert PROGRESS_LINE.match(first)
    assert process.returncode == 130
    assert errors == "lightsail-containers: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGINT to send")
def test_logs_follow_prints_new_lines(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """logs --follow prints lines written after it started, once each, until Ctrl-C."""
    create_service(lightsail, "web", **nginx_deployment())
    settle(lightsail, "web", "RUNNING")
    arguments = ("--endpoint-url", server.url, "logs", "web", "web", "--follow", *FAST_POLLING)

    with started(environment, *arguments) as process:
        lines = [read_line(process.stdout)]
        deployment = nginx_deployment()["deployment"]
        lightsail.create_container_service_deployment(serviceName="web", **deployment)
        while "[deployment:2]" not in lines[-1]:
            lines.append(read_line(process.stdout))
        output, errors = interrupt(process)

    lines += output.splitlines(keepends=True)
    assert "[deployment:1]" in lines[0]
    assert len(lines) == len(set(lines))
    assert process.returncode == 130
    assert errors == "lightsail-containers: interrupted\n"


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals need a POSIX system")
def test_live_line_on_terminal(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """On a terminal the progress is a live line redrawn with carriage returns."""
    import pty  # noqa: PLC0415  # POSIX only

    create_service(lightsail, "web")
    primary, secondary = pty.openpty()
    arguments = ("wait", "service", "web", "--until", "running", "--timeout", "2.5s")
    process = subprocess.Popen(  # noqa: S603  # runs this package's own command
        command("--endpoint-url", server.url, *arguments, "--poll-interval", "1s"),
        stdout=subprocess.PIPE,
        stderr=secondary,
        text=True,
        env=environment,
    )
    os.close(secondary)
    terminal = read_terminal(primary)
    process.communicate(timeout=PROCESS_TIMEOUT)

    assert process.returncode == 3
    assert re.search(r"\rweb: READY  \d+s elapsed, next poll in \ds", terminal)
    assert "\r\n" in terminal.split("web: READY  ", 1)[0]
    assert (
        terminal.rstrip()
        .splitlines()[-1]
        .lstrip("\r ")
        .startswith("lightsail-containers: error: Timed out")
    )


def read_terminal(primary: int) -> str:
    """Read everything written to a pseudo-terminal until its last writer closes it."""
    chunks = []
    while True:
        with selectors.DefaultSelector() as selector:
            selector.register(primary, selectors.EVENT_READ)
            if not selector.select(timeout=PROCESS_TIMEOUT):
                pytest.fail("the command wrote nothing to the terminal in time")
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # Linux reports the closed terminal as EIO
            break
        if not chunk:
            break
        chunks.append(chunk)

    os.close(primary)
    return b"".join(chunks).decode()


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (("--profile", "missing-profile", "status"), "could not be found; check --profile"),
        (("wait", "service", "web", "--timeout", "5 minutes"), "invalid duration '5 minutes'"),
    ],
    ids=["profile", "duration"],
)
def test_usage_errors_exit_2(
    server: SimulatorServer,
    environment: dict[str, str],
    arguments: tuple[str, ...],
    expected: str,
) -> None:
    """An unknown profile or an invalid option value exits 2 with the error on the last line."""
    result = run(environment, *arguments, server=server)

    assert result.returncode == 2
    assert expected in result.stderr.splitlines()[-1]
    assert "Traceback" not in result.stderr


def test_options_after_command(
    server: SimulatorServer, lightsail: LightsailClient, environment: dict[str, str]
) -> None:
    """The AWS options work after the command too, as with the AWS CLI."""
    create_service(lightsail, "web")
    del environment["AWS_DEFAULT_REGION"]

    result = run(environment, "status", "--region", "us-east-1", "--output", "json", server=server)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["containerServices"][0]["containerServiceName"] == "web"


def test_missing_credentials_exit_2(server: SimulatorServer, environment: dict[str, str]) -> None:
    """Without credentials the command explains how to set them, and exits 2."""
    del environment["AWS_ACCESS_KEY_ID"]
    del environment["AWS_SECRET_ACCESS_KEY"]

    result = run(environment, "status", server=server)

    assert result.returncode == 2
    assert "Unable to locate credentials" in result.stderr
    assert "AWS_ACCESS_KEY_ID" in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no SIGTERM to send")
def test_simulate_serves_simulator(environment: dict[str, str]) -> None:
    """simulate serves the simulator on 127.0.0.1, and the other commands can use it."""
    with started(environment, "simulate", "--port", "0", "--speed", "600") as process:
        banner = read_line(process.stdout)
        url = banner.split()[-1]
        listed = run(environment, "--endpoint-url", url, "status")
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=PROCESS_TIMEOUT)

    assert banner.startswith("Lightsail container simulator listening on http://127.0.0.1:")
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == "No container services in us-east-1.\n"
    assert process.returncode == 0
