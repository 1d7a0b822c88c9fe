"""A year's opening inputs: what `govreport new` writes before the office fills in the year.

From last year's validated frames (pure: frames in, frames out):

- requests.csv, the ledger, holds last year's requests still open on 31 December, with their ids (the
  contract's ledger holds every request received earlier and still open on 1 January);
- documents.csv, the register, holds the 规章 and 规范性文件 still in force at the end of last year (a repealed
  one counts in no later year);
- appeals.csv starts empty: a case counts in the year it was filed, so one still 尚未审结 stays in last year's
  file (it is listed for the office, not carried, which would show its result in no table);
- proactive.csv (legacy years only) starts empty: it lists the items published in the year;
- figures.csv lists, blank, the cells no record file of the new year counts (its `not-given` cells);
- narrative.md is last year's as typed, placeholders kept, with every literal number and date listed; after a
  change of format (its sections and tables are others) it is the new format's template.

A record file last year did not keep is not started (its cells are in figures.csv); the first year of an
agency starts from the blank templates: every record file of its format with its header only, figures.csv
with every cell of the format.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govreport.compute.narrative import Literal, literals
from govreport.compute.tables import Cell, build_tables
from govreport.inputs.agency_year import Inputs
from govreport.inputs.schema import SCHEMAS
from govreport.inputs.vocabulary import Format, load_format

# The record files each format reads: the 附表 counts proactive items; the national formats count the register.
# documents.csv stays in a legacy year too when it was kept: a register runs on from year to year.
RECORDS = {
    "legacy": ("requests", "documents", "appeals", "proactive"),
    "national-2019": ("requests", "documents", "appeals"),
    "national-2021": ("requests", "documents", "appeals"),
}
PENDING = "尚未审结"


@dataclass(frozen=True)
class Opening:
    """The inputs a new year starts with, and what the office is to know about them."""

    year: int
    format: str
    last_year: int | None  # None: started from the blank templates
    records: dict[str, pd.DataFrame]  # file name (requests …) -> its rows as text, in the file's columns
    figures: tuple[Cell, ...]  # the cells figures.csv lists, blank, in printed order
    narrative: str
    literals: tuple[Literal, ...]
    narrative_from: int | None = None  # the year whose narrative.md it is; None: the format's template
    carried: tuple[str, ...] = ()  # ids of the requests carried in
    unassigned: tuple[str, ...] = ()  # of those, the ones without an applicant type (needed from 2019)
    documents: int = 0  # 规章 and 规范性文件 carried in
    pending: tuple[str, ...] = ()  # ids of last year's appeals still 尚未审结 (not carried)
    categories: tuple[str, ...] = ()  # last year's proactive categories (the narrative's `分类[…]` names them)


def first_year(year: int, fmt: str, narrative: str) -> Opening:
    """The blank templates of `fmt`: each record file its header, figures.csv every cell, the template narrative."""
    records = {name: _text(pd.DataFrame(columns=_columns(name)), name) for name in RECORDS[fmt]}
    cells = _cells(load_format(fmt))
    return Opening(year, fmt, None, records, tuple(cells), narrative, literals(narrative))


def next_year(last: Inputs, last_narrative: str | None, template: str, year: int, fmt: str) -> Opening:
    """Year `year` (format `fmt`) opened from `last`, the year before it.

    `last_narrative` is last year's narrative.md as typed (None when it has none); `template` the blank
    narrative of `fmt`, taken when last year's cannot serve.
    """
    reused = last_narrative is not None and last.format.name == fmt
    narrative = last_narrative if reused else template
    end = pd.Timestamp(last.year, 12, 31)
    kept = [name for name in RECORDS[fmt] if last.frame(name) is not None]
    frames: dict[str, pd.DataFrame] = {}
    for name in kept:
        frame = last.frame(name)
        if name == "requests":
            frame = frame[(frame["received"] <= end) & ~(frame["closed"] <= end)]
        elif name == "documents":
            frame = frame[(frame["issued"] <= end) & ~(frame["repealed"] <= end)]
        else:
            frame = frame.iloc[0:0]  # appeals and proactive items belong to the year they were filed or published
        frames[name] = frame.reset_index(drop=True)
    requests = frames.get("requests")
    appeals = last.frame("appeals")
    opened = Inputs(last.agency, year, load_format(fmt), frames, "")
    # The cells nothing counts are the `not-given` ones: what the office declares, or is told is missing.
    built = build_tables(opened, build_tables(last))
    missing = {(f.table, f.row, f.column) for f in built.findings if f.rule == "not-given"}
    return Opening(
        year=year,
        format=fmt,
        last_year=last.year,
        records={name: _text(frame, name) for name, frame in frames.items()},
        figures=tuple(cell for cell in _cells(opened.format) if cell in missing),
        narrative=narrative,
        literals=literals(narrative),
        narrative_from=last.year if reused else None,
        carried=() if requests is None else tuple(requests["id"]),
        unassigned=()
        if requests is None or fmt == "legacy"
        else tuple(requests.loc[requests["applicant"] == "", "id"]),
        documents=0 if "documents" not in frames else len(frames["documents"]),
        pending=() if appeals is None else tuple(appeals.loc[appeals["result"] == PENDING, "id"]),
        categories=tuple(dict.fromkeys(last.frame("proactive")["category"])) if "proactive" in frames else (),
    )


def _columns(name: str) -> list[str]:
    return [f.key for f in SCHEMAS[name].fields]


def _cells(fmt: Format) -> list[Cell]:
    """Every cell of the format's tables, in printed order (figures.csv's rows)."""
    return [(table.id, row, column) for table in fmt.tables.values() for row, column in table.cells()]


def _text(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """A validated frame as the file's text: its columns in order, dates as YYYY-MM-DD, nothing as ''."""
    out = pd.DataFrame(index=frame.index)
    for column in _columns(name):
        values = frame[column] if column in frame else pd.Series("", index=frame.index)
        if pd.api.types.is_datetime64_any_dtype(values):
            values = values.dt.strftime("%Y-%m-%d")
        out[column] = values.fillna("").astype(str)
    return out
