"""`govreport audit`: published reports read in parallel, imported into one project, and every rule run.

Reading (parsing pages, Word and PDF files) is the costly part and runs in a process pool; writing
the inputs and checking them run here, in order, so that two sources of one agency-year are caught
and the cross-year rules see every year given. The catalogue (index.html, findings.csv) goes to `out`.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from govreport.compute.computation import MemoryCache
from govreport.compute.findings import Finding
from govreport.errors import DataValidationError, ReportError, UsageError
from govreport.inputs.project import Project
from govreport.inputs.published.report import TRADITIONAL, PublishedReport
from govreport.messages import Message, msg
from govreport.run.catalogue import template
from govreport.run.check import check
from govreport.run.files import replace_file
from govreport.run.importer import agency_slug, known_agencies, read_published, write_inputs

log = logging.getLogger(__name__)
SUFFIXES = (".html", ".htm", ".shtml", ".docx", ".pdf", ".txt")
CHUNK, READS_PER_WORKER = 10, 100
FINDING_COLUMNS = ("source", "agency", "year", "severity", "rule", "table", "row", "column", "message")


@dataclass
class Audited:
    """One source audited: the agency-year it was read as, and every finding (or why it was not read)."""

    source: str
    agency: str = ""
    name: str = ""
    year: int | None = None
    format: str = ""
    findings: list[Finding] = field(default_factory=list)

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)


def sources(paths: Iterable[Path]) -> list[Path]:
    """The files given, and every report file (by suffix) under the folders given, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()))
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            raise UsageError(msg("audit.no-such-path", path=str(path)))
    return found


def _read(path: Path) -> PublishedReport | str:
    """In a worker: the report read, or why it could not be (worded as every other error)."""
    try:
        return read_published(path)
    except ReportError as exc:
        return str(exc)


def _failure(source: str, message: Message | str, rule: str = "import") -> Finding:
    return Finding("error", rule, "", "", "", message)


def audit(
    paths: Iterable[Path],
    project: Project | None = None,
    jobs: int | None = None,
    on_done: Callable[[Audited], None] | None = None,
) -> list[Audited]:
    """Audit every report under `paths`, importing them into `project` (a scratch one when None)."""
    files = sources(paths)
    if project is None:
        scratch = tempfile.TemporaryDirectory(prefix="govreport-audit-")
        try:
            return _audit(files, Project.at(scratch.name), jobs, on_done)
        finally:
            scratch.cleanup()
    return _audit(files, project, jobs, on_done)


def _audit(files: list[Path], project: Project, jobs: int | None, on_done) -> list[Audited]:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    if jobs == 1:
        read = map(_read, files)
    else:
        # A worker is replaced after READS_PER_WORKER sources: what parsing leaves behind in a process
        # (the allocator's fragments) then never adds up, and memory stays flat however many are read.
        # (multiprocessing.Pool: ProcessPoolExecutor's max_tasks_per_child can hang on Python 3.11.)
        pool = multiprocessing.get_context("forkserver").Pool(jobs, maxtasksperchild=READS_PER_WORKER // CHUNK)
        read = pool.imap(_read, files, chunksize=CHUNK)
    results: list[Audited] = []
    by_year: dict[tuple[str, int], Audited] = {}
    known = known_agencies(project)  # read once; each agency imported is added as it is written
    try:
        for path, report in zip(files, read, strict=True):
            entry = Audited(str(path))
            results.append(entry)
            if isinstance(report, str):
                entry.findings.append(_failure(entry.source, report))
                continue
            entry.name, entry.year, entry.format = report.name, report.year, report.format
            agency = agency_slug(project, report.name, None, report.document.title, known) if report.name else None
            first = by_year.get((agency, report.year)) if agency else None
            if first is not None:
                message = msg("audit.second-report", name=report.name, year=report.year, first=first.source)
                entry.findings.append(_failure(entry.source, message))
                continue
            try:
                done = write_inputs(project, report, path, agency)
            except UsageError as exc:
                entry.findings.append(_failure(entry.source, str(exc)))
                continue
            entry.agency = done.agency
            known.setdefault(report.name or done.agency, done.agency)  # as agency.yaml now names it
            by_year[(done.agency, done.year)] = entry
            entry.findings.extend(Finding("warning", "not-read", "", "", "", note) for note in done.notes)
            if report.traditional:
                entry.findings.append(Finding("info", "import", "", "", "", TRADITIONAL))
    finally:
        if jobs > 1:
            pool.close()
            pool.join()
    cache, previous = MemoryCache(), None
    for (agency, year), entry in sorted(by_year.items()):
        if agency != previous:  # an agency's earlier years are built once for its later ones, then let go
            cache, previous = MemoryCache(), agency
        try:
            value = check(project.params_file(agency, year), project, cache)
        except DataValidationError as exc:
            entry.findings.extend(_failure(entry.source, str(p), "input") for p in exc.problems)
        except ReportError as exc:
            entry.findings.append(_failure(entry.source, str(exc), "input"))
        else:
            entry.findings.extend(value.findings)
    for entry in results:
        if on_done is not None:
            on_done(entry)
    return results


def finding_line(entry: Audited, finding: Finding) -> str:
    """`source: severity [rule] cell: message`, as `check` prints a finding."""
    cell = "/".join(x for x in (finding.table, finding.row, finding.column) if x)
    return f"{entry.source}: {finding.severity} [{finding.rule}] {cell + ': ' if cell else ''}{finding.message}"


def write_catalogue(results: list[Audited], out: Path) -> None:
    """index.html (one line per report, sortable) and findings.csv (every finding of every report)."""
    import pandas as pd

    from govreport.present.download import csv_text

    rows = [
        {
            "source": e.source,
            "agency": e.agency,
            "year": "" if e.year is None else str(e.year),
            **{c: getattr(f, c) for c in FINDING_COLUMNS[3:]},
        }
        for e in results
        for f in e.findings
    ]
    frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS), dtype=str)
    replace_file(out / "findings.csv", csv_text(frame).encode("utf-8"))
    with_errors = sum(1 for e in results if e.count("error"))
    page = template("audit/index.html.j2").render(reports=results, with_errors=with_errors)
    replace_file(out / "index.html", page.encode("utf-8"))
