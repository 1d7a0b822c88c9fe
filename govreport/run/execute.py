"""Building one report: validate, execute the notebook with papermill, write build/ atomically.

Only this module (with `batch` for the catalogue) writes under build/. A report's files are
written to a staging folder beside their final place and moved in together, so a crash leaves
the previous complete report or none, never a mixture.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

import nbformat

from govreport.compute import headline
from govreport.compute.computation import Computation
from govreport.compute.repetition import LIMIT, MIN_CHARACTERS
from govreport.compute.tables import Tables
from govreport.errors import DISK_FULL, TIME_LIMIT, DiskFullError, ExecutionError, ReportError, TimeLimitError
from govreport.inputs.figure import figure_text
from govreport.inputs.params import Params, project_of
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams
from govreport.messages import Message, language, msg, t, using
from govreport.present import handover, render
from govreport.present.download import csv_text
from govreport.run.cache import DiskCache
from govreport.run.check import check
from govreport.run.versions import package_fingerprint, versions

logger = logging.getLogger(__name__)
YEARS = Path(".batch") / "years"  # the earlier-years cache, under build/
OUTPUTS = ("report.html", "review.html", "report.ipynb", "figures.csv", "checks.csv", "manifest.json")
INJECTED_ID = "injected-parameters"
KERNEL_DIR = "govreport-kernel-"  # + pid + "-": a kernel's folder in the temporary folder
# (parameterised notebook, staging folder, project root) -> executed notebook; raises ExecutionError
Executor = Callable[[nbformat.NotebookNode, Path, Path], nbformat.NotebookNode]


@dataclass
class BuildResult:
    params: Params | SummaryParams
    out_dir: Path
    status: str  # ok | findings (built, with errors/strict warnings)
    counts: dict[str, int]
    timings: dict[str, float] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # a summary's covered agencies with no report


# The notebooks' own prose cells, by cell id: a notebook holds their Chinese; a build words them in its language.
PROSE = {
    "title": "notebook.title",
    "about-load": "notebook.about-load",
    "about-review": "notebook.about-review",
    "summary-about": "notebook.summary-title",  # the summary notebook's
    "summary-about-load": "notebook.summary-about-load",
}


def parameterize(notebook: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """The notebook with an injected-parameters cell after `parameters` (fixed id, Chinese as written) and its
    prose cells worded in the chosen language."""
    nb = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for prose in nb.cells:
        if prose.cell_type == "markdown" and prose.get("id") in PROSE:
            prose.source = t(PROSE[prose.id])
    source = "# Parameters\n" + "".join(f"{key} = {value!r}\n" for key, value in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters", "review-only"]})
    cell.id = INJECTED_ID
    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), -1)
    nb.cells = [c for c in nb.cells if c.get("id") != INJECTED_ID]
    nb.cells.insert(index + 1, cell)
    return nb


def clean(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop everything that varies between two runs of the same inputs (times, paths)."""
    notebook.metadata.pop("papermill", None)
    for cell in notebook.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    return notebook


def quiet_kernel_manager(folder: Path, log: IO[bytes]) -> type:
    """A kernel manager class for nbclient: kernels on Unix sockets in `folder`, their own output to `log`.

    Over TCP ipykernel warns at every start that its traffic is unencrypted; sockets in a private
    folder need no encryption and no ports. What the kernel process prints itself (warnings, the
    "KeyboardInterrupt caught in kernel" of nbclient's interrupt at shutdown, font-cache notices) is
    not a cell's output and not the user's business on success, so it goes to `log`, not the terminal.
    """
    from jupyter_client.manager import AsyncKernelManager  # nbclient's default manager

    class QuietKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            # `ip` is the sockets' path prefix on IPC; left to default it would be ./kernel-ipc in the cwd.
            kwargs.update(transport="ipc", connection_file=str(folder / "kernel.json"), ip=str(folder / "kernel"))
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # These reach the kernel's Popen (jupyter_client.launcher.launch_kernel).
            await super()._async_launch_kernel(kernel_cmd, **{**kw, "stdout": log, "stderr": log})

    return QuietKernelManager


