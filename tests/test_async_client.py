"""The async client facade: the exact requests it sends, its errors, retries and checks."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest

pytest.importorskip("aiobotocore", reason="the async client needs the async extra")
pytest.importorskip("pytest_asyncio", reason="the async tests need pytest-asyncio")

import pytest_asyncio
from aiobotocore.session import AioSession

from lightsail_containers import (
    AccessDeniedError,
    ContainerService,
    ContainerServiceState,
    EcrImagePullerRoleRequest,
    InvalidInputError,
    MetricName,
    NotFoundError,
    Power,
    PrivateRegistryAccessRequest,
    ServiceError,
    Tag,
    TransportError,
    ValidationError,
)
from lightsail_containers._async_client import AsyncContainerServiceClient
from lightsail_containers.simulator import Simulator, VirtualClock

from async_support import nginx, queue_error, simulated_client, stubbed_lightsail
from support import load_json, service_dict

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from aiobotocore.stub import AioStubber

pytestmark = pytest.mark.asyncio

NGINX_DICT = {
    "containers": {"web": {"image": "nginx:latest", "ports": {"80": "HTTP"}}},
    "publicEndpoint": {"containerName": "web", "containerPort": 80},
}
BUSY = "Sorry, deployment 1 is in progress for service web. Please wait for it to complete."
TAKEN = "Some names are already in use: web"


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@pytest_asyncio.fixture
async def stubbed(
    clock: VirtualClock,
) -> AsyncIterator[tuple[AsyncContainerServiceClient, AioStubber]]:
    async with stubbed_lightsail() as (lightsail, stubber):
        client = AsyncContainerServiceClient(
            lightsail,
            clock=clock.monotonic,
            sleep=clock_sleep(clock),
            wall_clock=lambda: clock.now().timestamp(),
            retry_timeout_seconds=60,
        )
        yield client, stubber


def clock_sleep(clock: VirtualClock) -> Any:
    async def sleep(seconds: float) -> None:
        clock.advance(seconds)

    return sleep


def pending(power: str = "nano") -> dict[str, object]:
    return {"containerServices": [{**service_dict(state="PENDING"), "power": power}]}


async def test_create_service_request(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """create_service sends exactly the members given, with enums as strings."""
    client, stubber = stubbed
    stubber.add_response(
        "create_container_service",
        load_json("responses/create-container-service.pending.2022.json"),
        {
            "serviceName": "flask-service",
            "power": "small",
            "scale": 2,
            "tags": [{"key": "team", "value": "web"}],
            "publicDomainNames": {"cert-1": ["example.com"]},
            "deployment": NGINX_DICT,
            "privateRegistryAccess": {"ecrImagePullerRole": {"isActive": True}},
        },
    )

    service = await client.create_service(
        "flask-service",
        power=Power.SMALL,
        scale=2,
        tags=[Tag("team", "web")],
        public_domain_names={"cert-1": ("example.com",)},
        deployment=nginx(),
        private_registry_access=PrivateRegistryAccessRequest(
            EcrImagePullerRoleRequest(is_active=True)
        ),
    )

    assert isinstance(service, ContainerService)
    assert service.state is ContainerServiceState.PENDING


@pytest.mark.parametrize("form", ["model", "keywords"])
async def test_create_deployment_request(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], form: str
) -> None:
    """A deployment given as a model or as keywords sends the same request."""
    client, stubber = stubbed
    stubber.add_response(
        "create_container_service_deployment",
        load_json("responses/create-container-service-deployment.deploying.2022.json"),
        {"serviceName": "web", **NGINX_DICT},
    )
    request = nginx()

    if form == "model":
        service = await client.create_deployment("web", request)
    else:
        service = await client.create_deployment(
            "web", containers=request.containers, public_endpoint=request.public_endpoint
        )

    assert service.state is ContainerServiceState.DEPLOYING


async def test_create_deployment_needs_one_form(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """Passing neither form of a deployment is a ValueError before any call."""
    client, _ = stubbed

    with pytest.raises(ValueError, match="either deployment or containers"):
        await client.create_deployment("web")


async def test_update_and_delete_requests(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """update_service sends only the members given; delete_service sends the name."""
    client, stubber = stubbed
    response = load_json("responses/create-container-service.pending.2021.json")
    stubber.add_response(
        "update_container_service",
        response,
        {"serviceName": "web", "scale": 3, "isDisabled": False, "publicDomainNames": {}},
    )
    stubber.add_response("delete_container_service", {}, {"serviceName": "web"})

    await client.update_service("web", scale=3, is_disabled=False, public_domain_names={})
    await client.delete_service("web")


async def test_get_and_list_services(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """get_service requests by name; list_services requests every service, without a name."""
    client, stubber = stubbed
    stubber.add_response(
        "get_container_services",
        {"containerServices": [service_dict("web")]},
        {"serviceName": "web"},
    )
    stubber.add_response(
        "get_container_services",
        {"containerServices": [service_dict("a"), service_dict("b")]},
        {},
    )

    named = await client.get_service("web")
    listed = await client.list_services()

    assert named.container_service_name == "web"
    assert [service.container_service_name for service in listed] == ["a", "b"]


async def test_empty_answer_is_not_found(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """An empty list for a named service raises NotFoundError."""
    client, stubber = stubbed
    stubber.add_response("get_container_services", {"containerServices": []})

    with pytest.raises(NotFoundError, match="no container service named 'web'"):
        await client.get_service("web")


@pytest.mark.parametrize(
    ("code", "message", "expected"),
    [
        ("NotFoundException", "gone", NotFoundError),
        ("InvalidInputException", "The container service does not exist", NotFoundError),
        ("InvalidInputException", "scale must be 1 to 20", InvalidInputError),
        ("AccessDeniedException", "not allowed", AccessDeniedError),
        ("SomethingNew", "odd", ServiceError),
    ],
)
async def test_errors_translated(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
    code: str,
    message: str,
    expected: type[ServiceError],
) -> None:
    """botocore's ClientError becomes the package's error, with operation and code."""
    client, stubber = stubbed
    queue_error(stubber, "get_container_services", code, message)

    with pytest.raises(expected) as caught:
        await client.get_service("web")

    assert type(caught.value) is expected
    assert caught.value.operation == "GetContainerServices"
    assert caught.value.code == code


async def test_validation_before_any_call(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A request that breaks a rule raises ValidationError without calling AWS."""
    client, _ = stubbed

    with pytest.raises(ValidationError, match="serviceName"):
        await client.create_service("Not_Valid", power=Power.NANO, scale=1)
    with pytest.raises(ValidationError, match="scale"):
        await client.update_service("web", scale=99)


