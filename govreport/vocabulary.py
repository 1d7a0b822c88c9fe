"""The official table vocabulary of the three report formats (package data tables.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

FORMATS = ("legacy", "national-2019", "national-2021")


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
        optional=optional,
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
        )
    return Format(name=name, sections=tuple(raw["sections"]), tables=tables)


@cache
def _raw() -> dict:
    text = resources.files("govreport").joinpath("tables.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def format_for_year(year: int, requested: str = "auto") -> str:
    """The format a report of `year` uses: the requested one, or by year when `auto`."""
    if requested != "auto":
        return requested
    if year <= 2018:
        return "legacy"
    if year <= 2020:
        return "national-2019"
    return "national-2021"
