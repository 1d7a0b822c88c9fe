"""`govreport import`: a published report written into a project as the inputs of its agency-year.

It writes figures.csv (every printed cell, a blank one blank), narrative.md (the prose as printed),
provenance.json (where every figure was read), params/<agency>/<year>.yaml and, for a new agency,
agency.yaml — each file atomically, and none of them over existing inputs unless forced.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

from govreport.errors import ReportError, UsageError
from govreport.inputs.agency import load_agency
from govreport.inputs.digest import file_digest
from govreport.inputs.figure import figure_text
from govreport.inputs.project import SLUG, Project, slug
from govreport.inputs.published.report import PublishedReport, read_report
from govreport.inputs.published.source import read_source
from govreport.messages import Message, msg
from govreport.run.files import replace_file

PROVENANCE = "provenance.json"


@dataclass(frozen=True)
class Imported:
    """What an import wrote (paths under the root) and what it could not read."""

    agency: str
    year: int
    format: str
    written: tuple[str, ...]
    notes: tuple[Message, ...]
    figures: int
    blank: int
    report: PublishedReport


def known_agencies(project: Project) -> dict[str, str]:
    """Every agency of the project that its agency.yaml names, by name (one that cannot be read is no match)."""
    data = project.root / "data"
    known: dict[str, str] = {}
    for agency_file in sorted(data.glob("*/agency.yaml")) if data.is_dir() else []:
        try:
            agency = load_agency(project, agency_file.parent.name)
        except ReportError:
            continue
        known.setdefault(agency.name, agency.slug)
    return known


def agency_slug(
    project: Project, name: str, given: str | None, title: str = "", known: dict[str, str] | None = None
) -> str:
    """The agency's slug: as given; else an existing agency whose name the title carries; else from the name.

    `known` is `known_agencies(project)` when the caller keeps it (an audit imports hundreds of reports).
    """
    if given:
        return slug(given)
    for known_name, known_slug in (known_agencies(project) if known is None else known).items():
        if known_name and (known_name == name or known_name in title):
            return known_slug
    if not name:
        raise UsageError(msg("import.no-agency"))
    made = "".join(lazy_pinyin(name, errors="default")).lower()  # digits and letters kept as they are
    made = "".join(ch for ch in made if ch.isascii() and (ch.isalnum() or ch == "-"))[:48].strip("-")
    if not SLUG.fullmatch(made or ""):
        raise UsageError(msg("import.no-slug", name=name))
    return made


def figures_csv(report: PublishedReport) -> bytes:
    """figures.csv: every cell the report prints, in printed order; a cell printed blank or as a dash is blank."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    for cell in report.cells:
        writer.writerow([cell.table, cell.row, cell.column, "" if cell.value is None else figure_text(cell.value)])
    return out.getvalue().encode("utf-8")


def provenance(report: PublishedReport, source: Path, digest: str) -> bytes:
    """Where every figure was read: the source and its digest, and per cell its table, labels and raw text."""
    doc = report.document
    record = {
        "source": source.name,
        "sha256": digest,
        "read_as": doc.kind,
        "title": doc.title,
        "format": report.format,
        "year": report.year,
        "published": report.published,
        "not_read": [str(note) for note in report.notes],
        "cells": [
            {
                "cell": f"{c.table}/{c.row}/{c.column}",
                "value": "" if c.value is None else figure_text(c.value),
                "printed": c.raw,
                "printed_row": c.printed_row,
                "column_label": c.printed_column,
                "table_number": c.grid,
                **({"page": c.page} if c.page is not None else {}),
                **({"note": c.note} if c.note else {}),
            }
            for c in report.cells
        ],
    }
    return (json.dumps(record, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _dump(data: dict) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def read_published(source: Path, year: int | None = None, fmt: str | None = None) -> PublishedReport:
    """The published report at `source`, read (raises SourceError when it cannot be read at all)."""
    return read_report(read_source(source), year, fmt)


def import_report(
    project: Project,
    source: Path,
    agency: str | None = None,
    year: int | None = None,
    fmt: str | None = None,
    force: bool = False,
) -> Imported:
    """Read the published report at `source` and write it into `project` as inputs (see the module)."""
    return write_inputs(project, read_published(source, year, fmt), source, agency, force)


def write_inputs(
    project: Project, report: PublishedReport, source: Path, agency: str | None = None, force: bool = False
) -> Imported:
    """Write a report read from `source` into `project` as the inputs of its agency-year."""
    digest = file_digest(source)
    slug_ = agency_slug(project, report.name, agency, report.document.title)
    year_dir = project.year_dir(slug_, report.year)
    params_file = project.params_file(slug_, report.year)
    files: dict[Path, bytes] = {
        year_dir / "figures.csv": figures_csv(report),
        year_dir / "narrative.md": report.narrative.encode("utf-8"),
        year_dir / PROVENANCE: provenance(report, source, digest),
        params_file: _dump(
            {
                "agency": slug_,
                "year": report.year,
                "format": report.format,
                **({"published": report.published} if report.published else {}),
            }
        ),
    }
    agency_file = project.agency_dir(slug_) / "agency.yaml"
    if not agency_file.exists():
        files[agency_file] = _dump({"name": report.name or slug_, "kind": report.kind})
    existing = [p for p in files if p.exists() and p != agency_file]
    if existing and not force:
        raise UsageError(msg("import.exists", paths=[project.relative(p) for p in existing]))
    for path, data in files.items():
        replace_file(path, data)
    cells = report.cells
    return Imported(
        agency=slug_,
        year=report.year,
        format=report.format,
        written=tuple(project.relative(p) for p in files),
        notes=report.notes,
        figures=sum(c.value is not None for c in cells),
        blank=sum(c.value is None for c in cells),
        report=report,
    )
