"""The asyncio client facade: aiobotocore calls in, models and the package's errors out.

``AsyncContainerServiceClient`` is the async twin of ``ContainerServiceClient``: the
same methods, checks, requests, models, errors and retry rules, with coroutines. The
requests and responses come from ``_requests`` and ``_operation_requests``, and the
waiters from ``_async_waiter``. As in ``_client``, each method imports what it needs.

Only ``from_session`` imports aiobotocore, so importing this module works without the
``async`` extra. Other callers pass in an aiobotocore client of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from ._async_broker import AsyncStatusBroker
from ._enums import SERVICE_UP, MetricStatistic
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
    from collections.abc import (
        AsyncGenerator,
        AsyncIterator,
        Awaitable,
        Callable,
        Iterable,
        Mapping,
    )

    from aiobotocore.session import AioSession
    from types_aiobotocore_lightsail import LightsailClient as AioLightsailClient

    from ._async_retries import AsyncSleep
    from ._async_waiter import AsyncWaiter
    from ._decisions import ServiceStates, Target
    from ._diff import DeploymentDiff
    from ._enums import MetricName, Power
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
    from ._waiter import FleetResult, PollCallback, TransitionCallback, WaitToken

_R = TypeVar("_R")

logger = logging.getLogger("lightsail_containers.client")


class AsyncContainerServiceClient:
    """Lightsail container services as models, with waiters, on asyncio.

    Wraps an aiobotocore Lightsail client. Each method is the coroutine twin of the
    ``ContainerServiceClient`` method of the same name, with the same arguments, checks,
    retries and errors. The docstrings of the sync methods give the details.

    Waits are cancellable: a cancelled wait stops polling at once, and
    ``asyncio.timeout`` or ``asyncio.wait_for`` bound it from outside.

    Concurrent waits on one client (tasks of ``asyncio.gather``) share one
    GetContainerServices call per poll, as the threads of a sync client do.

    Args:
        lightsail: An aiobotocore Lightsail client, already entered with ``async with``;
            its region is the one the client works in.
        polling: The waiters' default polling policy.
        clock: Monotonic time in seconds, used by the waiters.
        sleep: Sleeps for a number of seconds, asynchronously, used by the waiters.
        wall_clock: Seconds since the Unix epoch, for resume tokens and log windows.
        retry_timeout_seconds: How long a create, deploy, update or delete call
            repeats after throttling, a busy service or (where a repeat is safe) a
            server or connection error.
    """

    def __init__(
        self,
        lightsail: AioLightsailClient,
        *,
        polling: PollingPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: AsyncSleep = asyncio.sleep,
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
        self._broker = AsyncStatusBroker(self.get_service, self.list_services, clock)

    @classmethod
    @contextlib.asynccontextmanager
    async def from_session(
        cls,
        session: AioSession | None = None,
        *,
        region_name: str | None = None,
        polling: PollingPolicy | None = None,
    ) -> AsyncIterator[AsyncContainerServiceClient]:
        """Open a client on a new aiobotocore Lightsail client, for ``async with``.

        The aiobotocore client, and its HTTP connections, close when the block ends::

            async with AsyncContainerServiceClient.from_session(region_name="us-east-1") as client:
                await client.wait_for_service("web")

        Args:
            session: The aiobotocore session that supplies credentials and the default
                region; by default one with the usual credential chain.
            region_name: The AWS Region, if not the session's default.
            polling: The waiters' default polling policy.
        """
        # Only this method needs aiobotocore itself; see the module docstring.
        try:
            from aiobotocore.session import get_session
        except ModuleNotFoundError as error:
            raise ModuleNotFoundError(
                "AsyncContainerServiceClient.from_session needs aiobotocore; install "
                "it with pip install 'lightsail-containers[async]'",
                name=error.name,
            ) from error

        session = session or get_session()
        async with session.create_client("lightsail", region_name=region_name) as lightsail:
            yield cls(lightsail, polling=polling)

    async def create_service(
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

        See ``ContainerServiceClient.create_service``: after a server or connection
        error, a repeat that finds the name taken returns the service if it is the one
        requested and still PENDING.
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

        async def create() -> dict[str, Any]:
            nonlocal maybe_created
            try:
                with translated_errors("CreateContainerService"):
                    return dict(await self.lightsail.create_container_service(**request))
            except LightsailContainersError as error:
                # A 5xx or a lost connection leaves open whether AWS created the service.
                lost = is_transient(error) and not is_rejected_before_change(error)
                maybe_created = maybe_created or lost
                raise

        try:
            response = await self._with_retries(create, is_transient)
        except InvalidInputError as error:
            if not (maybe_created and is_name_taken(error)):
                raise
            return await self._recognise_created(request, error)

        return parse_service(response)

    async def create_deployment(
        self,
        service_name: str,
        deployment: DeploymentRequest | None = None,
        *,
        containers: Mapping[str, Container] | None = None,
        public_endpoint: EndpointRequest | None = None,
    ) -> ContainerService:
        """Create a deployment: pass a DeploymentRequest, or its containers and endpoint.

        See ``ContainerServiceClient.create_deployment``. Only calls that AWS rejected
        before changing anything are repeated, because each accepted call adds a version.
        """
        from ._requests import create_deployment_request, parse_service
        from ._retries import is_rejected_before_change

        request = create_deployment_request(service_name, deployment, containers, public_endpoint)

        async def deploy() -> dict[str, Any]:
            with translated_errors("CreateContainerServiceDeployment"):
                return dict(await self.lightsail.create_container_service_deployment(**request))

        response = await self._with_retries(deploy, is_rejected_before_change)
        return parse_service(response)

    async def get_service(self, service_name: str) -> ContainerService:
        """Return one container service.

        Raises:
            NotFoundError: The service does not exist in this Region.
            ServiceError: Any other AWS error.
        """
        from ._requests import parse_named_service
        from ._validation import check_service_name

        check_service_name(service_name)
        with translated_errors("GetContainerServices"):
            response = await self.lightsail.get_container_services(serviceName=service_name)

        return parse_named_service(service_name, dict(response))

    async def list_services(self) -> tuple[ContainerService, ...]:
        """Return every container service in the client's Region.

        Raises:
            ServiceError: An AWS error.
        """
        from ._requests import parse_services

        with translated_errors("GetContainerServices"):
            response = await self.lightsail.get_container_services()

        return parse_services(dict(response))

    async def update_service(
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

        See ``ContainerServiceClient.update_service``.
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

        async def update() -> dict[str, Any]:
            with translated_errors("UpdateContainerService"):
                return dict(await self.lightsail.update_container_service(**request))

        # An update sets values, so applying it twice changes nothing more.
        response = await self._with_retries(update, is_transient)
        return parse_service(response)

    async def delete_service(self, service_name: str) -> None:
        """Delete a container service, with its deployments and registered images.

        See ``ContainerServiceClient.delete_service``: a NotFoundException after a failed
        attempt counts as success.
        """
        from ._retries import is_transient
        from ._validation import check_service_name

        check_service_name(service_name)
        attempts = 0

        async def delete() -> None:
            nonlocal attempts
            attempts += 1
            with translated_errors("DeleteContainerService"):
                await self.lightsail.delete_container_service(serviceName=service_name)

        try:
            await self._with_retries(delete, is_transient)
        except NotFoundError:
            # After a failed attempt, the service may be gone because of that attempt.
            if attempts == 1:
                raise

    def service_waiter(
        self,
        service_name: str,
        *,
        until: ServiceStates = SERVICE_UP,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> AsyncWaiter:
        """Return a waiter for the service to reach one of the ``until`` states.

        Await ``wait()`` on it, or use ``wait_for_service``, which does both.
        """
        from ._decisions import ServiceStateTarget, target_states

        target = ServiceStateTarget(target_states(until))
        return self._waiter(service_name, target, polling, on_transition, on_poll)

    async def wait_for_service(
        self,
        service_name: str,
        *,
        until: ServiceStates = SERVICE_UP,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> ContainerService:
        """Wait until the service is in one of the ``until`` states, and return it.

        See ``ContainerServiceClient.wait_for_service`` for the arguments and errors.
        """
        from ._requests import present
        from ._validation import check_service_name

        check_service_name(service_name)
        waiter = self.service_waiter(
            service_name, until=until, polling=polling, on_transition=on_transition, on_poll=on_poll
        )
        return present(await waiter.wait())

    async def deployment_waiter(
        self,
        service_name: str,
        version: int | None = None,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> AsyncWaiter:
        """Return a waiter for deployment ``version`` (default: the newest) to become ACTIVE.

        A coroutine, unlike the other waiter factories, because finding the newest
        version costs a GetContainerServiceDeployments and a GetContainerServices call.
        """
        from ._decisions import DeploymentTarget
        from ._requests import check_version

        if version is None:
            version = await self._newest_version(service_name)
        check_version(version)

        return self._waiter(
            service_name, DeploymentTarget(version), polling, on_transition, on_poll
        )

    async def wait_for_deployment(
        self,
        service_name: str,
        version: int | None = None,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> ContainerService:
        """Wait until a deployment is the service's ACTIVE current deployment.

        See ``ContainerServiceClient.wait_for_deployment``: the waiter follows the
        version, confirms a vanished version in the deployment history, and attaches
        the containers' newest log lines to a DeploymentFailedError.
        """
        from ._validation import check_service_name

        check_service_name(service_name)
        waiter = await self.deployment_waiter(
            service_name, version, polling=polling, on_transition=on_transition, on_poll=on_poll
        )
        return await self.wait(waiter)

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
    ) -> AsyncWaiter:
        """Return a waiter for an update: READY or RUNNING, reporting the given values."""
        from ._decisions import update_target

        target = update_target(power, scale, public_domain_names)
        return self._waiter(service_name, target, polling, on_transition, on_poll)

    async def wait_for_update(
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

        See ``ContainerServiceClient.wait_for_update``.
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
        return present(await waiter.wait())

    def deletion_waiter(
        self,
        service_name: str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> AsyncWaiter:
        """Return a waiter for the service to be gone."""
        from ._decisions import DeletedTarget

        return self._waiter(service_name, DeletedTarget(), polling, on_transition, on_poll)

    async def wait_for_deletion(
        self,
        service_name: str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> None:
        """Wait until GetContainerServices reports that the service does not exist.

        See ``ContainerServiceClient.wait_for_deletion``.
        """
        from ._validation import check_service_name

        check_service_name(service_name)
        waiter = self.deletion_waiter(
            service_name, polling=polling, on_transition=on_transition, on_poll=on_poll
        )
        await waiter.wait()

    def resume(
        self,
        token: WaitToken | str,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> AsyncWaiter:
        """Recreate a waiter from the ``token()`` of a sync or async waiter.

        The resumed wait keeps the original start time and deadline; ``polling`` sets
        only the delays between polls.

        Raises:
            ValueError: The token is not valid.
        """
        from ._async_waiter import AsyncWaiter
        from ._decisions import target_from_dict
        from ._waiter import WaitToken

        if isinstance(token, str):
            token = WaitToken.from_string(token)

        service_name = token.service_name
        return AsyncWaiter(
            lambda: self.get_service(service_name),
            target_from_dict(token.target),
            service_name=service_name,
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

    async def wait(self, waiter: AsyncWaiter) -> ContainerService:
        """Run a service, update or deployment waiter, and return the final snapshot.

        See ``ContainerServiceClient.wait``: a vanished version is checked in the
        deployment history, and a DeploymentFailedError gets the containers' log lines,
        as ``await waiter.wait()`` does too.
        """
        from ._requests import present

        return present(await waiter.wait())

    async def wait_for_services(
        self,
        service_names: Iterable[str],
        *,
        until: ServiceStates = SERVICE_UP,
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

        names = list(service_names)
        check_service_names(names)
        target = ServiceStateTarget(target_states(until))
        return await self._fleet(dict.fromkeys(names, target), polling, on_transition, on_poll)

    async def wait_for_deployments(
        self,
        versions: Mapping[str, int],
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
        on_poll: PollCallback | None = None,
    ) -> FleetResult:
        """Wait for a deployment version of each service, with one call per poll.

        See ``ContainerServiceClient.wait_for_deployments``.
        """
        from ._decisions import DeploymentTarget
        from ._requests import check_version
        from ._validation import check_service_names
        from ._waiter import FleetResult

        check_service_names(versions)
        for version in versions.values():
            check_version(version)
        targets = {name: DeploymentTarget(version) for name, version in versions.items()}
        result = await self._fleet(targets, polling, on_transition, on_poll)

        errors = dict(result.errors)
        for name, error in result.errors.items():
            if isinstance(error, DeploymentFailedError):
                errors[name] = await self._explain_failure(error)
        return FleetResult(result.services, errors)

    async def list_deployments(self, service_name: str) -> tuple[Deployment, ...]:
        """Return the deployments that a service keeps, newest version first.

        See ``ContainerServiceClient.list_deployments``. Transient errors are retried.
        """
        from ._requests import parse_deployments
        from ._retries import is_transient
        from ._validation import check_service_name

        check_service_name(service_name)

        async def get() -> dict[str, Any]:
            with translated_errors("GetContainerServiceDeployments"):
                return dict(
                    await self.lightsail.get_container_service_deployments(serviceName=service_name)
                )

        return parse_deployments(await self._with_retries(get, is_transient))

    async def compare_deployments(
        self,
        service_name: str,
        before_version: int | None = None,
        after_version: int | None = None,
    ) -> DeploymentDiff:
        """Compare two deployment versions of a service from its deployment history.

        See ``ContainerServiceClient.compare_deployments``.
        """
        from ._operation_requests import check_compared_versions, compare_in_history
        from ._validation import check_service_name

        check_service_name(service_name)
        check_compared_versions(before_version, after_version)

        history = await self.list_deployments(service_name)
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
    ) -> AsyncGenerator[ContainerLogEvent, None]:
        """Return an async iterator over the log lines of a container, following every page.

        Use it with ``async for``. The parameters are checked at once, by this call; the
        calls start with the iteration. With ``follow``, the iterator keeps polling for
        new lines until the caller stops iterating, ``stop`` returns True, or
        ``max_duration_seconds`` passed. Cancelling the task that iterates stops it
        too. See ``ContainerServiceClient.container_logs`` for the arguments and errors.
        """
        from ._async_logs import AsyncFollowSchedule, async_follow, async_read_pages
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
            return async_read_pages(self._get_log_page, request)

        deadline = None if max_duration_seconds is None else self._clock() + max_duration_seconds
        schedule = AsyncFollowSchedule(
            self._clock, self._sleep, poll_interval_seconds, stop, deadline
        )
        start = None if start_time is None else as_utc(start_time)
        return async_follow(self._get_log_page, request, start, schedule)

    async def get_metric_data(
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

        See ``ContainerServiceClient.get_metric_data``. Transient errors are retried.
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

        async def get() -> dict[str, Any]:
            with translated_errors("GetContainerServiceMetricData"):
                return dict(await self.lightsail.get_container_service_metric_data(**request))

        return parse_metric_data(await self._with_retries(get, is_transient), metric_name)

    async def list_powers(self) -> tuple[PowerSpec, ...]:
        """Return the powers that container services can have, with price, vCPUs and memory.

        See ``ContainerServiceClient.list_powers``. Transient errors are retried.
        """
        from ._operation_requests import parse_powers
        from ._retries import is_transient

        async def get() -> dict[str, Any]:
            with translated_errors("GetContainerServicePowers"):
                return dict(await self.lightsail.get_container_service_powers())

        return parse_powers(await self._with_retries(get, is_transient))

    async def estimate_monthly_cost(
        self,
        service_name: str | None = None,
        *,
        power: Power | str | None = None,
        scale: int | None = None,
    ) -> CostEstimate:
        """Estimate the base monthly price of a service: the price of its power times its scale.

        See ``ContainerServiceClient.estimate_monthly_cost``.
        """
        from ._operation_requests import check_cost_request, priced_values
        from ._powers import CostEstimate

        check_cost_request(service_name, power, scale)

        service = None if service_name is None else await self.get_service(service_name)
        priced_power, priced_scale, power_id = priced_values(service_name, service, power, scale)
        powers = await self.list_powers()
        return CostEstimate.for_power(powers, priced_power, priced_scale, power_id=power_id)

    async def register_image(self, service_name: str, label: str, digest: str) -> ContainerImage:
        """Register an image pushed to the account's registry, as the next version of a label.

        See ``ContainerServiceClient.register_image``: a call is repeated only after AWS
        rejected it unapplied.
        """
        from ._operation_checks import check_register_image
        from ._operation_requests import parse_registered_image
        from ._retries import is_rejected_before_change

        check_register_image(service_name, label, digest)

        async def register() -> dict[str, Any]:
            with translated_errors("RegisterContainerImage"):
                return dict(
                    await self.lightsail.register_container_image(
                        serviceName=service_name, label=label, digest=digest
                    )
                )

        response = await self._with_retries(register, is_rejected_before_change)
        image = parse_registered_image(response)
        logger.info("Registered image %s to container service %s", image.image, service_name)
        return image

    async def list_images(self, service_name: str) -> tuple[ContainerImage, ...]:
        """Return the images registered to a service, newest first.

        See ``ContainerServiceClient.list_images``. Transient errors are retried.
        """
        from ._operation_requests import parse_images
        from ._retries import is_transient
        from ._validation import check_service_name

        check_service_name(service_name)

        async def get() -> dict[str, Any]:
            with translated_errors("GetContainerImages"):
                return dict(await self.lightsail.get_container_images(serviceName=service_name))

        return parse_images(await self._with_retries(get, is_transient))

    async def delete_image(self, service_name: str, image: str | RegisteredImageName) -> None:
        """Delete an image registered to a service.

        See ``ContainerServiceClient.delete_image``: a NotFoundError after a failed
        attempt counts as success.
        """
        from ._operation_checks import check_delete_image
        from ._retries import is_transient

        name = str(image)
        check_delete_image(service_name, name)
        attempts = 0

        async def delete() -> None:
            nonlocal attempts
            attempts += 1
            with translated_errors("DeleteContainerImage"):
                await self.lightsail.delete_container_image(serviceName=service_name, image=name)

        try:
            await self._with_retries(delete, is_transient)
        except NotFoundError:
            if attempts == 1:
                raise

        logger.info("Deleted image %s of container service %s", name, service_name)

    async def create_registry_login(self) -> RegistryLogin:
        """Create temporary credentials to push images to the account's image registry.

        See ``ContainerServiceClient.create_registry_login``. Transient errors are retried.
        """
        from ._operation_requests import parse_registry_login
        from ._retries import is_transient

        async def create() -> dict[str, Any]:
            with translated_errors("CreateContainerServiceRegistryLogin"):
                return dict(await self.lightsail.create_container_service_registry_login())

        return parse_registry_login(await self._with_retries(create, is_transient))

    async def get_api_metadata(self) -> ContainerApiMetadata:
        """Return metadata about Lightsail containers, such as the lightsailctl version.

        See ``ContainerServiceClient.get_api_metadata``. Transient errors are retried.
        """
        from ._operation_requests import parse_api_metadata
        from ._retries import is_transient

        async def get() -> dict[str, Any]:
            with translated_errors("GetContainerAPIMetadata"):
                return dict(await self.lightsail.get_container_api_metadata())

        return parse_api_metadata(await self._with_retries(get, is_transient))

    async def _get_log_page(self, request: Mapping[str, Any]) -> dict[str, Any]:
        from ._retries import is_transient

        async def get() -> dict[str, Any]:
            with translated_errors("GetContainerLog"):
                return dict(await self.lightsail.get_container_log(**request))

        return await self._with_retries(get, is_transient)

    async def _fleet(
        self,
        targets: Mapping[str, Target],
        polling: PollingPolicy | None,
        on_transition: TransitionCallback | None,
        on_poll: PollCallback | None,
    ) -> FleetResult:
        from ._async_waiter import AsyncFleetWaiter

        fleet = AsyncFleetWaiter(
            self.list_services,
            targets,
            policy=polling or self.polling,
            clock=self._clock,
            sleep=self._sleep,
            wall_clock=self._wall_clock,
            on_transition=on_transition,
            on_poll=on_poll,
        )
        return await fleet.wait()

    def _waiter(
        self,
        service_name: str,
        target: Target,
        polling: PollingPolicy | None,
        on_transition: TransitionCallback | None,
        on_poll: PollCallback | None,
    ) -> AsyncWaiter:
        from ._async_waiter import AsyncWaiter

        return AsyncWaiter(
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

    async def _explain_failure(self, error: DeploymentFailedError) -> WaitError:
        confirmed = await self._confirm_failure(error)
        if confirmed is error:
            await self._attach_failure_logs(error)

        return confirmed

    async def _attach_failure_logs(self, error: DeploymentFailedError) -> None:
        from ._async_logs import async_safe_failure_logs

        if error.deployment is None:
            error.attach_logs(None, "the waiter never saw the deployment's containers")
            return

        now = datetime.fromtimestamp(self._wall_clock(), tz=timezone.utc)
        logs, unavailable = await async_safe_failure_logs(
            self._get_log_page, error.service_name, error.deployment, now
        )
        error.attach_logs(logs, unavailable)

    async def _with_retries(
        self, call: Callable[[], Awaitable[_R]], should_retry: Callable[[BaseException], bool]
    ) -> _R:
        from ._async_retries import async_call_with_retries

        return await async_call_with_retries(
            call,
            should_retry=should_retry,
            deadline=self._clock() + self.retry_timeout_seconds,
            clock=self._clock,
            sleep=self._sleep,
        )

    async def _recognise_created(
        self, request: Mapping[str, Any], error: InvalidInputError
    ) -> ContainerService:
        from ._requests import is_created_by_request

        # The name exists, and an earlier attempt may have created it: if the service
        # has the requested power and scale and is still PENDING, it is ours.
        service_name = request["serviceName"]
        service = await self.get_service(service_name)
        if not is_created_by_request(service, request):
            raise error

        logger.info("Container service %s was created by an earlier attempt", service_name)
        return service

    async def _newest_version(self, service_name: str) -> int:
        from ._decisions import newest_version
        from ._requests import newest_known_version

        # The history comes first: a deployment that it lists but the snapshot does not
        # show has failed already, and is the one to report.
        in_history = await self._newest_version_in_history(service_name)
        in_snapshot = newest_version(await self.get_service(service_name))
        return newest_known_version(service_name, in_history, in_snapshot)

    async def _newest_version_in_history(self, service_name: str) -> int | None:
        from ._history import newest_kept_version

        try:
            history = await self.list_deployments(service_name)
        except AccessDeniedError as error:
            # IAM policies written for GetContainerServices alone keep working.
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

    async def _confirm_failure(self, error: DeploymentFailedError) -> WaitError:
        from ._history import confirmed_failure, find_version, is_inferred_failure

        if not is_inferred_failure(error):
            return error

        try:
            history = await self.list_deployments(error.service_name)
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
