"""The fast execution engine: a report's notebook run in a forked child of a warm process.

The plain way (papermill + ipykernel) pays for an interpreter, a kernel, the imports of pandas and
matplotlib and a kernel shutdown for every report. Here one warm process (multiprocessing's
forkserver, preloaded with `govreport.zygote`) has done the imports once and has run no report; each
report is a fresh fork of it, so it starts from that clean state and leaves nothing behind. In the
child the cells run in an IPython `InteractiveShell` whose display hook, display publisher, streams
and tracebacks produce the same nbformat outputs a kernel sends, and a failure is marked with
papermill's own error cells. `tests/run/test_engine.py` proves the outputs equal the papermill path's.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from multiprocessing.connection import Connection, wait
from pathlib import Path

from govreport.errors import TIME_LIMIT
from govreport.inputs.project import SUMMARIES, Project
from govreport.inputs.summary_params import SummaryParams
from govreport.messages import choose, language, msg, t
from govreport.run import server
from govreport.run.outcome import Outcome

# What the worker process imports before it forks its first child (see govreport/zygote.py).
PRELOAD = ["govreport.run.zygote"]
# Seconds a report's process has between SIGTERM (it stops where it is) and SIGKILL, once past its limit.
GRACE = 2.0


# -- running cells in-process like a kernel ------------------------------------------------------


@cache
def _shell_class():
    """An InteractiveShell whose outputs are collected as nbformat outputs, as ipykernel sends them."""
    import nbformat
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    class CellOutputs:
        def __init__(self):
            self.outputs: list = []

        def add(self, output) -> None:
            self.outputs.append(output)

        def stream(self, name: str, text: str) -> None:
            last = self.outputs[-1] if self.outputs else None
            if last is not None and last.output_type == "stream" and last.name == name:
                last.text += text
            else:
                self.outputs.append(nbformat.v4.new_output("stream", name=name, text=text))

    class Stream:
        def __init__(self, sink: CellOutputs, name: str):
            self.sink, self.name = sink, name
            self.encoding = "utf-8"

        def write(self, text: str) -> int:
            if text:
                self.sink.stream(self.name, text)
            return len(text)

        def flush(self) -> None:
            pass

        def isatty(self) -> bool:
            return False

    class Hook(DisplayHook):
        def start_displayhook(self):
            pass

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            self.shell.cell_outputs.add(
                nbformat.v4.new_output(
                    "execute_result", data=format_dict, metadata=md_dict or {}, execution_count=self.prompt_count
                )
            )

        def finish_displayhook(self):
            pass

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            kind = "update_display_data" if update else "display_data"
            self.shell.cell_outputs.add(nbformat.v4.new_output(kind, data=data, metadata=metadata or {}))

        def clear_output(self, wait=False):
            self.shell.cell_outputs.outputs.clear()

    class Shell(InteractiveShell):
        displayhook_class = Hook
        display_pub_class = Publisher

        def init_io(self):
            pass  # the streams are swapped per cell in `run`, never at start-up

        def _showtraceback(self, etype, evalue, stb):
            self.cell_outputs.add(
                nbformat.v4.new_output("error", ename=str(etype.__name__), evalue=str(evalue), traceback=stb)
            )

        def run(self, source: str) -> tuple[int, list, bool]:
            """Run one cell: (execution count, outputs, whether it raised)."""
            self.cell_outputs = CellOutputs()
            count = self.execution_count
            saved = sys.stdout, sys.stderr
            sys.stdout, sys.stderr = Stream(self.cell_outputs, "stdout"), Stream(self.cell_outputs, "stderr")
            try:
                result = self.run_cell(source, store_history=True)
            finally:
                sys.stdout, sys.stderr = saved
            return count, self.cell_outputs.outputs, not result.success

    return Shell


def language_info() -> dict:
    """The notebook's `language_info` as ipykernel reports it to nbclient.

    Written out rather than read from ipykernel, whose import (zmq, tornado, jupyter_client) costs every
    report ~0.15 s; tests/run/test_engine.py holds it equal to ipykernel's own.
    """
    return {
        "name": "python",
        "version": sys.version.split()[0],
        "mimetype": "text/x-python",
        "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
        "pygments_lexer": f"ipython{sys.version_info[0]}",
        "nbconvert_exporter": "python",
        "file_extension": ".py",
    }


def run_notebook(notebook, cwd: Path):
    """Execute every code cell in this process, in `cwd`, stopping at the first error (as nbclient does)."""
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.hist_file = ":memory:"  # as nbclient starts kernels: nothing on disk
    config.InteractiveShell.colors = "nocolor"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel does
    os.chdir(cwd)
    shell_class = _shell_class()
    shell_class.clear_instance()  # a fresh shell for every notebook, even when one process runs several
    shell = shell_class.instance(config=config)
    notebook.metadata["language_info"] = language_info()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.execution_count = None
            cell.outputs = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        count, outputs, failed = shell.run(cell.source)
        cell.execution_count = count
        cell.outputs = outputs
        if failed:
            cell.metadata["papermill"] = {"exception": True}
            break
    return notebook


def execute_in_process(notebook, staging: Path, root: Path):
    """`execute._execute`'s contract without a kernel: the executed notebook, or ExecutionError with evidence."""
    import nbformat

    from govreport.errors import ExecutionError
    from govreport.run import execute

    # The same round trip and normalisation papermill applies when it loads a notebook.
    loaded = nbformat.reads(nbformat.writes(notebook), as_version=4)
    loaded = nbformat.v4.upgrade(loaded) or loaded
    for cell in loaded.cells:
        cell.metadata.setdefault("tags", [])
    executed = run_notebook(loaded, root)
    if not any(cell.metadata.get("papermill", {}).get("exception") for cell in executed.cells):
        return executed
    # Only a failed notebook needs papermill: its own error cells mark where it failed, as a kernel run's do.
    import papermill
    from papermill.execute import raise_for_execution_errors

    try:
        raise_for_execution_errors(executed, str(staging / "report.ipynb"))
    except papermill.PapermillExecutionError as exc:
        raise ExecutionError(execute.cell_failed(exc.ename, exc.evalue, exc.exec_count)) from None
    return executed


