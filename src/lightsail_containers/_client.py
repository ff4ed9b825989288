"""The client facade: boto3 calls in, models and the package's errors out."""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

import boto3

from ._broker import StatusBroker
from ._converter import structure_service, unstructure
from ._decisions import (
    SERVICE_UP,
    DeletedTarget,
    DeploymentTarget,
    ServiceStateTarget,
    Target,
    UpdateTarget,
    newest_version,
    target_from_dict,
)
from ._enums import ContainerServiceState, Power
from ._errors import (
    DeploymentFailedError,
    InvalidInputError,
    LightsailContainersError,
    NotFoundError,
    translated_errors,
)
from ._logs import safe_failure_logs
from ._models import (
    Container,
    ContainerService,
    DeploymentRequest,
    EndpointRequest,
    PrivateRegistryAccessRequest,
    Tag,
)
from ._retries import call_with_retries, is_rejected_before_change, is_transient
from ._validation import (
    check_create_deployment,
    check_create_service,
    check_service_name,
    check_service_names,
    check_update_service,
)
from ._waiter import (
    FleetResult,
    FleetWaiter,
    PollCallback,
    PollingPolicy,
    TransitionCallback,
    Waiter,
    WaitToken,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from mypy_boto3_lightsail import LightsailClient

_R = TypeVar("_R")

logger = logging.getLogger("lightsail_containers.client")

# Lightsail's message for a name that is taken, as seen for other Lightsail resources
# ("Some names are already in use: NAME").
_ALREADY_EXISTS = re.compile(r"already (exists|in use)", re.IGNORECASE)


class ContainerServiceClient:
    """Lightsail container services as models, with waiters.

    Wraps a boto3 Lightsail client. Every method translates botocore's exceptions
    into the package's (see ``ServiceError`` and its subclasses).

    Args:
        lightsail: A boto3 Lightsail client; its region is the one the client works in.
        polling: The waiters' default polling policy.
        clock: Monotonic time in seconds, used by the waiters.
        sleep: Sleeps for a number of seconds, used by the waiters.
        wall_clock: Seconds since the Unix epoch, for resume tokens and log windows.
        retry_timeout_seconds: How long a create, deploy, update or delete call
            repeats after throttling, a busy service or (where a repeat is safe) a
            server or connection error.
    """

    def __init__(
        self,
        lightsail: LightsailClient,
        *,
        polling: PollingPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        wall_clock: Callable[[], float] = time.time,
        retry_timeout_seconds: float = 300.0,
    ) -> None:
        """Wrap ``lightsail``; see the class docstring for the arguments."""
        self.lightsail = lightsail
        self.polling = polling or PollingPolicy()
        self._clock = clock
        self._sleep = sleep
        self._wall_clock = wall_clock
        self.retry_timeout_seconds = retry_timeout_seconds
        self._broker = StatusBroker(self.get_service, self.list_services, clock)

    @classmethod
    def from_session(
        cls,
        session: boto3.Session | None = None,
        *,
        region_name: str | None = None,
        polling: PollingPolicy | None = None,
    ) -> ContainerServiceClient:
        """Create a client from a boto3 Session, by default one with the usual credential chain.

        Args:
            session: The session that supplies credentials and the default region.
            region_name: The AWS Region, if not the session's default.
            polling: The waiters' default polling policy.
        """
        session = session or boto3.Session()
        return cls(session.client("lightsail", region_name=region_name), polling=polling)

    def create_service(
        self,
        service_name: str,
        *,
        power: Power | str,
        scale: int,
        tags: Iterable[Tag] = (),
        public_domain_names: Mapping[str, Iterable[str]] | None = None,
        deployment: DeploymentRequest | None = None,
        private_registry_access: PrivateRegistryAccessRequest | None = None,
    ) -> ContainerService:
        """Create a container service, optionally with its first deployment.

        The service starts PENDING; use ``wait_for_service`` to wait until it is READY,
        or RUNNING when created with a deployment.

        Raises:
            InvalidInputError: A value is invalid, or the name is taken in this Region.
            AccessDeniedError: The credentials lack lightsail:CreateContainerService.
            ServiceError: Any other AWS error.
        """
        check_create_service(
            service_name,
            power=power,
            scale=scale,
            tags=tags,
            public_domain_names=public_domain_names,
            deployment=deployment,
        )
        request: dict[str, Any] = {
            "serviceName": service_name,
            "power": str(power),
            "scale": scale,
        }
        if tags:
            request["tags"] = [unstructure(tag) for tag in tags]
        if public_domain_names is not None:
            request["publicDomainNames"] = _domains(public_domain_names)
        if deployment is not None:
            request["deployment"] = unstructure(deployment)
        if private_registry_access is not None:
            request["privateRegistryAccess"] = unstructure(private_registry_access)

        maybe_created = False

        def create() -> dict[str, Any]:
            nonlocal maybe_created
            try:
                with translated_errors("CreateContainerService"):
                    return dict(self.lightsail.create_container_service(**request))
            except LightsailContainersError as error:
                # A 5xx or a lost connection leaves open whether AWS created the service.
                lost = is_transient(error) and not is_rejected_before_change(error)
                maybe_created = maybe_created or lost
                raise

        try:
            response = self._with_retries(create, is_transient)
        except InvalidInputError as error:
            if not (maybe_created and _ALREADY_EXISTS.search(error.aws_message)):
                raise
            return self._recognise_created(service_name, str(power), scale, error)

        return structure_service(response["containerService"])

    def create_deployment(
        self,
        service_name: str,
        deployment: DeploymentRequest | None = None,
        *,
        containers: Mapping[str, Container] | None = None,
        public_endpoint: EndpointRequest | None = None,
    ) -> ContainerService:
        """Create a deployment: pass a DeploymentRequest, or its containers and endpoint.

        Returns the service as AWS reports it right after the call, usually DEPLOYING
        with the new deployment as ``next_deployment``. Use ``wait_for_deployment`` to
        wait until it is ACTIVE.

        Raises:
            ValueError: Both or neither of ``deployment`` and ``containers`` were given.
            NotFoundError: The service does not exist.
            InvalidInputError: A value is invalid, or the service cannot take a
                deployment in its current state.
            ServiceError: Any other AWS error.
        """
        check_create_deployment(service_name, deployment, containers, public_endpoint)
        if (deployment is None) == (containers is None):
            raise ValueError("pass either deployment or containers (with public_endpoint)")
        if deployment is not None and public_endpoint is not None:
            raise ValueError(
                "public_endpoint goes with containers; a DeploymentRequest carries its own"
            )
        if deployment is None:
            deployment = DeploymentRequest(containers or {}, public_endpoint)

        request = {"serviceName": service_name, **unstructure(deployment)}

        def deploy() -> dict[str, Any]:
            with translated_errors("CreateContainerServiceDeployment"):
                return dict(self.lightsail.create_container_service_deployment(**request))

        # Each accepted call adds a deployment version, so only calls that AWS
        # rejected before changing anything are repeated.
        response = self._with_retries(deploy, is_rejected_before_change)
        return structure_service(response["containerService"])

    def get_service(self, service_name: str) -> ContainerService:
        """Return one container service.

        Raises:
            NotFoundError: The service does not exist in this Region.
            ServiceError: Any other AWS error.
        """
        check_service_name(service_name)
        with translated_errors("GetContainerServices"):
            response = self.lightsail.get_container_services(serviceName=service_name)

        services = response.get("containerServices", [])
        if not services:
            raise NotFoundError(
                "GetContainerServices",
                "EmptyResult",
                f"no container service named {service_name!r} in the response",
                response.get("ResponseMetadata", {}).get("RequestId"),
            )

        return structure_service(services[0])

    def list_services(self) -> tuple[ContainerService, ...]:
        """Return every container service in the client's Region.

        Raises:
            ServiceError: An AWS error.
        """
        with translated_errors("GetContainerServices"):
            response = self.lightsail.get_container_services()

        return tuple(
            structure_service(service) for service in response.get("containerServices", [])
        )

    def update_service(
        self,
        service_name: str,
        *,
        power: Power | str | None = None,
        scale: int | None = None,
        is_disabled: bool | None = None,
        public_domain_names: Mapping[str, Iterable[str]] | None = None,
        private_registry_access: PrivateRegistryAccessRequest | None = None,
    ) -> ContainerService:
        """Change power, scale, disabled flag, public domain names or registry access.

        Arguments left as ``None`` keep their current value. An empty
        ``public_domain_names`` mapping removes all custom domains.

        Raises:
            NotFoundError: The service does not exist.
            InvalidInputError: A value is invalid, or the service cannot be updated in
                its current state.
            ServiceError: Any other AWS error.
        """
        check_update_service(service_name, power, scale, public_domain_names)
        request: dict[str, Any] = {"serviceName": service_name}
        if power is not None:
            request["power"] = str(power)
        if scale is not None:
            request["scale"] = scale
        if is_disabled is not None:
            request["isDisabled"] = is_disabled
        if public_domain_names is not None:
            request["publicDomainNames"] = _domains(public_domain_names)
        if private_registry_access is not None:
            request["privateRegistryAccess"] = unstructure(private_registry_access)

        def update() -> dict[str, Any]:
            with translated_errors("UpdateContainerService"):
                return dict(self.lightsail.update_container_service(**request))

        # An update sets values, so applying it twice changes nothing more.
        response = self._with_retries(update, is_transient)
        return structure_service(response["containerService"])

    def delete_service(self, service_name: str) -> None:
        """Delete a container service, with its deployments and registered images.

        Transient errors are retried; a NotFoundException after a failed attempt means
        that attempt deleted the service, and counts as success.

        Raises:
            NotFoundError: The service does not exist.
            ServiceError: Any other AWS error.
        """
        check_service_name(service_name)
        attempts = 0

        def delete() -> None:
            nonlocal attempts
            attempts += 1
            with translated_errors("DeleteContainerService"):
                self.lightsail.delete_container_service(serviceName=service_name)

        try:
            self._with_retries(delete, is_transient)
        except NotFoundError:
            # After a failed attempt, the service may be gone because of that attempt.
            if attempts == 1:
                raise

    def service_waiter(
        self,
        service_name: str,
        *,
        until: ContainerServiceState | str | Iterable[ContainerServiceState | str] = SERVICE_UP,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> Waiter:
        """Return a waiter for the service to reach one of the ``until`` states.

        Call ``wait()`` on it, or use ``wait_for_service``, which does both.
        """
        states = _target_states(until)
        return self._waiter(
            service_name, ServiceStateTarget(states), polling, on_transition, on_poll
        )

    def wait_for_service(
        self,
        service_name: str,
        *,
        until: ContainerServiceState | str | Iterable[ContainerServiceState | str] = SERVICE_UP,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> ContainerService:
        """Wait until the service is in one of the ``until`` states, and return it.

        The default target, READY or RUNNING, fits a service just created (RUNNING when
        it was created with a deployment). Wait for DISABLED after disabling it.

        Args:
            service_name: The service to follow.
            until: The target state, or several.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of state, stateDetail or
                deployment state, and with the first snapshot.
            on_poll: Called after each status call with the snapshot, the attempt
                number, the elapsed time and the delay before the next call.

        Raises:
            TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED
                or UNKNOWN_ERROR.
            TargetUnreachableError: The service is being deleted or was disabled and
                the target does not include that state.
            WaitTimeoutError: The policy's timeout passed first; transient errors of
                status calls are retried until then.
            NotFoundError: The service does not exist.
        """
        check_service_name(service_name)
        waiter = self.service_waiter(
            service_name, until=until, polling=polling, on_transition=on_transition, on_poll=on_poll
        )
        return _present(waiter.wait())

    def deployment_waiter(
        self,
        service_name: str,
        version: int | None = None,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> Waiter:
        """Return a waiter for deployment ``version`` (default: the newest) to become ACTIVE.

        Finding the newest version costs one GetContainerServices call now.
        """
        if version is None:
            version = self._newest_version(service_name)
        _check_version(version)

        return self._waiter(
            service_name, DeploymentTarget(version), polling, on_transition, on_poll
        )

    def wait_for_deployment(
        self,
        service_name: str,
        version: int | None = None,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> ContainerService:
        """Wait until a deployment is the service's ACTIVE current deployment.

        The waiter follows the deployment's version, not the service state alone: a
        failed deployment leaves the service RUNNING its previous deployment (or READY
        if there was none), which a state-only waiter would take for success. When the
        deployment fails, the error carries the newest log lines of its containers.

        Args:
            service_name: The service to follow.
            version: The deployment version; by default the newest one the service
                reports now.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of state, stateDetail or
                deployment state, and with the first snapshot.
            on_poll: Called after each status call.

        Raises:
            DeploymentFailedError: The deployment failed; ``logs`` holds the newest
                lines of each container, or ``logs_unavailable`` says why not.
            TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED
                or UNKNOWN_ERROR.
            TargetUnreachableError: A newer deployment replaced this one, or the
                service is being deleted or was disabled.
            WaitTimeoutError: The policy's timeout passed first.
            NotFoundError: The service does not exist, or has no deployment when no
                version is given.
        """
        check_service_name(service_name)
        waiter = self.deployment_waiter(
            service_name, version, polling=polling, on_transition=on_transition, on_poll=on_poll
        )
        return self.wait(waiter)

    def update_waiter(
        self,
        service_name: str,
        *,
        power: Power | str | None = None,
        scale: int | None = None,
        public_domain_names: Mapping[str, Iterable[str]] | None = None,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> Waiter:
        """Return a waiter for an update: READY or RUNNING, reporting the given values."""
        target = UpdateTarget(
            power=None if power is None else str(power),
            scale=scale,
            public_domain_names=None
            if public_domain_names is None
            else {cert: frozenset(names) for cert, names in public_domain_names.items()},
        )
        return self._waiter(service_name, target, polling, on_transition, on_poll)

    def wait_for_update(
        self,
        service_name: str,
        *,
        power: Power | str | None = None,
        scale: int | None = None,
        public_domain_names: Mapping[str, Iterable[str]] | None = None,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> ContainerService:
        """Wait until an update is applied, and return the service.

        Pass the values given to ``update_service``: the wait ends when the service is
        READY or RUNNING and reports them. Re-enabling a disabled service is an
        update like any other.

        Raises:
            TerminalStateDetailError: The service reported a terminal stateDetail code.
            TargetUnreachableError: The service is being deleted or was disabled.
            WaitTimeoutError: The policy's timeout passed first.
            NotFoundError: The service does not exist.
        """
        check_service_name(service_name)
        waiter = self.update_waiter(
            service_name,
            power=power,
            scale=scale,
            public_domain_names=public_domain_names,
            polling=polling,
            on_transition=on_transition,
            on_poll=on_poll,
        )
        return _present(waiter.wait())

    def deletion_waiter(
        self,
        service_name: str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> Waiter:
        """Return a waiter for the service to be gone."""
        return self._waiter(service_name, DeletedTarget(), polling, on_transition, on_poll)

    def wait_for_deletion(
        self,
        service_name: str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> None:
        """Wait until GetContainerServices reports that the service does not exist.

        Raises:
            TargetUnreachableError: The service is settled and not being deleted.
            WaitTimeoutError: The policy's timeout passed first.
        """
        check_service_name(service_name)
        self.deletion_waiter(
            service_name, polling=polling, on_transition=on_transition, on_poll=on_poll
        ).wait()

    def resume(
        self,
        token: WaitToken | str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> Waiter:
        """Recreate a waiter from ``Waiter.token()``, for example in another process.

        The resumed wait keeps the original start time and deadline; ``polling`` sets
        only the delays between polls.

        Raises:
            ValueError: The token is not valid.
        """
        if isinstance(token, str):
            token = WaitToken.from_string(token)

        return Waiter(
            lambda: self.get_service(token.service_name),
            target_from_dict(token.target),
            service_name=token.service_name,
            policy=polling or self.polling,
            clock=self._clock,
            sleep=self._sleep,
            wall_clock=self._wall_clock,
            on_transition=on_transition,
            on_poll=on_poll,
            token=token,
            broker=self._broker,
        )

    def wait(self, waiter: Waiter) -> ContainerService:
        """Run a service, update or deployment waiter, and return the final snapshot.

        Unlike ``Waiter.wait()``, this adds the containers' log lines to a
        DeploymentFailedError.
        """
        try:
            return _present(waiter.wait())
        except DeploymentFailedError as error:
            self._attach_failure_logs(error)
            raise

    def wait_for_services(
        self,
        service_names: Iterable[str],
        *,
        until: ContainerServiceState | str | Iterable[ContainerServiceState | str] = SERVICE_UP,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> FleetResult:
        """Wait for many services at once, with one GetContainerServices call per poll.

        Returns per service what happened; call ``raise_for_errors()`` on the result
        to turn failures into one FleetWaitError.
        """
        check_service_names(service_names)
        states = _target_states(until)
        targets = {name: ServiceStateTarget(states) for name in service_names}
        return self._fleet(targets, polling, on_transition, on_poll)

    def wait_for_deployments(
        self,
        versions: Mapping[str, int],
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> FleetResult:
        """Wait for a deployment version of each service, with one call per poll.

        Args:
            versions: The awaited deployment version of each service, by name.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of any service.
            on_poll: Called after each status call.
        """
        check_service_names(versions)
        for version in versions.values():
            _check_version(version)
        targets = {name: DeploymentTarget(version) for name, version in versions.items()}
        return self._fleet(targets, polling, on_transition, on_poll)

    def _fleet(
        self,
        targets: Mapping[str, Target],
        polling: PollingPolicy | None,
        on_transition: TransitionCallback | None,
        on_poll: PollCallback | None,
    ) -> FleetResult:
        fleet = FleetWaiter(
            self.list_services,
            targets,
            policy=polling or self.polling,
            clock=self._clock,
            sleep=self._sleep,
            wall_clock=self._wall_clock,
            on_transition=on_transition,
            on_poll=on_poll,
        )
        return fleet.wait()

    def _waiter(
        self,
        service_name: str,
        target: Target,
        polling: PollingPolicy | None,
        on_transition: TransitionCallback | None,
        on_poll: PollCallback | None,
    ) -> Waiter:
        return Waiter(
            lambda: self.get_service(service_name),
            target,
            service_name=service_name,
            policy=polling or self.polling,
            clock=self._clock,
            sleep=self._sleep,
            wall_clock=self._wall_clock,
            on_transition=on_transition,
            on_poll=on_poll,
            broker=self._broker,
        )

    def _attach_failure_logs(self, error: DeploymentFailedError) -> None:
        if error.deployment is None:
            error.attach_logs(None, "the waiter never saw the deployment's containers")
            return

        now = datetime.fromtimestamp(self._wall_clock(), tz=timezone.utc)
        logs, unavailable = safe_failure_logs(
            self.lightsail, error.service_name, error.deployment, now
        )
        error.attach_logs(logs, unavailable)

    def _with_retries(
        self, call: Callable[[], _R], should_retry: Callable[[BaseException], bool]
    ) -> _R:
        return call_with_retries(
            call,
            should_retry=should_retry,
            deadline=self._clock() + self.retry_timeout_seconds,
            clock=self._clock,
            sleep=self._sleep,
        )

    def _recognise_created(
        self, service_name: str, power: str, scale: int, error: InvalidInputError
    ) -> ContainerService:
        # The name exists, and an earlier attempt may have created it: if the service
        # has the requested power and scale and is still PENDING, it is ours.
        service = self.get_service(service_name)
        ours = (
            service.power == power
            and service.scale == scale
            and service.state is ContainerServiceState.PENDING
        )
        if not ours:
            raise error

        logger.info("Container service %s was created by an earlier attempt", service_name)
        return service

    def _newest_version(self, service_name: str) -> int:
        version = newest_version(self.get_service(service_name))
        if version is None:
            raise NotFoundError(
                "GetContainerServices",
                "NoDeployment",
                f"container service {service_name!r} has no deployment to wait for",
                None,
            )

        return version


def _target_states(
    until: ContainerServiceState | str | Iterable[ContainerServiceState | str],
) -> frozenset[ContainerServiceState]:
    values = [until] if isinstance(until, str) else list(until)
    if not values:
        raise ValueError("until must name at least one container service state")

    known = {state.value: state for state in ContainerServiceState}
    unknown = [value for value in values if str(value) not in known]
    if unknown:
        raise ValueError(
            f"until: {unknown[0]!r} is not a container service state; use one of {', '.join(known)}"
        )

    states = {known[str(value)] for value in values}
    return frozenset(states)


def _check_version(version: object) -> None:
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValueError(f"version: {version!r} is not a deployment version; use 1 or more")


def _present(service: ContainerService | None) -> ContainerService:
    # Only a deletion waiter returns None, and the methods using this never run one.
    if service is None:
        raise RuntimeError("the waiter returned no snapshot")

    return service


def _domains(public_domain_names: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    return {certificate: list(names) for certificate, names in public_domain_names.items()}
