"""Loading deployment specs from the AWS CLI's JSON files, checked as they load."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    Container,
    DeploymentRequest,
    EndpointRequest,
    HealthCheck,
    Protocol,
    ValidationError,
    load_deployment_spec,
)
from lightsail_containers._converter import converter, unstructure

from support import FIXTURES, load_json

if TYPE_CHECKING:
    from pathlib import Path

REQUESTS = FIXTURES / "requests"


def write(directory: Path, name: str, document: object) -> Path:
    """Write ``document`` as JSON to ``directory/name`` and return the path."""
    path = directory / name
    path.write_text(json.dumps(document, indent=4))
    return path


def problem_messages(call: Any) -> list[str]:
    """Return the problem messages of the ValidationError that ``call`` raises."""
    with pytest.raises(ValidationError) as caught:
        call()

    return [problem.message for problem in caught.value.problems]


# Published request files.


@pytest.mark.parametrize("file_name", ["containers.port-5005.json", "containers.port-9098.json"])
def test_published_containers_file_loads(file_name: str) -> None:
    """A published --containers file loads on its own."""
    request = load_deployment_spec(REQUESTS / file_name)

    assert list(request.containers) == ["flask"]
    assert request.public_endpoint is None


@pytest.mark.parametrize("port", [5005, 9098])
def test_published_file_pair_loads(port: int) -> None:
    """A published --containers and --public-endpoint pair loads."""
    request = load_deployment_spec(
        REQUESTS / f"containers.port-{port}.json", REQUESTS / f"public-endpoint.port-{port}.json"
    )

    assert request.public_endpoint == EndpointRequest("flask", port)
    assert request.containers["flask"].ports == {str(port): Protocol.HTTP}


@pytest.mark.parametrize(
    "file_name",
    [
        "create-container-service-deployment.registered-image.2020.json",
        "create-container-service-deployment.latest-label.json",
    ],
)
def test_published_cli_input_file_loads(file_name: str) -> None:
    """A published --cli-input-json file loads and keeps its members."""
    published = load_json(f"requests/{file_name}")

    request = load_deployment_spec(REQUESTS / file_name)

    body = {key: value for key, value in published.items() if key != "serviceName"}
    assert unstructure(request) == body


@pytest.mark.parametrize(
    "file_name",
    [
        "public-endpoint.port-5005.json",
        "public-endpoint.port-9098.json",
        "public-endpoint.tutorial.json",
    ],
)
def test_published_endpoint_file_converts(file_name: str) -> None:
    """A published --public-endpoint file converts to an EndpointRequest."""
    endpoint = converter.structure(load_json(f"requests/{file_name}"), EndpointRequest)

    assert endpoint.container_name == "flask"


def test_every_published_request_file_covered() -> None:
    """The tests above cover every published request file."""
    covered = {
        "containers.port-5005.json",
        "containers.port-9098.json",
        "public-endpoint.port-5005.json",
        "public-endpoint.port-9098.json",
        "public-endpoint.tutorial.json",
        "create-container-service-deployment.registered-image.2020.json",
        "create-container-service-deployment.latest-label.json",
    }

    assert {path.name for path in REQUESTS.glob("*.json")} == covered


# The three forms of a spec.


def test_spec_equals_model_built_by_hand(tmp_path: Path) -> None:
    """A loaded spec equals the same request built from models."""
    containers = write(
        tmp_path,
        "containers.json",
        {
            "web": {
                "image": "nginx:1.27",
                "command": ["nginx", "-g", "daemon off;"],
                "environment": {"MODE": "production"},
                "ports": {"80": "HTTP"},
            }
        },
    )
    endpoint = write(
        tmp_path,
        "public-endpoint.json",
        {
            "containerName": "web",
            "containerPort": 80,
            "healthCheck": {"path": "/healthz", "intervalSeconds": 10, "successCodes": "200-299"},
        },
    )

    request = load_deployment_spec(containers, endpoint)

    assert request == DeploymentRequest(
        {
            "web": Container(
                image="nginx:1.27",
                command=["nginx", "-g", "daemon off;"],
                environment={"MODE": "production"},
                ports={"80": Protocol.HTTP},
            )
        },
        EndpointRequest(
            "web", 80, HealthCheck(path="/healthz", interval_seconds=10, success_codes="200-299")
        ),
    )


def test_combined_file_loads(tmp_path: Path) -> None:
    """One file with containers and publicEndpoint loads."""
    spec = write(
        tmp_path,
        "deployment.json",
        {
            "containers": {"web": {"image": "nginx", "ports": {"80": "HTTP"}}},
            "publicEndpoint": {"containerName": "web", "containerPort": 80},
        },
    )

    request = load_deployment_spec(spec)

    assert request.public_endpoint == EndpointRequest("web", 80)


def test_container_named_containers(tmp_path: Path) -> None:
    """A containers file with a container named containers is read as such."""
    spec = write(tmp_path, "containers.json", {"containers": {"image": "nginx"}})

    request = load_deployment_spec(spec)

    assert list(request.containers) == ["containers"]


def test_pair_form_with_endpoint_file(tmp_path: Path) -> None:
    """With an endpoint file, the first file is always a containers file."""
    containers = write(tmp_path, "containers.json", {"containers": {"image": "nginx"}})
    endpoint = write(
        tmp_path, "endpoint.json", {"containerName": "containers", "containerPort": 80}
    )

    messages = problem_messages(lambda: load_deployment_spec(containers, endpoint))

    assert messages == [
        (
            f"{endpoint}: containerPort: 80 is not open on container 'containers'; "
            "add it to its ports with HTTP or HTTPS"
        )
    ]


# Broken specs list every problem, with the file name before each path.


def test_broken_file_pair_lists_every_problem(tmp_path: Path) -> None:
    """Every problem of both files is listed, with the file name before its path."""
    containers = write(
        tmp_path,
        "containers.json",
        {
            "flask": {"image": ":flask-service.flask.x", "ports": {"99999": "HTTP", "22": "SSH"}},
            "Worker": {"command": "python worker.py", "environment": {"TOKEN": 1}},
        },
    )
    endpoint = write(
        tmp_path,
        "public-endpoint.json",
        {
            "containerName": "flask",
            "containerPort": 5005,
            "healthCheck": {"timeoutSeconds": 90, "successCodes": "200-599", "interval": 5},
        },
    )

    messages = problem_messages(lambda: load_deployment_spec(containers, endpoint))

    assert [message.split(": ", 2)[:2] for message in messages] == [
        [str(containers), "flask.image"],
        [str(containers), "flask.ports.99999"],
        [str(containers), "flask.ports.22"],
        [str(containers), "Worker"],
        [str(containers), "Worker.image"],
        [str(containers), "Worker.command"],
        [str(containers), "Worker.environment.TOKEN"],
        [str(endpoint), "healthCheck.interval"],
        [str(endpoint), "healthCheck.timeoutSeconds"],
        [str(endpoint), "healthCheck.successCodes"],
        [str(endpoint), "containerPort"],
    ]


def test_broken_port_message(tmp_path: Path) -> None:
    """A problem message starts with the file name and the path in the file."""
    containers = write(
        tmp_path, "containers.json", {"flask": {"image": "x", "ports": {"0": "HTTP"}}}
    )

    messages = problem_messages(lambda: load_deployment_spec(containers))

    assert messages == [f"{containers}: flask.ports.0: '0' is not a port number; use 1 to 65535"]


def test_broken_combined_file_lists_every_problem(tmp_path: Path) -> None:
    """A broken --cli-input-json file lists every problem."""
    spec = write(
        tmp_path,
        "deployment.json",
        {
            "serviceName": "Flask_Service",
            "containers": {"web": {"image": ":other.web.1", "ports": {"80": "TCP"}}},
            "publicEndpoint": {"containerName": "api", "containerPort": 80},
            "deployment": {},
        },
    )

    messages = problem_messages(lambda: load_deployment_spec(spec))

    assert [message.split(": ", 2)[1] for message in messages] == [
        "serviceName",
        "deployment",
        "publicEndpoint.containerName",
    ]


def test_combined_file_foreign_image(tmp_path: Path) -> None:
    """A registered image of another service than serviceName is rejected."""
    spec = write(
        tmp_path,
        "deployment.json",
        {"serviceName": "flask", "containers": {"web": {"image": ":other.web.latest"}}},
    )

    messages = problem_messages(lambda: load_deployment_spec(spec))

    assert messages == [
        (
            f"{spec}: containers.web.image: ':other.web.latest' is registered on service "
            "'other', not on 'flask'; use an image registered on the service you deploy to"
        )
    ]


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param([], "[] is not an object of containers keyed by name", id="list"),
        pytest.param("nginx", "'nginx' is not an object of containers keyed by name", id="string"),
    ],
)
def test_root_not_an_object(tmp_path: Path, document: object, expected: str) -> None:
    """A containers file that is not an object is rejected."""
    spec = write(tmp_path, "containers.json", document)

    assert problem_messages(lambda: load_deployment_spec(spec)) == [f"{spec}: {expected}"]


def test_endpoint_file_not_an_object(tmp_path: Path) -> None:
    """An endpoint file that is not an object is rejected."""
    containers = write(tmp_path, "containers.json", {"web": {"image": "nginx"}})
    endpoint = write(tmp_path, "endpoint.json", ["web", 80])

    messages = problem_messages(lambda: load_deployment_spec(containers, endpoint))

    assert messages == [
        f"{endpoint}: [...] is not an object with containerName, containerPort and healthCheck"
    ]


# Files that are not JSON.


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    """Malformed JSON names the file, line and column."""
    spec = tmp_path / "containers.json"
    spec.write_text('{\n    "web": {\n        "image": "nginx"\n        "ports": {}\n    }\n}\n')

    messages = problem_messages(lambda: load_deployment_spec(spec))

    assert messages == [f"{spec}, line 4, column 9: invalid JSON: Expecting ',' delimiter"]


def test_empty_file(tmp_path: Path) -> None:
    """An empty file is reported as invalid JSON at line 1."""
    spec = tmp_path / "containers.json"
    spec.write_text("")

    messages = problem_messages(lambda: load_deployment_spec(spec))

    assert messages == [f"{spec}, line 1, column 1: invalid JSON: Expecting value"]


def test_not_utf8_names_file_and_line(tmp_path: Path) -> None:
    """A file that is not UTF-8 names the line of the first bad byte."""
    spec = tmp_path / "containers.json"
    spec.write_bytes(b'{\n  "web": {"image": "caf\xe9"}\n}\n')

    messages = problem_messages(lambda: load_deployment_spec(spec))

    assert messages == [f"{spec}, line 2: not UTF-8 text; save it as UTF-8"]


def test_byte_order_mark_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte order mark, as some editors write, is accepted."""
    spec = tmp_path / "containers.json"
    spec.write_bytes(b'\xef\xbb\xbf{"web": {"image": "nginx"}}')

    assert list(load_deployment_spec(spec).containers) == ["web"]


