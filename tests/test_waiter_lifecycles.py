"""Update, deletion, resume, progress, retries, fleets and failure logs, under Stubber."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    ContainerServiceClient,
    ContainerServiceState,
    DeploymentFailedError,
    FleetWaitError,
    NotFoundError,
    PollEvent,
    PollingPolicy,
    ServiceError,
    TargetUnreachableError,
    WaitTimeoutError,
    WaitToken,
)
from lightsail_containers.simulator import VirtualClock

from support import service_dict

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

POLICY = PollingPolicy(
    timeout_seconds=300, first_delay_seconds=5, max_delay_seconds=10, jitter_seconds=0
)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def client(stubbed: tuple[LightsailClient, Stubber], clock: VirtualClock) -> ContainerServiceClient:
    lightsail, _ = stubbed
    return ContainerServiceClient(
        lightsail,
        polling=POLICY,
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


def queue(stubber: Stubber, *services: dict[str, Any]) -> None:
    for service in services:
        stubber.add_response(
            "get_container_services",
            {"containerServices": [service]},
            {"serviceName": service["containerServiceName"]},
        )


def queue_error(stubber: Stubber, code: str, message: str = "", status: int = 400) -> None:
    stubber.add_client_error(
        "get_container_services",
        service_error_code=code,
        service_message=message,
        http_status_code=status,
        expected_params={"serviceName": "web"},
    )


def test_update_waits_for_requested_values(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """An update is done when the service is up again with the requested power and scale."""
    _, stubber = stubbed
    old = service_dict(state="RUNNING", current=(1, "ACTIVE"))
    new = {**old, "power": "micro", "scale": 3}
    queue(stubber, old, {**old, "state": "UPDATING"}, new)

    service = client.wait_for_update("web", power="micro", scale=3)

    assert service.power == "micro"
    assert service.scale == 3


def test_update_compares_domains_as_sets(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """Domain names match whatever order AWS reports them in."""
    _, stubber = stubbed
    service = {
        **service_dict(state="READY"),
        "publicDomainNames": {"cert": ["b.example.com", "a.example.com"]},
    }
    queue(stubber, service)

    result = client.wait_for_update(
        "web", public_domain_names={"cert": ["a.example.com", "b.example.com"]}
    )

    assert result.public_domain_names == {"cert": ("b.example.com", "a.example.com")}


def test_deletion_ends_at_not_found(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A deletion wait ends when GetContainerServices raises NotFoundException."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="DELETING"))
    queue_error(stubber, "NotFoundException", "The container service does not exist")

    client.wait_for_deletion("web")


def test_deletion_without_delete_unreachable(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """Waiting for deletion of a settled service with no deletion running fails fast."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="RUNNING"))

    with pytest.raises(TargetUnreachableError, match="no deletion is in progress"):
        client.wait_for_deletion("web")


