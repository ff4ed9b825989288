"""The commands: status, deploy, wait service, wait deployment and logs."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import boto3

from lightsail_containers._cli._arguments import ExitCode, Until
from lightsail_containers._cli._failures import report
from lightsail_containers._cli._output import service_json
from lightsail_containers._client import ContainerServiceClient
from lightsail_containers._display import printable, services_text
from lightsail_containers._enums import ContainerServiceState
from lightsail_containers._errors import NotFoundError
from lightsail_containers._polling import PollingPolicy
from lightsail_containers._specs import load_deployment_spec
from lightsail_containers._validation import Problem, ValidationError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Mapping

    from lightsail_containers._cli._output import Console
    from lightsail_containers._models import ContainerService, DeploymentRequest

# Each poll is delayed by up to this share of the interval, so that many CI jobs
# started together do not poll in step. 5% of the default 10 s is the client's default
# jitter of 0.5 s.
_JITTER_SHARE = 0.05

_UNTIL_STATES: Mapping[Until, frozenset[ContainerServiceState]] = {
    Until.READY: frozenset({ContainerServiceState.READY, ContainerServiceState.RUNNING}),
    Until.RUNNING: frozenset({ContainerServiceState.RUNNING}),
    Until.DISABLED: frozenset({ContainerServiceState.DISABLED}),
}


def run_command(arguments: argparse.Namespace, console: Console) -> int:
    """Run the command that ``arguments`` names, and return its exit status.

    Raises:
        LightsailContainersError: A call to AWS or a wait failed.
        ValueError: An argument was rejected by the client.
    """
    commands: dict[str, Callable[[argparse.Namespace, Console], int]] = {
        "status": status,
        "deploy": deploy,
        "wait-service": wait_service,
        "wait-deployment": wait_deployment,
        "logs": logs,
    }
    return commands[arguments.command](arguments, console)


def status(arguments: argparse.Namespace, console: Console) -> int:
    """Show the table of services, or of the named ones."""
    client = connect(arguments, sleep=time.sleep)
    if not arguments.names:
        services = list(client.list_services())
        if not services:
            console.note(f"No container services in {client.lightsail.meta.region_name}.")
        _show_services(console, services)
        return ExitCode.SUCCESS

    found = [_find(client, name, console) for name in arguments.names]
    services = [service for service in found if service is not None]
    _show_services(console, services)
    # The services found are still shown; the exit status reports the missing ones.
    return ExitCode.SUCCESS if len(services) == len(found) else ExitCode.FAILED


def _find(client: ContainerServiceClient, name: str, console: Console) -> ContainerService | None:
    try:
        return client.get_service(name)
    except NotFoundError as error:
        report(console, error)
        return None


def _show_services(console: Console, services: list[ContainerService]) -> None:
    data = {"containerServices": [service_json(service) for service in services]}
    if console.json_output or services:
        console.result(data, services_text(services))


def deploy(arguments: argparse.Namespace, console: Console) -> int:
    """Check the spec files, create the deployment, and with --wait wait until it is ACTIVE."""
    request = _load_request(arguments)
    for container in request.containers.values():
        console.redact.add(container.environment.values())

    progress = console.progress()
    client = connect(arguments, sleep=progress.sleep)
    service = client.create_deployment(arguments.name, request)
    newest = service.newest_deployment
    version = None if newest is None else newest.version
    created = f"{printable(arguments.name)}: deployment {printable(version)} created"

    if not arguments.wait:
        text = f"{created}, {printable(service.state)}"
        console.result({"containerService": service_json(service)}, text)
        return ExitCode.SUCCESS

    console.note(created)
    try:
        service = client.wait_for_deployment(
            arguments.name,
            version,
            polling=_polling(arguments),
            on_transition=progress.on_transition,
            on_poll=progress.on_poll,
        )
    finally:
        progress.close()

    _show_active(console, service, version)
    return ExitCode.SUCCESS


def _load_request(arguments: argparse.Namespace) -> DeploymentRequest:
    if arguments.spec is None:
        return load_deployment_spec(arguments.containers, arguments.public_endpoint)

    request = load_deployment_spec(arguments.spec)
    # A --cli-input-json file may name its service. Deploying it to another one is
    # most likely a mistake in the job.
    named = _spec_service_name(arguments.spec)
    if named is not None and named != arguments.name:
        rule = f"names another service than {arguments.name!r}; fix the file or the NAME"
        raise ValidationError([Problem(f"{arguments.spec}: serviceName", named, rule)])

    return request


def _spec_service_name(path: str) -> object:
    document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    return document.get("serviceName") if isinstance(document, dict) else None


def wait_service(arguments: argparse.Namespace, console: Console) -> int:
    """Wait until the service reaches the --until state, or no longer exists."""
    progress = console.progress()
    client = connect(arguments, sleep=progress.sleep)
    until = Until(arguments.until)
    name = arguments.name

    try:
        if until is Until.DELETED:
            client.wait_for_deletion(
                name,
                polling=_polling(arguments),
                on_transition=progress.on_transition,
                on_poll=progress.on_poll,
            )
        else:
            service = client.wait_for_service(
                name,
                until=_UNTIL_STATES[until],
                polling=_polling(arguments),
                on_transition=progress.on_transition,
                on_poll=progress.on_poll,
            )
    finally:
        progress.close()

    if until is Until.DELETED:
        data = {"containerServiceName": name, "deleted": True}
        console.result(data, f"{printable(name)}: deleted")
    else:
        console.result({"containerService": service_json(service)}, _summary(service))

    return ExitCode.SUCCESS


def wait_deployment(arguments: argparse.Namespace, console: Console) -> int:
    """Wait until the deployment version, by default the newest, is ACTIVE."""
    progress = console.progress()
    client = connect(arguments, sleep=progress.sleep)

    try:
        service = client.wait_for_deployment(
            arguments.name,
            arguments.version,
            polling=_polling(arguments),
            on_transition=progress.on_transition,
            on_poll=progress.on_poll,
        )
    finally:
        progress.close()

    current = service.current_deployment
    _show_active(console, service, None if current is None else current.version)
    return ExitCode.SUCCESS


def logs(arguments: argparse.Namespace, console: Console) -> int:
    """Print a container's log lines, and with --follow the new ones until interrupted."""
    client = connect(arguments, sleep=time.sleep)
    start = None
    if arguments.since is not None:
        start = datetime.now(timezone.utc) - timedelta(seconds=arguments.since)

    lines = client.container_logs(
        arguments.name,
        arguments.container,
        start_time=start,
        follow=arguments.follow,
        poll_interval_seconds=arguments.poll_interval,
    )
    for event in lines:
        console.log_event(arguments.name, arguments.container, event)

    return ExitCode.SUCCESS


