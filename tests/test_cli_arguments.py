"""The command line's parser, durations and help, run in this process."""

from __future__ import annotations

import argparse
import importlib.metadata

import pytest

from lightsail_containers._cli import main
from lightsail_containers._cli._arguments import build_parser, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90.0),
        ("90s", 90.0),
        ("0.1s", 0.1),
        (".5s", 0.5),
        ("30m", 1800.0),
        ("1.5h", 5400.0),
        (" 2M ", 120.0),
    ],
    ids=["bare", "seconds", "fraction", "leading-point", "minutes", "hours", "spaces-upper"],
)
def test_duration_parsed(text: str, seconds: float) -> None:
    """A number with the unit s, m or h, or none for seconds, gives seconds."""
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "text",
    ["0", "0s", "-5s", "5 minutes", "", "m", "1d", "inf", "nan", "1e3"],
    ids=[
        "zero",
        "zero-unit",
        "negative",
        "words",
        "empty",
        "unit-only",
        "days",
        "inf",
        "nan",
        "exp",
    ],
)
def test_duration_rejected(text: str) -> None:
    """Zero, negative, unknown units and other text are rejected with the accepted forms."""
    with pytest.raises(
        argparse.ArgumentTypeError, match="use a number greater than 0 with the unit"
    ):
        parse_duration(text)


def test_global_options_before_command() -> None:
    """Options before the command keep their values when the command does not repeat them."""
    arguments = build_parser().parse_args(
        ["--region", "eu-west-1", "--output", "json", "--endpoint-url", "http://x", "status"]
    )

    assert arguments.region == "eu-west-1"
    assert arguments.output == "json"
    assert arguments.endpoint_url == "http://x"
    assert arguments.profile is None


def test_global_options_after_command() -> None:
    """Options after the command are read too, and override those before it."""
    arguments = build_parser().parse_args(
        ["--region", "eu-west-1", "status", "--region", "us-east-1", "--profile", "ci", "web"]
    )

    assert arguments.region == "us-east-1"
    assert arguments.profile == "ci"
    assert arguments.names == ["web"]


def test_global_option_defaults() -> None:
    """Without options, the client uses the AWS defaults and text output."""
    arguments = build_parser().parse_args(["status"])

    assert arguments.region is None
    assert arguments.profile is None
    assert arguments.endpoint_url is None
    assert arguments.output == "text"


def test_deploy_strips_file_prefix() -> None:
    """deploy accepts the AWS CLI's file:// prefix on its file options."""
    arguments = build_parser().parse_args(
        [
            "deploy",
            "web",
            "--containers",
            "file://containers.json",
            "--public-endpoint",
            "file:///specs/endpoint.json",
        ]
    )

    assert arguments.containers == "containers.json"
    assert arguments.public_endpoint == "/specs/endpoint.json"
    assert arguments.spec is None
    assert arguments.wait is False


def test_wait_defaults() -> None:
    """wait service waits for READY or RUNNING for 30 minutes, polling every 10 seconds."""
    arguments = build_parser().parse_args(["wait", "service", "web"])

    assert arguments.command == "wait-service"
    assert arguments.until == "ready"
    assert arguments.timeout == 1800.0
    assert arguments.poll_interval == 10.0


