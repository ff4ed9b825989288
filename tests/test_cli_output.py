"""The command's progress lines, live line, JSON events, redaction and exit statuses."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError, NoCredentialsError, NoRegionError

from lightsail_containers import (
    ContainerLogEvent,
    DeploymentFailedError,
    InvalidInputError,
    LightsailContainersError,
    NotFoundError,
    PollEvent,
    Problem,
    StateDetail,
    TargetUnreachableError,
    TerminalStateDetailError,
    Transition,
    TransportError,
    ValidationError,
    WaitTimeoutError,
)
from lightsail_containers._cli._failures import exit_code, report
from lightsail_containers._cli._output import (
    Console,
    Progress,
    ProgressStyle,
    Redactor,
    format_elapsed,
    service_json,
)
from lightsail_containers._converter import structure_service

from support import load_json, service_dict

SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for


class FakeTime:
    """A clock and sleep for the progress display: sleeping moves the clock."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def transition(
    elapsed: float = 65.0,
    detail: StateDetail | None = None,
    state: str = "DEPLOYING",
) -> Transition:
    """Build a transition of service web, deployment 2."""
    return Transition(
        service_name="web",
        state=state,
        state_detail=detail,
        deployment_version=2,
        deployment_state="ACTIVATING",
        elapsed_seconds=elapsed,
        service=None,
    )


def poll(
    elapsed: float = 65.0,
    delay: float | None = 10.0,
    error: LightsailContainersError | None = None,
) -> PollEvent:
    """Build the poll event of a status call of service web."""
    return PollEvent("web", 7, elapsed, None, error, delay)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0s"), (5.9, "5s"), (60, "1m00s"), (65, "1m05s"), (3725, "1h02m05s"), (-1, "0s")],
    ids=["zero", "fraction", "minute", "minutes", "hours", "negative"],
)
def test_elapsed_format(seconds: float, text: str) -> None:
    """Durations show as seconds, minutes and seconds, or hours, minutes and seconds."""
    assert format_elapsed(seconds) == text


def test_lines_progress_one_line_per_transition() -> None:
    """Off a terminal each transition is one line with its time, and polls write nothing."""
    stream = io.StringIO()
    progress = Progress(stream, ProgressStyle.LINES)
    detail = StateDetail("EVALUATING_HEALTH_CHECK", "Checking\nhealth")

    progress.on_transition(transition(5, detail))
    progress.on_poll(poll())
    progress.on_transition(transition(65, state="RUNNING"))
    progress.close()

    assert stream.getvalue() == (
        "[      5s] web: DEPLOYING (EVALUATING_HEALTH_CHECK), deployment 2 ACTIVATING"
        " - Checking\\nhealth\n"
        "[   1m05s] web: RUNNING, deployment 2 ACTIVATING\n"
    )


def test_lines_progress_reports_retries() -> None:
    """A status call that failed and will be retried is reported on one line."""
    stream = io.StringIO()
    progress = Progress(stream, ProgressStyle.LINES)
    error = TransportError("GetContainerServices", "connection reset\nmore details")

    progress.on_poll(poll(12, 9.2, error))

    assert stream.getvalue() == (
        "[     12s] web: status call failed, retrying in 10s: GetContainerServices failed "
        "before AWS answered: connection reset\n"
    )


def test_json_progress_objects() -> None:
    """With JSON output each transition and each retry is one JSON object on a line."""
    stream = io.StringIO()
    progress = Progress(stream, ProgressStyle.JSON)

    progress.on_transition(transition(5.25, StateDetail("CREATING_DEPLOYMENT")))
    progress.on_poll(poll())
    progress.on_poll(poll(6, 10, TransportError("GetContainerServices", "reset")))

    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first == {
        "event": "transition",
        "service": "web",
        "state": "DEPLOYING",
        "stateDetail": {"code": "CREATING_DEPLOYMENT", "message": None},
        "deploymentVersion": 2,
        "deploymentState": "ACTIVATING",
        "elapsedSeconds": 5.25,
    }
    assert second["event"] == "retry"
    assert second["attempt"] == 7
    assert second["nextDelaySeconds"] == 10
    assert second["error"] == "GetContainerServices failed before AWS answered: reset"


def test_live_line_counts_down() -> None:
    """On a terminal the live line shows the elapsed time and the countdown to the next poll."""
    stream = io.StringIO()
    time = FakeTime()
    progress = Progress(stream, ProgressStyle.LIVE, clock=time.clock, sleep=time.sleep)

    progress.on_transition(transition(65))
    progress.on_poll(poll(65, 2.5))
    progress.sleep(2.5)

    status = "web: DEPLOYING, deployment 2 ACTIVATING"
    frames = stream.getvalue().split("\r")
    assert frames[0] == f"[   1m05s] {status}\n"
    assert frames[1:] == [
        f"{status}  1m05s elapsed, next poll in 3s",
        f"{status}  1m06s elapsed, next poll in 2s",
        f"{status}  1m07s elapsed, next poll in 1s",
        f"{status}  1m07s elapsed, next poll in 0s",
    ]
    assert time.sleeps == [1.0, 1.0, 0.5]


