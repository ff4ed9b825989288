"""Checks of requests against the API's rules: one failing and one passing case per rule."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from botocore.model import StringShape, StructureShape
from hypothesis import given
from hypothesis import strategies as st

from lightsail_containers import (
    Container,
    ContainerServiceClient,
    DeploymentRequest,
    EndpointRequest,
    HealthCheck,
    LightsailContainersError,
    Power,
    Problem,
    Protocol,
    Tag,
    ValidationError,
)
from lightsail_containers._converter import structure, structure_service, unstructure
from lightsail_containers._validation import (
    _CONTAINER_MEMBERS,
    _DEPLOYMENT_MEMBERS,
    _ENDPOINT_MEMBERS,
    _HEALTH_CHECK_MEMBERS,
    _NAME,
    HIDDEN,
    MAX_CONTAINER_NAME_LENGTH,
    MAX_IMAGE_LABEL_LENGTH,
    MAX_SCALE,
    MAX_SERVICE_NAME_LENGTH,
    MIN_SCALE,
    POWERS,
    PROTOCOLS,
    check_create_deployment,
    check_create_service,
    check_service_name,
    check_service_names,
    check_update_service,
)

from support import lightsail_model, load_json

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from botocore.stub import Stubber
    from mypy_boto3_lightsail import LightsailClient


def raised(call: Callable[[], object]) -> ValidationError:
    """Run ``call`` and return the ValidationError it raises."""
    with pytest.raises(ValidationError) as caught:
        call()

    return caught.value


def paths(call: Callable[[], object]) -> list[str]:
    """Return the paths of the problems that ``call`` raises."""
    return [problem.path for problem in raised(call).problems]


def deployment(
    container: Mapping[str, Any] | None = None,
    *,
    name: str = "web",
    endpoint: EndpointRequest | None = None,
) -> DeploymentRequest:
    """Build a one-container deployment; ``container`` overrides the nginx defaults."""
    settings: dict[str, Any] = {"image": "nginx:latest", "ports": {"80": "HTTP"}}
    settings.update(container or {})
    return DeploymentRequest({name: Container(**settings)}, endpoint)


def endpoint(port: int = 80, health_check: HealthCheck | None = None) -> EndpointRequest:
    """Build an endpoint on container ``web``."""
    return EndpointRequest("web", port, health_check)


# Service name: shape ContainerServiceName.


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("-web", id="leading-hyphen"),
        pytest.param("web-", id="trailing-hyphen"),
        pytest.param("Web", id="uppercase"),
        pytest.param("web_1", id="underscore"),
        pytest.param("web.app", id="dot"),
        pytest.param("a" * 64, id="64-characters"),
        pytest.param(5, id="not-a-string"),
        pytest.param(None, id="missing"),
    ],
)
def test_service_name_rejected(name: object) -> None:
    """A service name outside the ContainerServiceName pattern or length is rejected."""
    assert paths(lambda: check_service_name(name)) == ["serviceName"]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("a", id="one-character"),
        pytest.param("ab", id="two-characters"),
        pytest.param("a-b", id="inner-hyphen"),
        pytest.param("1web", id="leading-digit"),
        pytest.param("a" * 63, id="63-characters"),
    ],
)
def test_service_name_accepted(name: str) -> None:
    """Names of 1 to 63 lowercase letters, digits and inner hyphens pass."""
    check_service_name(name)


# Power and scale: enum ContainerServicePowerName and shape ContainerServiceScale.


@pytest.mark.parametrize("power", ["huge", "NANO", "", 1], ids=["unknown", "upper", "empty", "int"])
def test_power_rejected(power: object) -> None:
    """A power outside the model's enum is rejected; the names are case-sensitive."""
    call = lambda: check_create_service("web", power=power, scale=1)  # noqa: E731

    assert paths(call) == ["power"]


@pytest.mark.parametrize("power", [*Power, *POWERS], ids=str)
def test_power_accepted(power: Power | str) -> None:
    """Every Power member and its string value pass."""
    check_create_service("web", power=power, scale=1)


@pytest.mark.parametrize("scale", [0, 21, -1, True, "2", 1.0], ids=repr)
def test_scale_rejected(scale: object) -> None:
    """A scale outside 1 to 20, or not an integer, is rejected."""
    assert paths(lambda: check_create_service("web", power="nano", scale=scale)) == ["scale"]


@pytest.mark.parametrize("scale", [MIN_SCALE, 10, MAX_SCALE], ids=repr)
def test_scale_accepted(scale: int) -> None:
    """Scales from 1 to 20 pass."""
    check_create_service("web", power="nano", scale=scale)


# Tags: API reference, Tag, and developer guide, "Tag restrictions".


