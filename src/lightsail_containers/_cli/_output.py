"""Output of the command: results on standard output, progress and errors on standard error.

Progress has three styles. On a terminal, one live line is redrawn with a carriage
return every second, and each change of state stays on a line of its own. Off a
terminal, as in CI logs, each change of state is one line. With ``--output json``,
each event is one JSON object on a line.
"""

from __future__ import annotations

import enum
import json
import math
import os
import re
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from lightsail_containers._cli._arguments import PROG
from lightsail_containers._display import printable

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from lightsail_containers._logs import ContainerLogEvent
    from lightsail_containers._models import ContainerService, Deployment, StateDetail
    from lightsail_containers._waiter import PollEvent, Transition

# The live line is redrawn this often, so its clock and countdown move by the second.
_REDRAW_SECONDS = 1.0
_DEFAULT_COLUMNS = 80
_SECONDS_PER_MINUTE = 60
_SECONDS_PER_HOUR = 3600
_MASK = "***"
# Access key ids of IAM users (AKIA) and of temporary credentials (ASIA).
_ACCESS_KEY_ID = re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b")
# Values shorter than this are too likely to occur by chance in a message to replace.
_MIN_REDACTED_LENGTH = 4


class ProgressStyle(enum.Enum):
    """Form of the progress on standard error."""

    LIVE = "live"
    LINES = "lines"
    JSON = "json"


def format_elapsed(seconds: float) -> str:
    """Return a duration as ``5s``, ``1m05s`` or ``1h02m05s``."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, _SECONDS_PER_HOUR)
    minutes, secs = divmod(rest, _SECONDS_PER_MINUTE)
    if hours:
        return f"{hours}h{minutes:02d}m{secs:02d}s"
    if minutes:
        return f"{minutes}m{secs:02d}s"

    return f"{secs}s"


def to_json_line(data: Mapping[str, Any]) -> str:
    """Encode one JSON object on one line, with times in ISO 8601."""
    return json.dumps(data, default=_json_default, separators=(",", ":"))


def _json_default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()

    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def state_detail_json(detail: StateDetail | None) -> dict[str, Any] | None:
    """Return a stateDetail as the API names its members, or ``None``."""
    if detail is None:
        return None

    return {"code": _plain(detail.code), "message": detail.message}


def deployment_json(deployment: Deployment | None) -> dict[str, Any] | None:
    """Return a deployment's version, state and creation time, without its containers."""
    if deployment is None:
        return None

    return {
        "version": deployment.version,
        "state": _plain(deployment.state),
        "createdAt": deployment.created_at,
    }


def service_json(service: ContainerService) -> dict[str, Any]:
    """Return the fields of a service that the status table shows, as the API names them.

    Containers are left out, so no environment value reaches the output.
    """
    return {
        "containerServiceName": service.container_service_name,
        "state": _plain(service.state),
        "stateDetail": state_detail_json(service.state_detail),
        "power": _plain(service.power),
        "scale": service.scale,
        "isDisabled": service.is_disabled,
        "currentDeployment": deployment_json(service.current_deployment),
        "nextDeployment": deployment_json(service.next_deployment),
        "url": service.url,
    }


def _plain(value: object) -> object:
    # The API's enums are str subclasses, which json writes as their value, but a plain
    # str keeps the data free of package types.
    return None if value is None else str(value)


