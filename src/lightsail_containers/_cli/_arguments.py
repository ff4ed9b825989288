"""The command line's parser: commands, options, durations and exit codes."""

from __future__ import annotations

import argparse
import enum
import math
import re
import textwrap
from importlib.metadata import PackageNotFoundError, version

PROG = "lightsail-containers"

DEFAULT_TIMEOUT = "30m"
DEFAULT_POLL_INTERVAL = "10s"

_DURATION = re.compile(r"\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([smh]?)\s*", re.IGNORECASE)
_SECONDS_PER_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600}
_FILE_URL_PREFIX = "file://"
# The help text keeps its own line breaks, so that the exit statuses stay a table, and
# the descriptions are wrapped to this width in advance.
_HELP_WIDTH = 79


class ExitCode(enum.IntEnum):
    """The exit statuses of the command, as the help text lists them."""

    SUCCESS = 0
    FAILED = 1
    USAGE = 2
    TIMED_OUT = 3
    INTERRUPTED = 130


class Until(str, enum.Enum):
    """The targets of ``wait service --until``."""

    READY = "ready"
    RUNNING = "running"
    DISABLED = "disabled"
    DELETED = "deleted"


_DESCRIPTION = """\
Show, deploy and wait for Amazon Lightsail container services, for CI jobs and
terminals. Progress goes to standard error and results to standard output."""

_EPILOG = """\
exit status:
  0    success
  1    AWS returned an error, the deployment failed, the service reported a terminal
       stateDetail code (CERTIFICATE_LIMIT_EXCEEDED or UNKNOWN_ERROR), or the service
       can no longer reach the target (deleted, disabled or replaced deployment)
  2    invalid command line, spec file or AWS configuration; the command changed nothing
  3    the wait timed out
  130  interrupted (Ctrl-C); a deployment already started goes on in AWS

Durations such as --timeout take a number with the unit s, m or h (90s, 30m, 1.5h),
and a number without a unit is seconds. Credentials come from the usual AWS chain:
environment variables, --profile or AWS_PROFILE, the shared credentials and config
files, then container and instance roles."""


def parse_duration(text: str) -> float:
    """Return the seconds of a duration such as ``90``, ``90s``, ``30m`` or ``1.5h``.

    Raises:
        argparse.ArgumentTypeError: The text is not a positive duration.
    """
    found = _DURATION.fullmatch(text)
    seconds = math.nan
    if found is not None:
        seconds = float(found.group(1)) * _SECONDS_PER_UNIT[found.group(2).lower()]

    if not (math.isfinite(seconds) and seconds > 0):
        raise argparse.ArgumentTypeError(
            f"invalid duration {text!r}: use a number greater than 0 with the unit s, m or h, "
            "such as 90s, 30m or 1.5h"
        )

    return seconds


