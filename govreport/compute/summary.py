"""A supervisor's summary: the one value of a region's year, computed once from its agencies' built reports.

Every output of a summary (its page's tables, rankings, charts and sentences, its figures.csv, its
manifest) reads this value. `summarise` is pure: the covered agencies and what their builds hold in, a
`Summary` out; `load` reads them for a project (inputs/built.py: figures.csv and checks.csv only).

- The year's reports in the summary's format are summed cell by cell, amounts exactly; a report in
  another format is named and left out, since a 2019-format table and a 2021-format one do not add up.
- Every headline figure and share means what compute/headline.py says it means in the format.
- A report is late when its checks.csv holds the deadline rule's warning, and on time when its params
  give a publication date and it does not; its repetition measure is the one its repetition finding states.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

import pandas as pd

from govreport.compute import headline
from govreport.compute.checks import due, measured
from govreport.compute.headline import Cell, Cells
from govreport.compute.tables import Tables
from govreport.errors import DataValidationError
from govreport.inputs.agency import Agency, load_agency
from govreport.inputs.built import Built, built_years, candidates, read_built
from govreport.inputs.digest import file_digest
from govreport.inputs.figure import Figure
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams
from govreport.inputs.vocabulary import Format, format_for_year, format_of, load_format
from govreport.messages import msg

STATUSES = ("summed", "other-format", "not-built")


@dataclass(frozen=True)
class Entry:
    """A covered agency in the summary's year: its report's state, findings and headline figures."""

    agency: str
    name: str
    kind: str
    status: str  # one of STATUSES
    format: str | None  # its built report's format (None: not built, or in no format's cells)
    published: str | None
    due: dt.date
    late: bool  # its checks.csv holds the deadline warning
    errors: int
    warnings: int
    rules: tuple[str, ...]  # the rules of its errors and warnings, each once
    repetition: tuple[int, int] | None  # (repeated characters, own characters), from its checks.csv
    totals: dict[str, object] = field(default_factory=dict)  # its headline figures, taken once (`headlines`)

    @property
    def built(self) -> bool:
        return self.status != "not-built"

    @property
    def on_time(self) -> bool:
        return self.built and self.published is not None and not self.late


@dataclass(frozen=True)
class Column:
    """A column of a ranking after 名次 and 机关: a count, or a share printed as a percentage."""

    label: str
    share: bool = False


@dataclass(frozen=True)
class Ranked:
    rank: int
    agency: str
    name: str
    values: tuple[Figure, ...]  # one per column; a share in percent, one decimal


@dataclass(frozen=True)
class Ranking:
    """Summed agencies ordered by one figure, the highest first; ties share a rank (1, 2, 2, 4)."""

    key: str
    title: str
    columns: tuple[Column, ...]
    by: int  # the column ranked by
    rows: tuple[Ranked, ...]
    left_out: tuple[str, ...]  # names of summed agencies the figure cannot be taken of
    why: str  # why they are left out


@dataclass(frozen=True)
class YearTotal:
    """The region's headline figures of one year: its reports in that year's format, added up."""

    year: int
    format: str
    reports: int
    received: Figure
    handled: Figure
    disclosed: Figure  # disclosed in full and in part
    other_format: int  # reports of the year in another format, not added


@dataclass(frozen=True)
class Summary:
    """A region's year: every covered agency, the summed tables, rankings and trend, and every file read."""

    params: SummaryParams
    format: Format
    entries: tuple[Entry, ...]  # by slug
    unknown: tuple[tuple[str, str], ...]  # (slug, why) of agencies named that the root has no readable agency of
    tables: Tables
    rankings: tuple[Ranking, ...]
    trend: tuple[YearTotal, ...]
    sources: dict[str, str]  # every file read -> sha256, sorted by path

    @property
    def title(self) -> str:
        return f"{self.params.region}{self.params.year}年政府信息公开工作年度报告汇总"

    @property
    def summed(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.status == "summed")

    def of(self, status: str) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.status == status)

    @property
    def missing(self) -> tuple[str, ...]:
        """Covered agencies with no report of the year, and agencies named that do not exist: each named."""
        return tuple(e.agency for e in self.of("not-built")) + tuple(slug for slug, _ in self.unknown)

    def counts(self) -> dict[str, int]:
        """How many agencies are covered, built, summed, in another format, missing, on time, late, undated, …"""
        built = [e for e in self.entries if e.built]
        return {
            "covered": len(self.entries) + len(self.unknown),
            "built": len(built),
            "summed": len(self.summed),
            "other_format": len(self.of("other-format")),
            "missing": len(self.missing),
            "on_time": sum(e.on_time for e in built),
            "late": sum(e.late for e in built),
            "undated": sum(e.published is None for e in built),
            "errors": sum(e.errors > 0 for e in built),
            "warnings": sum(e.warnings > 0 for e in built),
        }

    def headline(self) -> dict[str, Figure | None]:
        """The region's headline figures of the year, from the summed tables."""
        return headline.headline(headline.cells(self.tables), self.format.name)

    def figures_frame(self) -> pd.DataFrame:
        return self.tables.figures[["table", "row", "column", "value"]].copy()


