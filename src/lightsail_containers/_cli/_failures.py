"""The exit status and the report of each error that ends a command."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from botocore.exceptions import (
    BotoCoreError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
)

from lightsail_containers._cli._arguments import ExitCode
from lightsail_containers._cli._output import service_json
from lightsail_containers._errors import (
    DeploymentFailedError,
    LightsailContainersError,
    ServiceError,
    TerminalStateDetailError,
    TransportError,
    WaitError,
    WaitTimeoutError,
)
from lightsail_containers._validation import ValidationError

if TYPE_CHECKING:
    from lightsail_containers._cli._output import Console

# botocore raises these before it sends anything, when the AWS configuration is incomplete.
_CONFIGURATION_ERRORS = (
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    NoRegionError,
)

_TIMEOUT_ADVICE = re.compile(r"Raise timeout_seconds \(now ([^)]*)\)")

# The errors that end a command with a report instead of a traceback. ValueError
# includes the client's checks of its arguments and botocore's invalid endpoint URL.
HANDLED_ERRORS = (LightsailContainersError, BotoCoreError, ValueError, OSError)


def exit_code(error: BaseException) -> ExitCode:
    """Return the exit status for an error that ended a command."""
    if isinstance(error, WaitTimeoutError):
        return ExitCode.TIMED_OUT
    if isinstance(error, (ValidationError, *_CONFIGURATION_ERRORS)):
        return ExitCode.USAGE
    if isinstance(error, TransportError) and isinstance(error.__cause__, _CONFIGURATION_ERRORS):
        return ExitCode.USAGE
    if isinstance(error, LightsailContainersError):
        return ExitCode.FAILED
    if isinstance(error, (ValueError, OSError)):
        # The client's checks of its arguments, an invalid endpoint URL, an unreadable file.
        return ExitCode.USAGE

    return ExitCode.FAILED


def report(console: Console, error: BaseException) -> ExitCode:
    """Write the error to standard error and return its exit status."""
    code = exit_code(error)
    data: dict[str, Any] = {"exitCode": int(code), "errorType": type(error).__name__}

    if isinstance(error, ValidationError):
        problems = [problem.message for problem in error.problems]
        count = f"{len(problems)} problem" + ("" if len(problems) == 1 else "s")
        console.error(
            f"the request is invalid ({count}):", problems, {**data, "problems": problems}
        )
    elif isinstance(error, DeploymentFailedError):
        _report_failed_deployment(console, error, data)
    elif isinstance(error, WaitError):
        console.error(_wait_message(error), (), {**data, **_wait_data(error)})
    elif isinstance(error, ServiceError):
        extra = {"code": error.code, "operation": error.operation, "requestId": error.request_id}
        console.error(_first_line(error), (), {**data, **extra})
    else:
        console.error(_describe(error), (), data)

    return code


def _report_failed_deployment(
    console: Console, error: DeploymentFailedError, data: dict[str, Any]
) -> None:
    # The error's str() appends the log lines, which the details list instead.
    message = Exception.__str__(error)
    details: list[str] = []
    logs: dict[str, list[dict[str, Any]]] = {}

    if error.logs_unavailable is not None:
        details.append(f"Container logs are unavailable: {error.logs_unavailable}")
    for container, events in (error.logs or {}).items():
        details.append(f"Newest log lines of container {container}:")
        details.extend(f"  {event.format()}" for event in events)
        if not events:
            details.append("  (no log lines)")
        logs[container] = [
            {"createdAt": event.created_at, "message": event.message} for event in events
        ]

    extra = {
        **_wait_data(error),
        "version": error.version,
        "logs": logs,
        "logsUnavailable": error.logs_unavailable,
    }
    console.error(message, details, {**data, **extra})


def _wait_message(error: WaitError) -> str:
    # The waiter's advice names its Python argument, but the command's option is --timeout.
    return _TIMEOUT_ADVICE.sub(r"Pass a longer --timeout (now \1 s)", _first_line(error))


def _wait_data(error: WaitError) -> dict[str, Any]:
    data: dict[str, Any] = {
        "service": error.service_name,
        "attempts": error.attempts,
        "elapsedSeconds": round(error.elapsed_seconds, 3),
        "last": None if error.last is None else service_json(error.last),
    }
    if isinstance(error, TerminalStateDetailError):
        data["stateDetail"] = {
            "code": str(error.state_detail.code),
            "message": error.state_detail.message,
        }

    return data


def _describe(error: BaseException) -> str:
    if isinstance(error, ProfileNotFound):
        return f"{_first_line(error)}; check --profile and AWS_PROFILE"
    if isinstance(error, NoRegionError):
        return "no AWS Region is set; pass --region or set AWS_REGION"
    if isinstance(error, TransportError) and isinstance(error.__cause__, NoCredentialsError):
        return (
            f"{_first_line(error)}; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or "
            "pass --profile"
        )
    if isinstance(error, OSError) and error.filename is not None:
        return f"cannot read {error.filename}: {error.strerror}"

    return _first_line(error)


def _first_line(error: BaseException) -> str:
    # AWS messages may continue over several lines, such as the canonical request of a
    # signature error. The first line states the error.
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
