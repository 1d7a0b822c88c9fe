"""The one value of a report: everything computed for an agency-year, once; every output reads it.

`compute` is pure (inputs and what it keeps of last year in, a `Computation` out). `load` reads one
agency-year and builds the years before it once each: a year's tables depend only on its own table
inputs, its format and the year before (`inputs.digest.year_digest`); what the next year keeps of it
is those tables and its narrative's sentences (the repetition rule), kept in a `YearCache` under the
digest of exactly those (`last_year_digest`), so a batch reads each earlier year once, not once per report.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Protocol

import pandas as pd

from govreport.compute import narrative, sentences
from govreport.compute.checks import Context, run_checks
from govreport.compute.findings import Finding, counts, to_frame
from govreport.compute.repetition import Prose, Repetition, masked_sentences, measure
from govreport.compute.tables import Tables, build_tables
from govreport.errors import DataValidationError, Problem
from govreport.inputs.agency_year import Agency, Inputs, load_inputs, read_narrative
from govreport.inputs.digest import earlier_params, last_year_digest
from govreport.inputs.params import Params
from govreport.inputs.project import Project
from govreport.messages import msg


@dataclass(frozen=True)
class Earlier:
    """An earlier year as the next year reads it.

    `tables` (None when its inputs are invalid) and `sources` (its table inputs and those of the years
    before it) chain on to every later year; `prose` (its narrative's masked sentences, None when it has
    none that can be read) only the next year reads, for the repetition rule.
    """

    tables: Tables | None
    sources: dict[str, str] = field(default_factory=dict)
    prose: Prose | None = None


class YearCache(Protocol):
    """Earlier years by digest; the run layer gives one kept on disk to a batch."""

    def get(self, digest: str) -> Earlier | None: ...

    def put(self, digest: str, earlier: Earlier) -> None: ...


class MemoryCache:
    """A YearCache for one process (the notebook run on its own in JupyterLab, a single check)."""

    def __init__(self) -> None:
        self._years: dict[str, Earlier] = {}

    def get(self, digest: str) -> Earlier | None:
        return self._years.get(digest)

    def put(self, digest: str, earlier: Earlier) -> None:
        self._years[digest] = earlier


@dataclass(frozen=True)
class Computation:
    """Params, agency, tables, findings, prose and the digest of every input read, for one agency-year."""

    params: Params
    agency: Agency
    tables: Tables
    findings: tuple[Finding, ...]
    narrative: str
    sources: dict[str, str]  # every input read (this year's and earlier years') -> sha256, sorted by path
    repetition: Repetition | None = None  # None without last year's narrative

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.params.year}年政府信息公开工作年度报告"

    @property
    def narrative_path(self) -> str:
        return next((p for p in self.sources if p.endswith(f"/{self.params.year}/narrative.md")), "narrative.md")

    def counts(self) -> dict[str, int]:
        return counts(list(self.findings))

    def failed(self) -> bool:
        """Whether the findings make the build fail (errors, or warnings too when strict)."""
        total = self.counts()
        return total["error"] > 0 or (self.params.strict and total["warning"] > 0)

    def checks_frame(self) -> pd.DataFrame:
        return to_frame(list(self.findings))

    def figures_frame(self) -> pd.DataFrame:
        return self.tables.figures[["table", "row", "column", "value"]].copy()

    def context(self) -> dict:
        """What `{{ … }}` placeholders in narrative.md can name."""
        return {
            "year": self.params.year,
            "agency": self.agency.name,
            "分类": self.tables.categories,
            **self.tables.as_dict(),
        }

    def prose(self, heading: str) -> str:
        """The narrative of section `heading` ("" for the text before the first section), placeholders filled."""
        preamble, sections = narrative.split_sections(self.narrative)
        line, body = (1, preamble) if heading == "" else sections.get(heading, (1, ""))
        return narrative.fill(body, self.context(), self.narrative_path, line)


def compute(params: Params, inputs: Inputs, previous: Earlier | None = None) -> Computation:
    """The report's value from its validated inputs and last year's (raises DataValidationError for bad prose)."""
    tables = build_tables(inputs, previous.tables if previous else None)
    last = previous.prose if previous else None
    sources = {**(previous.sources if previous else {}), **({last.path: last.sha256} if last else {}), **inputs.sources}
    unchecked = Computation(params, inputs.agency, tables, (), inputs.narrative, dict(sorted(sources.items())))
    _check_narrative(unchecked)
    repeated = None
    if last is not None:
        # Split as the measure splits prose (at ；too), so each piece of a generated sentence is known.
        ours = masked_sentences("\n".join(s for n in range(1, 5) for s in sentences.sentences(tables, n)))
        repeated = measure(inputs.narrative, unchecked.narrative_path, last, params.year - 1, ours)
    context = Context(
        agency_kind=inputs.agency.kind,
        published=params.published,
        prose=_prose_lines(unchecked),
        repetition=repeated,
    )
    return replace(unchecked, findings=tuple(run_checks(tables, context)), repetition=repeated)


def _prose_lines(value: Computation) -> tuple[tuple[str, int, str], ...]:
    """Every line of the agency's prose with its placeholders filled, numbered as in narrative.md."""
    filled = narrative.fill(value.narrative, value.context(), value.narrative_path)
    return tuple((value.narrative_path, number, text) for number, text in enumerate(filled.split("\n"), start=1))


def _check_narrative(value: Computation) -> None:
    """Fill every placeholder once, so a bad one is an input error before anything renders."""
    preamble, sections = narrative.split_sections(value.narrative)
    sections_of_format = value.tables.format.sections
    context, problems = value.context(), []
    for heading, (line, body) in {"": (1, preamble), **sections}.items():
        if heading and heading not in sections_of_format:
            wrong = msg(
                "narrative.not-a-section", heading=heading, format=value.tables.format.name, sections=sections_of_format
            )
            problems.append(Problem(value.narrative_path, wrong, line - 1))
        try:
            narrative.fill(body, context, value.narrative_path, line)
        except DataValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataValidationError(problems)


def load(project: Project, params: Params, cache: YearCache | None = None) -> Computation:
    """Read and validate one agency-year, build the years before it (once, through `cache`) and compute."""
    inputs = load_inputs(project, params)
    return compute(params, inputs, earlier(project, params.agency, params.year - 1, cache or MemoryCache(), {}))


def earlier(project: Project, agency: str, year: int, cache: YearCache, digests: dict) -> Earlier | None:
    """Year `year` as the next reads it, or None when it has no data folder (`digests`: year_digest's memo)."""
    digest = last_year_digest(project, agency, year, digests)
    if digest is None:
        return None
    found = cache.get(digest)
    if found is not None:
        return found
    params = earlier_params(project, agency, year)
    prose = _prose(project, agency, year)
    try:
        inputs = load_inputs(project, params, narrative=False)
    except DataValidationError:
        found = Earlier(None, prose=prose)  # reported when that year itself is built; cross-year table rules skip it
    else:
        before = earlier(project, agency, year - 1, cache, digests)
        tables = build_tables(inputs, before.tables if before else None)
        found = Earlier(tables, {**(before.sources if before else {}), **inputs.sources}, prose)
    cache.put(digest, found)
    return found


def _prose(project: Project, agency: str, year: int) -> Prose | None:
    """Year `year`'s narrative as the next year compares with it; None when it has none it can read."""
    try:
        found = read_narrative(project, agency, year)
    except DataValidationError:
        return None  # reported when that year itself is built; the next year's repetition rule skips it
    if found is None:
        return None
    where, digest, text = found
    return Prose(where, digest, masked_sentences(text))