# -- one agency ----------------------------------------------------------------------------------

# What the rankings and the trend read of a report, by name: headline.py's functions (fmt -> figure or None).
HEADLINES: dict[str, Callable[[Cells, str], object]] = {
    "received": headline.received,
    "handled": headline.handled,
    "disclosed_full": headline.disclosed_full,
    "disclosed_part": headline.disclosed_part,
    "refused": headline.refused,
    "other": headline.other,
    "corrected": headline.corrected,
}


def headlines(figures: Cells, fmt: str) -> dict[str, object]:
    """A report's figures the summary ranks and adds up, each taken once."""
    return {name: read(figures, fmt) for name, read in HEADLINES.items()}


def entry(agency: Agency, built: Built | None, fmt: str, year: int) -> Entry:
    """A covered agency's state in the summary's year (`fmt`: the summary's format)."""
    if built is None:
        deadline = due(year, fmt, agency.kind)
        return Entry(agency.slug, agency.name, agency.kind, "not-built", None, None, deadline, False, 0, 0, (), None)
    own = format_of(built.figures)
    serious = [c for c in built.checks if c.severity in ("error", "warning")]
    repetition = next((measured(c.message) for c in built.checks if c.rule == "repetition"), None)
    return Entry(
        agency=agency.slug,
        name=agency.name,
        kind=agency.kind,
        status="summed" if own == fmt else "other-format",
        format=own,
        published=built.published,
        due=due(year, own or fmt, agency.kind),
        late=any(c.rule == "deadline" for c in serious),
        errors=sum(c.severity == "error" for c in serious),
        warnings=sum(c.severity == "warning" for c in serious),
        rules=tuple(dict.fromkeys(c.rule for c in serious)),
        repetition=repetition,
        totals=headlines(built.figures, own or fmt),
    )


# -- summing -------------------------------------------------------------------------------------


@dataclass
class Sums:
    """Reports of one format added up cell by cell, and each optional row's group total.

    An optional row some reports print and others split (national-2021's single （六）其他处理 beside its
    three 其他处理/… rows) is printed when any report prints it, as the sum of each report's total of the
    group (headline.total), so no report's 其他处理 is lost from it. Sums of parts of the reports merge.
    """

    cells: dict[Cell, Figure] = field(default_factory=dict)
    groups: dict[Cell, Figure] = field(default_factory=dict)  # every optional-row cell: the groups' total
    given: set[Cell] = field(default_factory=set)  # optional-row cells some report prints

    def add(self, fmt: Format, figures: Cells) -> None:
        cells = self.cells
        for cell, value in figures.items():
            cells[cell] = cells.get(cell, 0) + value
        for cell, value in headline.totals(figures, _optional_cells(fmt)).items():
            self.groups[cell] = self.groups.get(cell, 0) + (value or 0)
            if cell in figures:
                self.given.add(cell)

    def merge(self, other: Sums) -> None:
        for mine, theirs in ((self.cells, other.cells), (self.groups, other.groups)):
            for cell, value in theirs.items():
                mine[cell] = mine.get(cell, 0) + value
        self.given |= other.given

    def tables(self, fmt: Format, year: int) -> Tables:
        """The tables of format `fmt`, every cell the sum of that cell over the reports added."""
        rows = []
        for table in fmt.tables.values():
            for row in table.rows:
                row_cells = [(table.id, row.key, column) for column in table.columns_of(row)]
                if not row.optional:
                    rows += [(*cell, self.cells.get(cell, 0), "summed") for cell in row_cells]
                elif any(cell in self.given for cell in row_cells):
                    rows += [(*cell, self.groups.get(cell, 0), "summed") for cell in row_cells]
        frame = pd.DataFrame(rows, columns=["table", "row", "column", "value", "source"])
        return Tables(fmt, year, frame, stated={})


def _optional_cells(fmt: Format) -> tuple[Cell, ...]:
    return tuple((t.id, r.key, c) for t in fmt.tables.values() for r in t.rows if r.optional for c in t.columns_of(r))


def summed_tables(fmt: Format, year: int, reports: Iterable[Cells]) -> Tables:
    """The tables of format `fmt` summed over `reports` (each in `fmt`), as Sums adds them."""
    sums = Sums()
    for figures in reports:
        sums.add(fmt, figures)
    return sums.tables(fmt, year)


