"""Measure conversion, import and memory costs side by side with boto3, pydantic and msgspec.

The response is a GetContainerServices response of 50 services, each with a current and
a next deployment of two containers (about 100 KB of JSON). Every figure is a median
of rounds that time each contender once, in turn, in this process, except import
times, which come from fresh processes. Run it with ``nox -s bench``, which installs
pydantic and msgspec for the comparison only, or from a development environment that
has them with ``PYTHONPATH=src:benchmarks python benchmarks/conversion.py``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import timeit
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.compat import HTTPHeaders

from lightsail_containers import Container, DeploymentRequest, EndpointRequest, HealthCheck
from lightsail_containers._converter import structure_service, unstructure

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    from mypy_boto3_lightsail import LightsailClient

PAGE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START_MARK = "<!-- conversion:start -->"
END_MARK = "<!-- conversion:end -->"
SERVICES = 50


def container(name: str, port: int) -> dict[str, Any]:
    """Return one container as AWS sends it."""
    return {
        "image": f":svc.{name}.12",
        "command": ["sh", "-c", f"exec python -m {name} --port {port}"],
        "environment": {"LOG_LEVEL": "info", "PORT": str(port), "REGION": "us-east-1"},
        "ports": {str(port): "HTTP"},
    }


def deployment(version: int, state: str, created: datetime) -> dict[str, Any]:
    """Return one deployment of two containers with a public endpoint."""
    return {
        "version": version,
        "state": state,
        "containers": {"app": container("app", 8000), "worker": container("worker", 8001)},
        "publicEndpoint": {
            "containerName": "app",
            "containerPort": 8000,
            "healthCheck": {
                "healthyThreshold": 2,
                "unhealthyThreshold": 2,
                "timeoutSeconds": 5,
                "intervalSeconds": 10,
                "path": "/health",
                "successCodes": "200-499",
            },
        },
        "createdAt": created.timestamp(),
    }


def service(index: int) -> dict[str, Any]:
    """Return one DEPLOYING service in the wire form (epoch timestamps)."""
    created = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(hours=index)
    name = f"service-{index:03d}"
    return {
        "containerServiceName": name,
        "arn": f"arn:aws:lightsail:us-east-1:111122223333:ContainerService/{index:08d}-aaaa",
        "createdAt": created.timestamp(),
        "location": {"availabilityZone": "all", "regionName": "us-east-1"},
        "resourceType": "ContainerService",
        "tags": [{"key": "team", "value": "web"}],
        "power": "small",
        "powerId": "small-1",
        "state": "DEPLOYING",
        "stateDetail": {"code": "EVALUATING_HEALTH_CHECK", "message": "checking"},
        "scale": 2,
        "currentDeployment": deployment(3, "ACTIVE", created),
        "nextDeployment": deployment(4, "ACTIVATING", created + timedelta(minutes=5)),
        "isDisabled": False,
        "principalArn": f"arn:aws:iam::444455556666:role/amazon/lightsail/{name}",
        "privateDomainName": f"{name}.service.local",
        "publicDomainNames": {},
        "url": f"https://{name}.exampleguid13.us-east-1.cs.amazonlightsail.com/",
        "privateRegistryAccess": {"ecrImagePullerRole": {"isActive": False, "principalArn": ""}},
    }


def wire_body(count: int = SERVICES) -> bytes:
    """Return the JSON body of a GetContainerServices response of ``count`` services."""
    return json.dumps({"containerServices": [service(i) for i in range(count)]}).encode()


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self.body


def stubbed_client(body: bytes) -> LightsailClient:
    """Return a boto3 Lightsail client whose HTTP layer returns ``body``."""
    client = boto3.client(
        "lightsail",
        region_name="us-east-1",
        aws_access_key_id="bench",
        aws_secret_access_key="bench",  # noqa: S106  # a dummy for the offline client
    )

    def respond(request: AWSPreparedRequest, **_: object) -> AWSResponse:
        headers = HTTPHeaders.from_dict({"x-amzn-RequestId": "bench"})
        return AWSResponse(request.url, 200, headers, _Raw(body))

    # botocore-stubs types handlers as returning None, but botocore sends no request
    # when a before-send handler returns a response.
    client.meta.events.register("before-send.lightsail", cast("Callable[..., None]", respond))
    return client


def median_seconds(functions: Mapping[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Return the median time of one call of each function, timed in turns.

    Each round times every function once, so a change of the machine's load during the
    run affects all of them alike.
    """
    timers = {name: timeit.Timer(function) for name, function in functions.items()}
    numbers = {name: timer.autorange()[0] for name, timer in timers.items()}
    samples: dict[str, list[float]] = {name: [] for name in timers}
    for _ in range(repeat):
        for name, timer in timers.items():
            samples[name].append(timer.timeit(numbers[name]) / numbers[name])

    return {name: statistics.median(times) for name, times in samples.items()}


