"""Both clients check their options when they are created, before any call."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from lightsail_containers import (
    AsyncContainerServiceClient,
    ContainerServiceClient,
    PollingPolicy,
)

CLIENTS = [ContainerServiceClient, AsyncContainerServiceClient]


def lightsail() -> Any:
    return boto3.client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",  # noqa: S106  # a dummy for the offline client
    )


@pytest.mark.parametrize("client_type", CLIENTS)
@pytest.mark.parametrize("seconds", [-1, float("nan"), float("inf"), "30", True, None])
def test_bad_retry_timeout_rejected(client_type: Any, seconds: object) -> None:
    with pytest.raises(ValueError, match="retry_timeout_seconds must be a finite number") as caught:
        client_type(lightsail(), retry_timeout_seconds=seconds)

    assert repr(seconds) in str(caught.value)


@pytest.mark.parametrize("client_type", CLIENTS)
@pytest.mark.parametrize("polling", [3, {"timeout_seconds": 60}, "fast"])
def test_bad_polling_rejected(client_type: Any, polling: object) -> None:
    with pytest.raises(TypeError, match="polling must be a PollingPolicy or None") as caught:
        client_type(lightsail(), polling=polling)

    assert type(polling).__name__ in str(caught.value)


@pytest.mark.parametrize("client_type", CLIENTS)
def test_good_options_kept(client_type: Any) -> None:
    policy = PollingPolicy(timeout_seconds=60)

    client = client_type(lightsail(), polling=policy, retry_timeout_seconds=0)

    assert client.polling is policy
    assert client.retry_timeout_seconds == 0


@pytest.mark.parametrize("client_type", CLIENTS)
def test_default_polling_policy(client_type: Any) -> None:
    client = client_type(lightsail())

    assert client.polling == PollingPolicy()
