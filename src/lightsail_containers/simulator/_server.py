"""HTTP server that speaks the Lightsail JSON protocol, for boto3 and the AWS CLI."""

from __future__ import annotations

import http.server
import logging
import re
import socket
import threading
from typing import TYPE_CHECKING, ClassVar

from lightsail_containers.simulator._errors import (
    DroppedConnectionError,
    FrontEndError,
    MissingAuthenticationTokenError,
)
from lightsail_containers.simulator._transport import TARGET_HEADER, error_response

if TYPE_CHECKING:
    from pathlib import Path
    from types import TracebackType

    from typing_extensions import Self

    from lightsail_containers.simulator._simulator import Simulator
    from lightsail_containers.simulator._transport import RawResponse

logger = logging.getLogger("lightsail_containers.simulator")

# A Signature Version 4 header names its scope as Credential=<key>/<date>/<region>/<service>/...
_CREDENTIAL_RE = re.compile(r"Credential=[^/,\s]+/[0-9]{8}/(?P<region>[a-z0-9-]+)/lightsail/")
_TARGET_PREFIX = "Lightsail_20161128."


class _UnknownOperationError(FrontEndError):
    error_type = "UnknownOperationException"


class _InvalidSignatureError(FrontEndError):
    error_type = "InvalidSignatureException"
    default_status = 403


class SimulatorServer:
    """Serves one `Simulator` over HTTP on a local address until `stop`.

    Requests must carry a Signature Version 4 `Authorization` header, whose credential
    scope gives the region. The signature itself is not checked, so any credentials work.
    """

    def __init__(
        self,
        simulator: Simulator,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        state_file: Path | None = None,
    ) -> None:
        """Bind the server to `host` and `port`, or a free port when `port` is 0.

        Args:
            simulator: The simulator that handles the requests.
            host: Address to listen on. Keep the loopback address unless other machines
                must reach the simulator, since it accepts any credentials.
            port: TCP port, or 0 for a free port that the system chooses.
            state_file: JSON file that receives the simulator's state after each request
                that may change it, and when the server stops.

        Raises:
            OSError: The address cannot be bound.
        """
        self._simulator = simulator
        self._state_file = state_file
        self._state_lock = threading.Lock()
        handler = type("_BoundHandler", (_Handler,), {"server_owner": self})
        server_class = _IPv6Server if ":" in host else http.server.ThreadingHTTPServer
        self._httpd = server_class((host, port), handler)
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The endpoint URL to pass as `endpoint_url` or `--endpoint-url`."""
        host, port = self._httpd.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        if ":" in host_text:
            host_text = f"[{host_text}]"
        return f"http://{host_text}:{port}"

    @property
    def simulator(self) -> Simulator:
        """The simulator that handles the requests."""
        return self._simulator

    def start(self) -> None:
        """Serve requests in a background thread and return at once."""
        self._thread = threading.Thread(
            target=self.serve_forever, name="lightsail-simulator-server", daemon=True
        )
        self._thread.start()

    def serve_forever(self) -> None:
        """Serve requests in this thread until `stop` is called from another one."""
        logger.info("simulator server listening on %s", self.url)
        self._httpd.serve_forever(poll_interval=0.1)

    def stop(self) -> None:
        """Stop serving, close the socket and save the state file if there is one."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()
        self.save_state()
        logger.info("simulator server on %s stopped", self.url)

    def save_state(self) -> None:
        """Write the simulator's state to the state file, when the server has one."""
        if self._state_file is None:
            return

        with self._state_lock:
            self._simulator.save_state(self._state_file)

    def __enter__(self) -> Self:
        """Start the server in a background thread."""
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        self.stop()

    def respond(self, headers: dict[str, str], body: bytes) -> RawResponse | None:
        """Return the response to one request, or None to drop the connection."""
        authorization = headers.get("authorization", "")
        target = headers.get(TARGET_HEADER.lower(), "")
        if not authorization.startswith("AWS4-HMAC-SHA256"):
            logger.debug("rejected the unsigned request %r", target)
            return error_response(MissingAuthenticationTokenError("Missing Authentication Token"))

        credential = _CREDENTIAL_RE.search(authorization)
        if credential is None:
            logger.debug("rejected request %r: no Lightsail credential scope", target)
            return error_response(
                _InvalidSignatureError(
                    "Credential should be scoped to a valid region and the service 'lightsail'."
                )
            )

        if not target.startswith(_TARGET_PREFIX):
            logger.debug("rejected request %r: not a Lightsail operation", target)
            return error_response(_UnknownOperationError(f"Unknown operation {target!r}."))

        try:
            response = self._simulator.transport.handle(credential["region"], target, body)
        except DroppedConnectionError:
            return None

        operation = target.removeprefix(_TARGET_PREFIX)
        if not operation.startswith("Get"):
            self.save_state()
        return response


class _IPv6Server(http.server.ThreadingHTTPServer):
    address_family = socket.AF_INET6


class _Handler(http.server.BaseHTTPRequestHandler):
    server_owner: ClassVar[SimulatorServer]
    protocol_version = "HTTP/1.1"
    server_version = "LightsailContainersSimulator"

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = {name.lower(): value for name, value in self.headers.items()}

        response = self.server_owner.respond(headers, body)
        if response is None:
            # An injected fault: close the connection before any response.
            self.close_connection = True
            return

        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)

    def do_GET(self) -> None:
        self.do_POST()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        logger.debug("HTTP %s: %s", self.address_string(), format % args)
