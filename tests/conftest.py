"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.stub import Stubber

from support import container_service_shape

if TYPE_CHECKING:
    from collections.abc import Iterator

    from botocore.model import StructureShape
    from mypy_boto3_lightsail import LightsailClient


@pytest.fixture(autouse=True)
def _isolated_aws_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the user's AWS profile, config files and instance metadata out of every test."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def service_shape() -> StructureShape:
    """The botocore shape of one ContainerService."""
    return container_service_shape()


@pytest.fixture
def stubbed() -> Iterator[tuple[LightsailClient, Stubber]]:
    """A boto3 Lightsail client under botocore's Stubber, with dummy credentials."""
    client = boto3.client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106  # a dummy for the offline client
    )
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()
