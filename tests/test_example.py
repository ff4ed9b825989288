"""The main job, examples/deploy_and_wait.py, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parent.parent / "examples" / "deploy_and_wait.py"


def run_example(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  # runs this repository's own example
        [sys.executable, str(EXAMPLE), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_example_deploys_on_simulator() -> None:
    """The default run prints each transition with its code, then the URL, and exits 0."""
    result = run_example()

    assert result.returncode == 0, result.stderr
    assert "PENDING (CREATING_SYSTEM_RESOURCES)" in result.stdout
    assert "PENDING (PROVISIONING_SERVICE)" in result.stdout
    assert "DEPLOYING (EVALUATING_HEALTH_CHECK), deployment 1 ACTIVATING" in result.stdout
    assert "RUNNING, deployment 1 ACTIVE" in result.stdout
    assert "Deployment is ACTIVE at https://hello-nginx." in result.stdout


def test_example_reports_failed_deployment() -> None:
    """With a failing health check the job names the failed deployment and exits 1."""
    result = run_example("--failing-health-check")

    assert result.returncode == 1
    assert "deployment 1 failed" in result.stderr
    assert "Newest container log lines:" in result.stderr
    assert "did not pass its health check" in result.stderr
    assert "Deployment is ACTIVE" not in result.stdout


def test_example_ignores_missing_profile() -> None:
    """The simulator run needs no AWS profile, even if AWS_PROFILE names a missing one."""
    environment = {**os.environ, "AWS_PROFILE": "profile-that-does-not-exist"}

    result = subprocess.run(  # noqa: S603  # runs this repository's own example
        [sys.executable, str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
    )

    assert result.returncode == 0, result.stderr
