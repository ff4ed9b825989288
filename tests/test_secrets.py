"""Container environment values never appear in errors, reprs or log records."""

from __future__ import annotations

import json
import logging
import traceback
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    Container,
    ContainerServiceClient,
    DeploymentRequest,
    EndpointRequest,
    ValidationError,
    load_deployment_spec,
)
from lightsail_containers._converter import converter

from support import load_json

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

SECRET = "s3cr3t-Tok3n-Value"  # noqa: S105  # a made-up value that the tests search for


def texts_of(error: BaseException) -> list[str]:
    """Return every text form of an error: str, repr, args, problems and traceback."""
    texts = [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(error))]
    for problem in getattr(error, "problems", ()):
        texts += [str(problem), repr(problem), problem.message, repr(problem.value)]
    return texts


def raised(call: Callable[[], object]) -> ValidationError:
    """Run ``call`` and return the ValidationError it raises."""
    with pytest.raises(ValidationError) as caught:
        call()

    return caught.value


def assert_no_secret(texts: list[str]) -> None:
    """Fail if any text contains the secret."""
    for text in texts:
        assert SECRET not in text


def test_model_error_hides_secret() -> None:
    """An error about containers with secrets shows none of them."""
    containers = {
        "web": Container(image="", environment={"TOKEN": SECRET}, ports={"0": "HTTP"}),
        "Bad": Container(image="nginx", environment={SECRET.lower(): "x", "TOKEN": SECRET}),
    }

    error = raised(lambda: DeploymentRequest(containers, EndpointRequest("web", 80)))

    assert len(error.problems) == 4
    assert_no_secret(texts_of(error))


@pytest.mark.parametrize(
    "container",
    [
        pytest.param({"image": "x", "environment": {"TOKEN": [SECRET]}}, id="value-in-list"),
        pytest.param({"image": "x", "environment": {"TOKEN": {"v": SECRET}}}, id="value-in-map"),
        pytest.param({"image": "x", "environment": [f"TOKEN={SECRET}"]}, id="environment-list"),
        pytest.param({"image": "x", "enviroment": {"TOKEN": SECRET}}, id="misspelled-member"),
        pytest.param({"image": "x", "token": SECRET}, id="unknown-member"),
        pytest.param({"image": "x", "command": f"run --token={SECRET}"}, id="command-string"),
        pytest.param({"image": "x", "command": [f"--token={SECRET}", 1]}, id="command-items"),
        pytest.param([f"TOKEN={SECRET}"], id="container-list"),
    ],
)
def test_json_error_hides_secret(container: Any) -> None:
    """Problems about JSON members that may hold secrets show no secret."""
    data = {"containers": {"web": container}}

    error = raised(lambda: converter.structure(data, DeploymentRequest))

    assert error.problems
    assert_no_secret(texts_of(error))


def test_spec_file_error_hides_secret(tmp_path: Path) -> None:
    """An error from a spec file shows no environment value."""
    spec = tmp_path / "containers.json"
    document = {"web": {"image": "", "environment": {"TOKEN": SECRET, "PORT": 80}}}
    spec.write_text(json.dumps(document))

    error = raised(lambda: load_deployment_spec(spec))

    assert [problem.path for problem in error.problems] == [
        f"{spec}: web.image",
        f"{spec}: web.environment.PORT",
    ]
    assert_no_secret(texts_of(error))


def test_malformed_spec_file_hides_secret(tmp_path: Path) -> None:
    """A JSON syntax error neither quotes the file nor chains the decoder's error."""
    spec = tmp_path / "containers.json"
    spec.write_text(f'{{"web": {{"environment": {{"TOKEN": "{SECRET}" "A": "1"}}}}}}')

    error = raised(lambda: load_deployment_spec(spec))

    assert "invalid JSON" in str(error)
    assert error.__cause__ is None
    assert error.__suppress_context__
    assert_no_secret(texts_of(error))


def test_model_reprs_hide_secret() -> None:
    """Request and container reprs hide environment values."""
    container = Container(image="nginx", environment={"TOKEN": SECRET}, ports={"80": "HTTP"})
    request = DeploymentRequest({"web": container}, EndpointRequest("web", 80))

    assert_no_secret([repr(container), repr(request), str(request)])


def test_client_logs_hide_secret(
    stubbed: tuple[LightsailClient, Stubber], caplog: pytest.LogCaptureFixture
) -> None:
    """Log records of a sent and a rejected deployment contain no secret."""
    lightsail, stubber = stubbed
    client = ContainerServiceClient(lightsail)
    good = {"web": Container(image="nginx", environment={"TOKEN": SECRET})}
    bad = {"web": Container(image="", environment={"TOKEN": SECRET})}
    stubber.add_response(
        "create_container_service_deployment",
        load_json("responses/create-container-service-deployment.deploying.2022.json"),
        {
            "serviceName": "web",
            "containers": {"web": {"image": "nginx", "environment": {"TOKEN": SECRET}}},
        },
    )

    with caplog.at_level(logging.DEBUG):
        client.create_deployment("web", containers=good)
        error = raised(lambda: client.create_deployment("web", containers=bad))

    assert caplog.records
    assert_no_secret([record.getMessage() for record in caplog.records])
    assert_no_secret(texts_of(error))
