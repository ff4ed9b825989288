"""The waiters' polling policy, kept apart from the drivers so that creating a client skips them."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import tenacity


def _is_seconds(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (_is_seconds(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a finite number greater than 0, got {value!r}")


def _not_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (_is_seconds(value) and value >= 0):
        raise ValueError(f"{attribute.name} must be a finite number of 0 or more, got {value!r}")


@attrs.frozen
class PollingPolicy:
    """How often and how long a waiter polls.

    The first poll happens at once. The delay before each next poll starts at
    ``first_delay_seconds``, doubles up to ``max_delay_seconds``, and gains a random
    jitter of up to ``jitter_seconds`` so that many waiters do not poll in step. The
    wait ends with WaitTimeoutError after ``timeout_seconds``, right after a last poll
    at the deadline.

    The defaults poll every 10 to 10.5 seconds for up to 30 minutes. With no way to
    know when Lightsail will finish, a near-fixed interval finds a change soonest for
    its number of calls. In the benchmark of docs/benchmarks.md (waits of 1 to 30
    minutes), it returns within 10 s of the change at the 95th percentile. It also makes
    fewer GetContainerServices calls than a fixed 10 s poll or Terraform's schedule.
    """

    timeout_seconds: float = attrs.field(default=1800.0, validator=_positive)
    first_delay_seconds: float = attrs.field(default=10.0, validator=_positive)
    max_delay_seconds: float = attrs.field(default=10.0, validator=_positive)
    jitter_seconds: float = attrs.field(default=0.5, validator=_not_negative)

    def __attrs_post_init__(self) -> None:
        """Check that the delays are in order."""
        if self.first_delay_seconds > self.max_delay_seconds:
            raise ValueError(
                f"first_delay_seconds ({self.first_delay_seconds!r}) must not exceed "
                f"max_delay_seconds ({self.max_delay_seconds!r})"
            )

    def backoff(self) -> tenacity.wait.wait_base:
        """Return the tenacity wait strategy of this policy."""
        import tenacity  # noqa: PLC0415

        return tenacity.wait_exponential(
            multiplier=self.first_delay_seconds, max=self.max_delay_seconds
        ) + tenacity.wait_random(0, self.jitter_seconds)


def client_polling(polling: object, retry_timeout_seconds: object) -> PollingPolicy:
    """Return the waiters' policy of a new client, after checking the client's options.

    Raises:
        TypeError: ``polling`` is neither None nor a PollingPolicy.
        ValueError: ``retry_timeout_seconds`` is not a finite number of 0 or more.
    """
    if not (_is_seconds(retry_timeout_seconds) and retry_timeout_seconds >= 0):  # type: ignore[operator]
        raise ValueError(
            "retry_timeout_seconds must be a finite number of 0 or more, "
            f"got {retry_timeout_seconds!r}"
        )
    if polling is None:
        return PollingPolicy()
    if not isinstance(polling, PollingPolicy):
        raise TypeError(
            f"polling must be a PollingPolicy or None, not {type(polling).__name__}; "
            "use PollingPolicy(timeout_seconds=600), for example"
        )

    return polling
