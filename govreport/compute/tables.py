"""Every official table of a report, from records where records exist, else from declared figures.

Totals are always computed, so a built table adds up by construction; what the inputs *state*
(declared figures over built ones) is kept beside it, for the checks to say where it is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from govreport.compute import records
from govreport.compute.findings import Finding
from govreport.inputs.agency_year import Inputs
from govreport.inputs.figure import Figure
from govreport.inputs.figure import figure_text as _n  # short: it stands in many messages
from govreport.inputs.vocabulary import Format, Row, Table
from govreport.messages import msg

Cell = tuple[str, str, str]
LEGACY_SUMS = {
    "受理申请总数": ("当面申请数", "网络申请数", "信函传真申请数"),
    "答复总数": ("同意公开", "同意部分公开", "不予公开", "其他类型"),
}
NON_RESULT_ROWS = ("本年新收", "上年结转", "总计", "结转下年度")


@dataclass
class Tables:
    """The built tables of one agency-year, as a long frame table,row,column,value,source."""

    format: Format
    year: int
    figures: pd.DataFrame
    stated: dict[Cell, Figure]
    findings: list[Finding] = field(default_factory=list)
    categories: dict[str, int] = field(default_factory=dict)
    other_channel: int | None = None
    previous: Tables | None = None
    missing: frozenset[Cell] = frozenset()  # cells neither counted nor declared (shown as 0)
    # 结转下年度 cells whose remainder (新收 + 上年结转 − 总计) was negative: cell -> that remainder.
    # A count is never printed negative: such a cell prints what was declared, else 0.
    shortfall: dict[Cell, Figure] = field(default_factory=dict)

    def value(self, table: str, row: str, column: str) -> Figure:
        hit = self._index().get((table, row, column))
        if hit is None:
            raise KeyError((table, row, column))
        return hit

    def _index(self) -> dict[Cell, Figure]:
        if not hasattr(self, "_cells"):
            self._cells = {
                (t, r, c): v
                for t, r, c, v in zip(
                    self.figures["table"],
                    self.figures["row"],
                    self.figures["column"],
                    self.figures["value"],
                    strict=True,
                )
            }
        return self._cells

    def as_dict(self) -> dict[str, dict[str, dict[str, Figure]]]:
        """{table: {row: {column: value}}} (for prose placeholders)."""
        out: dict = {}
        for (t, r, c), v in self._index().items():
            out.setdefault(t, {}).setdefault(r, {})[c] = v
        return out

    def has(self, table: str) -> bool:
        return table in self.format.tables

    def declared(self, table: str, row: str, column: str) -> bool:
        """Whether this cell's printed figure is the one figures.csv declares."""
        return self._sources().get((table, row, column)) == "declared"

    def _sources(self) -> dict[Cell, str]:
        if not hasattr(self, "_source_of"):
            frame = self.figures
            self._source_of = dict(
                zip(zip(frame["table"], frame["row"], frame["column"], strict=True), frame["source"], strict=True)
            )
        return self._source_of

    def rows(self, table: str) -> list[Row]:
        """The rows of `table` this report prints: every row but an optional one the inputs do not give."""
        index = self._index()
        rows = self.format.tables[table].rows
        return [
            r
            for r in rows
            if not r.optional or any((table, r.key, c) in index for c in self.format.tables[table].columns_of(r))
        ]

    def given(self, table: str, row: str, column: str) -> bool:
        """Whether the inputs give this cell (counted, declared or derived from given cells)."""
        return (table, row, column) not in self.missing

    def states(self, table: str, row: str, column: str) -> bool:
        """Whether the inputs state this cell (records count it or figures.csv declares it), not we."""
        return self._sources().get((table, row, column), "computed") != "computed"

    def published(self, table: str, row: str, column: str) -> tuple[Figure, str]:
        """The figure this year's report states for a cell, and where it comes from.

        What a later year compares with: the count of the records where they count the cell
        ("records"), else the figure the report declared ("declared"), else the built one ("computed").
        """
        cell = (table, row, column)
        source = self._sources().get(cell, "computed")
        return self.stated.get(cell, 0), source.split(":", 1)[0]


def _table_cells(table: Table) -> list[Cell]:
    return [(table.id, r, c) for r, c in table.cells()]