# -- rankings ------------------------------------------------------------------------------------


def _ranked(rows: list[tuple[object, Entry, tuple[Figure, ...]]]) -> tuple[Ranked, ...]:
    """Rows (sort key, entry, values) ranked by key, highest first; equal keys share a rank, by slug within it."""
    rows = sorted(rows, key=lambda r: r[1].agency)
    rows.sort(key=lambda r: r[0], reverse=True)
    found: list[Ranked] = []
    for position, (key, e, values) in enumerate(rows, start=1):
        rank = found[-1].rank if found and key == rows[position - 2][0] else position
        found.append(Ranked(rank, e.agency, e.name, values))
    return tuple(found)


def _ratio(part: Figure, whole: Figure) -> Decimal:
    """part / whole to 28 digits: distinct ratios of counts below 10**13 differ before that, equal ones are equal."""
    return Decimal(part) / Decimal(whole)


def _share_ranking(key: str, title: str, label: str, part: str, entries) -> Ranking:
    """Agencies by headline figure `part` as a share of what they handled."""
    rows, left_out = [], []
    for e in entries:
        value, handled = e.totals[part], e.totals["handled"]
        if value is None or not handled:
            left_out.append(e.name)
            continue
        share = headline.percent(value, handled, digits=1)
        rows.append((_ratio(value, handled), e, (value, handled, share)))
    columns = (Column(f"{label}（件）"), Column("办理完毕（件）"), Column("占办理完毕的比例", share=True))
    return Ranking(key, title, columns, 2, _ranked(rows), tuple(left_out), "本年没有办理完毕的申请")


def rankings(entries: tuple[Entry, ...], fmt: str) -> tuple[Ranking, ...]:
    """What supervisors look at, over the summed agencies."""
    received, left_out = [], []
    for e in entries:
        value = e.totals["received"]
        if value is None:
            left_out.append(e.name)
        else:
            received.append((value, e, (value, e.totals["handled"] or 0)))
    found = [
        Ranking(
            "received",
            "收到政府信息公开申请",
            (Column("收到申请（件）"), Column("办理完毕（件）")),
            0,
            _ranked(received),
            tuple(left_out),
            "报告没有给出收到申请数",
        ),
        _share_ranking("disclosed", "予以公开的比例", "予以公开", "disclosed_full", entries),
        _share_ranking("refused", "不予公开的比例", "不予公开", "refused", entries),
        _share_ranking("other", "其他处理的比例", "其他处理", "other", entries),
    ]
    corrected, left_out = [], []
    for e in entries:
        found_corrected = e.totals["corrected"]
        if found_corrected is None:
            left_out.append(e.name)
            continue
        review, suits = found_corrected
        corrected.append((review + suits, e, (review, suits, review + suits)))
    found.append(
        Ranking(
            "corrected",
            "行政复议、行政诉讼被纠正的案件",
            (Column("行政复议纠正（件）"), Column("行政诉讼纠正（件）"), Column("合计（件）")),
            2,
            _ranked(corrected),
            tuple(left_out),
            "2018年及以前的附表不统计复议、诉讼的结果" if fmt == "legacy" else "报告没有给出复议、诉讼的结果",
        )
    )
    repeated, left_out = [], []
    for e in entries:
        if e.repetition is None:
            left_out.append(e.name)
            continue
        part, whole = e.repetition
        share = headline.percent(part, whole, digits=1)
        repeated.append((_ratio(part, whole or 1), e, (part, whole, share)))
    found.append(
        Ranking(
            "repetition",
            "正文与上年雷同的比例",
            (Column("雷同字数"), Column("自撰正文字数"), Column("雷同比例", share=True)),
            2,
            _ranked(repeated),
            tuple(left_out),
            "没有上一年的正文可比，或本年没有自撰正文",
        )
    )
    return tuple(found)


# -- the value -----------------------------------------------------------------------------------


def _total(entries: Iterable[Entry], name: str) -> Figure:
    return sum((e.totals[name] or 0 for e in entries), 0)


def year_total(year: int, fmt: str, entries: list[Entry]) -> YearTotal:
    summed = [e for e in entries if e.status == "summed"]
    return YearTotal(
        year=year,
        format=fmt,
        reports=len(summed),
        received=_total(summed, "received"),
        handled=_total(summed, "handled"),
        disclosed=_total(summed, "disclosed_full") + _total(summed, "disclosed_part"),
        other_format=sum(e.status == "other-format" for e in entries),
    )


