"""In-memory simulator of the Lightsail container-service API for tests.

The simulator responds to real botocore Lightsail clients through botocore's
`before-send` event, and a `VirtualClock` drives the lifecycle of its services, so tests
of waiting code run in milliseconds without an AWS account::

    clock = VirtualClock()
    sim = Simulator(clock=clock)
    client = sim.client()
    client.create_container_service(serviceName="web", power="nano", scale=1)
    clock.sleep(sim.durations.provisioning)
    client.get_container_services(serviceName="web")  # state READY

Operations supported: CreateContainerService, CreateContainerServiceDeployment,
GetContainerServices, UpdateContainerService and DeleteContainerService. Other operations
fail with an InvalidInputException.
"""

from __future__ import annotations

from lightsail_containers.simulator._behaviour import ContainerBehaviour
from lightsail_containers.simulator._clock import VirtualClock
from lightsail_containers.simulator._durations import PhaseDurations
from lightsail_containers.simulator._simulator import Simulator

__all__ = ["ContainerBehaviour", "PhaseDurations", "Simulator", "VirtualClock"]