def pydantic_models(name: str) -> Callable[[Any], object]:
    """Return the validator of the pydantic model ``name`` of comparison_models."""
    import comparison_models  # noqa: PLC0415  # needs pydantic, installed for benchmarks

    return getattr(comparison_models, name).model_validate  # type: ignore[no-any-return]


def msgspec_convert() -> Callable[[Any], object]:
    """Return a converter of the services into flat msgspec structs."""
    import comparison_models  # noqa: PLC0415  # needs msgspec, installed for benchmarks

    return comparison_models.msgspec_services  # type: ignore[no-any-return]


def import_seconds(codes: Mapping[str, str], runs: int) -> dict[str, float]:
    """Return the median wall time of a fresh interpreter that runs each code, in turns.

    The interpreters share a bytecode cache in a temporary directory, filled by one
    untimed run of each code. They load compiled modules as from an installed
    package, which pip compiles on install, even where PYTHONDONTWRITEBYTECODE is set
    or the package runs from its source tree.
    """
    samples: dict[str, list[float]] = {name: [] for name in codes}
    with tempfile.TemporaryDirectory() as cache:
        environment = {**os.environ, "PYTHONPYCACHEPREFIX": cache}
        environment.pop("PYTHONDONTWRITEBYTECODE", None)
        for code in codes.values():
            subprocess.run([sys.executable, "-c", code], check=True, env=environment)  # noqa: S603

        for _ in range(runs):
            for name, code in codes.items():
                started = timeit.default_timer()
                subprocess.run([sys.executable, "-c", code], check=True, env=environment)  # noqa: S603
                samples[name].append(timeit.default_timer() - started)

    return {name: statistics.median(times) for name, times in samples.items()}


def memory_bytes(build: Callable[[], object]) -> int:
    """Return the memory that the object built by ``build`` keeps allocated."""
    gc.collect()
    tracemalloc.start()
    kept = build()
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del kept
    return size


def conversion_rows(repeat: int) -> tuple[list[str], dict[str, float]]:
    """Measure the response conversion; return table rows and the ratios of the goals."""
    body = wire_body()
    client = stubbed_client(body)
    parsed = client.get_container_services()["containerServices"]
    per_service = 1e6 / SERVICES
    validate = pydantic_models("PService")
    validate_flat = pydantic_models("PFlatService")
    convert = msgspec_convert()

    seconds = median_seconds(
        {
            "botocore call, serialize and parse (HTTP stubbed)": client.get_container_services,
            "json.loads of the body": lambda: json.loads(body),
            "lightsail-containers structure": lambda: [structure_service(i) for i in parsed],
            "pydantic v2, equivalent frozen models": lambda: [validate(i) for i in parsed],
            "pydantic v2, flat models (dicts and str)": lambda: [validate_flat(i) for i in parsed],
            "msgspec convert, flat structs (dicts and str)": lambda: convert(parsed),
        },
        repeat,
    )

    botocore_time = seconds["botocore call, serialize and parse (HTTP stubbed)"]
    pydantic_time = seconds["pydantic v2, equivalent frozen models"]
    rows = [
        f"| {name} | {time * per_service:.1f} | {time / botocore_time:.2f} | "
        f"{time / pydantic_time:.2f} |"
        for name, time in seconds.items()
    ]
    title = f"response of {SERVICES} services ({len(body) / 1024:.0f} KiB)"
    ours = seconds["lightsail-containers structure"]
    ratios = {
        "structure/pydantic": ours / pydantic_time,
        "structure/botocore": ours / botocore_time,
    }
    return [
        f"| {title} | us per service | ratio to botocore | ratio to pydantic |",
        "|---|---:|---:|---:|",
        *rows,
    ], ratios