@dataclass
class Examined:
    """What a summary keeps of some agencies' builds: an Entry an agency-year, and the sums of the summary's year.

    The summary's year has an Entry for every agency (a missing report too); an earlier year, for those built.
    Parts of a summary's agencies are examined apart (on several cores) and merged by `assemble`.
    """

    entries: dict[tuple[str, int], Entry]
    sums: Sums
    unknown: list[tuple[str, str]] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def examine(params: SummaryParams, agencies: list[Agency], built: Mapping[tuple[str, int], Built]) -> Examined:
    """Every covered agency-year's Entry and the sums of the summary's year's reports in the summary's format."""
    year, fmt = params.year, load_format(format_for_year(params.year, params.format))
    entries, sums = {}, Sums()
    covered = {a.slug: a for a in agencies}
    for a in agencies:
        entries[(a.slug, year)] = found = entry(a, built.get((a.slug, year)), fmt.name, year)
        if found.status == "summed":
            sums.add(fmt, built[(a.slug, year)].figures)
    for (slug, y), report in built.items():
        if y < year and slug in covered:
            entries[(slug, y)] = entry(covered[slug], report, format_for_year(y), y)
    return Examined(entries, sums)


def assemble(params: SummaryParams, parts: list[Examined], sources: dict[str, str] | None = None) -> Summary:
    """The summary from its agencies examined in parts."""
    year, fmt = params.year, load_format(format_for_year(params.year, params.format))
    entries: dict[tuple[str, int], Entry] = {}
    sums, unknown, read = Sums(), [], dict(sources or {})
    for part in parts:
        entries.update(part.entries)
        sums.merge(part.sums)
        unknown += part.unknown
        read.update(part.sources)
    this_year = tuple(sorted((e for (_, y), e in entries.items() if y == year), key=lambda e: e.agency))
    summed = tuple(e for e in this_year if e.status == "summed")
    trend = []
    for y in sorted({y for (_, y), e in entries.items() if y <= year and e.built}):
        fmt_of_year = fmt.name if y == year else format_for_year(y)
        trend.append(year_total(y, fmt_of_year, [e for (_, at), e in entries.items() if at == y]))
    return Summary(
        params=params,
        format=fmt,
        entries=this_year,
        unknown=tuple(sorted(unknown)),
        tables=sums.tables(fmt, year),
        rankings=rankings(summed, fmt.name),
        trend=tuple(trend),
        sources=dict(sorted(read.items())),
    )


def summarise(
    params: SummaryParams,
    agencies: list[Agency],
    unknown: list[tuple[str, str]],
    built: Mapping[tuple[str, int], Built],
    sources: dict[str, str] | None = None,
) -> Summary:
    """The summary of `params.year` over `agencies` (already filtered by kind) from their builds by (slug, year)."""
    part = examine(params, agencies, built)
    part.unknown = list(unknown)
    return assemble(params, [part], sources)


# (function of a list, items) -> the function's results for parts of the items, however they are divided.
Divide = Callable[[Callable[[list], Examined], list], list[Examined]]


def _whole(function: Callable[[list], Examined], items: list) -> list[Examined]:
    return [function(items)]


def load(project: Project, params: SummaryParams, divide: Divide = _whole) -> Summary:
    """Read every covered agency and the built reports of its years up to the summary's, and summarise them.

    `divide` runs the reading of parts of the agencies (the run layer's divides them among the cores).
    """
    sources = {}
    summary_file = project.summary_params_file(params.name, params.year)
    if summary_file.is_file():
        sources[project.relative(summary_file)] = file_digest(summary_file)
    matched = candidates(project, params)
    unknown = [(s, str(msg("summary.no-agency", slug=s))) for s in params.named if s not in matched]
    parts = divide(partial(_read, project, params), matched)
    if parts:
        parts[0].unknown += unknown
    return assemble(params, parts or [examine(params, [], {})], sources)


def _read(project: Project, params: SummaryParams, slugs: list[str]) -> Examined:
    """Agencies `slugs` (those of the kind the summary covers) and their builds, examined."""
    agencies, unknown, sources = [], [], {}
    for slug in slugs:
        path = project.agency_dir(slug) / "agency.yaml"
        try:
            agency = load_agency(project, slug)
        except DataValidationError as exc:
            unknown.append((slug, "; ".join(str(p) for p in exc.problems)))
            continue
        sources[project.relative(path)] = file_digest(path)
        if params.kind is None or agency.kind == params.kind:
            agencies.append(agency)
    built = {}
    for agency in agencies:
        for year in built_years(project, agency.slug, params.year):
            found = read_built(project, agency.slug, year, with_date=year == params.year)
            if found is not None:
                built[(agency.slug, year)] = found
                sources.update(found.sources)
    part = examine(params, agencies, built)
    part.unknown, part.sources = unknown, sources
    return part
