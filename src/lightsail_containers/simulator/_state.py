"""Saving the simulator's services to a JSON file and loading them back."""

from __future__ import annotations

import collections
import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lightsail_containers._enums import ContainerServiceState, DeploymentState, StateDetailCode
from lightsail_containers.simulator._behaviour import ContainerBehaviour
from lightsail_containers.simulator._logs import ContainerLogs
from lightsail_containers.simulator._records import (
    DeploymentRecord,
    ImageRecord,
    Phase,
    ServiceRecord,
)

if TYPE_CHECKING:
    from lightsail_containers.simulator._backend import Backend
    from lightsail_containers.simulator._validation import JsonObject

FORMAT = "lightsail-containers-simulator-state"
VERSION = 1


def save(backend: Backend, path: str | Path, now: datetime) -> None:
    """Write every service and image behaviour of `backend` to `path`, replacing it at once.

    `now` is the simulator's time, which a restarted simulator reads from `saved_time`.
    """
    with backend.lock:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "savedAt": _time(now),
            "behaviours": {image: value.value for image, value in backend.behaviours.items()},
            "regions": {
                region: [_service_to_json(service) for service in services.values()]
                for region, services in backend.regions.items()
            },
        }

    target = Path(path)
    # A temporary file in the same folder, renamed over the target, never leaves a
    # half-written state behind when the process stops.
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(document, file, indent=1)
    Path(temporary).replace(target)


def saved_time(path: str | Path) -> datetime | None:
    """Return the simulator's time when the state file was saved, or None without a file."""
    target = Path(path)
    if not target.exists():
        return None

    document = json.loads(target.read_text(encoding="utf-8"))
    saved_at = document.get("savedAt") if isinstance(document, dict) else None
    return None if saved_at is None else _datetime(saved_at)


def load(backend: Backend, path: str | Path) -> None:
    """Replace the services and image behaviours of `backend` with those saved in `path`.

    Raises:
        ValueError: the file is not a state file of this format and version.
    """
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError(f"{path} is not a state file of the Lightsail container simulator")
    if document.get("version") != VERSION:
        raise ValueError(
            f"{path} has state version {document.get('version')!r}; this simulator reads {VERSION}"
        )

    regions = {
        region: {item["name"]: _service_from_json(item) for item in services}
        for region, services in document["regions"].items()
    }
    behaviours = {
        image: ContainerBehaviour(value) for image, value in document["behaviours"].items()
    }
    with backend.lock:
        backend.regions.clear()
        backend.regions.update(regions)
        backend.behaviours.clear()
        backend.behaviours.update(behaviours)


def _service_to_json(service: ServiceRecord) -> JsonObject:
    return {
        "name": service.name,
        "region": service.region,
        "arn": service.arn,
        "createdAt": _time(service.created_at),
        "url": service.url,
        "power": service.power,
        "scale": service.scale,
        "tags": service.tags,
        "publicDomainNames": service.public_domain_names,
        "phaseStartedAt": _time(service.phase_started_at),
        "isDisabled": service.is_disabled,
        "principalArn": service.principal_arn,
        "pendingPrincipalArn": service.pending_principal_arn,
        "registryAccessActive": service.registry_access_active,
        "registryPrincipalArn": service.registry_principal_arn,
        "currentVersion": None if service.current is None else service.current.version,
        "nextVersion": None if service.next is None else service.next.version,
        "history": [_deployment_to_json(deployment) for deployment in service.history],
        "versionCounter": service.next_version,
        "phases": [_phase_to_json(phase) for phase in service.phases],
        "frozenDetail": service.frozen_detail,
        "pendingDetail": service.pending_detail,
        "images": [
            {"image": image.image, "digest": image.digest, "createdAt": _time(image.created_at)}
            for image in service.images
        ],
        "imageVersions": service.image_versions,
        "logs": service.logs.to_json(),
        "runningPeriods": [[_time(start), _time(end)] for start, end in service.running_periods],
        "runningSince": None if service.running_since is None else _time(service.running_since),
    }


def _service_from_json(item: dict[str, Any]) -> ServiceRecord:
    history = [_deployment_from_json(deployment) for deployment in item["history"]]
    by_version = {deployment.version: deployment for deployment in history}
    return ServiceRecord(
        name=item["name"],
        region=item["region"],
        arn=item["arn"],
        created_at=_datetime(item["createdAt"]),
        url=item["url"],
        power=item["power"],
        scale=item["scale"],
        tags=item["tags"],
        public_domain_names=item["publicDomainNames"],
        phase_started_at=_datetime(item["phaseStartedAt"]),
        is_disabled=item["isDisabled"],
        principal_arn=item["principalArn"],
        pending_principal_arn=item["pendingPrincipalArn"],
        registry_access_active=item["registryAccessActive"],
        registry_principal_arn=item["registryPrincipalArn"],
        current=by_version.get(item["currentVersion"]),
        next=by_version.get(item["nextVersion"]),
        history=history,
        next_version=item["versionCounter"],
        phases=collections.deque(_phase_from_json(phase) for phase in item["phases"]),
        frozen_detail=item["frozenDetail"],
        pending_detail=item["pendingDetail"],
        images=[
            ImageRecord(image["image"], image["digest"], _datetime(image["createdAt"]))
            for image in item["images"]
        ],
        image_versions=item["imageVersions"],
        logs=ContainerLogs.from_json(item["logs"]),
        running_periods=[
            (_datetime(start), _datetime(end)) for start, end in item["runningPeriods"]
        ],
        running_since=None if item["runningSince"] is None else _datetime(item["runningSince"]),
    )


def _deployment_to_json(deployment: DeploymentRecord) -> JsonObject:
    return {
        "version": deployment.version,
        "state": deployment.state.value,
        "containers": deployment.containers,
        "publicEndpoint": deployment.public_endpoint,
        "createdAt": _time(deployment.created_at),
    }


def _deployment_from_json(item: dict[str, Any]) -> DeploymentRecord:
    return DeploymentRecord(
        version=item["version"],
        state=DeploymentState(item["state"]),
        containers=item["containers"],
        public_endpoint=item["publicEndpoint"],
        created_at=_datetime(item["createdAt"]),
    )


def _phase_to_json(phase: Phase) -> JsonObject:
    return {
        "state": phase.state.value,
        "code": None if phase.code is None else phase.code.value,
        "seconds": phase.seconds,
        "action": phase.action,
        "version": phase.version,
    }


def _phase_from_json(item: dict[str, Any]) -> Phase:
    return Phase(
        state=ContainerServiceState(item["state"]),
        code=None if item["code"] is None else StateDetailCode(item["code"]),
        seconds=item["seconds"],
        action=item["action"],
        version=item["version"],
    )


def _time(value: datetime) -> float:
    return value.timestamp()


def _datetime(value: float) -> datetime:
    return datetime.fromtimestamp(value, timezone.utc)
