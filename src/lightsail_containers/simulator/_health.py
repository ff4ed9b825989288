"""Health evaluation of a deployment: its duration, its outcome and the log lines it writes.

Lightsail sends an HTTP GET to the health-check path of the public endpoint's container
every `intervalSeconds`. A check fails when no response arrives within `timeoutSeconds`, when
the port refuses the connection, or when the status is not in `successCodes`.
`healthyThreshold` consecutive successes make the container healthy, and
`unhealthyThreshold` consecutive failures make it unhealthy, after which Lightsail
replaces it and tries again until the deployment fails.

NOTE: the log wording is in the style of Lightsail's deployment lines
("[deployment:N] ..."), but the exact texts that AWS writes are guesses.
"""

from __future__ import annotations

import dataclasses
import math
from typing import TYPE_CHECKING

from lightsail_containers.simulator._behaviour import ContainerBehaviour

if TYPE_CHECKING:
    from collections.abc import Callable

    from lightsail_containers.simulator._durations import PhaseDurations
    from lightsail_containers.simulator._records import DeploymentRecord
    from lightsail_containers.simulator._validation import JsonObject

# NOTE: the restart cadence of a crashing container is a guess: it exits 5 seconds after
# it starts and Lightsail starts it again 10 seconds later.
CRASH_AFTER_SECONDS = 5.0
RESTART_DELAY_SECONDS = 10.0
HEALTHY_STATUS = 200
ERROR_STATUS = 500


@dataclasses.dataclass(frozen=True)
class ScheduledLine:
    """A log line written `offset` seconds after the health evaluation starts."""

    offset: float
    container: str
    message: str


@dataclasses.dataclass(frozen=True)
class HealthOutcome:
    """Result of a deployment's health evaluation and the log lines written during it."""

    passed: bool
    seconds: float
    lines: tuple[ScheduledLine, ...]


@dataclasses.dataclass(frozen=True)
class _ContainerRun:
    passed: bool
    seconds: float
    lines: list[ScheduledLine]
    failure: str = ""


@dataclasses.dataclass(frozen=True)
class _Container:
    """One container of the deployment under evaluation, with its scripted behaviour."""

    version: int
    name: str
    spec: JsonObject
    behaviour: ContainerBehaviour
    # The public endpoint, when this container serves it.
    endpoint: JsonObject | None

    def line(self, offset: float, message: str) -> ScheduledLine:
        return ScheduledLine(offset, self.name, message)

    def start_line(self, offset: float) -> ScheduledLine:
        return self.line(
            offset,
            f"[deployment:{self.version}] Started container '{self.name}' from image "
            f"'{self.spec['image']}'.",
        )


def evaluate_health(
    deployment: DeploymentRecord,
    behaviour_of: Callable[[str], ContainerBehaviour],
    durations: PhaseDurations,
) -> HealthOutcome:
    """Evaluate every container of `deployment` with the behaviour scripted for its image.

    A deployment passes when every container passes, after the slowest one. It fails
    as soon as one container fails, and no log line after that moment is written.
    """
    endpoint = deployment.public_endpoint
    runs = {
        name: _run_container(
            _Container(
                version=deployment.version,
                name=name,
                spec=spec,
                behaviour=behaviour_of(str(spec.get("image", ""))),
                endpoint=endpoint
                if endpoint is not None and endpoint["containerName"] == name
                else None,
            ),
            durations,
        )
        for name, spec in deployment.containers.items()
    }

    failed = [run for run in runs.values() if not run.passed]
    if failed:
        run = min(failed, key=lambda item: item.seconds)
        seconds = run.seconds
        final = f"[deployment:{deployment.version}] The deployment failed: {run.failure}."
    else:
        seconds = max(run.seconds for run in runs.values())
        final = f"[deployment:{deployment.version}] All containers passed the health evaluation."

    lines = [line for run in runs.values() for line in run.lines if line.offset <= seconds]
    lines.extend(ScheduledLine(seconds, name, final) for name in runs)
    return HealthOutcome(passed=not failed, seconds=seconds, lines=tuple(lines))


def parse_success_codes(codes: str) -> frozenset[int]:
    """Return the HTTP statuses of a successCodes value such as "200,202" or "200-299".

    Raises:
        ValueError: a part is not a number or a range of numbers.
    """
    statuses: set[int] = set()
    for part in codes.split(","):
        low, separator, high = part.strip().partition("-")
        first = int(low)
        last = int(high) if separator else first
        statuses.update(range(first, last + 1))
    return frozenset(statuses)


