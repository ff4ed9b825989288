"""Retries of mutating calls: only where a repeat cannot apply the change twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pytest
from botocore.exceptions import ClientError

from lightsail_containers import (
    ContainerServiceClient,
    ContainerServiceState,
    InvalidInputError,
    NotFoundError,
    ServiceError,
)
from lightsail_containers.simulator import VirtualClock

from support import load_json, service_dict

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

BUSY = "Sorry, deployment 1 is in progress for service web. Please wait for it to complete."
TAKEN = "Some names are already in use: web"


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def client(stubbed: tuple[LightsailClient, Stubber], clock: VirtualClock) -> ContainerServiceClient:
    lightsail, _ = stubbed
    return ContainerServiceClient(
        lightsail, clock=clock.monotonic, sleep=clock.sleep, retry_timeout_seconds=60
    )


def error(stubber: Stubber, operation: str, code: str, message: str, status: int = 400) -> None:
    stubber.add_client_error(
        operation, service_error_code=code, service_message=message, http_status_code=status
    )


def pending(power: str = "nano") -> dict[str, object]:
    return {"containerServices": [{**service_dict(state="PENDING"), "power": power}]}


def test_create_recognises_own_service(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A create whose first response was lost, and whose retry finds the name taken, returns it."""
    _, stubber = stubbed
    error(stubber, "create_container_service", "ServiceException", "internal error", 500)
    error(stubber, "create_container_service", "InvalidInputException", TAKEN)
    stubber.add_response("get_container_services", pending(), {"serviceName": "web"})

    service = client.create_service("web", power="nano", scale=1)

    assert service.state is ContainerServiceState.PENDING
    assert service.container_service_name == "web"


def test_create_other_service_with_name(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A taken name whose service differs from the request is still an error."""
    _, stubber = stubbed
    error(stubber, "create_container_service", "ServiceException", "internal error", 500)
    error(stubber, "create_container_service", "InvalidInputException", TAKEN)
    stubber.add_response("get_container_services", pending("large"), {"serviceName": "web"})

    with pytest.raises(InvalidInputError, match="already in use"):
        client.create_service("web", power="nano", scale=1)


def test_create_name_taken_first_try(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """Without an earlier failed attempt, a taken name raises at once."""
    _, stubber = stubbed
    error(stubber, "create_container_service", "InvalidInputException", TAKEN)

    with pytest.raises(InvalidInputError, match="already in use"):
        client.create_service("web", power="nano", scale=1)


def test_create_retries_throttling(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """AWS throttles before any change, so the create is repeated."""
    _, stubber = stubbed
    error(stubber, "create_container_service", "ThrottlingException", "Rate exceeded")
    stubber.add_response(
        "create_container_service",
        load_json("responses/create-container-service.pending.2021.json"),
    )

    service = client.create_service("test", power="nano", scale=1)

    assert service.container_service_name == "test"


def test_deploy_retries_busy_service(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A deployment rejected because another one is in progress is repeated."""
    _, stubber = stubbed
    error(stubber, "create_container_service_deployment", "InvalidInputException", BUSY)
    stubber.add_response(
        "create_container_service_deployment",
        load_json("responses/create-container-service-deployment.deploying.2022.json"),
    )

    service = client.create_deployment("flask-service", containers={}, public_endpoint=None)

    assert service.state is ContainerServiceState.DEPLOYING


def test_deploy_not_repeated_after_server_error(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """A 5xx may have created the deployment, so it is raised, not repeated."""
    _, stubber = stubbed
    error(stubber, "create_container_service_deployment", "ServiceException", "oops", 500)

    with pytest.raises(ServiceError, match="oops"):
        client.create_deployment("web", containers={}, public_endpoint=None)


def test_update_retries_server_error(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """An update sets values, so it is repeated after a server error."""
    _, stubber = stubbed
    error(stubber, "update_container_service", "ServiceException", "oops", 503)
    stubber.add_response(
        "update_container_service", {"containerService": service_dict(state="UPDATING")}
    )

    service = client.update_service("web", scale=2)

    assert service.state is ContainerServiceState.UPDATING


def test_delete_after_lost_answer(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """NotFound after a failed delete attempt means that attempt deleted the service."""
    _, stubber = stubbed
    error(stubber, "delete_container_service", "ServiceException", "oops", 500)
    error(stubber, "delete_container_service", "NotFoundException", "does not exist")

    client.delete_service("web")


def test_delete_missing_service(
    stubbed: tuple[LightsailClient, Stubber], client: ContainerServiceClient
) -> None:
    """NotFound at the first attempt raises."""
    _, stubber = stubbed
    error(stubber, "delete_container_service", "NotFoundException", "does not exist")

    with pytest.raises(NotFoundError):
        client.delete_service("web")


class BusyLightsail:
    """A Lightsail client whose updates are always rejected as busy."""

    def __init__(self) -> None:
        self.calls = 0

    def update_container_service(self, **_: object) -> dict[str, object]:
        self.calls += 1
        raise ClientError(
            {"Error": {"Code": "InvalidInputException", "Message": BUSY}},
            "UpdateContainerService",
        )


def test_retries_stop_at_retry_timeout(clock: VirtualClock) -> None:
    """Busy errors are retried until retry_timeout_seconds, then raised."""
    lightsail = BusyLightsail()
    client = ContainerServiceClient(
        cast("LightsailClient", lightsail),
        clock=clock.monotonic,
        sleep=clock.sleep,
        retry_timeout_seconds=60,
    )
    started = clock.monotonic()

    with pytest.raises(InvalidInputError, match="in progress"):
        client.update_service("web", scale=2)

    assert clock.monotonic() - started == 60
    assert 6 <= lightsail.calls <= 9
