"""In-memory simulator of the Lightsail container-service API for tests and demos.

The simulator responds to real botocore Lightsail clients through botocore's
`before-send` event, and a clock drives the lifecycle of its services. With a
`VirtualClock`, tests of waiting code run in milliseconds without an AWS account::

    clock = VirtualClock()
    sim = Simulator(clock=clock)
    client = sim.client()
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    client.get_container_services(serviceName="web")  # state READY

Every container-service operation of the API is supported: the services, their
deployments, logs, metric data and registered images, the powers, the registry sign-in
and the API metadata. Other Lightsail operations fail with an InvalidInputException.
`Simulator.container_service_client()` wraps a new client in the package's
`ContainerServiceClient`, whose waiters sleep and read the time on the simulator's clock.
`Simulator.faults` injects throttling, server errors, dropped connections, latency and
failing services. `python -m lightsail_containers.simulator` serves the simulator over
HTTP for the AWS CLI, and `lightsail_containers.simulator.pytest_plugin` provides pytest
fixtures.
"""

from __future__ import annotations

from lightsail_containers.simulator._aio import (
    async_client,
    async_container_service_client,
    async_sleep,
    attach_async,
)
from lightsail_containers.simulator._behaviour import ContainerBehaviour
from lightsail_containers.simulator._clock import AcceleratedClock, Clock, RealClock, VirtualClock
from lightsail_containers.simulator._durations import PhaseDurations
from lightsail_containers.simulator._faults import Fault, FaultInjector, FaultKind
from lightsail_containers.simulator._simulator import Simulator

__all__ = [
    "AcceleratedClock",
    "Clock",
    "ContainerBehaviour",
    "Fault",
    "FaultInjector",
    "FaultKind",
    "PhaseDurations",
    "RealClock",
    "Simulator",
    "VirtualClock",
    "async_client",
    "async_container_service_client",
    "async_sleep",
    "attach_async",
]