def tag_paths(tags: list[Tag]) -> list[str]:
    """Return the problem paths of a CreateContainerService call with ``tags``."""
    return paths(lambda: check_create_service("web", power="nano", scale=1, tags=tags))


@pytest.mark.parametrize(
    ("tag", "path"),
    [
        pytest.param(Tag("k" * 129), "tags[0].key", id="key-129-characters"),
        pytest.param(Tag("k", "v" * 257), "tags[0].value", id="value-257-characters"),
        pytest.param(Tag("a#b"), "tags[0].key", id="key-hash"),
        pytest.param(Tag("k", "50%"), "tags[0].value", id="value-percent"),
        pytest.param(Tag("k", "a!"), "tags[0].value", id="value-exclamation"),
        pytest.param(Tag("aws:owner"), "tags[0].key", id="key-aws-prefix"),
        pytest.param(Tag("owner", "aws:team"), "tags[0].value", id="value-aws-prefix"),
        pytest.param(Tag(5), "tags[0].key", id="key-not-a-string"),  # type: ignore[arg-type]
    ],
)
def test_tag_rejected(tag: Tag, path: str) -> None:
    """A tag key or value that is too long, has other characters or the aws: prefix is rejected."""
    assert tag_paths([tag]) == [path]


@pytest.mark.parametrize(
    "tag",
    [
        pytest.param(Tag("k" * 128, "v" * 256), id="maximum-lengths"),
        pytest.param(Tag("team name", "web ops"), id="spaces"),
        pytest.param(Tag("a+b-c=d.e_f:g/h@i"), id="all-symbols"),
        pytest.param(Tag("équipe", "東京"), id="unicode-letters"),
        pytest.param(Tag("awsome", "aws"), id="aws-without-colon"),
        pytest.param(Tag("key-only"), id="key-only"),
        pytest.param(Tag(), id="no-key"),
    ],
)
def test_tag_accepted(tag: Tag) -> None:
    """Unicode letters, spaces, the listed symbols and key-only tags pass."""
    check_create_service("web", power="nano", scale=1, tags=[tag])


def test_tag_count_limit() -> None:
    """Fifty tags pass and fifty-one are rejected."""
    fifty = [Tag(f"k{index}") for index in range(50)]

    check_create_service("web", power="nano", scale=1, tags=fifty)
    assert tag_paths([*fifty, Tag("k50")]) == ["tags"]


def test_tag_key_repeated() -> None:
    """A repeated tag key is rejected, and the rule names the first tag."""
    error = raised(
        lambda: check_create_service(
            "web", power="nano", scale=1, tags=[Tag("team", "a"), Tag("team", "b")]
        )
    )

    assert [problem.path for problem in error.problems] == ["tags[1].key"]
    assert "tags[0]" in error.problems[0].rule


@pytest.mark.parametrize("tags", [None, ()], ids=["none", "empty"])
def test_no_tags_accepted(tags: tuple[Tag, ...] | None) -> None:
    """None and an empty collection, both sent as no tags, pass."""
    check_create_service("web", power="nano", scale=1, tags=tags)


@pytest.mark.parametrize("tags", [Tag("team"), "team", {"team": "web"}], ids=["tag", "str", "dict"])
def test_tags_not_a_list(tags: Any) -> None:
    """Tags given as one Tag, a string or a dict are rejected."""
    assert tag_paths(tags) == ["tags"]


def test_tag_not_a_model() -> None:
    """A tag given as a dict is rejected."""
    not_tags: Any = [{"key": "team"}]

    assert tag_paths(not_tags) == ["tags[0]"]


# Public domain names: API reference, CreateContainerService; RFC 1035 section 2.3.


def domain_paths(domains: Mapping[str, Any]) -> list[str]:
    """Return the problem paths of an UpdateContainerService call with ``domains``."""
    return paths(lambda: check_update_service("web", public_domain_names=domains))


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("", id="empty"),
        pytest.param("-a.example.com", id="leading-hyphen"),
        pytest.param("a-.example.com", id="trailing-hyphen"),
        pytest.param("a..example.com", id="empty-label"),
        pytest.param("*.example.com", id="wildcard"),
        pytest.param("exa mple.com", id="space"),
        pytest.param("bücher.de", id="unicode"),
        pytest.param("a_b.example.com", id="underscore"),
        pytest.param("a" * 64 + ".com", id="64-character-label"),
        pytest.param(".".join(["a" * 63] * 4), id="255-characters"),
        pytest.param(7, id="not-a-string"),
    ],
)
def test_domain_name_rejected(name: object) -> None:
    """A domain name that breaks the DNS syntax or length limits is rejected."""
    assert domain_paths({"cert": [name]}) == ["publicDomainNames.cert[0]"]


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("example.com", id="apex"),
        pytest.param("www.Example.COM", id="mixed-case"),
        pytest.param("1password.com", id="leading-digit"),
        pytest.param("xn--bcher-kva.de", id="punycode"),
        pytest.param("example.com.", id="trailing-dot"),
        pytest.param("a" * 63 + ".com", id="63-character-label"),
        pytest.param(".".join(["a" * 63] * 3 + ["a" * 61]), id="253-characters"),
    ],
)
def test_domain_name_accepted(name: str) -> None:
    """Valid DNS names, including a leading digit and punycode, pass."""
    check_update_service("web", public_domain_names={"cert": [name]})


