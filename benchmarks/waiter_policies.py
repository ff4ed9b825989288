"""Compare polling schedules by GetContainerServices calls and detection lag.

Each scenario runs in virtual time on the embedded simulator: a service is created or
deployed with a duration drawn log-uniformly from 1 to 30 minutes, and the waiter's
return time is compared with the moment the simulator changed state. Run it with
``nox -s bench``; it prints a Markdown table and writes it to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import platform
import random
import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import attrs
import tenacity

from lightsail_containers import (
    Container,
    ContainerServiceClient,
    DeploymentFailedError,
    DeploymentRequest,
    EndpointRequest,
    PollingPolicy,
    StateDetailCode,
    TerminalStateDetailError,
)
from lightsail_containers.simulator import (
    ContainerBehaviour,
    PhaseDurations,
    Simulator,
    VirtualClock,
)

PAGE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START_MARK = "<!-- waiter-policies:start -->"
END_MARK = "<!-- waiter-policies:end -->"
MINUTE = 60.0


@attrs.frozen
class ScheduledPolicy(PollingPolicy):
    """A polling policy whose delays come from a tenacity wait strategy."""

    schedule: Callable[[], tenacity.wait.wait_base] = attrs.field(kw_only=True)

    def backoff(self) -> tenacity.wait.wait_base:
        """Return the wait strategy of this schedule."""
        return self.schedule()


class TerraformSchedule(tenacity.wait.wait_base):
    """Terraform's StateChangeConf as commonly configured: 5 s, then 3, 6, 10, 10 ... s."""

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        """Return the delay before the next poll."""
        steps = [5.0, 3.0, 6.0]
        attempt = retry_state.attempt_number
        return steps[attempt - 1] if attempt <= len(steps) else 10.0


class FullJitterSchedule(tenacity.wait.wait_base):
    """Google api_core's polling retry: 1 s, times 1.5, at most 20 s, full jitter."""

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        """Return the delay before the next poll."""
        ceiling = min(20.0, 1.0 * 1.5 ** (retry_state.attempt_number - 1))
        return random.uniform(0, ceiling)


class SmithySchedule(tenacity.wait.wait_base):
    """Smithy waiters: from 2 s, random exponential up to 120 s."""

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        """Return the delay before the next poll."""
        attempt = retry_state.attempt_number
        ceiling = min(120.0, 2.0 * 2 ** (attempt - 1))
        return random.uniform(2.0, max(2.0, ceiling))


def fixed(seconds: float) -> PollingPolicy:
    """Return a policy that polls every ``seconds``."""
    return PollingPolicy(first_delay_seconds=seconds, max_delay_seconds=seconds, jitter_seconds=0)


def policies() -> dict[str, PollingPolicy]:
    """Return the compared schedules, by name."""
    return {
        "default (this package)": PollingPolicy(),
        "fixed 5 s": fixed(5),
        "fixed 10 s": fixed(10),
        "fixed 30 s": fixed(30),
        "Terraform (5, 3, 6, 10 ... s)": ScheduledPolicy(schedule=TerraformSchedule),
        "api_core (1 s x1.5 to 20 s, full jitter)": ScheduledPolicy(schedule=FullJitterSchedule),
        "Smithy (2 to 120 s, random exponential)": ScheduledPolicy(schedule=SmithySchedule),
    }


@dataclass
class Sample:
    """One wait: its status calls and how long after the change it returned."""

    calls: int
    lag_seconds: float


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    """Draw a duration whose logarithm is uniform between those of ``low`` and ``high``."""
    return math.exp(rng.uniform(math.log(low), math.log(high)))


class Run:
    """One simulator, one client and a virtual clock for a single scenario run."""

    def __init__(self, policy: PollingPolicy, durations: PhaseDurations) -> None:
        """Create the simulator with ``durations`` and a client polling with ``policy``."""
        self.clock = VirtualClock()
        self.simulator = Simulator(clock=self.clock, durations=durations)
        self.client = ContainerServiceClient(
            self.simulator.client(),
            polling=policy,
            clock=self.clock.monotonic,
            sleep=self.sleep,
            wall_clock=lambda: self.clock.now().timestamp(),
        )
        self.events: list[tuple[float, Callable[[], None]]] = []

    def at(self, seconds: float, action: Callable[[], None]) -> None:
        """Run ``action`` when the virtual clock reaches ``seconds``."""
        self.events.append((seconds, action))
        self.events.sort(key=lambda event: event[0])

    def sleep(self, seconds: float) -> None:
        """Advance the clock, running the scheduled actions at their exact times."""
        target = self.clock.monotonic() + seconds
        while self.events and self.events[0][0] <= target:
            when, action = self.events.pop(0)
            self.clock.advance(max(0.0, when - self.clock.monotonic()))
            action()
        self.clock.advance(target - self.clock.monotonic())

    def calls(self) -> int:
        """Return the number of GetContainerServices calls so far."""
        return self.simulator.calls.count("GetContainerServices")


def split(total: float, parts: int) -> list[float]:
    """Split ``total`` seconds into ``parts`` equal phases."""
    return [total / parts] * parts


