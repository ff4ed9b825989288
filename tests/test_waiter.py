"""Waiters against exact response sequences from botocore's Stubber."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    ContainerServiceClient,
    ContainerServiceState,
    DeploymentFailedError,
    NotFoundError,
    PollingPolicy,
    StateDetailCode,
    TargetUnreachableError,
    TerminalStateDetailError,
    Transition,
    WaitTimeoutError,
)
from lightsail_containers.simulator import VirtualClock

from support import service_dict

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

NO_JITTER = PollingPolicy(
    timeout_seconds=600, first_delay_seconds=5, max_delay_seconds=30, jitter_seconds=0
)


class Recorder:
    """A virtual clock whose sleeps are recorded."""

    def __init__(self) -> None:
        self.clock = VirtualClock()
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.sleep(seconds)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def client(stubbed: tuple[LightsailClient, Stubber], recorder: Recorder) -> ContainerServiceClient:
    lightsail, _ = stubbed
    return ContainerServiceClient(
        lightsail, polling=NO_JITTER, clock=recorder.clock.monotonic, sleep=recorder.sleep
    )


def queue(stubber: Stubber, *services: dict[str, Any]) -> None:
    """Queue one GetContainerServices response per snapshot, in order."""
    for service in services:
        stubber.add_response(
            "get_container_services",
            {"containerServices": [service]},
            {"serviceName": service["containerServiceName"]},
        )


def queue_history(stubber: Stubber, *versions: tuple[int, str]) -> None:
    """Queue one GetContainerServiceDeployments response with these versions and states."""
    deployments = [{"version": version, "state": state} for version, state in versions]
    stubber.add_response(
        "get_container_service_deployments", {"deployments": deployments}, {"serviceName": "web"}
    )


def test_deployment_becomes_active(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, recorder: Recorder
) -> None:
    """The waiter returns once the version is the ACTIVE current deployment."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(
            state="DEPLOYING",
            detail=("CREATING_DEPLOYMENT", ""),
            current=(1, "ACTIVE"),
            next_=(2, "ACTIVATING"),
        ),
        service_dict(
            state="DEPLOYING",
            detail=("EVALUATING_HEALTH_CHECK", ""),
            current=(1, "ACTIVE"),
            next_=(2, "ACTIVATING"),
        ),
        service_dict(
            state="DEPLOYING",
            detail=("EVALUATING_HEALTH_CHECK", ""),
            current=(1, "ACTIVE"),
            next_=(2, "ACTIVATING"),
        ),
        service_dict(state="RUNNING", current=(2, "ACTIVE")),
    )
    transitions: list[Transition] = []

    service = client.wait_for_deployment("web", 2, on_transition=transitions.append)

    assert service.current_deployment is not None
    assert service.current_deployment.version == 2
    assert recorder.sleeps == [5, 10, 20]
    assert [t.describe() for t in transitions] == [
        "DEPLOYING (CREATING_DEPLOYMENT), deployment 2 ACTIVATING",
        "DEPLOYING (EVALUATING_HEALTH_CHECK), deployment 2 ACTIVATING",
        "RUNNING, deployment 2 ACTIVE",
    ]
    assert [t.elapsed_seconds for t in transitions] == [0, 5, 35]


def test_deployment_failed_state_raises(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A FAILED deployment raises DeploymentFailedError with the version and snapshot."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE"), next_=(2, "FAILED")),
    )

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert caught.value.attempts == 2
    assert caught.value.elapsed_seconds == 5
    assert caught.value.last is not None
    assert caught.value.last.state is ContainerServiceState.RUNNING
    assert "deployment 2 is FAILED" in str(caught.value)


@pytest.mark.parametrize(
    ("after", "running"),
    [
        (service_dict(state="RUNNING", current=(1, "ACTIVE")), "back to RUNNING with deployment 1"),
        (service_dict(state="READY"), "back to READY with no deployment"),
    ],
    ids=["back-on-previous", "first-deployment"],
)
def test_vanished_deployment_is_failure(
    stubbed: tuple[LightsailClient, Stubber],
    client: ContainerServiceClient,
    after: dict[str, Any],
    running: str,
) -> None:
    """A version that drops out while the service settles failed, though the state looks fine."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="DEPLOYING", next_=(2, "ACTIVATING")), after)
    queue_history(stubber, (2, "FAILED"), (1, "ACTIVE"))

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert running in str(caught.value)


def test_replaced_deployment_is_unreachable(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A newer current deployment means the awaited one can no longer become current."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="RUNNING", current=(3, "ACTIVE")))

    with pytest.raises(TargetUnreachableError, match="replaced by deployment 3"):
        client.wait_for_deployment("web", 2)


@pytest.mark.parametrize(
    "code", [StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED, StateDetailCode.UNKNOWN_ERROR]
)
def test_terminal_state_detail_fails_at_first_poll(
    stubbed: tuple[LightsailClient, Stubber],
    client: ContainerServiceClient,
    recorder: Recorder,
    code: StateDetailCode,
) -> None:
    """A terminal stateDetail code raises at the poll that shows it, without sleeping."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="PENDING", detail=(code.value, "quota reached")))

    with pytest.raises(TerminalStateDetailError) as caught:
        client.wait_for_service("web")

    assert caught.value.state_detail.code is code
    assert caught.value.attempts == 1
    assert recorder.sleeps == []
    assert "quota reached" in str(caught.value)