def test_wait_deployment_version() -> None:
    """wait deployment takes an optional positive --version."""
    parser = build_parser()

    assert parser.parse_args(["wait", "deployment", "web"]).version is None
    assert parser.parse_args(["wait", "deployment", "web", "--version", "3"]).version == 3


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["deploy", "web"], "one of the arguments --containers --spec is required"),
        (["deploy", "web", "--spec", "a.json", "--containers", "b.json"], "not allowed with"),
        (
            ["deploy", "web", "--spec", "a.json", "--public-endpoint", "b.json"],
            "--public-endpoint goes with --containers",
        ),
        (["deploy", "web", "--containers", "file://"], "missing file name in 'file://'"),
        (["wait", "service", "web", "--until", "up"], "invalid choice: 'up'"),
        (["wait", "deployment", "web", "--version", "0"], "invalid version '0'"),
        (["wait", "service", "web", "--poll-interval", "0"], "invalid duration '0'"),
        (["logs", "web"], "the following arguments are required: CONTAINER"),
        (["status", "--verbose"], "unrecognized arguments: --verbose"),
        (["wait"], "the following arguments are required: TARGET"),
        ([], "the following arguments are required: COMMAND"),
    ],
    ids=[
        "no-spec",
        "spec-and-containers",
        "spec-and-endpoint",
        "empty-file-url",
        "until",
        "version",
        "poll-interval",
        "no-container",
        "unknown-option",
        "no-target",
        "no-command",
    ],
)
def test_usage_error_exits_2(
    capsys: pytest.CaptureFixture[str], arguments: list[str], expected: str
) -> None:
    """A command line that argparse rejects exits 2 with the reason and the usage."""
    with pytest.raises(SystemExit) as exited:
        main(arguments)

    output = capsys.readouterr()
    assert exited.value.code == 2
    assert expected in output.err
    assert "usage: lightsail-containers" in output.err
    assert output.out == ""


def test_missing_spec_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A spec file that cannot be read exits 2 before any call to AWS."""
    status = main(["--region", "us-east-1", "deploy", "web", "--containers", "missing.json"])

    output = capsys.readouterr()
    assert status == 2
    assert output.err == (
        "lightsail-containers: error: cannot read missing.json: No such file or directory\n"
    )


def test_help_lists_exit_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    """--help lists the commands and every exit status."""
    with pytest.raises(SystemExit) as exited:
        main(["--help"])

    text = capsys.readouterr().out
    assert exited.value.code == 0
    for command in ("status", "deploy", "wait", "logs", "simulate"):
        assert f"    {command} " in text
    for status in (
        "0    success",
        "1    AWS returned an error",
        "2    invalid command line",
        "3    the wait timed out",
        "130  interrupted",
    ):
        assert status in text


@pytest.mark.parametrize(
    "arguments",
    [["status"], ["deploy"], ["wait", "service"], ["wait", "deployment"], ["logs"]],
    ids=["status", "deploy", "wait-service", "wait-deployment", "logs"],
)
def test_command_help(capsys: pytest.CaptureFixture[str], arguments: list[str]) -> None:
    """Each command's --help shows the AWS options and the exit statuses."""
    with pytest.raises(SystemExit) as exited:
        main([*arguments, "--help"])

    text = capsys.readouterr().out
    assert exited.value.code == 0
    assert "--endpoint-url URL" in text
    assert "--output {text,json}" in text
    assert "3    the wait timed out" in text


def test_duration_options_state_units(capsys: pytest.CaptureFixture[str]) -> None:
    """The help of --timeout and --poll-interval names the units and the defaults."""
    with pytest.raises(SystemExit):
        main(["wait", "deployment", "--help"])

    text = " ".join(capsys.readouterr().out.split())
    assert (
        "--timeout DURATION maximum time to wait for the deployment, with the unit s, m or h "
        "(default: 30m)"
    ) in text
    assert (
        "--poll-interval DURATION time between status calls, with the unit s, m or h (default: 10s)"
    ) in text


def test_simulate_help_is_simulator_help(capsys: pytest.CaptureFixture[str]) -> None:
    """simulate --help shows the options of the simulator's own command."""
    with pytest.raises(SystemExit) as exited:
        main(["simulate", "--help"])

    text = capsys.readouterr().out
    assert exited.value.code == 0
    for option in ("--host", "--port", "--speed", "--state", "--log-level"):
        assert option in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the installed version."""
    with pytest.raises(SystemExit) as exited:
        main(["--version"])

    expected = importlib.metadata.version("lightsail-containers")
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"lightsail-containers {expected}\n"