def create_scenario(policy: PollingPolicy, rng: random.Random) -> Sample:
    """Create a service that takes 1 to 30 minutes to become READY."""
    total = log_uniform(rng, MINUTE, 30 * MINUTE)
    a, b, c, d = split(total, 4)
    run = Run(
        policy,
        PhaseDurations(
            creating_system_resources=a,
            creating_network_infrastructure=b,
            provisioning_certificate=c,
            provisioning_service=d,
        ),
    )
    run.client.create_service("svc", power="nano", scale=1)

    run.client.wait_for_service("svc")

    return Sample(run.calls(), run.clock.monotonic() - total)


def nginx(image: str = "nginx:latest") -> DeploymentRequest:
    """Return a one-container deployment with a public endpoint."""
    return DeploymentRequest(
        containers={"web": Container(image=image, ports={"80": "HTTP"})},
        public_endpoint=EndpointRequest("web", 80),
    )


def deployment_durations(total: float) -> PhaseDurations:
    """Return phases whose healthy deployment takes ``total`` seconds."""
    return PhaseDurations(
        creating_deployment=total * 0.4,
        evaluating_health_check=total * 0.4,
        activating_deployment=total * 0.2,
        failed_health_check=total * 0.4,
    )


def deploy_scenario(policy: PollingPolicy, rng: random.Random) -> Sample:
    """Deploy to a READY service; the deployment takes 1 to 30 minutes."""
    total = log_uniform(rng, MINUTE, 30 * MINUTE)
    run = Run(policy, deployment_durations(total))
    run.client.create_service("svc", power="nano", scale=1)
    run.sleep(run.simulator.durations.provisioning)
    run.client.create_deployment("svc", nginx())
    started, calls_before = run.clock.monotonic(), run.calls()

    run.client.wait_for_deployment("svc", 1)

    return Sample(run.calls() - calls_before, run.clock.monotonic() - started - total)


def failing_deploy_scenario(policy: PollingPolicy, rng: random.Random) -> Sample:
    """Deploy a crashing container; the failure shows after 1 to 30 minutes."""
    total = log_uniform(rng, MINUTE, 30 * MINUTE)
    run = Run(policy, deployment_durations(total))
    run.simulator.set_image_behaviour("broken", ContainerBehaviour.CRASHING)
    run.client.create_service("svc", power="nano", scale=1)
    run.sleep(run.simulator.durations.provisioning)
    run.client.create_deployment("svc", nginx("broken"))
    started, calls_before = run.clock.monotonic(), run.calls()
    failed_at = failure_time(run)

    try:
        run.client.wait_for_deployment("svc", 1)
    except DeploymentFailedError:
        pass
    else:
        raise RuntimeError("the crashing deployment did not fail")

    lag = run.clock.monotonic() - started - failed_at
    return Sample(run.calls() - calls_before - log_calls(run), lag)


def failure_time(run: Run) -> float:
    """Return when, from now, the simulator reports the failed deployment."""
    durations = run.simulator.durations
    return durations.creating_deployment + durations.failed_health_check


def log_calls(run: Run) -> int:
    """Return the GetContainerLog calls that diagnosed a failure."""
    return run.simulator.calls.count("GetContainerLog")


def terminal_scenario(policy: PollingPolicy, rng: random.Random) -> Sample:
    """Inject CERTIFICATE_LIMIT_EXCEEDED into a new service after 1 to 30 minutes."""
    appears = log_uniform(rng, MINUTE, 30 * MINUTE)
    run = Run(policy, PhaseDurations(provisioning_certificate=40 * MINUTE))
    run.client.create_service("svc", power="nano", scale=1)
    run.at(
        appears,
        lambda: run.simulator.inject_state_detail(
            "svc", StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED
        ),
    )

    try:
        run.client.wait_for_service("svc")
    except TerminalStateDetailError:
        pass
    else:
        raise RuntimeError("the certificate limit did not stop the wait")

    return Sample(run.calls(), run.clock.monotonic() - appears)


def throttled_create_scenario(policy: PollingPolicy, rng: random.Random) -> Sample:
    """Create a service while GetContainerServices is throttled in three 30-second bursts."""
    total = log_uniform(rng, MINUTE, 30 * MINUTE)
    run = Run(
        policy, PhaseDurations(**dict(zip(PROVISIONING_PHASES, split(total, 4), strict=True)))
    )
    for _ in range(3):
        start = rng.uniform(0, total)
        run.simulator.faults.throttle("GetContainerServices", after=start, duration=30)
    run.client.create_service("svc", power="nano", scale=1)

    run.client.wait_for_service("svc")

    return Sample(run.calls(), run.clock.monotonic() - total)


PROVISIONING_PHASES = (
    "creating_system_resources",
    "creating_network_infrastructure",
    "provisioning_certificate",
    "provisioning_service",
)


SCENARIOS: dict[str, Callable[[PollingPolicy, random.Random], Sample]] = {
    "create": create_scenario,
    "create, throttled in bursts": throttled_create_scenario,
    "deployment": deploy_scenario,
    "failing deployment": failing_deploy_scenario,
    "terminal stateDetail": terminal_scenario,
}


