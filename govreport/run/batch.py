"""A batch: every params file under some paths, validated, built in parallel when stale, catalogued.

Safe to run from cron: a lock keeps two batches on one root from overlapping, progress goes to
stderr (one line rewritten on a terminal, a few lines otherwise) and to `--log-file`, and a failure
of one report is recorded and reported while the rest go on. What each report was built from is
kept in build/.batch/state.json, so a report is rebuilt only when something it reads changed.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from govreport.errors import (
    DISK_FULL,
    TIME_LIMIT,
    DiskFullError,
    LockError,
    ParamsError,
    UsageError,
    problems_text,
)
from govreport.inputs.digest import file_digest, input_digest, last_year_digest
from govreport.inputs.params import Params, load_params, locate
from govreport.inputs.project import Project
from govreport.messages import msg, t
from govreport.run.files import replace_file
from govreport.run.outcome import Outcome
from govreport.run.versions import package_fingerprint

logger = logging.getLogger(__name__)
STATE = Path(".batch") / "state.json"
LOCK = Path(".batch") / "lock"
# Failures that the same inputs would repeat; a crashed or killed build is tried again next time, and
# so is one ended at its time limit: a busy machine or a slow disk can cause that too, and a retry
# costs at most the limit, where a report skipped until its inputs change could stay stale for good.
DETERMINISTIC = ("params", "inputs", "notebook")


@dataclass
class BatchOutcome:
    """What a batch did: every report's entry, and which ones it built or skipped as unchanged."""

    entries: list[Outcome]
    built: list[str]
    unchanged: list[str]
    seconds: float

    @property
    def failed(self) -> list[Outcome]:
        return [e for e in self.entries if e.status != "ok"]

    @property
    def ok(self) -> bool:
        return not self.failed


# -- finding and fingerprinting ----------------------------------------------------------------


def discover(project: Project, paths: list[Path]) -> list[Path]:
    """Every params file under `paths` (default params/), sorted, each once."""
    found: dict[Path, None] = {}
    for path in paths or [project.root / "params"]:
        path = locate(path, project)  # as `check` and `build` read a relative path
        if path.is_file():
            found[path.resolve()] = None
        elif path.is_dir():
            for file in sorted(path.rglob("*.yaml")):
                if not any(part.startswith(".") for part in file.relative_to(path).parts):
                    found[file.resolve()] = None
        else:
            raise UsageError(msg("batch.no-such-path", path=str(path)))
    return sorted(found)


def fingerprint(project: Project, params: Params, params_path: Path, common: str, digests: dict | None = None) -> str:
    """What the report reads: its params, agency.yaml, its year's files and the earlier years its tables chain to.

    Earlier years count through `last_year_digest`: last year's tables chain and last year's narrative.md
    (the repetition rule reads it), but no older narrative. So a change to one year's narrative.md rebuilds
    that year and the next; a change to its figures, that year and every later one.
    """
    digest = hashlib.sha256(common.encode())
    digest.update(file_digest(params_path).encode())
    agency_yaml = project.agency_dir(params.agency) / "agency.yaml"
    if os.path.lexists(agency_yaml):
        digest.update(input_digest(project, agency_yaml).encode())
    folder = project.year_dir(params.agency, params.year)
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            digest.update(path.name.encode() + b"\0" + input_digest(project, path).encode())
    digest.update((last_year_digest(project, params.agency, params.year - 1, digests) or "none").encode())
    return digest.hexdigest()


# -- state, lock, progress ---------------------------------------------------------------------


def load_state(project: Project) -> dict[str, Outcome]:
    path = project.build_root / STATE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {key: Outcome.from_state(value) for key, value in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}  # no state (a fresh or deleted build/) means everything is rebuilt


def save_state(project: Project, state: dict[str, Outcome]) -> None:
    """Write build/.batch/state.json whole or not at all; a full disk raises DiskFullError."""
    path = project.build_root / STATE
    text = json.dumps({k: v.state() for k, v in sorted(state.items())}, ensure_ascii=False, indent=1)
    try:
        replace_file(path, (text + "\n").encode("utf-8"))
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        # The batch stops: the reports it built stay, and without the state the next batch rebuilds them.
        raise DiskFullError(msg("disk.full", path=project.relative(path), kept=msg("disk.kept-built"))) from None


def lock(project: Project) -> IO:
    """Hold the root's batch lock until the returned file is closed (or the process ends)."""
    path = project.build_root / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = open(path, "a+")  # noqa: SIM115 - held open for the whole batch
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        raise LockError(msg("batch.locked", root=str(project.root), pid=holder, path=str(path))) from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


