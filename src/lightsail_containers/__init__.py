"""Typed models, a client and waiters for Amazon Lightsail container services.

The embedded simulator lives in ``lightsail_containers.simulator`` and is imported
only when used.
"""

from __future__ import annotations

from ._client import ContainerServiceClient
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
from ._logs import ContainerLogEvent
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
from ._specs import load_deployment_spec
from ._validation import Problem, ValidationError
from ._waiter import FleetResult, PollEvent, PollingPolicy, Transition, Waiter, WaitToken

__all__ = [
    "AccessDeniedError",
    "Container",
    "ContainerLogEvent",
    "ContainerService",
    "ContainerServiceClient",
    "ContainerServiceState",
    "Deployment",
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
    "NotFoundError",
    "PollEvent",
    "PollingPolicy",
    "Power",
    "PrivateRegistryAccess",
    "PrivateRegistryAccessRequest",
    "Problem",
    "Protocol",
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


def __getattr__(name: str) -> str:
    # The version is read from the installed metadata only when asked for, which
    # keeps importlib.metadata off the import path.
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("lightsail-containers")

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
