"""HTML tables for Jupyter and multi-line text for the console, of services and deployments.

The HTML forms are what ``_repr_html_`` returns. Every value that comes from AWS or
from a caller is HTML-escaped, and container environment values never appear, because
they often hold secrets: only the variable names are shown, each followed by ``***``.
The text forms replace control characters with escapes, so a value cannot move the
cursor or change the colours of a terminal.

Importing the package does not import this module. The models import it on the first
call of ``_repr_html_``.
"""

from __future__ import annotations

import html
import re
import shlex
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, SupportsIndex, overload

from ._enums import ContainerServiceState, DeploymentState, StateDetailCode

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from ._models import Container, ContainerService, Deployment, Endpoint, StateDetail

MASK = "***"
_MISSING = "-"
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)

# Colours of GitHub's Primer palette. Their contrast is 4.5:1 or more on white, the
# minimum that WCAG AA requires for text, and 3.5:1 to 4.2:1 on a dark background of
# #111111.
_GREEN = "#1a7f37"
_AMBER = "#9a6700"
_RED = "#cf222e"
_GREY = "#6e7781"
_STATE_COLOURS: Mapping[str, str] = {
    ContainerServiceState.READY.value: _GREEN,
    ContainerServiceState.RUNNING.value: _GREEN,
    DeploymentState.ACTIVE.value: _GREEN,
    ContainerServiceState.PENDING.value: _AMBER,
    ContainerServiceState.DEPLOYING.value: _AMBER,
    ContainerServiceState.UPDATING.value: _AMBER,
    DeploymentState.ACTIVATING.value: _AMBER,
    DeploymentState.FAILED.value: _RED,
    StateDetailCode.CERTIFICATE_LIMIT_EXCEEDED.value: _RED,
    StateDetailCode.UNKNOWN_ERROR.value: _RED,
    ContainerServiceState.DELETING.value: _GREY,
    ContainerServiceState.DISABLED.value: _GREY,
    DeploymentState.INACTIVE.value: _GREY,
}

_TABLE_STYLE = "border-collapse: collapse; text-align: left"
_CELL_STYLE = "text-align: left; vertical-align: top; padding: 2px 8px"
_TABLE_COLUMNS = ("NAME", "STATE", "DETAIL", "POWER", "CURRENT", "NEXT", "URL")
_HTML_COLUMNS = ("Name", "State", "State detail", "Power", "Current", "Next", "URL")


class ContainerServiceList(tuple["ContainerService", ...]):
    """A tuple of container services that Jupyter shows as one table.

    ``str()`` returns the same table as text, as ``lightsail-containers status``
    prints it.
    """

    __slots__ = ()

    @overload
    def __getitem__(self, index: SupportsIndex) -> ContainerService: ...

    @overload
    def __getitem__(self, index: slice) -> ContainerServiceList: ...

    def __getitem__(self, index: SupportsIndex | slice) -> ContainerService | ContainerServiceList:
        """Return one service, or a slice as another ContainerServiceList."""
        if isinstance(index, slice):
            return ContainerServiceList(super().__getitem__(index))

        return super().__getitem__(index)

    def __str__(self) -> str:
        """Return the services as a text table."""
        return services_text(self)

    def _repr_html_(self) -> str:
        return services_html(self)

    # IPython passes its pretty printer, an untyped object, and the cycle flag positionally.
    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # noqa: ANN401, FBT001
        printer.text("ContainerServiceList(...)" if cycle else services_text(self))


# HTML forms.


def service_html(service: ContainerService) -> str:
    """Render one service as an HTML table, with the containers of its current deployment."""
    deployment = service.current_deployment
    rows = [
        _html_row("Name", _code(service.container_service_name)),
        _html_row("State", _state_badge(service.state)),
        _html_row("State detail", _state_detail_html(service.state_detail)),
        _html_row("Power x scale", _escape(_power_and_scale(service))),
        _html_row("Current deployment", _deployment_summary_html(deployment)),
        _html_row("Next deployment", _deployment_summary_html(service.next_deployment)),
        _html_row("URL", _link(service.url)),
        _html_row("Region", _escape(_region(service))),
        _html_row("Created", _escape(format_time(service.created_at))),
    ]
    if service.public_domain_names:
        rows.append(_html_row("Custom domains", _domains_html(service.public_domain_names)))
    if deployment is not None and deployment.containers:
        rows.append(_html_row("Containers", _containers_html(deployment.containers)))

    return _html_table(rows, "lsc-service")


