"""The async client's place in the package: loaded on first use, without aiobotocore."""

from __future__ import annotations

import subprocess
import sys

import pytest

import lightsail_containers


def test_import_leaves_async_out() -> None:
    """Importing the package loads neither the async client nor aiobotocore."""
    code = (
        "import sys, lightsail_containers\n"
        "loaded = {'aiobotocore', 'lightsail_containers._async_client'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )

    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603


def test_async_client_loads_without_aiobotocore() -> None:
    """The async client's class loads on first use, still without aiobotocore."""
    code = (
        "import sys, lightsail_containers\n"
        "lightsail_containers.AsyncContainerServiceClient\n"
        "assert 'aiobotocore' not in sys.modules, 'aiobotocore was imported'\n"
    )

    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603

    assert lightsail_containers.AsyncContainerServiceClient.__name__ == (
        "AsyncContainerServiceClient"
    )


@pytest.mark.asyncio
async def test_from_session_without_aiobotocore_says_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without aiobotocore, from_session names the extra that installs it."""
    monkeypatch.setitem(sys.modules, "aiobotocore.session", None)

    with pytest.raises(ModuleNotFoundError, match=r"lightsail-containers\[async\]"):
        async with lightsail_containers.AsyncContainerServiceClient.from_session(
            region_name="us-east-1"
        ):
            pass
