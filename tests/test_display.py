"""HTML tables for Jupyter and text forms for the console, with escaping and masking."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from lightsail_containers import (
    Container,
    ContainerService,
    Deployment,
    Endpoint,
    HealthCheck,
    Location,
    StateDetail,
)
from lightsail_containers._converter import structure_service
from lightsail_containers._display import (
    ContainerServiceList,
    deployment_html,
    deployment_text,
    service_html,
    service_text,
    services_html,
    services_text,
)

from support import load_json

SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for
SCRIPT = "<script>alert(1)</script>"
CREATED = datetime(2026, 1, 1, 0, 4, tzinfo=timezone.utc)


def deployment(
    name: str = "web", environment: dict[str, str] | None = None, state: str = "ACTIVE"
) -> Deployment:
    """Build a deployment of one container with a public endpoint."""
    container = Container(
        image="nginx:latest",
        command=("nginx", "-g", "daemon off;"),
        environment=environment or {"TOKEN": SECRET},
        ports={"80": "HTTP"},
    )
    return Deployment(
        version=2,
        state=state,
        containers={name: container},
        public_endpoint=Endpoint(name, 80, HealthCheck(path="/health")),
        created_at=CREATED,
    )


def service(
    name: str = "web",
    state: str = "RUNNING",
    detail: StateDetail | None = None,
    current: Deployment | None = None,
    url: str = "https://web.abc123.us-east-1.cs.amazonlightsail.com/",
) -> ContainerService:
    """Build a service of power nano and scale 1 with a current deployment."""
    return ContainerService(
        container_service_name=name,
        state=state,
        state_detail=detail,
        power="nano",
        scale=1,
        current_deployment=current or deployment(),
        url=url,
        location=Location("all", "us-east-1"),
        created_at=CREATED,
    )


def all_forms(item: ContainerService) -> list[str]:
    """Return every rendering of a service: HTML and text, alone and in a list."""
    assert item.current_deployment is not None
    return [
        service_html(item),
        service_text(item),
        deployment_html(item.current_deployment),
        deployment_text(item.current_deployment),
        services_html([item]),
        services_text([item]),
    ]


def test_environment_values_never_shown() -> None:
    """No form shows an environment value, only the variable's name, masked."""
    for form in all_forms(service()):
        assert SECRET not in form

    assert "<code>TOKEN</code>=***" in service_html(service())
    assert "TOKEN=***" in service_text(service())


def test_fixture_environment_masked() -> None:
    """A published five-container service shows no value of its environments."""
    document = load_json("responses/get-container-services.running.five-containers.2026.json")
    published = structure_service(document["containerServices"][0])
    assert published.current_deployment is not None
    # The keys and URLs, since short values such as PORT=8000 also occur as ports.
    values = {
        value
        for container in published.current_deployment.containers.values()
        for key, value in container.environment.items()
        if key.endswith(("_KEY", "_URL"))
    }
    assert len(values) > 3

    for form in all_forms(published):
        for value in values:
            assert value not in form


@pytest.mark.parametrize(
    "render",
    [
        service_html,
        lambda item: deployment_html(item.current_deployment),
        lambda item: services_html([item]),
    ],
    ids=["service", "deployment", "services"],
)
def test_html_escapes_user_values(render: object) -> None:
    """Container names, environment keys, images and messages are HTML-escaped."""
    hostile = Container(
        image=f"nginx{SCRIPT}",
        environment={SCRIPT: SECRET},
        ports={"80": "HTTP"},
    )
    current = Deployment(version=1, state="ACTIVE", containers={SCRIPT: hostile})
    item = service(
        name=f"web{SCRIPT}",
        state=f"NEW{SCRIPT}",
        detail=StateDetail("UNKNOWN_ERROR", SCRIPT),
        current=current,
    )

    html = render(item)  # type: ignore[operator]

    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert SECRET not in html


def test_html_links_web_urls_only() -> None:
    """An https URL becomes a link, but a javascript: URL stays escaped text."""
    safe = service_html(service())
    hostile = service_html(service(url='javascript:alert("x")'))

    assert '<a href="https://web.abc123.us-east-1.cs.amazonlightsail.com/"' in safe
    assert 'rel="noopener noreferrer"' in safe
    assert "<a " not in hostile
    assert "javascript:alert(&quot;x&quot;)" in hostile