def build_tables(inputs: Inputs, previous: Tables | None = None) -> Tables:
    """Build every table of the inputs' format; `previous` is Y-1's tables (built from `inputs.previous` if held)."""
    if previous is None and inputs.previous is not None:
        previous = build_tables(inputs.previous)
    fmt, year = inputs.format, inputs.year
    declared = _declared(inputs.frame("figures"))
    computed: dict[Cell, Figure] = {}
    sources: dict[str, str] = {}
    requests, proactive = inputs.frame("requests"), inputs.frame("proactive")
    documents, appeals = inputs.frame("documents"), inputs.frame("appeals")
    other_channel = None
    if fmt.name == "legacy":
        if requests is not None:
            _add(computed, sources, records.requests_legacy(requests, year), "requests")
            other_channel = records.other_channel_count(requests, year)
        if proactive is not None:
            _add(computed, sources, records.proactive_legacy(proactive, year), "proactive")
        if appeals is not None:
            _add(computed, sources, records.appeals_legacy(appeals, year), "appeals")
    else:
        if requests is not None:
            _add(computed, sources, records.requests_national(requests, year, fmt), "requests")
        if documents is not None:
            _add(computed, sources, records.documents_national(documents, year, fmt), "documents")
        if appeals is not None:
            _add(computed, sources, records.appeals_national(appeals, year, fmt), "appeals")
    findings = _declared_vs_computed(declared, computed, sources, inputs)
    values = {cell: computed.get(cell, declared.get(cell)) for cell in _all_cells(fmt, declared)}
    missing = {cell for cell, value in values.items() if value is None}
    shortfall: dict[Cell, Figure] = {}
    if fmt.name == "legacy":
        _legacy_totals(values)
        _legacy_cumulative(values, declared, previous, findings)
    else:
        _national_totals(fmt, values, computed, declared, shortfall)
    for cell, value in values.items():
        if value is None:
            findings.append(Finding("info", "not-given", *cell, msg("not-given.cell", cell=_name(cell))))
    missing = {cell for cell in missing if values[cell] is None or not _derived_from_given(cell, missing, fmt, values)}
    figures = pd.DataFrame(
        [
            (t, r, c, 0 if v is None else v, _source(cell := (t, r, c), computed, declared, sources))
            for (t, r, c), v in values.items()
        ],
        columns=["table", "row", "column", "value", "source"],
    )
    # What the inputs state: records where they count a cell (a declared figure that differs is already
    # a declared-vs-computed error), else the declared figure, else the built one.
    stated = {
        cell: computed[cell] if cell in computed else declared.get(cell, v if v is not None else 0)
        for cell, v in values.items()
    }
    categories = records.proactive_categories(proactive, year) if proactive is not None else {}
    return Tables(
        fmt, year, figures, stated, findings, categories, other_channel, previous, frozenset(missing), shortfall
    )


def _declared(figures: pd.DataFrame | None) -> dict[Cell, Figure]:
    if figures is None:
        return {}
    return {
        (t, r, c): v
        for t, r, c, v in zip(figures["table"], figures["row"], figures["column"], figures["value"], strict=True)
    }


def _add(computed: dict, sources: dict, cells: dict, source: str) -> None:
    computed.update(cells)
    for cell in cells:
        sources[cell] = source


def _all_cells(fmt: Format, declared: dict[Cell, Figure]) -> list[Cell]:
    """Every printed cell; a table's optional rows (every cell of them) only when the inputs give one."""
    cells = []
    for table in fmt.tables.values():
        for row in table.rows:
            row_cells = [(table.id, row.key, col) for col in table.columns_of(row)]
            if not row.optional or any(cell in declared for cell in row_cells):
                cells.extend(row_cells)
    return cells


def _name(cell: Cell) -> str:
    return "/".join(cell)


def _declared_vs_computed(declared, computed, sources, inputs: Inputs) -> list[Finding]:
    figures_file = next((p for p in inputs.sources if p.rsplit("/", 1)[-1].startswith("figures.")), "figures.csv")
    figures = inputs.frame("figures")
    lines = {}
    if figures is not None and "_line" in figures:
        keys = zip(figures["table"], figures["row"], figures["column"], strict=True)
        lines = dict(zip(keys, figures["_line"], strict=True))
    found = []
    for cell, value in declared.items():
        if cell in computed and computed[cell] != value:
            record_file = next(
                (p for p in inputs.sources if p.rsplit("/", 1)[-1].startswith(sources[cell] + ".")), sources[cell]
            )
            found.append(
                Finding(
                    "error",
                    "declared-vs-computed",
                    *cell,
                    msg(
                        "rule.declared-vs-computed",  # the cell is the finding's place, printed before it
                        figures_file=f"{figures_file}{_at(lines.get(cell))}",
                        declared=_n(value),
                        record_file=record_file,
                        computed=_n(computed[cell]),
                    ),
                )
            )
    return found


