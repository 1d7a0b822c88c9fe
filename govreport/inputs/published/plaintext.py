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
from govreport.inputs.published.text import clean, publication_date, report_title, section_heading

# A line ending so ends its paragraph (not ；: the items of a list run on after it).
TERMINAL = tuple("。！？：!?:")
# A line starting so starts a paragraph: （一） (1) 1. 1、 一是 第一，
ITEM = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[一二三四五六七八九十]{1,3}是"
    r"|第[一二三四五六七八九十]{1,3}[，,、])"
)
# A printed figure: 1,234 / 1234.5 / full-width digits / a dash, slash or 无 for nothing.
FIGURE = re.compile(r"^(?:(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．]\d+)?|[—–－\-/／]{1,2}|无)$")
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


def starts_paragraph(text: str) -> bool:
    """Whether a line starts its own paragraph whatever came before: a section heading or a numbered item."""
    return section_heading(text) or bool(ITEM.match(text))


def _join(before: str, after: str) -> str:
    # Chinese runs on without a space; two Latin words or numbers broken at a line end keep one.
    if before[-1].isascii() and after[0].isascii() and before[-1].isalnum() and after[0].isalnum():
        return f"{before} {after}"
    return before + after


def _title(text: str) -> bool:
    """Whether a paragraph is the report's title (a short line naming a 政府信息公开…年度报告, not a sentence)."""
    return len(text) <= 60 and not text.endswith(TERMINAL) and bool(report_title([text]))


def _continues(text: str, heading: bool, line: Line) -> bool:
    """Whether `line` goes on with the paragraph `text` so far (a heading or the report's title ends it)."""
    if not text or line.new or line.heading != heading or section_heading(text) or section_heading(line.text):
        return False
    if _title(text):
        return False
    return line.runs_on or not (text.endswith(TERMINAL) or ITEM.match(line.text))


def paragraphs(lines: Iterable[Line]) -> list[Paragraph]:
    """Printed lines joined into paragraphs."""
    out: list[Paragraph] = []
    text, heading = "", False
    for line in lines:
        if not line.text:
            continue
        if _continues(text, heading, line):
            text = _join(text, line.text)
            continue
        if text:
            out.append(Paragraph(text, heading=heading or section_heading(text) or _title(text)))
        text, heading = line.text, line.heading
    if text:
        out.append(Paragraph(text, heading=heading or section_heading(text) or _title(text)))
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


def _figure(token: str) -> bool:
    return bool(FIGURE.match(token.translate(FULL_WIDTH_DIGITS)))


def _row(text: str) -> _Row | None:
    """A table row: a label followed by figures (or figures alone, two or more of them)."""
    tokens = text.split()
    k = len(tokens)
    while k and _figure(tokens[k - 1]):
        k -= 1
    label, figures = clean(" ".join(tokens[:k])), tokens[k:]
    if not figures or "。" in label or (not label and len(figures) < 2):
        return None
    return _Row(label, figures, open=_opens(label))


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


def _grid_end(texts: list[str], first: int) -> int:
    """The line after the last row of the grid whose first row is line `first`."""
    last, between, i = first, 0, first + 1
    while i < len(texts) and between <= BETWEEN_ROWS:
        text = texts[i]
        if _row(text):
            last, between = i, 0
        elif section_heading(text) and not _wraps_onto(texts, i):
            break  # the next section (a label 三、本年 wrapped onto the row below is not)
        elif _fragment(text) or _header(text):
            between += 1
        elif text:
            break
        i += 1
    return last + 1


def _wraps_onto(texts: list[str], i: int) -> bool:
    """Whether line `i` may be the start of a label wrapped onto the row directly below it."""
    row = _row(texts[i + 1]) if i + 1 < len(texts) else None
    return bool(row and row.label and not _item(row.label))


def _grid_start(texts: list[str], first: int, floor: int) -> int:
    """The first line of the grid whose first row is line `first`: one line of its label wrapped above it
    (一、本年新收政府信息公开 / 申请数量 666 …), the header lines above that (not above `floor`, where the
    blocks already read end)."""
    start = first
    if start > floor and _fragment(texts[start - 1]) and _wraps_onto(texts, start - 1):
        start -= 1
    while start > floor and _header(texts[start - 1]):
        start -= 1
    return start


def _grid_rows(texts: list[str]) -> list[_Row]:
    """The rows of one grid's lines: each row's label joined from the lines it was wrapped over."""
    rows: list[_Row] = []
    pending: list[str] = []  # label lines since the last row
    for text in texts:
        if not text:
            continue
        row = _row(text)
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


def _blocks(texts: list[str]) -> list[Paragraph | Grid]:
    """The text's lines as paragraphs and grids, in order."""
    blocks: list[Paragraph | Grid] = []
    prose: list[Line] = []
    tables, read, i = 0, 0, 0
    while i < len(texts):
        if not _row(texts[i]):
            i += 1
            continue
        start, end = _grid_start(texts, i, read), _grid_end(texts, i)
        rows = _grid_rows(texts[start:end])
        if len(rows) == 1 and len(rows[0].figures) == 1:  # prose that ends in a number, not a table
            i += 1
            continue
        while end < len(texts) and rows[-1].open and _fragment(texts[end]) and not _item(texts[end]):
            rows[-1].label = clean(rows[-1].label + texts[end])  # the end of the last row's wrapped label
            end += 1
        prose.extend(_prose(texts, read, start))
        blocks.extend(paragraphs(prose))
        prose = []
        tables += 1
        blocks.append(Grid(tables, tuple(r.values() for r in rows)))
        read = i = end
    blocks.extend(paragraphs(_prose(texts, read, len(texts))))
    return blocks


def _prose(texts: list[str], start: int, end: int) -> list[Line]:
    """Lines `start` to `end` as prose: a blank line before one starts a paragraph."""
    return [Line(clean(texts[i]), new=i == start or not texts[i - 1]) for i in range(start, end) if texts[i]]


def read_text(data: bytes, source: str) -> Document:
    """The report a plain-text file holds."""
    # Whitespace runs become one space (a row's figures are told apart by it); page numbers go.
    texts = [" ".join(line.split()) for line in decode(data).splitlines()]
    texts = [t for t in texts if not PAGE_NUMBER.match(t)]
    blocks = _blocks(texts)
    prose = [b.text for b in blocks if isinstance(b, Paragraph)]
    title = report_title(prose[:10])
    published = publication_date(" ".join(prose)) or closing_date(prose)
    notes = () if blocks else ("the file holds no text",)
    return Document(source, "text", title, tuple(blocks), published=published, notes=notes)
