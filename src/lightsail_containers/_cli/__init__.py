"""The ``lightsail-containers`` command: status, deploy, wait, logs and simulate.

Run ``lightsail-containers --help`` or ``python -m lightsail_containers --help`` for
the commands, their options and the exit statuses.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from lightsail_containers._cli._arguments import PROG, ExitCode, build_parser, check_arguments

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # A clean stop: no traceback, and the status that shells give to SIGINT. On a
        # terminal, the message starts below the ^C that the terminal echoed.
        start = "\n" if sys.stderr.isatty() else ""
        sys.stderr.write(f"{start}{PROG}: interrupted\n")
        sys.stderr.flush()
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader of standard output went away, as `status | head -1` does. Python
        # would report the pipe again when it flushes at exit, unless stdout is closed.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.FAILED


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    arguments, unknown = parser.parse_known_args(argv)
    if arguments.command == "simulate":
        return _simulate(unknown)
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    check_arguments(parser, arguments)

    # The commands import boto3 and the client, which only these commands need.
    from lightsail_containers._cli._commands import run_command  # noqa: PLC0415
    from lightsail_containers._cli._failures import HANDLED_ERRORS, report  # noqa: PLC0415
    from lightsail_containers._cli._logging import show_package_logs  # noqa: PLC0415
    from lightsail_containers._cli._output import Console, Redactor  # noqa: PLC0415

    console = Console(
        sys.stdout,
        sys.stderr,
        json_output=arguments.output == "json",
        redact=Redactor.from_environment(),
    )
    with show_package_logs(console):
        try:
            return run_command(arguments, console)
        except HANDLED_ERRORS as error:
            return report(console, error)


def _simulate(options: list[str]) -> int:
    from lightsail_containers.simulator.__main__ import main as serve  # noqa: PLC0415

    return serve(options)
