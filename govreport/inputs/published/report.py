"""A published report read back: who published it, for which year and format, its figures and its prose."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from govreport.errors import Problem, SourceError
from govreport.inputs.published.document import Document, Grid, Paragraph
from govreport.inputs.published.tables import Cell, detect_format, label_key, read_tables
from govreport.inputs.published.text import report_title, section_heading
from govreport.inputs.vocabulary import FORMATS, load_format
from govreport.messages import Message, msg

# The title names the agency, then the year: 福建省商务厅2021年政府信息公开工作年度报告 (or the year first).
_NAME_FIRST = re.compile(r"^(?P<name>.+?)(?:关于)?(?P<year>\d{4})\s*年(?:度)?")
_YEAR_FIRST = re.compile(r"^(?P<year>\d{4})\s*年(?:度)?(?P<name>.+?)政府信息公开")
_GOVERNMENT = re.compile(r"(人民政府|政府|街道办事处|办事处|管理委员会|管委会|[镇乡])$")
# Lines a web page prints around the report that are not its prose.
_PAGE_FURNITURE = re.compile(
    r"^(?:(?:发布|公开|发文|成文)?(?:时间|日期)[：:]|来源[：:]|信息来源|字[体号][：:]|【?(?:打印|关闭|收藏|分享)|浏览次数|访问量|索引号)"
)
# A top-level section heading: its numeral names the format's section of the same number.
_NUMERAL = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_NUMERALS = "一二三四五六七八九十"
_TABLE_NUMBER = re.compile(r"^(?:附)?表\s*[\d一二三四五六七八九十]")


@dataclass(frozen=True)
class PublishedReport:
    """What a published report says, in the vocabulary of its format."""

    document: Document
    name: str  # the agency, as the title names it
    kind: str  # government | department
    year: int
    format: str
    cells: tuple[Cell, ...]
    narrative: str  # narrative.md: the prose as printed, under the format's section headings
    notes: tuple[Message, ...]  # what could not be read, in words an office can act on
    traditional: bool = False  # printed in traditional characters, read in simplified ones

    @property
    def published(self) -> str | None:
        return self.document.published


def agency_of(title: str) -> tuple[str, int | None]:
    """The agency and year a report's title names ("" and None when it names neither)."""
    title = re.sub(r"\s+", "", title)
    for pattern in (_YEAR_FIRST, _NAME_FIRST):
        match = pattern.match(title)
        if match:
            name = match.group("name").strip('《》“”"')
            return name, int(match.group("year"))
    return "", None


def kind_of(name: str) -> str:
    """government for a 人民政府, 街道办事处, 镇 or 乡; department for every other agency."""
    return "government" if _GOVERNMENT.search(name) else "department"


# Characters only traditional Chinese writes (報告, 公開, 資訊 …): a page a mirror site converted.
_TRADITIONAL = re.compile(r"[報開與資訊對請據條廳務網處運權關於這為個們會時]")


TRADITIONAL = msg("import.traditional")


@cache
def _converter():
    import opencc

    # Taiwan phrases back to the mainland's: 檔案 → 文件, 網路 → 网络, 答覆 → 答复, as the forms print them.
    return opencc.OpenCC("tw2sp")


def simplified(document: Document) -> Document:
    """The document in simplified characters when it was printed in traditional ones (else itself)."""
    sample = document.title + "".join(p.text for p in document.paragraphs[:20])
    if len(_TRADITIONAL.findall(sample)) < 5:
        return document
    convert = _converter().convert
    blocks = tuple(
        replace(b, text=convert(b.text))
        if isinstance(b, Paragraph)
        else replace(b, rows=tuple(tuple(convert(c) for c in row) for row in b.rows))
        if isinstance(b, Grid)
        else b
        for b in document.blocks
    )
    # A title the reader could not tell in traditional characters is told now.
    title = convert(document.title) or report_title([b.text for b in blocks[:10] if isinstance(b, Paragraph)])
    return replace(document, title=title, blocks=blocks)


def read_report(document: Document, year: int | None = None, fmt: str | None = None) -> PublishedReport:
    """Read the document as a report of `year` in format `fmt` (each taken from the report when None)."""
    converted = simplified(document)
    traditional, document = converted is not document, converted
    name, titled_year = agency_of(document.title)
    year = year or titled_year
    if year is None:
        raise SourceError(Problem(document.source, msg("import.no-year")))
    fmt = fmt or detect_format(document, year)
    if fmt not in FORMATS:
        raise SourceError(Problem(document.source, msg("import.format", format=fmt, formats=FORMATS)))
    reading = read_tables(document, fmt, year)
    notes = [*document.notes, *reading.notes]
    return PublishedReport(
        document=document,
        name=name,
        kind=kind_of(name),
        year=year,
        format=fmt,
        cells=tuple(reading.cells),
        narrative=narrative_of(document, fmt),
        notes=tuple(notes),
        traditional=traditional,
    )


def narrative_of(document: Document, fmt: str) -> str:
    """The prose as printed, numbers literal, each top-level section under the format's own heading.

    A printed heading worded otherwise than the format's (一、概述 for 一、总体情况) is kept as a line of
    its section; a section numbered beyond the format's last goes into the last one.
    """
    sections = load_format(fmt).sections
    blocks = document.blocks
    preamble: list[str] = []
    bodies: dict[str, list[str]] = {}
    current = preamble
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        text = block.text
        if text == document.title or _PAGE_FURNITURE.match(text) or _caption(blocks, i, sections):
            continue
        match = _NUMERAL.match(text)
        if match and section_heading(text):
            number = _NUMERALS.index(match.group(1)[-1]) + 1 if len(match.group(1)) == 1 else len(sections)
            official = sections[min(number, len(sections)) - 1]
            current = bodies.setdefault(official, [])
            if label_key(text) != label_key(official):
                current.append(text)
            continue
        current.append(text)
    parts = [_raw(preamble)] if preamble else []
    for heading in sections:
        if heading in bodies:
            parts.append(f"## {heading}\n\n{_raw(bodies[heading])}".rstrip())
    return "\n\n".join(p for p in parts if p) + "\n"


def _caption(blocks: tuple, i: int, sections: tuple[str, ...]) -> bool:
    """A table's caption printed just above it (not a heading of the report's own)."""
    if i + 1 >= len(blocks) or not isinstance(blocks[i + 1], Grid):
        return False
    text = blocks[i].text
    if _TABLE_NUMBER.match(text):
        return True
    return not _NUMERAL.match(text) and any(label_key(text) == label_key(s) for s in sections)


def _raw(paragraphs: list[str]) -> str:
    """Paragraphs as markdown; text that looks like a placeholder is kept literal, never filled."""
    body = "\n\n".join(paragraphs)
    if "{{" in body or "{%" in body or "{#" in body:
        return "{% raw %}" + body + "{% endraw %}"
    return body
