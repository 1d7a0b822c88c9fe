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
        figure = parse_figure(record[3], amount=False)  # what build wrote: counts read back as ints
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


def published(project: Project, agency: str, year: int) -> str | None:
    """The publication date a report's params file states (YYYY-MM-DD), or None."""
    try:
        raw = load_yaml(project.params_file(agency, year))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    date = raw.get("published") if isinstance(raw, dict) else None
    return date if isinstance(date, str) and DATE.fullmatch(date) else None


def read_built(project: Project, agency: str, year: int, with_date: bool = True) -> Built | None:
    """What the summary reads of one agency-year's build, or None when it has no figures.csv."""
    folder = project.build_dir(agency, year)
    sources, data = {}, {}
    for name in ("figures.csv", "checks.csv"):
        try:
            data[name] = (folder / name).read_bytes()
        except OSError:
            data[name] = b""
            if name == "figures.csv":
                return None
        sources[project.relative(folder / name)] = hashlib.sha256(data[name]).hexdigest()
    date = None
    if with_date:
        date = published(project, agency, year)
        params = project.params_file(agency, year)
        if params.is_file():
            sources[project.relative(params)] = hashlib.sha256(params.read_bytes()).hexdigest()
    return Built(agency, year, _figures(data["figures.csv"]), _checks(data["checks.csv"]), date, sources)


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