def _log_kernel_output(path: Path) -> None:
    """Pass what the kernel process printed on to logging (shown with --verbose)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return  # the kernel never started
    for line in text.splitlines():
        if line.strip():
            logger.info("kernel: %s", line)


def new_kernel_dir() -> Path:
    """A private folder in the temporary folder for one kernel's sockets and log.

    The temporary folder, not staging under build/: a Unix socket's path must stay under about
    100 bytes. The folder is named after this process, so the folders of builds that were killed
    (their `finally` never ran) are recognised and removed here, as `repair` does under build/.
    """
    temporary = Path(tempfile.gettempdir())
    for stale in temporary.glob(f"{KERNEL_DIR}*-*"):
        pid = stale.name[len(KERNEL_DIR) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{KERNEL_DIR}{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _execute(
    notebook: nbformat.NotebookNode, staging: Path, root: Path, timeout: float | None = None
) -> nbformat.NotebookNode:
    """Run the notebook with papermill in a fresh kernel; `timeout` seconds for the whole of it (None: no limit)."""
    # Imported here: only the papermill path needs them, and they cost a report built by the engine ~0.1 s.
    import papermill
    from nbclient.exceptions import CellTimeoutError

    source, target = staging / "input.ipynb", staging / "report.ipynb"
    nbformat.write(notebook, source)
    limits = {}
    if timeout:
        deadline = time.monotonic() + timeout

        def left(cell) -> float:
            # nbclient asks before each cell; what is left of the notebook's limit bounds the whole run,
            # not only each cell. Never 0, which nbclient reads as "no limit".
            return max(deadline - time.monotonic(), 0.001)

        limits = {"execution_timeout": timeout, "timeout_func": left}
    kernel_dir = new_kernel_dir()
    kernel_log = kernel_dir / "kernel.log"
    try:
        # The kernel words what it shows (the findings cell) in this process's language: GOVREPORT_LANG.
        with open(kernel_log, "wb") as log, using(language()), handover.for_a_kernel(staging):
            papermill.execute_notebook(
                str(source),
                str(target),
                cwd=str(root),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,
                engine_name="nbclient",
                kernel_manager_class=quiet_kernel_manager(kernel_dir, log),
                **limits,
            )
    except papermill.PapermillExecutionError as exc:
        raise ExecutionError(cell_failed(exc.ename, exc.evalue, exc.exec_count)) from None
    except CellTimeoutError:  # nbclient has stopped the kernel
        raise TimeLimitError(msg("notebook.still-running", seconds=f"{timeout:g}")) from None
    finally:
        source.unlink(missing_ok=True)
        _log_kernel_output(kernel_log)
        shutil.rmtree(kernel_dir, ignore_errors=True)
    return nbformat.read(target, as_version=4)


def provenance(value: Computation) -> dict:
    """What review.html, report.ipynb and the manifest say the report was built from."""
    return {
        "title": value.title,
        "parameters": value.params.as_dict(),
        "format": value.tables.format.name,
        "inputs": value.sources,
        "versions": versions(),
    }


def repetition(value: Computation) -> dict | None:
    """What review.html shows of the repetition measure: every sentence and its kind, and the totals."""
    found = value.repetition
    if found is None:
        return None
    return {
        **asdict(found),
        "share": headline.share(found.repeated_characters, found.characters),
        "limit": headline.share(LIMIT.numerator, LIMIT.denominator),
        "min_characters": MIN_CHARACTERS,
        "characters": found.characters,
        "repeated_characters": found.repeated_characters,
        "own_sentences": found.own_sentences,
        "repeated_sentences": found.repeated_sentences,
        "judged": found.judged,
        "too_much": found.too_much,
    }


def figures_csv(tables: Tables) -> str:
    frame = tables.figures[["table", "row", "column", "value"]].copy()
    frame["value"] = frame["value"].map(figure_text)
    return csv_text(frame)


def cell_failed(ename: str, evalue: str, cell: int) -> Message:
    """A cell's error, as papermill and the in-process engine report it."""
    return msg("notebook.cell-failed", ename=ename, evalue=evalue, cell=cell)


