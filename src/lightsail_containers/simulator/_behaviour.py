"""Scripted behaviour of the containers that the simulator pretends to run."""

from __future__ import annotations

import enum


class ContainerBehaviour(enum.Enum):
    """Scripted outcome of a container's health evaluation during a deployment."""

    HEALTHY = "HEALTHY"
    """Pass the health check in the usual time."""

    SLOW_START = "SLOW_START"
    """Pass the health check, but take `PhaseDurations.slow_start_health_check` to do so."""

    CRASHING = "CRASHING"
    """Exit soon after they start, so the deployment fails."""

    FAILING_HEALTH_CHECK = "FAILING_HEALTH_CHECK"
    """Keep running but never pass the health check, so the deployment fails."""

    @property
    def fails_deployment(self) -> bool:
        """Whether a deployment with such a container ends as FAILED."""
        return self in _FAILING

    @property
    def starts_slowly(self) -> bool:
        """Whether such a container makes the health evaluation take longer."""
        return self is ContainerBehaviour.SLOW_START


_FAILING = frozenset({ContainerBehaviour.CRASHING, ContainerBehaviour.FAILING_HEALTH_CHECK})
