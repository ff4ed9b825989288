"""Metric data, the powers of container services, and monthly cost estimates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    Container,
    ContainerServiceClient,
    CostEstimate,
    DeploymentRequest,
    EndpointRequest,
    MetricData,
    MetricDatapoint,
    MetricName,
    MetricStatistic,
    MetricUnit,
    NotFoundError,
    Power,
    PowerSpec,
    ValidationError,
)
from lightsail_containers.simulator import Simulator, VirtualClock

from support import service_dict

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

NGINX = DeploymentRequest(
    containers={"web": Container(image="nginx:1.25", ports={"80": "HTTP"})},
    public_endpoint=EndpointRequest("web", 80),
)
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
# The API reference's example timestamp of MetricDatapoint.
EXAMPLE_TIME = datetime.fromtimestamp(1479816991.349, tz=timezone.utc)

# Members of ContainerServicePower as the API reference shows them, for example
# "nano-1" and "nano", with example prices.
POWERS = [
    {
        "powerId": "nano-1",
        "price": 7.0,
        "cpuCount": 0.25,
        "ramSizeInGb": 0.5,
        "name": "nano",
        "isActive": True,
    },
    {
        "powerId": "micro-1",
        "price": 10.0,
        "cpuCount": 0.25,
        "ramSizeInGb": 1.0,
        "name": "micro",
        "isActive": True,
    },
]


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


@pytest.fixture
def client(sim: Simulator, clock: VirtualClock) -> ContainerServiceClient:
    return ContainerServiceClient(
        sim.client(),
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


@pytest.fixture
def stub_client(stubbed: tuple[LightsailClient, Stubber]) -> ContainerServiceClient:
    lightsail, _ = stubbed
    clock = VirtualClock()
    return ContainerServiceClient(
        lightsail, clock=clock.monotonic, sleep=clock.sleep, wall_clock=NOW.timestamp
    )


def running(client: ContainerServiceClient, clock: VirtualClock, hours: float = 2) -> None:
    client.create_service("web", power=Power.NANO, scale=1, deployment=NGINX)
    client.wait_for_deployment("web", 1)
    clock.sleep(hours * 3600)


# Metric data.


def test_metric_data_on_simulator(client: ContainerServiceClient, clock: VirtualClock) -> None:
    running(client, clock)
    end = clock.now()

    data = client.get_metric_data("web", MetricName.CPU_UTILIZATION)

    assert isinstance(data, MetricData)
    assert data.metric_name is MetricName.CPU_UTILIZATION
    assert len(data.datapoints) == 12
    timestamps = [point.timestamp for point in data.datapoints if point.timestamp is not None]
    assert len(timestamps) == 12
    assert timestamps == sorted(timestamps)
    assert all(stamp >= end - timedelta(hours=1) for stamp in timestamps)
    for point in data.datapoints:
        assert point.unit is MetricUnit.PERCENT
        assert point.average is not None
        assert point.maximum is not None
        assert point.minimum is None
        assert point.sample_count is None


def test_metric_period_and_statistics(client: ContainerServiceClient, clock: VirtualClock) -> None:
    running(client, clock)
    end = clock.now()

    data = client.get_metric_data(
        "web",
        "MemoryUtilization",
        start_time=end - timedelta(hours=1),
        end_time=end,
        period_seconds=3600,
        statistics=[MetricStatistic.SAMPLE_COUNT, "Minimum"],
    )

    assert data.metric_name is MetricName.MEMORY_UTILIZATION
    assert data.values(MetricStatistic.SAMPLE_COUNT) == (12.0,)
    assert data.values("Minimum")[0] is not None
    assert data.values(MetricStatistic.AVERAGE) == (None,)


def test_metric_data_of_missing_service(client: ContainerServiceClient) -> None:
    with pytest.raises(NotFoundError):
        client.get_metric_data("absent", MetricName.CPU_UTILIZATION)


def test_metric_request_and_defaults(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    later = EXAMPLE_TIME + timedelta(minutes=5)
    stubber.add_response(
        "get_container_service_metric_data",
        {
            "metricName": "CPUUtilization",
            "metricData": [
                {"average": 3.5, "maximum": 9.0, "timestamp": later, "unit": "Percent"},
                {"average": 2.5, "maximum": 4.0, "timestamp": EXAMPLE_TIME, "unit": "Percent"},
            ],
        },
        {
            "serviceName": "web",
            "metricName": "CPUUtilization",
            "startTime": NOW - timedelta(hours=1),
            "endTime": NOW,
            "period": 300,
            "statistics": ["Average", "Maximum"],
        },
    )

    data = stub_client.get_metric_data("web", MetricName.CPU_UTILIZATION)

    assert [point.timestamp for point in data.datapoints] == [EXAMPLE_TIME, later]
    assert data.values(MetricStatistic.AVERAGE) == (2.5, 3.5)
    assert data.values(MetricStatistic.MAXIMUM) == (4.0, 9.0)


def test_metric_unknown_values_kept(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_response(
        "get_container_service_metric_data",
        {
            "metricName": "MemoryUtilization",
            "metricData": [{"sum": 1.0, "timestamp": EXAMPLE_TIME, "unit": "Permille"}],
        },
    )

    data = stub_client.get_metric_data(
        "web", MetricName.MEMORY_UTILIZATION, statistics=[MetricStatistic.SUM]
    )

    assert data.datapoints == (MetricDatapoint(sum=1.0, timestamp=EXAMPLE_TIME, unit="Permille"),)
    assert data.datapoints[0].value("p99") is None


def test_metric_retries_throttling(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_client_error("get_container_service_metric_data", "ThrottlingException", "slow")
    stubber.add_response(
        "get_container_service_metric_data", {"metricName": "CPUUtilization", "metricData": []}
    )

    data = stub_client.get_metric_data("web", MetricName.CPU_UTILIZATION)

    assert data.datapoints == ()


@pytest.mark.parametrize(
    ("arguments", "paths"),
    [
        ({"metric_name": "CPU"}, ["metricName"]),
        ({"period_seconds": 59}, ["period"]),
        ({"period_seconds": 86_401}, ["period"]),
        ({"period_seconds": 300.0}, ["period"]),
        ({"period_seconds": True}, ["period"]),
        ({"statistics": "Average"}, ["statistics"]),
        ({"statistics": ["Average", "p99"]}, ["statistics[1]"]),
        ({"start_time": NOW, "end_time": NOW - timedelta(minutes=1)}, ["endTime"]),
        ({"service_name": "Web", "period_seconds": 0}, ["serviceName", "period"]),
    ],
)
def test_metric_invalid_parameters(
    client: ContainerServiceClient, sim: Simulator, arguments: dict[str, Any], paths: list[str]
) -> None:
    values: dict[str, Any] = {
        "service_name": "web",
        "metric_name": MetricName.CPU_UTILIZATION,
        **arguments,
    }

    with pytest.raises(ValidationError) as caught:
        client.get_metric_data(**values)

    assert [problem.path for problem in caught.value.problems] == paths
    assert sim.calls == []


def test_period_need_not_be_multiple_of_sixty(
    client: ContainerServiceClient, clock: VirtualClock
) -> None:
    """The API states only the range of the period, so 90 seconds is sent to AWS."""
    running(client, clock)

    data = client.get_metric_data("web", MetricName.CPU_UTILIZATION, period_seconds=90)

    assert data.datapoints


# Powers and cost.


def test_powers_on_simulator(client: ContainerServiceClient) -> None:
    powers = client.list_powers()

    assert [spec.name for spec in powers] == list(Power)
    assert all(isinstance(spec, PowerSpec) for spec in powers)
    nano = powers[0]
    assert (nano.power_id, nano.cpu_count, nano.ram_size_in_gb, nano.is_active) == (
        "nano-1",
        0.25,
        0.5,
        True,
    )
    assert nano.price is not None


def test_powers_from_reference(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_response("get_container_service_powers", {"powers": POWERS})

    powers = stub_client.list_powers()

    assert powers == (
        PowerSpec("nano-1", 7.0, 0.25, 0.5, Power.NANO, is_active=True),
        PowerSpec("micro-1", 10.0, 0.25, 1.0, Power.MICRO, is_active=True),
    )


def test_cost_of_service_on_simulator(client: ContainerServiceClient) -> None:
    client.create_service("web", power=Power.MICRO, scale=2)
    micro = next(spec for spec in client.list_powers() if spec.name is Power.MICRO)
    assert micro.price is not None

    estimate = client.estimate_monthly_cost("web")
    scaled = client.estimate_monthly_cost("web", scale=3)

    assert estimate == CostEstimate(Power.MICRO, "micro-1", 2, micro.price, micro.price * 2)
    assert scaled.monthly_price_usd == pytest.approx(micro.price * 3)
    assert scaled.describe() == f"micro x 3 nodes: {micro.price * 3:.2f} USD per month"


def test_cost_of_planned_service(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_response("get_container_service_powers", {"powers": POWERS})

    estimate = stub_client.estimate_monthly_cost(power=Power.NANO, scale=1)

    assert estimate.monthly_price_usd == 7.0
    assert estimate.describe() == "nano x 1 node: 7.00 USD per month"


def test_cost_uses_service_power_id(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    """The service's powerId picks its priced version of the power."""
    _, stubber = stubbed
    service = {**service_dict(state="RUNNING"), "power": "nano", "powerId": "nano-0", "scale": 3}
    stubber.add_response(
        "get_container_services", {"containerServices": [service]}, {"serviceName": "web"}
    )
    older = {**POWERS[0], "powerId": "nano-0", "price": 5.0, "isActive": False}
    stubber.add_response("get_container_service_powers", {"powers": [*POWERS, older]})

    estimate = stub_client.estimate_monthly_cost("web")

    assert (estimate.power_id, estimate.monthly_price_usd) == ("nano-0", 15.0)