def disk_full(out_dir: Path, where: str) -> DiskFullError:
    """The error for a report folder `out_dir` (named `where` in messages) that a full disk kept from being written."""
    kept = msg("disk.kept-report") if out_dir.is_dir() else ""
    return DiskFullError(msg("disk.full", path=where, kept=kept))


def write_atomically(out_dir: Path, files: dict[str, bytes], where: str | None = None) -> None:
    """Put `files` in `out_dir` all at once: written aside, then swapped in by renames.

    A full disk raises DiskFullError naming `out_dir` as `where` (default: its full path).
    """
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    except OSError as exc:
        if exc.errno in DISK_FULL:
            raise disk_full(out_dir, where or str(out_dir)) from None
        raise
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published report is readable
    try:
        for name, data in files.items():
            with open(staging / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        swap_in(staging, out_dir)
    except OSError as exc:
        if exc.errno in DISK_FULL:  # the staging copy goes; the old folder stays, or is put back
            _put_back(out_dir)
            raise disk_full(out_dir, where or str(out_dir)) from None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        os.rename(out_dir, old)
    os.rename(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _put_back(out_dir: Path) -> None:
    """Restore the report `swap_in` moved aside if the new one never took its place."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    if old.exists() and not out_dir.exists():
        os.rename(old, out_dir)
    shutil.rmtree(old, ignore_errors=True)


def repair(out_dir: Path) -> None:
    """Undo what a killed build left: restore a report moved aside, drop half-written folders."""
    _put_back(out_dir)
    for stale in out_dir.parent.glob(f".{out_dir.name}.new-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in out_dir.parent.glob(f".{out_dir.name}.run-*"):
        shutil.rmtree(stale, ignore_errors=True)


def prepare(
    params_path: str | Path, project: Project | None = None
) -> tuple[Computation, Project, nbformat.NotebookNode]:
    """Validate params and inputs, compute the report's value and load the notebook; raises before any kernel."""
    project = project_of(params_path, project)
    value = check(params_path, project, DiskCache(project.build_root / YEARS, package_fingerprint()))
    return value, project, nbformat.read(project.notebook, as_version=4)


def build(
    params_path: str | Path,
    project: Project | None = None,
    pdf: bool = False,
    executor: Executor | None = None,
    timeout: float | None = TIME_LIMIT,
    docx: bool = False,
) -> BuildResult:
    """Build one report into build/<agency>/<year>/ (and report.pdf with `pdf`, report.docx with `docx`);
    raises ReportError.

    `executor` runs the parameterised notebook (default: papermill and a fresh kernel, given `timeout`
    seconds for the whole notebook, each cell within what is left: papermill's `execution_timeout`;
    past it TimeLimitError, the previous report kept). `engine` has a faster executor with the same
    contract and the same outputs; it runs in a child process its parent ends at the time limit.
    """
    started = time.perf_counter()
    value, project, notebook = prepare(params_path, project)
    params = value.params
    out_dir = project.build_dir(params.agency, params.year)
    finish = partial(_finish, docx=docx)
    return build_value(value, project, notebook, out_dir, params.agency, finish, started, pdf, executor, timeout)


# (value, project, executed notebook, out_dir, timings) -> BuildResult: writes every file of the output folder
Finish = Callable[[Any, Project, nbformat.NotebookNode, Path, dict], BuildResult]


def build_value(
    value: Any,
    project: Project,
    notebook: nbformat.NotebookNode,
    out_dir: Path,
    who: str,
    finish: Finish,
    started: float,
    pdf: bool = False,
    executor: Executor | None = None,
    timeout: float | None = TIME_LIMIT,
) -> BuildResult:
    """Run `notebook` with `value`'s params, handing it `value`; `finish` writes `out_dir` (a report's, a summary's).

    `who` names it in messages, with the year (an agency, or _summary/<name>); `started` is when its build began
    (time.perf_counter()).
    """
    where = project.relative(out_dir)
    repair(out_dir)
    injected = parameterize(notebook, {**value.params.as_dict(), "root": "."})
    prepared = time.perf_counter()
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        run_dir = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.run-", dir=out_dir.parent))
        try:
            run = executor or partial(_execute, timeout=timeout)
            executed = _run(run, injected, run_dir, out_dir, value, project, who)
            executed_at = time.perf_counter()
            timings = {"prepare": prepared - started, "execute": executed_at - prepared}
            result = finish(value, project, executed, out_dir, timings)
        finally:
            shutil.rmtree(run_dir, ignore_errors=True)
    except OSError as exc:
        # The executed notebook or the staged report could not be written; write_atomically has left
        # the previous report in place. Anything else is a bug and stays an internal error.
        if exc.errno in DISK_FULL:
            raise disk_full(out_dir, where) from None
        raise
    if pdf:
        from govreport.present import browser  # only --pdf needs a browser

        try:
            browser.print_pdf(out_dir / "report.html", out_dir / "report.pdf")
        except OSError as exc:
            if exc.errno in DISK_FULL:
                raise DiskFullError(msg("disk.pdf", path=f"{where}/report.pdf")) from None
            raise
    return result


def _run(
    executor: Executor,
    injected: nbformat.NotebookNode,
    run_dir: Path,
    out_dir: Path,
    value: Any,
    project: Project,
    who: str,
) -> nbformat.NotebookNode:
    """The executed notebook, its `load` handed `value`; a failure keeps the notebook as evidence."""
    year = value.params.year
    handover.hand(project.root, value)  # an executor in this process; a kernel gets a pickle (_execute)
    try:
        return executor(injected, run_dir, project.root)
    except ExecutionError as exc:
        failed = run_dir / "report.ipynb"
        evidence = out_dir.with_name(f"{out_dir.name}.failed.ipynb")
        if failed.exists():
            os.replace(failed, evidence)
        kept_at = project.relative(evidence)
        error = msg("notebook.failed", agency=who, year=year, error=exc.args[0], evidence=kept_at)
        raise ExecutionError(error) from None
    except TimeLimitError as exc:
        kept = msg("disk.kept-report") if out_dir.is_dir() else ""
        error = msg("notebook.timeout", agency=who, year=year, error=exc.args[0], kept=kept)
        raise TimeLimitError(error) from None
    finally:
        handover.release()


def _finish(
    value: Computation, project: Project, executed: nbformat.NotebookNode, out_dir: Path, timings: dict, docx: bool
) -> BuildResult:
    """Render the pages (and report.docx with `docx`) and write every file of the report from the one value."""
    started = time.perf_counter()
    findings = value.checks_frame()
    executed = clean(executed)
    meta = provenance(value)
    executed.metadata["govreport"] = {
        **meta,
        "counts": value.counts(),
        "findings": findings.to_dict(orient="records"),
        "changes": [
            {
                "label": c.label,
                "last": figure_text(c.last),
                "this": figure_text(c.this),
                "factor": "" if c.factor is None else figure_text(c.factor),
            }
            for c in headline.year_on_year(value.tables)
        ],
        "repetition": repetition(value),
    }
    executed.metadata["papermill"] = {"parameters": value.params.as_dict()}
    pages = render.html_pages(executed)
    timings["render"] = time.perf_counter() - started
    extra = {}
    if docx:
        from govreport.present import word  # only --docx needs python-docx

        began = time.perf_counter()
        extra["report.docx"] = word.docx_bytes(value)
        timings["docx"] = time.perf_counter() - began
    status = "findings" if value.failed() else "ok"
    manifest = {
        **meta,
        "status": status,
        "counts": value.counts(),
        "timings": {k: round(v, 3) for k, v in timings.items()},
    }
    files = {
        "report.html": pages["report.html"].encode("utf-8"),
        "review.html": pages["review.html"].encode("utf-8"),
        "report.ipynb": (nbformat.writes(executed) + "\n").encode("utf-8"),
        "figures.csv": figures_csv(value.tables).encode("utf-8"),
        "checks.csv": csv_text(findings).encode("utf-8"),
        "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        **extra,
    }
    write_atomically(out_dir, files, project.relative(out_dir))
    failed_evidence = out_dir.with_name(f"{out_dir.name}.failed.ipynb")
    failed_evidence.unlink(missing_ok=True)
    logger.info("built %s", out_dir)
    return BuildResult(value.params, out_dir, status, value.counts(), timings)


__all__ = ["BuildResult", "ReportError", "build", "prepare"]
