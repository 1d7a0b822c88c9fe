"""A batch on a Dask distributed cluster: workers build from shipped inputs and return the files.

Workers need not share a disk with the client. Each task carries the agency's params and data
folders (and the root's own notebook, if it has one) as bytes, builds the report in a scratch root
on the worker, in a process of its own, and returns the report's files or the failed notebook; the
client writes them to build/ with the same atomic swap a local build uses.
"""

from __future__ import annotations

import multiprocessing
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from govreport.errors import TIME_LIMIT, DataValidationError, problems_text
from govreport.inputs.project import Project
from govreport.messages import language, t, using
from govreport.run.engine import timed_out
from govreport.run.outcome import Outcome

Payload = dict[str, bytes]


def payload(project: Project, params_path: Path) -> Payload:
    """The files a report can read, relative to the root: its agency's params and data, the notebook.

    Every file goes through `Project.readable`, as a local build's inputs do: a link leaving the root
    (or a pipe, a device) raises DataValidationError here rather than being shipped as an ordinary file.
    """
    agency = params_path.parent.name
    files: Payload = {}
    for folder in (project.root / "params" / agency, project.agency_dir(agency)):
        for file in sorted(p for p in folder.rglob("*") if p.is_symlink() or not p.is_dir()):
            files[file.relative_to(project.root).as_posix()] = project.readable(file).read_bytes()
    own = project.root / "notebooks" / "annual_report.ipynb"
    if own.is_file():
        files["notebooks/annual_report.ipynb"] = own.read_bytes()
    return files


def _isolated(params: Path, root: Path, timeout: float | None, docx: bool = False) -> Outcome:
    """Build in a process of its own, a fork of the warm server, ended past `timeout` seconds."""
    from govreport.run import engine

    with _may_start_processes():
        return engine.run_all([str(params)], root, 1, timeout=timeout, docx=docx)[0]


@contextmanager
def _may_start_processes() -> Iterator[None]:
    """Let a daemon worker start the warm server and its report processes, for as long as one build lasts.

    Dask's nanny runs its workers as daemon processes, and multiprocessing refuses children to a daemon
    (it could die and leave them behind). A build's processes cannot outlive it: `engine.run_all` ends
    them at the time limit and waits for them, and the warm server exits when its worker does. Without
    this, each report on a cluster paid a fresh interpreter (~3 s) or needed DASK_DISTRIBUTED__WORKER__DAEMON=False.
    """
    process = multiprocessing.current_process()
    daemon = process._config.get("daemon")  # the flag multiprocessing checks; there is no public way to lift it
    process._config["daemon"] = False
    try:
        yield
    finally:
        process._config["daemon"] = daemon


def remote_build(
    params_rel: str, files: Payload, timeout: float | None = TIME_LIMIT, docx: bool = False, lang: str | None = None
) -> tuple[Outcome, Payload, bytes | None]:
    """On a worker: (outcome, the report's files, the failed notebook) built from `files` alone within `timeout` s
    (report.docx too with `docx`), its messages in the caller's language `lang`."""
    scratch = Path(tempfile.mkdtemp(prefix="govreport-"))
    try:
        for name, data in files.items():
            target = scratch / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        with using(lang):
            outcome = _isolated(scratch / params_rel, scratch, timeout, docx)
        agency, year = Path(params_rel).parent.name, Path(params_rel).stem
        out_dir = scratch / "build" / agency / year
        built = {}
        if outcome.status != "failed" and out_dir.is_dir():
            built = {p.name: p.read_bytes() for p in sorted(out_dir.iterdir()) if p.is_file()}
        evidence = scratch / "build" / agency / f"{year}.failed.ipynb"
        return outcome, built, evidence.read_bytes() if evidence.is_file() else None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run_all(
    params_paths: list[str],
    project: Project,
    scheduler: str,
    on_done: Callable[[Outcome], None] | None = None,
    timeout: float | None = TIME_LIMIT,
    docx: bool = False,
) -> list[Outcome]:
    """Build every report on the cluster at `scheduler` (tcp://HOST:PORT), with report.docx when `docx`; write
    what comes back.

    A report still building `timeout` seconds after its worker started it is ended there and fails.
    """
    from distributed import Client, as_completed

    from govreport.run import execute

    outcomes = []
    with Client(scheduler, set_as_default=False) as client:
        futures = {}
        for path in params_paths:
            rel = project.relative(Path(path))
            try:
                files = payload(project, Path(path))
            except DataValidationError as exc:
                cause = t("cause.inputs", where=rel, problems=problems_text(exc.problems))
                outcome = Outcome(path, "failed", cause=cause, kind="inputs")
                outcomes.append(outcome)
                if on_done is not None:
                    on_done(outcome)
                continue
            future = client.submit(remote_build, rel, files, timeout, docx, language(), pure=False)
            futures[future] = path
        for future in as_completed(list(futures), loop=client.loop):
            path = futures[future]
            rel = project.relative(Path(path))
            agency, year = Path(rel).parent.name, Path(rel).stem
            out_dir = project.build_dir(agency, int(year))
            evidence_path = out_dir.with_name(f"{year}.failed.ipynb")
            try:
                outcome, built, evidence = future.result()
            except Exception as exc:  # the worker died or the cluster went away: an infrastructure failure
                outcome, built, evidence = (
                    Outcome(path, "failed", cause=t("cause.cluster", where=rel, error=str(exc)), kind="crash"),
                    {},
                    None,
                )
            outcome.params = path
            if outcome.kind == "timeout":  # worded here, where build/ keeps the previous report and the evidence
                shown = project.relative(evidence_path) if evidence is not None else None
                outcome.cause = outcome.error = timed_out(rel, timeout, out_dir.is_dir(), shown)
            if built:
                execute.repair(out_dir)
                execute.write_atomically(out_dir, built)
                evidence_path.unlink(missing_ok=True)
            elif evidence is not None:
                evidence_path.parent.mkdir(parents=True, exist_ok=True)
                evidence_path.write_bytes(evidence)
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    return outcomes
