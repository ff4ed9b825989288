"""Metric data of running services for GetContainerServiceMetricData."""

from __future__ import annotations

import dataclasses
import hashlib
import math
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from lightsail_containers.simulator._errors import InvalidInputError

if TYPE_CHECKING:
    from lightsail_containers.simulator._records import ServiceRecord
    from lightsail_containers.simulator._validation import JsonObject

# The API reference: "All container service metric data is available in 5-minute (300
# seconds) granularity", the period is from 60 to 86400 seconds, and both metrics are
# published in the unit Percent.
SAMPLE_SECONDS = 300
MIN_PERIOD = 60
MAX_PERIOD = 86_400
UNIT = "Percent"
METRIC_NAMES = ("CPUUtilization", "MemoryUtilization")
STATISTICS = ("Minimum", "Maximum", "Sum", "Average", "SampleCount")

# Typical utilization of an idle web application, and the spread of the samples around it.
_LEVELS = {"CPUUtilization": (12.0, 8.0), "MemoryUtilization": (38.0, 6.0)}


@dataclasses.dataclass(frozen=True)
class MetricQuery:
    """The members of a GetContainerServiceMetricData request, checked and converted."""

    metric_name: str
    start: datetime
    end: datetime
    period: int
    statistics: tuple[str, ...]

    @classmethod
    def from_params(
        cls, params: JsonObject, start: datetime | None, end: datetime | None
    ) -> MetricQuery:
        """Check the request members other than the service name and the times.

        Raises:
            InvalidInputError: a member is missing or invalid.
        """
        metric_name = params.get("metricName")
        if metric_name not in METRIC_NAMES:
            raise InvalidInputError(
                f"Invalid metricName {metric_name!r}. Valid values: {', '.join(METRIC_NAMES)}."
            )

        period = params.get("period")
        if not isinstance(period, int) or isinstance(period, bool):
            period = -1
        if not MIN_PERIOD <= period <= MAX_PERIOD:
            raise InvalidInputError(
                f"Invalid period {params.get('period')!r}. The period must be from {MIN_PERIOD} "
                f"to {MAX_PERIOD} seconds."
            )

        statistics = params.get("statistics")
        if (
            not isinstance(statistics, list)
            or not statistics
            or not set(statistics) <= set(STATISTICS)
        ):
            raise InvalidInputError(
                f"Invalid statistics {statistics!r}. Specify one or more of: "
                f"{', '.join(STATISTICS)}."
            )

        if start is None or end is None or start >= end:
            raise InvalidInputError(
                "startTime and endTime are required, and startTime must be before endTime."
            )

        return cls(str(metric_name), start, end, period, tuple(statistics))


def metric_data(service: ServiceRecord, query: MetricQuery, now: datetime) -> list[JsonObject]:
    """Return the data points of the query, oldest first, from the samples of `service`.

    The service has a sample every 5 minutes while it runs a deployment. Each period
    from `query.start` that contains samples gives one data point with the requested
    statistics.
    """
    buckets: dict[datetime, list[float]] = {}
    for moment in _sample_times(query.start, min(query.end, now)):
        if _is_running(service, moment):
            bucket = query.start + timedelta(
                seconds=(moment - query.start).total_seconds() // query.period * query.period
            )
            buckets.setdefault(bucket, []).append(_sample(service, query.metric_name, moment))

    return [
        _datapoint(timestamp, samples, query.statistics)
        for timestamp, samples in sorted(buckets.items())
    ]


def _sample_times(start: datetime, end: datetime) -> list[datetime]:
    first = math.ceil(start.timestamp() / SAMPLE_SECONDS) * SAMPLE_SECONDS
    return [
        datetime.fromtimestamp(seconds, timezone.utc)
        for seconds in range(first, math.ceil(end.timestamp()), SAMPLE_SECONDS)
    ]


def _is_running(service: ServiceRecord, moment: datetime) -> bool:
    if service.running_since is not None and service.running_since <= moment:
        return True

    return any(start <= moment < end for start, end in service.running_periods)


def _sample(service: ServiceRecord, metric_name: str, moment: datetime) -> float:
    # A hash of the service, the metric and the time gives the same sample on every call.
    digest = hashlib.sha256(f"{service.arn}|{metric_name}|{moment.timestamp()}".encode()).digest()
    fraction = int.from_bytes(digest[:4], "big") / 2**32
    level, spread = _LEVELS[metric_name]
    return round(level + (2 * fraction - 1) * spread, 2)


def _datapoint(
    timestamp: datetime, samples: list[float], statistics: tuple[str, ...]
) -> JsonObject:
    values = {
        "Minimum": min(samples),
        "Maximum": max(samples),
        "Sum": round(sum(samples), 2),
        "Average": round(sum(samples) / len(samples), 2),
        "SampleCount": float(len(samples)),
    }
    datapoint: JsonObject = {
        statistic[0].lower() + statistic[1:]: values[statistic] for statistic in statistics
    }
    datapoint["timestamp"] = timestamp
    datapoint["unit"] = UNIT
    return datapoint
