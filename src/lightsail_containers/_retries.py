"""Retry rules for failed calls, and the retry loop.

A status call (GetContainerServices) changes nothing, so a waiter repeats it on any
transient error. A mutating call is repeated only where a repeat cannot apply the
change twice: see ``is_rejected_before_change``.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, TypeVar

import tenacity

from ._errors import InvalidInputError, LightsailContainersError, ServiceError, TransportError

if TYPE_CHECKING:
    from collections.abc import Callable

_T = TypeVar("_T")

logger = logging.getLogger("lightsail_containers.retries")

# Codes that AWS SDKs treat as throttling or as a server-side failure.
_THROTTLING_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown",
    }
)
_SERVER_CODES = frozenset(
    {
        "ServiceException",
        "InternalFailure",
        "InternalError",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "RegionSetupInProgressException",
    }
)
_SERVER_ERROR_STATUS = 500

# Lightsail rejects a change to a busy resource with InvalidInputException and a
# message such as "Please try again in a few minutes" or "Please wait for it to
# complete before trying again".
_BUSY_MESSAGE = re.compile(
    r"try again|wait for .* to complete|currently (being )?(updated|modified)|in progress",
    re.IGNORECASE,
)


def is_throttling(error: BaseException) -> bool:
    """Return whether AWS asked the caller to slow down."""
    return isinstance(error, ServiceError) and error.code in _THROTTLING_CODES


def is_busy(error: BaseException) -> bool:
    """Return whether Lightsail rejected the call because the resource is busy."""
    return isinstance(error, InvalidInputError) and bool(_BUSY_MESSAGE.search(error.aws_message))


def is_rejected_before_change(error: BaseException) -> bool:
    """Return whether AWS reported that it did not apply the call, and a repeat may succeed.

    AWS rejects a call for throttling, a busy resource or a Region still being set up
    before anything changes, so repeating a mutating call is safe after them. A 5xx or a
    lost connection leaves open whether the change happened.
    """
    if is_throttling(error) or is_busy(error):
        return True

    return isinstance(error, ServiceError) and error.code == "RegionSetupInProgressException"


def is_transient(error: BaseException) -> bool:
    """Return whether a repeat of a read-only call may succeed."""
    if isinstance(error, TransportError) or is_rejected_before_change(error):
        return True
    if not isinstance(error, ServiceError):
        return False

    server_error = error.status_code is not None and error.status_code >= _SERVER_ERROR_STATUS
    return server_error or error.code in _SERVER_CODES


def call_with_retries(
    call: Callable[[], _T],
    *,
    should_retry: Callable[[BaseException], bool],
    deadline: float,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
    max_delay_seconds: float = 20.0,
    on_retry: Callable[[LightsailContainersError, float], None] | None = None,
) -> _T:
    """Call ``call``, repeating it with backoff while it raises a retryable error.

    The delays start at 1 second, double up to ``max_delay_seconds`` and gain up to
    1 second of jitter. No delay reaches past ``deadline`` on ``clock``; at the
    deadline, the last error is raised.
    """
    backoff = tenacity.wait_exponential(multiplier=1, max=max_delay_seconds) + tenacity.wait_random(
        0, 1
    )

    def next_delay(state: tenacity.RetryCallState) -> float:
        return max(0.0, min(backoff(state), deadline - clock()))

    def report(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        logger.warning("Retrying in %.1f s after %s", delay, error)
        if on_retry is not None and isinstance(error, LightsailContainersError):
            on_retry(error, delay)

    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception(should_retry),
        stop=lambda _: clock() >= deadline,
        wait=next_delay,
        sleep=sleep,
        before_sleep=report,
        reraise=True,
    )
    return retrying(call)
