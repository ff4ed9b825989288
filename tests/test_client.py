"""The client facade: the exact requests it sends and the models it returns."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
import pytest

from lightsail_containers import (
    Container,
    ContainerService,
    ContainerServiceClient,
    ContainerServiceState,
    DeploymentRequest,
    EcrImagePullerRoleRequest,
    EndpointRequest,
    Power,
    PrivateRegistryAccessRequest,
    Protocol,
    Tag,
)

from support import load_json, service_dict

if TYPE_CHECKING:
    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient

NGINX = DeploymentRequest(
    containers={"web": Container(image="nginx:1.27", ports={"80": Protocol.HTTP})},
    public_endpoint=EndpointRequest("web", 80),
)
NGINX_DICT = {
    "containers": {"web": {"image": "nginx:1.27", "ports": {"80": "HTTP"}}},
    "publicEndpoint": {"containerName": "web", "containerPort": 80},
}


def test_create_service_request(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """create_service sends exactly the members given, with enums as strings."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "create_container_service",
        load_json("responses/create-container-service.pending.2022.json"),
        {
            "serviceName": "flask-service",
            "power": "small",
            "scale": 2,
            "tags": [{"key": "team", "value": "web"}],
            "publicDomainNames": {"cert-1": ["example.com", "www.example.com"]},
            "deployment": NGINX_DICT,
            "privateRegistryAccess": {"ecrImagePullerRole": {"isActive": True}},
        },
    )

    service = ContainerServiceClient(lightsail).create_service(
        "flask-service",
        power=Power.SMALL,
        scale=2,
        tags=[Tag("team", "web")],
        public_domain_names={"cert-1": ("example.com", "www.example.com")},
        deployment=NGINX,
        private_registry_access=PrivateRegistryAccessRequest(
            EcrImagePullerRoleRequest(is_active=True)
        ),
    )

    assert isinstance(service, ContainerService)
    assert service.state is ContainerServiceState.PENDING
    assert service.container_service_name == "flask-service"


def test_create_service_minimal_request(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """Unset optional arguments are left out of the request."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "create_container_service",
        load_json("responses/create-container-service.pending.2021.json"),
        {"serviceName": "test", "power": "nano", "scale": 1},
    )

    ContainerServiceClient(lightsail).create_service("test", power="nano", scale=1)


@pytest.mark.parametrize("form", ["model", "keywords"])
def test_create_deployment_request(stubbed: tuple[LightsailClient, Stubber], form: str) -> None:
    """A deployment given as a model or as keywords sends the same request."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "create_container_service_deployment",
        load_json("responses/create-container-service-deployment.deploying.2022.json"),
        {"serviceName": "flask-service", **NGINX_DICT},
    )
    client = ContainerServiceClient(lightsail)

    if form == "model":
        service = client.create_deployment("flask-service", NGINX)
    else:
        service = client.create_deployment(
            "flask-service", containers=NGINX.containers, public_endpoint=NGINX.public_endpoint
        )

    assert service.state is ContainerServiceState.DEPLOYING
    assert service.next_deployment is not None
    assert service.next_deployment.version == 2


@pytest.mark.parametrize("both", [True, False], ids=["both", "neither"])
def test_create_deployment_needs_one_form(
    stubbed: tuple[LightsailClient, Stubber], *, both: bool
) -> None:
    """Passing both forms of a deployment, or neither, is a ValueError before any call."""
    lightsail, _ = stubbed
    client = ContainerServiceClient(lightsail)

    containers = NGINX.containers if both else None
    deployment = NGINX if both else None

    with pytest.raises(ValueError, match="either deployment or containers"):
        client.create_deployment("web", deployment, containers=containers)


def test_update_service_request(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """update_service sends only the members given; an empty domain map is sent as is."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "update_container_service",
        {"containerService": service_dict(state="UPDATING")},
        {"serviceName": "web", "power": "micro", "scale": 3, "publicDomainNames": {}},
    )

    service = ContainerServiceClient(lightsail).update_service(
        "web", power=Power.MICRO, scale=3, public_domain_names={}
    )

    assert service.state is ContainerServiceState.UPDATING


def test_disable_request(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """is_disabled alone becomes the one member of the update."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "update_container_service",
        {"containerService": service_dict(state="UPDATING")},
        {"serviceName": "web", "isDisabled": True},
    )

    ContainerServiceClient(lightsail).update_service("web", is_disabled=True)


def test_list_services(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """list_services requests all services without a name and returns each as a model."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "get_container_services",
        {"containerServices": [service_dict("a"), service_dict("b", state="READY")]},
        {},
    )

    services = ContainerServiceClient(lightsail).list_services()

    assert [s.container_service_name for s in services] == ["a", "b"]
    assert isinstance(services, tuple)


def test_delete_service(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """delete_service sends the name and returns nothing."""
    lightsail, stubber = stubbed
    stubber.add_response("delete_container_service", {}, {"serviceName": "web"})

    ContainerServiceClient(lightsail).delete_service("web")


def test_from_session_uses_region() -> None:
    """from_session builds a Lightsail client in the requested Region."""
    session = boto3.Session(
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106  # a dummy for the offline client
        region_name="us-west-2",
    )

    client = ContainerServiceClient.from_session(session, region_name="eu-central-1")

    assert client.lightsail.meta.region_name == "eu-central-1"
    assert client.lightsail.meta.service_model.service_name == "lightsail"


def test_deployment_with_separate_endpoint(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """An endpoint given next to a DeploymentRequest is rejected, not dropped."""
    lightsail, _ = stubbed

    with pytest.raises(ValueError, match="public_endpoint goes with containers"):
        ContainerServiceClient(lightsail).create_deployment(
            "web", NGINX, public_endpoint=EndpointRequest("web", 80)
        )
