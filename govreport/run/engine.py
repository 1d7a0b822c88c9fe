"""The fast execution engine: a report's notebook run in a forked child of a warm process.

The plain way (papermill + ipykernel) pays for an interpreter, a kernel, the imports of pandas and
matplotlib and a kernel shutdown for every report. Here one warm process (multiprocessing's
forkserver, preloaded with `govreport.zygote`) has done the imports once and has run no report; each
report is a fresh fork of it, so it starts from that clean state and leaves nothing behind. In the
child the cells run in an IPython `InteractiveShell` whose display hook, display publisher, streams
and tracebacks produce the same nbformat outputs a kernel sends, and a failure is marked with
papermill's own error cells. `tests/test_engine.py` proves the outputs equal the papermill path's.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.connection import Connection, wait
from pathlib import Path

from govreport.inputs.project import Project

# What the worker process imports before it forks its first child (see govreport/zygote.py).
PRELOAD = ["govreport.run.zygote"]


@dataclass
class Outcome:
    """What became of one report: built (ok or with findings) or failed, and why."""

    params_path: str
    status: str  # ok | findings | failed
    counts: dict[str, int] = field(default_factory=dict)
    cause: str = ""  # one sentence naming agency, year and cause when failed
    kind: str = ""  # params | inputs | notebook | disk | crash | internal
    seconds: float = 0.0


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
    """The notebook's `language_info` as ipykernel reports it to nbclient."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


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
    import papermill
    from papermill.execute import raise_for_execution_errors

    from govreport.errors import ExecutionError

    # The same round trip and normalisation papermill applies when it loads a notebook.
    loaded = nbformat.reads(nbformat.writes(notebook), as_version=4)
    loaded = nbformat.v4.upgrade(loaded) or loaded
    for cell in loaded.cells:
        cell.metadata.setdefault("tags", [])
    executed = run_notebook(loaded, root)
    target = staging / "report.ipynb"
    try:
        raise_for_execution_errors(executed, str(target))
    except papermill.PapermillExecutionError as exc:
        raise ExecutionError(f"{exc.ename}: {exc.evalue} (cell {exc.exec_count})") from None
    return executed


# -- one child per report ------------------------------------------------------------------------


def _sentence(params_path: str, exc: BaseException) -> tuple[str, str]:
    """(kind, cause) of a failure, the cause naming the report when the error does not."""
    from govreport.errors import DataValidationError, DiskFullError, ExecutionError, ParamsError

    if isinstance(exc, DiskFullError):
        return "disk", f"{params_path}: {exc}"
    if isinstance(exc, ParamsError):
        return "params", f"{params_path}: invalid parameters: " + "; ".join(str(p) for p in exc.problems)
    if isinstance(exc, DataValidationError):
        return "inputs", f"{params_path}: invalid inputs: " + "; ".join(str(p) for p in exc.problems)
    if isinstance(exc, ExecutionError):
        return "notebook", str(exc)
    return "internal", f"{params_path}: {type(exc).__name__}: {exc}"


def build_one(params_path: str, root: str) -> Outcome:
    """Build one report in this process with the in-process executor (what a child runs)."""
    from govreport.errors import ReportError
    from govreport.run import execute

    started = time.perf_counter()
    project = Project.at(root)
    where = project.relative(Path(params_path))
    try:
        result = execute.build(params_path, project, executor=execute_in_process)
    except ReportError as exc:
        kind, cause = _sentence(where, exc)
        return Outcome(params_path, "failed", cause=cause, kind=kind, seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug must not take the batch down; it is reported with the report's name
        return Outcome(
            params_path,
            "failed",
            cause=f"{where}: internal error {type(exc).__name__}: {exc}",
            kind="internal",
            seconds=time.perf_counter() - started,
        )
    return Outcome(params_path, result.status, dict(result.counts), seconds=time.perf_counter() - started)


def _child(conn: Connection, params_path: str, root: str) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    conn.send(build_one(params_path, root))
    conn.close()


def context() -> multiprocessing.context.BaseContext:
    """The warm forkserver context (falls back to spawn where fork does not exist)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def run_all(params_paths: list[str], root: Path, jobs: int, on_done=None) -> list[Outcome]:
    """Build each report in its own child, `jobs` at a time; `on_done(outcome)` after each."""
    ctx = context()
    pending = list(params_paths)
    running: dict = {}  # connection -> (process, params path, started)
    outcomes: list[Outcome] = []
    while pending or running:
        while pending and len(running) < jobs:
            path = pending.pop(0)
            receiver, sender = ctx.Pipe(duplex=False)
            process = ctx.Process(target=_child, args=(sender, path, str(root)), daemon=True)
            process.start()
            sender.close()
            running[receiver] = (process, path, time.perf_counter())
        for receiver in wait(list(running)):
            process, path, started = running.pop(receiver)
            try:
                outcome = receiver.recv()
            except (EOFError, OSError):
                process.join()
                outcome = Outcome(
                    path,
                    "failed",
                    cause=f"{Project.at(root).relative(Path(path))}: the process building it died "
                    f"(exit code {process.exitcode})",
                    kind="crash",
                    seconds=time.perf_counter() - started,
                )
            receiver.close()
            process.join()
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    return outcomes


def main(argv: list[str]) -> int:
    """`python -m govreport.engine PARAMS ROOT`: one report in a process of its own, its outcome as JSON."""
    import json
    from dataclasses import asdict

    outcome = build_one(argv[0], argv[1])
    sys.stdout.write(json.dumps(asdict(outcome), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
