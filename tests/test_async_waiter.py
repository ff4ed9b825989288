"""Async waiters against exact response sequences from aiobotocore's AioStubber."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import boto3
import pytest

pytest.importorskip("aiobotocore", reason="the async client needs the async extra")
pytest.importorskip("pytest_asyncio", reason="the async tests need pytest-asyncio")

import pytest_asyncio

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
    TerminalStateDetailError,
    Transition,
    WaitTimeoutError,
    WaitToken,
)
from lightsail_containers._async_client import AsyncContainerServiceClient
from lightsail_containers.simulator import VirtualClock

from async_support import NO_JITTER, RecordingSleep, queue, queue_error, stubbed_lightsail
from support import service_dict

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from aiobotocore.stub import AioStubber

pytestmark = pytest.mark.asyncio


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sleep(clock: VirtualClock) -> RecordingSleep:
    return RecordingSleep(clock)


@pytest_asyncio.fixture
async def stubbed(
    clock: VirtualClock, sleep: RecordingSleep
) -> AsyncIterator[tuple[AsyncContainerServiceClient, AioStubber]]:
    async with stubbed_lightsail() as (lightsail, stubber):
        client = AsyncContainerServiceClient(
            lightsail,
            polling=NO_JITTER,
            clock=clock.monotonic,
            sleep=sleep,
            wall_clock=lambda: clock.now().timestamp(),
        )
        yield client, stubber


def add_history(stubber: AioStubber, *versions: tuple[int, str]) -> None:
    deployments = [{"version": version, "state": state} for version, state in versions]
    stubber.add_response(
        "get_container_service_deployments", {"deployments": deployments}, {"serviceName": "web"}
    )


def add_log(stubber: AioStubber, lines: list[str], next_page: str | None = None) -> None:
    response: dict[str, Any] = {
        "logEvents": [
            {"createdAt": datetime(2026, 1, 1, 0, 0, i, tzinfo=timezone.utc), "message": line}
            for i, line in enumerate(lines)
        ]
    }
    if next_page is not None:
        response["nextPageToken"] = next_page
    stubber.add_response("get_container_log", response)


async def test_deployment_becomes_active(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], sleep: RecordingSleep
) -> None:
    """The waiter returns once the version is the ACTIVE current deployment."""
    client, stubber = stubbed
    deploying = service_dict(
        state="DEPLOYING",
        detail=("EVALUATING_HEALTH_CHECK", ""),
        current=(1, "ACTIVE"),
        next_=(2, "ACTIVATING"),
    )
    queue(
        stubber,
        service_dict(
            state="DEPLOYING",
            detail=("CREATING_DEPLOYMENT", ""),
            current=(1, "ACTIVE"),
            next_=(2, "ACTIVATING"),
        ),
        deploying,
        deploying,
        service_dict(state="RUNNING", current=(2, "ACTIVE")),
    )
    transitions: list[Transition] = []

    service = await client.wait_for_deployment("web", 2, on_transition=transitions.append)

    assert service.current_deployment is not None
    assert service.current_deployment.version == 2
    assert sleep.sleeps == [5, 10, 20]
    assert [t.describe() for t in transitions] == [
        "DEPLOYING (CREATING_DEPLOYMENT), deployment 2 ACTIVATING",
        "DEPLOYING (EVALUATING_HEALTH_CHECK), deployment 2 ACTIVATING",
        "RUNNING, deployment 2 ACTIVE",
    ]
    assert [t.elapsed_seconds for t in transitions] == [0, 5, 35]


async def test_deployment_failed_state_raises(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A FAILED deployment raises DeploymentFailedError with the version and snapshot."""
    client, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE"), next_=(2, "FAILED")),
    )
    add_log(stubber, ["crashed"])

    with pytest.raises(DeploymentFailedError) as caught:
        await client.wait_for_deployment("web", 2)

    assert caught.value.version == 2
    assert caught.value.attempts == 2
    assert caught.value.elapsed_seconds == 5
    assert caught.value.logs is not None
    assert "deployment 2 is FAILED" in str(caught.value)