def test_domain_count_limit() -> None:
    """Four domain names in all pass and five are rejected."""
    four = {"cert-1": ["a.example.com", "b.example.com"], "cert-2": ["c.example.com", "d.com"]}
    five = {**four, "cert-3": ["e.example.com"]}

    check_update_service("web", public_domain_names=four)
    assert domain_paths(five) == ["publicDomainNames"]


@pytest.mark.parametrize(
    ("domains", "path"),
    [
        pytest.param({"cert": "example.com"}, "publicDomainNames.cert", id="string-not-list"),
        pytest.param({1: ["example.com"]}, "publicDomainNames[1]", id="key-not-a-string"),
        pytest.param(["example.com"], "publicDomainNames", id="list-not-map"),
    ],
)
def test_domain_map_shape_rejected(domains: Any, path: str) -> None:
    """Domain names not given as a map of lists are rejected."""
    assert domain_paths(domains) == [path]


def test_domains_empty_map_accepted() -> None:
    """An empty map, which removes all custom domains, passes."""
    check_update_service("web", public_domain_names={})


# Containers: shapes ContainerMap, Container and PortMap.


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("Web", id="uppercase"),
        pytest.param("-web", id="leading-hyphen"),
        pytest.param("web.app", id="dot"),
        pytest.param("a" * 54, id="54-characters"),
        pytest.param("", id="empty"),
    ],
)
def test_container_name_rejected(name: str) -> None:
    """A container name outside the ContainerName pattern or length is rejected."""
    assert paths(lambda: deployment(name=name)) == [f"containers{_segment(name)}"]


def _segment(name: str) -> str:
    plain = name and all(char.isalnum() or char in "_-" for char in name)
    return f".{name}" if plain else f"[{name!r}]"


@pytest.mark.parametrize(
    "name", ["a", "web-1", "a" * MAX_CONTAINER_NAME_LENGTH], ids=["short", "hyphen", "longest"]
)
def test_container_name_accepted(name: str) -> None:
    """Container names of 1 to 53 valid characters pass."""
    deployment(name=name)


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param(":web", id="registered-without-label"),
        pytest.param(":web.app", id="registered-without-version"),
        pytest.param(":web.app.v1", id="registered-version-not-a-number"),
        pytest.param(":Web.app.1", id="registered-service-uppercase"),
        pytest.param(":web.App.1", id="registered-label-uppercase"),
        pytest.param(":web.app.1.2", id="registered-four-parts"),
        pytest.param(":web." + "a" * 54 + ".1", id="registered-label-54-characters"),
        pytest.param(5, id="not-a-string"),
    ],
)
def test_image_rejected(image: object) -> None:
    """A missing or blank image, or a malformed registered image, is rejected."""
    assert paths(lambda: deployment({"image": image})) == ["containers.web.image"]


@pytest.mark.parametrize(
    "image",
    [
        pytest.param("nginx", id="repository"),
        pytest.param("nginx:latest", id="tag"),
        pytest.param("public.ecr.aws/nginx/nginx:1.27", id="registry-path"),
        pytest.param("nginx@sha256:" + "0" * 64, id="digest"),
        pytest.param(":web.app.1", id="registered-version"),
        pytest.param(":web.app.latest", id="registered-latest"),
        pytest.param(":web." + "a" * MAX_IMAGE_LABEL_LENGTH + ".12", id="registered-longest-label"),
    ],
)
def test_image_accepted(image: str) -> None:
    """Registry references and well-formed registered images pass."""
    deployment({"image": image})


@pytest.mark.parametrize(
    "port",
    [
        pytest.param("0", id="zero"),
        pytest.param("65536", id="65536"),
        pytest.param("99999", id="99999"),
        pytest.param("-1", id="negative"),
        pytest.param("http", id="name"),
        pytest.param("80a", id="suffix"),
        pytest.param("", id="empty"),
        pytest.param("٨٠", id="arabic-digits"),
    ],
)
def test_port_rejected(port: str) -> None:
    """A port key that is not a number from 1 to 65535 is rejected."""
    error = raised(lambda: deployment({"ports": {port: "HTTP"}}))

    assert [problem.value for problem in error.problems] == [port]
    assert "use 1 to 65535" in error.problems[0].rule