class Redactor:
    """Replaces known secret values and AWS access key ids in messages with ``***``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        """Start with ``secrets``, such as credentials from the environment."""
        self._secrets: set[str] = set()
        self.add(secrets)

    @classmethod
    def from_environment(cls) -> Redactor:
        """Create a redactor for the AWS credentials set in the environment."""
        names = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
        return cls(os.environ.get(name, "") for name in names)

    def add(self, secrets: Iterable[str]) -> None:
        """Replace these values too, such as the environment values of a deployment."""
        self._secrets.update(value for value in secrets if len(value) >= _MIN_REDACTED_LENGTH)

    def __call__(self, text: str) -> str:
        """Return ``text`` with every known secret replaced."""
        # Longer secrets go first, so that a secret containing another is replaced whole.
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, _MASK)

        return _ACCESS_KEY_ID.sub(_MASK, text)


class Console:
    """The command's standard output and standard error, in text or JSON.

    Args:
        stdout: Where results go.
        stderr: Where progress and errors go.
        json_output: Whether results and progress are JSON objects, one per line.
        redact: Removes secrets from error messages.
    """

    def __init__(
        self, stdout: TextIO, stderr: TextIO, *, json_output: bool, redact: Redactor
    ) -> None:
        """Write to ``stdout`` and ``stderr``; see the class docstring for the arguments."""
        self.stdout = stdout
        self.stderr = stderr
        self.json_output = json_output
        self.redact = redact
        self._progress: Progress | None = None

    def progress_style(self) -> ProgressStyle:
        """Return the progress style for this output format and standard error."""
        if self.json_output:
            return ProgressStyle.JSON

        return ProgressStyle.LIVE if _is_terminal(self.stderr) else ProgressStyle.LINES

    def progress(self) -> Progress:
        """Create the progress display of a wait, in this console's progress style.

        Later lines of ``write_line`` go above its live line.
        """
        self._progress = Progress(self.stderr, self.progress_style())
        return self._progress

    def write_line(self, line: str) -> None:
        """Write a line to standard error, above the live line of the progress if one is drawn."""
        if self._progress is None:
            print(line, file=self.stderr, flush=True)
        else:
            self._progress.write_line(line)

    def result(self, data: Mapping[str, Any], text: str) -> None:
        """Write a result: ``data`` as one JSON object, or ``text``."""
        line = to_json_line(data) if self.json_output else text
        print(line, file=self.stdout, flush=True)

    def log_event(self, service_name: str, container_name: str, event: ContainerLogEvent) -> None:
        """Write one container log line: its time and message, or a JSON object."""
        if not self.json_output:
            print(event.format(), file=self.stdout, flush=True)
            return

        data = {
            "serviceName": service_name,
            "containerName": container_name,
            "createdAt": event.created_at,
            "message": event.message,
        }
        print(to_json_line(data), file=self.stdout, flush=True)

    def note(self, text: str) -> None:
        """Write an informational line to standard error, in text mode only."""
        if not self.json_output:
            print(text, file=self.stderr, flush=True)

    def error(
        self, message: str, details: Iterable[str] = (), data: Mapping[str, Any] | None = None
    ) -> None:
        """Write an error: one line, then indented details, or one JSON object.

        Every text goes through the redactor first.
        """
        if self.json_output:
            event = {"event": "error", "message": self.redact(message), **(data or {})}
            print(self.redact(to_json_line(event)), file=self.stderr, flush=True)
            return

        lines = [f"{PROG}: error: {message}", *(f"  {line}" for line in details)]
        print(self.redact("\n".join(lines)), file=self.stderr, flush=True)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # a closed stream
        return False


class Progress:
    """Shows a wait's progress on standard error, as the waiter's callbacks report it.

    Pass ``on_transition`` and ``on_poll`` to a wait, and ``sleep`` to the client, so
    that the live line moves between polls. Call ``close`` when the wait ends.

    Args:
        stream: Standard error.
        style: How the progress appears.
        clock: Monotonic seconds, for the live line's elapsed time and countdown.
        sleep: Sleeps for a number of seconds.
    """

    def __init__(
        self,
        stream: TextIO,
        style: ProgressStyle,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """Write to ``stream``; see the class docstring for the arguments."""
        self._stream = stream
        self._style = style
        self._clock = clock
        self._sleep = sleep
        self._status = ""
        self._poll: tuple[PollEvent, float] | None = None
        self._drawn = 0

    def on_transition(self, transition: Transition) -> None:
        """Show a change of state, stateDetail or deployment state."""
        if self._style is ProgressStyle.JSON:
            self._write_json(_transition_json(transition))
            return

        self._status = printable(f"{transition.service_name}: {transition.describe()}")
        line = f"[{format_elapsed(transition.elapsed_seconds):>8}] {self._status}"
        detail = transition.state_detail
        if detail is not None and detail.message:
            line += f" - {printable(detail.message)}"

        self._erase()
        self._write(line + "\n")

    def on_poll(self, event: PollEvent) -> None:
        """Note a status call: redraw the live line, or report a status call that failed."""
        self._poll = (event, self._clock())
        if event.error is not None:
            self._report_retry(event)
        if self._style is ProgressStyle.LIVE:
            self._draw()

    def sleep(self, seconds: float) -> None:
        """Sleep, redrawing the live line every second on a terminal."""
        if self._style is not ProgressStyle.LIVE or self._poll is None:
            self._sleep(seconds)
            return

        deadline = self._clock() + seconds
        remaining = seconds
        while remaining > 0:
            self._sleep(min(_REDRAW_SECONDS, remaining))
            self._draw()
            remaining = deadline - self._clock()

    def close(self) -> None:
        """End the live line, so that what follows starts on a line of its own."""
        self._erase()
        self._poll = None

    def write_line(self, line: str) -> None:
        """Write a line of its own, such as a warning, and redraw the live line below it."""
        self._erase()
        self._write(line + "\n")
        if self._style is ProgressStyle.LIVE:
            self._draw()

    def _report_retry(self, event: PollEvent) -> None:
        delay = event.next_delay_seconds or 0.0
        error = str(event.error).splitlines()[0]
        if self._style is ProgressStyle.JSON:
            data = {
                "event": "retry",
                "service": event.service_name,
                "attempt": event.attempt,
                "elapsedSeconds": round(event.elapsed_seconds, 3),
                "nextDelaySeconds": round(delay, 3),
                "error": error,
            }
            self._write_json(data)
            return

        self._erase()
        self._write(
            f"[{format_elapsed(event.elapsed_seconds):>8}] {event.service_name}: status call "
            f"failed, retrying in {format_elapsed(math.ceil(delay))}: {error}\n"
        )

    def _draw(self) -> None:
        if self._poll is None:
            return

        event, polled_at = self._poll
        since_poll = self._clock() - polled_at
        elapsed = format_elapsed(event.elapsed_seconds + since_poll)
        if event.next_delay_seconds is None:
            countdown = "checking"
        else:
            remaining = max(0.0, event.next_delay_seconds - since_poll)
            countdown = f"next poll in {format_elapsed(math.ceil(remaining))}"

        line = f"{self._status}  {elapsed} elapsed, {countdown}"
        # A line wider than the terminal wraps, and a carriage return then no longer
        # reaches its start.
        line = line[: _columns(self._stream) - 1]
        padding = " " * max(0, self._drawn - len(line))
        self._write(f"\r{line}{padding}")
        self._drawn = len(line)

    def _erase(self) -> None:
        if self._drawn:
            self._write("\r" + " " * self._drawn + "\r")
            self._drawn = 0

    def _write(self, text: str) -> None:
        self._stream.write(text)
        self._stream.flush()

    def _write_json(self, data: Mapping[str, Any]) -> None:
        self._write(to_json_line(data) + "\n")


def _transition_json(transition: Transition) -> dict[str, Any]:
    return {
        "event": "transition",
        "service": transition.service_name,
        "state": _plain(transition.state),
        "stateDetail": state_detail_json(transition.state_detail),
        "deploymentVersion": transition.deployment_version,
        "deploymentState": _plain(transition.deployment_state),
        "elapsedSeconds": round(transition.elapsed_seconds, 3),
    }


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or _DEFAULT_COLUMNS
    except (OSError, ValueError):
        return _DEFAULT_COLUMNS