def test_terminal_state_detail_fails_deployment_wait(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A terminal code during a deployment stops the deployment waiter too."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", detail=("UNKNOWN_ERROR", "x"), next_=(1, "ACTIVATING")),
    )

    with pytest.raises(TerminalStateDetailError):
        client.wait_for_deployment("web", 1)


def test_timeout_carries_last_snapshot(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, recorder: Recorder
) -> None:
    """After the timeout the error carries the attempts, elapsed time and last snapshot."""
    _, stubber = stubbed
    policy = PollingPolicy(
        timeout_seconds=60, first_delay_seconds=5, max_delay_seconds=30, jitter_seconds=0
    )
    queue(stubber, *[service_dict(state="PENDING")] * 5)

    with pytest.raises(WaitTimeoutError) as caught:
        client.wait_for_service("web", polling=policy)

    assert recorder.sleeps == [5, 10, 20, 25]
    assert caught.value.attempts == 5
    assert caught.value.elapsed_seconds == 60
    assert caught.value.last is not None
    assert caught.value.last.state is ContainerServiceState.PENDING
    assert "Timed out after 60 s and 5 polls" in str(caught.value)


def test_jitter_stays_within_bounds(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, recorder: Recorder
) -> None:
    """Each delay is the capped exponential step plus at most the jitter."""
    _, stubber = stubbed
    policy = PollingPolicy(
        timeout_seconds=1000, first_delay_seconds=5, max_delay_seconds=30, jitter_seconds=2
    )
    queue(stubber, *[service_dict(state="PENDING")] * 6, service_dict(state="READY"))

    client.wait_for_service("web", polling=policy)

    for delay, base in zip(recorder.sleeps, [5, 10, 20, 30, 30, 30], strict=True):
        assert base <= delay <= base + 2


@pytest.mark.parametrize(
    ("snapshot", "reason"),
    [
        (service_dict(state="DELETING"), "being deleted"),
        (service_dict(state="DISABLED", is_disabled=True), "disabled"),
    ],
    ids=["deleting", "disabled"],
)
def test_service_wait_unreachable(
    stubbed: tuple[LightsailClient, Stubber],
    client: ContainerServiceClient,
    snapshot: dict[str, Any],
    reason: str,
) -> None:
    """Waiting for RUNNING fails fast on a service that is being deleted or was disabled."""
    _, stubber = stubbed
    queue(stubber, snapshot)

    with pytest.raises(TargetUnreachableError, match=reason):
        client.wait_for_service("web", until=ContainerServiceState.RUNNING)