@pytest.mark.parametrize("port", ["1", "8080", "65535"])
def test_port_accepted(port: str) -> None:
    """Port keys from 1 to 65535 pass."""
    deployment({"ports": {port: "TCP"}})


@pytest.mark.parametrize("protocol", ["FTP", "http", "", "GRPC"], ids=repr)
def test_protocol_rejected(protocol: str) -> None:
    """A protocol outside the model's enum is rejected; the names are case-sensitive."""
    assert paths(lambda: deployment({"ports": {"80": protocol}})) == ["containers.web.ports.80"]


@pytest.mark.parametrize("protocol", [*Protocol, *PROTOCOLS], ids=str)
def test_protocol_accepted(protocol: Protocol | str) -> None:
    """Every Protocol member and its string value pass."""
    deployment({"ports": {"53": protocol}})


def test_container_not_a_model() -> None:
    """A container given as a dict is rejected."""
    containers: Any = {"web": {"image": "nginx"}}

    assert paths(lambda: DeploymentRequest(containers)) == ["containers.web"]


def test_container_count_not_limited() -> None:
    """Neither an empty deployment nor 53 containers is rejected."""
    containers = {f"c{index}": Container(image="busybox") for index in range(53)}

    DeploymentRequest(containers)
    DeploymentRequest({})


# Public endpoint: developer guide, "Public endpoint parameters".


@pytest.mark.parametrize(
    ("ports", "target", "path"),
    [
        pytest.param(
            {"80": "HTTP"}, ("api", 80), "publicEndpoint.containerName", id="no-such-container"
        ),
        pytest.param(
            {"80": "HTTP"}, ("web", 8080), "publicEndpoint.containerPort", id="port-not-open"
        ),
        pytest.param({"80": "TCP"}, ("web", 80), "publicEndpoint.containerPort", id="tcp-port"),
        pytest.param({"53": "UDP"}, ("web", 53), "publicEndpoint.containerPort", id="udp-port"),
        pytest.param({}, ("web", 80), "publicEndpoint.containerPort", id="no-ports"),
    ],
)
def test_endpoint_target_rejected(
    ports: dict[str, str], target: tuple[str, int], path: str
) -> None:
    """The endpoint must name a container of the deployment with an open HTTP or HTTPS port."""
    call = lambda: deployment({"ports": ports}, endpoint=EndpointRequest(*target))  # noqa: E731

    assert paths(call) == [path]


@pytest.mark.parametrize(
    ("ports", "port"),
    [
        pytest.param({"80": "HTTP"}, 80, id="http"),
        pytest.param({"443": "HTTPS"}, 443, id="https"),
        pytest.param({"53": "UDP", "8080": Protocol.HTTP}, 8080, id="among-others"),
    ],
)
def test_endpoint_target_accepted(ports: dict[str, str], port: int) -> None:
    """An endpoint on an HTTP or HTTPS port of its container passes."""
    deployment({"ports": ports}, endpoint=endpoint(port))


@pytest.mark.parametrize("port", [0, 65536, True, "80"], ids=repr)
def test_endpoint_port_rejected(port: Any) -> None:
    """An endpoint port that is not an integer from 1 to 65535 is rejected."""
    assert paths(lambda: EndpointRequest("web", port)) == ["containerPort"]


@pytest.mark.parametrize("port", [1, 65535])
def test_endpoint_port_accepted(port: int) -> None:
    """Endpoint ports 1 and 65535 pass."""
    EndpointRequest("web", port)


def test_endpoint_container_name_missing() -> None:
    """An endpoint without a container name is rejected."""
    name: Any = None

    assert paths(lambda: EndpointRequest(name, 80)) == ["containerName"]


def test_endpoint_not_a_model() -> None:
    """An endpoint given as a dict is rejected."""
    not_endpoint: Any = {"containerName": "web", "containerPort": 80}

    assert paths(lambda: deployment(endpoint=not_endpoint)) == ["publicEndpoint"]


# Health check: API reference, ContainerServiceHealthCheckConfig.


