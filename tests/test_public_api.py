"""The package's public surface."""

from __future__ import annotations

import importlib.metadata

import pytest

import lightsail_containers

EXPECTED = [
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


def test_all_is_pinned_and_sorted() -> None:
    """__all__ lists exactly the public names, sorted, and each one exists."""
    assert lightsail_containers.__all__ == EXPECTED
    for name in EXPECTED:
        assert hasattr(lightsail_containers, name)


def test_version_from_metadata() -> None:
    """__version__ is the installed distribution's version."""
    expected = importlib.metadata.version("lightsail-containers")

    assert lightsail_containers.__version__ == expected


def test_unknown_attribute() -> None:
    """An unknown attribute raises AttributeError as usual."""
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = lightsail_containers.nope


def test_errors_share_one_root() -> None:
    """Every exception the package exports derives from LightsailContainersError."""
    for name in EXPECTED:
        value = getattr(lightsail_containers, name)
        if isinstance(value, type) and issubclass(value, BaseException):
            assert issubclass(value, lightsail_containers.LightsailContainersError)


def test_version_missing_is_attribute_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without installed metadata, __version__ is missing as an attribute, not an error."""

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)

    assert not hasattr(lightsail_containers, "__version__")


def test_dir_lists_public_names_only() -> None:
    names = dir(lightsail_containers)

    assert "__version__" in names
    assert "ContainerServiceClient" in names
    assert "TYPE_CHECKING" not in names
    assert "importlib" not in names
