"""The official tables found in a published report: every printed cell, its figure and where it was read.

Real reports print the same tables in many ways (merged cells, labels with or without numbering,
full-width digits, dashes for "none", notes in cells, one table over two PDF pages). The rows of all
the document's tables are read as one stream, each row split into its printed labels and its figure
cells; each official table's rows are then found in that stream in their official order, by label.
Nothing is guessed: a cell that cannot be placed is reported, never filled in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from govreport.inputs.declared import is_amount
from govreport.inputs.figure import Figure, parse_figure
from govreport.inputs.published.document import Document, Grid, Picture
from govreport.inputs.vocabulary import Row, Table, load_format
from govreport.messages import Message, msg

# What a report prints for "none" or "not applicable": read as not given (blank), never as 0.
DASHES = frozenset({"", "—", "——", "-", "--", "－", "―", "─", "/", "／", "\\", "无", "空", "…", "——/——"})
# A figure, perhaps with thousands separators, a unit, or a note in brackets: 22（其中修订16件）.
FIGURE = re.compile(r"^(-?\d[\d,]*(?:\.\d+)?)\s*(?:件|条|个|项|万元|元|次|人次)?\s*(?:[(（\[](.*)[)）\]])?$")
# Numbering and lead-ins that printed labels carry or drop: （一） 一、 1. (1) 其中：
_LEAD = re.compile(
    r"^(?:其中[:：]?|[(（]?[一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[.、])"
)
_PUNCT = re.compile(r"[\s:：,，、;；.。“”\"'‘’()（）\[\]【】《》<>]")
# Labels some reports print that the vocabulary writes otherwise.
OLD_LABELS = {"规范性文件": "行政规范性文件"}
# Words that tell the formats apart when the year alone does not.
FORMAT_MARKS = {
    "national-2021": ("本年制发件数", "现行有效件数", "逾期不补正", "本年处理决定数量"),
    "national-2019": ("本年新制作数量", "对外公开总数量", "上一年项目数量"),
    "legacy": ("受理政府信息公开申请总数", "历年累计", "对申请的答复总数"),
}
APPEAL_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")
# A column of units (the legacy 附表 prints 单位 between label and figures): not a label.
UNITS = frozenset({"条", "件", "个", "项", "元", "万元", "次", "人次", "篇", "份", "场", "单位"})


def width(text: str) -> str:
    """Full-width letters and digits made half-width (NFKC), so １２ reads as 12."""
    return unicodedata.normalize("NFKC", text)


def label_key(text: str) -> str:
    """A printed label reduced to its words: numbering, lead-ins, spaces and punctuation dropped."""
    text = width(text).strip()
    for _ in range(3):
        stripped = _LEAD.sub("", text).strip()
        if stripped == text:
            break
        text = stripped
    return _PUNCT.sub("", text)


@dataclass(frozen=True)
class Cell:
    """One figure of an official table as read: its key, its value (None = printed blank) and where."""

    table: str
    row: str
    column: str
    value: Figure | None
    raw: str
    printed_row: str
    printed_column: str  # the form's label of the column the figure was read under (by its position)
    grid: int
    page: int | None = None
    note: str = ""


@dataclass(frozen=True)
class Line:
    """One printed table row: its labels and its figure cells, and which grid it came from."""

    labels: tuple[str, ...]
    values: tuple[str, ...]
    grid: Grid
    index: int

    @property
    def label(self) -> str:
        return self.labels[-1] if self.labels else ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(label_key(label) for label in self.labels)


def _cell(text: str) -> str:
    """A cell's text as its figure is read: half-width, trimmed, a full-width thousands separator as ","."""
    return width(text).strip().replace("，", ",")


def is_figure(text: str) -> bool:
    text = _cell(text)
    return text in DASHES or bool(FIGURE.match(text))


def lines(document: Document) -> list[Line]:
    """Every row of every table, split into labels (up to the last word) and figures (after it)."""
    out = []
    for grid in document.grids:
        for r in range(len(grid.rows)):
            cells = grid.values(r)
            last_word = max((i for i, c in enumerate(cells) if not is_figure(c)), default=-1)
            labels: list[str] = []
            for text in cells[: last_word + 1]:
                if text and width(text).strip() not in UNITS and (not labels or labels[-1] != text):
                    labels.append(text)
            out.append(Line(tuple(labels), tuple(cells[last_word + 1 :]), grid, r))
    return out


def detect_format(document: Document, year: int | None) -> str | None:
    """The format the tables are printed in, by their words; else by the year."""
    words = "".join(label_key(t) for g in document.grids for row in g.rows for t in row)
    if not words:
        words = "".join(label_key(p.text) for p in document.paragraphs)
    for name, marks in FORMAT_MARKS.items():
        if sum(mark in words for mark in marks) >= 2:
            return name
    if year is None:
        return None
    return "legacy" if year <= 2018 else "national-2019" if year <= 2020 else "national-2021"


