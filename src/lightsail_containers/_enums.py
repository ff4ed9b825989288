"""Enumerations of the Lightsail container-service API.

The members mirror the enums of the botocore service model for Lightsail. AWS adds
values over time, so every model field typed with one of these enums also accepts a
plain ``str``: conversion keeps a value it does not know as that string instead of
failing.
"""

from __future__ import annotations

import enum


class _ApiEnum(str, enum.Enum):
    """Base of the API enums: ``str()`` gives the wire value, as AWS writes it."""

    def __str__(self) -> str:
        return str(self.value)


class ContainerServiceState(_ApiEnum):
    """The state of a container service."""

    PENDING = "PENDING"
    READY = "READY"
    RUNNING = "RUNNING"
    UPDATING = "UPDATING"
    DELETING = "DELETING"
    DISABLED = "DISABLED"
    DEPLOYING = "DEPLOYING"


class StateDetailCode(_ApiEnum):
    """The code of a container service's ``stateDetail``.

    ``CERTIFICATE_LIMIT_EXCEEDED`` and ``UNKNOWN_ERROR`` mean the service will not
    reach its target state without a change by the user; the others are progress
    steps.
    """

    CREATING_SYSTEM_RESOURCES = "CREATING_SYSTEM_RESOURCES"
    CREATING_NETWORK_INFRASTRUCTURE = "CREATING_NETWORK_INFRASTRUCTURE"
    PROVISIONING_CERTIFICATE = "PROVISIONING_CERTIFICATE"
    PROVISIONING_SERVICE = "PROVISIONING_SERVICE"
    CREATING_DEPLOYMENT = "CREATING_DEPLOYMENT"
    EVALUATING_HEALTH_CHECK = "EVALUATING_HEALTH_CHECK"
    ACTIVATING_DEPLOYMENT = "ACTIVATING_DEPLOYMENT"
    CERTIFICATE_LIMIT_EXCEEDED = "CERTIFICATE_LIMIT_EXCEEDED"
    UNKNOWN_ERROR = "UNKNOWN_ERROR"

    @property
    def is_terminal(self) -> bool:
        """Whether the code reports a failure that waiting cannot resolve."""
        return self in TERMINAL_STATE_DETAIL_CODES


TERMINAL_STATE_DETAIL_CODES = frozenset(
    {StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED, StateDetailCode.UNKNOWN_ERROR}
)


class DeploymentState(_ApiEnum):
    """The state of a container service deployment."""

    ACTIVATING = "ACTIVATING"
    ACTIVE = "ACTIVE"
    INACTIVE = "INACTIVE"
    FAILED = "FAILED"


class Power(_ApiEnum):
    """The power (node size) of a container service."""

    NANO = "nano"
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    XLARGE = "xlarge"


class Protocol(_ApiEnum):
    """The protocol of a container port."""

    HTTP = "HTTP"
    HTTPS = "HTTPS"
    TCP = "TCP"
    UDP = "UDP"


class MetricName(_ApiEnum):
    """A metric of a container service, each published in percent.

    ``CPU_UTILIZATION`` is the average share of compute units in use across all nodes,
    and ``MEMORY_UTILIZATION`` the average share of memory in use.
    """

    CPU_UTILIZATION = "CPUUtilization"
    MEMORY_UTILIZATION = "MemoryUtilization"


class MetricStatistic(_ApiEnum):
    """A statistic of the samples in one period of metric data."""

    MINIMUM = "Minimum"
    MAXIMUM = "Maximum"
    SUM = "Sum"
    AVERAGE = "Average"
    SAMPLE_COUNT = "SampleCount"


class MetricUnit(_ApiEnum):
    """The unit of a metric datapoint. Container service metrics use ``PERCENT``."""

    SECONDS = "Seconds"
    MICROSECONDS = "Microseconds"
    MILLISECONDS = "Milliseconds"
    BYTES = "Bytes"
    KILOBYTES = "Kilobytes"
    MEGABYTES = "Megabytes"
    GIGABYTES = "Gigabytes"
    TERABYTES = "Terabytes"
    BITS = "Bits"
    KILOBITS = "Kilobits"
    MEGABITS = "Megabits"
    GIGABITS = "Gigabits"
    TERABITS = "Terabits"
    PERCENT = "Percent"
    COUNT = "Count"
    BYTES_PER_SECOND = "Bytes/Second"
    KILOBYTES_PER_SECOND = "Kilobytes/Second"
    MEGABYTES_PER_SECOND = "Megabytes/Second"
    GIGABYTES_PER_SECOND = "Gigabytes/Second"
    TERABYTES_PER_SECOND = "Terabytes/Second"
    BITS_PER_SECOND = "Bits/Second"
    KILOBITS_PER_SECOND = "Kilobits/Second"
    MEGABITS_PER_SECOND = "Megabits/Second"
    GIGABITS_PER_SECOND = "Gigabits/Second"
    TERABITS_PER_SECOND = "Terabits/Second"
    COUNT_PER_SECOND = "Count/Second"
    NONE = "None"


# The states in which a service serves its current deployment or is ready for one.
SERVICE_UP = frozenset({ContainerServiceState.READY, ContainerServiceState.RUNNING})