async def test_create_recognises_own_service(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A create whose first response was lost, and whose retry finds the name taken, returns it."""
    client, stubber = stubbed
    queue_error(stubber, "create_container_service", "ServiceException", "internal error", 500)
    queue_error(stubber, "create_container_service", "InvalidInputException", TAKEN)
    stubber.add_response("get_container_services", pending(), {"serviceName": "web"})

    service = await client.create_service("web", power="nano", scale=1)

    assert service.state is ContainerServiceState.PENDING


async def test_create_other_service_with_name(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A taken name whose service differs from the request is still an error."""
    client, stubber = stubbed
    queue_error(stubber, "create_container_service", "ServiceException", "internal error", 500)
    queue_error(stubber, "create_container_service", "InvalidInputException", TAKEN)
    stubber.add_response("get_container_services", pending("large"), {"serviceName": "web"})

    with pytest.raises(InvalidInputError, match="already in use"):
        await client.create_service("web", power="nano", scale=1)


async def test_deploy_retries_busy_service(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber], clock: VirtualClock
) -> None:
    """A deployment rejected because another one is in progress is repeated after a delay."""
    client, stubber = stubbed
    queue_error(stubber, "create_container_service_deployment", "InvalidInputException", BUSY)
    stubber.add_response(
        "create_container_service_deployment",
        load_json("responses/create-container-service-deployment.deploying.2022.json"),
    )

    service = await client.create_deployment("web", nginx())

    assert service.state is ContainerServiceState.DEPLOYING
    assert 1 <= clock.monotonic() <= 2