@pytest.mark.parametrize(
    ("settings", "path"),
    [
        pytest.param({"timeout_seconds": 1}, "healthCheck.timeoutSeconds", id="timeout-1"),
        pytest.param({"timeout_seconds": 61}, "healthCheck.timeoutSeconds", id="timeout-61"),
        pytest.param({"interval_seconds": 4}, "healthCheck.intervalSeconds", id="interval-4"),
        pytest.param({"interval_seconds": 301}, "healthCheck.intervalSeconds", id="interval-301"),
        pytest.param({"interval_seconds": 5.5}, "healthCheck.intervalSeconds", id="interval-float"),
        pytest.param(
            {"healthy_threshold": "2"}, "healthCheck.healthyThreshold", id="threshold-str"
        ),
        pytest.param(
            {"unhealthy_threshold": 2.0}, "healthCheck.unhealthyThreshold", id="threshold-float"
        ),
        pytest.param({"path": 5}, "healthCheck.path", id="path-not-a-string"),
    ],
)
def test_health_check_rejected(settings: dict[str, Any], path: str) -> None:
    """Out-of-range times and values of the wrong type are rejected."""
    assert paths(lambda: endpoint(health_check=HealthCheck(**settings))) == [path]


@pytest.mark.parametrize(
    "settings",
    [
        pytest.param({"timeout_seconds": 2, "interval_seconds": 5}, id="minimum-times"),
        pytest.param({"timeout_seconds": 60, "interval_seconds": 300}, id="maximum-times"),
        pytest.param(
            {"healthy_threshold": 1, "unhealthy_threshold": 11}, id="thresholds-unchecked"
        ),
        pytest.param({"path": "/healthz"}, id="path"),
        pytest.param({"path": "health"}, id="path-without-slash-unchecked"),
        pytest.param({}, id="all-defaults"),
    ],
)
def test_health_check_accepted(settings: dict[str, Any]) -> None:
    """The documented limits pass, and the undocumented ones are not checked."""
    endpoint(health_check=HealthCheck(**settings))


@pytest.mark.parametrize(
    "codes",
    [
        "199",
        "500",
        "200-500",
        "200, 302",
        "2xx",
        "",
        "200-",
        ",200",
        "200;302",
        "2000",
    ],
)
def test_success_codes_rejected(codes: str) -> None:
    """Success codes outside 200 to 499 or in another format are rejected."""
    call = lambda: endpoint(health_check=HealthCheck(success_codes=codes))  # noqa: E731

    assert paths(call) == ["healthCheck.successCodes"]


@pytest.mark.parametrize(
    "codes", ["200", "499", "200-499", "200,302", "200-299,302,400-404", "300-200"]
)
def test_success_codes_accepted(codes: str) -> None:
    """Single codes, ranges and lists of both pass."""
    endpoint(health_check=HealthCheck(success_codes=codes))


def test_health_check_not_a_model() -> None:
    """A health check given as a dict is rejected."""
    not_health_check: Any = {"path": "/"}

    assert paths(lambda: endpoint(health_check=not_health_check)) == ["healthCheck"]


# Registered images belong to the service they are deployed to.


def test_registered_image_other_service() -> None:
    """A registered image of another service is rejected."""
    request = deployment({"image": ":other.app.1"})

    assert paths(lambda: check_create_deployment("web", request)) == ["containers.web.image"]
    assert paths(
        lambda: check_create_service("web", power="nano", scale=1, deployment=request)
    ) == ["deployment.containers.web.image"]


def test_registered_image_same_service() -> None:
    """A registered image of the same service passes."""
    request = deployment({"image": ":web.app.latest"})

    check_create_deployment("web", request)
    check_create_service("web", power="nano", scale=1, deployment=request)


def test_deployment_keywords_checked_together() -> None:
    """Containers passed as keywords are checked with the service name."""
    containers = {"web": Container(image=":other.app.1", ports={"99999": "HTTP"})}

    found = paths(lambda: check_create_deployment("-web", None, containers, endpoint(8080)))

    assert found == [
        "serviceName",
        "containers.web.ports.99999",
        "publicEndpoint.containerPort",
    ]


# Members of JSON data that the API shapes do not define.


@pytest.mark.parametrize(
    ("data", "path"),
    [
        pytest.param(
            {"containers": {"web": {"image": "nginx", "imgae": "x"}}},
            "containers.web.imgae",
            id="container",
        ),
        pytest.param(
            {"containers": {}, "publicEndpoint": {"containerName": "web", "port": 80}},
            "publicEndpoint.port",
            id="endpoint",
        ),
        pytest.param({"containers": {}, "serviceName": "web"}, "serviceName", id="deployment"),
    ],
)
def test_unknown_member_rejected(data: dict[str, Any], path: str) -> None:
    """JSON members that the API shape does not define are rejected."""
    assert path in paths(lambda: structure(data, DeploymentRequest))


