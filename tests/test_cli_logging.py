"""The package's log records on the command's standard error, and the loggers after main()."""

from __future__ import annotations

import io
import json
import logging
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import PollEvent, Transition
from lightsail_containers._cli import main
from lightsail_containers._cli._logging import show_package_logs
from lightsail_containers._cli._output import Console, Redactor

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from mypy_boto3_lightsail import LightsailClient

    from lightsail_containers.simulator import Simulator
    from lightsail_containers.simulator._faults import FaultInjector
    from lightsail_containers.simulator._server import SimulatorServer

SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for
RETRIES = logging.getLogger("lightsail_containers.retries")
PACKAGE = logging.getLogger("lightsail_containers")
# Longer than the simulator's default provisioning of a new service.
PROVISIONING_SECONDS = 600


class Terminal(io.StringIO):
    """A text stream that reports being a terminal."""

    def isatty(self) -> bool:
        return True


def make_console(*, json_output: bool, stderr: io.StringIO | None = None) -> Console:
    """Create a console on string streams that masks ``SECRET``."""
    return Console(
        io.StringIO(),
        io.StringIO() if stderr is None else stderr,
        json_output=json_output,
        redact=Redactor([SECRET]),
    )


def logger_state(logger: logging.Logger) -> tuple[list[logging.Handler], int, bool]:
    """Return the handlers, level and propagation of a logger."""
    return list(logger.handlers), logger.level, logger.propagate


def stderr_of(console: Console) -> str:
    """Return what was written to the console's standard error."""
    assert isinstance(console.stderr, io.StringIO)
    return console.stderr.getvalue()


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dummy credentials for a command run in this process."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret-key")


@pytest.fixture
def ready_service(lightsail_client: LightsailClient, lightsail_simulator: Simulator) -> str:
    """Create the READY service web and return its name."""
    lightsail_client.create_container_service(serviceName="web", power="nano", scale=1)
    lightsail_simulator.advance(PROVISIONING_SECONDS)
    return "web"


@pytest.fixture
def spec(tmp_path: Path) -> Path:
    """Write a deployment of one public nginx container with SECRET as an environment value."""
    path = tmp_path / "deployment.json"
    container = {"image": "nginx:latest", "ports": {"80": "HTTP"}, "environment": {"T": SECRET}}
    deployment = {
        "containers": {"web": container},
        "publicEndpoint": {"containerName": "web", "containerPort": 80},
    }
    path.write_text(json.dumps(deployment))
    return path


@pytest.fixture
def restored_package_logger() -> Iterator[None]:
    """Restore the package logger's level and propagation that a test changes."""
    level, propagate = PACKAGE.level, PACKAGE.propagate
    yield
    PACKAGE.setLevel(level)
    PACKAGE.propagate = propagate


def test_json_record_is_one_object() -> None:
    """With JSON output a warning is one object with event, level, logger and message."""
    console = make_console(json_output=True)

    with show_package_logs(console):
        RETRIES.warning("Retrying in %.1f s after %s", 1.25, "a throttled call")

    assert json.loads(stderr_of(console)) == {
        "event": "log",
        "level": "WARNING",
        "logger": "lightsail_containers.retries",
        "message": "Retrying in 1.2 s after a throttled call",
    }
    assert stderr_of(console).count("\n") == 1


def test_text_record_is_one_line() -> None:
    """In text mode a warning is one line after the command's name, with line breaks escaped."""
    console = make_console(json_output=False)

    with show_package_logs(console):
        RETRIES.warning("Retrying after %s", "a busy\nservice")
        RETRIES.error("Gave up")

    assert stderr_of(console) == (
        "lightsail-containers: warning: Retrying after a busy\\nservice\n"
        "lightsail-containers: error: Gave up\n"
    )


def test_records_below_warning_hidden() -> None:
    """INFO and DEBUG records of the package are hidden, as the command has no verbose option."""
    console = make_console(json_output=True)

    with show_package_logs(console):
        logging.getLogger("lightsail_containers.waiter").info("Container service web is RUNNING")
        logging.getLogger("lightsail_containers.simulator").debug("created container service web")

    assert stderr_of(console) == ""


def test_botocore_records_hidden() -> None:
    """botocore's records, whose DEBUG level shows request bodies, get no handler."""
    console = make_console(json_output=True)
    botocore = logging.getLogger("botocore")
    before = (logger_state(botocore), logger_state(logging.getLogger()))

    with show_package_logs(console):
        logging.getLogger("botocore.endpoint").warning("a botocore warning")
        during = (logger_state(botocore), logger_state(logging.getLogger()))

    assert during == before
    assert stderr_of(console) == ""


@pytest.mark.parametrize("json_output", [True, False], ids=["json", "text"])
def test_record_secrets_masked(json_output: bool) -> None:  # noqa: FBT001
    """A secret in a message or a traceback is shown as ***."""
    console = make_console(json_output=json_output)

    with show_package_logs(console):
        try:
            raise ValueError(f"rejected {SECRET}")  # noqa: TRY301 - a traceback to log
        except ValueError:
            RETRIES.exception("Call with %s failed", SECRET)

    output = stderr_of(console)
    assert SECRET not in output
    assert "Call with *** failed" in output
    assert "ValueError: rejected ***" in output


