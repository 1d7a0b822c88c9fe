"""A supervisor's summary: params/_summary/<name>/<year>.yaml — the region, the year, the agencies it covers.

    region: 海澄市                  # the region's name, as the summary's title prints it
    year: 2024
    agencies: [haicheng-*, fujian-commerce]   # slugs, or patterns of slugs (* ? [...]); or one pattern
    kind: government               # optional: only agencies of this kind (government | department)
    format: auto                   # optional: the format summed (auto: the year's own)

A slug that names no agency is not an error here: the summary names it as missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase
from pathlib import Path

from govreport.errors import ParamsError, Problem
from govreport.inputs.agency import AGENCY_KINDS
from govreport.inputs.params import (
    format_problem,
    key_problems,
    misplaced,
    read_params_file,
    year_problem,
)
from govreport.inputs.project import SLUG, SUMMARIES, Project
from govreport.messages import Message, msg

KEYS = ("region", "year", "agencies", "kind", "format")
PATTERN = re.compile(r"^[a-z0-9*?\[\]!-]{1,63}$")
WILDCARDS = re.compile(r"[*?\[]")


@dataclass(frozen=True)
class SummaryParams:
    """One summary's parameters, as the summary notebook's `parameters` cell receives them."""

    name: str
    year: int
    region: str
    agencies: tuple[str, ...]  # slugs and patterns of slugs
    kind: str | None = None
    format: str = "auto"

    def as_dict(self) -> dict:
        return {**asdict(self), "agencies": list(self.agencies)}

    def covers(self, agency: str) -> bool:
        """Whether `agency` is a slug the summary names or one of its patterns matches (kind aside)."""
        return any(fnmatchcase(agency, pattern) for pattern in self.agencies)

    @property
    def named(self) -> tuple[str, ...]:
        """The agencies named by their slug (not by a pattern): each must have a report, or is missing."""
        return tuple(a for a in self.agencies if not WILDCARDS.search(a))


def load_summary_params(
    path: str | Path, project: Project | None = None, today: dt.date | None = None
) -> SummaryParams:
    """Read and validate a summary's params file; raises ParamsError with every problem."""
    path, project, where, raw, lines = read_params_file(path, project)
    problems = _problems(raw, where, today or dt.date.today(), lines)
    name = path.parent.name
    if not problems and not (SLUG.fullmatch(name) and path.parent.parent.name == SUMMARIES):
        problems = [Problem(where, msg("summary.belongs-in", folder=f"params/{SUMMARIES}/<name>/<year>.yaml"))]
    if not problems:
        expected = project.summary_params_file(name, raw["year"])
        problems = misplaced(path, expected, project, where)
    if problems:
        raise ParamsError(problems)
    agencies = raw["agencies"]
    return SummaryParams(
        name=name,
        year=raw["year"],
        region=raw["region"].strip(),
        agencies=tuple([agencies] if isinstance(agencies, str) else agencies),
        kind=raw.get("kind"),
        format=raw.get("format", "auto"),
    )


def _problems(raw: object, where: str, today: dt.date, lines: dict[str, int]) -> list[Problem]:
    if not isinstance(raw, dict):
        return [Problem(where, msg("summary.not-a-mapping"))]
    required = {"region": "海澄市", "year": 2024, "agencies": "[haicheng-*]"}
    problems = key_problems(raw, KEYS, required, where, lines)

    def problem(key: str, message: Message) -> None:
        problems.append(Problem(where, message, lines.get(key)))

    region = raw.get("region")
    if "region" in raw and (not isinstance(region, str) or not region.strip()):
        problem("region", msg("summary.region", region=repr(region)))
    if "year" in raw and (wrong := year_problem(raw["year"], today)):
        problem("year", wrong)
    agencies = raw.get("agencies")
    if "agencies" in raw:
        listed = [agencies] if isinstance(agencies, str) else agencies
        if not isinstance(listed, list) or not listed:
            problem("agencies", msg("summary.agencies", agencies=repr(agencies)))
        else:
            for entry in listed:
                if not isinstance(entry, str) or not PATTERN.fullmatch(entry):
                    problem("agencies", msg("summary.not-a-pattern", entry=repr(entry)))
                elif not WILDCARDS.search(entry) and not SLUG.fullmatch(entry):
                    problem("agencies", msg("summary.not-a-slug", entry=repr(entry)))
    kind = raw.get("kind")
    if kind is not None and kind not in AGENCY_KINDS:
        problem("kind", msg("summary.kind", kind=repr(kind), kinds=AGENCY_KINDS))
    if wrong := format_problem(raw.get("format", "auto")):
        problem("format", wrong)
    return problems
