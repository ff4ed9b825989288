"""Checks of the parameters of the log, metric, image and cost calls, run before any call.

They follow the rules of ``_validation``: only what the botocore service model (API
version 2016-11-28) or the API reference states is enforced, every problem of one
request is reported at once, and paths use the API's member names.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ._enums import MetricName, MetricStatistic
from ._validation import (
    MAX_CONTAINER_NAME_LENGTH,
    MAX_IMAGE_LABEL_LENGTH,
    MAX_SCALE,
    MIN_SCALE,
    Problem,
    _is_valid_name,
    _registered_image_parts,
    raise_for,
    root_path,
    service_name_problems,
)

if TYPE_CHECKING:
    from ._enums import _ApiEnum

# Service model, shape MetricPeriod. The API reference adds that the data exists at a
# granularity of 300 seconds, but states no rule that a period be a multiple of it.
MIN_PERIOD_SECONDS = 60
MAX_PERIOD_SECONDS = 86_400

_NAME_RULE = (
    "use 1 to {max_length} lowercase letters, digits and hyphens, "
    "with no hyphen at the start or end"
)
_SERVICE_NAME_PATH = root_path() / "serviceName"


def as_utc(moment: datetime) -> datetime:
    """Return ``moment`` as an aware datetime; a naive one is taken as UTC, as botocore does."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def check_log_request(
    service_name: object,
    container_name: object,
    *,
    start_time: object,
    end_time: object,
    filter_pattern: object,
) -> None:
    """Raise ValidationError unless the parameters make a valid GetContainerLog call."""
    problems = service_name_problems(service_name, _SERVICE_NAME_PATH)
    # The container must have run on the service, so its name follows the ContainerName
    # rule of the deployment that ran it, though the request member has no pattern.
    problems += _name_problems(
        "containerName", container_name, "container", MAX_CONTAINER_NAME_LENGTH
    )
    problems += _time_range_problems(start_time, end_time)
    if filter_pattern is not None and not isinstance(filter_pattern, str):
        problems.append(_wrong_type("filterPattern", filter_pattern, "a string"))

    raise_for(problems)


def check_metric_request(
    service_name: object,
    metric_name: object,
    *,
    start_time: object,
    end_time: object,
    period_seconds: object,
    statistics: object,
) -> None:
    """Raise ValidationError unless the parameters make a valid GetContainerServiceMetricData."""
    problems = service_name_problems(service_name, _SERVICE_NAME_PATH)
    problems += _choice_problems("metricName", metric_name, MetricName, "a metric name")
    problems += _time_range_problems(start_time, end_time, required=True)
    problems += _period_problems(period_seconds)

    if isinstance(statistics, (str, bytes)) or not isinstance(statistics, Iterable):
        problems.append(_wrong_type("statistics", statistics, "a list of statistics"))
    else:
        for index, statistic in enumerate(statistics):
            problems += _choice_problems(
                f"statistics[{index}]", statistic, MetricStatistic, "a statistic"
            )

    raise_for(problems)


def check_register_image(service_name: object, label: object, digest: object) -> None:
    """Raise ValidationError unless the parameters make a valid RegisterContainerImage call."""
    problems = service_name_problems(service_name, _SERVICE_NAME_PATH)
    problems += _name_problems("label", label, "image label", MAX_IMAGE_LABEL_LENGTH)
    if not isinstance(digest, str):
        problems.append(_wrong_type("digest", digest, "a string"))
    elif not digest:
        problems.append(
            Problem(
                "digest", None, "is empty; use the digest that docker push printed for the image"
            )
        )

    raise_for(problems)


def check_delete_image(service_name: object, image: object) -> None:
    """Raise ValidationError unless the parameters make a valid DeleteContainerImage call.

    Only registered images can be deleted, and a registered image is named after the
    service it is registered to (API reference, DeleteContainerImage.image).
    """
    problems = service_name_problems(service_name, _SERVICE_NAME_PATH)
    parts = _registered_image_parts(image)
    if parts is None:
        problems.append(
            Problem(
                "image",
                image if isinstance(image, str) else None,
                "is not a registered image name; use :<service>.<label>.<version>, such as "
                ":web.app.3, as list_images returns it",
            )
        )
    elif isinstance(service_name, str) and parts[0] != service_name:
        problems.append(
            Problem(
                "image",
                image,
                f"is registered to service {parts[0]!r}, not to {service_name!r}; "
                "delete it through the service it is registered to",
            )
        )

    raise_for(problems)


def check_scale(scale: object) -> None:
    """Raise ValidationError unless ``scale`` is a valid number of nodes for a service."""
    if isinstance(scale, bool) or not isinstance(scale, int) or not MIN_SCALE <= scale <= MAX_SCALE:
        raise_for(
            [
                Problem(
                    "scale",
                    scale if isinstance(scale, (int, str)) else None,
                    f"is not a valid scale; use an integer from {MIN_SCALE} to {MAX_SCALE}",
                )
            ]
        )


def _name_problems(path: str, value: object, kind: str, max_length: int) -> list[Problem]:
    rule = _NAME_RULE.format(max_length=max_length)
    if value is None:
        return [Problem(path, None, f"no {kind} name is set; {rule}")]
    if not _is_valid_name(value, max_length):
        printable = value if isinstance(value, str) else None
        return [Problem(path, printable, f"is not a valid {kind} name; {rule}")]

    return []


def _time_range_problems(start: object, end: object, *, required: bool = False) -> list[Problem]:
    problems = []
    for member, value in (("startTime", start), ("endTime", end)):
        if value is None and required:
            problems.append(Problem(member, None, "no time is set; use a datetime"))
        elif value is not None and not isinstance(value, datetime):
            problems.append(_wrong_type(member, value, "a datetime"))

    if isinstance(start, datetime) and isinstance(end, datetime) and as_utc(start) >= as_utc(end):
        problems.append(
            Problem("endTime", end.isoformat(), f"is not after startTime {start.isoformat()}")
        )

    return problems


def _period_problems(period: object) -> list[Problem]:
    if (
        isinstance(period, int)
        and not isinstance(period, bool)
        and MIN_PERIOD_SECONDS <= period <= MAX_PERIOD_SECONDS
    ):
        return []

    return [
        Problem(
            "period",
            period if isinstance(period, (int, float, str)) else None,
            f"is not a valid period; use an integer from {MIN_PERIOD_SECONDS} to "
            f"{MAX_PERIOD_SECONDS} seconds",
        )
    ]


def _choice_problems(path: str, value: object, choices: type[_ApiEnum], kind: str) -> list[Problem]:
    allowed = [member.value for member in choices]
    if isinstance(value, str) and value in allowed:
        return []

    printable = value if isinstance(value, str) else None
    listed = ", ".join(allowed[:-1]) + f" or {allowed[-1]}"
    return [Problem(path, printable, f"is not {kind}; use {listed}")]


def _wrong_type(path: str, value: object, expected: str) -> Problem:
    return Problem(path, None, f"is a {type(value).__name__}; use {expected}")