def test_json_record_with_traceback() -> None:
    """A record with a traceback keeps one JSON object per line, the traceback in ``exception``."""
    console = make_console(json_output=True)

    with show_package_logs(console):
        try:
            raise ValueError("boom")  # noqa: TRY301 - a traceback to log
        except ValueError:
            RETRIES.exception("Call failed")

    (line,) = stderr_of(console).splitlines()
    record = json.loads(line)
    assert record["message"] == "Call failed"
    assert record["exception"].startswith("Traceback (most recent call last):")
    assert record["exception"].endswith("ValueError: boom")


def test_text_record_with_traceback() -> None:
    """In text mode a record's traceback follows its line, indented."""
    console = make_console(json_output=False)

    with show_package_logs(console):
        try:
            raise ValueError("boom")  # noqa: TRY301 - a traceback to log
        except ValueError:
            RETRIES.exception("Call failed")

    first, *details = stderr_of(console).splitlines()
    assert first == "lightsail-containers: error: Call failed"
    assert details[0] == "  Traceback (most recent call last):"
    assert details[-1] == "  ValueError: boom"


def test_record_above_live_line() -> None:
    """On a terminal a warning erases the live line, and the live line is drawn again below it."""
    console = make_console(json_output=False, stderr=Terminal())
    progress = console.progress()
    progress.on_transition(
        Transition(
            service_name="web",
            state="DEPLOYING",
            state_detail=None,
            deployment_version=2,
            deployment_state="ACTIVATING",
            elapsed_seconds=1.0,
            service=None,
        )
    )
    progress.on_poll(PollEvent("web", 1, 1.0, None, None, None))
    drawn = stderr_of(console)
    live = drawn.rsplit("\r", 1)[1]

    with show_package_logs(console):
        RETRIES.warning("Retrying in 1.0 s")

    added = stderr_of(console)[len(drawn) :]
    erase = "\r" + " " * len(live) + "\r"
    assert live.endswith("elapsed, checking")
    assert added == f"{erase}lightsail-containers: warning: Retrying in 1.0 s\n\r{live}"


@pytest.mark.usefixtures("restored_package_logger")
def test_loggers_restored_after_block() -> None:
    """The package logger gets back its handlers, level and propagation, also after an error."""
    PACKAGE.setLevel(logging.DEBUG)
    before = logger_state(PACKAGE)
    during: list[tuple[list[logging.Handler], int, bool]] = []

    def fail() -> None:
        with show_package_logs(make_console(json_output=True)):
            during.append(logger_state(PACKAGE))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()

    ((handlers, level, propagate),) = during
    assert len(handlers) == len(before[0]) + 1
    assert level == logging.WARNING
    assert propagate is False
    assert logger_state(PACKAGE) == before


def test_main_leaves_no_handler(capsys: pytest.CaptureFixture[str]) -> None:
    """main() removes its handler when a command ends with an error."""
    before = logger_state(PACKAGE)

    status = main(["--region", "us-east-1", "deploy", "web", "--containers", "missing.json"])

    assert status == 2
    assert "cannot read missing.json" in capsys.readouterr().err
    assert logger_state(PACKAGE) == before


@pytest.mark.usefixtures("credentials")
def test_main_json_retry_lines(
    capsys: pytest.CaptureFixture[str],
    lightsail_server: SimulatorServer,
    lightsail_faults: FaultInjector,
    ready_service: str,
    spec: Path,
) -> None:
    """A deploy repeated after a busy service writes only JSON lines and leaves no handler."""
    lightsail_faults.busy("CreateContainerServiceDeployment", count=1)
    before = logger_state(PACKAGE)

    status = main(
        [
            *("--region", "us-east-1", "--endpoint-url", lightsail_server.url),
            *("--output", "json", "deploy", ready_service, "--spec", str(spec)),
        ]
    )

    output = capsys.readouterr()
    assert status == 0, output.err
    records: list[dict[str, Any]] = [json.loads(line) for line in output.err.splitlines()]
    assert {record["event"] for record in records} == {"log"}
    messages = {record["logger"]: record["message"] for record in records}
    # The simulator runs in this process, so its own warning reaches the command's output.
    assert messages["lightsail_containers.simulator"].startswith("injected fault BUSY")
    assert messages["lightsail_containers.retries"].startswith("Retrying in ")
    assert json.loads(output.out)["containerService"]["nextDeployment"]["version"] == 1
    assert SECRET not in output.out + output.err
    assert logger_state(PACKAGE) == before


@pytest.mark.usefixtures("credentials")
def test_main_text_retry_line(
    capsys: pytest.CaptureFixture[str],
    lightsail_server: SimulatorServer,
    lightsail_faults: FaultInjector,
    ready_service: str,
    spec: Path,
) -> None:
    """In text mode the warning of a repeated busy call is a plain line on standard error."""
    lightsail_faults.busy("CreateContainerServiceDeployment", count=1)

    status = main(
        [
            *("--region", "us-east-1", "--endpoint-url", lightsail_server.url),
            *("deploy", ready_service, "--spec", str(spec)),
        ]
    )

    output = capsys.readouterr()
    assert status == 0, output.err
    lines = output.err.splitlines()
    assert any(line.startswith("lightsail-containers: warning: Retrying in ") for line in lines)
    assert all(line.startswith("lightsail-containers: warning: ") for line in lines), lines
    assert output.out == "web: deployment 1 created, DEPLOYING\n"
