from __future__ import annotations

import math

import attrs
import pytest

from lightsail_containers.simulator import ContainerBehaviour, PhaseDurations


def test_durations_defaults_are_minutes() -> None:
    durations = PhaseDurations()

    assert 180 <= durations.provisioning <= 300
    assert 120 <= durations.healthy_deployment <= 240
    assert 60 <= durations.updating <= 180
    assert 30 <= durations.deleting <= 120


def test_durations_slow_and_failed_take_longer() -> None:
    durations = PhaseDurations()

    assert durations.slow_start_health_check > durations.evaluating_health_check
    assert durations.failed_health_check > durations.evaluating_health_check


def test_durations_sums_follow_fields() -> None:
    durations = PhaseDurations(
        creating_system_resources=1,
        creating_network_infrastructure=2,
        provisioning_certificate=3,
        provisioning_service=4,
        creating_deployment=10,
        evaluating_health_check=20,
        activating_deployment=30,
    )

    assert durations.provisioning == 10
    assert durations.healthy_deployment == 60


def test_durations_are_frozen() -> None:
    durations = PhaseDurations()

    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        durations.updating = 1.0  # type: ignore[misc]

    assert attrs.evolve(durations, updating=1.0).updating == 1.0


@pytest.mark.parametrize("seconds", [-1.0, math.nan, math.inf])
def test_durations_reject_invalid_seconds(seconds: float) -> None:
    with pytest.raises(ValueError, match="deleting must be"):
        PhaseDurations(deleting=seconds)


def test_durations_accept_zero() -> None:
    assert PhaseDurations(deleting=0).deleting == 0


@pytest.mark.parametrize(
    ("behaviour", "fails", "slow"),
    [
        (ContainerBehaviour.HEALTHY, False, False),
        (ContainerBehaviour.SLOW_START, False, True),
        (ContainerBehaviour.CRASHING, True, False),
        (ContainerBehaviour.FAILING_HEALTH_CHECK, True, False),
        (ContainerBehaviour.ERROR_STATUS, True, False),
        (ContainerBehaviour.WRONG_PORT, True, False),
    ],
)
def test_behaviour_outcomes(behaviour: ContainerBehaviour, *, fails: bool, slow: bool) -> None:
    assert behaviour.fails_deployment is fails
    assert behaviour.starts_slowly is slow