def fleet_calls(policy: PollingPolicy, rng: random.Random, size: int = 20) -> tuple[int, int]:
    """Return the calls of one fleet wait, and of one wait per service running side by side.

    The services are created 0 to 60 seconds apart, so they become READY at different
    times. A wait per service is measured alone on its own simulator, as if each ran in
    its own process.
    """
    gaps = [rng.uniform(0, MINUTE) for _ in range(size)]
    names = [f"svc-{index}" for index in range(size)]

    fleet = created_fleet(policy, names, gaps)
    before = fleet.calls()
    fleet.client.wait_for_services(names).raise_for_errors()
    fleet_total = fleet.calls() - before

    separate_total = 0
    for name in names:
        alone = created_fleet(policy, names, gaps)
        before = alone.calls()
        alone.client.wait_for_service(name)
        separate_total += alone.calls() - before

    return fleet_total, separate_total


def created_fleet(policy: PollingPolicy, names: list[str], gaps: list[float]) -> Run:
    """Return a run in which the services were created with the given gaps."""
    run = Run(policy, PhaseDurations())
    for name, gap in zip(names, gaps, strict=True):
        run.client.create_service(name, power="nano", scale=1)
        run.sleep(gap)
    return run


def summarise(samples: list[Sample]) -> tuple[float, float, float]:
    """Return mean calls, mean lag and 95th percentile lag."""
    lags = sorted(sample.lag_seconds for sample in samples)
    p95 = lags[min(len(lags) - 1, math.ceil(0.95 * len(lags)) - 1)]
    return statistics.mean(s.calls for s in samples), statistics.mean(lags), p95


def rows(runs: int, seed: int) -> Iterator[str]:
    """Yield the Markdown table rows, one per scenario and policy."""
    for index, (scenario, play) in enumerate(SCENARIOS.items()):
        for name, policy in policies().items():
            # Every schedule meets the same durations; each scenario draws its own.
            random.seed(seed + index)
            rng = random.Random(seed + index)
            samples = [play(policy, rng) for _ in range(runs)]
            calls, mean_lag, p95 = summarise(samples)
            yield f"| {scenario} | {name} | {calls:.1f} | {mean_lag:.1f} | {p95:.1f} |"


def table(runs: int, seed: int) -> str:
    """Return the results as a Markdown table."""
    header = [
        "| scenario | schedule | calls per wait | mean lag (s) | p95 lag (s) |",
        "|---|---|---:|---:|---:|",
    ]
    return "\n".join([*header, *rows(runs, seed)])


def fleet_table(runs: int, seed: int) -> str:
    """Return the fleet comparison as a Markdown table, with the default policy."""
    rng = random.Random(seed)
    random.seed(seed)
    results = [fleet_calls(PollingPolicy(), rng) for _ in range(max(1, runs // 20))]
    fleet = statistics.mean(result[0] for result in results)
    sequential = statistics.mean(result[1] for result in results)
    return "\n".join(
        [
            "| 20 services, default schedule | GetContainerServices calls |",
            "|---|---:|",
            f"| one fleet wait (`wait_for_services`) | {fleet:.1f} |",
            f"| one wait per service, side by side | {sequential:.1f} |",
        ]
    )


def write_page(section: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md."""
    text = PAGE.read_text() if PAGE.exists() else "# Benchmarks\n"
    block = f"{START_MARK}\n{section}\n{END_MARK}"
    if START_MARK in text:
        before, rest = text.split(START_MARK, 1)
        after = rest.split(END_MARK, 1)[1]
        text = before + block + after
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(text)


def cpu_name() -> str:
    """Return the processor's model name, where Linux reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> None:
    """Run the scenarios, print the table and write it to the benchmark page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="runs per scenario and schedule")
    parser.add_argument("--seed", type=int, default=20261204, help="random seed")
    parser.add_argument("--no-write", action="store_true", help="print only")
    arguments = parser.parse_args()
    # Failed deployments in the scenarios would log a warning each.
    logging.getLogger("lightsail_containers").setLevel(logging.ERROR)

    result = table(arguments.runs, arguments.seed)
    fleet = fleet_table(arguments.runs, arguments.seed)
    machine = f"{platform.machine()}, {cpu_name()}, {os.cpu_count()} cores"
    section = (
        "## Waiter polling schedules\n\n"
        f"{arguments.runs} runs per scenario and schedule, seed {arguments.seed}, in virtual "
        f"time on the embedded simulator. Command: `nox -s bench`. Python "
        f"{platform.python_version()} on {machine}.\n\n{result}\n\n"
        "Lag is the time from the simulator's state change to the waiter's return. "
        "Calls count every GetContainerServices call, throttled ones included, and "
        "exclude the GetContainerLog calls that describe a failed deployment. Waiters "
        "that run at the same time in threads of one client share their polls; the "
        "test suite checks that, since threads cannot share one virtual clock.\n\n"
        f"{fleet}\n"
    )
    print(section)
    if not arguments.no_write:
        write_page(section)


if __name__ == "__main__":
    main()
