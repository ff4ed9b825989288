"""Fixtures of the simulator tests: a virtual clock, a simulator and its boto3 client.

The fixtures of the package's pytest plugin are imported too, so these tests use them
whether or not the installed package registers the plugin with pytest. A conftest below
the root folder cannot load a plugin through `pytest_plugins`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from lightsail_containers.simulator import Simulator, VirtualClock
from lightsail_containers.simulator.pytest_plugin import (
    lightsail_client,
    lightsail_clock,
    lightsail_faults,
    lightsail_server,
    lightsail_service_client,
    lightsail_simulator,
    pytest_configure,
)

if TYPE_CHECKING:
    from mypy_boto3_lightsail import LightsailClient

__all__ = [
    "lightsail_client",
    "lightsail_clock",
    "lightsail_faults",
    "lightsail_server",
    "lightsail_service_client",
    "lightsail_simulator",
    "pytest_configure",
]


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


@pytest.fixture
def client(sim: Simulator) -> LightsailClient:
    return sim.client()