async def test_vanished_deployment_carries_logs(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A version that left the service is confirmed in the history, and gets its logs."""
    client, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE")),
    )
    add_history(stubber, (2, "FAILED"), (1, "ACTIVE"))
    add_log(stubber, ["starting"], next_page="page-2")
    add_log(stubber, ["Error: listen EADDRINUSE 0.0.0.0:80"])

    with pytest.raises(DeploymentFailedError) as caught:
        await client.wait_for_deployment("web", 2)

    assert caught.value.logs is not None
    assert [event.message for event in caught.value.logs["web"]] == [
        "starting",
        "Error: listen EADDRINUSE 0.0.0.0:80",
    ]
    assert "EADDRINUSE" in str(caught.value)


@pytest.mark.parametrize("start", ["waiter", "resumed"])
async def test_waiter_wait_explains_failure(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], start: str
) -> None:
    """A waiter's own wait() checks the history and attaches logs, as the client does."""
    client, stubber = stubbed
    waiter = await client.deployment_waiter("web", 2)
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
        await waiter.wait()

    assert caught.value.logs is not None
    assert [e.message for e in caught.value.logs["web"]] == ["Error: listen EADDRINUSE 0.0.0.0:80"]


async def test_waiter_wait_finds_missing_version(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A version that the history lacks ends a waiter's wait() as unreachable."""
    client, stubber = stubbed
    waiter = await client.deployment_waiter("web", 5)
    queue(stubber, service_dict(state="RUNNING", current=(1, "ACTIVE")))
    add_history(stubber, (1, "ACTIVE"))

    with pytest.raises(TargetUnreachableError, match="deployment 5 does not exist"):
        await waiter.wait()


async def test_failed_deployment_without_logs(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """If the logs cannot be fetched, the deployment error still surfaces, with the reason."""
    client, stubber = stubbed
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(1, "ACTIVE")),
    )
    add_history(stubber, (2, "FAILED"), (1, "ACTIVE"))
    queue_error(stubber, "get_container_log", "AccessDeniedException", "no logs for you")

    with pytest.raises(DeploymentFailedError) as caught:
        await client.wait_for_deployment("web", 2)

    assert caught.value.logs is None
    assert caught.value.logs_unavailable is not None
    assert "no logs for you" in str(caught.value)


async def test_never_existing_version_unreachable(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A version above every version of the history never existed."""
    client, stubber = stubbed
    queue(stubber, service_dict(state="RUNNING", current=(1, "ACTIVE")))
    add_history(stubber, (1, "ACTIVE"))

    with pytest.raises(TargetUnreachableError, match="deployment 5 does not exist"):
        await client.wait_for_deployment("web", 5)


async def test_default_version_is_newest(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """Without a version, the waiter follows the newest of the history and the snapshot."""
    client, stubber = stubbed
    add_history(stubber, (1, "ACTIVE"))
    queue(
        stubber,
        service_dict(state="DEPLOYING", current=(1, "ACTIVE"), next_=(2, "ACTIVATING")),
        service_dict(state="RUNNING", current=(2, "ACTIVE")),
    )

    waiter = await client.deployment_waiter("web")
    service = await client.wait(waiter)

    assert waiter.token().target == {"kind": "deployment", "version": 2}
    assert service.current_deployment is not None
    assert service.current_deployment.version == 2


async def test_terminal_state_detail_fails_at_first_poll(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], sleep: RecordingSleep
) -> None:
    """A terminal stateDetail code raises at the poll that shows it, without sleeping."""
    client, stubber = stubbed
    queue(
        stubber,
        service_dict(state="PENDING", detail=("CERTIFICATE_LIMIT_EXCEEDED", "quota")),
    )

    with pytest.raises(TerminalStateDetailError) as caught:
        await client.wait_for_service("web")

    assert caught.value.attempts == 1
    assert sleep.sleeps == []


@pytest.mark.parametrize(
    ("code", "message", "status"),
    [
        ("ThrottlingException", "Rate exceeded", 400),
        ("ServiceException", "internal failure", 500),
        ("InvalidInputException", "Please try again in a few minutes.", 400),
    ],
    ids=["throttling", "server-error", "busy"],
)
async def test_transient_errors_retried(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
    code: str,
    message: str,
    status: int,
) -> None:
    """Transient status-call errors are retried and reported as poll events."""
    client, stubber = stubbed
    queue(stubber, service_dict(state="PENDING"))
    queue_error(stubber, "get_container_services", code, message, status)
    queue_error(stubber, "get_container_services", code, message, status)
    queue(stubber, service_dict(state="READY"))
    events: list[PollEvent] = []

    service = await client.wait_for_service("web", on_poll=events.append)

    assert service.state is ContainerServiceState.READY
    errors = [event.error for event in events if event.error is not None]
    assert len(errors) == 2
    assert all(isinstance(error, ServiceError) and error.code == code for error in errors)


async def test_persistent_throttling_times_out(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], clock: VirtualClock
) -> None:
    """Errors that never stop end in a timeout at the deadline, naming the last error."""
    client, stubber = stubbed
    policy = PollingPolicy(timeout_seconds=30, first_delay_seconds=5, max_delay_seconds=10)
    for _ in range(7):
        queue_error(stubber, "get_container_services", "ThrottlingException", "Rate exceeded")

    with pytest.raises(WaitTimeoutError, match="Rate exceeded") as caught:
        await client.wait_for_service("web", polling=policy)

    assert clock.monotonic() == 30
    assert isinstance(caught.value.__cause__, ServiceError)


async def test_other_errors_not_retried(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """An access error during a wait is raised at once."""
    client, stubber = stubbed
    queue_error(stubber, "get_container_services", "AccessDeniedException", "not allowed")

    with pytest.raises(ServiceError, match="not allowed"):
        await client.wait_for_service("web")


async def test_timeout_carries_last_snapshot(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """After the timeout, the error carries the attempts, elapsed time and last snapshot."""
    client, stubber = stubbed
    policy = PollingPolicy(
        timeout_seconds=20, first_delay_seconds=5, max_delay_seconds=10, jitter_seconds=0
    )
    queue(stubber, *[service_dict(state="PENDING") for _ in range(4)])

    with pytest.raises(WaitTimeoutError) as caught:
        await client.wait_for_service("web", polling=policy)

    assert caught.value.attempts == 4
    assert caught.value.elapsed_seconds == 20
    assert caught.value.last is not None
    assert caught.value.last.state is ContainerServiceState.PENDING


async def test_poll_events_and_history(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """Every poll reports its attempt and next delay; the waiter keeps each transition."""
    client, stubber = stubbed
    queue(
        stubber,
        service_dict(state="PENDING"),
        service_dict(state="PENDING"),
        service_dict(state="READY"),
    )
    events: list[PollEvent] = []
    waiter = client.service_waiter("web", on_poll=events.append)

    await waiter.wait()

    assert [e.attempt for e in events] == [1, 2, 3]
    assert [e.elapsed_seconds for e in events] == [0, 5, 15]
    assert [e.next_delay_seconds for e in events] == [5, 10, None]
    assert [(t.state, t.elapsed_seconds) for t in waiter.history] == [
        (ContainerServiceState.PENDING, 0),
        (ContainerServiceState.READY, 15),
    ]
    assert waiter.attempts == 3


async def test_missing_service_raises_not_found(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A service that never existed raises NotFoundError at the first poll."""
    client, stubber = stubbed
    queue_error(
        stubber, "get_container_services", "NotFoundException", "The service does not exist."
    )

    with pytest.raises(NotFoundError):
        await client.wait_for_service("web")


async def test_deleted_while_waiting_unreachable(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A service that disappears during the wait cannot reach the target any more."""
    client, stubber = stubbed
    queue(stubber, service_dict(state="PENDING"))
    queue_error(stubber, "get_container_services", "NotFoundException", "does not exist")

    with pytest.raises(TargetUnreachableError, match="no longer exists"):
        await client.wait_for_service("web")


async def test_deletion_ends_at_not_found(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A deletion wait ends when GetContainerServices no longer finds the service."""
    client, stubber = stubbed
    queue(stubber, service_dict(state="DELETING"))
    queue_error(stubber, "get_container_services", "NotFoundException", "does not exist")

    await client.wait_for_deletion("web")


async def test_update_waits_for_values(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """An update wait ends only when the service is up and reports the new values."""
    client, stubber = stubbed
    queue(
        stubber,
        service_dict(state="UPDATING"),
        {**service_dict(state="RUNNING"), "scale": 1},
        {**service_dict(state="RUNNING"), "scale": 3},
    )

    service = await client.wait_for_update("web", scale=3)

    assert service.scale == 3


async def test_resume_keeps_deadline(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], clock: VirtualClock
) -> None:
    """A resumed async wait keeps its target, start time and deadline."""
    client, stubber = stubbed
    first = await client.deployment_waiter("web", 7)
    text = first.token().to_string()
    clock.advance(100)
    queue(stubber, service_dict(state="RUNNING", current=(7, "ACTIVE")))

    resumed = client.resume(text)
    service = await resumed.wait()

    assert service is not None
    assert resumed.token() == first.token()
    assert resumed.history[0].elapsed_seconds == 100


async def test_sync_token_resumes_async(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], clock: VirtualClock
) -> None:
    """A token of a sync waiter resumes on the async client with the same deadline."""
    client, stubber = stubbed
    lightsail = boto3.client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106  # a dummy for the offline client
    )
    sync_client = ContainerServiceClient(
        lightsail, polling=NO_JITTER, wall_clock=lambda: clock.now().timestamp()
    )
    token = sync_client.service_waiter("web").token()
    clock.advance(NO_JITTER.timeout_seconds + 1)
    queue(stubber, service_dict(state="PENDING"))

    with pytest.raises(WaitTimeoutError):
        await client.resume(token).wait()
    assert WaitToken.from_string(token.to_string()) == token


async def test_fleet_uses_one_call_per_poll(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A fleet wait lists all services once per poll and reports each one."""
    client, stubber = stubbed
    polls = [
        [service_dict("a", state="PENDING"), service_dict("b", state="PENDING")],
        [service_dict("a", state="READY"), service_dict("b", state="PENDING")],
        [
            service_dict("a", state="READY"),
            service_dict("b", state="PENDING", detail=("CERTIFICATE_LIMIT_EXCEEDED", "quota")),
        ],
    ]
    for services in polls:
        stubber.add_response("get_container_services", {"containerServices": services}, {})

    result = await client.wait_for_services(["a", "b", "c"])

    assert set(result.services) == {"a"}
    assert set(result.errors) == {"b", "c"}
    assert isinstance(result.errors["c"], NotFoundError)
    assert "CERTIFICATE_LIMIT_EXCEEDED" in str(result.errors["b"])
    with pytest.raises(FleetWaitError):
        result.raise_for_errors()


async def test_fleet_deployments_confirm_failures(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A fleet of deployment waits checks a vanished version in its service's history."""
    client, stubber = stubbed
    stubber.add_response(
        "get_container_services",
        {
            "containerServices": [
                service_dict("a", state="RUNNING", current=(2, "ACTIVE")),
                service_dict("web", state="RUNNING", current=(1, "ACTIVE")),
            ]
        },
        {},
    )
    add_history(stubber, (1, "ACTIVE"))

    result = await client.wait_for_deployments({"a": 2, "web": 4})

    assert set(result.services) == {"a"}
    assert isinstance(result.errors["web"], TargetUnreachableError)
    assert "does not exist" in str(result.errors["web"])


async def test_fleet_times_out_pending(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """Services still pending at the deadline each get a WaitTimeoutError."""
    client, stubber = stubbed
    policy = PollingPolicy(
        timeout_seconds=10, first_delay_seconds=5, max_delay_seconds=5, jitter_seconds=0
    )
    for _ in range(3):
        stubber.add_response(
            "get_container_services",
            {"containerServices": [service_dict("a", state="PENDING")]},
            {},
        )

    result = await client.wait_for_services(["a"], polling=policy)

    assert isinstance(result.errors["a"], WaitTimeoutError)


@pytest.mark.parametrize("version", [0, -1, True, 1.5, "2"])
async def test_deployment_version_checked(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], version: object
) -> None:
    """A deployment version that cannot exist raises ValueError before any call."""
    client, _ = stubbed

    with pytest.raises(ValueError, match="is not a deployment version"):
        await client.wait_for_deployment("web", version)  # type: ignore[arg-type]


async def test_until_rejects_bad_states(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """Unknown target states raise ValueError before any call."""
    client, _ = stubbed

    with pytest.raises(ValueError, match="is not a container service state"):
        await client.wait_for_service("web", until="SLEEPING")
