"""Building a region's summary: build/_summary/<name>/<year>/ report.html, report.ipynb, figures.csv, manifest.json.

A summary is built as a report is (run/execute.py): its value computed once from the built reports it
covers (compute/summary.py), handed to the summary notebook, the notebook run by the same executors
(the fast engine, or papermill and a kernel), the page rendered by nbconvert, the folder swapped in
whole. The batch builds summaries after the reports, and again only when something they read changed.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

import nbformat

from govreport.compute import summary
from govreport.compute.summary import Summary
from govreport.errors import TIME_LIMIT
from govreport.inputs.built import files_read
from govreport.inputs.digest import file_digest
from govreport.inputs.params import locate, project_of
from govreport.inputs.project import SUMMARIES, Project
from govreport.inputs.summary_params import SummaryParams, load_summary_params
from govreport.present import render
from govreport.run import execute
from govreport.run.division import divide
from govreport.run.versions import versions


def is_summary(params_path: str | Path, project: Project | None = None) -> bool:
    """Whether a params path (as given on the command line) is a summary's: params/_summary/<name>/<year>.yaml."""
    path = locate(params_path, project).resolve()
    return path.parent.parent.name == SUMMARIES and path.parent.parent.parent.name == "params"


def prepare(params_path: str | Path, project: Project | None = None) -> tuple[Summary, Project, nbformat.NotebookNode]:
    """Validate the params, read what the summary covers and compute its value; load the summary notebook."""
    params = load_summary_params(params_path, project)
    project = project_of(params_path, project)
    value = summary.load(project, params, divide)  # the agencies read on every core
    return value, project, nbformat.read(project.summary_notebook, as_version=4)


def build(
    params_path: str | Path,
    project: Project | None = None,
    pdf: bool = False,
    executor: execute.Executor | None = None,
    timeout: float | None = TIME_LIMIT,
) -> execute.BuildResult:
    """Build one summary (and its report.pdf with `pdf`); raises ReportError, as `execute.build` does."""
    started = time.perf_counter()
    value, project, notebook = prepare(params_path, project)
    params = value.params
    out_dir = project.summary_dir(params.name, params.year)
    who = f"{SUMMARIES}/{params.name}"
    return execute.build_value(value, project, notebook, out_dir, who, _finish, started, pdf, executor, timeout)


def _finish(
    value: Summary, project: Project, executed: nbformat.NotebookNode, out_dir: Path, timings: dict
) -> execute.BuildResult:
    """Render the page and write every file of the summary from its one value."""
    started = time.perf_counter()
    executed = execute.clean(executed)
    meta = {
        "title": value.title,
        "parameters": value.params.as_dict(),
        "format": value.format.name,
        "versions": versions(),
    }
    executed.metadata["govreport"] = {**meta, "counts": value.counts(), "missing": list(value.missing)}
    executed.metadata["papermill"] = {"parameters": value.params.as_dict()}
    page = render.summary_page(executed)
    timings["render"] = time.perf_counter() - started
    manifest = {
        **meta,
        "inputs": value.sources,
        "status": "ok",
        "counts": value.counts(),
        "missing": list(value.missing),
        "timings": {k: round(v, 3) for k, v in timings.items()},
    }
    files = {
        "report.html": page.encode("utf-8"),
        "report.ipynb": (nbformat.writes(executed) + "\n").encode("utf-8"),
        "figures.csv": execute.figures_csv(value.tables).encode("utf-8"),
        "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    }
    execute.write_atomically(out_dir, files, project.relative(out_dir))
    out_dir.with_name(f"{out_dir.name}.failed.ipynb").unlink(missing_ok=True)
    return execute.BuildResult(value.params, out_dir, "ok", value.counts(), timings, list(value.missing))


def fingerprint(project: Project, params: SummaryParams, common: str) -> str:
    """What a summary reads: its params, its notebook and package (`common`), and every covered report's files.

    A covered report rebuilt with the same figures and findings leaves it unchanged; a changed figure, a
    new finding, a new publication date or a new agency matching its patterns rebuilds it.
    """
    digest = hashlib.sha256(common.encode())
    for path in files_read(project, params):
        digest.update(project.relative(path).encode() + b"\0" + file_digest(path).encode() + b"\0")
    return digest.hexdigest()
