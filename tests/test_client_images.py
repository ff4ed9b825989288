"""Registered images, the registry sign-in and the container API metadata."""

from __future__ import annotations

import logging
import pickle
import traceback
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from lightsail_containers import (
    Container,
    ContainerApiMetadata,
    ContainerImage,
    ContainerServiceClient,
    DeploymentRequest,
    EndpointRequest,
    InvalidInputError,
    NotFoundError,
    Power,
    RegisteredImageName,
    RegistryLogin,
    ServiceError,
    ValidationError,
)
from lightsail_containers.simulator import Simulator, VirtualClock

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

DIGEST = "sha256:" + "0123456789abcdef" * 4
PASSWORD = "eyJwYXlsb2FkIjoiZXhhbXBsZSJ9"  # noqa: S105  # a made-up value the tests search for
# The service and label of the API reference's example of RegisterContainerImage.label.
SERVICE = "container-service-1"
IMAGE = ":container-service-1.mystaticwebsite.1"
CREATED = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


@pytest.fixture
def client(sim: Simulator, clock: VirtualClock) -> ContainerServiceClient:
    return ContainerServiceClient(
        sim.client(),
        clock=clock.monotonic,
        sleep=clock.sleep,
        wall_clock=lambda: clock.now().timestamp(),
    )


@pytest.fixture
def stub_client(stubbed: tuple[LightsailClient, Stubber]) -> ContainerServiceClient:
    lightsail, _ = stubbed
    clock = VirtualClock()
    return ContainerServiceClient(lightsail, clock=clock.monotonic, sleep=clock.sleep)


def image_dict(image: str = IMAGE, created_at: datetime = CREATED) -> dict[str, Any]:
    return {"image": image, "digest": DIGEST, "createdAt": created_at}


# Registered image names.


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (":web.app.3", ("web", "app", 3)),
        (IMAGE, (SERVICE, "mystaticwebsite", 1)),
        (":web.latest.latest", ("web", "latest", "latest")),
    ],
)
def test_parse_registered_name(text: str, parts: tuple[str, str, object]) -> None:
    name = RegisteredImageName.parse(text)

    assert (name.service, name.label, name.version) == parts
    assert str(name) == text


@pytest.mark.parametrize(
    "text", ["nginx:latest", ":web.app", ":web.app.v3", ":Web.app.1", ":web.app.1.2", ":web..1"]
)
def test_parse_rejects_other_images(text: str) -> None:
    with pytest.raises(ValueError, match="not a registered image name"):
        RegisteredImageName.parse(text)

    assert ContainerImage(image=text).name is None


# Registering, listing and deleting images.


def test_image_lifecycle_on_simulator(client: ContainerServiceClient, clock: VirtualClock) -> None:
    client.create_service("web", power=Power.NANO, scale=1)

    first = client.register_image("web", "app", DIGEST)
    clock.sleep(60)
    second = client.register_image("web", "app", DIGEST)
    listed = client.list_images("web")
    client.delete_image("web", first.name or "")
    client.delete_image("web", ":web.app.2")

    assert first.name == RegisteredImageName("web", "app", 1)
    assert second.name == RegisteredImageName("web", "app", 2)
    assert second.digest == DIGEST
    assert second.created_at == clock.now()
    assert [image.image for image in listed] == [":web.app.2", ":web.app.1"]
    assert client.list_images("web") == ()


def test_delete_missing_image(client: ContainerServiceClient) -> None:
    client.create_service("web", power=Power.NANO, scale=1)

    with pytest.raises(NotFoundError):
        client.delete_image("web", ":web.app.9")


def test_delete_image_in_use(client: ContainerServiceClient, sim: Simulator) -> None:
    client.create_service("web", power=Power.NANO, scale=1)
    image = client.register_image("web", "app", DIGEST)
    client.wait_for_service("web")
    deployment = DeploymentRequest(
        containers={"app": Container(image=image.image, ports={"80": "HTTP"})},
        public_endpoint=EndpointRequest("app", 80),
    )
    client.create_deployment("web", deployment)

    with pytest.raises(InvalidInputError, match="used by deployment 1"):
        client.delete_image("web", image.name or "")

    assert sim.calls.count("DeleteContainerImage") == 1


