"""Development tasks: ``nox -s tests``, ``typecheck``, ``lint`` and ``example``."""

from __future__ import annotations

import nox

PYPROJECT = nox.project.load_toml("pyproject.toml")
# The supported Pythons are the classifiers in pyproject.toml; the newest runs the
# single-Python sessions.
PYTHONS = nox.project.python_versions(PYPROJECT)
NEWEST = PYTHONS[-1]

nox.options.sessions = ["tests", "typecheck", "lint"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[tests]")
    session.run("pytest", *session.posargs)


@nox.session(python=NEWEST)
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict over src, tests and examples."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", *session.posargs)


@nox.session(python=NEWEST)
def lint(session: nox.Session) -> None:
    """Run ruff's linter and format check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=NEWEST)
def example(session: nox.Session) -> None:
    """Run the main job: create a service and deploy it, on the embedded simulator."""
    session.install(".")
    session.run("python", "examples/deploy_and_wait.py", *session.posargs)