def test_missing_service_raises_not_found(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A service that does not exist at the first poll raises AWS's NotFoundError."""
    _, stubber = stubbed
    queue_error(stubber, "NotFoundException", "The container service does not exist")

    with pytest.raises(NotFoundError, match="does not exist"):
        client.wait_for_service("web")


@pytest.mark.parametrize(
    ("code", "message", "status"),
    [
        ("ThrottlingException", "Rate exceeded", 400),
        ("ServiceException", "internal failure", 500),
        ("InvalidInputException", "Please try again in a few minutes.", 400),
    ],
    ids=["throttling", "server-error", "busy"],
)
def test_transient_errors_retried(
    stubbed: tuple[LightsailClient, Stubber],
    client: ContainerServiceClient,
    code: str,
    message: str,
    status: int,
) -> None:
    """Transient status-call errors are retried and do not end the wait."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="PENDING"))
    queue_error(stubber, code, message, status)
    queue_error(stubber, code, message, status)
    queue(stubber, service_dict(state="READY"))
    events: list[PollEvent] = []

    service = client.wait_for_service("web", on_poll=events.append)

    assert service.state is ContainerServiceState.READY
    errors = [event.error for event in events if event.error is not None]
    assert len(errors) == 2
    assert all(isinstance(error, ServiceError) and error.code == code for error in errors)


def test_persistent_throttling_times_out(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, clock: VirtualClock
) -> None:
    """Errors that never stop end in a timeout at the deadline, naming the last error."""
    _, stubber = stubbed
    policy = PollingPolicy(timeout_seconds=30, first_delay_seconds=5, max_delay_seconds=10)
    started = clock.monotonic()
    for _ in range(7):
        queue_error(stubber, "ThrottlingException", "Rate exceeded")

    with pytest.raises(WaitTimeoutError, match="Rate exceeded") as caught:
        client.wait_for_service("web", polling=policy)

    assert clock.monotonic() - started == 30
    assert isinstance(caught.value.__cause__, ServiceError)


def test_other_errors_not_retried(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """An access error during a wait is raised at once."""
    _, stubber = stubbed
    queue_error(stubber, "AccessDeniedException", "not allowed")

    with pytest.raises(ServiceError, match="not allowed"):
        client.wait_for_service("web")


def test_poll_events_carry_next_delay(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """Every poll reports its attempt, elapsed time, snapshot and the next delay."""
    _, stubber = stubbed
    queue(stubber, service_dict(state="PENDING"), service_dict(state="PENDING"))
    queue(stubber, service_dict(state="READY"))
    events: list[PollEvent] = []

    client.wait_for_service("web", on_poll=events.append)

    assert [e.attempt for e in events] == [1, 2, 3]
    assert [e.elapsed_seconds for e in events] == [0, 5, 15]
    assert [e.next_delay_seconds for e in events] == [5, 10, None]
    assert all(e.service is not None for e in events)


def test_history_has_transitions(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """The waiter keeps every transition with its time."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="PENDING"),
        service_dict(state="PENDING"),
        service_dict(state="READY"),
    )
    waiter = client.service_waiter("web")

    waiter.wait()

    assert [(t.state, t.elapsed_seconds) for t in waiter.history] == [
        (ContainerServiceState.PENDING, 0),
        (ContainerServiceState.READY, 15),
    ]
    assert waiter.attempts == 3


def test_resume_keeps_deadline(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, clock: VirtualClock
) -> None:
    """A resumed wait keeps its target, start time and deadline."""
    _, stubber = stubbed
    first = client.deployment_waiter("web", 7)
    text = first.token().to_string()
    clock.advance(100)
    queue(stubber, service_dict(state="RUNNING", current=(7, "ACTIVE")))

    resumed = client.resume(text)
    service = resumed.wait()

    assert service is not None
    assert resumed.token() == first.token()
    assert resumed.history[0].elapsed_seconds == 100
    assert WaitToken.from_string(text).target == {"kind": "deployment", "version": 7}


def test_resume_after_deadline_times_out(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, clock: VirtualClock
) -> None:
    """A token whose deadline has passed polls once, then times out."""
    _, stubber = stubbed
    token = client.service_waiter("web").token()
    clock.advance(POLICY.timeout_seconds + 1)
    queue(stubber, service_dict(state="PENDING"))

    with pytest.raises(WaitTimeoutError):
        client.resume(token).wait()


@pytest.mark.parametrize("text", ["", "not-base64!", "eyJ4IjogMX0=", "bnVsbA=="])
def test_bad_token_rejected(text: str) -> None:
    """A string that is not a waiter token raises ValueError."""
    with pytest.raises(ValueError, match="invalid waiter resume token"):
        WaitToken.from_string(text)


def fleet_response(*services: dict[str, Any]) -> dict[str, Any]:
    return {"containerServices": list(services)}


