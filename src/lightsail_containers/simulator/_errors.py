"""Errors that the simulator returns to the client as Lightsail API errors."""

from __future__ import annotations

from typing import ClassVar

# NOTE: the `code`, `docs` and `tip` values of Lightsail error bodies are guesses in the
# style of AWS. Clients should rely only on `__type` (the exception name) and `message`.
_DOCS_URL = "https://lightsail.aws.amazon.com/ls/docs"


class SimulatedApiError(Exception):
    """Error that the transport encodes as a Lightsail error response with `status`."""

    error_type: ClassVar[str] = "ServiceException"
    code: ClassVar[str] = "ServiceError"
    default_tip: ClassVar[str] = "Try the request again."
    default_status: ClassVar[int] = 400

    def __init__(self, message: str, *, tip: str | None = None, status: int | None = None) -> None:
        """Create the error with the message that the client shows.

        Args:
            message: The `message` member of the error body.
            tip: The `tip` member. The class's default tip by default.
            status: The HTTP status of the response. The class's default status by default.
        """
        super().__init__(message)
        self.message = message
        self.tip = tip or self.default_tip
        self.status = status if status is not None else self.default_status

    def to_body(self) -> dict[str, str]:
        """Return the JSON body of the error response, shaped like AWS's."""
        return {
            "__type": self.error_type,
            "code": self.code,
            "docs": _DOCS_URL,
            "message": self.message,
            "tip": self.tip,
        }


class InvalidInputError(SimulatedApiError):
    """A request member is invalid, or the service is in a state that rejects the request."""

    error_type = "InvalidInputException"
    code = "InvalidInput"
    default_tip = "Check the request parameters and the state of the container service."


class NotFoundError(SimulatedApiError):
    """The container service named in the request does not exist in the region."""

    error_type = "NotFoundException"
    code = "NotFound"
    default_tip = "Check the name of the container service and the region of the client."


class ServiceError(SimulatedApiError):
    """A failure inside Lightsail, which the API reference sends with HTTP status 500."""

    error_type = "ServiceException"
    code = "ServiceError"
    default_tip = "Try the request again later."
    default_status = 500


class FrontEndError(SimulatedApiError):
    """Error of AWS's request front end, whose body has only `__type` and `message`."""

    def to_body(self) -> dict[str, str]:
        """Return the JSON body of the error response, without Lightsail's members."""
        return {"__type": self.error_type, "message": self.message}


class ThrottlingError(FrontEndError):
    """The caller sent requests faster than the account's rate limit allows."""

    error_type = "ThrottlingException"


class MissingAuthenticationTokenError(FrontEndError):
    """The request has no Signature Version 4 `Authorization` header.

    NOTE: the exception name and message follow what AWS JSON services of the same
    front end send for an unsigned request. Lightsail's own response was not observed.
    """

    error_type = "MissingAuthenticationTokenException"


class DroppedConnectionError(Exception):
    """An injected fault: the connection closes, or cannot open, before any response."""

    def __init__(self, *, unreachable: bool) -> None:
        """Create the fault, which is a refused connection when `unreachable` is true."""
        super().__init__("connection refused" if unreachable else "connection closed")
        self.unreachable = unreachable
