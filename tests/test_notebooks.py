"""The notebooks: committed clean, run by nbmake on the committed dataset/ (see pyproject's
pytest options), and robust to the tables being empty or unlinked."""
from __future__ import annotations

import sys

import nbformat
import pytest

from conftest import ROOT
from pokrovsk_coverage import publish, schema
from pokrovsk_coverage.card import parquet_path

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = {"01_who_speaks.ipynb", "02_figures_across_outlets.ipynb", "03_reuse.ipynb", "04_quality.ipynb"}


def test_the_four_notebooks_exist():
    assert EXPECTED <= {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    """Outputs are not committed: diffs stay readable and nothing stale is shown."""
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_loads_data_as_users_do(path):
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in nb.cells)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert "load_dataset(DATA" in source and '"../dataset"' in source
    assert any(c.cell_type == "markdown" for c in nb.cells) and "plt." in source


def test_python3_kernel_is_this_interpreter():
    """nbmake starts the kernel the notebooks name; under `make test` it must be .venv's python."""
    from jupyter_client.manager import KernelManager

    assert KernelManager(kernel_name="python3").format_kernel_cmd()[0] == sys.executable


def _run(path, timeout=300):
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.fixture(scope="module")
def sparse_release(seeds_release, tmp_path_factory):
    """The seeds release with no quotes, no reuse pairs and no cross-article links: what a
    partial pipeline (or a tiny collection of one's own) produces."""
    import pyarrow.parquet as pq

    tables = {t: pq.read_table(seeds_release / parquet_path(t)) for t in schema.TABLES}
    rows = {t: tables[t].to_pylist() for t in schema.TABLES}
    rows["quotes"], rows["reuse"] = [], []
    for f in rows["figures"]:
        f["cluster_id"] = None
    tables = {t: publish.to_arrow(t, rows[t]) for t in schema.TABLES}
    out = tmp_path_factory.mktemp("sparse") / "dataset"
    out.mkdir()
    publish.write_release(out, tables, "# sparse test release\n\n{{ evaluation }}\n", {}, {}, [])
    return out


@pytest.mark.parametrize("name", ["01_who_speaks.ipynb", "02_figures_across_outlets.ipynb", "03_reuse.ipynb"])
def test_notebook_runs_on_a_sparse_release(sparse_release, monkeypatch, name):
    monkeypatch.setenv("POKROVSK_COVERAGE_DATASET", str(sparse_release))
    printed = _run(ROOT / "notebooks" / name)
    if name == "01_who_speaks.ipynb":
        assert "'quotes': 0" in printed
    if name == "02_figures_across_outlets.ipynb":
        assert "cluster_id is null everywhere" in printed
    if name == "03_reuse.ipynb":
        assert "reuse table is empty" in printed
