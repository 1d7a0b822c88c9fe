"""A Word report (.docx) read into a Document, with python-docx.

The body is walked in document order: paragraphs, tables (merged cells expanded, known once) and
pictures. A table holding other tables only lays the page out: its cells are read as body content.
The file is looked at as a zip before python-docx opens it, so a zip bomb or an old .doc is refused
without being unpacked.
"""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

from govreport.errors import Problem, SourceError
from govreport.inputs.published.document import Document, Grid, Paragraph, Picture
from govreport.inputs.published.plaintext import closing_date
from govreport.inputs.published.text import clean, publication_date, report_title, section_heading
from govreport.messages import msg

# A report's .docx is a few MB unpacked (its pictures included). Past these it is a zip bomb or not
# a report: refused from the zip's directory, before anything is unpacked.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 5000
# Deflate gains at most about 1000:1 (on runs of one byte); XML and pictures gain under 20:1. A large
# member (over 1 MB unpacked) packed tighter than this was made to blow up.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024
# Word 97–2003 (.doc), WPS and other OLE2 compound files start so.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def check_zip(data: bytes, source: str) -> None:
    """Refuse what is not a .docx, or would unpack to too much, from the zip's directory alone."""
    if data.startswith(OLE2):
        raise SourceError(Problem(source, msg("word.doc")))
    if not data.startswith(b"PK"):
        raise SourceError(Problem(source, msg("word.not-zip")))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise SourceError(Problem(source, msg("word.damaged-zip", error=str(exc)))) from None
    if len(members) > MAX_MEMBERS:
        raise SourceError(Problem(source, msg("word.too-many-files", files=len(members))))
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_UNPACKED:
        raise SourceError(Problem(source, msg("word.too-big", mb=unpacked // 2**20)))
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            times = m.file_size // max(m.compress_size, 1)
            raise SourceError(Problem(source, msg("word.member-bomb", member=m.filename, times=times)))
    if "word/document.xml" not in {m.filename for m in members}:
        raise SourceError(Problem(source, msg("word.no-document")))


def read_word(data: bytes, source: str) -> Document:
    """The report a .docx holds."""
    check_zip(data, source)
    try:
        package = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors… for a damaged package
        raise SourceError(Problem(source, msg("word.damaged", error=str(exc)))) from None
    styles = {s.get(_w("styleId")): _style_name(s) for s in package.styles.element.iterchildren(_w("style"))}
    body = _Body(styles)
    body.walk(package.element.body)
    blocks = body.blocks
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    title = report_title(texts[:20])
    published = publication_date(" ".join(texts)) or closing_date(texts)
    notes = () if blocks else (msg("import.no-text-docx"),)
    return Document(source, "docx", title, tuple(blocks), published=published, notes=notes)


def _style_name(style: etree._Element) -> str:
    name = style.find(_w("name"))
    return (name.get(_w("val")) if name is not None else "") or ""


def _heading_style(name: str) -> bool:
    name = name.lower()
    return name.startswith(("heading", "标题", "title")) or name == "subtitle"


def _outside_fallback(node: etree._Element) -> bool:
    """Whether `node` is read: what mc:Fallback holds repeats its mc:Choice (e.g. a text box twice)."""
    return not any(a.tag == f"{{{MC}}}Fallback" for a in node.iterancestors())


def _text(node: etree._Element) -> str:
    """The text of a paragraph or cell as Word shows it: runs, tabs and breaks, not deleted text nor field codes."""
    parts = []
    for el in node.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if not _outside_fallback(el):
            continue
        parts.append((el.text or "") if el.tag == _w("t") else " ")
    return "".join(parts)


def _pictures(node: etree._Element) -> list[str]:
    """The alt texts of the pictures in `node` (a DrawingML picture or a VML image), one per picture."""
    found = []
    for drawing in node.iter(_w("drawing"), _w("pict")):
        if not _outside_fallback(drawing):
            continue
        if drawing.tag == _w("drawing"):
            if next(drawing.iter(f"{{{A}}}blip"), None) is None:
                continue  # a shape or text box, not a picture
            props = next(drawing.iter(f"{{{WP}}}docPr"), None)
            alt = (props.get("descr") or props.get("title") or "") if props is not None else ""
        else:
            image = next(drawing.iter(f"{{{V}}}imagedata"), None)
            if image is None:
                continue
            alt = image.get(f"{{{'urn:schemas-microsoft-com:office:office'}}}title") or ""
        found.append(clean(alt))
    return found


def _span(tc: etree._Element) -> int:
    span = tc.find(f"{_w('tcPr')}/{_w('gridSpan')}")
    try:
        return max(1, min(int(span.get(_w("val"))), 100)) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _continues_above(tc: etree._Element) -> bool:
    """Whether the cell continues the vertically merged cell above it (<w:vMerge/> without restart)."""
    merge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
    return merge is not None and merge.get(_w("val"), "continue") == "continue"


def _row_skip(tr: etree._Element, name: str) -> int:
    skip = tr.find(f"{_w('trPr')}/{_w(name)}")
    try:
        return max(0, min(int(skip.get(_w("val"))), 100)) if skip is not None else 0
    except (TypeError, ValueError):
        return 0


def _rows(tbl: etree._Element) -> list[etree._Element]:
    # A row may sit inside a content control (w:sdt) of the table; a nested table's rows are its own.
    return [tr for tr in tbl.iter(_w("tr")) if next(tr.iterancestors(_w("tbl")), None) is tbl]


def _cells(tr: etree._Element) -> list[etree._Element]:
    # A cell may sit inside a content control (w:sdt) of the row.
    return [tc for tc in tr.iter(_w("tc")) if next(tc.iterancestors(_w("tr")), None) is tr]


def grid(tbl: etree._Element) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[int, ...], ...]]:
    """The table's rows with merges expanded (a merged cell's text in every slot) and which cell fills each slot.

    A horizontal merge is one <w:tc> with gridSpan; a vertical one is a run of cells marked vMerge,
    the first holding the text: each later one takes the text and number of the cell above it.
    """
    slots: list[list[tuple[str, int]]] = []
    number = 0
    for r, tr in enumerate(_rows(tbl)):
        row: list[tuple[str, int]] = []
        for _ in range(_row_skip(tr, "gridBefore")):
            row.append(("", -(r * 1000 + len(row) + 1)))
        for tc in _cells(tr):
            span = _span(tc)
            c = len(row)
            above = slots[r - 1] if r else []
            if _continues_above(tc) and c < len(above):
                row.extend(above[c + i] if c + i < len(above) else above[-1] for i in range(span))
                continue
            number += 1
            text = clean(" ".join(_text(p) for p in tc.iter(_w("p")) if _in_cell(p, tc)))
            row.extend([(text, number)] * span)
        for _ in range(_row_skip(tr, "gridAfter")):
            row.append(("", -(r * 1000 + len(row) + 1)))
        slots.append(row)
    width = max((len(row) for row in slots), default=0)
    for r, row in enumerate(slots):  # a short row is padded with empty cells of its own
        row.extend(("", -(r * 1000 + c + 1)) for c in range(len(row), width))
    texts = tuple(tuple(t for t, _ in row) for row in slots)
    ids = tuple(tuple(n for _, n in row) for row in slots)
    return texts, ids


def _in_cell(p: etree._Element, tc: etree._Element) -> bool:
    """Whether paragraph `p` belongs to cell `tc` itself, not to a table nested in it."""
    return next(p.iterancestors(_w("tc")), None) is tc


class _Body:
    """Walks the body in document order, turning it into paragraphs, grids and pictures."""

    def __init__(self, styles: dict[str, str]) -> None:
        self.styles = styles
        self.blocks: list[Paragraph | Grid | Picture] = []
        self.tables = 0
        self.pictures = 0

    def _picture(self, alt: str) -> None:
        self.pictures += 1
        self.blocks.append(Picture(self.pictures, alt))

    def walk(self, node: etree._Element) -> None:
        for child in node.iterchildren():
            if child.tag == _w("p"):
                self._paragraph(child)
            elif child.tag == _w("tbl"):
                self._table(child)
            elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
                self.walk(child)  # a content control or custom markup wraps body content

    def _paragraph(self, p: etree._Element) -> None:
        text = clean(_text(p))
        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        name = self.styles.get(style.get(_w("val")), "") if style is not None else ""
        outline = p.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        heading = _heading_style(name) or (outline is not None and outline.get(_w("val")) != "9")  # 9: body text
        if text:
            self.blocks.append(Paragraph(text, heading=heading or section_heading(text)))
        for alt in _pictures(p):
            self._picture(alt)

    def _table(self, tbl: etree._Element) -> None:
        if any(t is not tbl for t in tbl.iter(_w("tbl"))):  # a layout table: its cells hold the content
            for tr in _rows(tbl):
                for tc in _cells(tr):
                    self.walk(tc)
            return
        self.tables += 1
        texts, ids = grid(tbl)
        alts = _pictures(tbl)
        if alts and not any(any(row) for row in texts):  # a table published as a picture
            self._picture(alts[0])
            return
        self.blocks.append(Grid(self.tables, texts, cells=ids))
        for alt in alts:  # pictures beside figures in a table (a chart in a cell, a seal)
            self._picture(alt)
