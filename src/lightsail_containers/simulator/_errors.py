"""Errors that the simulator returns to the client as Lightsail API errors."""

from __future__ import annotations

from typing import ClassVar

# NOTE: the `code`, `docs` and `tip` values of Lightsail error bodies are guesses in the
# style of AWS. Clients should rely only on `__type` (the exception name) and `message`.
_DOCS_URL = "https://lightsail.aws.amazon.com/ls/docs"


class SimulatedApiError(Exception):
    """Error that the transport encodes as an HTTP 400 Lightsail error response."""

    error_type: ClassVar[str] = "ServiceException"
    code: ClassVar[str] = "ServiceError"
    default_tip: ClassVar[str] = "Try the request again."

    def __init__(self, message: str, *, tip: str | None = None) -> None:
        """Create the error with the message that the client shows."""
        super().__init__(message)
        self.message = message
        self.tip = tip or self.default_tip

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