@pytest.mark.parametrize(
    ("container", "path"),
    [
        pytest.param(
            {"image": "x", "command": "run"}, "containers.web.command", id="command-string"
        ),
        pytest.param({"image": "x", "command": [1]}, "containers.web.command", id="command-items"),
        pytest.param(
            {"image": "x", "environment": ["A=1"]},
            "containers.web.environment",
            id="environment-list",
        ),
        pytest.param(
            {"image": "x", "environment": {"A": 1}},
            "containers.web.environment.A",
            id="environment-value",
        ),
        pytest.param({"image": "x", "ports": ["80"]}, "containers.web.ports", id="ports-list"),
        pytest.param("nginx", "containers.web", id="container-string"),
    ],
)
def test_json_types_rejected(container: object, path: str) -> None:
    """JSON values of the wrong type are rejected with their paths."""
    data = {"containers": {"web": container}}

    assert paths(lambda: structure(data, DeploymentRequest)) == [path]


# The error and its problems.


def test_all_problems_reported_together() -> None:
    """One error lists every problem of a request, one line each."""
    call = lambda: check_create_service(  # noqa: E731
        "Web_Service",
        power="huge",
        scale=0,
        tags=[Tag("aws:x")],
        public_domain_names={"cert": ["-bad.example.com"]},
    )

    error = raised(call)

    assert [problem.path for problem in error.problems] == [
        "serviceName",
        "power",
        "scale",
        "tags[0].key",
        "publicDomainNames.cert[0]",
    ]
    assert len(str(error).splitlines()) == 5


def test_deployment_problems_in_member_order() -> None:
    """Problems follow the order of the containers and then the endpoint."""
    containers = {
        "Web": Container(image=":x", ports={"99999": "FTP"}),
        "api": Container(image="  "),
    }

    found = paths(lambda: DeploymentRequest(containers, EndpointRequest("nope", 80)))

    assert found == [
        "containers.Web",
        "containers.Web.image",
        "containers.Web.ports.99999",
        "containers.Web.ports.99999",
        "containers.api.image",
        "publicEndpoint.containerName",
    ]


def test_message_shows_path_value_and_rule() -> None:
    """A message gives the path, the value and the rule."""
    error = raised(lambda: deployment({"ports": {"99999": "HTTP"}}))

    assert str(error) == (
        "containers.web.ports.99999: '99999' is not a port number; use 1 to 65535"
    )


def test_missing_value_message() -> None:
    """A missing value reads as not set, without a value."""
    error = raised(lambda: deployment({"image": None}))

    assert str(error).startswith("containers.web.image: no image is set; use ")


def test_odd_keys_quoted_in_path() -> None:
    """A key with a line break is quoted, so the message stays one line."""
    error = raised(lambda: deployment(name="my\napp"))

    assert error.problems[0].path == "containers['my\\napp']"
    assert len(str(error).splitlines()) == 1


def test_long_value_shortened() -> None:
    """A long value is shortened in the message but kept in the problem."""
    error = raised(lambda: check_service_name("x" * 200))

    assert len(error.problems[0].message) < 250
    assert error.problems[0].value == "x" * 200


def test_error_types() -> None:
    """ValidationError is both the package's error and a ValueError."""
    error = raised(lambda: check_service_name("-"))

    assert isinstance(error, LightsailContainersError)
    assert isinstance(error, ValueError)


def test_error_pickles() -> None:
    """A pickled error keeps its problems and message."""
    error = raised(lambda: deployment({"environment": {"A": 1}}))

    copy = pickle.loads(pickle.dumps(error))  # noqa: S301  # our own object

    assert str(copy) == str(error)
    assert copy.problems[0].path == "containers.web.environment.A"


def test_environment_value_hidden() -> None:
    """A problem about an environment value shows the key only."""
    error = raised(lambda: deployment({"environment": {"TOKEN": 12345}}))

    assert error.problems[0].value is HIDDEN
    assert "12345" not in str(error)


def test_problem_is_plain_data() -> None:
    """A Problem formats as path, value and rule."""
    problem = Problem("scale", 0, "is not a valid scale")

    assert str(problem) == "scale: 0 is not a valid scale"
    assert attrs.evolve(problem, path="x").path == "x"


# Response models never reject what AWS sends.


def test_response_models_accept_anything() -> None:
    """Responses with values that requests may not send still convert."""
    service = structure_service(
        {
            "containerServiceName": "Odd_Name",
            "power": "xxlarge",
            "scale": 99,
            "currentDeployment": {
                "containers": {
                    "Web.App": {"image": "", "ports": {"99999": "GRPC", "x": "HTTP"}},
                },
                "publicEndpoint": {
                    "containerName": "nope",
                    "containerPort": 0,
                    "healthCheck": {"timeoutSeconds": 0, "successCodes": "any", "path": "x"},
                },
            },
        }
    )

    assert service.current_deployment is not None
    assert service.current_deployment.containers["Web.App"].ports["99999"] == "GRPC"


