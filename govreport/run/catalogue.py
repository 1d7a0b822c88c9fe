"""The catalogue of a build: build/index.html (the regions' summaries, then every report, sortable,
phone-readable) and build/summary.csv.

summary.csv puts the headline figures of every agency-year side by side, read back from each
report's own figures.csv, so an office can compare its departments in a spreadsheet; what each figure
means in each format is compute/headline.py's. The page is present/templates/catalogue/index.html.j2.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from govreport.compute.headline import Cells, percent
from govreport.compute.headline import headline as headline_figures
from govreport.errors import DISK_FULL, DiskFullError
from govreport.inputs.built import read_figures
from govreport.inputs.figure import Figure, figure_text
from govreport.inputs.project import Project
from govreport.messages import msg
from govreport.present.html import MESSAGE_FILTERS
from govreport.run.files import replace_file

SUMMARY_COLUMNS = (
    "agency",
    "name",
    "year",
    "format",
    "status",
    "received",
    "carried_in",
    "handled",
    "carried_over",
    "disclosed_full",
    "disclosed_part",
    "disclosed_pct",
    "other_pct",
    "errors",
    "warnings",
)


@dataclass
class Row:
    """One line of the catalogue."""

    key: str
    agency: str
    name: str
    year: str
    format: str
    status: str
    errors: int
    warnings: int
    cause: str
    report: str | None  # link relative to build/, when a report (possibly an older good one) exists
    review: str | None
    evidence: str | None
    figures: dict[str, str]
    word: str | None = None  # report.docx, when the report was built with --docx


def _number(value: Figure | None) -> str:
    return "" if value is None else figure_text(value)


def headline(figures: Cells, fmt: str) -> dict[str, str]:
    """The summary figures of one report from its figures.csv cells (blank where the format has none).

    Shares are over what was handled, with one decimal; blank when nothing was handled.
    """
    values = headline_figures(figures, fmt)
    out = {name: _number(values[name]) for name in SUMMARY_COLUMNS[5:11]}
    out["disclosed_pct"] = out["other_pct"] = ""
    handled = values["handled"]
    if handled:
        if values["disclosed_full"] is not None:
            disclosed = values["disclosed_full"] + (values["disclosed_part"] or 0)
            out["disclosed_pct"] = format(percent(disclosed, handled, digits=1), "f")
        if values["other"] is not None:
            out["other_pct"] = format(percent(values["other"], handled, digits=1), "f")
    return out


@dataclass
class SummaryRow:
    """One region's summary of a year, listed before the reports."""

    key: str
    title: str
    year: str
    status: str
    cause: str
    counts: dict[str, int]  # compute.summary.Summary.counts(): covered, summed, missing, …
    missing: list[str]
    report: str | None  # link relative to build/


def summaries(project: Project, state: dict) -> list[SummaryRow]:
    """Every summary the batch knows of, with what its manifest says it covered."""
    found = []
    for entry in state.values():
        if not entry.summary:
            continue
        folder = project.summary_dir(entry.summary, entry.year)
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        if not manifest and entry.status != "failed":
            continue  # build/ was cleaned under the state: nothing to list
        found.append(
            SummaryRow(
                key=entry.key,
                title=str(manifest.get("title", entry.key)),
                year=str(entry.year),
                status=entry.status,
                cause=entry.cause,
                counts={k: int(v) for k, v in manifest.get("counts", {}).items()},
                missing=[str(m) for m in manifest.get("missing", [])],
                report=project.relative(folder / "report.html").removeprefix("build/") if manifest else None,
            )
        )
    return sorted(found, key=lambda r: r.key)


def rows(project: Project, state: dict, invalid: list) -> list[Row]:
    """Every report the batch knows of, and every params file it could not read."""
    build = project.build_root
    found = []
    for entry in [*state.values(), *invalid]:
        if entry.summary:
            continue  # listed by `summaries`
        folder = build / entry.agency / str(entry.year) if entry.agency else None
        manifest: dict = {}
        if folder is not None:
            try:
                manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
        if folder is not None and not manifest and entry.status != "failed":
            continue  # build/ was cleaned under the state: nothing to list
        fmt = str(manifest.get("format", ""))
        name = str(manifest.get("title", "")).split(str(entry.year))[0] if manifest else ""
        counts = entry.counts or manifest.get("counts", {})
        evidence = build / entry.agency / f"{entry.year}.failed.ipynb" if entry.agency else None
        link = f"{entry.agency}/{entry.year}/"
        found.append(
            Row(
                key=entry.key,
                agency=entry.agency or entry.params,
                name=name,
                year=str(entry.year or ""),
                format=fmt,
                status=entry.status,
                errors=int(counts.get("error", 0)),
                warnings=int(counts.get("warning", 0)),
                cause=entry.cause,
                report=link + "report.html" if manifest else None,
                review=link + "review.html" if manifest else None,
                evidence=f"{entry.agency}/{entry.year}.failed.ipynb" if evidence and evidence.is_file() else None,
                figures=headline(read_figures(folder / "figures.csv"), fmt) if manifest else {},
                word=link + "report.docx" if manifest and (folder / "report.docx").is_file() else None,
            )
        )
    return sorted(found, key=lambda r: (r.agency, r.year))


def _text(value: object) -> Markup:
    # Autoescape as html.escape writes it (&#x27;, &quot;), so the page is the same bytes it was when
    # catalogue.py wrote it by hand; markupsafe would write &#39; and &#34;.
    return value if isinstance(value, Markup) else Markup(escape(str(value)))


@cache
def template(name: str = "catalogue/index.html.j2") -> jinja2.Template:
    """A page template of present/templates (the catalogue's, the audit's), autoescaped."""
    templates = resources.files("govreport.present").joinpath("templates")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        autoescape=True,
        finalize=_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(MESSAGE_FILTERS)
    return environment.get_template(name)


def index_html(found: list[Row], regions: list[SummaryRow] = ()) -> str:
    """The catalogue page (present/templates/catalogue): the summaries first, then every report; lang zh-CN."""
    return template().render(rows=found, summaries=list(regions))


def summary_rows(found: list[Row]) -> list[dict[str, str]]:
    out = []
    for r in found:
        if not r.report:
            continue
        out.append(
            {
                "agency": r.agency,
                "name": r.name,
                "year": r.year,
                "format": r.format,
                "status": r.status,
                **{k: r.figures.get(k, "") for k in SUMMARY_COLUMNS[5:13]},
                "errors": str(r.errors),
                "warnings": str(r.warnings),
            }
        )
    return out


def _replace(path: Path, data: bytes, project: Project) -> None:
    try:
        replace_file(path, data)
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        kept = msg("disk.kept-previous") if path.is_file() else ""
        raise DiskFullError(msg("disk.full", path=project.relative(path), kept=kept)) from None


def write(project: Project, state: dict, invalid: list) -> None:
    """Write build/index.html and build/summary.csv from the batch state and the built reports."""
    import pandas as pd

    from govreport.present.download import csv_text

    found = rows(project, state, invalid)
    project.build_root.mkdir(parents=True, exist_ok=True)
    _replace(project.build_root / "index.html", index_html(found, summaries(project, state)).encode("utf-8"), project)
    frame = pd.DataFrame(summary_rows(found), columns=list(SUMMARY_COLUMNS), dtype=str)
    _replace(project.build_root / "summary.csv", csv_text(frame).encode("utf-8"), project)