def test_register_request_and_response(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_response(
        "register_container_image",
        {"containerImage": image_dict()},
        {"serviceName": SERVICE, "label": "mystaticwebsite", "digest": DIGEST},
    )

    image = stub_client.register_image(SERVICE, "mystaticwebsite", DIGEST)

    assert image == ContainerImage(IMAGE, DIGEST, CREATED)
    assert image.name == RegisteredImageName(SERVICE, "mystaticwebsite", 1)


def test_register_repeated_after_throttling(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_client_error("register_container_image", "ThrottlingException", "slow down")
    stubber.add_response("register_container_image", {"containerImage": image_dict()})

    image = stub_client.register_image(SERVICE, "mystaticwebsite", DIGEST)

    assert image.image == IMAGE


def test_register_not_repeated_after_server_error(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    """A 5xx leaves open whether a version was added, so the call is not repeated."""
    _, stubber = stubbed
    stubber.add_client_error("register_container_image", "ServiceException", "internal", 500)

    with pytest.raises(ServiceError, match="internal"):
        stub_client.register_image(SERVICE, "mystaticwebsite", DIGEST)


def test_list_images_newest_first(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    older = image_dict(":container-service-1.mystaticwebsite.1", CREATED)
    newer = image_dict(":container-service-1.mystaticwebsite.2", CREATED + timedelta(hours=1))
    stubber.add_response(
        "get_container_images", {"containerImages": [older, newer]}, {"serviceName": SERVICE}
    )

    images = stub_client.list_images(SERVICE)

    assert [image.name.version if image.name else None for image in images] == [2, 1]


def test_delete_retried_until_gone(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    """NotFound after a failed attempt means that attempt deleted the image."""
    _, stubber = stubbed
    expected = {"serviceName": SERVICE, "image": IMAGE}
    stubber.add_client_error("delete_container_image", "ServiceException", "internal", 500)
    stubber.add_client_error(
        "delete_container_image",
        "NotFoundException",
        "The container image does not exist",
        expected_params=expected,
    )

    stub_client.delete_image(SERVICE, RegisteredImageName.parse(IMAGE))


def test_delete_not_found_at_first(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    _, stubber = stubbed
    stubber.add_client_error(
        "delete_container_image", "NotFoundException", "The container image does not exist"
    )

    with pytest.raises(NotFoundError):
        stub_client.delete_image(SERVICE, IMAGE)


@pytest.mark.parametrize(
    ("call", "paths"),
    [
        (lambda c: c.register_image("web", "App", DIGEST), ["label"]),
        (lambda c: c.register_image("web", "a" * 54, DIGEST), ["label"]),
        (lambda c: c.register_image("web", "app", ""), ["digest"]),
        (lambda c: c.register_image("web", None, None), ["label", "digest"]),
        (lambda c: c.register_image("-web", "app", DIGEST), ["serviceName"]),
        (lambda c: c.delete_image("web", "nginx:latest"), ["image"]),
        (lambda c: c.delete_image("web", ":api.app.1"), ["image"]),
        (lambda c: c.list_images("Web"), ["serviceName"]),
    ],
)
def test_image_calls_checked_first(
    client: ContainerServiceClient, sim: Simulator, call: Any, paths: list[str]
) -> None:
    with pytest.raises(ValidationError) as caught:
        call(client)

    assert [problem.path for problem in caught.value.problems] == paths
    assert sim.calls == []


def test_delete_other_service_image_message(client: ContainerServiceClient) -> None:
    with pytest.raises(ValidationError, match="registered to service 'api', not to 'web'"):
        client.delete_image("web", ":api.app.1")


# The registry sign-in.


def test_registry_login_on_simulator(client: ContainerServiceClient, clock: VirtualClock) -> None:
    login = client.create_registry_login()

    assert login.username
    assert login.password
    assert login.registry
    assert login.expires_at == clock.now() + timedelta(hours=12)
    assert not login.is_expired(clock.now())
    assert login.is_expired(clock.now() + timedelta(hours=12))


def test_registry_login_hides_password(
    stubbed: tuple[LightsailClient, Stubber],
    stub_client: ContainerServiceClient,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _, stubber = stubbed
    # The API reference's members of ContainerServiceRegistryLogin.
    stubber.add_response(
        "create_container_service_registry_login",
        {
            "registryLogin": {
                "username": "AWS",
                "password": PASSWORD,
                "expiresAt": CREATED + timedelta(hours=12),
                "registry": "111122223333.dkr.ecr.us-east-1.amazonaws.com",
            }
        },
    )

    with caplog.at_level(logging.DEBUG, logger="lightsail_containers"):
        login = stub_client.create_registry_login()
        logging.getLogger("lightsail_containers.test").info("login: %s %r", login, login)

    error = RuntimeError(f"push failed with {login}")
    texts = [
        repr(login),
        str(login),
        f"{login}",
        f"{login!r}",
        caplog.text,
        "".join(traceback.format_exception(error)),
    ]
    for text in texts:
        assert PASSWORD not in text
    assert "password='***'" in repr(login)
    assert login.password == PASSWORD
    assert pickle.loads(pickle.dumps(login)) == login  # noqa: S301  # round trip of own data


def test_registry_login_without_password() -> None:
    assert "password=None" in repr(RegistryLogin(username="AWS"))


# The container API metadata.


def test_metadata_on_simulator(client: ContainerServiceClient) -> None:
    metadata = client.get_api_metadata()

    assert metadata.lightsailctl_version
    assert metadata.entries


def test_metadata_name_value_entries(
    stubbed: tuple[LightsailClient, Stubber], stub_client: ContainerServiceClient
) -> None:
    """AWS's lightsailctl reads each entry as a name and a value."""
    _, stubber = stubbed
    stubber.add_response(
        "get_container_api_metadata",
        {"metadata": [{"name": "lightsailctlVersion", "value": "v1.0.7"}]},
    )

    metadata = stub_client.get_api_metadata()

    assert metadata.lightsailctl_version == "v1.0.7"
    assert metadata.get("other") is None
    assert metadata.entries == ({"name": "lightsailctlVersion", "value": "v1.0.7"},)


def test_metadata_direct_entries() -> None:
    metadata = ContainerApiMetadata([{"lightsailctlVersion": "1.0.7"}, {"name": "x"}])

    assert metadata.lightsailctl_version == "1.0.7"
    assert metadata.get("name") == "x"
    assert pickle.loads(pickle.dumps(metadata)) == metadata  # noqa: S301  # own data
    assert hash(metadata) == hash(
        ContainerApiMetadata([{"lightsailctlVersion": "1.0.7"}, {"name": "x"}])
    )