@pytest.mark.parametrize(
    ("state", "colour"),
    [
        ("RUNNING", "#1a7f37"),
        ("READY", "#1a7f37"),
        ("DEPLOYING", "#9a6700"),
        ("PENDING", "#9a6700"),
        ("DISABLED", "#6e7781"),
        ("NEW_STATE", "#6e7781"),
    ],
    ids=["running", "ready", "deploying", "pending", "disabled", "unknown"],
)
def test_state_colour(state: str, colour: str) -> None:
    """Each state has its colour, and a state the package does not know is grey."""
    html = service_html(service(state=state))

    assert f'style="color: {colour}; font-weight: bold">{state}</span>' in html


def test_failed_deployment_red() -> None:
    """A FAILED deployment and a terminal stateDetail code are red."""
    html = deployment_html(deployment(state="FAILED"))
    detail = service_html(service(detail=StateDetail("CERTIFICATE_LIMIT_EXCEEDED", "Too many")))

    assert 'style="color: #cf222e; font-weight: bold">FAILED</span>' in html
    assert 'style="color: #cf222e; font-weight: bold">CERTIFICATE_LIMIT_EXCEEDED</span>' in detail
    assert "Too many" in detail


def test_services_html_rows() -> None:
    """The list table has a header and one row per service, or a note when empty."""
    html = services_html([service("api"), service("web", state="DEPLOYING")])

    assert html.count("<tr>") == 3
    assert html.index("<code>api</code>") < html.index("<code>web</code>")
    assert "<th" in html.split("<tbody>")[0]
    assert "No container services" in services_html([])


def test_service_text_form() -> None:
    """The text form lists the service's fields, then each container, aligned."""
    text = service_text(service(detail=StateDetail("ACTIVATING_DEPLOYMENT", "Almost")))

    assert text.splitlines() == [
        "Container service web: RUNNING",
        "  State detail        ACTIVATING_DEPLOYMENT: Almost",
        "  Power x scale       nano x 1",
        "  Current deployment  2 ACTIVE",
        "  Next deployment     -",
        "  URL                 https://web.abc123.us-east-1.cs.amazonlightsail.com/",
        "  Region              us-east-1",
        "  Created             2026-01-01 00:04:00 UTC",
        "  Container web",
        "    Image        nginx:latest",
        "    Ports        80/HTTP",
        "    Command      nginx -g 'daemon off;'",
        "    Environment  TOKEN=***",
    ]


def test_deployment_text_form() -> None:
    """The text form of a deployment names its endpoint and health-check path."""
    text = deployment_text(deployment())

    assert text.splitlines()[:3] == [
        "Deployment 2: ACTIVE",
        "  Created          2026-01-01 00:04:00 UTC",
        "  Public endpoint  web:80, health check /health",
    ]


def test_text_escapes_control_characters() -> None:
    """Control characters from AWS or a caller cannot reach the terminal as such."""
    text = service_text(service(detail=StateDetail("UNKNOWN_ERROR", "red\x1b[31m\nnext")))

    assert "\x1b" not in text
    assert "UNKNOWN_ERROR: red\\x1b[31m\\nnext" in text


def test_services_text_table() -> None:
    """The text table aligns its columns under the header."""
    table = services_text([service("api"), service("frontend-web", state="DEPLOYING")])

    header, first, second = table.splitlines()
    assert header.split() == ["NAME", "STATE", "DETAIL", "POWER", "CURRENT", "NEXT", "URL"]
    assert first.index("RUNNING") == header.index("STATE") == second.index("DEPLOYING")
    assert first.index("nano x 1") == header.index("POWER")


def test_service_list_is_tuple() -> None:
    """ContainerServiceList is a tuple that renders as the list table."""
    services = ContainerServiceList([service("api"), service("web")])

    assert isinstance(services[1:], ContainerServiceList)
    assert services[0].container_service_name == "api"
    assert services._repr_html_() == services_html(services)
    assert str(services) == services_text(services)
    assert services == (service("api"), service("web"))


def test_service_list_pretty_printer() -> None:
    """IPython's console shows the text table."""

    class Printer:
        def __init__(self) -> None:
            self.texts: list[str] = []

        def text(self, value: str) -> None:
            self.texts.append(value)

    printer = Printer()

    ContainerServiceList([service()])._repr_pretty_(printer, False)  # noqa: FBT003

    assert printer.texts == [services_text([service()])]


def test_package_import_skips_display_and_cli() -> None:
    """Importing the package loads neither the display module nor the command line."""
    code = "import sys, lightsail_containers; print('\\n'.join(sys.modules))"

    result = subprocess.run(  # noqa: S603  # runs this environment's Python on fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )

    modules = set(result.stdout.splitlines())
    assert "lightsail_containers._display" not in modules
    assert not {name for name in modules if name.startswith("lightsail_containers._cli.")}
    assert "lightsail_containers._cli" not in modules
