"""Create a container service, deploy nginx to it, and wait until the deployment is ACTIVE.

By default everything runs on the embedded simulator with a virtual clock, so it needs
no AWS account and finishes at once while showing the minutes AWS would take. Pass
``--region`` or ``--profile`` to run against your AWS account instead (this creates a
billed container service; delete it afterwards).
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

import boto3

from lightsail_containers import (
    Container,
    ContainerService,
    ContainerServiceClient,
    DeploymentRequest,
    EndpointRequest,
    HealthCheck,
    InvalidInputError,
    Power,
    Protocol,
    Transition,
    WaitError,
)

if TYPE_CHECKING:
    from collections.abc import Callable


def parse_arguments() -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service-name", default="hello-nginx", help="container service name")
    parser.add_argument("--image", default="nginx:latest", help="public image to deploy")
    parser.add_argument("--region", help="run against AWS in this Region")
    parser.add_argument("--profile", help="run against AWS with this AWS CLI profile")
    parser.add_argument(
        "--failing-health-check",
        action="store_true",
        help="on the simulator, make the container fail its health check",
    )
    return parser.parse_args()


def simulator_client(
    image: str, *, failing: bool
) -> tuple[ContainerServiceClient, Callable[[], float]]:
    """Return a client on the embedded simulator, and its virtual clock."""
    from lightsail_containers.simulator import (  # noqa: PLC0415  # only the demo needs it
        ContainerBehaviour,
        Simulator,
        VirtualClock,
    )

    clock = VirtualClock()
    simulator = Simulator(clock=clock)
    if failing:
        simulator.set_image_behaviour(image, ContainerBehaviour.FAILING_HEALTH_CHECK)

    # The helper puts all of the client's clocks on the virtual time, the wall clock
    # included, because it dates the log lines that a failed deployment's error shows.
    return simulator.container_service_client(), clock.monotonic


def aws_client(region: str | None, profile: str | None) -> ContainerServiceClient:
    """Return a client on AWS, with the usual credential chain."""
    session = boto3.Session(profile_name=profile, region_name=region)
    return ContainerServiceClient.from_session(session)


class ProgressPrinter:
    """Prints each state change with the time since the job started."""

    def __init__(self, clock: Callable[[], float]) -> None:
        """Count elapsed time on ``clock`` from now."""
        self.clock = clock
        self.started = clock()

    def __call__(self, transition: Transition) -> None:
        """Print one transition with its stateDetail code and message."""
        minutes, seconds = divmod(int(self.clock() - self.started), 60)
        line = f"[{minutes:3d}:{seconds:02d}] {transition.service_name}: {transition.describe()}"
        detail = transition.state_detail
        if detail is not None and detail.message:
            line += f" - {detail.message}"

        print(line, flush=True)


def create_or_reuse(client: ContainerServiceClient, name: str) -> ContainerService:
    """Create the service, or reuse it if it already exists in this Region."""
    try:
        return client.create_service(name, power=Power.NANO, scale=1)
    except InvalidInputError:
        existing = {s.container_service_name: s for s in client.list_services()}
        if name not in existing:
            raise

    print(f"Container service {name} exists already; deploying to it.")
    return existing[name]


def nginx_deployment(image: str) -> DeploymentRequest:
    """Return a one-container deployment with a public HTTP endpoint on port 80."""
    return DeploymentRequest(
        containers={"web": Container(image=image, ports={"80": Protocol.HTTP})},
        public_endpoint=EndpointRequest(
            container_name="web",
            container_port=80,
            health_check=HealthCheck(path="/", interval_seconds=10, success_codes="200-399"),
        ),
    )


def main() -> int:
    """Run the deployment and return the process exit code."""
    arguments = parse_arguments()
    if arguments.region or arguments.profile:
        client = aws_client(arguments.region, arguments.profile)
        clock = time.monotonic
        print(f"Using AWS in {client.lightsail.meta.region_name}.")
    else:
        client, clock = simulator_client(arguments.image, failing=arguments.failing_health_check)
        print("Using the embedded simulator; times are virtual.")

    name = arguments.service_name
    started = time.monotonic()
    show = ProgressPrinter(clock)
    try:
        create_or_reuse(client, name)
        client.wait_for_service(name, on_transition=show)
        deployed = client.create_deployment(name, nginx_deployment(arguments.image))
        version = deployed.newest_deployment.version if deployed.newest_deployment else None
        service = client.wait_for_deployment(name, version, on_transition=show)
    except WaitError as error:
        print(f"Failed: {error}", file=sys.stderr)
        return 1

    print(f"Deployment is ACTIVE at {service.public_url}")
    print(f"(finished in {time.monotonic() - started:.2f} s of real time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