# -- one child per report ------------------------------------------------------------------------


def _sentence(params_path: str, exc: BaseException) -> tuple[str, str]:
    """(kind, cause) of a failure, the cause naming the report when the error does not."""
    from govreport.errors import (
        DataValidationError,
        DiskFullError,
        ExecutionError,
        ParamsError,
        ReportError,
        TimeLimitError,
        problems_text,
    )

    if isinstance(exc, DiskFullError):
        return "disk", t("cause.disk", where=params_path, error=exc.args[0])
    if isinstance(exc, ParamsError):
        return "params", t("cause.params", where=params_path, problems=problems_text(exc.problems))
    if isinstance(exc, DataValidationError):
        return "inputs", t("cause.inputs", where=params_path, problems=problems_text(exc.problems))
    if isinstance(exc, ExecutionError):
        return "notebook", str(exc)
    if isinstance(exc, TimeLimitError):
        return "timeout", str(exc)
    if isinstance(exc, ReportError):  # e.g. no Pango library for --pdf
        return "error", t("cause.error", where=params_path, error=exc.args[0])
    return "internal", t("cause.error", where=params_path, error=f"{type(exc).__name__}: {exc}")


def build_one(params_path: str, root: str | None, pdf: bool = False, docx: bool = False) -> Outcome:
    """Build one report, or a region's summary, in this process with the in-process executor (what a child runs).

    `root` is the project root (None: the one the params file is in, as `execute.build` finds it); `pdf` and
    `docx` also write report.pdf and report.docx.
    """
    from govreport.errors import DataValidationError, ReportError
    from govreport.run import execute, summary

    started = time.perf_counter()
    project = Project.at(root) if root is not None else None
    where = project.relative(Path(params_path)) if project is not None else str(params_path)
    try:
        if summary.is_summary(params_path, project):  # a region's summary has no Word file
            result = summary.build(params_path, project, pdf=pdf, executor=execute_in_process)
        else:
            result = execute.build(params_path, project, pdf=pdf, executor=execute_in_process, docx=docx)
    except ReportError as exc:
        kind, cause = _sentence(where, exc)
        problems = [str(p) for p in exc.problems] if isinstance(exc, DataValidationError) else []
        return Outcome(
            params_path,
            "failed",
            cause=cause,
            kind=kind,
            seconds=time.perf_counter() - started,
            problems=problems,
            error=str(exc),
        )
    except Exception as exc:  # a bug must not take the batch down; it is reported with the report's name
        logging.getLogger(__name__).info("internal error", exc_info=True)  # the traceback, with -v
        return Outcome(
            params_path,
            "failed",
            cause=t("cause.internal", where=where, error=f"{type(exc).__name__}: {exc}"),
            kind="internal",
            seconds=time.perf_counter() - started,
            error=f"{type(exc).__name__}: {exc}",
        )
    return Outcome(
        params_path,
        result.status,
        dict(result.counts),
        seconds=time.perf_counter() - started,
        out_dir=str(result.out_dir),
        summary=result.params.name if isinstance(result.params, SummaryParams) else "",
        missing=result.missing,
    )


