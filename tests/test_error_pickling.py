"""Errors keep their class, message and attributes through pickle and copy."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
from datetime import datetime, timezone
from typing import TypedDict

import pytest

from lightsail_containers import (
    AccessDeniedError,
    ContainerLogEvent,
    ContainerService,
    Deployment,
    DeploymentFailedError,
    FleetWaitError,
    InvalidInputError,
    LightsailContainersError,
    NotFoundError,
    ServiceError,
    StateDetail,
    TargetUnreachableError,
    TerminalStateDetailError,
    TransportError,
    WaitTimeoutError,
)


class WaitState(TypedDict):
    service_name: str
    last: ContainerService | None
    attempts: int
    elapsed_seconds: float


WAIT: WaitState = {
    "service_name": "web",
    "last": ContainerService(container_service_name="web", state="RUNNING"),
    "attempts": 3,
    "elapsed_seconds": 20.0,
}


def failed_deployment() -> DeploymentFailedError:
    error = DeploymentFailedError(
        "deployment 2 failed", version=2, deployment=Deployment(version=2), **WAIT
    )
    line = ContainerLogEvent(datetime(2026, 1, 1, tzinfo=timezone.utc), "listen EADDRINUSE")
    error.attach_logs({"web": (line,)}, None)
    return error


def every_error() -> list[LightsailContainersError]:
    service = ServiceError("GetContainerServices", "ServiceException", "boom", "req-1", 500)
    return [
        service,
        NotFoundError("GetContainerServices", "NotFoundException", "gone", "req-2", 400),
        InvalidInputError("CreateContainerService", "InvalidInputException", "bad", None, 400),
        AccessDeniedError("GetContainerLog", "AccessDeniedException", "no", None, 403),
        TransportError("GetContainerServices", "connection reset"),
        WaitTimeoutError("timed out", **WAIT),
        failed_deployment(),
        TerminalStateDetailError(
            "stuck", state_detail=StateDetail("UNKNOWN_ERROR", "broken"), **WAIT
        ),
        TargetUnreachableError("replaced", **WAIT),
        FleetWaitError({"web": failed_deployment(), "api": service}),
    ]


def same_error(copied: LightsailContainersError, original: LightsailContainersError) -> bool:
    return (
        type(copied) is type(original)
        and str(copied) == str(original)
        and copied.args == original.args
        and vars(copied).keys() == vars(original).keys()
    )


@pytest.mark.parametrize("error", every_error(), ids=lambda error: type(error).__name__)
def test_error_pickles(error: LightsailContainersError) -> None:
    copied = pickle.loads(pickle.dumps(error))  # noqa: S301  # the test's own bytes

    assert same_error(copied, error)


@pytest.mark.parametrize("error", every_error(), ids=lambda error: type(error).__name__)
def test_error_copies(error: LightsailContainersError) -> None:
    assert same_error(copy.copy(error), error)
    assert same_error(copy.deepcopy(error), error)


def test_failure_logs_survive_pickle() -> None:
    copied = pickle.loads(pickle.dumps(failed_deployment()))  # noqa: S301  # the test's own bytes

    assert copied.logs is not None
    assert copied.logs["web"][0].message == "listen EADDRINUSE"
    assert copied.version == 2
    assert copied.last == WAIT["last"]


def test_error_unpickles_in_fresh_process() -> None:
    code = (
        "import pickle, sys\n"
        "error = pickle.loads(sys.stdin.buffer.read())\n"
        "print(type(error).__name__, error.version, error.logs['web'][0].message)\n"
    )

    result = subprocess.run(  # noqa: S603  # runs this environment's Python on fixed code
        [sys.executable, "-c", code],
        input=pickle.dumps(failed_deployment()),
        capture_output=True,
        timeout=60,
        check=True,
    )

    assert result.stdout.decode().split() == ["DeploymentFailedError", "2", "listen", "EADDRINUSE"]
