"""The public facade of the simulator: configuration, clients and scripting of tests."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, cast

import botocore.loaders
import botocore.session
from botocore.config import Config
from botocore.model import StringShape

from lightsail_containers.simulator import _state
from lightsail_containers.simulator._backend import Backend
from lightsail_containers.simulator._clock import VirtualClock, epoch_seconds
from lightsail_containers.simulator._durations import PhaseDurations
from lightsail_containers.simulator._faults import STATE_DETAIL_MESSAGES, FaultInjector
from lightsail_containers.simulator._logs import DEFAULT_PAGE_SIZE
from lightsail_containers.simulator._transport import Transport

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from botocore.awsrequest import AWSPreparedRequest, AWSResponse
    from botocore.client import BaseClient
    from mypy_boto3_lightsail import LightsailClient

    from lightsail_containers._client import ContainerServiceClient
    from lightsail_containers._enums import StateDetailCode
    from lightsail_containers._polling import PollingPolicy
    from lightsail_containers.simulator._behaviour import ContainerBehaviour
    from lightsail_containers.simulator._clock import Clock

# The simulator never checks credentials, but botocore signs every request, so clients
# need some.
_ACCESS_KEY_ID = "SIMULATOR"
_SECRET_ACCESS_KEY = "simulator-secret"  # noqa: S105 - a placeholder, accepted by nothing real


class Simulator:
    """In-memory Lightsail container-service API that responds to real botocore clients.

    The simulator plugs into a client through botocore's `before-send` event, so botocore
    serializes each request and parses each response exactly as it does with AWS. Time
    passes only on `clock`: before each request the simulator runs every lifecycle step
    that has ended by `clock.now()`.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        region: str = "us-east-1",
        durations: PhaseDurations | None = None,
        account_id: str = "111122223333",
        log_page_size: int = DEFAULT_PAGE_SIZE,
    ) -> None:
        """Create a simulator with no container services.

        Args:
            clock: Clock that drives the lifecycle: a `VirtualClock` (the default) for
                tests, or a `RealClock` or `AcceleratedClock` for demos.
            region: Region of the clients that `client()` creates.
            durations: Seconds of each lifecycle step. `PhaseDurations()` by default.
            account_id: 12-digit account that owns the services, as shown in their ARNs.
            log_page_size: Number of log events per page of GetContainerLog.

        Raises:
            ValueError: `region` has no Lightsail endpoint in the botocore model,
                `account_id` is not 12 digits, or `log_page_size` is below 1.
        """
        _check_region(region)
        if not re.fullmatch("[0-9]{12}", account_id):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        if log_page_size < 1:
            raise ValueError(f"log_page_size must be >= 1, got {log_page_size!r}")

        self._clock: Clock = clock if clock is not None else VirtualClock()
        self._region = region
        self._durations = durations if durations is not None else PhaseDurations()
        self._account_id = account_id
        self._calls: list[str] = []
        self._faults = FaultInjector(self._clock, _lightsail_operations())
        self._backend = Backend(
            clock=self._clock,
            durations=self._durations,
            account_id=account_id,
            faults=self._faults,
            log_page_size=log_page_size,
        )
        self._transport = Transport(self._backend, self._calls, self._faults)
        self._session: botocore.session.Session | None = None

    @property
    def clock(self) -> Clock:
        """The clock that drives the lifecycle of the services."""
        return self._clock

    @property
    def faults(self) -> FaultInjector:
        """Faults that the simulator applies to requests and new services."""
        return self._faults

    @property
    def transport(self) -> Transport:
        """The protocol layer that the HTTP server and attached clients share."""
        return self._transport

    @property
    def region(self) -> str:
        """Region of the clients that `client()` creates."""
        return self._region

    @property
    def durations(self) -> PhaseDurations:
        """Seconds of each lifecycle step."""
        return self._durations

    @property
    def account_id(self) -> str:
        """Account that owns the simulated services."""
        return self._account_id

    @property
    def calls(self) -> list[str]:
        """Names of the operations received so far, in order, as a copy."""
        return list(self._calls)

    def client(
        self, *, config: Config | None = None, parameter_validation: bool = True
    ) -> LightsailClient:
        """Create a botocore Lightsail client for the simulator's region and attach to it.

        The client has placeholder credentials and makes a single attempt per call (retry
        mode "standard", `total_max_attempts` 1), so tests see each error at once.

        Args:
            config: Options merged over the simulator's defaults, so its `retries`, if
                set, replace the single attempt.
            parameter_validation: Whether botocore checks parameters before sending them.
                Pass False to let requests that botocore would reject reach the simulator.
        """
        defaults = Config(
            # In botocore, "max_attempts" counts retries and "total_max_attempts" counts
            # every attempt.
            retries={"mode": "standard", "total_max_attempts": 1},
            parameter_validation=parameter_validation,
        )
        client = self._botocore_session().create_client(
            "lightsail",
            region_name=self._region,
            aws_access_key_id=_ACCESS_KEY_ID,
            aws_secret_access_key=_SECRET_ACCESS_KEY,
            config=defaults if config is None else defaults.merge(config),
        )
        self.attach(client)
        return cast("LightsailClient", client)

    def container_service_client(
        self,
        *,
        polling: PollingPolicy | None = None,
        retry_timeout_seconds: float = 300.0,
        config: Config | None = None,
    ) -> ContainerServiceClient:
        """Create a `ContainerServiceClient` whose clocks are the simulator's clock.

        The client wraps a new `client()`. It measures time, sleeps, and dates log
        windows and resume tokens on the simulator's clock. On a `VirtualClock`, a wait
        of minutes therefore takes no real time, and a failed deployment's error still
        carries the container log lines that the simulator wrote in virtual time.

        Args:
            polling: The waiters' default polling policy.
            retry_timeout_seconds: How long a call other than a waiter's status call
                repeats after throttling or another transient error, in seconds of the
                simulator's clock.
            config: botocore options for the Lightsail client, as in `client()`.
        """
        # Imported here, because the simulator alone never needs the client's modules.
        from lightsail_containers._client import ContainerServiceClient  # noqa: PLC0415

        clock = self._clock
        return ContainerServiceClient(
            self.client(config=config),
            polling=polling,
            clock=clock.monotonic,
            sleep=clock.sleep,
            wall_clock=epoch_seconds(clock),
            retry_timeout_seconds=retry_timeout_seconds,
        )

    def attach(self, client: BaseClient) -> None:
        """Respond to every request of a Lightsail client made elsewhere, in its region.

        Services live per region, so clients of different regions see different services.
        Attaching the same client twice has no further effect.

        Raises:
            ValueError: The client is not a Lightsail client, or its region has no
                Lightsail endpoint in the botocore model.
        """
        service_name = client.meta.service_model.service_name
        if service_name != "lightsail":
            raise ValueError(
                f"the simulator supports Lightsail clients only, got a {service_name} client"
            )

        region = client.meta.region_name
        _check_region(region)

        def send(request: AWSPreparedRequest, **_event: object) -> AWSResponse:
            return self._transport.respond(region, request)

        # botocore-stubs types every handler as returning None, but botocore sends no
        # request when a before-send handler returns a response.
        client.meta.events.register(
            "before-send.lightsail",
            cast("Callable[..., None]", send),
            unique_id=f"lightsail-containers-simulator-{id(self)}",
        )

    def set_image_behaviour(self, image: str, behaviour: ContainerBehaviour) -> None:
        """Script how containers of `image` behave when a deployment evaluates their health.

        Images without a script are HEALTHY. A deployment reads the scripts when it starts
        its health evaluation.
        """
        self._backend.set_image_behaviour(image, behaviour)

    def inject_state_detail(
        self,
        service_name: str,
        code: StateDetailCode | str,
        message: str | None = None,
        *,
        region: str | None = None,
    ) -> None:
        """Freeze a service in its current state and report this stateDetail from now on.

        This is how tests produce CERTIFICATE_LIMIT_EXCEEDED and UNKNOWN_ERROR. The service
        makes no more progress until it is deleted. A code outside `StateDetailCode` is
        sent as is, to test how callers handle codes that AWS adds later.

        Args:
            service_name: Name of an existing service.
            code: The stateDetail code.
            message: The stateDetail message. By default, the API reference's description
                for CERTIFICATE_LIMIT_EXCEEDED and UNKNOWN_ERROR, and none for other codes.
            region: Region of the service. The simulator's region by default.

        Raises:
            LookupError: No service of that name exists in the region.
        """
        code_value = str(code)
        if message is None:
            message = STATE_DETAIL_MESSAGES.get(code_value)

        self._backend.inject_state_detail(region or self._region, service_name, code_value, message)

    def deployments(self, service_name: str, *, region: str | None = None) -> list[dict[str, Any]]:
        """Return the kept deployments of a service, newest version first, in the API's form.

        Unlike GetContainerServices, the list keeps INACTIVE and FAILED versions. As on
        AWS, it keeps 50 versions: the current one and the newest others.

        Raises:
            LookupError: No service of that name exists in the region.
        """
        return self._backend.deployments(region or self._region, service_name)

    def container_log(
        self, service_name: str, container_name: str, *, region: str | None = None
    ) -> list[str]:
        """Return the messages that a container's log contains by now, oldest first.

        This is GetContainerLog without pages or filters, for assertions in tests.

        Raises:
            LookupError: No service of that name exists in the region.
        """
        return self._backend.container_log(region or self._region, service_name, container_name)

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds`, so the services make that much progress.

        Raises:
            ValueError: `seconds` is negative or not finite.
        """
        self._clock.advance(seconds)

    def save_state(self, path: str | Path) -> None:
        """Write the services and scripted image behaviours to a JSON file.

        Faults, calls and clients are not saved.
        """
        _state.save(self._backend, path, self._clock.now())

    def load_state(self, path: str | Path) -> None:
        """Replace the services and image behaviours with those saved in a JSON file.

        Raises:
            ValueError: The file is not a state file of this simulator.
        """
        _state.load(self._backend, path)

    def _botocore_session(self) -> botocore.session.Session:
        if self._session is None:
            # The simulator needs no profile, so AWS_PROFILE naming a profile that the
            # user's config lacks must not stop it.
            session = botocore.session.Session(session_vars={"profile": (None, None, None, None)})
            # Sharing the loader spares each simulator reading the service model again.
            session.register_component("data_loader", _shared_loader())
            self._session = session

        return self._session


@functools.cache
def _shared_loader() -> botocore.loaders.Loader:
    return botocore.loaders.create_loader()


@functools.cache
def _lightsail_regions() -> frozenset[str]:
    session = botocore.session.Session()
    session.register_component("data_loader", _shared_loader())
    shape = session.get_service_model("lightsail").shape_for("RegionName")
    if not isinstance(shape, StringShape):
        raise TypeError(f"RegionName of the Lightsail model is a {shape.type_name}, not a string")

    return frozenset(shape.enum)


def _check_region(region: str) -> None:
    regions = _lightsail_regions()
    if region not in regions:
        raise ValueError(
            f"Lightsail has no container services in region {region!r}. "
            f"Use one of: {', '.join(sorted(regions))}"
        )


@functools.cache
def _lightsail_operations() -> frozenset[str]:
    session = botocore.session.Session()
    session.register_component("data_loader", _shared_loader())
    return frozenset(session.get_service_model("lightsail").operation_names)
