"""Translation of botocore's errors into the package's exception tree."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError

from lightsail_containers import (
    AccessDeniedError,
    ContainerServiceClient,
    InvalidInputError,
    LightsailContainersError,
    NotFoundError,
    ServiceError,
    TransportError,
    ValidationError,
)
from lightsail_containers._errors import translated_errors

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        ("NotFoundException", "The container service does not exist", NotFoundError),
        ("InvalidInputException", "The ContainerService web does not exist.", NotFoundError),
        ("InvalidInputException", "Resource not found: web", NotFoundError),
        ("InvalidInputException", "scale must be between 1 and 20", InvalidInputError),
        ("InvalidInputException", "The resource doesn't exist", NotFoundError),
        ("InvalidInputException", "Could not find the container image", NotFoundError),
        ("DoesNotExist", "The service web is missing", NotFoundError),
        ("AccessDeniedException", "not authorized", AccessDeniedError),
        ("UnauthenticatedException", "sign in first", AccessDeniedError),
        (
            "ExpiredTokenException",
            "The security token included in the request is expired",
            AccessDeniedError,
        ),
        ("InvalidSignatureException", "Signature expired", AccessDeniedError),
        ("UnrecognizedClientException", "The security token is invalid", AccessDeniedError),
        ("ServiceException", "internal failure", ServiceError),
        ("RegionSetupInProgressException", "try later", ServiceError),
        ("ThrottlingException", "Rate exceeded", ServiceError),
    ],
)
def test_client_error_translation(
    stubbed: tuple[LightsailClient, Stubber],
    code: str,
    message: str,
    expected: type[ServiceError],
) -> None:
    """Each AWS error code becomes its documented exception, keeping code, message and id."""
    lightsail, stubber = stubbed
    stubber.add_client_error(
        "get_container_services",
        service_error_code=code,
        service_message=message,
        http_status_code=400,
        response_meta={"RequestId": "req-1234"},
    )

    with pytest.raises(expected) as caught:
        ContainerServiceClient(lightsail).get_service("web")

    assert type(caught.value) is expected
    assert caught.value.operation == "GetContainerServices"
    assert caught.value.code == code
    assert caught.value.aws_message == message
    assert caught.value.request_id == "req-1234"
    assert isinstance(caught.value, LightsailContainersError)
    assert code in str(caught.value)
    assert "req-1234" in str(caught.value)


def test_empty_list_is_not_found(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """A named GetContainerServices that returns no service raises NotFoundError."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "get_container_services", {"containerServices": []}, {"serviceName": "web"}
    )

    with pytest.raises(NotFoundError) as caught:
        ContainerServiceClient(lightsail).get_service("web")

    assert caught.value.code == "EmptyResult"
    assert "'web'" in str(caught.value)


def test_transport_error_translation() -> None:
    """A botocore error without an AWS response becomes TransportError, chained."""
    original = EndpointConnectionError(endpoint_url="https://lightsail.us-east-1.amazonaws.com/")

    with pytest.raises(TransportError) as caught, translated_errors("GetContainerServices"):
        raise original

    assert caught.value.operation == "GetContainerServices"
    assert caught.value.__cause__ is original
    assert "Could not connect" in str(caught.value)


def test_message_without_request_id() -> None:
    """An error without a request id does not print one."""
    error = NotFoundError("GetContainerServices", "EmptyResult", "no service named 'web'", None)

    assert str(error) == "GetContainerServices failed with EmptyResult: no service named 'web'"


def test_parameter_error_hides_values() -> None:
    """botocore's parameter errors become ValidationError without the rejected values."""
    lightsail = boto3.client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106  # a dummy for the offline client
    )
    containers = {"web": {"image": "nginx", "environment": {"TOKEN": 987654321}}}

    with (
        pytest.raises(ValidationError) as caught,
        translated_errors("CreateContainerServiceDeployment"),
    ):
        lightsail.create_container_service_deployment(serviceName="web", containers=containers)  # type: ignore[arg-type]

    assert "987654321" not in str(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__
    assert caught.value.problems[0].path == "containers.web.environment.TOKEN"
    assert "Invalid type" in str(caught.value)
