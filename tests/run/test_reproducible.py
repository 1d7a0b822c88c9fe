"""Byte-identical rebuilds: the same inputs, built in two checkout paths and environments, give the same bytes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from govreport.run import execute

TEXTS = ("report.html", "review.html", "report.ipynb", "figures.csv", "checks.csv")
REPRODUCIBLE = (*TEXTS, "report.docx")
REPORTS = [
    pytest.param(("fujian-commerce", 2017), id="legacy-fujian-2017"),
    pytest.param(("haicheng-sample", 2022), id="national-haicheng-2022"),
]


def _copy_root(target: Path) -> Path:
    for name in ("params", "data"):
        shutil.copytree(REPO / name, target / name)
    return target


def _digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in REPRODUCIBLE}


@pytest.mark.slow
@pytest.mark.parametrize("report", REPORTS)
def test_two_builds_in_different_paths_and_environments_are_byte_identical(report, tmp_path, monkeypatch):
    agency, year = report
    if not (REPO / "params" / agency / f"{year}.yaml").exists():
        pytest.skip(f"example params/{agency}/{year}.yaml is not in this checkout")
    first = _copy_root(tmp_path / "a")
    second = _copy_root(tmp_path / "somewhere" / "else" / "b")
    one = execute.build(first / "params" / agency / f"{year}.yaml", docx=True).out_dir
    # What differs between two machines or days: hash seed, time zone, locale, working directory.
    monkeypatch.setenv("PYTHONHASHSEED", "4242")
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.chdir(tmp_path)
    two = execute.build(second / "params" / agency / f"{year}.yaml", docx=True).out_dir
    assert _digests(one) == _digests(two)
    for name in TEXTS:
        text = (two / name).read_text(encoding="utf-8")
        assert str(tmp_path) not in text, f"{name} holds an absolute path"
    # The run's own facts live in the manifest, not in the reproducible files.
    manifest = json.loads((two / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["timings"]) >= {"prepare", "execute"}


@pytest.mark.slow
def test_executed_notebook_keeps_no_run_metadata(tmp_path):
    root = _copy_root(tmp_path)
    out = execute.build(root / "params" / "fujian-commerce" / "2017.yaml").out_dir
    notebook = json.loads((out / "report.ipynb").read_text(encoding="utf-8"))
    assert set(notebook["metadata"].get("papermill", {})) <= {"parameters"}
    for cell in notebook["cells"]:
        assert "execution" not in cell["metadata"] and "papermill" not in cell["metadata"]
        assert cell.get("id") and len(cell["id"]) < 40  # stable, readable ids, not random uuids
    text = json.dumps(notebook)
    for varying in ("start_time", "end_time", "duration", "input_path", "output_path", "iopub."):
        assert varying not in text