def test_container_alone_unchecked() -> None:
    """Container and HealthCheck, used in responses, check nothing."""
    Container(image="", ports={"99999": "GRPC"})
    HealthCheck(timeout_seconds=0, success_codes="any")


# The client checks before any call: the Stubber has no responses queued.

INVALID_CALLS: list[Any] = [
    pytest.param(lambda c: c.create_service("Web", power="nano", scale=1), id="create_service"),
    pytest.param(lambda c: c.create_deployment("Web", deployment()), id="create_deployment"),
    pytest.param(
        lambda c: c.create_deployment("web", containers={"web": Container(image="")}),
        id="create_deployment-keywords",
    ),
    pytest.param(lambda c: c.update_service("web", scale=21), id="update_service"),
    pytest.param(lambda c: c.get_service("-web"), id="get_service"),
    pytest.param(lambda c: c.delete_service("-web"), id="delete_service"),
    pytest.param(lambda c: c.wait_for_service("-web"), id="wait_for_service"),
    pytest.param(lambda c: c.wait_for_deployment("-web", 1), id="wait_for_deployment"),
    pytest.param(lambda c: c.wait_for_update("-web", scale=2), id="wait_for_update"),
    pytest.param(lambda c: c.wait_for_deletion("-web"), id="wait_for_deletion"),
    pytest.param(lambda c: c.wait_for_services(["web", "-web"]), id="wait_for_services"),
    pytest.param(lambda c: c.wait_for_deployments({"-web": 1}), id="wait_for_deployments"),
]


@pytest.mark.parametrize("call", INVALID_CALLS)
def test_client_checks_before_call(
    stubbed: tuple[LightsailClient, Stubber], call: Callable[[ContainerServiceClient], object]
) -> None:
    """Each client method raises ValidationError before any call to AWS."""
    lightsail, _ = stubbed

    with pytest.raises(ValidationError):
        call(ContainerServiceClient(lightsail))


def test_client_tags_from_iterator_sent(stubbed: tuple[LightsailClient, Stubber]) -> None:
    """Tags from a generator are not consumed by the check and reach AWS."""
    lightsail, stubber = stubbed
    stubber.add_response(
        "create_container_service",
        load_json("responses/create-container-service.pending.2022.json"),
        {"serviceName": "web", "power": "nano", "scale": 1, "tags": [{"key": "team"}]},
    )

    def tags() -> Iterator[Tag]:
        yield Tag("team")

    ContainerServiceClient(lightsail).create_service("web", power="nano", scale=1, tags=tags())


def test_service_names_iterator_unchecked() -> None:
    """A one-shot iterator of names is left unchecked."""
    check_service_names(iter(["-web"]))


# The limits match the installed botocore service model.


def test_limits_match_service_model() -> None:
    """The name patterns and limits equal the installed botocore model's."""
    model = lightsail_model()
    service_name = model.shape_for("ContainerServiceName").metadata
    container_name = model.shape_for("ContainerName").metadata
    label = model.shape_for("ContainerLabel").metadata
    scale = model.shape_for("ContainerServiceScale").metadata

    assert service_name["pattern"] == f"^{_NAME.pattern}$"
    assert container_name["pattern"] == f"^{_NAME.pattern}$"
    assert label["pattern"] == f"^{_NAME.pattern}$"
    assert service_name["max"] == MAX_SERVICE_NAME_LENGTH
    assert container_name["max"] == MAX_CONTAINER_NAME_LENGTH
    assert label["max"] == MAX_IMAGE_LABEL_LENGTH
    assert (scale["min"], scale["max"]) == (MIN_SCALE, MAX_SCALE)


def model_enum(name: str) -> list[str]:
    """Return the enum values of a string shape of the service model."""
    shape = lightsail_model().shape_for(name)
    assert isinstance(shape, StringShape)
    return list(shape.enum)


def model_members(name: str) -> set[str]:
    """Return the member names of a structure shape of the service model."""
    shape = lightsail_model().shape_for(name)
    assert isinstance(shape, StructureShape)
    return set(shape.members)


def test_enums_and_members_match_service_model() -> None:
    """The enums and shape members equal the installed botocore model's."""
    assert list(POWERS) == model_enum("ContainerServicePowerName")
    assert list(PROTOCOLS) == model_enum("ContainerServiceProtocol")
    assert set(_CONTAINER_MEMBERS) == model_members("Container")
    assert set(_ENDPOINT_MEMBERS) == model_members("EndpointRequest")
    assert set(_HEALTH_CHECK_MEMBERS) == model_members("ContainerServiceHealthCheckConfig")
    assert set(_DEPLOYMENT_MEMBERS) == model_members("ContainerServiceDeploymentRequest")


