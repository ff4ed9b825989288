"""Typed models, a client and waiters for Amazon Lightsail container services.

The embedded simulator lives in ``lightsail_containers.simulator`` and is imported
only when used, as is the asyncio client ``AsyncContainerServiceClient``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._client import ContainerServiceClient
from ._diff import ChangeKind, ContainerDiff, DeploymentDiff, PortChange
from ._enums import ContainerServiceState, DeploymentState, Power, Protocol, StateDetailCode
from ._errors import (
    AccessDeniedError,
    DeploymentFailedError,
    FleetWaitError,
    InvalidInputError,
    LightsailContainersError,
    NotFoundError,
    ServiceError,
    TargetUnreachableError,
    TerminalStateDetailError,
    TransportError,
    WaitError,
    WaitTimeoutError,
)
from ._images import ContainerImage, RegisteredImageName, RegistryLogin
from ._logs import ContainerLogEvent
from ._metadata import ContainerApiMetadata
from ._metrics import MetricData, MetricDatapoint, MetricName, MetricStatistic, MetricUnit
from ._models import (
    Container,
    ContainerService,
    Deployment,
    DeploymentRequest,
    EcrImagePullerRole,
    EcrImagePullerRoleRequest,
    Endpoint,
    EndpointRequest,
    HealthCheck,
    Location,
    PrivateRegistryAccess,
    PrivateRegistryAccessRequest,
    StateDetail,
    Tag,
)
from ._powers import CostEstimate, PowerSpec
from ._specs import load_deployment_spec
from ._validation import Problem, ValidationError
from ._waiter import FleetResult, PollEvent, PollingPolicy, Transition, Waiter, WaitToken

if TYPE_CHECKING:
    from ._async_client import AsyncContainerServiceClient
    from ._display import ContainerServiceList

__all__ = [
    "AccessDeniedError",
    "AsyncContainerServiceClient",
    "ChangeKind",
    "Container",
    "ContainerApiMetadata",
    "ContainerDiff",
    "ContainerImage",
    "ContainerLogEvent",
    "ContainerService",
    "ContainerServiceClient",
    "ContainerServiceList",
    "ContainerServiceState",
    "CostEstimate",
    "Deployment",
    "DeploymentDiff",
    "DeploymentFailedError",
    "DeploymentRequest",
    "DeploymentState",
    "EcrImagePullerRole",
    "EcrImagePullerRoleRequest",
    "Endpoint",
    "EndpointRequest",
    "FleetResult",
    "FleetWaitError",
    "HealthCheck",
    "InvalidInputError",
    "LightsailContainersError",
    "Location",
    "MetricData",
    "MetricDatapoint",
    "MetricName",
    "MetricStatistic",
    "MetricUnit",
    "NotFoundError",
    "PollEvent",
    "PollingPolicy",
    "PortChange",
    "Power",
    "PowerSpec",
    "PrivateRegistryAccess",
    "PrivateRegistryAccessRequest",
    "Problem",
    "Protocol",
    "RegisteredImageName",
    "RegistryLogin",
    "ServiceError",
    "StateDetail",
    "StateDetailCode",
    "Tag",
    "TargetUnreachableError",
    "TerminalStateDetailError",
    "Transition",
    "TransportError",
    "ValidationError",
    "WaitError",
    "WaitTimeoutError",
    "WaitToken",
    "Waiter",
    "load_deployment_spec",
]


def __getattr__(name: str) -> str | type[AsyncContainerServiceClient | ContainerServiceList]:
    # The async client, the display module and the version are loaded on first access,
    # which keeps them and importlib.metadata off the import path of sync code.
    if name == "AsyncContainerServiceClient":
        from ._async_client import AsyncContainerServiceClient  # noqa: PLC0415

        return AsyncContainerServiceClient
    if name == "ContainerServiceList":
        from ._display import ContainerServiceList  # noqa: PLC0415

        return ContainerServiceList
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("lightsail-containers")

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