def test_missing_file(tmp_path: Path) -> None:
    """A missing file raises FileNotFoundError."""
    with pytest.raises(FileNotFoundError):
        load_deployment_spec(tmp_path / "missing.json")


def test_path_given_as_string(tmp_path: Path) -> None:
    """A path given as a string loads."""
    spec = write(tmp_path, "containers.json", {"web": {"image": "nginx"}})

    assert list(load_deployment_spec(str(spec)).containers) == ["web"]


# The converter checks request data with the same rules.


def test_structure_raises_validation_error() -> None:
    """converter.structure raises ValidationError with paths into the data."""
    data = {
        "containers": {"web": {"image": "nginx", "ports": {"99999": "HTTP"}}},
        "publicEndpoint": {"containerName": "web", "containerPort": 8080},
    }

    messages = problem_messages(lambda: converter.structure(data, DeploymentRequest))

    assert messages == [
        "containers.web.ports.99999: '99999' is not a port number; use 1 to 65535",
        (
            "publicEndpoint.containerPort: 8080 is not open on container 'web'; "
            "add it to its ports with HTTP or HTTPS"
        ),
    ]


def test_structure_endpoint_raises_validation_error() -> None:
    """Structuring an EndpointRequest checks it the same way."""
    data = {"containerName": "web", "containerPort": 80, "healthCheck": {"timeoutSeconds": 0}}

    messages = problem_messages(lambda: converter.structure(data, EndpointRequest))

    assert messages == [
        "healthCheck.timeoutSeconds: 0 is out of range; use an integer from 2 to 60 seconds"
    ]