class Progress:
    """done / failed / skipped and the time left: one live line on a terminal, a few lines in a log."""

    def __init__(self, total: int, skipped: int, stream: IO, log: IO | None, every: float = 30.0):
        self.total, self.skipped, self.done, self.failed = total, skipped, 0, 0
        self.stream, self.log, self.every = stream, log, every
        self.live = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.last_line = float("-inf")  # the first report always shows a line

    def line(self) -> str:
        finished = self.done + self.failed
        left = self.total - finished
        elapsed = time.monotonic() - self.started
        eta = msg("batch.eta", seconds=elapsed / finished * left) if finished and left else ""
        return t(
            "batch.progress",
            finished=finished,
            total=self.total,
            done=self.done,
            failed=self.failed,
            skipped=self.skipped,
            eta=eta,
        )

    def note(self, message: str) -> None:
        """A line that always shows (a failure, the summary)."""
        if self.live:
            self.stream.write("\r\033[K")
        self.stream.write(message + "\n")
        self.stream.flush()
        self.journal(message)

    def journal(self, message: str) -> None:
        if self.log is not None:
            self.log.write(f"{dt.datetime.now().isoformat(timespec='seconds')} {message}\n")
            self.log.flush()

    def update(self, outcome: Outcome, name: str) -> None:
        if outcome.status == "failed":
            self.failed += 1
            self.note(t("batch.failed", cause=outcome.cause))
        else:
            self.done += 1
            self.journal(t("batch.built-one", name=name, status=outcome.status, seconds=outcome.seconds))
        now = time.monotonic()
        finished = self.done + self.failed == self.total
        if self.live:
            self.stream.write("\r\033[K" + self.line())
            self.stream.flush()
        elif finished or now - self.last_line >= self.every:
            self.stream.write(self.line() + "\n")
            self.stream.flush()
            self.last_line = now

    def close(self) -> None:
        if self.live and self.total:
            self.stream.write("\n")
            self.stream.flush()


# -- the batch ---------------------------------------------------------------------------------


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _up_to_date(entry: Outcome | None, current: str, project: Project, docx: bool = False) -> bool:
    if entry is None or entry.fingerprint != current:
        return False
    if entry.status == "failed":
        return entry.kind in DETERMINISTIC
    if entry.summary:  # a region's summary has no Word file
        return (project.summary_dir(entry.summary, entry.year) / "manifest.json").is_file()
    # A batch asked for report.docx builds again a report that was built without it.
    wanted = ("manifest.json", "report.docx") if docx else ("manifest.json",)
    return all((project.build_dir(entry.agency, entry.year) / name).is_file() for name in wanted)


def run_batch(
    project: Project,
    paths: list[Path],
    jobs: int | None = None,
    force: bool = False,
    scheduler: str | None = None,
    log_file: Path | None = None,
    stream: IO | None = None,
    timeout: float | None = TIME_LIMIT,
    docx: bool = False,
) -> BatchOutcome:
    """Build every stale report under `paths`, `jobs` at a time (or on a Dask scheduler); write the catalogue.

    A report still building after `timeout` seconds (None: no limit) is ended and recorded as failed. With
    `docx` each report also gets report.docx.
    """
    started = time.monotonic()
    stream = stream or sys.stderr
    files = discover(project, paths)
    log = open(log_file, "a", encoding="utf-8") if log_file else None  # noqa: SIM115 - closed below
    held = lock(project)
    try:
        return _run(project, files, jobs, force, scheduler, stream, log, started, timeout, docx)
    finally:
        held.close()
        if log is not None:
            log.close()


def _sort(project: Project, files: list[Path], state: dict, force: bool, docx: bool, entry_of) -> tuple:
    """(stale, unchanged entries, unchanged keys, invalid) of params files; `entry_of(path)` raises ParamsError."""
    stale, entries, unchanged, invalid = [], [], [], []
    for path in files:
        where = project.relative(path)
        try:
            entry = entry_of(path, where)
        except ParamsError as exc:
            cause = t("batch.invalid-params", problems=problems_text(exc.problems))
            invalid.append(Outcome(where, status="failed", cause=cause, kind="params", built=_now()))
            continue
        previous = state.get(entry.key)
        if not force and _up_to_date(previous, entry.fingerprint, project, docx):
            entries.append(previous)
            unchanged.append(entry.key)
        else:
            stale.append(entry)
    return stale, entries, unchanged, invalid


