"""pytest fixtures that put the Lightsail container-service simulator under your tests.

Installed with the package, pytest loads this plugin by itself. Each test gets a fresh
simulator on a virtual clock, so waits of minutes take no time:

- `lightsail_clock`: the `VirtualClock` of the simulator. Give `lightsail_clock.sleep`
  and `lightsail_clock.monotonic` to the code under test in place of `time.sleep` and
  `time.monotonic`.
- `lightsail_simulator`: the `Simulator`. `lightsail_simulator.advance(seconds)` lets
  time pass, and `set_image_behaviour` scripts how containers behave.
- `lightsail_client`: a boto3 Lightsail client whose requests the simulator handles.
- `lightsail_service_client`: a `ContainerServiceClient` on the simulator whose waiters
  sleep and read the time, the wall clock included, on `lightsail_clock`. It wraps a
  boto3 client of its own, not `lightsail_client`.
- `lightsail_faults`: the simulator's `FaultInjector`, for throttling, server errors,
  dropped connections, latency and failing services.
- `lightsail_server`: the simulator served over HTTP on 127.0.0.1, for code that takes
  an endpoint URL or runs the AWS CLI.

Mark a test with `@pytest.mark.lightsail_simulator(region=..., durations=...,
account_id=..., log_page_size=...)` to create its simulator with other settings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers.simulator._clock import VirtualClock
from lightsail_containers.simulator._simulator import Simulator

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mypy_boto3_lightsail import LightsailClient

    from lightsail_containers._client import ContainerServiceClient
    from lightsail_containers.simulator._faults import FaultInjector
    from lightsail_containers.simulator._server import SimulatorServer

MARKER = "lightsail_simulator"
_SETTINGS = frozenset({"region", "durations", "account_id", "log_page_size"})


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker that sets the simulator's settings, for --strict-markers."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(region=..., durations=..., account_id=..., log_page_size=...): "
        "settings of the Lightsail simulator of the test",
    )


@pytest.fixture
def lightsail_clock() -> VirtualClock:
    """Create the virtual clock of the test's simulator, which starts at 2026-01-01 00:00 UTC."""
    return VirtualClock()


@pytest.fixture
def lightsail_simulator(request: pytest.FixtureRequest, lightsail_clock: VirtualClock) -> Simulator:
    """Create a Lightsail container-service simulator without services on `lightsail_clock`."""
    settings: dict[str, Any] = {}
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        unknown = sorted(set(marker.kwargs) - _SETTINGS)
        if marker.args or unknown:
            pytest.fail(
                f"@pytest.mark.{MARKER} takes the keywords {sorted(_SETTINGS)} only, got "
                f"{marker.args} and {unknown}"
            )
        settings = dict(marker.kwargs)

    return Simulator(clock=lightsail_clock, **settings)


@pytest.fixture
def lightsail_client(lightsail_simulator: Simulator) -> LightsailClient:
    """Create a boto3 Lightsail client in the simulator's region, attached to the simulator."""
    return lightsail_simulator.client()


@pytest.fixture
def lightsail_service_client(lightsail_simulator: Simulator) -> ContainerServiceClient:
    """Create a `ContainerServiceClient` on the test's simulator and its virtual clock."""
    return lightsail_simulator.container_service_client()


@pytest.fixture
def lightsail_faults(lightsail_simulator: Simulator) -> FaultInjector:
    """Return the fault injector of the test's simulator."""
    return lightsail_simulator.faults


@pytest.fixture
def lightsail_server(lightsail_simulator: Simulator) -> Iterator[SimulatorServer]:
    """Serve the test's simulator over HTTP on 127.0.0.1 until the test ends.

    Use `lightsail_server.url` as boto3's `endpoint_url` or the AWS CLI's
    `--endpoint-url`, with any credentials.
    """
    # Only the tests that serve the simulator over HTTP import the server.
    from lightsail_containers.simulator._server import SimulatorServer  # noqa: PLC0415

    with SimulatorServer(lightsail_simulator) as server:
        yield server