def deployment_html(deployment: Deployment) -> str:
    """Render one deployment as an HTML table: version, state, endpoint and containers."""
    rows = [
        _html_row("Version", _escape(printable(deployment.version))),
        _html_row("State", _state_badge(deployment.state)),
        _html_row("Created", _escape(format_time(deployment.created_at))),
        _html_row("Public endpoint", _escape(endpoint_text(deployment.public_endpoint))),
        _html_row("Containers", _containers_html(deployment.containers)),
    ]
    return _html_table(rows, "lsc-deployment")


def services_html(services: Iterable[ContainerService]) -> str:
    """Render services as one HTML table with a row per service."""
    header = "".join(f'<th style="{_CELL_STYLE}">{label}</th>' for label in _HTML_COLUMNS)
    body = [
        "<tr>"
        + _html_cell(_code(service.container_service_name))
        + _html_cell(_state_badge(service.state))
        + _html_cell(_state_detail_html(service.state_detail, with_message=False))
        + _html_cell(_escape(_power_and_scale(service)))
        + _html_cell(_deployment_summary_html(service.current_deployment))
        + _html_cell(_deployment_summary_html(service.next_deployment))
        + _html_cell(_link(service.url))
        + "</tr>"
        for service in services
    ]
    if not body:
        body = [f'<tr><td colspan="{len(_HTML_COLUMNS)}">No container services</td></tr>']

    return (
        f'<table class="lsc-services" style="{_TABLE_STYLE}">'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def _html_table(rows: Sequence[str], css_class: str) -> str:
    body = "".join(rows)
    return f'<table class="{css_class}" style="{_TABLE_STYLE}"><tbody>{body}</tbody></table>'


def _html_row(label: str, value_html: str) -> str:
    return f'<tr><th style="{_CELL_STYLE}">{_escape(label)}</th>{_html_cell(value_html)}</tr>'


def _html_cell(value_html: str) -> str:
    return f'<td style="{_CELL_STYLE}">{value_html}</td>'


def _escape(value: object) -> str:
    return html.escape(printable(value), quote=True)


def _code(value: object) -> str:
    return f"<code>{_escape(value)}</code>"


def _state_badge(state: object) -> str:
    """Return the state in bold and in its colour, so colour is never its only sign."""
    if state is None:
        return _MISSING

    text = str(state)
    colour = _STATE_COLOURS.get(text, _GREY)
    css_class = "lsc-state-" + re.sub(r"[^a-z0-9]+", "-", text.lower())
    return (
        f'<span class="lsc-state {_escape(css_class)}" '
        f'style="color: {colour}; font-weight: bold">{_escape(text)}</span>'
    )


def _state_detail_html(detail: StateDetail | None, *, with_message: bool = True) -> str:
    if detail is None or detail.code is None:
        return _MISSING

    badge = _state_badge(detail.code)
    if not with_message or not detail.message:
        return badge

    return f"{badge} {_escape(detail.message)}"


def _deployment_summary_html(deployment: Deployment | None) -> str:
    if deployment is None:
        return _MISSING

    return f"{_escape(printable(deployment.version))} {_state_badge(deployment.state)}"


def _link(url: str | None) -> str:
    if not url:
        return _MISSING
    # Only web addresses become links, so that a javascript: URL is never clickable.
    if not _WEB_URL.match(url):
        return _escape(url)

    return f'<a href="{_escape(url)}" target="_blank" rel="noopener noreferrer">{_escape(url)}</a>'


def _domains_html(domains: Mapping[str, Sequence[str]]) -> str:
    lines = [
        f"{_escape(', '.join(names))} ({_escape(certificate)})"
        for certificate, names in domains.items()
    ]
    return "<br>".join(lines)


def _containers_html(containers: Mapping[str, Container]) -> str:
    if not containers:
        return _MISSING

    header = "".join(
        f'<th style="{_CELL_STYLE}">{label}</th>'
        for label in ("Container", "Image", "Ports", "Environment", "Command")
    )
    rows = [
        "<tr>"
        + _html_cell(_code(name))
        + _html_cell(_escape(container.image))
        + _html_cell(_escape(ports_text(container.ports)))
        + _html_cell(_environment_html(container.environment))
        + _html_cell(_escape(command_text(container.command)))
        + "</tr>"
        for name, container in sorted(containers.items())
    ]
    return (
        f'<table class="lsc-containers" style="{_TABLE_STYLE}">'
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _environment_html(environment: Mapping[str, str]) -> str:
    if not environment:
        return _MISSING

    return "<br>".join(f"<code>{_escape(key)}</code>={MASK}" for key in sorted(environment))


# Text forms.


def service_text(service: ContainerService) -> str:
    """Render one service as indented lines, with the containers of its current deployment."""
    name = printable(service.container_service_name)
    lines = [
        f"Container service {name}: {printable(service.state)}",
        *_aligned(
            [
                ("State detail", state_detail_text(service.state_detail)),
                ("Power x scale", _power_and_scale(service)),
                ("Current deployment", deployment_summary(service.current_deployment)),
                ("Next deployment", deployment_summary(service.next_deployment)),
                ("URL", printable(service.url)),
                ("Region", _region(service)),
                ("Created", format_time(service.created_at)),
            ]
        ),
    ]
    for certificate, names in service.public_domain_names.items():
        lines.append(
            f"  Custom domains      {printable(', '.join(names))} ({printable(certificate)})"
        )

    deployment = service.current_deployment
    if deployment is not None:
        for name, container in sorted(deployment.containers.items()):
            lines.extend(_container_lines(name, container))

    return "\n".join(lines)


def deployment_text(deployment: Deployment) -> str:
    """Render one deployment as indented lines: state, endpoint and each container."""
    lines = [
        f"Deployment {printable(deployment.version)}: {printable(deployment.state)}",
        *_aligned(
            [
                ("Created", format_time(deployment.created_at)),
                ("Public endpoint", endpoint_text(deployment.public_endpoint)),
            ]
        ),
    ]
    for name, container in sorted(deployment.containers.items()):
        lines.extend(_container_lines(name, container))

    return "\n".join(lines)


def services_text(services: Iterable[ContainerService]) -> str:
    """Render services as a table with a header and one row per service."""
    rows = [
        (
            printable(service.container_service_name),
            printable(service.state),
            printable(None if service.state_detail is None else service.state_detail.code),
            _power_and_scale(service),
            deployment_summary(service.current_deployment),
            deployment_summary(service.next_deployment),
            printable(service.url),
        )
        for service in services
    ]
    return format_table(_TABLE_COLUMNS, rows)


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Align the columns of a text table. The last column is not padded."""
    widths = [max(len(row[index]) for row in [header, *rows]) for index in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths[:-1], strict=True)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())

    return "\n".join(lines)


def _aligned(fields: Sequence[tuple[str, str]]) -> list[str]:
    width = max(len(label) for label, _ in fields)
    return [f"  {label.ljust(width)}  {value}" for label, value in fields]


def _container_lines(name: str, container: Container) -> list[str]:
    environment = ", ".join(f"{printable(key)}={MASK}" for key in sorted(container.environment))
    fields = [("Image", printable(container.image)), ("Ports", ports_text(container.ports))]
    if container.command:
        fields.append(("Command", command_text(container.command)))
    if environment:
        fields.append(("Environment", environment))

    return [f"  Container {printable(name)}", *("  " + line for line in _aligned(fields))]


def state_detail_text(detail: StateDetail | None) -> str:
    """Return ``CODE: message``, the code alone, or ``-`` when there is no stateDetail."""
    if detail is None or detail.code is None:
        return _MISSING
    if not detail.message:
        return printable(detail.code)

    return f"{printable(detail.code)}: {printable(detail.message)}"


def deployment_summary(deployment: Deployment | None) -> str:
    """Return a deployment's version and state, such as ``2 ACTIVE``, or ``-``."""
    if deployment is None:
        return _MISSING

    return f"{printable(deployment.version)} {printable(deployment.state)}"


def endpoint_text(endpoint: Endpoint | None) -> str:
    """Return ``container:port``, with the health-check path if set, or ``-``."""
    if endpoint is None:
        return _MISSING

    text = f"{printable(endpoint.container_name)}:{printable(endpoint.container_port)}"
    check = endpoint.health_check
    if check is not None and check.path:
        text += f", health check {printable(check.path)}"

    return text


def ports_text(ports: Mapping[str, object]) -> str:
    """Return the open ports as ``80/HTTP, 443/HTTPS``, or ``-``."""
    if not ports:
        return _MISSING

    return ", ".join(f"{printable(port)}/{printable(protocol)}" for port, protocol in ports.items())


def command_text(command: Sequence[str]) -> str:
    """Return the launch command as one shell-quoted line, or ``-``."""
    if not command:
        return _MISSING

    return printable(shlex.join(command))


def format_time(moment: datetime | None) -> str:
    """Return the time in UTC to the second, such as ``2026-01-01 00:04:00 UTC``, or ``-``."""
    if moment is None:
        return _MISSING
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)

    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _power_and_scale(service: ContainerService) -> str:
    if service.power is None and service.scale is None:
        return _MISSING

    return f"{printable(service.power)} x {printable(service.scale)}"


def _region(service: ContainerService) -> str:
    return printable(None if service.location is None else service.location.region_name)


def printable(value: object) -> str:
    r"""Return ``value`` as one printable line, or ``-`` for ``None``.

    Control characters, line breaks among them, become escapes such as ``\x1b``.
    """
    if value is None:
        return _MISSING

    return _CONTROL_CHARACTERS.sub(lambda match: repr(match.group())[1:-1], str(value))
