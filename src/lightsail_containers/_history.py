"""Decisions from a service's deployment history (GetContainerServiceDeployments).

GetContainerServices shows only the current and the next deployment. A deployment that
failed leaves both, so only the history distinguishes a failed version from one that
never existed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._enums import DeploymentState
from ._errors import DeploymentFailedError, NotFoundError, TargetUnreachableError, WaitError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._models import Deployment


def newest_kept_version(history: Iterable[Deployment]) -> int | None:
    """Return the highest version of the history, or None if it is empty."""
    versions = [deployment.version for deployment in history if deployment.version is not None]
    return max(versions, default=None)


def find_version(history: Iterable[Deployment], version: int) -> Deployment | None:
    """Return the deployment of ``version`` from the history, or None."""
    return next((item for item in history if item.version == version), None)


def kept_deployment(service_name: str, history: Iterable[Deployment], version: int) -> Deployment:
    """Return the deployment of ``version`` from the history.

    Raises:
        NotFoundError: The history has no such version (code ``NoDeployment``).
    """
    found = find_version(history, version)
    if found is None:
        raise _no_deployment(service_name, f"keeps no deployment version {version}")

    return found


def newest_kept(service_name: str, history: Iterable[Deployment]) -> Deployment:
    """Return the deployment of the highest version.

    Raises:
        NotFoundError: The history is empty (code ``NoDeployment``).
    """
    kept = [item for item in history if item.version is not None]
    if not kept:
        raise _no_deployment(service_name, "has no deployments")

    return max(kept, key=lambda item: item.version or 0)


def kept_before(service_name: str, history: Iterable[Deployment], version: int) -> Deployment:
    """Return the deployment of the highest version below ``version``.

    Raises:
        NotFoundError: The history has no older version (code ``NoDeployment``).
    """
    older = [item for item in history if item.version is not None and item.version < version]
    if not older:
        raise _no_deployment(service_name, f"keeps no deployment older than version {version}")

    return max(older, key=lambda item: item.version or 0)


def is_inferred_failure(error: DeploymentFailedError) -> bool:
    """Return whether the waiter inferred the failure from the version leaving the service.

    The other failure the waiter reports, a deployment shown as FAILED, needs no check.
    """
    last = error.last
    return last is None or last.deployment(error.version) is None


def confirmed_failure(error: DeploymentFailedError, history: Iterable[Deployment]) -> WaitError:
    """Return the error to raise for a version that left the service's current and next.

    A version that is FAILED in the history keeps ``error``. A version above every
    version of the history never existed, which TargetUnreachableError reports.
    """
    kept = tuple(history)
    found = find_version(kept, error.version)
    if found is not None and found.state is DeploymentState.FAILED:
        return error

    newest = newest_kept_version(kept)
    if found is None and (newest is None or error.version > newest):
        return _never_existed(error, newest)

    # NOTE: a version that the history shows in another state, or that the history no
    # longer keeps, stays reported as failed, as the waiter decided from the snapshots.
    return error


def _never_existed(error: DeploymentFailedError, newest: int | None) -> TargetUnreachableError:
    newest_text = (
        "the service has no deployments"
        if newest is None
        else f"the newest deployment is version {newest}"
    )
    return TargetUnreachableError(
        f"Container service {error.service_name} cannot reach deployment {error.version} "
        f"ACTIVE: deployment {error.version} does not exist ({newest_text})",
        service_name=error.service_name,
        last=error.last,
        attempts=error.attempts,
        elapsed_seconds=error.elapsed_seconds,
    )


def _no_deployment(service_name: str, problem: str) -> NotFoundError:
    return NotFoundError(
        "GetContainerServiceDeployments",
        "NoDeployment",
        f"container service {service_name!r} {problem}",
        None,
    )
