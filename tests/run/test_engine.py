"""The fast engine: cells run in-process give a kernel's outputs; a report built by it equals papermill's."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import shutil
import signal
import time

import nbformat
import pytest
from conftest import own_notebook

from govreport.inputs.project import Project
from govreport.run import engine, execute

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

SAME = ("report.ipynb", "report.html", "review.html", "figures.csv", "checks.csv")


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# title")]
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def test_cells_give_the_outputs_a_kernel_sends(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nb = _notebook(
        "x = 20\nprint('a')\nprint('b')", "x + 1", "", "x;", "from IPython.display import display\ndisplay(3)"
    )
    ran = engine.run_notebook(nb, tmp_path)
    first, second, empty, quiet, shown = ran.cells[1:]
    assert first.execution_count == 1
    assert first.outputs == [{"output_type": "stream", "name": "stdout", "text": "a\nb\n"}]  # one stream, merged
    assert second.execution_count == 2
    assert second.outputs == [
        {"output_type": "execute_result", "data": {"text/plain": "21"}, "metadata": {}, "execution_count": 2}
    ]
    assert empty.execution_count is None and empty.outputs == []  # nbclient skips blank cells
    assert quiet.execution_count == 3 and quiet.outputs == []  # a trailing ';' hides the result
    assert shown.outputs == [{"output_type": "display_data", "data": {"text/plain": "3"}, "metadata": {}}]
    assert ran.metadata.language_info["name"] == "python"


def test_an_error_stops_the_notebook_and_is_recorded(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ran = engine.run_notebook(_notebook("1 / 0", "never = 1"), tmp_path)
    error = ran.cells[1].outputs[0]
    assert error.output_type == "error" and error.ename == "ZeroDivisionError" and error.evalue == "division by zero"
    assert ran.cells[2].execution_count is None and ran.cells[2].outputs == []


def test_each_notebook_starts_with_a_fresh_namespace(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine.run_notebook(_notebook("leak = 1"), tmp_path)
    ran = engine.run_notebook(_notebook("'leak' in dir()"), tmp_path)
    assert ran.cells[1].outputs[0].data["text/plain"] == "False"
    assert ran.cells[1].execution_count == 1


@pytest.fixture(scope="module")
def two_roots(tmp_path_factory):
    from conftest import REPO

    roots = []
    for name in ("papermill", "engine"):
        root = tmp_path_factory.mktemp(name)
        for folder in ("params", "data"):
            shutil.copytree(REPO / folder, root / folder)
        roots.append(root)
    return roots


@pytest.mark.slow
def test_engine_output_is_identical_to_a_fresh_papermill_kernel(two_roots):
    plain, fast = two_roots
    execute.build(plain / "params/fujian-commerce/2017.yaml", Project.at(plain))
    (outcome,) = engine.run_all([str(fast / "params/fujian-commerce/2017.yaml")], fast, jobs=1)
    assert outcome.status == "ok", outcome.cause
    for name in SAME:
        assert (plain / "build/fujian-commerce/2017" / name).read_bytes() == (
            fast / "build/fujian-commerce/2017" / name
        ).read_bytes(), name


@pytest.mark.slow
def test_a_failing_notebook_keeps_papermill_evidence_and_the_previous_report(two_roots):
    _, root = two_roots
    params = str(root / "params/fujian-commerce/2017.yaml")
    engine.run_all([params], root, jobs=1)
    good = (root / "build/fujian-commerce/2017/report.html").read_bytes()
    broken = nbformat.read(Project.at(root).notebook, as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('the registry is unreachable')"))
    (root / "notebooks").mkdir()
    nbformat.write(broken, root / "notebooks/annual_report.ipynb")
    try:
        (outcome,) = engine.run_all([params], root, jobs=1)
    finally:
        shutil.rmtree(root / "notebooks")
    assert outcome.status == "failed" and outcome.kind == "notebook"
    assert "fujian-commerce 2017" in outcome.cause and "RuntimeError: the registry is unreachable" in outcome.cause
    assert (root / "build/fujian-commerce/2017/report.html").read_bytes() == good
    evidence = json.loads((root / "build/fujian-commerce/2017.failed.ipynb").read_text(encoding="utf-8"))
    markers = [c for c in evidence["cells"] if "papermill-error-cell-tag" in c["metadata"].get("tags", [])]
    assert len(markers) == 2  # papermill's banner at the top and its anchor before the failing cell


def test_a_bad_params_file_is_an_outcome_not_an_exception(two_roots):
    _, root = two_roots
    (outcome,) = engine.run_all([str(root / "params/fujian-commerce/1999.yaml")], root, jobs=1)
    assert outcome.status == "failed" and outcome.kind == "params"
    assert outcome.cause.startswith("params/fujian-commerce/1999.yaml: invalid parameters")


@pytest.mark.slow
def test_a_child_that_dies_is_reported_as_a_crash(two_roots):
    _, root = two_roots
    dying = nbformat.read(Project.at(root).notebook, as_version=4)
    dying.cells.insert(0, nbformat.v4.new_code_cell("import os\nos._exit(3)"))
    (root / "notebooks").mkdir()
    nbformat.write(dying, root / "notebooks/annual_report.ipynb")
    try:
        (outcome,) = engine.run_all([str(root / "params/fujian-commerce/2017.yaml")], root, jobs=1)
    finally:
        shutil.rmtree(root / "notebooks")
    assert outcome.status == "failed" and outcome.kind == "crash"
    assert outcome.cause == "params/fujian-commerce/2017.yaml: the process building it died (exit code 3)"


def test_a_full_disk_is_an_outcome_that_says_so(example_root, monkeypatch):
    earlier = example_root / "build/fujian-commerce/2017"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report", encoding="utf-8")

    def full_disk(notebook, staging, root):  # as when papermill cannot write the executed notebook
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(staging / "report.ipynb"))

    monkeypatch.setattr(engine, "execute_in_process", full_disk)
    outcome = engine.build_one(str(example_root / "params/fujian-commerce/2017.yaml"), str(example_root))
    assert (outcome.status, outcome.kind) == ("failed", "disk")
    assert outcome.cause == (
        "params/fujian-commerce/2017.yaml: the disk is full: build/fujian-commerce/2017 was not written; "
        "the previous report is kept"
    )
    assert (earlier / "report.html").read_text(encoding="utf-8") == "an earlier report"
    assert [p.name for p in earlier.parent.iterdir()] == ["2017"]  # no run folder left


# -- the time limit --------------------------------------------------------------------------------


def _earlier(root):
    """An earlier report of fujian-commerce 2017, which a build that does not finish must leave as it is."""
    earlier = root / "build/fujian-commerce/2017"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report", encoding="utf-8")
    return earlier


def test_a_report_past_its_time_limit_is_ended_and_the_next_one_is_built(example_root):
    earlier = _earlier(example_root)
    own_notebook(example_root, "import time\nif agency == 'fujian-commerce':\n    time.sleep(60)")
    paths = [
        str(example_root / "params/fujian-commerce/2017.yaml"),
        str(example_root / "params/haicheng-sample/2021.yaml"),
    ]
    started = time.monotonic()
    hung, following = engine.run_all(paths, example_root, jobs=1, timeout=2)
    assert time.monotonic() - started < 30  # not the 60 s the cell asks for
    assert (hung.status, hung.kind) == ("failed", "timeout")
    assert hung.cause == (
        "params/fujian-commerce/2017.yaml: not built within the time limit (2 s, --timeout); its process was ended "
        "and the previous report is kept (the notebook as far as it ran: build/fujian-commerce/2017.failed.ipynb)"
    )
    assert 2 <= hung.seconds < 10
    assert (earlier / "report.html").read_text(encoding="utf-8") == "an earlier report"
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["2017", "2017.failed.ipynb"]  # no run folder
    # The cell it was stopped in says so: the evidence shows where the time went.
    evidence = nbformat.read(earlier.parent / "2017.failed.ipynb", as_version=4)
    stopped = [c for c in evidence.cells if c.get("metadata", {}).get("papermill", {}).get("exception")]
    assert "time.sleep(60)" in stopped[0].source and stopped[0].outputs[0].ename == "TimeLimitReached"
    assert following.status == "ok", following.cause
    assert (example_root / "build/haicheng-sample/2021/report.html").is_file()


@pytest.fixture
def forked(monkeypatch):
    """Build children forked from this process, so they see its monkeypatches (a forkserver's would not)."""
    monkeypatch.setattr(engine, "context", lambda: multiprocessing.get_context("fork"))


def test_a_build_killed_at_its_limit_between_the_two_renames_leaves_the_previous_report(
    example_root, forked, monkeypatch
):
    earlier = _earlier(example_root)
    own_notebook(example_root)

    def swap_in(staging, out_dir):  # moves the old report aside, then hangs deaf to SIGTERM: SIGKILL it is
        os.rename(out_dir, out_dir.with_name(f".{out_dir.name}.old"))
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(60)

    monkeypatch.setattr(execute, "swap_in", swap_in)
    (outcome,) = engine.run_all([str(example_root / "params/fujian-commerce/2017.yaml")], example_root, 1, timeout=1)
    assert outcome.kind == "timeout" and outcome.cause.endswith("its process was ended and the previous report is kept")
    assert (earlier / "report.html").read_text(encoding="utf-8") == "an earlier report"
    assert [p.name for p in earlier.parent.iterdir()] == ["2017"]  # staging, run and moved-aside folders undone


def test_a_report_whose_process_hangs_on_exit_keeps_the_outcome_it_sent(example_root):
    # A thread the notebook leaves running keeps the process from exiting after the report is built.
    own_notebook(example_root, "import threading, time\nthreading.Thread(target=time.sleep, args=(60,)).start()")
    started = time.monotonic()
    (outcome,) = engine.run_all([str(example_root / "params/fujian-commerce/2017.yaml")], example_root, 1, timeout=2)
    assert time.monotonic() - started < 30
    assert outcome.status == "ok", outcome.cause
    assert (example_root / "build/fujian-commerce/2017/report.html").is_file()


def test_language_info_is_what_ipykernel_reports():
    from ipykernel.ipkernel import IPythonKernel

    assert engine.language_info() == IPythonKernel.language_info
