"""Fixtures shared by the test modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
import pytest
from botocore.stub import Stubber

from support import container_service_shape

if TYPE_CHECKING:
    from collections.abc import Iterator

    from botocore.model import StructureShape
    from mypy_boto3_lightsail import LightsailClient


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
