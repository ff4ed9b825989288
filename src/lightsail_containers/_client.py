"""The client facade: boto3 calls in, models and the package's errors out."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import boto3

from ._converter import structure_service, unstructure
from ._decisions import DeploymentTarget, ServiceStateTarget, newest_version
from ._enums import ContainerServiceState, Power
from ._errors import NotFoundError, translated_errors
from ._models import (
    Container,
    ContainerService,
    DeploymentRequest,
    EndpointRequest,
    PrivateRegistryAccessRequest,
    Tag,
)
from ._waiter import PollingPolicy, TransitionCallback, wait_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from mypy_boto3_lightsail import LightsailClient

_SERVICE_UP = frozenset({ContainerServiceState.READY, ContainerServiceState.RUNNING})


class ContainerServiceClient:
    """Lightsail container services as models, with waiters.

    Wraps a boto3 Lightsail client. Every method translates botocore's exceptions
    into the package's (see ``ServiceError`` and its subclasses).

    Args:
        lightsail: A boto3 Lightsail client; its region is the one the client works in.
        polling: The waiters' default polling policy.
        clock: Monotonic time in seconds, used by the waiters.
        sleep: Sleeps for a number of seconds, used by the waiters.
    """

    def __init__(
        self,
        lightsail: LightsailClient,
        *,
        polling: PollingPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Wrap ``lightsail``; see the class docstring for the arguments."""
        self.lightsail = lightsail
        self.polling = polling or PollingPolicy()
        self._clock = clock
        self._sleep = sleep

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

    def create_service(  # noqa: PLR0913
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

        with translated_errors("CreateContainerService"):
            response = self.lightsail.create_container_service(**request)

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
        if (deployment is None) == (containers is None):
            raise ValueError("pass either deployment or containers (with public_endpoint)")
        if deployment is None:
            deployment = DeploymentRequest(containers or {}, public_endpoint)

        with translated_errors("CreateContainerServiceDeployment"):
            response = self.lightsail.create_container_service_deployment(
                serviceName=service_name, **unstructure(deployment)
            )

        return structure_service(response["containerService"])

    def get_service(self, service_name: str) -> ContainerService:
        """Return one container service.

        Raises:
            NotFoundError: The service does not exist in this Region.
            ServiceError: Any other AWS error.
        """
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

    def update_service(  # noqa: PLR0913
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

        with translated_errors("UpdateContainerService"):
            response = self.lightsail.update_container_service(**request)

        return structure_service(response["containerService"])

    def delete_service(self, service_name: str) -> None:
        """Delete a container service, with its deployments and registered images.

        Raises:
            NotFoundError: The service does not exist.
            ServiceError: Any other AWS error.
        """
        with translated_errors("DeleteContainerService"):
            self.lightsail.delete_container_service(serviceName=service_name)

    def wait_for_service(
        self,
        service_name: str,
        *,
        until: ContainerServiceState | Iterable[ContainerServiceState] = _SERVICE_UP,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
    ) -> ContainerService:
        """Wait until the service is in one of the ``until`` states, and return it.

        The default target, READY or RUNNING, fits a service just created (RUNNING when
        it was created with a deployment) or just updated.

        Args:
            service_name: The service to follow.
            until: The target state, or several.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of state, stateDetail or
                deployment state, and with the first snapshot.

        Raises:
            TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED
                or UNKNOWN_ERROR.
            TargetUnreachableError: The service is being deleted or was disabled and
                the target does not include that state.
            WaitTimeoutError: The policy's timeout passed first.
            NotFoundError: The service does not exist.
        """
        states = frozenset({until} if isinstance(until, ContainerServiceState) else until)
        return wait_for(
            lambda: self.get_service(service_name),
            ServiceStateTarget(states),
            service_name=service_name,
            policy=polling or self.polling,
            clock=self._clock,
            sleep=self._sleep,
            on_transition=on_transition,
        )

    def wait_for_deployment(
        self,
        service_name: str,
        version: int | None = None,
        *,
        polling: PollingPolicy | None = None,
        on_transition: TransitionCallback | None = None,
    ) -> ContainerService:
        """Wait until a deployment is the service's ACTIVE current deployment.

        The waiter follows the deployment's version, not the service state alone: a
        failed deployment leaves the service RUNNING its previous deployment (or READY
        if there was none), which a state-only waiter would take for success.

        Args:
            service_name: The service to follow.
            version: The deployment version; by default the newest one the service
                reports at the first poll.
            polling: Overrides the client's polling policy for this wait.
            on_transition: Called with each change of state, stateDetail or
                deployment state, and with the first snapshot.

        Raises:
            DeploymentFailedError: The deployment failed.
            TerminalStateDetailError: The service reported CERTIFICATE_LIMIT_EXCEEDED
                or UNKNOWN_ERROR.
            TargetUnreachableError: A newer deployment replaced this one, or the
                service is being deleted or was disabled.
            WaitTimeoutError: The policy's timeout passed first.
            NotFoundError: The service does not exist, or has no deployment when no
                version is given.
        """
        if version is None:
            version = self._newest_version(service_name)

        return wait_for(
            lambda: self.get_service(service_name),
            DeploymentTarget(version),
            service_name=service_name,
            policy=polling or self.polling,
            clock=self._clock,
            sleep=self._sleep,
            on_transition=on_transition,
        )

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


def _domains(public_domain_names: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    return {certificate: list(names) for certificate, names in public_domain_names.items()}
