"""Scripted behaviour of the containers that the simulator pretends to run."""

from __future__ import annotations

import enum


class ContainerBehaviour(enum.Enum):
    """Scripted behaviour of a container during a deployment's health evaluation.

    Lightsail checks the health of the public endpoint's container only, over HTTP on the
    endpoint's port and health-check path. So FAILING_HEALTH_CHECK, ERROR_STATUS and
    WRONG_PORT matter only for that container, while CRASHING fails a deployment from
    any container.
    """

    HEALTHY = "HEALTHY"
    """Start at once and respond to every path with HTTP 200."""

    SLOW_START = "SLOW_START"
    """Respond with HTTP 200, but only after `PhaseDurations.slow_start_health_check`."""

    CRASHING = "CRASHING"
    """Exit with code 1 soon after each start, so the deployment fails."""

    FAILING_HEALTH_CHECK = "FAILING_HEALTH_CHECK"
    """Keep running but never respond to the health check within its timeout."""

    ERROR_STATUS = "ERROR_STATUS"
    """Respond to the health-check path with HTTP 500, a failure unless successCodes include it."""

    WRONG_PORT = "WRONG_PORT"
    """Listen on another port than the public endpoint's, so health checks find no listener."""

    @property
    def fails_deployment(self) -> bool:
        """Whether a deployment whose public endpoint runs such a container ends as FAILED.

        This assumes the default health check, whose success codes are 200-499.
        """
        return self in _FAILING

    @property
    def starts_slowly(self) -> bool:
        """Whether such a container makes the health evaluation take longer."""
        return self is ContainerBehaviour.SLOW_START


_FAILING = frozenset(
    {
        ContainerBehaviour.CRASHING,
        ContainerBehaviour.FAILING_HEALTH_CHECK,
        ContainerBehaviour.ERROR_STATUS,
        ContainerBehaviour.WRONG_PORT,
    }
)
