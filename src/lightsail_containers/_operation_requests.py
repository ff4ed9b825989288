"""Requests and responses of the operations beside a service's lifecycle, with no I/O.

Metrics, logs, powers and cost, images, the registry login, the API metadata and the
comparison of deployments. As in ``_requests``, both clients build their requests and
read their responses here; the module loads with the first of these calls.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ._converter import structure
from ._diff import DeploymentDiff
from ._history import kept_before, kept_deployment, newest_kept
from ._images import ContainerImage, RegistryLogin
from ._log_stream import check_follow_options
from ._metadata import ContainerApiMetadata
from ._metrics import MetricData, MetricDatapoint
from ._operation_checks import as_utc, check_metric_request, check_scale
from ._powers import PowerSpec
from ._requests import check_version
from ._validation import check_service_name

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from ._enums import MetricName, MetricStatistic, Power
    from ._models import ContainerService, Deployment


_DEFAULT_METRIC_SPAN = timedelta(hours=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def metric_request(
    service_name: str,
    metric_name: MetricName | str,
    *,
    start_time: datetime | None,
    end_time: datetime | None,
    period_seconds: int,
    statistics: Iterable[MetricStatistic | str],
    now: float,
) -> dict[str, Any]:
    """Check a GetContainerServiceMetricData call and return its request members.

    ``now`` is in seconds since the Unix epoch; the time range ends then by default,
    and starts one hour before its end.

    Raises:
        ValidationError: An argument breaks a rule of the API, or ``end_time`` is not
            after ``start_time``.
    """
    end = end_time
    if end is None:
        end = datetime.fromtimestamp(now, tz=timezone.utc)
    start = start_time if start_time is not None else as_utc(end) - _DEFAULT_METRIC_SPAN
    chosen = statistics if isinstance(statistics, str) else tuple(statistics)
    check_metric_request(
        service_name,
        metric_name,
        start_time=start,
        end_time=end,
        period_seconds=period_seconds,
        statistics=chosen,
    )

    return {
        "serviceName": service_name,
        "metricName": str(metric_name),
        "startTime": as_utc(start),
        "endTime": as_utc(end),
        "period": period_seconds,
        "statistics": [str(statistic) for statistic in chosen],
    }


def log_request(
    service_name: str,
    container_name: str,
    *,
    start_time: datetime | None,
    end_time: datetime | None,
    filter_pattern: str | None,
    follow: bool,
) -> dict[str, Any]:
    """Return the members of the GetContainerLog calls of one read of a container's log.

    A follow sets startTime on each poll, so its request leaves the time range out.
    The caller checks the arguments first, with ``check_log_request`` and
    ``check_follow``.
    """
    request: dict[str, Any] = {"serviceName": service_name, "containerName": container_name}
    if filter_pattern is not None:
        request["filterPattern"] = filter_pattern
    if follow:
        return request

    if start_time is not None:
        request["startTime"] = as_utc(start_time)
    if end_time is not None:
        request["endTime"] = as_utc(end_time)
    return request


# The follow options are checked where the follow loop lives, under the name both
# clients import from here.
check_follow = check_follow_options


def check_cost_request(
    service_name: str | None, power: Power | str | None, scale: int | None
) -> None:
    """Raise unless the arguments of a cost estimate name a service, or a power and scale.

    Raises:
        ValidationError: The service name or the scale breaks a rule of the API.
        ValueError: Neither a service name nor both power and scale were given.
    """
    if service_name is None and (power is None or scale is None):
        raise ValueError("pass a service name, or both power and scale")
    if service_name is not None:
        check_service_name(service_name)
    if scale is not None:
        check_scale(scale)


def priced_values(
    service_name: str | None,
    service: ContainerService | None,
    power: Power | str | None,
    scale: int | None,
) -> tuple[Power | str, int, str | None]:
    """Return the power, scale and power id to price: the arguments, else the service's.

    Raises:
        ValueError: Neither the arguments nor the service give a power and a scale.
    """
    power_id = None
    if service is not None:
        # The power id names the priced version of the service's own power.
        power_id = service.power_id if power is None else None
        power = service.power if power is None else power
        scale = service.scale if scale is None else scale
    if power is None or scale is None:
        raise ValueError(f"container service {service_name!r} reports no power or scale")

    return power, scale, power_id


def parse_metric_data(response: Mapping[str, Any], metric_name: MetricName | str) -> MetricData:
    """Return the datapoints of a GetContainerServiceMetricData response, oldest first."""
    datapoints = [structure(item, MetricDatapoint) for item in response.get("metricData", [])]
    datapoints.sort(key=lambda item: item.timestamp or _EPOCH)
    return MetricData(response.get("metricName", str(metric_name)), datapoints)


def parse_powers(response: Mapping[str, Any]) -> tuple[PowerSpec, ...]:
    """Return the powers of a GetContainerServicePowers response."""
    return tuple(structure(item, PowerSpec) for item in response.get("powers", []))


def parse_registered_image(response: Mapping[str, Any]) -> ContainerImage:
    """Return the image of a RegisterContainerImage response."""
    return structure(response.get("containerImage", {}), ContainerImage)


def parse_images(response: Mapping[str, Any]) -> tuple[ContainerImage, ...]:
    """Return the images of a GetContainerImages response, newest first."""
    images = [structure(item, ContainerImage) for item in response.get("containerImages", [])]
    # The API reference states no order.
    images.sort(key=lambda image: image.created_at or _EPOCH, reverse=True)
    return tuple(images)


def parse_registry_login(response: Mapping[str, Any]) -> RegistryLogin:
    """Return the credentials of a CreateContainerServiceRegistryLogin response."""
    return structure(response.get("registryLogin", {}), RegistryLogin)


def parse_api_metadata(response: Mapping[str, Any]) -> ContainerApiMetadata:
    """Return the metadata of a GetContainerAPIMetadata response."""
    return ContainerApiMetadata(response.get("metadata", []))


def check_compared_versions(before_version: int | None, after_version: int | None) -> None:
    """Raise ValueError unless each given version is a deployment version."""
    for version in (before_version, after_version):
        if version is not None:
            check_version(version)


def compare_in_history(
    service_name: str,
    history: Iterable[Deployment],
    before_version: int | None,
    after_version: int | None,
) -> DeploymentDiff:
    """Compare two versions of a deployment history, by default the two newest.

    Raises:
        NotFoundError: The history lacks a version (code ``NoDeployment``).
    """
    kept = tuple(history)
    if after_version is None:
        after = newest_kept(service_name, kept)
    else:
        after = kept_deployment(service_name, kept, after_version)
    if before_version is None:
        before = kept_before(service_name, kept, after.version or 0)
    else:
        before = kept_deployment(service_name, kept, before_version)

    return DeploymentDiff.between(before, after)
