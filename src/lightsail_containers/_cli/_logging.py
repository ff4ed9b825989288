"""The package's log records on the command's standard error, as text lines or JSON objects.

The command shows the records of the ``lightsail_containers`` loggers at WARNING and
above, such as a call that is repeated after throttling. botocore's loggers get no
handler, because its DEBUG records include request and response bodies, and with them
environment values and registry passwords.
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from typing import TYPE_CHECKING, Any

from lightsail_containers._cli._arguments import PROG
from lightsail_containers._cli._output import to_json_line
from lightsail_containers._display import printable

if TYPE_CHECKING:
    from collections.abc import Iterator

    from lightsail_containers._cli._output import Console

PACKAGE_LOGGER = "lightsail_containers"
LEVEL = logging.WARNING


@contextlib.contextmanager
def show_package_logs(console: Console) -> Iterator[None]:
    """Write the package's warnings and errors to the console until the block ends.

    The package logger's handlers, level and propagation are restored afterwards, so
    a program that calls the command's ``main`` keeps its own logging.
    """
    logger = logging.getLogger(PACKAGE_LOGGER)
    handler = ConsoleLogHandler(console)
    level, propagate = logger.level, logger.propagate

    logger.addHandler(handler)
    logger.setLevel(LEVEL)
    # A handler of the root logger, such as one that logging.basicConfig adds, would
    # write the same record again as plain text among the JSON lines.
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
        handler.close()


class ConsoleLogHandler(logging.Handler):
    """Logging handler that writes records to the console's standard error in its output format.

    In text mode a record is a line such as ``lightsail-containers: warning: ...``.
    With JSON output it is one object with the keys ``event`` (always ``"log"``),
    ``level``, ``logger`` and ``message``, and ``exception`` for a record with a
    traceback. The console's redactor replaces secrets in either form.
    """

    def __init__(self, console: Console) -> None:
        """Write to ``console``, from WARNING up."""
        super().__init__(LEVEL)
        self._console = console

    def emit(self, record: logging.LogRecord) -> None:
        """Write one record, or report through ``handleError`` why it cannot be written."""
        try:
            line = self._json(record) if self._console.json_output else self._text(record)
            self._console.write_line(line)
        except RecursionError:
            raise
        except Exception:  # noqa: BLE001 - as in logging.StreamHandler.emit
            self.handleError(record)

    def _json(self, record: logging.LogRecord) -> str:
        redact = self._console.redact
        data: dict[str, Any] = {
            "event": "log",
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        trace = _traceback(record)
        if trace:
            data["exception"] = redact(trace)

        return redact(to_json_line(data))

    def _text(self, record: logging.LogRecord) -> str:
        lines = [f"{PROG}: {record.levelname.lower()}: {printable(record.getMessage())}"]
        lines.extend(f"  {line}" for line in _traceback(record).splitlines())

        return self._console.redact("\n".join(lines))


def _traceback(record: logging.LogRecord) -> str:
    _, error, _ = record.exc_info or (None, None, None)
    if error is None:
        return ""

    return "".join(traceback.format_exception(error)).rstrip()