class TimeLimitReached(BaseException):
    """Raised in a report's process when its parent ends it at the time limit (SIGTERM).

    A BaseException, so no `except Exception` in the notebook or a library carries on regardless;
    `finally` blocks still run: temporary files go, a subprocess.run in a cell kills its process.
    A cell it interrupts shows it, so the failed notebook kept as evidence shows where the time went.
    """


def _stop(signum: int, frame: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends the process outright
    raise TimeLimitReached(t("timeout.reached"))


def _child(
    conn: Connection,
    params_path: str,
    root: str | None,
    cwd: str,
    pdf: bool,
    docx: bool,
    verbose: bool,
    lang: str,
) -> None:
    signal.signal(signal.SIGTERM, _stop)
    # Forked from a server that started before the caller chose: the caller's language comes with the job.
    choose(lang)
    # The forkserver's children start in the folder the server started in; a relative params path
    # and the messages that name it are read from the caller's.
    os.chdir(cwd)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        conn.send(build_one(params_path, root, pdf, docx))
    except (TimeLimitReached, KeyboardInterrupt):
        pass  # ended by the parent at the limit, or Ctrl-C: exit without a traceback on stderr
    finally:
        conn.close()


def context() -> multiprocessing.context.BaseContext:
    """Where a report's process comes from: a fork of this process when it is a command of the warm server
    (it has imported everything already), else the warm forkserver (spawn where fork does not exist)."""
    if server.warm():
        return multiprocessing.get_context("fork")
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def timed_out(where: str, limit: float, kept: bool, evidence: str | None = None) -> str:
    """The cause of a report ended at its time limit (`where` names its params file, `evidence` the
    notebook as far as it ran, when it was stopped in a cell)."""
    return t(
        "timeout.cause",
        where=where,
        limit=f"{limit:g}",
        kept=msg("timeout.kept") if kept else "",
        evidence=msg("timeout.evidence", evidence=evidence) if evidence else "",
    )


@dataclass
class _Child:
    """A report's process while it runs: its pipe until the outcome (or the pipe's end) arrives."""

    process: multiprocessing.process.BaseProcess
    receiver: Connection
    path: str
    started: float  # time.monotonic()
    since: float  # time.time() at the start, to tell this run's files from earlier ones
    outcome: Outcome | None = None
    received: bool = False

    @property
    def waitable(self) -> object:
        """What `wait` watches: the pipe for the outcome, then the process for its exit."""
        return self.process.sentinel if self.received else self.receiver

    def receive(self) -> None:
        try:
            self.outcome = self.receiver.recv()
        except (EOFError, OSError):
            self.outcome = None  # it died before sending: a crash, once its exit code is known
        self.received = True
        self.receiver.close()


def _end(process: multiprocessing.process.BaseProcess) -> None:
    """End a report's process: SIGTERM (it stops and cleans up), then SIGKILL after GRACE seconds.

    It stays in the caller's process group, so whoever kills a build or a batch with its group (a
    terminal's Ctrl-C, systemd, `kill -- -PGID`) ends its reports' processes too.
    """
    process.terminate()
    process.join(GRACE)
    if process.exitcode is None:  # stuck where no Python runs (a long call into C)
        process.kill()
        process.join()


def _report_dir(params_path: str, root: Path | None) -> Path | None:
    """build/<agency>/<year> of a params file, if it is where a valid one must be (params/<agency>/<year>.yaml);
    a summary's build/_summary/<name>/<year> likewise."""
    from govreport.errors import ReportError
    from govreport.inputs.params import locate

    project = Project.at(root) if root is not None else None
    path = locate(params_path, project).resolve()
    summary = path.parent.parent.name == SUMMARIES
    project = project or Project.at(path.parents[3 if summary else 2])
    try:
        if summary:
            if project.summary_params_file(path.parent.name, int(path.stem)).resolve() != path:
                return None
            return project.summary_dir(path.parent.name, int(path.stem))
        if project.params_file(path.parent.name, int(path.stem)).resolve() != path:
            return None
        return project.build_dir(path.parent.name, int(path.stem))
    except (ValueError, ReportError):
        return None  # not a report's params file: its build stopped before writing anything


def _timeout(child: _Child, root: Path | None, limit: float, seconds: float) -> Outcome:
    """The outcome of a child ended at its time limit, once what it left half-done is undone."""
    out_dir = _report_dir(child.path, root)
    kept, evidence = False, None
    if out_dir is not None:
        from govreport.run import execute

        execute.repair(out_dir)  # a report moved aside comes back; staging and run folders go
        kept = out_dir.is_dir()
        # Stopped in a cell, the child kept its notebook as a failed one's, which shows where it hung.
        failed = out_dir.with_name(f"{out_dir.name}.failed.ipynb")
        if failed.is_file() and failed.stat().st_mtime >= child.since:
            evidence = Project.at(out_dir.parent.parent.parent).relative(failed)
    where = Project.at(root).relative(Path(child.path)) if root is not None else child.path
    cause = timed_out(where, limit, kept, evidence)
    return Outcome(child.path, "failed", cause=cause, kind="timeout", seconds=seconds, error=cause)


def _crash(child: _Child, root: Path | None) -> Outcome:
    where = Project.at(root).relative(Path(child.path)) if root is not None else child.path
    cause = t("cause.crash", where=where, code=child.process.exitcode)
    return Outcome(
        child.path, "failed", cause=cause, kind="crash", seconds=time.monotonic() - child.started, error=cause
    )


def run_all(
    params_paths: list[str],
    root: Path | None,
    jobs: int,
    on_done: Callable[[Outcome], None] | None = None,
    *,
    timeout: float | None = TIME_LIMIT,
    pdf: bool = False,
    docx: bool = False,
    verbose: bool = False,
) -> list[Outcome]:
    """Build each report in its own child, `jobs` at a time, in order; `on_done(outcome)` after each.

    `root` is the project root (None: each params file's own). A child still running `timeout`
    seconds after it started (None: no limit) is ended (`_end`), what it left half-done under build/
    is undone (the previous report stays) and its outcome is a failure of kind "timeout"; the others
    go on. `pdf` prints each report.pdf, `docx` writes each report.docx; `verbose` logs to stderr.
    """
    ctx = context()
    cwd = os.getcwd()
    pending = list(params_paths)
    running: list[_Child] = []
    outcomes: list[Outcome] = []

    def finish(child: _Child, outcome: Outcome) -> None:
        running.remove(child)
        outcomes.append(outcome)
        if on_done is not None:
            on_done(outcome)

    try:
        while pending or running:
            while pending and len(running) < jobs:
                path = pending.pop(0)
                receiver, sender = ctx.Pipe(duplex=False)
                args = (sender, path, None if root is None else str(root), cwd, pdf, docx, verbose, language())
                process = ctx.Process(target=_child, args=args, daemon=True)
                process.start()  # returns once forked: the limit does not count the forkserver's start-up
                sender.close()
                running.append(_Child(process, receiver, path, time.monotonic(), time.time()))
            left = None
            if timeout:
                left = max(0.0, min(c.started for c in running) + timeout - time.monotonic())
            ready = wait([c.waitable for c in running], timeout=left)
            now = time.monotonic()
            for child in list(running):
                if child.waitable in ready:
                    if not child.received:
                        child.receive()  # then wait for it to exit, which it does at once
                        continue
                    child.process.join()
                    finish(child, child.outcome or _crash(child, root))
                elif timeout and now - child.started >= timeout:
                    if child.received:  # its outcome stands (the report was built); only its exit hung
                        child.process.kill()
                        child.process.join()
                        finish(child, child.outcome or _crash(child, root))
                    else:
                        _end(child.process)
                        finish(child, _timeout(child, root, timeout, now - child.started))
    finally:
        for child in running:  # interrupted (Ctrl-C, or on_done raised): no report's process outlives us
            _end(child.process)
    return outcomes