def connect(
    arguments: argparse.Namespace, *, sleep: Callable[[float], None]
) -> ContainerServiceClient:
    """Create a client with the usual credential chain and the AWS options.

    Raises:
        botocore.exceptions.ProfileNotFound: --profile names no profile.
        botocore.exceptions.NoRegionError: No Region is set.
        ValueError: --endpoint-url is not a URL.
    """
    session = boto3.Session(profile_name=arguments.profile, region_name=arguments.region)
    lightsail = session.client("lightsail", endpoint_url=arguments.endpoint_url)
    return ContainerServiceClient(lightsail, sleep=sleep)


def _polling(arguments: argparse.Namespace) -> PollingPolicy:
    interval = arguments.poll_interval
    return PollingPolicy(
        timeout_seconds=arguments.timeout,
        first_delay_seconds=interval,
        max_delay_seconds=interval,
        jitter_seconds=interval * _JITTER_SHARE,
    )


def _show_active(console: Console, service: ContainerService, version: int | None) -> None:
    name = printable(service.container_service_name)
    text = f"{name}: deployment {printable(version)} is ACTIVE"
    if service.public_url:
        text += f" at {printable(service.public_url)}"

    console.result({"containerService": service_json(service)}, text)


def _summary(service: ContainerService) -> str:
    current = service.current_deployment
    text = f"{printable(service.container_service_name)}: {printable(service.state)}"
    if current is not None:
        text += f", deployment {printable(current.version)} {printable(current.state)}"
    if service.public_url:
        text += f" at {printable(service.public_url)}"

    return text
