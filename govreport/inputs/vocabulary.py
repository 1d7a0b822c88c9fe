"""The official table vocabulary of the three report formats (package data tables.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from govreport.inputs import schema

FORMATS = ("legacy", "national-2019", "national-2021")
# Numbering printed before a label: （三）, 三、, 1., 1．, 1、
NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str | None = None


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    group: str | None = None
    unit: str | None = None
    columns: tuple[str, ...] = ()
    optional: bool = False


@dataclass(frozen=True)
class Table:
    id: str
    section: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    note: str | None = None
    caption: str = ""  # printed above the table: the format's own wording

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def columns_of(self, row: Row) -> tuple[str, ...]:
        """The column keys a row uses, in table order."""
        return row.columns or tuple(c.key for c in self.columns)

    def cells(self, include_optional: bool = False) -> list[tuple[str, str]]:
        """Every (row, column) pair of the table, in printed order."""
        return [
            (row.key, col) for row in self.rows if include_optional or not row.optional for col in self.columns_of(row)
        ]

    def all_columns(self) -> tuple[str, ...]:
        """Column keys in order, including per-row columns of tables without shared columns."""
        if self.columns:
            return tuple(c.key for c in self.columns)
        seen: dict[str, None] = {}
        for row in self.rows:
            for col in row.columns:
                seen.setdefault(col, None)
        return tuple(seen)


@dataclass(frozen=True)
class Format:
    name: str
    sections: tuple[str, ...]
    tables: dict[str, Table]

    def tables_in(self, section: str) -> list[Table]:
        return [t for t in self.tables.values() if t.section == section]


def _row(raw: dict, optional: bool = False) -> Row:
    return Row(
        key=raw["key"],
        label=raw["label"],
        group=raw.get("group"),
        unit=raw.get("unit"),
        columns=tuple(raw.get("columns", ())),
        optional=raw.get("optional", optional),
    )


@cache
def load_format(name: str) -> Format:
    """The format named `name` (one of FORMATS)."""
    raw = _raw()[name]
    tables = {}
    for table_id, t in raw["tables"].items():
        rows = [_row(r) for r in t["rows"]] + [_row(r, optional=True) for r in t.get("optional_rows", [])]
        tables[table_id] = Table(
            id=table_id,
            section=t["section"],
            columns=tuple(Column(c["key"], c["label"], c.get("group")) for c in t.get("columns", [])),
            rows=tuple(rows),
            note=t.get("note"),
            caption=t["caption"],
        )
    return Format(name=name, sections=tuple(raw["sections"]), tables=tables)


@cache
def _raw() -> dict:
    text = resources.files("govreport.inputs").joinpath("tables.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def _cells(name: str) -> tuple[frozenset, frozenset]:
    """The (table, row, column) cells format `name` always prints, and those it may print (optional rows too)."""
    fmt = load_format(name)
    required = frozenset((t.id, r, c) for t in fmt.tables.values() for r, c in t.cells())
    every = frozenset((t.id, r, c) for t in fmt.tables.values() for r, c in t.cells(include_optional=True))
    return required, every


def format_of(cells: Iterable[tuple[str, str, str]]) -> str | None:
    """The format a built figures.csv is in: the one whose printed cells these are (None: no format's)."""
    given = cells if isinstance(cells, Mapping) else frozenset(cells)
    for name in FORMATS:
        required, every = _cells(name)
        # map over a set's __contains__: a summary asks this of thousands of reports
        if len(required) <= len(given) <= len(every) and all(map(given.__contains__, required)):
            if all(map(every.__contains__, given)):
                return name
    return None


def format_for_year(year: int, requested: str = "auto") -> str:
    """The format a report of `year` uses: the requested one, or by year when `auto`."""
    if requested != "auto":
        return requested
    if year <= 2018:
        return "legacy"
    if year <= 2020:
        return "national-2019"
    return "national-2021"


# -- how the vocabulary's keys may be written in inputs ---------------------------------------


@cache
def row_aliases(table: Table) -> dict[str, str]:
    """Every way a row of `table` may be written to its key: key, printed label, group + label.

    A label is also accepted without its numbering (`1.属于国家秘密` → `属于国家秘密`) when that
    leaves it unambiguous within the table.
    """
    mapping = {row.key: row.key for row in table.rows}
    stripped: dict[str, set[str]] = {}
    for row in table.rows:
        mapping.setdefault(row.label, row.key)
        if row.group:
            mapping.setdefault(f"{row.group}{row.label}", row.key)
            mapping.setdefault(f"{row.group}/{row.label}", row.key)
        stripped.setdefault(NUMBERING.sub("", row.label), set()).add(row.key)
    for label, keys in stripped.items():
        if len(keys) == 1:
            mapping.setdefault(label, next(iter(keys)))
    return mapping


@cache
def column_aliases(table: Table, year: int) -> dict[str, str]:
    """Every way a column of `table` may be written to its key: key, printed label, group + label."""
    mapping = {}
    for col in table.columns:
        label = col.label.replace("{year}", str(year))
        mapping.setdefault(col.key, col.key)
        mapping.setdefault(label, col.key)
        if col.group:
            mapping.setdefault(f"{col.group}{label}", col.key)
            mapping.setdefault(f"{col.group}/{label}", col.key)
    for key in table.all_columns():
        mapping.setdefault(key, key)
    return mapping


def outcome_vocabulary() -> tuple[dict[str, str], list[str]]:
    """Every accepted ledger outcome (keys, printed labels, legacy types) to its key, and the keys in order."""
    mapping: dict[str, str] = {o: o for o in schema.LEGACY_OUTCOMES}
    keys: list[str] = []
    for name in ("national-2019", "national-2021"):
        table = load_format(name).tables["依申请"]
        results = [r for r in table.rows if r.group is not None and r.key != "总计"]
        aliases = row_aliases(table)
        for row in results:
            if row.key not in keys:
                keys.append(row.key)
        for text, key in aliases.items():
            if key in keys:
                mapping.setdefault(text, key)
    return mapping, keys + [o for o in schema.LEGACY_OUTCOMES if o not in keys]


def applicant_vocabulary() -> tuple[dict[str, str], list[str]]:
    """Every accepted applicant type (column keys, printed labels, aliases) to its key, and the keys."""
    table = load_format("national-2021").tables["依申请"]
    keys = [c.key for c in table.columns if c.key != "总计"]
    mapping = {text: key for text, key in column_aliases(table, 0).items() if key in keys}
    mapping.update(schema.APPLICANT_ALIASES)
    return mapping, keys
