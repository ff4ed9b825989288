"""Command line: serve the simulator over HTTP, for boto3's `endpoint_url` and the AWS CLI.

Run `python -m lightsail_containers.simulator --help` for the options.
"""

from __future__ import annotations

import argparse
import logging
import math
import signal
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from lightsail_containers.simulator import _state
from lightsail_containers.simulator._clock import AcceleratedClock, RealClock
from lightsail_containers.simulator._server import SimulatorServer
from lightsail_containers.simulator._simulator import Simulator

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import FrameType

    from lightsail_containers.simulator._clock import Clock

logger = logging.getLogger("lightsail_containers.simulator")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server until interrupted, and return the exit status."""
    arguments = _parser().parse_args(argv)
    _configure_logging(arguments.log_level)

    state_file: Path | None = arguments.state
    try:
        simulator = _simulator(arguments.speed, state_file)
    except (OSError, ValueError) as error:
        logger.error("cannot read the state file %s: %s", state_file, error)  # noqa: TRY400 - the reason is the whole message
        return 1

    try:
        server = SimulatorServer(
            simulator, host=arguments.host, port=arguments.port, state_file=state_file
        )
    except OSError as error:
        logger.error("cannot listen on %s port %s: %s", arguments.host, arguments.port, error)  # noqa: TRY400 - the reason is the whole message
        return 1

    # The one line that the server prints: tools read the endpoint URL from it.
    print(f"Lightsail container simulator listening on {server.url}", flush=True)  # noqa: T201
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        logger.info("interrupted, stopping")
    finally:
        server.stop()
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lightsail_containers.simulator",
        description=(
            "Serve the Lightsail container-service simulator over HTTP. Point boto3 "
            "(endpoint_url=...) or the AWS CLI (--endpoint-url ...) at the printed URL, with "
            "any credentials."
        ),
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, reachable from this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=0, help="TCP port to listen on; 0 picks a free port (default)"
    )
    parser.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="simulated seconds per real second, such as 60 for one minute per second "
        "(default: 1, real time)",
    )
    parser.add_argument(
        "--state",
        type=Path,
        metavar="FILE",
        help="JSON file that keeps the services across restarts; read at start if it exists",
    )
    parser.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="level of the log lines written to standard error (default: INFO)",
    )
    return parser


def _configure_logging(level: str) -> None:
    # Only the simulator's own lines: botocore's debug output would drown them.
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    package_logger = logging.getLogger("lightsail_containers")
    package_logger.addHandler(handler)
    package_logger.setLevel(level)


def _speed(text: str) -> float:
    try:
        speed = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid speed {text!r}: use a number > 0") from None
    if not math.isfinite(speed) or speed <= 0:
        raise argparse.ArgumentTypeError(f"invalid speed {text!r}: use a number > 0")
    return speed


def _simulator(speed: float, state_file: Path | None) -> Simulator:
    simulator = Simulator(clock=_clock(speed, state_file))
    if state_file is not None and state_file.exists():
        simulator.load_state(state_file)
        logger.info("loaded the simulator state from %s", state_file)
    return simulator


def _clock(speed: float, state_file: Path | None) -> Clock:
    # A faster clock runs ahead of the wall clock, so after a restart it resumes from the
    # time saved in the state file, never going back in time.
    start = datetime.now(timezone.utc)
    saved = _state.saved_time(state_file) if state_file is not None else None
    if saved is not None and saved > start:
        start = saved

    if speed == 1:
        return RealClock(start=start)
    return AcceleratedClock(speed, start=start)


def _interrupt(_signal: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
