"""What importing the package and creating a client load, and what waits for first use."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import lightsail_containers

# Creating a client loads none of these; the first call that needs one loads it.
DEFERRED = (
    "cattrs",
    "tenacity",
    "lightsail_containers._async_client",
    "lightsail_containers._cli",
    "lightsail_containers._converter",
    "lightsail_containers._display",
    "lightsail_containers._models",
    "lightsail_containers._requests",
    "lightsail_containers._validation",
    "lightsail_containers._waiter",
    "lightsail_containers.simulator",
)

START = """
import boto3
import lightsail_containers as lc

lightsail = boto3.client(
    "lightsail", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
)
client = lc.ContainerServiceClient(lightsail)
"""


def loaded_modules(code: str) -> set[str]:
    """Return the names of the modules that a fresh interpreter has loaded after ``code``."""
    code = f"import sys\n{code}\nprint('\\n'.join(sys.modules))\n"
    result = subprocess.run(  # noqa: S603  # runs this environment's Python on fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    return set(result.stdout.splitlines())


def test_creating_a_client_defers_the_rest() -> None:
    modules = loaded_modules(START)

    assert "lightsail_containers._client" in modules
    assert not modules & set(DEFERRED)


def test_first_call_loads_what_it_needs() -> None:
    code = START + (
        "from botocore.stub import Stubber\n"
        "with Stubber(lightsail) as stub:\n"
        "    stub.add_response('get_container_services', {'containerServices': [\n"
        "        {'containerServiceName': 'web', 'state': 'READY'}]})\n"
        "    assert client.get_service('web').state == lc.ContainerServiceState.READY\n"
    )

    modules = loaded_modules(code)

    assert {"lightsail_containers._models", "lightsail_containers._converter"} <= modules
    assert "lightsail_containers._waiter" not in modules


def first_name_of_each_module() -> list[str]:
    """Return one public name per module that exports any, to load each module first."""
    firsts: dict[str, str] = {}
    for name, module in lightsail_containers._EXPORTS.items():
        firsts.setdefault(module, name)
    return sorted(firsts.values())


@pytest.mark.parametrize("name", first_name_of_each_module())
def test_each_module_loads_first_in_a_fresh_process(name: str) -> None:
    module = lightsail_containers._EXPORTS[name]

    modules = loaded_modules(f"import lightsail_containers\nlightsail_containers.{name}\n")

    assert f"lightsail_containers.{module}" in modules


def test_each_public_name_comes_from_its_module() -> None:
    for name, module in lightsail_containers._EXPORTS.items():
        owner = importlib.import_module(f"lightsail_containers.{module}")

        assert getattr(lightsail_containers, name) is getattr(owner, name)


def test_dir_lists_every_public_name() -> None:
    assert set(lightsail_containers.__all__) <= set(dir(lightsail_containers))


def test_package_caches_loaded_name() -> None:
    value = lightsail_containers.Deployment

    assert vars(lightsail_containers)["Deployment"] is value


def test_creating_an_async_client_defers_the_rest() -> None:
    code = (
        "import lightsail_containers as lc\n"
        "lc.AsyncContainerServiceClient(object())\n"  # the constructor only keeps the client
    )

    modules = loaded_modules(code)

    assert "lightsail_containers._async_client" in modules
    assert not modules & {*DEFERRED, "lightsail_containers._async_waiter", "aiobotocore"} - {
        "lightsail_containers._async_client"
    }
