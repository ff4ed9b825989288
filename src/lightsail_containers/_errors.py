"""The package's exceptions, and the one place that translates botocore's.

::

    LightsailContainersError
    ├── ServiceError            an AWS call failed (operation, code, message, request id)
    │   ├── NotFoundError       the service or resource does not exist
    │   ├── InvalidInputError   AWS rejected the request's values
    │   └── AccessDeniedError   missing permissions or credentials
    ├── TransportError          no response from AWS (connection, credentials setup)
    ├── FleetWaitError          services of a fleet wait did not reach their target (errors by name)
    └── WaitError               a waiter stopped before its target (service name, last snapshot,
        │                       attempts, elapsed seconds)
        ├── WaitTimeoutError    the total timeout passed
        ├── DeploymentFailedError   the awaited deployment failed
        ├── TerminalStateDetailError  the service reported a stateDetail code that needs the user
        └── TargetUnreachableError  the service moved to a state from which the target cannot follow
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError, ParamValidationError

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from ._logs import ContainerLogEvent
    from ._models import ContainerService, Deployment, StateDetail

# Lightsail also reports a missing resource as InvalidInputException, with messages
# such as "The container service does not exist" or "... was not found", and some of
# its operations use the code DoesNotExist.
_NOT_FOUND_MESSAGE = re.compile(
    r"does ?n[o']t exist|not found|could not (be )?found|could not find", re.IGNORECASE
)
_NOT_FOUND_CODES = frozenset({"NotFoundException", "ResourceNotFoundException", "DoesNotExist"})

# Codes of AWS's authentication and authorization failures (the JSON protocol's common
# errors, and Lightsail's own AccessDeniedException and UnauthenticatedException).
_ACCESS_DENIED_CODES = frozenset(
    {
        "AccessDeniedException",
        "UnauthenticatedException",
        "UnrecognizedClientException",
        "InvalidClientTokenId",
        "InvalidSignatureException",
        "SignatureDoesNotMatch",
        "ExpiredTokenException",
        "ExpiredToken",
        "IncompleteSignature",
        "MissingAuthenticationTokenException",
        "MissingAuthenticationToken",
    }
)


class LightsailContainersError(Exception):
    """Root of every exception this package raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle and copy the error as its class, its args and its attributes.

        The subclasses take other arguments than their message, so the default, which
        calls the class with ``args``, fails for them. This way an error crosses
        process boundaries, as from a ProcessPoolExecutor, with its attributes.
        """
        return _rebuild_error, (type(self), self.args, dict(vars(self)))


def _rebuild_error(
    error_type: type[LightsailContainersError], args: tuple[Any, ...], attributes: dict[str, Any]
) -> LightsailContainersError:
    error = error_type.__new__(error_type)
    error.args = args
    vars(error).update(attributes)
    return error


class ServiceError(LightsailContainersError):
    """An AWS call failed.

    Attributes:
        operation: The API operation, such as ``GetContainerServices``.
        code: The AWS error code, such as ``InvalidInputException``.
        aws_message: The message AWS sent.
        request_id: The AWS request id, for AWS Support.
        status_code: The HTTP status of the response, if known.
    """

    def __init__(
        self,
        operation: str,
        code: str,
        aws_message: str,
        request_id: str | None,
        status_code: int | None = None,
    ) -> None:
        """Create the error from the parts of an AWS error response."""
        self.operation = operation
        self.code = code
        self.aws_message = aws_message
        self.request_id = request_id
        self.status_code = status_code
        request = "" if request_id is None else f" (request id {request_id})"
        super().__init__(f"{operation} failed with {code}: {aws_message}{request}")


class NotFoundError(ServiceError):
    """The container service or resource does not exist.

    Lightsail reports this as NotFoundException, as InvalidInputException with a
    "does not exist" message, or as an empty list for a named service. ``code`` and
    ``aws_message`` keep what AWS sent.
    """


class InvalidInputError(ServiceError):
    """AWS rejected a value of the request."""


class AccessDeniedError(ServiceError):
    """AWS rejected the caller's permissions, credentials or request signature.

    When no credentials are found at all, botocore does not send the request, and
    the client raises TransportError instead.
    """


class TransportError(LightsailContainersError):
    """The request got no response from AWS: a connection failure or a client setup problem.

    Client setup problems include missing credentials and an unknown profile. botocore's
    own check of the request parameters raises ValidationError instead.

    Attributes:
        operation: The API operation that was being called.
    """

    def __init__(self, operation: str, reason: str) -> None:
        """Create the error for ``operation`` with botocore's ``reason``."""
        self.operation = operation
        super().__init__(f"{operation} failed before AWS answered: {reason}")


class WaitError(LightsailContainersError):
    """A waiter stopped before the service reached its target.

    Attributes:
        service_name: The service the waiter followed.
        last: The last snapshot of the service, or ``None`` if no poll succeeded.
        attempts: How many times the waiter polled.
        elapsed_seconds: Time from the first poll to the end of the wait.
    """

    def __init__(
        self,
        message: str,
        *,
        service_name: str,
        last: ContainerService | None,
        attempts: int,
        elapsed_seconds: float,
    ) -> None:
        """Create the error with the waiter's state at the end of the wait."""
        self.service_name = service_name
        self.last = last
        self.attempts = attempts
        self.elapsed_seconds = elapsed_seconds
        super().__init__(message)


class WaitTimeoutError(WaitError):
    """The total timeout passed before the service reached its target."""