def test_fleet_uses_one_call_per_poll(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A fleet wait lists all services once per poll and reports each one."""
    _, stubber = stubbed
    polls = [
        [service_dict("a", state="PENDING"), service_dict("b", state="PENDING")],
        [service_dict("a", state="READY"), service_dict("b", state="PENDING")],
        [
            service_dict("a", state="READY"),
            service_dict("b", state="PENDING", detail=("CERTIFICATE_LIMIT_EXCEEDED", "quota")),
        ],
    ]
    for services in polls:
        stubber.add_response("get_container_services", fleet_response(*services), {})

    result = client.wait_for_services(["a", "b", "c"])

    assert not result.ok
    assert set(result.services) == {"a"}
    assert set(result.errors) == {"b", "c"}
    assert isinstance(result.errors["c"], NotFoundError)
    assert "CERTIFICATE_LIMIT_EXCEEDED" in str(result.errors["b"])
    with pytest.raises(FleetWaitError) as caught:
        result.raise_for_errors()
    assert set(caught.value.errors) == {"b", "c"}


def test_fleet_deployments(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A fleet of deployment waits reports each version's outcome."""
    _, stubber = stubbed
    stubber.add_response(
        "get_container_services",
        fleet_response(
            service_dict("a", state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
            service_dict("b", state="RUNNING", current=(4, "ACTIVE")),
        ),
        {},
    )
    stubber.add_response(
        "get_container_services",
        fleet_response(service_dict("a", state="RUNNING", current=(2, "ACTIVE"))),
        {},
    )

    result = client.wait_for_deployments({"a": 2, "b": 4})

    assert result.ok
    assert set(result.services) == {"a", "b"}


def add_history(stubber: Stubber, *versions: tuple[int, str]) -> None:
    deployments = [{"version": version, "state": state} for version, state in versions]
    stubber.add_response(
        "get_container_service_deployments", {"deployments": deployments}, {"serviceName": "web"}
    )


def add_log(stubber: Stubber, lines: list[str], next_page: str | None = None) -> None:
    response: dict[str, Any] = {
        "logEvents": [
            {"createdAt": datetime(2026, 1, 1, 0, 0, i, tzinfo=timezone.utc), "message": line}
            for i, line in enumerate(lines)
        ]
    }
    if next_page is not None:
        response["nextPageToken"] = next_page
    stubber.add_response("get_container_log", response)


def test_failed_deployment_carries_logs(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A failed deployment's error shows the newest log lines of each container."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE")),
    )
    add_history(stubber, (2, "FAILED"), (1, "ACTIVE"))
    add_log(stubber, ["starting"], next_page="page-2")
    add_log(stubber, ["Error: listen EADDRINUSE 0.0.0.0:80"])

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 2)

    assert caught.value.logs is not None
    assert [e.message for e in caught.value.logs["web"]] == [
        "starting",
        "Error: listen EADDRINUSE 0.0.0.0:80",
    ]
    assert "EADDRINUSE" in str(caught.value)
    assert "container web:" in str(caught.value)


@pytest.mark.parametrize("start", ["waiter", "resumed"])
def test_waiter_wait_explains_failure(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient, start: str
) -> None:
    """A waiter's own wait() checks the history and attaches logs, as the client does."""
    _, stubber = stubbed
    waiter = client.deployment_waiter("web", 2)
    if start == "resumed":
        waiter = client.resume(waiter.token().to_string())
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE")),
    )
    add_history(stubber, (2, "FAILED"), (1, "ACTIVE"))
    add_log(stubber, ["Error: listen EADDRINUSE 0.0.0.0:80"])

    with pytest.raises(DeploymentFailedError) as caught:
        waiter.wait()

    assert caught.value.logs is not None
    assert [e.message for e in caught.value.logs["web"]] == ["Error: listen EADDRINUSE 0.0.0.0:80"]


def test_waiter_wait_finds_missing_version(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A version that the history lacks ends a waiter's wait() as unreachable."""
    _, stubber = stubbed
    waiter = client.deployment_waiter("web", 7)
    queue(stubber, service_dict(state="RUNNING", current=(1, "ACTIVE")))
    add_history(stubber, (1, "ACTIVE"))

    with pytest.raises(TargetUnreachableError, match="deployment 7 does not exist"):
        waiter.wait()


def test_failed_deployment_without_logs(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """If the logs cannot be fetched the deployment error still surfaces, with a note."""
    _, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE")),
    )
    add_history(stubber, (2, "FAILED"), (1, "ACTIVE"))
    stubber.add_client_error("get_container_log", "AccessDeniedException", "no logs for you")

    with pytest.raises(DeploymentFailedError) as caught:
        client.wait_for_deployment("web", 2)

    assert caught.value.logs is None
    assert caught.value.logs_unavailable is not None
    assert "Container logs are unavailable" in str(caught.value)
    assert "no logs for you" in str(caught.value)
