"""Fixtures of the simulator tests: a virtual clock, a simulator and its boto3 client."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from lightsail_containers.simulator import Simulator, VirtualClock

if TYPE_CHECKING:
    from mypy_boto3_lightsail import LightsailClient


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


@pytest.fixture
def client(sim: Simulator) -> LightsailClient:
    return sim.client()
