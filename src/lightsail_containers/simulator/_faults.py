"""Fault injection: errors, dropped connections, latency and failing services on demand.

Each fault applies to chosen operations, a number of times, in a window of the
simulator's clock. Request faults act before the simulator runs the request, so a
failed request changes nothing. Service faults act on the services that
CreateContainerService creates.
"""

from __future__ import annotations

import enum
import logging
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from lightsail_containers._enums import StateDetailCode
from lightsail_containers.simulator._errors import (
    DroppedConnectionError,
    InvalidInputError,
    ServiceError,
    SimulatedApiError,
    ThrottlingError,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import datetime

    from lightsail_containers.simulator._clock import Clock
    from lightsail_containers.simulator._validation import JsonObject

logger = logging.getLogger("lightsail_containers.simulator")

MUTATING_OPERATIONS = frozenset(
    {
        "CreateContainerService",
        "CreateContainerServiceDeployment",
        "UpdateContainerService",
        "DeleteContainerService",
        "RegisterContainerImage",
        "DeleteContainerImage",
        "CreateContainerServiceRegistryLogin",
    }
)
_SERVER_ERROR_STATUSES = frozenset({500, 503})

# Texts of the API reference's description of each code. The text AWS sends is unknown.
STATE_DETAIL_MESSAGES = {
    StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED.value: (
        "The SSL/TLS certificate required for your container service exceeds the maximum "
        "number of certificates allowed for your account."
    ),
    StateDetailCode.UNKNOWN_ERROR.value: (
        "An error was experienced when your container service was being created."
    ),
}


class FaultKind(enum.Enum):
    """Kind of an injected fault: the error or the effect that it produces."""

    THROTTLING = "THROTTLING"
    """Reject the request with ThrottlingException, HTTP 400."""

    SERVER_ERROR = "SERVER_ERROR"
    """Reject the request with ServiceException, HTTP 500 or 503."""

    DROPPED_CONNECTION = "DROPPED_CONNECTION"
    """Close the connection before any response, or refuse to open it."""

    LATENCY = "LATENCY"
    """Wait on the simulator's clock before running the request."""

    BUSY = "BUSY"
    """Reject a request that changes a service with InvalidInputException, as Lightsail
    does while the service is busy."""

    CERTIFICATE_LIMIT = "CERTIFICATE_LIMIT"
    """Stop a new service at PENDING with stateDetail CERTIFICATE_LIMIT_EXCEEDED."""

    UNKNOWN_ERROR = "UNKNOWN_ERROR"
    """Stop a new service at PENDING with stateDetail UNKNOWN_ERROR."""


_SERVICE_KINDS = frozenset({FaultKind.CERTIFICATE_LIMIT, FaultKind.UNKNOWN_ERROR})


class Fault:
    """One injected fault, with the number of times it has acted and may still act."""

    def __init__(
        self,
        kind: FaultKind,
        *,
        operations: frozenset[str] | None,
        service_name: str | None,
        count: int | None,
        starts_at: datetime,
        ends_at: datetime | None,
        message: str | None = None,
        status: int | None = None,
        seconds: float = 0.0,
        unreachable: bool = False,
    ) -> None:
        """Create a fault. Use the methods of `FaultInjector` instead."""
        self.kind = kind
        self.operations = operations
        self.service_name = service_name
        self.count = count
        self.starts_at = starts_at
        self.ends_at = ends_at
        self.message = message
        self.status = status
        self.seconds = seconds
        self.unreachable = unreachable
        self._triggered = 0
        self._lock = threading.Lock()

    @property
    def triggered(self) -> int:
        """How many times the fault has acted."""
        with self._lock:
            return self._triggered

    @property
    def remaining(self) -> int | None:
        """How many more times the fault acts, or None when it has no count."""
        with self._lock:
            return None if self.count is None else self.count - self._triggered

    def __repr__(self) -> str:
        """Return the kind, scope and counters of the fault."""
        return (
            f"Fault({self.kind.name}, operations={sorted(self.operations or [])}, "
            f"service_name={self.service_name!r}, triggered={self.triggered}, "
            f"remaining={self.remaining})"
        )

    def take(self, operation: str, service_name: str | None, now: datetime) -> bool:
        """Count one action of the fault if it applies to this request now."""
        if self.operations is not None and operation not in self.operations:
            return False
        if self.service_name is not None and service_name != self.service_name:
            return False
        if now < self.starts_at or (self.ends_at is not None and now >= self.ends_at):
            return False

        with self._lock:
            if self.count is not None and self._triggered >= self.count:
                return False
            self._triggered += 1
            return True


class FaultInjector:
    """Faults that the simulator applies to the requests it receives.

    Every method adds one fault and returns it. `operation` is a Lightsail operation
    name such as "GetContainerServices", several names, or None for every operation.
    `count` limits how many times the fault acts (None: no limit). `after` and
    `duration` set its window in seconds of the simulator's clock, from now.
    """

    def __init__(self, clock: Clock, operation_names: frozenset[str]) -> None:
        """Create an injector without faults that reads `clock` for the windows."""
        self._clock = clock
        self._operation_names = operation_names
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    @property
    def faults(self) -> list[Fault]:
        """The faults added so far, in order, as a copy."""
        with self._lock:
            return list(self._faults)

    def throttle(
        self,
        operation: str | Iterable[str] | None = None,
        *,
        count: int | None = None,
        after: float = 0.0,
        duration: float | None = None,
        message: str = "Rate exceeded",
    ) -> Fault:
        """Reject requests with ThrottlingException and HTTP status 400.

        AWS JSON services respond so to a request over the rate limit.
        """
        return self._add(FaultKind.THROTTLING, operation, count, after, duration, message=message)

    def server_error(
        self,
        operation: str | Iterable[str] | None = None,
        *,
        status: int = 500,
        count: int | None = None,
        after: float = 0.0,
        duration: float | None = None,
        message: str = "An internal error occurred. Try the request again.",
    ) -> Fault:
        """Reject requests with ServiceException and HTTP status `status`, 500 or 503.

        Raises:
            ValueError: `status` is neither 500 nor 503.
        """
        if status not in _SERVER_ERROR_STATUSES:
            raise ValueError(f"status must be 500 or 503, got {status!r}")

        return self._add(
            FaultKind.SERVER_ERROR,
            operation,
            count,
            after,
            duration,
            message=message,
            status=status,
        )

    def drop_connection(
        self,
        operation: str | Iterable[str] | None = None,
        *,
        unreachable: bool = False,
        count: int | None = None,
        after: float = 0.0,
        duration: float | None = None,
    ) -> Fault:
        """Drop the connection before any response.

        In-process clients get botocore's ConnectionClosedError, or
        EndpointConnectionError when `unreachable` is true. The HTTP server closes the
        connection without a response.
        """
        return self._add(
            FaultKind.DROPPED_CONNECTION, operation, count, after, duration, unreachable=unreachable
        )

    def delay(
        self,
        seconds: float,
        operation: str | Iterable[str] | None = None,
        *,
        count: int | None = None,
        after: float = 0.0,
        duration: float | None = None,
    ) -> Fault:
        """Wait `seconds` on the simulator's clock before running each request.

        A virtual clock advances at once, and a real or accelerated clock sleeps.

        Raises:
            ValueError: `seconds` is negative.
        """
        if seconds < 0:
            raise ValueError(f"seconds must be >= 0, got {seconds!r}")

        return self._add(FaultKind.LATENCY, operation, count, after, duration, seconds=seconds)

    def busy(
        self,
        operation: str | Iterable[str] | None = None,
        *,
        count: int | None = None,
        after: float = 0.0,
        duration: float | None = None,
        message: str | None = None,
    ) -> Fault:
        """Reject requests that change a service with InvalidInputException.

        Lightsail rejects such requests while the service is busy with another change.
        By default the fault applies to every operation that changes a service, and the
        message names the service and suggests a retry in a few minutes.
        """
        operations = MUTATING_OPERATIONS if operation is None else operation
        return self._add(FaultKind.BUSY, operations, count, after, duration, message=message)

    def certificate_limit(
        self,
        service_name: str | None = None,
        *,
        count: int | None = 1,
        after: float = 0.0,
        duration: float | None = None,
        message: str | None = None,
    ) -> Fault:
        """Stop new services at step PROVISIONING_CERTIFICATE with CERTIFICATE_LIMIT_EXCEEDED.

        The fault applies to the services that CreateContainerService creates, all of
        them or the one named `service_name`. Such a service stays PENDING until deleted.
        """
        return self._add(
            FaultKind.CERTIFICATE_LIMIT,
            "CreateContainerService",
            count,
            after,
            duration,
            message=message,
            service_name=service_name,
        )

    def unknown_error(
        self,
        service_name: str | None = None,
        *,
        count: int | None = 1,
        after: float = 0.0,
        duration: float | None = None,
        message: str | None = None,
    ) -> Fault:
        """Stop new services at step CREATING_NETWORK_INFRASTRUCTURE with UNKNOWN_ERROR.

        The fault applies like `certificate_limit`. Such a service stays PENDING until
        deleted.
        """
        return self._add(
            FaultKind.UNKNOWN_ERROR,
            "CreateContainerService",
            count,
            after,
            duration,
            message=message,
            service_name=service_name,
        )

    def remove(self, fault: Fault) -> None:
        """Stop applying `fault`.

        Raises:
            ValueError: the fault is not one of this injector's faults.
        """
        with self._lock:
            self._faults.remove(fault)

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def before_request(
        self, operation: str, params: JsonObject, region: str, request_id: str
    ) -> None:
        """Apply the request faults that match: wait, then raise the first error that acts.

        Raises:
            SimulatedApiError: an error fault acts.
            DroppedConnectionError: a dropped-connection fault acts.
        """
        service_name = _service_name(params)
        for fault in self._matching(operation, service_name, kinds={FaultKind.LATENCY}):
            _log_fault(fault, operation, region, request_id)
            self._clock.sleep(fault.seconds)

        error_kinds = set(FaultKind) - _SERVICE_KINDS - {FaultKind.LATENCY}
        for fault in self._matching(operation, service_name, kinds=error_kinds, first=True):
            _log_fault(fault, operation, region, request_id)
            raise _error_of(fault, service_name)

    def state_detail_for_new_service(self, service_name: str) -> JsonObject | None:
        """Return the stateDetail to freeze a new service with, as {"code", "message", "at"}.

        The result names the step at which the service stops, or is None without a fault.
        """
        matching = self._matching(
            "CreateContainerService", service_name, _SERVICE_KINDS, first=True
        )
        for fault in matching:
            if fault.kind is FaultKind.CERTIFICATE_LIMIT:
                code = StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED.value
                at = StateDetailCode.PROVISIONING_CERTIFICATE.value
            else:
                code = StateDetailCode.UNKNOWN_ERROR.value
                at = StateDetailCode.CREATING_NETWORK_INFRASTRUCTURE.value

            message = fault.message or STATE_DETAIL_MESSAGES[code]
            return {"code": code, "message": message, "at": at}

        return None

    def _matching(
        self,
        operation: str,
        service_name: str | None,
        kinds: Iterable[FaultKind],
        first: bool = False,  # noqa: FBT001, FBT002 - a private helper's flag
    ) -> list[Fault]:
        selected_kinds = frozenset(kinds)
        now = self._clock.now()
        matched = []
        for fault in self.faults:
            if fault.kind in selected_kinds and fault.take(operation, service_name, now):
                matched.append(fault)
                if first:
                    break
        return matched

    def _add(
        self,
        kind: FaultKind,
        operation: str | Iterable[str] | None,
        count: int | None,
        after: float,
        duration: float | None,
        *,
        message: str | None = None,
        status: int | None = None,
        seconds: float = 0.0,
        unreachable: bool = False,
        service_name: str | None = None,
    ) -> Fault:
        if count is not None and count < 1:
            raise ValueError(f"count must be >= 1 or None, got {count!r}")
        if after < 0 or (duration is not None and duration <= 0):
            raise ValueError(f"after must be >= 0 and duration > 0, got {after!r} and {duration!r}")

        starts_at = self._clock.now() + timedelta(seconds=after)
        fault = Fault(
            kind,
            operations=self._operations(operation),
            service_name=service_name,
            count=count,
            starts_at=starts_at,
            ends_at=None if duration is None else starts_at + timedelta(seconds=duration),
            message=message,
            status=status,
            seconds=seconds,
            unreachable=unreachable,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def _operations(self, operation: str | Iterable[str] | None) -> frozenset[str] | None:
        if operation is None:
            return None

        names = frozenset([operation] if isinstance(operation, str) else operation)
        unknown = sorted(names - self._operation_names)
        if unknown:
            raise ValueError(
                f"unknown Lightsail operations {unknown}: use the API's names, "
                "such as 'GetContainerServices'"
            )
        return names


def _service_name(params: JsonObject) -> str | None:
    name = params.get("serviceName")
    return name if isinstance(name, str) else None


def _error_of(fault: Fault, service_name: str | None) -> SimulatedApiError | DroppedConnectionError:
    if fault.kind is FaultKind.THROTTLING:
        return ThrottlingError(fault.message or "Rate exceeded")
    if fault.kind is FaultKind.SERVER_ERROR:
        return ServiceError(fault.message or "An internal error occurred.", status=fault.status)
    if fault.kind is FaultKind.DROPPED_CONNECTION:
        return DroppedConnectionError(unreachable=fault.unreachable)

    # NOTE: the wording is a guess in the style of Lightsail's observed messages for a
    # service that is busy, such as "Please wait for it to complete before trying again".
    subject = f'container service "{service_name}"' if service_name else "your container service"
    message = fault.message or (
        f"Sorry, {subject} is busy with another operation. Please try again in a few minutes."
    )
    return InvalidInputError(message)


def _log_fault(fault: Fault, operation: str, region: str, request_id: str) -> None:
    logger.warning(
        "injected fault %s on %s in %s, request %s", fault.kind.name, operation, region, request_id
    )