def test_reenabling_service_keeps_waiting(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """DISABLED with isDisabled false is a service coming back, so the waiter polls on."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DISABLED", is_disabled=False),
        service_dict(state="UPDATING", is_disabled=False),
        service_dict(state="RUNNING", current=(1, "ACTIVE")),
    )

    service = client.wait_for_service("web")

    assert service.state is ContainerServiceState.RUNNING


def test_disabled_target_reached(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """DISABLED is a valid target of its own."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="UPDATING"), service_dict(state="DISABLED", is_disabled=True))

    service = client.wait_for_service("web", until=ContainerServiceState.DISABLED)

    assert service.state is ContainerServiceState.DISABLED


def test_unknown_state_keeps_polling(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A state AWS adds later neither crashes nor ends the wait."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="HIBERNATING"), service_dict(state="READY"))

    service = client.wait_for_service("web")

    assert service.state is ContainerServiceState.READY


def test_default_version_is_newest(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """Without a version the waiter follows the newest deployment of the first snapshot."""
    _, stubber = stubbed
    deploying = service_dict(state="DEPLOYING", current=(4, "ACTIVE"), next_=(5, "ACTIVATING"))
    queue_history(stubber, (5, "ACTIVATING"), (4, "ACTIVE"))
    queue(stubber, deploying, deploying, service_dict(state="RUNNING", current=(5, "ACTIVE")))

    service = client.wait_for_deployment("web")

    assert service.current_deployment is not None
    assert service.current_deployment.version == 5


def test_default_version_without_deployment(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """Without a version and without any deployment there is nothing to wait for."""
    _, stubber = stubbed
    queue_history(stubber)
    queue(stubber, service_dict(state="READY"))

    with pytest.raises(NotFoundError, match="has no deployment"):
        client.wait_for_deployment("web")


def test_transitions_logged_once_each(
    stubbed: tuple[LightsailClient, Stubber],
    client: ContainerServiceClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each transition is one INFO record on the package logger; repeats are DEBUG only."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="PENDING"),
        service_dict(state="PENDING"),
        service_dict(state="READY"),
    )

    with caplog.at_level(logging.DEBUG, logger="lightsail_containers"):
        client.wait_for_service("web")

    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    debug = [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert info == [
        "Container service web is PENDING after 0 s",
        "Container service web is READY after 15 s",
    ]
    assert len(debug) == 3
    assert all(r.name == "lightsail_containers.waiter" for r in caplog.records)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"timeout_seconds": 0}, "timeout_seconds must be a finite number greater than 0, got 0"),
        ({"timeout_seconds": float("nan")}, "timeout_seconds must be .* got nan"),
        ({"max_delay_seconds": float("inf")}, "max_delay_seconds must be .* got inf"),
        ({"first_delay_seconds": -1}, "first_delay_seconds must be .* greater than 0, got -1"),
        ({"jitter_seconds": -0.5}, "jitter_seconds must be a finite number of 0 or more, got -0.5"),
        ({"jitter_seconds": float("nan")}, "jitter_seconds must be .* got nan"),
        ({"timeout_seconds": True}, "timeout_seconds must be .* got True"),
        (
            {"first_delay_seconds": 40, "max_delay_seconds": 30},
            r"first_delay_seconds \(40\) must not exceed max_delay_seconds \(30\)",
        ),
    ],
)
def test_policy_rejects_bad_values(arguments: dict[str, float], message: str) -> None:
    """A policy with an impossible value raises ValueError naming the field and value."""
    with pytest.raises(ValueError, match=message):
        PollingPolicy(**arguments)


def test_deleted_while_waiting_unreachable(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A service that disappears during the wait cannot reach the target any more."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="PENDING"))
    stubber.add_client_error(
        "get_container_services",
        service_error_code="NotFoundException",
        service_message="The container service does not exist",
        expected_params={"serviceName": "web"},
    )

    with pytest.raises(TargetUnreachableError, match="no longer exists") as caught:
        client.wait_for_service("web")

    assert isinstance(caught.value.__cause__, NotFoundError)
    assert caught.value.attempts == 2
    assert caught.value.last is not None


def test_disabled_service_deployment_unreachable(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """An ACTIVE deployment on a disabled service is not a successful wait."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="DISABLED", is_disabled=True, current=(2, "ACTIVE")))

    with pytest.raises(TargetUnreachableError, match="is_disabled=False"):
        client.wait_for_deployment("web", 2)


def test_short_timeout_message(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A timeout under 10 seconds is reported with one decimal."""
    _, stubber = stubbed
    policy = PollingPolicy(
        timeout_seconds=0.5, first_delay_seconds=0.5, max_delay_seconds=0.5, jitter_seconds=0
    )
    queue(stubber, service_dict(state="PENDING"), service_dict(state="PENDING"))

    with pytest.raises(WaitTimeoutError, match=r"Timed out after 0\.5 s and 2 polls"):
        client.wait_for_service("web", polling=policy)


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ([], "at least one"),
        ("SLEEPING", "'SLEEPING' is not a container service state"),
        (["READY", "nope"], "'nope' is not a container service state"),
    ],
)
def test_until_rejects_bad_states(
    client: ContainerServiceClient, until: str | list[str], message: str
) -> None:
    """Unknown or missing target states raise ValueError before any call."""
    with pytest.raises(ValueError, match=message):
        client.wait_for_service("web", until=until)


def test_until_accepts_state_names(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A state may be given by its name, alone or in a list."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="READY"), service_dict(state="READY"))

    assert client.wait_for_service("web", until="READY").state is ContainerServiceState.READY
    assert client.wait_for_service("web", until=["READY"]).state is ContainerServiceState.READY


@pytest.mark.parametrize("version", [0, -1, True, 1.5])
def test_deployment_version_checked(client: ContainerServiceClient, version: object) -> None:
    """A deployment version that cannot exist raises ValueError before any call."""
    with pytest.raises(ValueError, match="is not a deployment version"):
        client.wait_for_deployment("web", version)  # type: ignore[arg-type]