def request_rows(repeat: int) -> tuple[list[str], dict[str, float]]:
    """Measure unstructuring a deployment request, against pydantic's model_dump."""
    request = DeploymentRequest(
        containers={
            "app": Container(image="nginx:1.27", ports={"80": "HTTP"}, environment={"A": "1"}),
            "worker": Container(image="busybox", command=["sh", "-c", "sleep 1"]),
        },
        public_endpoint=EndpointRequest("app", 80, HealthCheck(path="/health")),
    )
    validate = pydantic_models("PDeploymentRequest")
    pydantic_request: Any = validate(unstructure(request))

    seconds = median_seconds(
        {
            "lightsail-containers unstructure": lambda: unstructure(request),
            "pydantic v2 model_dump(by_alias=True, exclude_none=True)": lambda: (
                pydantic_request.model_dump(by_alias=True, exclude_none=True)
            ),
        },
        repeat,
    )

    pydantic_time = seconds["pydantic v2 model_dump(by_alias=True, exclude_none=True)"]
    ratio = seconds["lightsail-containers unstructure"] / pydantic_time
    return [
        "| deployment request to dict | us per request | ratio to pydantic |",
        "|---|---:|---:|",
        *(
            f"| {name} | {time * 1e6:.1f} | {time / pydantic_time:.2f} |"
            for name, time in seconds.items()
        ),
    ], {"unstructure/pydantic": ratio}


# A fresh process's boto3 client, whose HTTP layer returns a GetContainerServices response of
# one service, for the first-call figures.
FIRST_CALL_SETUP = """
import boto3
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders

class Raw:
    def stream(self, **_):
        yield BODY

lightsail = boto3.client(
    "lightsail", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
)
lightsail.meta.events.register(
    "before-send.lightsail",
    lambda request, **_: AWSResponse(request.url, 200, HTTPHeaders.from_dict({}), Raw()),
)
"""


def import_rows(runs: int) -> tuple[list[str], dict[str, float]]:
    """Measure import plus client creation, and a first call, in fresh processes.

    The package loads its models, converter and waiters on first use, so the first
    call shows the cost that client creation leaves for later.
    """
    client = (
        "boto3.client('lightsail', region_name='us-east-1', "
        "aws_access_key_id='x', aws_secret_access_key='x')"
    )
    setup = f"BODY = {json.dumps({'containerServices': [service(0)]}).encode()!r}\n"
    setup += FIRST_CALL_SETUP
    codes = {
        "boto3": f"import boto3; {client}",
        "ours": f"import boto3, lightsail_containers as lc; lc.ContainerServiceClient({client})",
        "boto3 call": setup + "lightsail.get_container_services(serviceName='service-000')\n",
        "ours call": setup
        + (
            "import lightsail_containers as lc\n"
            "lc.ContainerServiceClient(lightsail).get_service('service-000')\n"
        ),
    }
    seconds = import_seconds(codes, runs)

    def row(label: str, name: str, base: str) -> str:
        ratio = seconds[name] / seconds[base]
        return f"| {label} | {seconds[name] * 1e3:.0f} | {ratio:.2f} |"

    ratio = seconds["ours"] / seconds["boto3"]
    return [
        "| fresh process | ms (median) | ratio to boto3 |",
        "|---|---:|---:|",
        row("import boto3 and create a Lightsail client", "boto3", "boto3"),
        row("the same plus import lightsail_containers and wrap it", "ours", "boto3"),
        row(
            "boto3: the same and one GetContainerServices call (HTTP stubbed)",
            "boto3 call",
            "boto3 call",
        ),
        row("lightsail_containers: the same call, returning a model", "ours call", "boto3 call"),
    ], {"import/boto3": ratio}


