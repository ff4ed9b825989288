"""The client facade: boto3 calls in, models and the package's errors out.

Each method imports the modules it needs, such as the models, the converter and the
waiters, so that creating a client loads little more than this module. The first call
loads the rest, once.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

import boto3

from ._broker import StatusBroker
from ._enums import SERVICE_UP, MetricName, MetricStatistic
from ._errors import (
    AccessDeniedError,
    DeploymentFailedError,
    InvalidInputError,
    LightsailContainersError,
    NotFoundError,
    WaitError,
    translated_errors,
)
from ._polling import PollingPolicy, client_polling

if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable, Mapping

    from mypy_boto3_lightsail import LightsailClient

    from ._decisions import Target
    from ._diff import DeploymentDiff
    from ._display import ContainerServiceList
    from ._enums import ContainerServiceState, Power
    from ._images import ContainerImage, RegisteredImageName, RegistryLogin
    from ._logs import ContainerLogEvent
    from ._metadata import ContainerApiMetadata
    from ._metrics import MetricData
    from ._models import (
        Container,
        ContainerService,
        Deployment,
        DeploymentRequest,
        EndpointRequest,
        PrivateRegistryAccessRequest,
        Tag,
    )
    from ._powers import CostEstimate, PowerSpec
    from ._waiter import FleetResult, PollCallback, TransitionCallback, Waiter, WaitToken

_R = TypeVar("_R")

logger = logging.getLogger("lightsail_containers.client")


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
        retry_timeout_seconds: How long a call other than a waiter's status call
            repeats after throttling, a busy service or (where a repeat is safe) a
            server or connection error. ``get_service`` and ``list_services`` make
            one attempt.
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
        self.polling = client_polling(polling, retry_timeout_seconds)
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
        from ._requests import create_service_request, is_name_taken, parse_service
        from ._retries import is_rejected_before_change, is_transient

        request = create_service_request(
            service_name,
            power=power,
            scale=scale,
            tags=tags,
            public_domain_names=public_domain_names,
            deployment=deployment,
            private_registry_access=private_registry_access,
        )

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
            if not (maybe_created and is_name_taken(error)):
                raise
            return self._recognise_created(request, error)

        return parse_service(response)

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
        from ._requests import create_deployment_request, parse_service
        from ._retries import is_rejected_before_change

        request = create_deployment_request(service_name, deployment, containers, public_endpoint)

        def deploy() -> dict[str, Any]:
            with translated_errors("CreateContainerServiceDeployment"):
                return dict(self.lightsail.create_container_service_deployment(**request))

        # Each accepted call adds a deployment version, so only calls that AWS
        # rejected before changing anything are repeated.
        return parse_service(self._with_retries(deploy, is_rejected_before_change))

    def get_service(self, service_name: str) -> ContainerService:
        """Return one container service.

        Raises:
            NotFoundError: The service does not exist in this Region.
            ServiceError: Any other AWS error.
        """
        from ._requests import parse_named_service
        from ._validation import check_service_name

        check_service_name(service_name)
        with translated_errors("GetContainerServices"):
            response = self.lightsail.get_container_services(serviceName=service_name)

        return parse_named_service(service_name, dict(response))

    def list_services(self) -> ContainerServiceList:
        """Return every container service in the client's Region.

        The result is a tuple that Jupyter shows as a table.

        Raises:
            ServiceError: An AWS error.
        """
        from ._display import ContainerServiceList
        from ._requests import parse_services

        with translated_errors("GetContainerServices"):
            response = self.lightsail.get_container_services()

        return ContainerServiceList(parse_services(dict(response)))

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
        from ._requests import parse_service, update_service_request
        from ._retries import is_transient

        request = update_service_request(
            service_name,
            power=power,
            scale=scale,
            is_disabled=is_disabled,
            public_domain_names=public_domain_names,
            private_registry_access=private_registry_access,
        )

        def update() -> dict[str, Any]:
            with translated_errors("UpdateContainerService"):
                return dict(self.lightsail.update_container_service(**request))

        # An update sets values, so applying it twice changes nothing more.
        return parse_service(self._with_retries(update, is_transient))

    def delete_service(self, service_name: str) -> None:
        """Delete a container service, with its deployments and registered images.

        Transient errors are retried; a NotFoundException after a failed attempt means
        that attempt deleted the service, and counts as success.

        Raises:
            NotFoundError: The service does not exist.
            ServiceError: Any other AWS error.
        """
        from ._retries import is_transient
        from ._validation import check_service_name

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
        from ._decisions import ServiceStateTarget, target_states

        states = target_states(until)
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
        from ._requests import present
        from ._validation import check_service_name

        check_service_name(service_name)
        waiter = self.service_waiter(
            service_name, until=until, polling=polling, on_transition=on_transition, on_poll=on_poll
        )
        return present(waiter.wait())

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

        Finding the newest version costs a GetContainerServiceDeployments and a
        GetContainerServices call now; see ``wait_for_deployment``.
        """
        from ._decisions import DeploymentTarget
        from ._requests import check_version

        if version is None:
            version = self._newest_version(service_name)
        check_version(version)

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

        Without a version, the waiter takes the highest version of the deployment
        history and of the current and next deployment, so a new deployment that
        failed before the first poll is still the one followed. Credentials that lack
        lightsail:GetContainerServiceDeployments make the waiter log a warning and take
        the newest of the current and next deployment alone. Any other error of the
        history call is raised.

        When the awaited version leaves the current and next deployment, the waiter
        reads the history to tell a failed deployment from a version that never
        existed. If that call fails, the version is reported as failed.

        Args:
            service_name: The service to follow.
            version: The deployment version; by default the newest one, as above.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of state, stateDetail or
                deployment state, and with the first snapshot.
            on_poll: Called after each status call.

        Raises:
            DeploymentFailedError: The deployment failed. ``logs`` contains the newest
                lines of each container, or ``logs_unavailable`` gives the reason.
            TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED
                or UNKNOWN_ERROR.
            TargetUnreachableError: A newer deployment replaced this one, the version
                does not exist, or the service is being deleted or was disabled.
            WaitTimeoutError: The policy's timeout passed first.
            NotFoundError: The service does not exist, or has no deployment when no
                version is given.
            ServiceError: The history call for the newest version failed.
        """
        from ._validation import check_service_name

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
        from ._decisions import update_target

        target = update_target(power, scale, public_domain_names)
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
        from ._requests import present
        from ._validation import check_service_name

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
        return present(waiter.wait())

    def deletion_waiter(
        self,
        service_name: str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> Waiter:
        """Return a waiter for the service to be gone."""
        from ._decisions import DeletedTarget

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
        from ._validation import check_service_name

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
        from ._decisions import target_from_dict
        from ._waiter import Waiter, WaitToken

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
            explain_failure=self._explain_failure,
        )

    def wait(self, waiter: Waiter) -> ContainerService:
        """Run a service, update or deployment waiter, and return the final snapshot.

        A waiter of this client checks in the deployment history a version that left
        the service's current and next deployment: TargetUnreachableError replaces
        DeploymentFailedError for a version that never existed. It also adds the
        containers' log lines to a DeploymentFailedError. ``waiter.wait()`` does the
        same, and returns ``None`` when a deletion waiter finds the service gone.
        """
        from ._requests import present

        return present(waiter.wait())

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
        from ._decisions import ServiceStateTarget, target_states
        from ._validation import check_service_names

        check_service_names(service_names)
        states = target_states(until)
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

        A version that leaves its service's current and next deployment is checked in
        the deployment history, and a failed deployment's error gets its containers'
        log lines, as by ``wait``.

        Args:
            versions: The awaited deployment version of each service, by name.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of any service.
            on_poll: Called after each status call.
        """
        from ._decisions import DeploymentTarget
        from ._requests import check_version
        from ._validation import check_service_names
        from ._waiter import FleetResult

        check_service_names(versions)
        for version in versions.values():
            check_version(version)
        targets = {name: DeploymentTarget(version) for name, version in versions.items()}
        result = self._fleet(targets, polling, on_transition, on_poll)

        errors = {
            name: self._explain_failure(error)
            if isinstance(error, DeploymentFailedError)
            else error
            for name, error in result.errors.items()
        }
        return FleetResult(result.services, errors)

    def _fleet(
        self,
        targets: Mapping[str, Target],
        polling: PollingPolicy | None,
        on_transition: TransitionCallback | None,
        on_poll: PollCallback | None,
    ) -> FleetResult:
        from ._waiter import FleetWaiter

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
        from ._waiter import Waiter

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
            explain_failure=self._explain_failure,
        )

    def _explain_failure(self, error: DeploymentFailedError) -> WaitError:
        confirmed = self._confirm_failure(error)
        if confirmed is error:
            self._attach_failure_logs(error)

        return confirmed

    def _attach_failure_logs(self, error: DeploymentFailedError) -> None:
        from ._logs import safe_failure_logs

        if error.deployment is None:
            error.attach_logs(None, "the waiter never saw the deployment's containers")
            return

        now = datetime.fromtimestamp(self._wall_clock(), tz=timezone.utc)
        logs, unavailable = safe_failure_logs(
            self._get_log_page, error.service_name, error.deployment, now
        )
        error.attach_logs(logs, unavailable)

    def _with_retries(
        self, call: Callable[[], _R], should_retry: Callable[[BaseException], bool]
    ) -> _R:
        from ._retries import call_with_retries

        return call_with_retries(
            call,
            should_retry=should_retry,
            deadline=self._clock() + self.retry_timeout_seconds,
            clock=self._clock,
            sleep=self._sleep,
        )

    def _recognise_created(
        self, request: Mapping[str, Any], error: InvalidInputError
    ) -> ContainerService:
        from ._requests import is_created_by_request

        # The name exists, and an earlier attempt may have created it: if the service
        # has the requested power and scale and is still PENDING, it is ours.
        service_name = request["serviceName"]
        service = self.get_service(service_name)
        if not is_created_by_request(service, request):
            raise error

        logger.info("Container service %s was created by an earlier attempt", service_name)
        return service

    def _newest_version(self, service_name: str) -> int:
        from ._decisions import newest_version
        from ._requests import newest_known_version

        # The history lists a deployment that failed already, which the snapshot no
        # longer shows, and the snapshot shows a new deployment that the history may
        # not list yet.
        versions = (
            self._newest_version_in_history(service_name),
            newest_version(self.get_service(service_name)),
        )
        return newest_known_version(service_name, *versions)

    def list_deployments(self, service_name: str) -> tuple[Deployment, ...]:
        """Return the deployments that a service keeps, newest version first.

        Unlike GetContainerServices, which shows the current and the next deployment,
        the history keeps INACTIVE and FAILED versions too. AWS keeps a set number of
        versions and drops the oldest when a new one is created. Transient errors are
        retried.

        Raises:
            NotFoundError: The service does not exist.
            AccessDeniedError: The credentials lack lightsail:GetContainerServiceDeployments.
            ServiceError: Any other AWS error.
        """
        from ._requests import parse_deployments
        from ._retries import is_transient
        from ._validation import check_service_name

        check_service_name(service_name)

        def get() -> dict[str, Any]:
            with translated_errors("GetContainerServiceDeployments"):
                return dict(
                    self.lightsail.get_container_service_deployments(serviceName=service_name)
                )

        return parse_deployments(self._with_retries(get, is_transient))

    def compare_deployments(
        self,
        service_name: str,
        before_version: int | None = None,
        after_version: int | None = None,
    ) -> DeploymentDiff:
        """Compare two deployment versions of a service from its deployment history.

        Args:
            service_name: The service.
            before_version: The older version; by default the newest version below
                ``after_version``.
            after_version: The newer version; by default the newest version.

        Raises:
            ValueError: A version is not a whole number of 1 or more.
            NotFoundError: The service does not exist, or its history lacks a version
                (code ``NoDeployment``).
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import check_compared_versions, compare_in_history
        from ._validation import check_service_name

        check_service_name(service_name)
        check_compared_versions(before_version, after_version)

        history = self.list_deployments(service_name)
        return compare_in_history(service_name, history, before_version, after_version)

    def container_logs(
        self,
        service_name: str,
        container_name: str,
        *,
        start_time: datetime | None = None,
        end_time: datetime | None = None,
        filter_pattern: str | None = None,
        follow: bool = False,
        poll_interval_seconds: float = 5.0,
        stop: Callable[[], bool] | None = None,
        max_duration_seconds: float | None = None,
    ) -> Generator[ContainerLogEvent, None, None]:
        """Iterate over the log lines of a container, following every page.

        The parameters are checked at once; the calls start with the iteration. With
        ``follow``, the iterator keeps polling for new lines, like ``tail -f``, until
        the caller stops iterating (or calls ``close()``), ``stop`` returns True, or
        ``max_duration_seconds`` passed. Polls overlap by 15 seconds, so that a line
        that another node writes late is not lost, and each line is yielded once.
        Transient errors are retried.

        Args:
            service_name: The service.
            container_name: A container that runs or ran on the service.
            start_time: The earliest line; by default the oldest that AWS keeps. A
                naive datetime is taken as UTC.
            end_time: The latest line; by default the newest. Not with ``follow``.
            filter_pattern: Terms that lines must contain, such as ``ERROR``,
                ``-healthcheck`` (must not contain) or ``?ERROR ?WARN`` (either one).
            follow: Whether to keep polling for new lines.
            poll_interval_seconds: The delay between two polls of a follow, in seconds.
            stop: Called after each poll of a follow; returning True ends it.
            max_duration_seconds: The time after which a follow ends, in seconds from
                this call; a last poll reads the lines up to then.

        Raises:
            ValidationError: A parameter breaks a rule of the API, or ``end_time`` is
                not after ``start_time``.
            ValueError: ``end_time`` was given with ``follow``, or a follow option
                without it, or a duration is not positive.
            NotFoundError: The service does not exist, or the container never ran on it
                (raised while iterating, as are the errors below).
            AccessDeniedError: The credentials lack lightsail:GetContainerLog.
            ServiceError: Any other AWS error.
        """
        from ._log_stream import FollowSchedule, read_pages
        from ._log_stream import follow as follow_log
        from ._operation_checks import as_utc, check_log_request
        from ._operation_requests import check_follow, log_request

        check_log_request(
            service_name,
            container_name,
            start_time=start_time,
            end_time=end_time,
            filter_pattern=filter_pattern,
        )
        check_follow(follow, end_time, poll_interval_seconds, stop, max_duration_seconds)
        request = log_request(
            service_name,
            container_name,
            start_time=start_time,
            end_time=end_time,
            filter_pattern=filter_pattern,
            follow=follow,
        )
        if not follow:
            return read_pages(self._get_log_page, request)

        start = None if start_time is None else as_utc(start_time)
        deadline = None if max_duration_seconds is None else self._clock() + max_duration_seconds
        schedule = FollowSchedule(self._clock, self._sleep, poll_interval_seconds, stop, deadline)
        return follow_log(self._get_log_page, request, start, schedule)

    def get_metric_data(
        self,
        service_name: str,
        metric_name: MetricName | str,
        *,
        start_time: datetime | None = None,
        end_time: datetime | None = None,
        period_seconds: int = 300,
        statistics: Iterable[MetricStatistic | str] = (
            MetricStatistic.AVERAGE,
            MetricStatistic.MAXIMUM,
        ),
    ) -> MetricData:
        """Return the datapoints of a metric of a service, oldest first.

        AWS keeps container service metrics at a granularity of 300 seconds, so a
        shorter period gives no more detail. Transient errors are retried.

        Args:
            service_name: The service.
            metric_name: ``MetricName.CPU_UTILIZATION`` or ``MEMORY_UTILIZATION``, each
                in percent of all nodes.
            start_time: The start of the time range; by default one hour before
                ``end_time``. A naive datetime is taken as UTC.
            end_time: The end of the time range; by default now.
            period_seconds: The length of the period of each datapoint, in seconds,
                from 60 to 86400.
            statistics: The statistics of each datapoint; by default Average and
                Maximum, which the API reference calls the most useful.

        Raises:
            ValidationError: A parameter breaks a rule of the API, or ``end_time`` is
                not after ``start_time``.
            NotFoundError: The service does not exist.
            AccessDeniedError: The credentials lack lightsail:GetContainerServiceMetricData.
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import metric_request, parse_metric_data
        from ._retries import is_transient

        request = metric_request(
            service_name,
            metric_name,
            start_time=start_time,
            end_time=end_time,
            period_seconds=period_seconds,
            statistics=statistics,
            now=self._wall_clock(),
        )

        def get() -> dict[str, Any]:
            with translated_errors("GetContainerServiceMetricData"):
                return dict(self.lightsail.get_container_service_metric_data(**request))

        return parse_metric_data(self._with_retries(get, is_transient), metric_name)

    def list_powers(self) -> tuple[PowerSpec, ...]:
        """Return the powers that container services can have, with price, vCPUs and memory.

        Transient errors are retried.

        Raises:
            AccessDeniedError: The credentials lack lightsail:GetContainerServicePowers.
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import parse_powers
        from ._retries import is_transient

        def get() -> dict[str, Any]:
            with translated_errors("GetContainerServicePowers"):
                return dict(self.lightsail.get_container_service_powers())

        return parse_powers(self._with_retries(get, is_transient))

    def estimate_monthly_cost(
        self,
        service_name: str | None = None,
        *,
        power: Power | str | None = None,
        scale: int | None = None,
    ) -> CostEstimate:
        """Estimate the base monthly price of a service: the price of its power times its scale.

        Pass a service name to price that service, with ``power`` or ``scale`` to price
        a change of it, or both ``power`` and ``scale`` alone to price a new service.
        The prices come from GetContainerServicePowers, in USD without taxes.

        Raises:
            ValidationError: The service name or the scale breaks a rule of the API.
            ValueError: Neither a service name nor both power and scale were given, or
                the list of powers has no price for the power.
            NotFoundError: The service does not exist.
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import check_cost_request, priced_values
        from ._powers import CostEstimate

        check_cost_request(service_name, power, scale)

        service = None if service_name is None else self.get_service(service_name)
        priced_power, priced_scale, power_id = priced_values(service_name, service, power, scale)
        powers = self.list_powers()
        return CostEstimate.for_power(powers, priced_power, priced_scale, power_id=power_id)

    def register_image(self, service_name: str, label: str, digest: str) -> ContainerImage:
        """Register an image pushed to the account's registry, as the next version of a label.

        The image is named ``:<service>.<label>.<version>``; ``ContainerImage.name``
        gives its parts. Each accepted call adds a version, so a call is repeated only
        after AWS rejected it unapplied (throttling or a busy service). After a server
        or connection error, check ``list_images`` before you register the image again.

        Args:
            service_name: The service to register the image to.
            label: The label, such as ``app``: 1 to 53 lowercase letters, digits and
                hyphens.
            digest: The digest that ``docker push`` printed, such as ``sha256:...``.

        Raises:
            ValidationError: A parameter breaks a rule of the API.
            NotFoundError: The service does not exist.
            InvalidInputError: AWS rejected the label or the digest.
            AccessDeniedError: The credentials lack lightsail:RegisterContainerImage.
            ServiceError: Any other AWS error.
        """
        from ._operation_checks import check_register_image
        from ._operation_requests import parse_registered_image
        from ._retries import is_rejected_before_change

        check_register_image(service_name, label, digest)

        def register() -> dict[str, Any]:
            with translated_errors("RegisterContainerImage"):
                return dict(
                    self.lightsail.register_container_image(
                        serviceName=service_name, label=label, digest=digest
                    )
                )

        image = parse_registered_image(self._with_retries(register, is_rejected_before_change))
        logger.info("Registered image %s to container service %s", image.image, service_name)
        return image

    def list_images(self, service_name: str) -> tuple[ContainerImage, ...]:
        """Return the images registered to a service, newest first.

        Images of public registries that deployments use are not registered, so they
        are not listed. Transient errors are retried.

        Raises:
            NotFoundError: The service does not exist.
            AccessDeniedError: The credentials lack lightsail:GetContainerImages.
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import parse_images
        from ._retries import is_transient
        from ._validation import check_service_name

        check_service_name(service_name)

        def get() -> dict[str, Any]:
            with translated_errors("GetContainerImages"):
                return dict(self.lightsail.get_container_images(serviceName=service_name))

        return parse_images(self._with_retries(get, is_transient))

    def delete_image(self, service_name: str, image: str | RegisteredImageName) -> None:
        """Delete an image registered to a service.

        Transient errors are retried: deleting twice leaves the same result. A
        NotFoundError after a failed attempt means that attempt deleted the image, and
        counts as success.

        Args:
            service_name: The service the image is registered to.
            image: The registered name, such as ``:web.app.3``.

        Raises:
            ValidationError: The name is not a registered image name of this service.
            NotFoundError: The service or the image does not exist.
            InvalidInputError: AWS rejected the deletion, for example of an image that a
                deployment uses.
            AccessDeniedError: The credentials lack lightsail:DeleteContainerImage.
            ServiceError: Any other AWS error.
        """
        from ._operation_checks import check_delete_image
        from ._retries import is_transient

        name = str(image)
        check_delete_image(service_name, name)
        attempts = 0

        def delete() -> None:
            nonlocal attempts
            attempts += 1
            with translated_errors("DeleteContainerImage"):
                self.lightsail.delete_container_image(serviceName=service_name, image=name)

        try:
            self._with_retries(delete, is_transient)
        except NotFoundError:
            if attempts == 1:
                raise

        logger.info("Deleted image %s of container service %s", name, service_name)

    def create_registry_login(self) -> RegistryLogin:
        """Create temporary credentials to push images to the account's image registry.

        The credentials expire after 12 hours. Register a pushed image with
        ``register_image``. Each call creates new credentials and changes nothing else,
        so transient errors are retried. The password never appears in a repr, str or
        log record of this package.

        Raises:
            AccessDeniedError: The credentials lack
                lightsail:CreateContainerServiceRegistryLogin.
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import parse_registry_login
        from ._retries import is_transient

        def create() -> dict[str, Any]:
            with translated_errors("CreateContainerServiceRegistryLogin"):
                return dict(self.lightsail.create_container_service_registry_login())

        return parse_registry_login(self._with_retries(create, is_transient))

    def get_api_metadata(self) -> ContainerApiMetadata:
        """Return metadata about Lightsail containers, such as the lightsailctl version.

        Transient errors are retried.

        Raises:
            AccessDeniedError: The credentials lack lightsail:GetContainerAPIMetadata.
            ServiceError: Any other AWS error.
        """
        from ._operation_requests import parse_api_metadata
        from ._retries import is_transient

        def get() -> dict[str, Any]:
            with translated_errors("GetContainerAPIMetadata"):
                return dict(self.lightsail.get_container_api_metadata())

        return parse_api_metadata(self._with_retries(get, is_transient))

    def _get_log_page(self, request: Mapping[str, Any]) -> dict[str, Any]:
        from ._retries import is_transient

        def get() -> dict[str, Any]:
            with translated_errors("GetContainerLog"):
                return dict(self.lightsail.get_container_log(**request))

        return self._with_retries(get, is_transient)

    def _newest_version_in_history(self, service_name: str) -> int | None:
        from ._history import newest_kept_version

        try:
            history = self.list_deployments(service_name)
        except AccessDeniedError as error:
            # IAM policies written for GetContainerServices alone keep working, as before
            # the waiter read the history.
            logger.warning(
                "Cannot read the deployment history of container service %s, so the waiter "
                "takes the newest version of its current and next deployment, which misses "
                "a deployment that failed already. Allow lightsail:GetContainerServiceDeployments "
                "or pass the version. %s",
                service_name,
                error,
            )
            return None

        return newest_kept_version(history)

    def _confirm_failure(self, error: DeploymentFailedError) -> WaitError:
        from ._history import confirmed_failure, find_version, is_inferred_failure

        if not is_inferred_failure(error):
            return error

        try:
            history = self.list_deployments(error.service_name)
        except LightsailContainersError as failure:
            logger.warning(
                "Cannot check deployment %d of container service %s in its history, so it is "
                "reported as failed: %s",
                error.version,
                error.service_name,
                failure,
            )
            return error

        found = find_version(history, error.version)
        if error.deployment is None and found is not None:
            # The waiter never saw the deployment; the history gives its containers,
            # whose logs explain the failure.
            error.deployment = found

        return confirmed_failure(error, history)
