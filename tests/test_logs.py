"""Container logs: every page, time ranges and filters, and the follow mode."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    Container,
    ContainerLogEvent,
    ContainerServiceClient,
    DeploymentRequest,
    EndpointRequest,
    NotFoundError,
    Power,
    ValidationError,
)
from lightsail_containers._log_stream import FOLLOW_LOOKBACK
from lightsail_containers.simulator import Simulator, VirtualClock

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
NGINX = DeploymentRequest(
    containers={"web": Container(image="nginx:1.25", ports={"80": "HTTP"})},
    public_endpoint=EndpointRequest("web", 80),
)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    # Small pages, so that every test of the simulator reads several of them.
    return Simulator(clock=clock, log_page_size=3)


@pytest.fixture
def client(sim: Simulator, clock: VirtualClock) -> ContainerServiceClient:
    return ContainerServiceClient(
        sim.client(),
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


@pytest.fixture
def stub_clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def stub_client(
    stubbed: tuple[LightsailClient, Stubber], stub_clock: VirtualClock
) -> ContainerServiceClient:
    lightsail, _ = stubbed
    return ContainerServiceClient(lightsail, clock=stub_clock.monotonic, sleep=stub_clock.sleep)


def deployed(client: ContainerServiceClient) -> None:
    client.create_service("web", power=Power.NANO, scale=1, deployment=NGINX)
    client.wait_for_deployment("web", 1)


def event(seconds: float, message: str) -> dict[str, Any]:
    """Return a ContainerServiceLogEvent of the API reference: createdAt and message."""
    return {"createdAt": T0 + timedelta(seconds=seconds), "message": message}


def add_page(
    stubber: Stubber,
    events: list[dict[str, Any]],
    expected: dict[str, Any],
    next_page: str | None = None,
) -> None:
    response: dict[str, Any] = {"logEvents": events}
    if next_page is not None:
        response["nextPageToken"] = next_page
    stubber.add_response("get_container_log", response, {"serviceName": "web", **expected})


# Reading a log.


def test_reads_every_page(client: ContainerServiceClient, sim: Simulator) -> None:
    deployed(client)

    events = list(client.container_logs("web", "web"))

    assert all(isinstance(item, ContainerLogEvent) for item in events)
    assert [item.message for item in events] == sim.container_log("web", "web")
    assert len(events) > 3
    assert sim.calls.count("GetContainerLog") == -(-len(events) // 3)


def test_filter_and_time_range(client: ContainerServiceClient, clock: VirtualClock) -> None:
    start = clock.now()
    deployed(client)
    end = clock.now()
    client.create_deployment("web", NGINX)
    client.wait_for_deployment("web", 2)

    events = list(
        client.container_logs(
            "web", "web", start_time=start, end_time=end, filter_pattern="deployment:1"
        )
    )

    assert events
    assert all("deployment:1" in (item.message or "") for item in events)
    assert all(item.created_at is not None and start <= item.created_at <= end for item in events)


def test_container_that_never_ran(client: ContainerServiceClient) -> None:
    deployed(client)

    with pytest.raises(NotFoundError):
        list(client.container_logs("web", "worker"))


def test_request_members_and_pages(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    naive_start = datetime(2026, 1, 1, 12, 0)  # noqa: DTZ001  # naive on purpose: taken as UTC
    members = {
        "containerName": "web",
        "startTime": T0,
        "endTime": T0 + timedelta(hours=1),
        "filterPattern": "?ERROR ?WARN",
    }
    add_page(stubber, [event(1, "WARN slow"), event(2, "ERROR down")], members, "page-2")
    add_page(stubber, [event(3, "ERROR again")], {**members, "pageToken": "page-2"})

    events = stub_client.container_logs(
        "web",
        "web",
        start_time=naive_start,
        end_time=T0 + timedelta(hours=1),
        filter_pattern="?ERROR ?WARN",
    )

    assert [item.message for item in events] == ["WARN slow", "ERROR down", "ERROR again"]


def test_repeated_token_ends_reading(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    add_page(stubber, [event(1, "one")], {"containerName": "web"}, "same")
    add_page(stubber, [event(2, "two")], {"containerName": "web", "pageToken": "same"}, "same")

    events = list(stub_client.container_logs("web", "web"))

    assert [item.message for item in events] == ["one", "two"]


def test_transient_error_retried(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_client_error("get_container_log", "ThrottlingException", "slow down", 400)
    add_page(stubber, [event(1, "one")], {"containerName": "web"})

    events = list(stub_client.container_logs("web", "web"))

    assert [item.message for item in events] == ["one"]


def test_nothing_called_before_iteration(client: ContainerServiceClient, sim: Simulator) -> None:
    client.container_logs("web", "web")
    client.container_logs("web", "web", follow=True)

    assert sim.calls == []


# Checks before any call.


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"service_name": "Web"}, "serviceName"),
        ({"container_name": "Web_1"}, "containerName"),
        ({"container_name": "a" * 54}, "containerName"),
        ({"start_time": T0, "end_time": T0}, "endTime"),
        ({"start_time": T0, "end_time": T0 - timedelta(seconds=1)}, "endTime"),
        ({"start_time": "2026-01-01"}, "startTime"),
        ({"filter_pattern": 3}, "filterPattern"),
    ],
)
def test_invalid_parameters(
    client: ContainerServiceClient, sim: Simulator, arguments: dict[str, Any], path: str
) -> None:
    values: dict[str, Any] = {"service_name": "web", "container_name": "web", **arguments}

    with pytest.raises(ValidationError) as caught:
        client.container_logs(**values)

    assert [problem.path for problem in caught.value.problems] == [path]
    assert sim.calls == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"follow": True, "end_time": T0}, "end_time does not apply"),
        ({"stop": lambda: True}, "only with follow"),
        ({"max_duration_seconds": 60}, "only with follow"),
        ({"follow": True, "poll_interval_seconds": 0}, "poll_interval_seconds"),
        ({"follow": True, "max_duration_seconds": float("inf")}, "max_duration_seconds"),
    ],
)
def test_invalid_follow_options(
    client: ContainerServiceClient, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        client.container_logs("web", "web", **arguments)


# Following a log.


def test_follow_yields_new_lines_once(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    """Lines written while the follow polls appear once each, in time order."""
    client.create_service("web", power=Power.NANO, scale=1, deployment=NGINX)
    clock.sleep(sim.durations.provisioning)

    events = list(
        client.container_logs(
            "web", "web", follow=True, poll_interval_seconds=20, max_duration_seconds=600
        )
    )

    messages = [item.message for item in events]
    assert messages == sim.container_log("web", "web")
    assert any("Reached a steady state" in (message or "") for message in messages)
    assert clock.monotonic() == pytest.approx(sim.durations.provisioning + 600)


def test_follow_stops_when_asked(client: ContainerServiceClient, sim: Simulator) -> None:
    deployed(client)
    seen: list[ContainerLogEvent] = []

    for item in client.container_logs(
        "web", "web", follow=True, stop=lambda: len(seen) >= 2, poll_interval_seconds=5
    ):
        seen.append(item)  # noqa: PERF402  # stop reads the list while the loop fills it

    assert len(seen) == len(sim.container_log("web", "web"))
    assert sim.calls.count("GetContainerLog") == -(-len(seen) // 3)


def test_follow_ends_when_caller_stops(
    client: ContainerServiceClient, sim: Simulator, clock: VirtualClock
) -> None:
    deployed(client)
    stream = client.container_logs("web", "web", follow=True)

    first = next(stream)
    stream.close()
    calls = sim.calls.count("GetContainerLog")
    clock.sleep(600)

    assert first.message == sim.container_log("web", "web")[0]
    assert calls == 1
    assert sim.calls.count("GetContainerLog") == 1


def test_follow_overlaps_polls_without_repeats(
    stubbed: tuple[LightsailClient, Stubber],
    stub_client: ContainerServiceClient,
    stub_clock: VirtualClock,
) -> None:
    """Polls read again the look-back span; repeated lines are dropped, late ones kept."""
    _, stubber = stubbed
    first = [event(0, "start"), event(10, "same"), event(10, "same")]
    add_page(stubber, first, {"containerName": "web", "startTime": T0})
    # The second poll starts the look-back span before the newest line, but no earlier
    # than the requested start.
    second = [*first, event(5, "late line of another node"), event(20, "new")]
    add_page(stubber, second, {"containerName": "web", "startTime": T0})
    third = [event(10, "same"), event(10, "same"), event(20, "new"), event(30, "newer")]
    add_page(
        stubber,
        third,
        {"containerName": "web", "startTime": T0 + timedelta(seconds=20) - FOLLOW_LOOKBACK},
    )

    events = stub_client.container_logs(
        "web",
        "web",
        start_time=T0,
        follow=True,
        poll_interval_seconds=10,
        max_duration_seconds=20,
    )

    assert [item.message for item in events] == [
        "start",
        "same",
        "same",
        "late line of another node",
        "new",
        "newer",
    ]
    assert stub_clock.monotonic() == 20


def test_follow_last_poll_at_deadline(
    stubbed: tuple[LightsailClient, Stubber],
    stub_client: ContainerServiceClient,
    stub_clock: VirtualClock,
) -> None:
    _, stubber = stubbed
    add_page(stubber, [], {"containerName": "web"})
    add_page(stubber, [event(1, "late")], {"containerName": "web"})

    events = stub_client.container_logs(
        "web", "web", follow=True, poll_interval_seconds=30, max_duration_seconds=12
    )

    assert [item.message for item in events] == ["late"]
    assert stub_clock.monotonic() == 12