def test_live_line_erased_before_lines() -> None:
    """A transition or the end of the wait erases the live line before writing."""
    stream = io.StringIO()
    progress = Progress(stream, ProgressStyle.LIVE, clock=FakeTime().clock)
    progress.on_transition(transition(1))
    progress.on_poll(poll(1, None))
    drawn = stream.getvalue()

    progress.on_transition(transition(2, state="RUNNING"))
    progress.close()

    added = stream.getvalue()[len(drawn) :]
    line = drawn.rsplit("\r", 1)[1]
    assert line.endswith("1s elapsed, checking")
    assert added == "\r" + " " * len(line) + "\r[      2s] web: RUNNING, deployment 2 ACTIVATING\n"


def test_live_line_fits_terminal() -> None:
    """The live line is cut to the terminal's width, so a carriage return reaches its start."""
    stream = io.StringIO()
    progress = Progress(stream, ProgressStyle.LIVE, clock=FakeTime().clock)
    long_detail = StateDetail("UNKNOWN_ERROR", "x" * 300)

    progress.on_transition(transition(1, long_detail))
    progress.on_poll(poll(1))

    assert len(stream.getvalue().rsplit("\r", 1)[1]) == 79


def test_sleep_off_terminal_is_one_call() -> None:
    """Off a terminal the progress sleeps in one call, without redrawing."""
    time = FakeTime()
    stream = io.StringIO()
    progress = Progress(stream, ProgressStyle.LINES, clock=time.clock, sleep=time.sleep)
    progress.on_poll(poll())

    progress.sleep(9.5)

    assert time.sleeps == [9.5]
    assert stream.getvalue() == ""


class Terminal(io.StringIO):
    """A text stream that reports being a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("stderr", "json_output", "style"),
    [
        (Terminal(), False, ProgressStyle.LIVE),
        (io.StringIO(), False, ProgressStyle.LINES),
        (Terminal(), True, ProgressStyle.JSON),
    ],
    ids=["terminal", "pipe", "json"],
)
def test_progress_style(stderr: io.StringIO, json_output: bool, style: ProgressStyle) -> None:  # noqa: FBT001
    """The live line needs a terminal, and JSON output replaces both text styles."""
    console = Console(io.StringIO(), stderr, json_output=json_output, redact=Redactor())

    assert console.progress_style() is style


def test_redactor_replaces_secrets() -> None:
    """Known secrets, longest first, and AWS access key ids become ***, but short values stay."""
    redact = Redactor(["abc", SECRET, SECRET + "-longer"])

    text = redact(f"{SECRET}-longer and {SECRET}, key AKIAIOSFODNN7EXAMPLE, abc")

    assert text == "*** and ***, key ***, abc"


def test_redactor_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The credentials in the environment are redacted."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", "session-token-value")

    redact = Redactor.from_environment()

    assert redact(f"signature of {SECRET} with session-token-value") == "signature of *** with ***"


def console() -> tuple[Console, io.StringIO, io.StringIO]:
    """Return a text console on two string streams, and the streams."""
    stdout, stderr = io.StringIO(), io.StringIO()
    return Console(stdout, stderr, json_output=False, redact=Redactor([SECRET])), stdout, stderr


def test_error_text_redacted() -> None:
    """An error is one line with the program's name, indented details, and no secret."""
    text_console, stdout, stderr = console()

    text_console.error(f"failed with {SECRET}", ["first detail", f"then {SECRET}"])

    assert stdout.getvalue() == ""
    assert stderr.getvalue() == (
        "lightsail-containers: error: failed with ***\n  first detail\n  then ***\n"
    )


def test_error_json_redacted() -> None:
    """With JSON output an error is one JSON object with its data, and no secret."""
    stderr = io.StringIO()
    json_console = Console(io.StringIO(), stderr, json_output=True, redact=Redactor([SECRET]))

    json_console.error(f"failed with {SECRET}", ["detail"], {"exitCode": 1, "extra": SECRET})

    assert json.loads(stderr.getvalue()) == {
        "event": "error",
        "message": "failed with ***",
        "exitCode": 1,
        "extra": "***",
    }


def test_log_event_text_and_json() -> None:
    """A log line is its time and message, or a JSON object naming service and container."""
    event = ContainerLogEvent(datetime(2026, 1, 1, tzinfo=timezone.utc), "Listening on port 80.")
    text_console, text_out, _ = console()
    json_out = io.StringIO()
    json_console = Console(json_out, io.StringIO(), json_output=True, redact=Redactor())

    text_console.log_event("web", "app", event)
    json_console.log_event("web", "app", event)

    assert text_out.getvalue() == "2026-01-01T00:00:00+00:00 Listening on port 80.\n"
    assert json.loads(json_out.getvalue()) == {
        "serviceName": "web",
        "containerName": "app",
        "createdAt": "2026-01-01T00:00:00+00:00",
        "message": "Listening on port 80.",
    }


