"""Built reports read back from build/: their figures.csv and checks.csv, and nothing else of them.

The catalogue and the supervisors' summaries read what `govreport build` wrote, never a notebook or a
page, so a summary of thousands of reports reads two small CSV files each (and, for the publication
date, the report's own params file). A file is read as build wrote it; one that is missing or cut
short gives what it holds, and a report without figures.csv has not been built.
"""

from __future__ import annotations

import csv
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from govreport.inputs.figure import Figure, parse_figure
from govreport.inputs.params import DATE, load_yaml
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams

Cell = tuple[str, str, str]


@dataclass(frozen=True)
class Checked:
    """One row of a report's checks.csv, as much of it as a summary reads."""

    severity: str
    rule: str
    message: str


@dataclass(frozen=True)
class Built:
    """One built agency-year: its figures, its findings and the date its params say it was published."""

    agency: str
    year: int
    figures: dict[Cell, Figure]
    checks: tuple[Checked, ...] = ()
    published: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # every file read, relative path -> sha256


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(data.decode("utf-8", errors="replace").splitlines()))[1:]


def _figures(data: bytes) -> dict[Cell, Figure]:
    found: dict[Cell, Figure] = {}
    for record in _rows(data):
        if len(record) != 4:
            continue  # a short or foreign line
        text = record[3]
        # What build wrote: a count is digits (read at once), an amount keeps its digits (parse_figure)
        figure = int(text) if text.isascii() and text.isdigit() else parse_figure(text, amount=False)
        if figure is not None:
            found[(record[0], record[1], record[2])] = figure
    return found


def read_figures(path: Path) -> dict[Cell, Figure]:
    """A built figures.csv as {(table, row, column): figure}; empty when the file cannot be read."""
    try:
        return _figures(path.read_bytes())
    except OSError:
        return {}


def _checks(data: bytes) -> tuple[Checked, ...]:
    # severity,rule,table,row,column,message; a message with commas is quoted, so csv gives six fields
    return tuple(Checked(r[0], r[1], r[5]) for r in _rows(data) if len(r) == 6)


def _published(path: Path, data: bytes) -> str | None:
    """The publication date (YYYY-MM-DD) a report's params file (`path`, holding `data`) states, or None."""
    try:
        raw = load_yaml(path, data)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    date = raw.get("published") if isinstance(raw, dict) else None
    return date if isinstance(date, str) and DATE.fullmatch(date) else None


def read_built(project: Project, agency: str, year: int, with_date: bool = True) -> Built | None:
    """What the summary reads of one agency-year's build, or None when it has no figures.csv.

    `with_date`: also the publication date its params file states (the summary's own year needs it).
    """
    folder = project.build_dir(agency, year)
    where = project.relative(folder)
    try:
        figures = (folder / "figures.csv").read_bytes()
    except OSError:
        return None
    try:
        checks = (folder / "checks.csv").read_bytes()
    except OSError:
        checks = b""
    sources = {f"{where}/figures.csv": _sha256(figures), f"{where}/checks.csv": _sha256(checks)}
    date = None
    if with_date:
        params = project.params_file(agency, year)
        try:
            data = params.read_bytes()
        except OSError:
            pass
        else:
            sources[project.relative(params)] = _sha256(data)
            date = _published(params, data)
    return Built(agency, year, _figures(figures), _checks(checks), date, sources)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def built_years(project: Project, agency: str, up_to: int) -> list[int]:
    """The years up to `up_to` that an agency has a built report of (a figures.csv), in order."""
    folder = project.build_root / agency
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    years = [int(n) for n in names if len(n) == 4 and n.isdigit() and int(n) <= up_to]
    return sorted(y for y in years if (folder / str(y) / "figures.csv").is_file())


def candidates(project: Project, params: SummaryParams) -> list[str]:
    """Every agency of the root a summary's slugs and patterns match (before its kind filter)."""
    return [a for a in project.agencies() if params.covers(a)]


def files_read(project: Project, params: SummaryParams) -> list[Path]:
    """Every file a summary may read: what its fingerprint is taken of (a superset: kinds are not read here)."""
    found = [project.summary_params_file(params.name, params.year)]
    for agency in candidates(project, params):
        found.append(project.agency_dir(agency) / "agency.yaml")
        found.append(project.params_file(agency, params.year))
        for year in built_years(project, agency, params.year):
            folder = project.build_dir(agency, year)
            found += [folder / "figures.csv", folder / "checks.csv"]
    return [p for p in found if p.is_file()]