# Valid generated requests never raise.

_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?"
SERVICE_NAMES = st.from_regex(r"\A(?:[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]{1,61}[a-z0-9])\Z")
CONTAINER_NAMES = st.from_regex(r"\A(?:[a-z0-9]{1,2}|[a-z0-9][a-z0-9-]{1,51}[a-z0-9])\Z")
REGISTRY_IMAGES = st.from_regex(r"\A[a-z0-9][a-z0-9._/-]{0,30}(?::[A-Za-z0-9._-]{1,20})?\Z")
PORTS = st.integers(min_value=1, max_value=65535)
TEXT = st.text(max_size=12)
TAG_TEXT = st.text(
    alphabet=st.one_of(st.characters(categories=("L", "N", "Zs")), st.sampled_from("+-=._:/@")),
    max_size=40,
).filter(lambda text: not text.startswith("aws:"))


@st.composite
def success_codes(draw: st.DrawFn) -> str:
    """Draw a successCodes value: codes and ranges from 200 to 499."""
    codes = st.integers(min_value=200, max_value=499).map(str)
    items = st.one_of(codes, st.tuples(codes, codes).map("-".join))
    return ",".join(draw(st.lists(items, min_size=1, max_size=3)))


HEALTH_CHECKS = st.builds(
    HealthCheck,
    healthy_threshold=st.none() | st.integers(min_value=2, max_value=10),
    unhealthy_threshold=st.none() | st.integers(min_value=2, max_value=10),
    timeout_seconds=st.none() | st.integers(min_value=2, max_value=60),
    interval_seconds=st.none() | st.integers(min_value=5, max_value=300),
    path=st.none() | st.from_regex(r"\A/[a-z0-9/._-]{0,20}\Z"),
    success_codes=st.none() | success_codes(),
)


@st.composite
def containers(draw: st.DrawFn, service_name: str) -> Container:
    """Draw a container with a registry image or an image registered on the service."""
    registered = st.builds(
        lambda label, version: f":{service_name}.{label}.{version}",
        CONTAINER_NAMES,
        st.one_of(st.integers(min_value=1, max_value=999).map(str), st.just("latest")),
    )
    return Container(
        image=draw(st.one_of(REGISTRY_IMAGES, registered)),
        command=draw(st.lists(TEXT, max_size=3)),
        environment=draw(st.dictionaries(TEXT, TEXT, max_size=3)),
        ports=draw(st.dictionaries(PORTS.map(str), st.sampled_from(Protocol), max_size=3)),
    )


@st.composite
def deployments(draw: st.DrawFn, service_name: str) -> dict[str, Any]:
    """Draw the containers and public endpoint of a valid deployment."""
    names = draw(st.lists(CONTAINER_NAMES, min_size=1, max_size=4, unique=True))
    drawn = {name: draw(containers(service_name)) for name in names}
    if not draw(st.booleans()):
        return {"containers": drawn, "public_endpoint": None}

    name = draw(st.sampled_from(names))
    port = draw(PORTS)
    protocol = draw(st.sampled_from([Protocol.HTTP, Protocol.HTTPS]))
    drawn[name] = attrs.evolve(drawn[name], ports={**drawn[name].ports, str(port): protocol})
    health_check = draw(st.none() | HEALTH_CHECKS)
    return {"containers": drawn, "public_endpoint": EndpointRequest(name, port, health_check)}


@st.composite
def create_service_calls(draw: st.DrawFn) -> dict[str, Any]:
    """Draw the arguments of a valid create_service call."""
    service_name = draw(SERVICE_NAMES)
    domain = st.lists(st.from_regex(rf"\A{_LABEL}\Z"), min_size=2, max_size=3).map(".".join)
    return {
        "service_name": service_name,
        "power": draw(st.sampled_from(Power)),
        "scale": draw(st.integers(min_value=MIN_SCALE, max_value=MAX_SCALE)),
        "tags": draw(
            st.lists(
                st.builds(Tag, TAG_TEXT, st.none() | TAG_TEXT),
                max_size=5,
                unique_by=lambda tag: tag.key,
            )
        ),
        "public_domain_names": draw(
            st.dictionaries(st.sampled_from(["cert-1", "cert-2"]), st.lists(domain, max_size=2))
        ),
        "deployment": draw(deployments(service_name)),
    }


@given(create_service_calls())
def test_valid_requests_never_raise(call: dict[str, Any]) -> None:
    """Generated valid requests pass every check and survive a round trip."""
    request = DeploymentRequest(**call.pop("deployment"))

    check_create_service(**call, deployment=request)
    check_create_deployment(call["service_name"], request)
    assert structure(unstructure(request), DeploymentRequest) == request
