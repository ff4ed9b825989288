"""The example notebook examples/explore_simulator.ipynb, executed so that it keeps working.

Executing it needs nbclient, nbformat, ipykernel and matplotlib, which only the nox
session ``notebook`` installs. Elsewhere that test is skipped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

NOTEBOOK = Path(__file__).parent.parent / "examples" / "explore_simulator.ipynb"
# Generous, because starting a kernel on a loaded CI machine can take many seconds.
CELL_TIMEOUT_SECONDS = 120
_SKIP_REASON = "executing the notebook needs {}; run `nox -s notebook`"


def test_notebook_saved_without_outputs() -> None:
    """The notebook is saved with its outputs cleared, so its diffs show only code and text."""
    document = json.loads(NOTEBOOK.read_text(encoding="utf-8"))

    code_cells = [cell for cell in document["cells"] if cell["cell_type"] == "code"]
    assert code_cells
    for cell in code_cells:
        assert cell["outputs"] == []
        assert cell["execution_count"] is None


def executed_notebook(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Execute the notebook in a fresh kernel and return it with its outputs."""
    # jupyter_core warns about its configuration folders unless this is set, and the
    # test suite turns warnings into errors.
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    for module in ("ipykernel", "matplotlib"):
        pytest.importorskip(module, reason=_SKIP_REASON.format(module))
    nbformat = pytest.importorskip("nbformat", reason=_SKIP_REASON.format("nbformat"))
    nbclient = pytest.importorskip("nbclient", reason=_SKIP_REASON.format("nbclient"))

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    return notebook


def outputs_of(notebook: Any, output_type: str) -> list[Any]:
    """Return the outputs of one type of every code cell, in order."""
    return [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == output_type
    ]


def test_notebook_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cell runs, and the transitions, the failure's log lines and the plot appear."""
    notebook = executed_notebook(monkeypatch)

    printed = "".join(output.text for output in outputs_of(notebook, "stream"))
    images = [
        output for output in outputs_of(notebook, "display_data") if "image/png" in output.data
    ]
    results = json.dumps([output.data for output in outputs_of(notebook, "execute_result")])
    assert "RUNNING, deployment 1 ACTIVE" in printed
    assert "exited with code 1" in printed
    assert len(images) == 1
    assert "never shown" not in results
    assert "never shown" not in printed