async def test_deploy_not_repeated_after_server_error(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A 5xx leaves open whether the deployment was made, so it is not sent again."""
    client, stubber = stubbed
    queue_error(stubber, "create_container_service_deployment", "ServiceException", "internal", 500)

    with pytest.raises(ServiceError, match="internal"):
        await client.create_deployment("web", nginx())


async def test_delete_after_lost_answer_succeeds(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """A NotFoundException after a failed delete means the first attempt deleted it."""
    client, stubber = stubbed
    queue_error(stubber, "delete_container_service", "ServiceException", "internal", 500)
    queue_error(stubber, "delete_container_service", "NotFoundException", "gone")

    await client.delete_service("web")


async def test_history_newest_first(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """The deployment history is sorted newest first, whatever order AWS sends."""
    client, stubber = stubbed
    deployments = [{"version": v, "state": "INACTIVE"} for v in (1, 3, 2)]
    stubber.add_response(
        "get_container_service_deployments", {"deployments": deployments}, {"serviceName": "web"}
    )

    history = await client.list_deployments("web")

    assert [item.version for item in history] == [3, 2, 1]


async def test_metric_request(stubbed: tuple[AsyncContainerServiceClient, AioStubber]) -> None:
    """get_metric_data sends the last hour by default, and sorts the datapoints."""
    client, stubber = stubbed
    end = datetime(2026, 1, 1, tzinfo=timezone.utc)
    stubber.add_response(
        "get_container_service_metric_data",
        {
            "metricName": "CPUUtilization",
            "metricData": [
                {"timestamp": datetime(2025, 12, 31, 23, 50, tzinfo=timezone.utc), "average": 2},
                {"timestamp": datetime(2025, 12, 31, 23, 0, tzinfo=timezone.utc), "average": 1},
            ],
        },
        {
            "serviceName": "web",
            "metricName": "CPUUtilization",
            "startTime": datetime(2025, 12, 31, 23, tzinfo=timezone.utc),
            "endTime": end,
            "period": 300,
            "statistics": ["Average", "Maximum"],
        },
    )

    data = await client.get_metric_data("web", MetricName.CPU_UTILIZATION)

    assert data.values("Average") == (1, 2)


async def test_image_and_registry_calls(
    stubbed: tuple[AsyncContainerServiceClient, AioStubber],
) -> None:
    """The image calls send the names given and return models; the password stays hidden."""
    client, stubber = stubbed
    digest = "sha256:" + "a" * 64
    stubber.add_response(
        "register_container_image",
        {"containerImage": {"image": ":web.app.1", "digest": digest}},
        {"serviceName": "web", "label": "app", "digest": digest},
    )
    stubber.add_response(
        "create_container_service_registry_login",
        {"registryLogin": {"username": "AWS", "password": "s3cret", "registry": "r.example"}},
    )
    stubber.add_response(
        "delete_container_image", {}, {"serviceName": "web", "image": ":web.app.1"}
    )

    image = await client.register_image("web", "app", digest)
    login = await client.create_registry_login()
    await client.delete_image("web", image.image or "")

    assert image.name is not None
    assert image.name.version == 1
    assert login.password == "s3cret"  # noqa: S105  # the stubbed response's dummy
    assert "s3cret" not in repr(login)


async def test_cost_from_service(stubbed: tuple[AsyncContainerServiceClient, AioStubber]) -> None:
    """A cost estimate of a service prices its own power and scale."""
    client, stubber = stubbed
    service = {**service_dict("web"), "scale": 2, "powerId": "nano-1"}
    stubber.add_response(
        "get_container_services", {"containerServices": [service]}, {"serviceName": "web"}
    )
    stubber.add_response(
        "get_container_service_powers",
        {"powers": [{"powerId": "nano-1", "price": 7.0, "name": "nano", "isActive": True}]},
    )

    estimate = await client.estimate_monthly_cost("web")

    assert estimate.power_id == "nano-1"
    assert estimate.monthly_price_usd == 14.0


async def test_status_transport_error(sim: Simulator, clock: VirtualClock) -> None:
    """A dropped connection raises TransportError, and mutating calls are not repeated."""
    sim.faults.drop_connection("CreateContainerServiceDeployment", count=1)
    async with simulated_client(sim, clock) as client:
        await client.create_service("web", power=Power.NANO, scale=1)

        with pytest.raises(TransportError, match="CreateContainerServiceDeployment"):
            await client.create_deployment("web", nginx())

    assert sim.calls.count("CreateContainerServiceDeployment") == 1


async def test_simulator_operations(sim: Simulator, clock: VirtualClock) -> None:
    """Every read operation of the client works against the simulator."""
    async with simulated_client(sim, clock) as client:
        await client.create_service("web", power=Power.NANO, scale=1, deployment=nginx())
        await client.wait_for_deployment("web", 1)
        await client.create_deployment("web", nginx("nginx:1.27"))
        await client.wait_for_deployment("web", 2)

        diff = await client.compare_deployments("web")
        powers = await client.list_powers()
        metadata = await client.get_api_metadata()
        images = await client.list_images("web")

    assert "nginx:1.27" in str(diff)
    assert {str(power.name) for power in powers} >= {"nano", "micro"}
    assert metadata.lightsailctl_version is not None
    assert images == ()


@pytest.fixture
def sim(clock: VirtualClock) -> Simulator:
    return Simulator(clock=clock)


async def test_from_session_uses_region() -> None:
    """from_session opens an aiobotocore Lightsail client in the requested Region."""
    session = AioSession(session_vars={"profile": (None, None, None, None)})
    session.set_credentials("testing", "testing")

    async with AsyncContainerServiceClient.from_session(session, region_name="eu-west-2") as client:
        assert client.lightsail.meta.region_name == "eu-west-2"
        assert client.lightsail.meta.service_model.service_name == "lightsail"