def _figure(raw: str, amount: bool) -> tuple[Figure | None, str]:
    text = _cell(raw)
    if text in DASHES:
        return None, ""
    match = FIGURE.match(text)
    if not match:
        return None, ""
    return parse_figure(match.group(1), amount), (match.group(2) or "").strip()


def _row_names(table: Table, row: Row) -> set[str]:
    names = {label_key(row.label), label_key(row.key.split("/")[-1])}
    for old, new in OLD_LABELS.items():
        if new in names:
            names.add(old)
    return {n for n in names if n}


def _matches(line: Line, names: set[str]) -> bool:
    """The row's own label (the last one printed) names the vocabulary row, in full or cut short."""
    key = label_key(line.label)
    if not key or not line.values:
        return False
    for name in names:
        if key == name:
            return True
        # A long official label printed without its bracketed remark, or with a remark added, or
        # after a word that is not its own (a header word a text extraction ran into it: 历年累计主动公开…).
        if len(name) >= 6 and len(key) >= 6 and (name.startswith(key) or key.startswith(name) or key.endswith(name)):
            return True
    return False


@dataclass
class Reading:
    """The cells read for one format, and what could not be read (in words an office can act on)."""

    cells: list[Cell]
    notes: list[Message]


def _place(table: Table, row: Row, line: Line, year: int, reading: Reading, columns: tuple[str, ...]) -> None:
    values = list(line.values)
    if len(values) > len(columns):
        counts = {"values": len(values), "columns": len(columns)}
        reading.notes.append(
            msg("import.extra-figures", grid=line.grid.number, label=line.label, table=table.id, row=row.key, **counts)
        )
        values = values[: len(columns)]
    for column, raw in zip(columns, values, strict=False):
        value, note = _figure(raw, is_amount(table, row.key, column))
        printed = column.replace("本年", f"{year}年") if table.id == "附表" and column == "本年" else column
        reading.cells.append(
            Cell(table.id, row.key, column, value, raw, line.label, printed, line.grid.number, line.grid.page, note)
        )
    if len(values) < len(columns):
        missing = columns[len(values) :]
        reading.notes.append(
            msg(
                "import.missing-figures",
                grid=line.grid.number,
                label=line.label,
                table=table.id,
                row=row.key,
                missing=missing,
            )
        )


def _rows_in_order(table: Table, stream: list[Line], year: int, reading: Reading) -> None:
    """Find the table's rows in the stream in their official order; a row not found is not printed."""
    at = 0
    for row in table.rows:
        names = _row_names(table, row)
        for i in range(at, len(stream)):
            line = stream[i]
            if _matches(line, names) and not _group_row(line, row, table):
                _place(table, row, line, year, reading, table.columns_of(row))
                at = i + 1
                break


def _group_row(line: Line, row: Row, table: Table) -> bool:
    """A short label such as 其他 must sit under its own group (（六）其他处理), not under another."""
    if row.group is None or len(label_key(row.label)) > 3:
        return False
    group = label_key(row.group)
    return not any(group in key or key in group for key in line.keys[:-1] if key) and len(line.labels) > 1


def _appeals(table: Table, stream: list[Line], year: int, reading: Reading) -> None:
    """复议诉讼: one row of 15 figures (as the formats print it), or one row of 5 per kind of case."""
    columns = tuple(c.key for c in table.columns)
    found = False
    for key in APPEAL_ROWS:
        row = table.row(key)
        for line in stream:
            if label_key(line.label) == key and len(line.values) == len(columns):
                _place(table, row, line, year, reading, columns)
                found = True
                break
    if found:
        return
    wide = [line for line in stream if len(line.values) == len(columns) * len(APPEAL_ROWS)]
    if not wide:
        return
    line = wide[0]
    for k, key in enumerate(APPEAL_ROWS):
        part = Line(line.labels, line.values[k * len(columns) : (k + 1) * len(columns)], line.grid, line.index)
        _place(table, table.row(key), part, year, reading, columns)


def read_tables(document: Document, fmt_name: str, year: int) -> Reading:
    """Every cell of `fmt_name`'s official tables the document prints, and notes on what it does not."""
    fmt = load_format(fmt_name)
    stream = lines(document)
    reading = Reading([], [])
    for table in fmt.tables.values():
        before = len(reading.cells)
        if table.id == "复议诉讼":
            _appeals(table, stream, year, reading)
        else:
            _rows_in_order(table, stream, year, reading)
        single = [c for c in reading.cells[before:] if table.row(c.row).optional and c.row == "其他处理"]
        if single:
            reading.notes.append(msg("import.one-other-row", grid=single[0].grid))
        if len(reading.cells) == before:
            pictures = [b for b in document.blocks if isinstance(b, Picture)]
            if pictures:
                note = msg(
                    "import.table-not-found-pictures", table=table.id, section=table.section, pictures=len(pictures)
                )
            else:
                note = msg("import.table-not-found", table=table.id, section=table.section)
            reading.notes.append(note)
    return reading
