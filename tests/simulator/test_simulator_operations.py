"""Container-service operations beyond the service lifecycle: deployments, logs, metrics,
images, powers, the registry sign-in and the API metadata."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers.simulator import ContainerBehaviour, Simulator, VirtualClock

if TYPE_CHECKING:
    from mypy_boto3_lightsail import LightsailClient
    from mypy_boto3_lightsail.type_defs import ContainerServiceDeploymentRequestTypeDef

DIGEST = "sha256:" + "0123456789abcdef" * 4


def deployment(image: str = "nginx:1") -> ContainerServiceDeploymentRequestTypeDef:
    return {
        "containers": {"app": {"image": image, "ports": {"80": "HTTP"}}},
        "publicEndpoint": {"containerName": "app", "containerPort": 80},
    }


def running(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(
        serviceName="web", power="nano", scale=1, deployment=deployment()
    )
    sim.advance(sim.durations.provisioning + sim.durations.healthy_deployment)


def redeploy(client: LightsailClient, sim: Simulator, image: str) -> None:
    client.create_container_service_deployment(serviceName="web", **deployment(image))
    sim.advance(sim.durations.healthy_deployment)


def test_deployments_newest_first(client: LightsailClient, sim: Simulator) -> None:
    running(client, sim)
    sim.set_image_behaviour("broken:2", ContainerBehaviour.CRASHING)
    client.create_container_service_deployment(serviceName="web", **deployment("broken:2"))
    sim.advance(3600)
    redeploy(client, sim, "nginx:3")

    deployments = client.get_container_service_deployments(serviceName="web")["deployments"]

    assert [(item["version"], item["state"]) for item in deployments] == [
        (3, "ACTIVE"),
        (2, "FAILED"),
        (1, "INACTIVE"),
    ]
    assert deployments[0]["containers"]["app"]["image"] == "nginx:3"
    assert deployments[0]["publicEndpoint"]["healthCheck"]["path"] == "/"


def test_deployments_keep_newest_fifty(client: LightsailClient, sim: Simulator) -> None:
    running(client, sim)

    for version in range(2, 56):
        redeploy(client, sim, f"nginx:{version}")

    versions = [
        item["version"]
        for item in client.get_container_service_deployments(serviceName="web")["deployments"]
    ]
    assert versions == list(range(55, 5, -1))
    current = client.get_container_services(serviceName="web")["containerServices"][0]
    assert current["currentDeployment"]["version"] == 55


def test_deployments_keep_current_version(client: LightsailClient, sim: Simulator) -> None:
    running(client, sim)
    sim.set_image_behaviour("broken:1", ContainerBehaviour.CRASHING)

    for _ in range(55):
        client.create_container_service_deployment(serviceName="web", **deployment("broken:1"))
        sim.advance(3600)

    versions = [
        item["version"]
        for item in client.get_container_service_deployments(serviceName="web")["deployments"]
    ]
    assert len(versions) == 50
    assert versions[-1] == 1
    assert versions[:49] == list(range(56, 7, -1))


def test_deployments_of_missing_service(client: LightsailClient) -> None:
    with pytest.raises(client.exceptions.NotFoundException):
        client.get_container_service_deployments(serviceName="absent")


def test_powers_are_six_active_sizes(client: LightsailClient) -> None:
    powers = client.get_container_service_powers()["powers"]

    assert [power["name"] for power in powers] == [
        "nano",
        "micro",
        "small",
        "medium",
        "large",
        "xlarge",
    ]
    assert [power["powerId"] for power in powers] == [f"{power['name']}-1" for power in powers]
    assert powers[0] == {
        "powerId": "nano-1",
        "price": 7.0,
        "cpuCount": 0.25,
        "ramSizeInGb": 0.5,
        "name": "nano",
        "isActive": True,
    }
    prices = [power["price"] for power in powers]
    assert prices == sorted(prices)
    assert all(power["isActive"] for power in powers)


def test_register_images_count_versions(client: LightsailClient, clock: VirtualClock) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    first = client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    clock.sleep(60)
    second = client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    other = client.register_container_image(serviceName="web", label="worker", digest=DIGEST)

    assert first["containerImage"]["image"] == ":web.app.1"
    assert second["containerImage"]["image"] == ":web.app.2"
    assert other["containerImage"]["image"] == ":web.worker.1"
    assert first["containerImage"]["digest"] == DIGEST
    assert second["containerImage"]["createdAt"] == clock.now()


def test_images_listed_newest_first(client: LightsailClient, clock: VirtualClock) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    clock.sleep(1)
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)

    images = client.get_container_images(serviceName="web")["containerImages"]

    assert [image["image"] for image in images] == [":web.app.2", ":web.app.1"]


def test_delete_image_keeps_versions(client: LightsailClient) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)

    client.delete_container_image(serviceName="web", image=":web.app.1")
    registered = client.register_container_image(serviceName="web", label="app", digest=DIGEST)

    assert registered["containerImage"]["image"] == ":web.app.2"
    images = client.get_container_images(serviceName="web")["containerImages"]
    assert [image["image"] for image in images] == [":web.app.2"]


def test_delete_unknown_image_not_found(client: LightsailClient) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    with pytest.raises(client.exceptions.NotFoundException, match=r":web\.app\.9"):
        client.delete_container_image(serviceName="web", image=":web.app.9")


def test_delete_image_in_use_rejected(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    sim.advance(sim.durations.provisioning)
    client.create_container_service_deployment(serviceName="web", **deployment(":web.app.1"))

    with pytest.raises(client.exceptions.InvalidInputException, match="used by deployment 1"):
        client.delete_container_image(serviceName="web", image=":web.app.1")


def test_deleting_service_deletes_images(client: LightsailClient, sim: Simulator) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    client.delete_container_service(serviceName="web")
    sim.advance(sim.durations.deleting)

    client.create_container_service(serviceName="web", power="nano", scale=1)

    assert client.get_container_images(serviceName="web")["containerImages"] == []
    registered = client.register_container_image(serviceName="web", label="app", digest=DIGEST)
    assert registered["containerImage"]["image"] == ":web.app.1"


@pytest.mark.parametrize("label", ["App", "-app", "app_1", "a" * 54])
def test_register_rejects_invalid_label(client: LightsailClient, label: str) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    with pytest.raises(client.exceptions.InvalidInputException, match="Label"):
        client.register_container_image(serviceName="web", label=label, digest=DIGEST)


@pytest.mark.parametrize("digest", ["", "sha256:abc", "md5:" + "0" * 64, DIGEST.upper()])
def test_register_rejects_invalid_digest(client: LightsailClient, digest: str) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)

    with pytest.raises(client.exceptions.InvalidInputException, match="Invalid digest"):
        client.register_container_image(serviceName="web", label="app", digest=digest)


def test_register_rejected_while_deleting(client: LightsailClient) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    client.delete_container_service(serviceName="web")

    with pytest.raises(client.exceptions.InvalidInputException, match="DELETING state"):
        client.register_container_image(serviceName="web", label="app", digest=DIGEST)


def test_registry_login_expires_in_twelve_hours(
    client: LightsailClient, clock: VirtualClock
) -> None:
    login = client.create_container_service_registry_login()["registryLogin"]

    assert login["username"] == "AWS"
    assert len(login["password"]) > 64
    assert login["expiresAt"] == clock.now() + timedelta(hours=12)
    assert login["registry"].endswith(".dkr.ecr.us-east-1.amazonaws.com")
    second = client.create_container_service_registry_login()["registryLogin"]
    assert second["password"] != login["password"]


def test_registry_password_never_logged(
    client: LightsailClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG, logger="lightsail_containers.simulator"):
        password = client.create_container_service_registry_login()["registryLogin"]["password"]

    assert caplog.records
    assert all(password not in record.getMessage() for record in caplog.records)


def test_api_metadata_names_lightsailctl(client: LightsailClient) -> None:
    metadata = client.get_container_api_metadata()["metadata"]

    assert len(metadata) == 1
    assert set(metadata[0]) == {"lightsailctlVersion"}


def test_log_pages_follow_tokens(clock: VirtualClock) -> None:
    sim = Simulator(clock=clock, log_page_size=3)
    client = sim.client()
    running(client, sim)
    expected = sim.container_log("web", "app")

    messages: list[str] = []
    request: dict[str, Any] = {"serviceName": "web", "containerName": "app"}
    while True:
        page = client.get_container_log(**request)
        assert len(page["logEvents"]) <= 3
        messages.extend(event["message"] for event in page["logEvents"])
        token: str | None = page.get("nextPageToken")
        if token is None:
            break
        clock.sleep(600)
        request["pageToken"] = token

    assert messages == expected
    assert len(expected) > 3


def test_log_page_token_must_be_valid(client: LightsailClient, sim: Simulator) -> None:
    running(client, sim)

    with pytest.raises(client.exceptions.InvalidInputException, match="pageToken"):
        client.get_container_log(serviceName="web", containerName="app", pageToken="not-a-token")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("", 6),
        ("deployment:1", 5),
        ("-deployment", 1),
        ("Started container", 1),
        ('"steady state"', 1),
        ("?Listening ?Creating", 2),
        ("?Listening ?Creating -port", 1),
        ("Creating Listening", 0),
    ],
)
def test_log_filter_pattern(
    client: LightsailClient, sim: Simulator, pattern: str, expected: int
) -> None:
    running(client, sim)

    events = client.get_container_log(
        serviceName="web", containerName="app", filterPattern=pattern
    )["logEvents"]

    assert len(events) == expected


def test_log_time_window(client: LightsailClient, clock: VirtualClock, sim: Simulator) -> None:
    running(client, sim)
    created = client.get_container_services()["containerServices"][0]["createdAt"]
    evaluation_start = created + timedelta(
        seconds=sim.durations.provisioning + sim.durations.creating_deployment
    )

    events = client.get_container_log(
        serviceName="web",
        containerName="app",
        startTime=evaluation_start,
        endTime=evaluation_start + timedelta(seconds=1),
    )["logEvents"]

    assert [event["message"] for event in events] == [
        "[deployment:1] Started container 'app' from image 'nginx:1'.",
        "Listening on port 80.",
    ]
    assert all(event["createdAt"] == evaluation_start for event in events)
    assert clock.now() > evaluation_start


def test_log_of_unknown_container(client: LightsailClient, sim: Simulator) -> None:
    running(client, sim)

    with pytest.raises(client.exceptions.NotFoundException, match="never ran"):
        client.get_container_log(serviceName="web", containerName="other")


def test_log_filter_pattern_must_parse(client: LightsailClient, sim: Simulator) -> None:
    running(client, sim)

    with pytest.raises(client.exceptions.InvalidInputException, match="filterPattern"):
        client.get_container_log(serviceName="web", containerName="app", filterPattern='"open')


def metric_request(clock: VirtualClock, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "serviceName": "web",
        "metricName": "CPUUtilization",
        "startTime": clock.now() - timedelta(hours=1),
        "endTime": clock.now(),
        "period": 300,
        "statistics": ["Average", "Maximum", "Minimum", "Sum", "SampleCount"],
    }
    request.update(overrides)
    return request


@pytest.mark.parametrize("metric", ["CPUUtilization", "MemoryUtilization"])
def test_metrics_cover_running_time(
    client: LightsailClient, clock: VirtualClock, sim: Simulator, metric: str
) -> None:
    running(client, sim)
    clock.sleep(3600)

    output = client.get_container_service_metric_data(**metric_request(clock, metricName=metric))

    points = output["metricData"]
    assert output["metricName"] == metric
    assert len(points) == 12
    for point in points:
        assert point["unit"] == "Percent"
        assert point["sampleCount"] == 1.0
        assert 0 <= point["minimum"] <= point["average"] <= point["maximum"] <= 100
    timestamps = [point["timestamp"] for point in points]
    assert timestamps == sorted(timestamps)


def test_metrics_aggregate_periods(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    running(client, sim)
    clock.sleep(3600)

    points = client.get_container_service_metric_data(**metric_request(clock, period=1800))[
        "metricData"
    ]

    assert [point["sampleCount"] for point in points] == [6.0, 6.0]
    for point in points:
        assert point["sum"] == pytest.approx(point["average"] * 6, abs=0.05)


def test_metrics_return_requested_statistics(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    running(client, sim)
    clock.sleep(900)

    points = client.get_container_service_metric_data(
        **metric_request(clock, statistics=["Maximum"])
    )["metricData"]

    assert points
    assert all(set(point) == {"maximum", "timestamp", "unit"} for point in points)


def test_metrics_stable_between_calls(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    running(client, sim)
    clock.sleep(3600)
    request = metric_request(clock)

    first = client.get_container_service_metric_data(**request)["metricData"]
    second = client.get_container_service_metric_data(**request)["metricData"]

    assert first == second


def test_metrics_empty_before_running(client: LightsailClient, clock: VirtualClock) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(3600)

    points = client.get_container_service_metric_data(**metric_request(clock))["metricData"]

    assert points == []


def test_metrics_stop_while_disabled(
    client: LightsailClient, clock: VirtualClock, sim: Simulator
) -> None:
    running(client, sim)
    clock.sleep(3600)
    client.update_container_service(serviceName="web", isDisabled=True)
    clock.sleep(sim.durations.updating + 3600)

    points = client.get_container_service_metric_data(
        **metric_request(clock, startTime=clock.now() - timedelta(hours=3))
    )["metricData"]

    assert 11 <= len(points) <= 13
    assert points[-1]["timestamp"] < clock.now() - timedelta(hours=1)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"period": 30}, "period"),
        ({"statistics": []}, "statistics"),
        ({"statistics": ["p99"]}, "statistics"),
        ({"metricName": "NetworkIn"}, "metricName"),
    ],
)
def test_metrics_reject_invalid_requests(
    raw_client: LightsailClient,
    clock: VirtualClock,
    overrides: dict[str, Any],
    message: str,
) -> None:
    raw_client.create_container_service(serviceName="web", power="nano", scale=1)

    with pytest.raises(raw_client.exceptions.InvalidInputException, match=message):
        raw_client.get_container_service_metric_data(**metric_request(clock, **overrides))


def test_metrics_reject_reversed_window(client: LightsailClient, clock: VirtualClock) -> None:
    client.create_container_service(serviceName="web", power="nano", scale=1)
    request = metric_request(clock, startTime=clock.now(), endTime=clock.now() - timedelta(1))

    with pytest.raises(client.exceptions.InvalidInputException, match="before endTime"):
        client.get_container_service_metric_data(**request)


@pytest.fixture
def raw_client(sim: Simulator) -> LightsailClient:
    """Client without botocore's parameter validation, so every request reaches the simulator."""
    return sim.client(parameter_validation=False)
