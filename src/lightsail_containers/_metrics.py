"""Metric data of a container service (GetContainerServiceMetricData), as models."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import attrs

from ._coercion import enum_or_str
from ._enums import MetricName, MetricStatistic, MetricUnit

if TYPE_CHECKING:
    from collections.abc import Iterable


def _metric_name(value: MetricName | str | None) -> MetricName | str | None:
    return enum_or_str(MetricName, value)


def _metric_unit(value: MetricUnit | str | None) -> MetricUnit | str | None:
    return enum_or_str(MetricUnit, value)


def _datapoints(value: Iterable[MetricDatapoint]) -> tuple[MetricDatapoint, ...]:
    return tuple(value)


@attrs.frozen
class MetricDatapoint:
    """The statistics of one period of a metric; only the requested statistics are set.

    ``timestamp`` is the start of the period.
    """

    average: float | None = None
    maximum: float | None = None
    minimum: float | None = None
    sample_count: float | None = None
    sum: float | None = None
    timestamp: datetime | None = None
    unit: MetricUnit | str | None = attrs.field(default=None, converter=_metric_unit)

    def value(self, statistic: MetricStatistic | str) -> float | None:
        """Return the value of ``statistic``, or None if the response did not include it."""
        member = enum_or_str(MetricStatistic, statistic)
        if not isinstance(member, MetricStatistic):
            return None

        values = {
            MetricStatistic.AVERAGE: self.average,
            MetricStatistic.MAXIMUM: self.maximum,
            MetricStatistic.MINIMUM: self.minimum,
            MetricStatistic.SAMPLE_COUNT: self.sample_count,
            MetricStatistic.SUM: self.sum,
        }
        return values[member]


@attrs.frozen
class MetricData:
    """The datapoints of one metric of a container service, oldest first."""

    metric_name: MetricName | str | None = attrs.field(default=None, converter=_metric_name)
    datapoints: tuple[MetricDatapoint, ...] = attrs.field(default=(), converter=_datapoints)

    def values(self, statistic: MetricStatistic | str) -> tuple[float | None, ...]:
        """Return the value of ``statistic`` in each datapoint, oldest first."""
        return tuple(datapoint.value(statistic) for datapoint in self.datapoints)
