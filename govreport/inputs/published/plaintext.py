"""Plain text (copied from a page, or extracted from a PDF) read into a Document.

Text has no tables, only lines: a line that is a label followed by figures is a table row, and
consecutive rows (with the header line above them and label lines wrapped around them) are one
Grid. Every other line is prose, joined into paragraphs by the rules the PDF reader shares
(`paragraphs`): a printed line continues the one before unless that one ends a sentence or a
heading, or it starts a heading or a numbered item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from govreport.inputs.published.document import Document, Grid, Paragraph
from govreport.inputs.published.text import SECTION, clean, publication_date, report_title, section_heading
from govreport.messages import msg

# A line ending so ends its paragraph (not ；: the items of a list run on after it).
TERMINAL = tuple("。！？：!?:")
# A line starting so starts a paragraph: （一） (1) 1. 1、 一是 第一，
ITEM = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}是"
    r"|第[一二三四五六七八九十]{1,3}[，,、])"
)
# A printed figure: 1,234 / 1234.5 / full-width digits / a dash, slash or 无 for nothing.
FIGURE = re.compile(r"^(?:(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．]\d+)?|[—–―─－\-/／]{1,2}|无)$")
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Page furniture a text extraction keeps: "- 3 -", "—3—", "第3页 共5页", "3/5", a lone page number.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3}|\d{1,3})$"
)
_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_CLOSING_DATE = re.compile(
    r"([\d〇零○ＯO一二三四五六七八九]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月\s*([\d一二三四五六七八九十]{1,3})\s*日$"
)
# A fragment (a label line without figures) is at most this long; longer is prose.
FRAGMENT = 40
HEADER_WORD = 20


class Line(NamedTuple):
    """One printed line, and what the layout says of it (a PDF's; plain text has only blank lines).

    `new`: the layout starts a paragraph here (a blank line before, an indent, a gap, a short line
    before). `runs_on`: the layout shows it continues the line before (that one is full, this one not
    indented where paragraphs are), whatever that one ends with. `heading`: printed larger.
    """

    text: str
    new: bool = False
    heading: bool = False
    runs_on: bool = False


def _title(text: str) -> bool:
    """Whether a paragraph is the report's title (a short line naming a 政府信息公开…年度报告, not a sentence)."""
    return len(text) <= 60 and not text.endswith(TERMINAL) and bool(report_title([text]))


class _Paragraph:
    """A paragraph being joined from printed lines, kept in pieces (a long one is not copied line by line)."""

    def __init__(self, line: Line) -> None:
        self.parts, self.heading, self.size = [line.text], line.heading, len(line.text)

    def _start(self) -> str:
        """The paragraph so far if it is short enough to be a heading or the title (else nothing)."""
        return "".join(self.parts) if self.size <= 60 else ""

    def goes_on(self, line: Line) -> bool:
        """Whether `line` continues this paragraph (a heading or the report's title ends it)."""
        start = self._start()
        if line.new or line.heading != self.heading or section_heading(line.text):
            return False
        if section_heading(start) or _title(start):
            return False
        return line.runs_on or not (self.parts[-1].endswith(TERMINAL) or ITEM.match(line.text))

    def add(self, text: str) -> None:
        # Chinese runs on without a space; two Latin words or numbers broken at a line end keep one.
        before, after = self.parts[-1][-1], text[0]
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            self.parts.append(" ")
        self.parts.append(text)
        self.size += len(text)

    def done(self) -> Paragraph:
        text = "".join(self.parts)
        return Paragraph(text, heading=self.heading or section_heading(text) or _title(text))


def paragraphs(lines: Iterable[Line]) -> list[Paragraph]:
    """Printed lines joined into paragraphs."""
    out: list[Paragraph] = []
    current: _Paragraph | None = None
    for line in lines:
        if not line.text:
            continue
        if current is not None and current.goes_on(line):
            current.add(line.text)
            continue
        if current is not None:
            out.append(current.done())
        current = _Paragraph(line)
    if current is not None:
        out.append(current.done())
    return out


def _cn_number(text: str) -> int:
    """A number written in digits or Chinese numerals (一 … 三十一, 二〇二二 digit by digit)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + (_CN_DIGITS.get(units, 0) if units else 0)
    return int("".join(str(_CN_DIGITS.get(c, 0)) for c in text))


def closing_date(texts: list[str]) -> str | None:
    """The ISO date a report is signed with: a paragraph near the end that ends with a date (二〇二二年一月二十日)."""
    for text in reversed(texts[-6:]):
        match = _CLOSING_DATE.search(text.replace(" ", ""))
        if match and len(text) <= 40:
            year, month, day = (_cn_number(g) for g in match.groups())
            if 1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def decode(data: bytes) -> str:
    """The text: UTF-16 or UTF-8 when its BOM says so, UTF-8 when it is, else GB18030 (which holds GBK and GB2312)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


@dataclass
class _Row:
    label: str
    figures: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # a header row's words (it has no label nor figures)
    open: bool = False  # its label was wrapped and may go on in the label lines below it

    def values(self) -> tuple[str, ...]:
        return tuple(self.words) if self.words else (self.label, *self.figures)


def _parse(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A table row's label and figures: a label followed by figures (or figures alone, two or more of them)."""
    tokens = text.split()
    plain = text.translate(FULL_WIDTH_DIGITS).split()  # the same tokens, full-width digits made ASCII
    k = len(tokens)
    while k and FIGURE.match(plain[k - 1]):
        k -= 1
    label, figures = clean(" ".join(tokens[:k])), tuple(tokens[k:])
    if not figures or "。" in label or (not label and len(figures) < 2):
        return None
    return label, figures


def _fragment(text: str) -> bool:
    """A label line without figures, which may belong to a row above or below it."""
    return len(text.split()) == 1 and "。" not in text and len(text) <= FRAGMENT


def _header(text: str) -> list[str] | None:
    """Header words: two or more short words (tab- or space-separated), not a sentence."""
    words = text.split()
    if len(words) < 2 or any(len(w) > HEADER_WORD for w in words) or any(p in text for p in "。；;"):
        return None
    return [clean(w) for w in words]


def _opens(label: str) -> bool:
    """Whether a label stops mid-phrase (an unclosed bracket, a trailing comma): the next line continues it."""
    return label.count("（") + label.count("(") > label.count("）") + label.count(")") or label.endswith(("，", "、"))


def _item(text: str) -> bool:
    return bool(ITEM.match(text))


# Label and header lines allowed between two rows of one grid; more is text between two tables.
BETWEEN_ROWS = 4


class _Text:
    """The text's lines (whitespace runs made one space), each parsed once as a table row or not."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts
        self.parsed = [_parse(t) for t in texts]

    def row(self, i: int) -> _Row | None:
        """Line `i` as a table row (a new one: building a grid changes its rows' labels)."""
        parsed = self.parsed[i] if 0 <= i < len(self.texts) else None
        return _Row(parsed[0], list(parsed[1]), open=_opens(parsed[0])) if parsed else None

    def blocks(self) -> list[Paragraph | Grid]:
        """The lines as paragraphs and grids, in order."""
        blocks: list[Paragraph | Grid] = []
        tables, read, i = 0, 0, 0
        while i < len(self.texts):
            if not self.parsed[i]:
                i += 1
                continue
            start, end = self._start(i, read), self._end(i)
            rows = self._rows(start, end)
            if len(rows) == 1 and len(rows[0].figures) == 1:  # prose that ends in a number, not a table
                i += 1
                continue
            while end < len(self.texts) and rows[-1].open and _fragment(self.texts[end]) and not _item(self.texts[end]):
                rows[-1].label = clean(rows[-1].label + self.texts[end])  # the end of the last row's wrapped label
                end += 1
            blocks.extend(paragraphs(self._prose(read, start)))
            tables += 1
            blocks.append(Grid(tables, tuple(r.values() for r in rows)))
            read = i = end
        blocks.extend(paragraphs(self._prose(read, len(self.texts))))
        return blocks

    def _wraps_onto(self, i: int) -> bool:
        """Whether line `i` may be the start of a label wrapped onto the row directly below it."""
        below = self.parsed[i + 1] if i + 1 < len(self.texts) else None
        # A label that starts with its own numbering (一、本年新收…, （一）予以公开) continues nothing above it.
        return bool(below and below[0] and not _item(below[0]) and not SECTION.match(below[0]))

    def _start(self, first: int, floor: int) -> int:
        """The first line of the grid whose first row is line `first`: one line of its label wrapped above
        it (一、本年新收政府信息公开 / 申请数量 666 …), the header lines above that (not above `floor`,
        where the blocks already read end)."""
        start = first
        if start > floor and _fragment(self.texts[start - 1]) and self._wraps_onto(start - 1):
            start -= 1
        while start > floor and _header(self.texts[start - 1]):
            start -= 1
        return start

    def _end(self, first: int) -> int:
        """The line after the last row of the grid whose first row is line `first`."""
        last, between, i = first, 0, first + 1
        while i < len(self.texts) and between <= BETWEEN_ROWS:
            text = self.texts[i]
            if self.parsed[i]:
                last, between = i, 0
            elif section_heading(text) and not self._wraps_onto(i):
                break  # the next section (a label 三、本年 wrapped onto the row below is not)
            elif _fragment(text) or _header(text):
                between += 1
            elif text:
                break
            i += 1
        return last + 1

    def _rows(self, start: int, end: int) -> list[_Row]:
        """The rows of one grid's lines: each row's label joined from the lines it was wrapped over."""
        rows: list[_Row] = []
        pending: list[str] = []  # label lines since the last row
        for i in range(start, end):
            text = self.texts[i]
            if not text:
                continue
            row = self.row(i)
            words = _header(text) if row is None else None
            if row is None and words is None:
                pending.append(text)
                continue
            above = rows[-1] if rows and rows[-1].figures else None
            while pending and above and above.open and not _item(pending[0]):
                above.label = clean(above.label + pending.pop(0))
            if row is None:  # header words: label lines above them stand alone (第二十条第（五）项)
                rows.extend(_Row(clean(p)) for p in pending)
                rows.append(_Row("", words=words or []))
            elif pending and above and _item(row.label) and not any(_item(p) for p in pending):
                above.label = clean(above.label + "".join(pending))  # the end of the label above
                rows.append(row)
            elif pending:
                # Figures printed beside the middle of a wrapped label: the lines below may go on with it.
                row.open = not row.label or _opens(row.label)
                row.label = clean("".join(pending) + row.label)
                rows.append(row)
            else:
                rows.append(row)
            pending = []
        return rows

    def _prose(self, start: int, end: int) -> list[Line]:
        """Lines `start` to `end` as prose: a blank line before one starts a paragraph."""
        texts = self.texts
        return [Line(clean(texts[i]), new=i == start or not texts[i - 1]) for i in range(start, end) if texts[i]]


# A table copied out of a web page often comes one cell a line: a label, then its figures, each alone.
# This many rows of one shape in a row make such a table (fewer could be prose and page numbers).
CELL_LINES_ROWS = 3


def _one_cell_a_line(texts: list[str]) -> list[str]:
    """Rows printed one cell a line (label, figure, figure, label, figure, figure …) put back on one line each.

    A run counts only where at least CELL_LINES_ROWS labels in a row are each followed by the same
    number of lines that are a single figure; its lone figures are then no page numbers.
    """
    alone = [bool(t) and len(t.split()) == 1 and bool(FIGURE.match(t)) for t in texts]
    out, i = [], 0
    while i < len(texts):
        width = 0
        while i + 1 + width < len(texts) and alone[i + 1 + width]:
            width += 1
        rows, j = [], i
        while width and j + width < len(texts) and texts[j] and not alone[j] and all(alone[j + 1 : j + 1 + width]):
            if j + 1 + width < len(texts) and alone[j + 1 + width]:
                break  # a different number of figures: another shape
            rows.append(" ".join(texts[j : j + 1 + width]))
            j += 1 + width
        if len(rows) >= CELL_LINES_ROWS:
            out.extend(rows)
            i = j
        else:
            out.append(texts[i])
            i += 1
    return out


def read_text(data: bytes, source: str) -> Document:
    """The report a plain-text file holds."""
    # Whitespace runs become one space (a row's figures are told apart by it); page numbers go.
    texts = _one_cell_a_line([" ".join(line.split()) for line in decode(data).splitlines()])
    texts = [t for t in texts if not PAGE_NUMBER.match(t)]
    blocks = _Text(texts).blocks()
    prose = [b.text for b in blocks if isinstance(b, Paragraph)]
    title = report_title(prose[:10])
    published = publication_date(" ".join(prose)) or closing_date(prose)
    notes = () if blocks else (msg("import.no-text-file"),)
    return Document(source, "text", title, tuple(blocks), published=published, notes=notes)