class DeploymentFailedError(WaitError):
    """The awaited deployment failed; the service runs its previous deployment, if any.

    Attributes:
        version: The version of the failed deployment.
        deployment: The failed deployment as last seen, with its containers, if the
            waiter saw it.
        logs: The newest log lines of each container of the deployment, by container
            name, once the client fetched them.
        logs_unavailable: Why the logs could not be fetched, if they could not.
    """

    def __init__(
        self,
        message: str,
        *,
        version: int,
        deployment: Deployment | None = None,
        service_name: str,
        last: ContainerService | None,
        attempts: int,
        elapsed_seconds: float,
    ) -> None:
        """Create the error for the failed ``version``; other arguments as for WaitError."""
        self.version = version
        self.deployment = deployment
        self.logs: Mapping[str, tuple[ContainerLogEvent, ...]] | None = None
        self.logs_unavailable: str | None = None
        super().__init__(
            message,
            service_name=service_name,
            last=last,
            attempts=attempts,
            elapsed_seconds=elapsed_seconds,
        )

    def attach_logs(
        self, logs: Mapping[str, tuple[ContainerLogEvent, ...]] | None, unavailable: str | None
    ) -> None:
        """Add the containers' log lines, or the reason they are missing, to the error."""
        self.logs = logs
        self.logs_unavailable = unavailable

    def __str__(self) -> str:
        """Return the message, followed by the container log lines if attached."""
        section = _describe_logs(self.logs, self.logs_unavailable)
        message = super().__str__()
        return f"{message}\n{section}" if section else message


class TerminalStateDetailError(WaitError):
    """The service reported a stateDetail code that waiting cannot resolve.

    Attributes:
        state_detail: The stateDetail code and message AWS sent.
    """

    def __init__(
        self,
        message: str,
        *,
        state_detail: StateDetail,
        service_name: str,
        last: ContainerService | None,
        attempts: int,
        elapsed_seconds: float,
    ) -> None:
        """Create the error for ``state_detail``; other arguments as for WaitError."""
        self.state_detail = state_detail
        super().__init__(
            message,
            service_name=service_name,
            last=last,
            attempts=attempts,
            elapsed_seconds=elapsed_seconds,
        )


class TargetUnreachableError(WaitError):
    """The service moved to a state from which the target can no longer be reached."""


class FleetWaitError(LightsailContainersError):
    """One or more services of a fleet wait did not reach their target.

    Attributes:
        errors: The error of each failed service, by service name.
    """

    def __init__(self, errors: Mapping[str, LightsailContainersError]) -> None:
        """Create the error from the per-service errors of a fleet wait."""
        self.errors = dict(errors)
        lines = [f"{name}: {error}" for name, error in sorted(self.errors.items())]
        super().__init__(
            f"{len(lines)} container services did not reach their target:\n" + "\n".join(lines)
        )


def _describe_logs(
    logs: Mapping[str, tuple[ContainerLogEvent, ...]] | None, unavailable: str | None
) -> str:
    if unavailable is not None:
        return f"Container logs are unavailable: {unavailable}"
    if not logs:
        return ""

    sections = []
    for name, events in logs.items():
        lines = "\n".join(f"    {event.format()}" for event in events) or "    (no log lines)"
        sections.append(f"  container {name}:\n{lines}")

    return "Newest container log lines:\n" + "\n".join(sections)


def _is_not_found(code: str, message: str) -> bool:
    if code in _NOT_FOUND_CODES:
        return True

    return code == "InvalidInputException" and bool(_NOT_FOUND_MESSAGE.search(message))


def translate_client_error(operation: str, error: ClientError) -> ServiceError:
    """Return the package's exception for a botocore ClientError."""
    details = error.response.get("Error", {})
    code = str(details.get("Code", "Unknown"))
    message = str(details.get("Message", ""))
    metadata = error.response.get("ResponseMetadata", {})
    request_id = metadata.get("RequestId")
    status_code = metadata.get("HTTPStatusCode")

    error_type: type[ServiceError]
    if _is_not_found(code, message):
        error_type = NotFoundError
    elif code == "InvalidInputException":
        error_type = InvalidInputError
    elif code in _ACCESS_DENIED_CODES:
        error_type = AccessDeniedError
    else:
        error_type = ServiceError

    return error_type(operation, code, message, request_id, status_code)


@contextlib.contextmanager
def translated_errors(operation: str) -> Iterator[None]:
    """Raise botocore's exceptions from the block as the package's own."""
    try:
        yield
    except ClientError as error:
        raise translate_client_error(operation, error) from error
    except ParamValidationError as error:
        # botocore's report prints the values, which may be secrets, so the original
        # error is not chained.
        raise _parameter_error(error) from None
    except BotoCoreError as error:
        raise TransportError(operation, str(error)) from error


# One line of botocore's parameter report, such as "Invalid type for parameter
# containers.web.environment.TOKEN, value: 1, type: <class 'int'>, valid types: ...".
_REPORT_PATH = re.compile(r'parameter(?: in input)?:? "?([^",\s]+)"?')
_REPORT_VALUE = re.compile(r"value: .*?, (?=type:|valid )")


def _parameter_error(error: ParamValidationError) -> LightsailContainersError:
    from ._validation import Problem, ValidationError  # noqa: PLC0415  # it imports this module

    problems = []
    for line in str(error.kwargs.get("report", "")).splitlines():
        found = _REPORT_PATH.search(line)
        path = found.group(1) if found else "request"
        rule = _REPORT_VALUE.sub("", line.strip())
        problems.append(Problem(path, None, f"rejected by botocore: {rule}"))

    return ValidationError(problems)