def build_parser() -> argparse.ArgumentParser:
    """Build the parser of the command and its subcommands."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_package_version()}")
    add_global_options(parser, defaults=True)

    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_status(commands)
    _add_deploy(commands)
    _add_wait(commands)
    _add_logs(commands)
    _add_simulate(commands)
    return parser


def add_global_options(parser: argparse.ArgumentParser, *, defaults: bool) -> None:
    """Add the AWS CLI's connection and output options.

    The options are accepted before and after the command, as the AWS CLI accepts
    them. Only the main parser sets defaults, so a subcommand's parser does not
    overwrite a value given before the command.
    """
    group = parser.add_argument_group("AWS options")

    def default(value: object) -> object:
        return value if defaults else argparse.SUPPRESS

    group.add_argument(
        "--region",
        default=default(None),
        help="AWS Region of the services (default: AWS_REGION, AWS_DEFAULT_REGION or the "
        "profile's region)",
    )
    group.add_argument(
        "--profile",
        default=default(None),
        help="named profile of the AWS config files (default: AWS_PROFILE, or the default profile)",
    )
    group.add_argument(
        "--endpoint-url",
        metavar="URL",
        default=default(None),
        help="Lightsail API endpoint to call instead of AWS's, such as the URL that "
        f"'{PROG} simulate' prints",
    )
    group.add_argument(
        "--output",
        choices=["text", "json"],
        default=default("text"),
        help="format of results on standard output and of progress on standard error: "
        "text, or json with one JSON object per progress event (default: text)",
    )


def _command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
) -> argparse.ArgumentParser:
    parser = commands.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, _HELP_WIDTH),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_global_options(parser, defaults=False)
    return parser


def _add_wait_options(parser: argparse.ArgumentParser, *, target: str) -> None:
    parser.add_argument(
        "--timeout",
        type=parse_duration,
        default=parse_duration(DEFAULT_TIMEOUT),
        metavar="DURATION",
        help=f"maximum time to wait for {target}, with the unit s, m or h "
        f"(default: {DEFAULT_TIMEOUT})",
    )
    _add_poll_interval(parser, calls="status calls")


def _add_poll_interval(parser: argparse.ArgumentParser, *, calls: str) -> None:
    parser.add_argument(
        "--poll-interval",
        type=parse_duration,
        default=parse_duration(DEFAULT_POLL_INTERVAL),
        metavar="DURATION",
        help=f"time between {calls}, with the unit s, m or h (default: "
        f"{DEFAULT_POLL_INTERVAL}), plus up to 5%% at random so that many jobs do not poll "
        "in step",
    )


def _add_status(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _command(
        commands,
        "status",
        "show a table of container services",
        "Show each container service with its state, stateDetail code, power x scale, "
        "current and next deployment (version and state) and URL.",
    )
    parser.set_defaults(command="status")
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help="services to show (default: all in the Region)"
    )


def _add_deploy(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _command(
        commands,
        "deploy",
        "create a deployment from the AWS CLI's JSON files",
        "Check a deployment locally, create it, and with --wait wait until it is ACTIVE. "
        "The files are those of 'aws lightsail create-container-service-deployment': "
        "--containers and --public-endpoint, or one --cli-input-json file as --spec. "
        "A 'file://' prefix is accepted as the AWS CLI writes it.",
    )
    parser.set_defaults(command="deploy")
    parser.add_argument("name", metavar="NAME", help="container service to deploy to")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--containers",
        type=_spec_file,
        metavar="FILE",
        help="JSON file of the containers by name, as for the AWS CLI's --containers",
    )
    source.add_argument(
        "--spec",
        type=_spec_file,
        metavar="FILE",
        help="JSON file with 'containers' and optionally 'publicEndpoint' and "
        "'serviceName', as for the AWS CLI's --cli-input-json",
    )
    parser.add_argument(
        "--public-endpoint",
        type=_spec_file,
        metavar="FILE",
        help="JSON file of the public endpoint, as for the AWS CLI's --public-endpoint "
        "(with --containers only)",
    )
    parser.add_argument(
        "--wait",
        action="store_true",
        help="wait until the deployment is ACTIVE, and exit with status 1 if it fails",
    )
    _add_wait_options(parser, target="the deployment (with --wait)")


def _add_wait(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "wait",
        help="wait for a service state or a deployment",
        description=textwrap.fill(
            "Wait for a container service to reach a state, or for a deployment to become ACTIVE.",
            _HELP_WIDTH,
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    targets = parser.add_subparsers(dest="target", metavar="TARGET", required=True)

    service = _command(
        targets,
        "service",
        "wait for a service state",
        "Wait until a container service reaches a state. Stops at once with status 1 on a "
        "terminal stateDetail code or a state from which the target cannot be reached.",
    )
    service.set_defaults(command="wait-service")
    service.add_argument("name", metavar="NAME", help="container service to wait for")
    service.add_argument(
        "--until",
        choices=[until.value for until in Until],
        default=Until.READY.value,
        help="ready: READY or RUNNING, so the service accepts a deployment (default); "
        "running: RUNNING; disabled: DISABLED; deleted: the service no longer exists",
    )
    _add_wait_options(service, target="the state")

    deployment = _command(
        targets,
        "deployment",
        "wait for a deployment to become ACTIVE",
        "Wait until a deployment is the service's ACTIVE current deployment. Stops at once "
        "with status 1 when it fails, and prints the newest log lines of its containers.",
    )
    deployment.set_defaults(command="wait-deployment")
    deployment.add_argument("name", metavar="NAME", help="container service to wait for")
    deployment.add_argument(
        "--version",
        type=_positive_int,
        metavar="N",
        help="deployment version to wait for (default: the newest version now)",
    )
    _add_wait_options(deployment, target="the deployment")


def _add_logs(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = _command(
        commands,
        "logs",
        "print a container's log",
        "Print the log lines of a container of a service, oldest first, with their time. "
        "With --follow, keep printing new lines until interrupted.",
    )
    parser.set_defaults(command="logs")
    parser.add_argument("name", metavar="NAME", help="container service")
    parser.add_argument("container", metavar="CONTAINER", help="container name")
    parser.add_argument(
        "--since",
        type=parse_duration,
        metavar="DURATION",
        help="print only lines of this recent period, with the unit s, m or h, such as 10m "
        "(default: every line that Lightsail keeps)",
    )
    parser.add_argument(
        "--follow", action="store_true", help="keep printing new lines until interrupted"
    )
    _add_poll_interval(parser, calls="log calls with --follow")


def _add_simulate(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # The simulator's own parser reads the options, so that both commands take the
    # same ones; ``simulate --help`` lists them.
    parser = commands.add_parser(
        "simulate",
        help="serve the Lightsail simulator on 127.0.0.1 for --endpoint-url",
        description="Serve the embedded Lightsail container-service simulator over HTTP. "
        "Takes the options of 'python -m lightsail_containers.simulator'.",
        add_help=False,
    )
    parser.set_defaults(command="simulate")


def check_arguments(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    """Exit with a usage error for option combinations that argparse cannot express."""
    if arguments.command == "deploy" and arguments.spec and arguments.public_endpoint:
        parser.error(
            "deploy: --public-endpoint goes with --containers; a --spec file has its own "
            "publicEndpoint"
        )


def _spec_file(text: str) -> str:
    path = text.removeprefix(_FILE_URL_PREFIX)
    if not path:
        raise argparse.ArgumentTypeError(f"missing file name in {text!r}")

    return path


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0

    if value < 1:
        raise argparse.ArgumentTypeError(
            f"invalid version {text!r}: use a whole number of 1 or more"
        )

    return value


def _package_version() -> str:
    try:
        return version("lightsail-containers")
    except PackageNotFoundError:
        return "(version unknown: the package is not installed)"