def test_service_json_leaves_out_containers() -> None:
    """The JSON summary of a service has no containers, so no environment value."""
    document = load_json("responses/get-container-services.running.five-containers.2026.json")
    service = structure_service(document["containerServices"][0])

    data = service_json(service)

    assert data["currentDeployment"] == {
        "version": 10,
        "state": "ACTIVE",
        "createdAt": service.current_deployment.created_at if service.current_deployment else None,
    }
    assert "GEMINI_API_KEY" not in json.dumps(data, default=str)
    assert set(data) == {
        "containerServiceName",
        "state",
        "stateDetail",
        "power",
        "scale",
        "isDisabled",
        "currentDeployment",
        "nextDeployment",
        "url",
    }


def wait_context() -> dict[str, Any]:
    """Return the keyword arguments that every WaitError takes."""
    return {"service_name": "web", "last": None, "attempts": 3, "elapsed_seconds": 12.0}


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (ValidationError([Problem("containers.web.image", "", "is blank")]), 2),
        (WaitTimeoutError("timed out", **wait_context()), 3),
        (DeploymentFailedError("failed", version=2, **wait_context()), 1),
        (
            TerminalStateDetailError(
                "terminal",
                state_detail=StateDetail("UNKNOWN_ERROR"),
                **wait_context(),
            ),
            1,
        ),
        (TargetUnreachableError("disabled", **wait_context()), 1),
        (NotFoundError("GetContainerServices", "NotFoundException", "missing", "id"), 1),
        (
            InvalidInputError(
                "CreateContainerServiceDeployment", "InvalidInputException", "busy", None
            ),
            1,
        ),
        (TransportError("GetContainerServices", "connection reset"), 1),
        (NoRegionError(), 2),
        (ValueError("version: 0 is not a deployment version"), 2),
        (FileNotFoundError(2, "No such file or directory", "spec.json"), 2),
    ],
    ids=[
        "validation",
        "timeout",
        "deployment-failed",
        "terminal-code",
        "unreachable",
        "not-found",
        "invalid-input",
        "connection",
        "no-region",
        "value",
        "file",
    ],
)
def test_exit_code_of_error(error: BaseException, code: int) -> None:
    """Local problems exit 2, AWS failures and failed waits 1, and timeouts 3."""
    assert exit_code(error) == code


def test_missing_credentials_exit_2() -> None:
    """Missing credentials are a configuration error, so they exit 2 like usage errors."""
    missing = TransportError("GetContainerServices", "Unable to locate credentials")
    missing.__cause__ = NoCredentialsError()
    connection = TransportError("GetContainerServices", "reset")
    connection.__cause__ = EndpointConnectionError(endpoint_url="http://127.0.0.1:1")

    assert exit_code(missing) == 2
    assert exit_code(connection) == 1


def test_report_failed_deployment_logs() -> None:
    """A failed deployment is reported with the newest log lines of each container."""
    text_console, _, stderr = console()
    error = DeploymentFailedError("Deployment 2 failed", version=2, **wait_context())
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    error.attach_logs(
        {"app": (ContainerLogEvent(moment, "Exited with code 1"),), "sidecar": ()}, None
    )

    code = report(text_console, error)

    assert code == 1
    assert stderr.getvalue() == (
        "lightsail-containers: error: Deployment 2 failed\n"
        "  Newest log lines of container app:\n"
        "    2026-01-01T00:00:00+00:00 Exited with code 1\n"
        "  Newest log lines of container sidecar:\n"
        "    (no log lines)\n"
    )


def test_report_logs_unavailable() -> None:
    """When the logs could not be fetched, the report gives the reason."""
    text_console, _, stderr = console()
    error = DeploymentFailedError("Deployment 2 failed", version=2, **wait_context())
    error.attach_logs(None, "GetContainerLog failed with AccessDeniedException")

    report(text_console, error)

    assert stderr.getvalue().splitlines()[1] == (
        "  Container logs are unavailable: GetContainerLog failed with AccessDeniedException"
    )


def test_report_service_error_one_line() -> None:
    """An AWS error is reported on its first line only, as AWS may add details below."""
    text_console, _, stderr = console()
    error = NotFoundError("GetContainerServices", "NotFoundException", "missing\ndetails", "id-1")

    report(text_console, error)

    assert stderr.getvalue() == (
        "lightsail-containers: error: GetContainerServices failed with NotFoundException: missing\n"
    )


def test_report_terminal_code_json() -> None:
    """With JSON output a terminal stateDetail error carries the code and the last snapshot."""
    stderr = io.StringIO()
    json_console = Console(io.StringIO(), stderr, json_output=True, redact=Redactor())
    context = {**wait_context(), "last": structure_service(service_dict(state="PENDING"))}
    error = TerminalStateDetailError(
        "web reports UNKNOWN_ERROR",
        state_detail=StateDetail("UNKNOWN_ERROR", "An error was experienced"),
        **context,
    )

    report(json_console, error)

    data = json.loads(stderr.getvalue())
    assert data["errorType"] == "TerminalStateDetailError"
    assert data["exitCode"] == 1
    assert data["stateDetail"] == {"code": "UNKNOWN_ERROR", "message": "An error was experienced"}
    assert data["last"]["state"] == "PENDING"
    assert data["attempts"] == 3
