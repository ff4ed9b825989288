"""Lightsail JSON protocol: requests decoded, run on the backend, and responses encoded.

The same `Transport` serves botocore's `before-send` event in-process and the HTTP server.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError

from lightsail_containers.simulator._errors import (
    DroppedConnectionError,
    InvalidInputError,
    SimulatedApiError,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from botocore.awsrequest import AWSPreparedRequest

    from lightsail_containers.simulator._backend import Backend
    from lightsail_containers.simulator._faults import FaultInjector
    from lightsail_containers.simulator._validation import JsonObject

logger = logging.getLogger("lightsail_containers.simulator")

# Lightsail uses the AWS JSON 1.1 protocol, which names the operation in this header as
# "Lightsail_20161128.<Operation>".
TARGET_HEADER = "X-Amz-Target"
CONTENT_TYPE = "application/x-amz-json-1.1"


@dataclasses.dataclass(frozen=True)
class RawResponse:
    """An HTTP response of the simulated endpoint."""

    status: int
    headers: dict[str, str]
    body: bytes


class Transport:
    """Decodes Lightsail requests, runs them on the backend and encodes the responses."""

    def __init__(self, backend: Backend, calls: list[str], faults: FaultInjector) -> None:
        """Create the transport, which appends each operation name that it receives to `calls`."""
        self._backend = backend
        self._calls = calls
        self._faults = faults

    def handle(self, region: str, target: str, body: bytes | str | None) -> RawResponse:
        """Return the HTTP response to a request with the `X-Amz-Target` header `target`.

        Raises:
            DroppedConnectionError: an injected fault drops the connection.
        """
        request_id = str(uuid.uuid4())
        operation = target.rpartition(".")[2]
        self._calls.append(operation)

        try:
            params = _decode_body(body)
            self._faults.before_request(operation, params, region, request_id)
            output = self._backend.dispatch(region, operation, params)
        except SimulatedApiError as error:
            logger.debug(
                "%s in %s, request %s: %s: %s",
                operation,
                region,
                request_id,
                error.error_type,
                error.message,
            )
            return error_response(error, request_id)

        logger.debug("%s in %s, request %s: 200", operation, region, request_id)
        return _response(200, request_id, output)

    def respond(self, region: str, request: AWSPreparedRequest) -> AWSResponse:
        """Return the response of the simulated Lightsail endpoint of `region` to botocore.

        Raises:
            ConnectionClosedError: an injected fault closes the connection.
            EndpointConnectionError: an injected fault refuses the connection.
        """
        try:
            raw = self.handle(region, _target(request), _body(request))
        except DroppedConnectionError as error:
            if error.unreachable:
                raise EndpointConnectionError(endpoint_url=request.url) from None
            raise ConnectionClosedError(endpoint_url=request.url) from None

        headers = HTTPHeaders.from_dict(raw.headers)
        return AWSResponse(request.url, raw.status, headers, _BodyStream(raw.body))


def error_response(error: SimulatedApiError, request_id: str | None = None) -> RawResponse:
    """Return the HTTP response that carries `error`, with its status."""
    return _response(error.status, request_id or str(uuid.uuid4()), error.to_body())


class _BodyStream:
    """Body of an AWSResponse, which botocore reads through `stream()`."""

    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_options: object) -> Iterator[bytes]:
        yield self._body


def _target(request: AWSPreparedRequest) -> str:
    # botocore stores the header as bytes at run time, although its stubs declare str.
    target: object = request.headers.get(TARGET_HEADER, b"")
    if isinstance(target, bytes):
        target = target.decode()

    return str(target)


def _body(request: AWSPreparedRequest) -> bytes | str | None:
    body = request.body
    if body is None or isinstance(body, (str, bytes)):
        return body
    if isinstance(body, bytearray):
        return bytes(body)

    read: bytes | str = body.read()
    return read


def _decode_body(body: bytes | str | None) -> JsonObject:
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


def _response(status: int, request_id: str, body: JsonObject | dict[str, str]) -> RawResponse:
    payload = json.dumps(body, default=_encode_value).encode()
    headers = {
        "x-amzn-RequestId": request_id,
        "Content-Type": CONTENT_TYPE,
        "Content-Length": str(len(payload)),
    }
    return RawResponse(status, headers, payload)