def _at(line: int | None) -> str:
    return f":{int(line)}" if line is not None else ""


def _source(cell: Cell, computed, declared, sources) -> str:
    if cell in computed:
        return f"records:{sources.get(cell, 'total')}"
    if cell in declared:
        return "declared"
    return "computed"


def _legacy_cumulative(values, declared, previous: Tables | None, findings: list[Finding]) -> None:
    """历年累计: declared, else last year's 历年累计 + this year, else this year alone."""
    for t, r, c in list(values):
        if c != "历年累计" or (t, r, c) in declared:
            continue
        this_year = values.get((t, r, "本年")) or 0
        if previous is not None and previous.format.name == "legacy":
            try:
                values[(t, r, c)] = previous.value(t, r, c) + this_year
                continue
            except KeyError:
                pass
        values[(t, r, c)] = this_year
        findings.append(
            Finding(
                "info",
                "not-given",
                t,
                r,
                c,
                msg("not-given.cumulative", cell=_name((t, r, c))),
            )
        )


def _legacy_totals(values) -> None:
    """受理申请总数 and 答复总数, when not given, as the sum of their given parts."""
    for total, parts in LEGACY_SUMS.items():
        cell = ("附表", total, "本年")
        given = [values.get(("附表", p, "本年")) for p in parts]
        if values.get(cell) is None and any(v is not None for v in given):
            values[cell] = sum(v or 0 for v in given)


def _national_totals(fmt: Format, values, computed, declared, shortfall: dict[Cell, Figure]) -> None:
    """Fill 总计 rows and columns and 结转下年度 so that every built table adds up, whatever is declared.

    结转下年度 is what remains of 本年新收 + 上年结转 after 总计, unless the ledger counts it (where the
    identity holds by construction); a declared figure that differs is reported by the identity rule.
    When more was handled than received and carried (the declared figures do not add up), the remainder
    is negative: a count is never printed negative, so the cell keeps its declared figure (else 0) and
    the remainder goes to `shortfall`, for the identity rule to explain.
    """
    table = fmt.tables["依申请"]
    columns = [c.key for c in table.columns if c.key != "总计"]
    result_rows = [r.key for r in table.rows if r.key not in NON_RESULT_ROWS]
    v = lambda r, c: values.get(("依申请", r, c)) or 0  # noqa: E731
    for col in columns:
        values[("依申请", "总计", col)] = sum(v(r, col) for r in result_rows)
        cell = ("依申请", "结转下年度", col)
        if cell not in computed:
            remainder = v("本年新收", col) + v("上年结转", col) - v("总计", col)
            if remainder < 0:
                shortfall[cell] = remainder
                remainder = declared.get(cell, 0)
            values[cell] = remainder
    for row in table.rows:
        if not row.optional or any(("依申请", row.key, c) in values for c in columns):
            values[("依申请", row.key, "总计")] = sum(v(row.key, c) for c in columns)
    appeals = fmt.tables["复议诉讼"]
    for row in appeals.rows:
        values[("复议诉讼", row.key, "总计")] = sum(
            values.get(("复议诉讼", row.key, c)) or 0 for c in appeals.columns_of(row) if c != "总计"
        )


def _derived_from_given(cell: Cell, missing: set[Cell], fmt: Format, printed: dict[Cell, object]) -> bool:
    """Whether a computed total rests on at least one given cell (so it is itself given)."""
    table_id, row, col = cell
    if fmt.name == "legacy":
        parts = LEGACY_SUMS.get(row, ())
        return col == "本年" and any(("附表", p, col) not in missing for p in parts)
    if table_id not in ("依申请", "复议诉讼"):
        return False
    table = fmt.tables[table_id]
    others = [(table_id, r.key, c) for r in table.rows for c in table.columns_of(r) if c != "总计"]
    others = [o for o in others if o in printed]  # an optional row counts only where it is printed
    if row in ("总计", "结转下年度") or col == "总计":
        return any(o not in missing for o in others)
    return False
