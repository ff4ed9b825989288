"""The botocore `before-send` handler that responds to Lightsail requests from the backend."""

from __future__ import annotations

import json
import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

from lightsail_containers.simulator._errors import InvalidInputError, SimulatedApiError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from botocore.awsrequest import AWSPreparedRequest

    from lightsail_containers.simulator._backend import Backend
    from lightsail_containers.simulator._validation import JsonObject

logger = logging.getLogger("lightsail_containers.simulator")

# Lightsail uses the AWS JSON 1.1 protocol, which names the operation in this header as
# "Lightsail_20161128.<Operation>".
_TARGET_HEADER = "X-Amz-Target"
_CONTENT_TYPE = "application/x-amz-json-1.1"


class Transport:
    """Decodes Lightsail requests, runs them on the backend and encodes the responses."""

    def __init__(self, backend: Backend, calls: list[str]) -> None:
        """Create the transport, which appends each operation name that it receives to `calls`."""
        self._backend = backend
        self._calls = calls

    def respond(self, region: str, request: AWSPreparedRequest) -> AWSResponse:
        """Return the HTTP response of the simulated Lightsail endpoint of `region`."""
        request_id = str(uuid.uuid4())
        operation = _operation_name(request)
        self._calls.append(operation)

        try:
            output = self._backend.dispatch(region, operation, _decode_body(request))
        except SimulatedApiError as error:
            logger.debug(
                "%s in %s, request %s: %s: %s",
                operation,
                region,
                request_id,
                error.error_type,
                error.message,
            )
            return _response(request.url, 400, request_id, error.to_body())

        logger.debug("%s in %s, request %s: 200", operation, region, request_id)
        return _response(request.url, 200, request_id, output)


class _BodyStream:
    """Body of an AWSResponse, which botocore reads through `stream()`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_options: object) -> Iterator[bytes]:
        yield self._body


def _operation_name(request: AWSPreparedRequest) -> str:
    # botocore stores the header as bytes at run time, although its stubs declare str.
    target: object = request.headers.get(_TARGET_HEADER, b"")
    if isinstance(target, bytes):
        target = target.decode()

    return str(target).rpartition(".")[2]


def _decode_body(request: AWSPreparedRequest) -> JsonObject:
    body = request.body
    if body is None:
        return {}
    if not isinstance(body, (str, bytes, bytearray)):
        body = body.read()
    if not body:
        return {}

    try:
        params = json.loads(body)
    except ValueError as error:
        raise InvalidInputError(f"The request body is not valid JSON: {error}") from None
    if not isinstance(params, dict):
        raise InvalidInputError("The request body must be a JSON object.")

    return params


def _encode_value(value: object) -> float:
    # AWS JSON protocols send timestamps as epoch seconds.
    if isinstance(value, datetime):
        return value.timestamp()

    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def _response(url: str, status: int, request_id: str, body: JsonObject) -> AWSResponse:
    payload = json.dumps(body, default=_encode_value).encode()
    headers = HTTPHeaders.from_dict(
        {
            "x-amzn-RequestId": request_id,
            "Content-Type": _CONTENT_TYPE,
            "Content-Length": str(len(payload)),
        }
    )
    return AWSResponse(url, status, headers, _BodyStream(payload))
