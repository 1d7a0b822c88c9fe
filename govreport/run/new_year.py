"""`govreport new`: the one place that writes a new agency-year — its params file, its year folder and, for a new
agency, agency.yaml — from last year's inputs (`compute.opening`), never over a year that exists."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from govreport.compute.opening import Opening, first_year, next_year
from govreport.errors import UsageError
from govreport.inputs.agency_year import load_agency, load_inputs, read_narrative
from govreport.inputs.digest import earlier_params
from govreport.inputs.params import FIRST_YEAR
from govreport.inputs.project import SLUG, Project
from govreport.inputs.vocabulary import format_for_year
from govreport.messages import msg
from govreport.run.files import replace_file


@dataclass(frozen=True)
class Started:
    """A year `new` started: what it wrote (paths under the root) and what it started from."""

    agency: str
    name: str  # the agency's name; '' when its agency.yaml was just written from the template
    opening: Opening
    params: str
    folder: str
    written: tuple[str, ...]


def start_year(project: Project, agency: str, year: int, today: dt.date | None = None) -> Started:
    """Write `agency`'s year `year` from its year before, or from the blank templates when it has none.

    Raises UsageError when the year exists or is out of range, DataValidationError when last year's
    inputs (every problem listed) cannot be read.
    """
    if not SLUG.fullmatch(agency):
        raise UsageError(msg("new.not-a-slug", agency=agency))
    today = today or dt.date.today()
    if not FIRST_YEAR <= year <= today.year:
        raise UsageError(msg("new.out-of-range", year=year, first=FIRST_YEAR, last=today.year))
    params_file, folder = project.params_file(agency, year), project.year_dir(agency, year)
    existing = [project.relative(p) + ("/" if p == folder else "") for p in (params_file, folder) if os.path.lexists(p)]
    if existing:
        raise UsageError(msg("new.exists", year=year, paths=tuple(existing)))
    opening = _opening(project, agency, year)
    written = []
    agency_file = project.agency_dir(agency) / "agency.yaml"
    name = ""
    if os.path.lexists(agency_file):
        name = load_agency(project, agency).name
    else:
        replace_file(agency_file, (project.templates / "agency.yaml").read_bytes())
        written.append(project.relative(agency_file))
    files = _files(opening)
    _write_folder(folder, files)
    written += [project.relative(folder / file) for file in files]
    replace_file(params_file, _params(agency, opening))
    written.append(project.relative(params_file))
    return Started(agency, name, opening, project.relative(params_file), project.relative(folder), tuple(written))


def _opening(project: Project, agency: str, year: int) -> Opening:
    """What the year starts with: last year's inputs carried, or the templates of its format."""
    fmt = format_for_year(year)
    template = (project.templates / "narratives" / f"{fmt}.md").read_text(encoding="utf-8")
    last_params = earlier_params(project, agency, year - 1)
    if last_params is None:
        return first_year(year, fmt, template)
    last = load_inputs(project, last_params, narrative=False)
    found = read_narrative(project, agency, year - 1)
    return next_year(last, found[2] if found else None, template, year, fmt)


def _files(opening: Opening) -> dict[str, bytes]:
    """Each file of the year folder by name: the record files, figures.csv and narrative.md."""
    records = opening.records.items()
    files = {f"{name}.csv": frame.to_csv(index=False, lineterminator="\n").encode() for name, frame in records}
    figures = io.StringIO()
    writer = csv.writer(figures, lineterminator="\n")
    writer.writerow(["table", "row", "column", "value"])
    writer.writerows([*cell, ""] for cell in opening.figures)
    files["figures.csv"] = figures.getvalue().encode()
    files["narrative.md"] = opening.narrative.encode()
    return files


def _write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """The year folder, whole or not at all: written beside it under another name, then renamed into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        os.rename(staging, folder)  # fails, rather than mixes, if the folder appeared meanwhile
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _params(agency: str, opening: Opening) -> bytes:
    """params/<agency>/<year>.yaml: agency, year and the year's format; published left for after publication."""
    keys = yaml.safe_dump({"agency": agency, "year": opening.year, "format": opening.format}, sort_keys=False)
    return (
        f"# {opening.year} 年报告的参数（govreport new 写的）· the parameters of the {opening.year} report\n"
        f"{keys}"
        f'# published: "{opening.year + 1}-01-31"   # 报告发布后填写发布日期 · the publication date, once published\n'
    ).encode()