def test_structure_root_not_an_object() -> None:
    """Data that is not an object is reported at the root."""
    messages = problem_messages(lambda: converter.structure([], DeploymentRequest))

    assert messages == ["request: [] is not an object with containers and publicEndpoint"]


def test_structure_keeps_valid_data() -> None:
    """Valid data converts to a request that unstructures to the same data."""
    data = {
        "containers": {"web": {"image": "nginx", "ports": {"80": "HTTP"}}},
        "publicEndpoint": {
            "containerName": "web",
            "containerPort": 80,
            "healthCheck": {"path": "/", "successCodes": "200-399"},
        },
    }

    request = converter.structure(data, DeploymentRequest)

    assert unstructure(request) == data


def test_converter_checks_before_specs_load() -> None:
    """The cattrs converter checks requests in a process that never loaded a spec."""
    code = (
        "from lightsail_containers import DeploymentRequest, ValidationError\n"
        "from lightsail_containers._converter import converter\n"
        "try:\n"
        "    converter.structure({'containers': 'x'}, DeploymentRequest)\n"
        "except ValidationError as error:\n"
        "    print(error.problems[0].path)\n"
    )

    result = subprocess.run(  # noqa: S603  # runs this environment's Python on fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )

    assert result.stdout.strip() == "containers"


@pytest.mark.parametrize("data", [{}, {"containers": None}])
def test_request_without_containers_converts(data: dict[str, Any]) -> None:
    request = converter.structure(data, DeploymentRequest)

    assert request == DeploymentRequest(containers={})