def _build(project, stale, state, progress, jobs, scheduler, timeout, docx) -> None:
    """Build `stale` (entries of one kind), recording each outcome in `state` as it arrives."""
    by_path = {str(project.root / e.params): e for e in stale}

    def finished(outcome: Outcome) -> None:
        entry = by_path[outcome.params]
        entry.status, entry.counts, entry.cause, entry.kind, entry.seconds, entry.missing = (
            outcome.status,
            outcome.counts,
            outcome.cause,
            outcome.kind,
            outcome.seconds,
            outcome.missing,
        )
        entry.built = _now()
        state[entry.key] = entry
        progress.update(outcome, entry.key)  # first: a full disk stops save_state, and this says what failed
        save_state(project, state)

    if not stale:
        return
    if scheduler:
        from govreport.run import cluster

        cluster.run_all(list(by_path), project, scheduler, on_done=finished, timeout=timeout, docx=docx)
    else:
        from govreport.run import engine

        jobs = jobs or os.cpu_count() or 1
        engine.run_all(list(by_path), project.root, jobs, on_done=finished, timeout=timeout, docx=docx)


def _run(project, files, jobs, force, scheduler, stream, log, started, timeout, docx) -> BatchOutcome:
    state = load_state(project)
    common = package_fingerprint() + file_digest(project.notebook)
    digests: dict = {}  # every earlier year of an agency is hashed once for the whole batch

    def report(path: Path, where: str) -> Outcome:
        params = load_params(path, project)
        fingerprinted = fingerprint(project, params, path, common, digests)
        return Outcome(where, agency=params.agency, year=params.year, fingerprint=fingerprinted)

    reports = [f for f in files if not project.is_summary(f)]
    stale, entries, unchanged, invalid = _sort(project, reports, state, force, docx, report)
    progress = Progress(len(stale), len(unchanged), stream, log)
    progress.journal(
        t(
            "batch.start",
            files=len(files),
            root=str(project.root),
            stale=len(stale),
            unchanged=len(unchanged),
            invalid=len(invalid),
        )
    )
    for entry in invalid:
        progress.note(t("batch.failed", cause=entry.cause))
        state.pop(entry.key, None)
    _build(project, stale, state, progress, jobs, scheduler, timeout, docx)
    progress.close()
    entries.extend(stale)
    entries.extend(invalid)
    summaries = [f for f in files if project.is_summary(f)]
    if summaries:  # after the reports: what a summary reads is built now, and its fingerprint says so
        done = _summaries(project, summaries, state, force, jobs, stream, log, timeout)
        stale, unchanged, invalid = stale + done[0], unchanged + done[2], invalid + done[3]
        entries.extend(done[0] + done[1] + done[3])
    if stale or invalid or not (project.build_root / "index.html").is_file():
        from govreport.run import catalogue

        catalogue.write(project, state, invalid)
    outcome = BatchOutcome(sorted(entries, key=lambda e: e.key), [e.key for e in stale], unchanged, 0.0)
    outcome.seconds = time.monotonic() - started
    for entry in outcome.failed:
        if entry.status == "findings":
            progress.note(t("batch.findings", key=entry.key, errors=entry.counts.get("error", 0)))
        elif entry.key in unchanged:
            progress.note(t("batch.failed-unchanged", cause=entry.cause))
    for entry in outcome.entries:
        if entry.summary and entry.status != "failed" and entry.missing:
            progress.note(t("batch.summary-missing", key=entry.key, year=entry.year, agencies=entry.missing))
    progress.note(
        t(
            "batch.done",
            built=len(stale),
            unchanged=len(unchanged),
            failed=len(outcome.failed),
            seconds=outcome.seconds,
            catalogue=project.relative(project.build_root / "index.html"),
        )
    )
    return outcome


def _summaries(project, files, state, force, jobs, stream, log, timeout) -> tuple[list, list, list, list]:
    """Build the stale summaries among `files`, on this machine: (stale, unchanged entries, unchanged keys, invalid)."""
    from govreport.inputs.summary_params import load_summary_params
    from govreport.run import summary

    common = package_fingerprint() + file_digest(project.summary_notebook)

    def entry_of(path: Path, where: str) -> Outcome:
        params = load_summary_params(path, project)
        fingerprinted = summary.fingerprint(project, params, common)
        return Outcome(where, summary=params.name, year=params.year, fingerprint=fingerprinted)

    stale, entries, unchanged, invalid = _sort(project, files, state, force, False, entry_of)
    progress = Progress(len(stale), len(unchanged), stream, log)
    progress.journal(t("batch.summaries", stale=len(stale), unchanged=len(unchanged), invalid=len(invalid)))
    for entry in invalid:
        progress.note(t("batch.failed", cause=entry.cause))
        state.pop(entry.key, None)
    _build(project, stale, state, progress, jobs, None, timeout, False)  # they read build/, which is here
    progress.close()
    return stale, entries, unchanged, invalid