def memory_rows() -> tuple[list[str], dict[str, float]]:
    """Measure the memory of 1,000 services as boto3 dicts and as models.

    The models keep their boto3 dict in ``raw``, so a list of models keeps both alive.
    """
    client = stubbed_client(wire_body(1000))
    dicts_bytes = memory_bytes(lambda: client.get_container_services()["containerServices"])
    parsed = client.get_container_services()["containerServices"]
    models_bytes = memory_bytes(lambda: [structure_service(item) for item in parsed])
    both = dicts_bytes + models_bytes
    return [
        "| 1,000 services | MiB | ratio to dicts |",
        "|---|---:|---:|",
        f"| boto3 dicts | {dicts_bytes / 2**20:.1f} | 1.00 |",
        f"| models alone | {models_bytes / 2**20:.1f} | {models_bytes / dicts_bytes:.2f} |",
        (
            f"| models with the dicts they keep in `raw` | {both / 2**20:.1f} | "
            f"{both / dicts_bytes:.2f} |"
        ),
    ], {"memory/dicts": both / dicts_bytes}


# The goals of the package, as (what, ratio key, largest ratio allowed).
GOALS = (
    ("conversion of a response, against pydantic", "structure/pydantic", 1.0),
    ("conversion of a response, against botocore's call", "structure/botocore", 0.12),
    ("unstructuring a request, against pydantic", "unstructure/pydantic", 1.0),
    ("import and client creation, against boto3's", "import/boto3", 1.15),
    ("memory of 1,000 services with `raw`, against their dicts", "memory/dicts", 2.0),
)


def goal_rows(ratios: Mapping[str, float]) -> list[str]:
    """Return a table of each goal's ratio, to three places, and whether this run met it."""
    rows = ["| goal | ratio | at most | met |", "|---|---:|---:|---|"]
    for label, key, limit in GOALS:
        met = "yes" if ratios[key] <= limit else "no"
        rows.append(f"| {label} | {ratios[key]:.3f} | {limit:.2f} | {met} |")
    return rows


def write_page(section: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md."""
    text = PAGE.read_text() if PAGE.exists() else "# Benchmarks\n"
    block = f"{START_MARK}\n{section}\n{END_MARK}"
    if START_MARK in text:
        before, rest = text.split(START_MARK, 1)
        text = before + block + rest.split(END_MARK, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    PAGE.write_text(text)


def cpu_name() -> str:
    """Return the processor's model name, where Linux reports it."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def command() -> str:
    """Return the command that runs this benchmark, as the page should show it."""
    if "NOX_CURRENT_SESSION" in os.environ:
        return "nox -s bench"

    arguments = " ".join(sys.argv[1:])
    return f"PYTHONPATH=src:benchmarks python benchmarks/conversion.py {arguments}".strip()


def main() -> None:
    """Run the measurements, print the tables and write them to the benchmark page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="timing rounds")
    parser.add_argument("--import-runs", type=int, default=25, help="fresh processes each")
    parser.add_argument("--no-write", action="store_true", help="print only")
    arguments = parser.parse_args()

    measured = [
        conversion_rows(arguments.repeat),
        request_rows(arguments.repeat),
        import_rows(arguments.import_runs),
        memory_rows(),
    ]
    ratios = {key: ratio for _, found in measured for key, ratio in found.items()}
    tables = [goal_rows(ratios), *(rows for rows, _ in measured)]
    machine = f"{platform.machine()}, {cpu_name()}, {os.cpu_count()} cores"
    section = (
        "## Conversion, import and memory\n\n"
        f"Command: `{command()}`. Python {platform.python_version()} on {machine}, "
        f"{arguments.repeat} timing rounds, {arguments.import_runs} fresh processes per "
        "import figure. Each round times every contender once, in turn, and the tables "
        "give medians. The fresh processes load modules from a warm bytecode cache, as an "
        "installed package does.\n\n" + "\n\n".join("\n".join(rows) for rows in tables)
    )
    print(section)
    if not arguments.no_write:
        write_page(section)


if __name__ == "__main__":
    main()
