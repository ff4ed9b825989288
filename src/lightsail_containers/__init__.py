"""Typed models, a client and waiters for Amazon Lightsail container services.

Every public name is loaded from its module on first access, so that importing the
package and creating a client load only what a client needs to start. The rest, such
as the models, the converter and the waiters, loads with the first call that needs it.
The embedded simulator lives in ``lightsail_containers.simulator``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._async_client import AsyncContainerServiceClient
    from ._client import ContainerServiceClient
    from ._diff import ChangeKind, ContainerDiff, DeploymentDiff, PortChange
    from ._display import ContainerServiceList
    from ._enums import (
        ContainerServiceState,
        DeploymentState,
        MetricName,
        MetricStatistic,
        MetricUnit,
        Power,
        Protocol,
        StateDetailCode,
    )
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
    from ._metrics import MetricData, MetricDatapoint
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
    from ._polling import PollingPolicy
    from ._powers import CostEstimate, PowerSpec
    from ._specs import load_deployment_spec
    from ._validation import Problem, ValidationError
    from ._waiter import FleetResult, PollEvent, Transition, Waiter, WaitToken

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

# The module of each public name, relative to this package.
_EXPORTS = {
    "AccessDeniedError": "_errors",
    "AsyncContainerServiceClient": "_async_client",
    "ChangeKind": "_diff",
    "Container": "_models",
    "ContainerApiMetadata": "_metadata",
    "ContainerDiff": "_diff",
    "ContainerImage": "_images",
    "ContainerLogEvent": "_logs",
    "ContainerService": "_models",
    "ContainerServiceClient": "_client",
    "ContainerServiceList": "_display",
    "ContainerServiceState": "_enums",
    "CostEstimate": "_powers",
    "Deployment": "_models",
    "DeploymentDiff": "_diff",
    "DeploymentFailedError": "_errors",
    "DeploymentRequest": "_models",
    "DeploymentState": "_enums",
    "EcrImagePullerRole": "_models",
    "EcrImagePullerRoleRequest": "_models",
    "Endpoint": "_models",
    "EndpointRequest": "_models",
    "FleetResult": "_waiter",
    "FleetWaitError": "_errors",
    "HealthCheck": "_models",
    "InvalidInputError": "_errors",
    "LightsailContainersError": "_errors",
    "Location": "_models",
    "MetricData": "_metrics",
    "MetricDatapoint": "_metrics",
    "MetricName": "_enums",
    "MetricStatistic": "_enums",
    "MetricUnit": "_enums",
    "NotFoundError": "_errors",
    "PollEvent": "_waiter",
    "PollingPolicy": "_polling",
    "PortChange": "_diff",
    "Power": "_enums",
    "PowerSpec": "_powers",
    "PrivateRegistryAccess": "_models",
    "PrivateRegistryAccessRequest": "_models",
    "Problem": "_validation",
    "Protocol": "_enums",
    "RegisteredImageName": "_images",
    "RegistryLogin": "_images",
    "ServiceError": "_errors",
    "StateDetail": "_models",
    "StateDetailCode": "_enums",
    "Tag": "_models",
    "TargetUnreachableError": "_errors",
    "TerminalStateDetailError": "_errors",
    "Transition": "_waiter",
    "TransportError": "_errors",
    "ValidationError": "_validation",
    "WaitError": "_errors",
    "WaitTimeoutError": "_errors",
    "WaitToken": "_waiter",
    "Waiter": "_waiter",
    "load_deployment_spec": "_specs",
}


def __getattr__(name: str) -> object:
    module_name = _EXPORTS.get(name)
    if module_name is not None:
        value = getattr(importlib.import_module(f".{module_name}", __name__), name)
        globals()[name] = value
        return value

    if name == "__version__":
        return _version()

    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("lightsail-containers")
    except PackageNotFoundError as error:
        # An AttributeError keeps hasattr() and getattr() with a default working.
        raise AttributeError(
            "__version__ is unknown because the lightsail-containers distribution is not "
            "installed; install it, for example with pip install -e ."
        ) from error


def __dir__() -> list[str]:
    dunders = {name for name in globals() if name.startswith("__")}
    return sorted({*dunders, *__all__, "__version__"})
