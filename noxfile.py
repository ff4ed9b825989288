"""Development tasks: ``nox -s tests``, ``typecheck``, ``lint``, ``example``, ``notebook``
and ``bench``."""

from __future__ import annotations

import nox

PYPROJECT = nox.project.load_toml("pyproject.toml")
# The supported Pythons are the classifiers in pyproject.toml. The other sessions run
# on the Python that runs nox, so they work wherever nox does.
PYTHONS = nox.project.python_versions(PYPROJECT)

nox.options.sessions = ["tests", "typecheck", "lint"]


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite, the async client's tests included."""
    session.install("-e", ".[tests,async]")
    session.run("pytest", *session.posargs)


@nox.session
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict over src, tests and examples."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff's linter and format check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def example(session: nox.Session) -> None:
    """Run the main job: create a service and deploy it, on the embedded simulator."""
    session.install(".")
    session.run("python", "examples/deploy_and_wait.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Run the benchmarks and write their tables to docs/benchmarks.md."""
    # pydantic and msgspec are the comparison, so only this session installs them.
    session.install(".", "pydantic>=2", "msgspec")
    session.run("python", "benchmarks/conversion.py", *session.posargs)
    session.run("python", "benchmarks/waiter_policies.py", *session.posargs)


@nox.session
def notebook(session: nox.Session) -> None:
    """Execute examples/explore_simulator.ipynb, which needs nbclient and matplotlib."""
    session.install("-e", ".[tests,notebook]")
    session.run("pytest", "tests/test_notebook.py", *session.posargs)
