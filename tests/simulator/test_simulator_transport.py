from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, cast

import botocore.session
import pytest
from botocore.config import Config

from lightsail_containers.simulator import Simulator, VirtualClock

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from mypy_boto3_lightsail import LightsailClient


def other_client(service: str = "lightsail", region: str = "eu-west-2") -> BaseClient:
    """Create a client outside the simulator, as an application would."""
    session = botocore.session.Session()
    return session.create_client(
        service,
        region_name=region,
        aws_access_key_id="EXAMPLE",
        aws_secret_access_key="example-secret",  # noqa: S106 - a placeholder
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )


def other_lightsail_client(region: str = "eu-west-2") -> LightsailClient:
    return cast("LightsailClient", other_client(region=region))


def test_attach_answers_client_made_elsewhere() -> None:
    sim = Simulator()
    client = other_lightsail_client()

    sim.attach(client)
    created = client.create_container_service(serviceName="web", power="nano", scale=1)

    service = created["containerService"]
    assert service["location"]["regionName"] == "eu-west-2"
    assert ":eu-west-2:" in service["arn"]
    assert sim.calls == ["CreateContainerService"]


def test_regions_keep_separate_services() -> None:
    sim = Simulator(region="us-east-1")
    east = sim.client()
    west = other_lightsail_client()
    sim.attach(west)

    east.create_container_service(serviceName="web", power="nano", scale=1)
    west.create_container_service(serviceName="web", power="micro", scale=1)

    assert [s["power"] for s in east.get_container_services()["containerServices"]] == ["nano"]
    assert [s["power"] for s in west.get_container_services()["containerServices"]] == ["micro"]


def test_regions_share_the_clock() -> None:
    clock = VirtualClock()
    sim = Simulator(clock=clock)
    west = other_lightsail_client()
    sim.attach(west)
    west.create_container_service(serviceName="web", power="nano", scale=1)

    clock.sleep(sim.durations.provisioning)

    assert west.get_container_services()["containerServices"][0]["state"] == "READY"
    assert sim.deployments("web", region="eu-west-2") == []


def test_attach_twice_answers_once() -> None:
    sim = Simulator()
    client = sim.client()

    sim.attach(client)
    client.get_container_services()

    assert sim.calls == ["GetContainerServices"]


def test_attach_rejects_other_services() -> None:
    sim = Simulator()

    with pytest.raises(ValueError, match="Lightsail clients only, got a sts client"):
        sim.attach(other_client(service="sts"))


def test_attach_rejects_region_without_lightsail() -> None:
    sim = Simulator()

    with pytest.raises(ValueError, match="'us-gov-west-1'"):
        sim.attach(other_client(region="us-gov-west-1"))


def test_simulator_rejects_invalid_settings() -> None:
    with pytest.raises(ValueError, match="'mars-north-1'"):
        Simulator(region="mars-north-1")
    with pytest.raises(ValueError, match="12 digits"):
        Simulator(account_id="1234")


def test_simulator_settings_shown_in_responses() -> None:
    sim = Simulator(region="ca-central-1", account_id="444455556666")

    service = sim.client().create_container_service(serviceName="web", power="nano", scale=1)

    assert sim.region == "ca-central-1"
    assert sim.account_id == "444455556666"
    assert re.match(
        r"arn:aws:lightsail:ca-central-1:444455556666:ContainerService/",
        service["containerService"]["arn"],
    )


def test_client_defaults() -> None:
    client = Simulator(region="eu-west-3").client()

    assert client.meta.region_name == "eu-west-3"
    # botocore-stubs declares no attributes on Config, so read them through vars().
    assert vars(client.meta.config)["retries"] == {"mode": "standard", "total_max_attempts": 1}


def test_client_merges_config() -> None:
    sim = Simulator()

    client = sim.client(config=Config(retries={"mode": "standard", "max_attempts": 2}))
    client.get_container_services()

    assert vars(client.meta.config)["retries"] == {"mode": "standard", "total_max_attempts": 3}
    assert sim.calls == ["GetContainerServices"]


def test_client_without_parameter_validation() -> None:
    sim = Simulator()
    client = sim.client(parameter_validation=False)

    with pytest.raises(client.exceptions.InvalidInputException):
        client.create_container_service(serviceName="web", power="nano", scale=0)

    assert sim.calls == ["CreateContainerService"]


def test_requests_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    client = Simulator().client()

    with caplog.at_level(logging.DEBUG, logger="lightsail_containers.simulator"):
        client.get_container_services()
        with pytest.raises(client.exceptions.NotFoundException):
            client.get_container_services(serviceName="absent")

    messages = [
        record.getMessage()
        for record in caplog.records
        if record.name == "lightsail_containers.simulator"
    ]
    assert any(message.startswith("GetContainerServices in us-east-1") for message in messages)
    assert any("NotFoundException" in message for message in messages)
