"""The retry loop of ``_retries`` for coroutines, on tenacity's AsyncRetrying.

Which errors are retried stays in ``_retries``: the async client passes the same
``is_transient`` and ``is_rejected_before_change`` as the sync client.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import tenacity

from ._errors import LightsailContainersError

_T = TypeVar("_T")

AsyncSleep = Callable[[float], Awaitable[None]]

logger = logging.getLogger("lightsail_containers.retries")


def retry_backoff(max_delay_seconds: float) -> tenacity.wait.wait_base:
    """Return the delays between retries: 1 second, doubling up to the max, plus 0 to 1 s."""
    return tenacity.wait_exponential(multiplier=1, max=max_delay_seconds) + tenacity.wait_random(
        0, 1
    )


async def async_call_with_retries(
    call: Callable[[], Awaitable[_T]],
    *,
    should_retry: Callable[[BaseException], bool],
    deadline: float,
    clock: Callable[[], float],
    sleep: AsyncSleep,
    max_delay_seconds: float = 20.0,
    on_retry: Callable[[LightsailContainersError, float], None] | None = None,
) -> _T:
    """Await ``call()``, repeating it with backoff while it raises a retryable error.

    The delays are those of ``retry_backoff``. No delay reaches past ``deadline`` on
    ``clock``; at the deadline, the last error is raised. Cancellation is never
    retried: ``should_retry`` receives the CancelledError and returns False for it, as the
    classifiers of ``_retries`` do.
    """
    backoff = retry_backoff(max_delay_seconds)

    def next_delay(state: tenacity.RetryCallState) -> float:
        return max(0.0, min(backoff(state), deadline - clock()))

    def report(state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        delay = state.next_action.sleep if state.next_action else 0.0
        logger.warning("Retrying in %.1f s after %s", delay, error)
        if on_retry is not None and isinstance(error, LightsailContainersError):
            on_retry(error, delay)

    # tenacity awaits the function only when it is a coroutine function, and a lambda
    # that returns a coroutine is not one.
    async def attempt() -> _T:
        return await call()

    retrying = tenacity.AsyncRetrying(
        retry=tenacity.retry_if_exception(should_retry),
        stop=lambda _: clock() >= deadline,
        wait=next_delay,
        sleep=sleep,
        before_sleep=report,
        reraise=True,
    )
    result: _T = await retrying(attempt)
    return result