def _run_container(container: _Container, durations: PhaseDurations) -> _ContainerRun:
    if container.behaviour is ContainerBehaviour.CRASHING:
        return _crash_loop(container, durations)

    ready_after = (
        durations.slow_start_health_check
        if container.behaviour is ContainerBehaviour.SLOW_START
        else durations.evaluating_health_check
    )
    lines = [container.start_line(0.0), *_listening_lines(container, ready_after)]
    if container.endpoint is None:
        return _ContainerRun(passed=True, seconds=ready_after, lines=lines)

    failure = _check_failure(container.behaviour, container.endpoint)
    if failure is None:
        return _passing_checks(container, container.endpoint, ready_after, lines)

    return _failing_checks(container, container.endpoint, failure, durations, lines)


def _passing_checks(
    container: _Container, endpoint: JsonObject, ready_after: float, lines: list[ScheduledLine]
) -> _ContainerRun:
    check = endpoint["healthCheck"]
    seconds = max(ready_after, check["healthyThreshold"] * float(check["intervalSeconds"]))
    message = (
        f"[deployment:{container.version}] Container '{container.name}' passed "
        f"{check['healthyThreshold']} consecutive health checks: GET {check['path']} "
        f"returned HTTP {HEALTHY_STATUS}."
    )
    lines.append(container.line(seconds, message))
    return _ContainerRun(passed=True, seconds=seconds, lines=lines)


def _failing_checks(
    container: _Container,
    endpoint: JsonObject,
    failure: str,
    durations: PhaseDurations,
    lines: list[ScheduledLine],
) -> _ContainerRun:
    check = endpoint["healthCheck"]
    interval = float(check["intervalSeconds"])
    threshold = int(check["unhealthyThreshold"])
    prefix = f"[deployment:{container.version}]"

    # A check that times out ends `timeoutSeconds` after it starts, the others at once.
    timed_out = container.behaviour is ContainerBehaviour.FAILING_HEALTH_CHECK
    delay = float(check["timeoutSeconds"]) if timed_out else 0.0
    cycle = threshold * interval + delay
    cycles = max(1, math.ceil(durations.failed_health_check / cycle))
    for index in range(cycles):
        start = index * cycle
        if index > 0:
            lines.append(container.start_line(start))
        for attempt in range(1, threshold + 1):
            message = f"{prefix} Health check failed for container '{container.name}': {failure}."
            lines.append(container.line(start + attempt * interval + delay, message))
        message = (
            f"{prefix} Container '{container.name}' is unhealthy after {threshold} failed "
            "health checks. Replacing it."
        )
        lines.append(container.line(start + cycle, message))

    return _ContainerRun(
        passed=False,
        seconds=cycles * cycle,
        lines=lines,
        failure=f"container '{container.name}' did not pass its health check ({failure})",
    )


def _check_failure(behaviour: ContainerBehaviour, endpoint: JsonObject) -> str | None:
    check = endpoint["healthCheck"]
    port = endpoint["containerPort"]
    request = f"GET {check['path']} on port {port}"

    if behaviour is ContainerBehaviour.WRONG_PORT:
        return f"port {port} not reachable, the connection was refused"
    if behaviour is ContainerBehaviour.FAILING_HEALTH_CHECK:
        return f"{request} timed out after {check['timeoutSeconds']} seconds"

    status = ERROR_STATUS if behaviour is ContainerBehaviour.ERROR_STATUS else HEALTHY_STATUS
    if status in parse_success_codes(check["successCodes"]):
        return None

    return f"{request} returned HTTP {status}, which is not in successCodes {check['successCodes']}"


def _crash_loop(container: _Container, durations: PhaseDurations) -> _ContainerRun:
    seconds = durations.failed_health_check
    lines: list[ScheduledLine] = []
    start = 0.0
    while start <= seconds:
        crash = start + CRASH_AFTER_SECONDS
        lines.append(container.start_line(start))
        lines.append(container.line(crash, "Error: the application stopped unexpectedly."))
        lines.append(
            container.line(
                crash,
                f"[deployment:{container.version}] Container '{container.name}' exited with "
                "code 1.",
            )
        )
        start = crash + RESTART_DELAY_SECONDS

    return _ContainerRun(
        passed=False,
        seconds=seconds,
        lines=lines,
        failure=f"container '{container.name}' exited with code 1 after each start",
    )


def _listening_lines(container: _Container, ready_after: float) -> list[ScheduledLine]:
    behaviour = container.behaviour
    offset = ready_after if behaviour is ContainerBehaviour.SLOW_START else 0.0
    ports = [int(port) for port in container.spec.get("ports", {})]
    if behaviour is ContainerBehaviour.WRONG_PORT and container.endpoint is not None:
        ports = [_other_port(int(container.endpoint["containerPort"]))]

    return [container.line(offset, f"Listening on port {port}.") for port in ports]


def _other_port(port: int) -> int:
    # A typical mistake: the application listens on its framework's default port.
    return 8080 if port != 8080 else 3000  # noqa: PLR2004 - two common default ports