def test_cost_prefers_active_power() -> None:
    retired = PowerSpec("nano-0", 5.0, 0.25, 0.5, Power.NANO, is_active=False)
    current = PowerSpec("nano-1", 7.0, 0.25, 0.5, Power.NANO, is_active=True)

    estimate = CostEstimate.for_power([retired, current], "nano", 2)

    assert (estimate.power_id, estimate.monthly_price_usd) == ("nano-1", 14.0)


@pytest.mark.parametrize(
    ("powers", "message"),
    [
        ([PowerSpec("nano-1", 7.0, name=Power.NANO)], "no power named 'large'.*has nano"),
        ([PowerSpec("large-1", None, name=Power.LARGE)], "has no price"),
    ],
)
def test_cost_without_price(powers: list[PowerSpec], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CostEstimate.for_power(powers, Power.LARGE, 1)


def test_cost_needs_service_or_power_and_scale(client: ContainerServiceClient) -> None:
    with pytest.raises(ValueError, match="both power and scale"):
        client.estimate_monthly_cost(power=Power.NANO)


@pytest.mark.parametrize("scale", [0, 21, True, "2"])
def test_cost_rejects_bad_scale(client: ContainerServiceClient, sim: Simulator, scale: Any) -> None:
    with pytest.raises(ValidationError, match="scale"):
        client.estimate_monthly_cost(power=Power.NANO, scale=scale)

    assert sim.calls == []
