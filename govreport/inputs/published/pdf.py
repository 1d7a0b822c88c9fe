"""A PDF report read into a Document, with pdfplumber (over pdfminer.six).

Per page: the ruled tables (merged cells expanded from the cells' boxes, known once), the text
outside them joined into paragraphs (by the layout: indents, short lines, font sizes; then by the
rules plain text shares), and the pictures, all in the order they stand on the page. A page with
no text layer is a scan: noted, and kept as a picture.

A hostile PDF cannot make reading go on without end:
- its Flate streams are inflated (and thrown away) in bounded pieces before pdfminer sees them:
  one past MAX_STREAM, or all past MAX_INFLATED, and it is refused (pdfminer inflates a stream
  whole, in memory);
- its pages are counted, up to MAX_PAGES + 1, before any page is read;
- a page drawing more than MAX_PAGE_CONTENT (its content, each form it draws counted each time it is
  drawn: a form drawing another four times, twelve deep, draws 16 million times) is refused
  before it is drawn;
- while a page is drawn, each thing drawn is counted (MAX_OBJECTS a page) and the clock looked at:
  reading stops with an error as soon as it passes TIME_BUDGET seconds.
So a PDF is read in TIME_BUDGET seconds, plus what pdfplumber does with at most MAX_OBJECTS things
of the last page (a few seconds), or refused.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import time
import zlib

import pdfplumber
from pdfminer.layout import LTPage
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.page import Page, PDFPageAggregatorWithMarkedContent
from pdfplumber.table import Table
from pdfplumber.utils.exceptions import PdfminerException

from govreport.errors import Problem, SourceError
from govreport.inputs.published.document import MAX_PAGES, Document, Grid, Paragraph, Picture
from govreport.inputs.published.plaintext import PAGE_NUMBER, Line, closing_date, paragraphs
from govreport.inputs.published.text import clean, publication_date, report_title
from govreport.messages import Message, msg

# Seconds a PDF may take to read. Ours reads in about 0.1 s a page: 300 pages in well under a minute.
TIME_BUDGET = 120.0
# A content stream or font is a few MB inflated; a 1000:1 stream inflating past this is a bomb.
MAX_STREAM = 64 * 1024 * 1024
MAX_INFLATED = 512 * 1024 * 1024
# A page of a report draws some 100 kB of content and a few thousand things (characters, rules):
# ours at most 2,000, a dense one with small print 10,000. pdfminer reads content at about
# 0.3 MB/s and draws a thing in about 0.2 ms: these bound one page to some ten seconds.
MAX_PAGE_CONTENT = 2 * 1024 * 1024
MAX_OBJECTS = 20_000
# Pictures smaller than this (points, on both sides) are bullets and rules, not figures.
MIN_PICTURE = 24
# A filled area thicker than this is a background (a page, a header cell, a heading's band), not a rule.
RULE = 2.0
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z])")  # a named XObject drawn
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_CHUNK = 1 << 20


def read_pdf(data: bytes, source: str) -> Document:
    """The report a PDF holds."""
    if b"%PDF-" not in data[:1024]:
        raise SourceError(Problem(source, msg("pdf.not-pdf")))
    deadline = time.monotonic() + TIME_BUDGET
    _check_inflation(_raw_streams(data), source)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # PdfminerException wraps what pdfminer raised; a few other errors get through
        raise SourceError(_why(source, exc)) from None
    # Never pdf.close(): it walks the whole page tree (which is what may not end); the stream is ours,
    # in memory, and each page is closed once read.
    if pdf.doc.encryption:  # its streams were not readable above
        _check_inflation(_deciphered_streams(pdf.doc), source)
    count = _count_pages(pdf.doc, source)
    watch = _Watch(source, deadline)
    reader = _Pages()
    doctop = 0.0
    for number, page_obj in enumerate(itertools.islice(PDFPage.create_pages(pdf.doc), count), 1):
        _check_content(page_obj, source, number)
        try:
            page = _Page(pdf, page_obj, page_number=number, initial_doctop=doctop, watch=watch)
        except Exception as exc:  # a page's boxes or rotation are not numbers
            raise SourceError(_why(source, exc)) from None
        doctop += float(page.height)
        reader.read(page)
        page.close()  # drops the page's cached objects
        watch.check(number, count)
    metadata_title = pdf.metadata.get("Title")
    blocks = reader.finish()
    texts = [b.text for b in blocks if isinstance(b, Paragraph)]
    title = report_title(texts[:10] + ([clean(metadata_title)] if isinstance(metadata_title, str) else []))
    published = publication_date(" ".join(texts)) or closing_date(texts)
    notes = tuple(reader.notes) or (() if blocks else (msg("import.no-text-pdf"),))
    return Document(source, "pdf", title, tuple(blocks), published=published, notes=notes)


def _why(source: str, exc: Exception) -> Problem:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return Problem(source, msg("pdf.password"))
    if isinstance(cause, PDFEncryptionError):
        return Problem(source, msg("pdf.encrypted", error=str(cause)))
    return Problem(source, msg("pdf.damaged", error=f"{type(cause).__name__}: {cause}"))


def _count_pages(doc: PDFDocument, source: str) -> int:
    """The number of pages, counted up to MAX_PAGES + 1 (a page tree can be made endless)."""
    try:
        count = sum(1 for _ in itertools.islice(PDFPage.create_pages(doc), MAX_PAGES + 1))
    except Exception as exc:  # pdfminer raises what it meets: KeyError, TypeError, PSEOF, RecursionError…
        raise SourceError(_why(source, exc)) from None
    if count > MAX_PAGES:
        raise SourceError(Problem(source, msg("pdf.too-many-pages", limit=MAX_PAGES)))
    if count == 0:
        raise SourceError(Problem(source, msg("pdf.no-pages")))
    return count


class _Watch:
    """The clock and the count of things drawn, looked at while a page is drawn and after each page."""

    def __init__(self, source: str, deadline: float) -> None:
        self.source, self.deadline = source, deadline
        self.page, self.drawn = 0, 0

    def check(self, page: int, pages: int) -> None:
        if time.monotonic() > self.deadline:
            raise SourceError(
                Problem(self.source, msg("pdf.too-slow-between", seconds=TIME_BUDGET, page=page, pages=pages))
            )

    def start(self, page: int) -> None:
        self.page, self.drawn = page, 0

    def tick(self) -> None:
        self.drawn += 1
        if self.drawn > MAX_OBJECTS:
            raise SourceError(Problem(self.source, msg("pdf.too-many-things", page=self.page, limit=MAX_OBJECTS)))
        if self.drawn % 256 == 0 and time.monotonic() > self.deadline:
            raise SourceError(Problem(self.source, msg("pdf.too-slow-within", seconds=TIME_BUDGET, page=self.page)))


class _Device(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, counting each thing drawn (and each form entered) on the watch."""

    def __init__(self, *args, watch: _Watch, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.watch = watch

    def begin_figure(self, *args, **kwargs):
        self.watch.tick()
        return super().begin_figure(*args, **kwargs)

    def paint_path(self, *args, **kwargs):
        self.watch.tick()
        return super().paint_path(*args, **kwargs)

    def render_char(self, *args, **kwargs):
        self.watch.tick()
        return super().render_char(*args, **kwargs)

    def render_image(self, *args, **kwargs):
        self.watch.tick()
        return super().render_image(*args, **kwargs)


class _Page(Page):
    """A pdfplumber page drawn on a watched device (as pdfplumber draws it, on its own device)."""

    def __init__(self, *args, watch: _Watch, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.watch = watch

    @property
    def layout(self) -> LTPage:
        if not hasattr(self, "_layout"):  # pdfplumber's cache of the drawn page: Page.close() drops it
            self.watch.start(self.page_number)
            device = _Device(self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams, watch=self.watch)
            PDFPageInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            self._layout = device.get_result()
        return self._layout


def _check_content(page: PDFPage, source: str, number: int) -> None:
    """Refuse a page that draws more than MAX_PAGE_CONTENT, each form counted each time it is drawn."""
    sizes: dict[int, int] = {}

    def drawn(stream: object, resources: object, depth: int) -> int:
        stream = resolve1(stream)
        if not isinstance(stream, PDFStream) or depth > 64:
            return 0
        key = id(stream)
        if key in sizes:
            return sizes[key]
        sizes[key] = 0  # a form drawing itself is not drawn again (pdfminer refuses it too)
        data = stream.get_data()
        total = len(data)
        xobjects = resolve1((resolve1(resources) or {}).get("XObject")) or {}
        for match in _DRAW.finditer(data):
            name = _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)).decode("latin-1")
            form = resolve1(xobjects.get(name)) if isinstance(xobjects, dict) else None
            if isinstance(form, PDFStream) and getattr(form.get("Subtype"), "name", "") == "Form":
                total += drawn(form, form.get("Resources") or resources, depth + 1)
            if total > MAX_PAGE_CONTENT:
                break
        sizes[key] = total
        return total

    try:
        total = sum(drawn(stream, page.resources, 0) for stream in page.contents or [])
    except Exception:  # a damaged stream: pdfminer meets it when drawing the page, and that page is noted
        return
    if total > MAX_PAGE_CONTENT:
        raise SourceError(Problem(source, msg("pdf.too-much-content", page=number, mb=MAX_PAGE_CONTENT // 2**20)))


def _raw_streams(data: bytes):
    """Each stream's packed bytes as the file holds them (from its `stream` keyword on), unless it is a picture."""
    view = memoryview(data)
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096) : match.start()]
        head = head[head.rfind(b" obj") :]
        if b"/Image" not in head:
            yield view[match.end() :]


def _deciphered_streams(doc: PDFDocument):
    """Each stream's packed bytes once decrypted, unless it is a picture (an encrypted file's streams)."""
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                strmid, _, _ = xref.get_pos(objid)
                obj = doc.getobj(objid) if strmid is None else None  # a stream is never in an object stream
            except Exception:  # a damaged object: pdfminer meets it again, or not, when reading pages
                continue
            if not isinstance(obj, PDFStream) or obj.rawdata is None:
                continue
            if getattr(obj.get("Subtype"), "name", "") != "Image":
                raw = obj.rawdata
                if obj.decipher and obj.objid is not None and obj.genno is not None:
                    raw = obj.decipher(obj.objid, obj.genno, raw, obj.attrs)
                yield memoryview(raw)


def _inflated(packed: memoryview, limit: int) -> int:
    """How many bytes `packed` inflates to (as zlib data), counted to just past `limit`; 0 if it is not zlib."""
    inflater = zlib.decompressobj()
    total, at = 0, 0
    pending = b""
    try:
        while not inflater.eof and total <= limit:
            if not pending:
                pending = packed[at : at + _CHUNK]
                at += _CHUNK
                if not pending:
                    break
            total += len(inflater.decompress(pending, _CHUNK))
            pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not zlib, or damaged where it ends: what came out until then counts
    return total


def _check_inflation(streams, source: str) -> None:
    total = 0
    for packed in streams:
        size = _inflated(packed, MAX_STREAM)
        total += size
        if size > MAX_STREAM:
            raise SourceError(Problem(source, msg("pdf.stream-bomb", mb=MAX_STREAM // 2**20)))
        if total > MAX_INFLATED:
            raise SourceError(Problem(source, msg("pdf.streams-bomb", mb=MAX_INFLATED // 2**20)))


def _scanned(page: Page) -> bool:
    """Whether a page without text is a scan: a picture covering half of it or more (not a chart or two)."""
    area = float(page.width * page.height) or 1.0
    return any(float(i["width"] * i["height"]) >= area / 2 for i in page.images)


def _rule_or_stroke(obj: dict) -> bool:
    """Whether an object can rule a table: a line, a stroked box or a thin filled bar — not a filled background."""
    if obj["object_type"] != "rect":
        return True
    return bool(obj.get("stroke")) or min(obj["width"], obj["height"]) <= RULE


def _closed(page: Page) -> dict:
    """Table settings that close a table's open top or bottom with a rule where its column rules end unruled.

    A table running on from the page before (or drawn without its outer rules) has no line above
    its first row, and pdfplumber would leave that row out, as text. A column rule is often drawn
    cell by cell: its pieces are joined first, so only where the whole rule ends counts.
    """
    across: dict[int, list[tuple[float, float]]] = {}
    for e in page.horizontal_edges:
        across.setdefault(round(e["top"]), []).append((e["x0"], e["x1"]))
    columns: dict[int, list[list[float]]] = {}
    for e in sorted(page.vertical_edges, key=lambda e: e["top"]):
        runs = columns.setdefault(round(e["x0"]), [])
        if runs and e["top"] <= runs[-1][1] + 3:
            runs[-1][1] = max(runs[-1][1], e["bottom"])
        else:
            runs.append([e["top"], e["bottom"]])
    unruled: dict[int, list[int]] = {}
    for x, runs in columns.items():
        for y in (y for run in runs for y in run):
            near = (span for dy in range(-3, 4) for span in across.get(round(y) + dy, ()))
            if not any(x0 - 3 <= x <= x1 + 3 for x0, x1 in near):
                unruled.setdefault(round(y), []).append(x)
    lines = [
        {"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y, "width": max(xs) - min(xs)}
        for y, xs in unruled.items()
        if len(xs) > 1
    ]
    return {"explicit_horizontal_lines": [dict(line, height=0) for line in lines]}


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _edges(values: list[float]) -> list[float]:
    """The distinct coordinates among `values`, those within 1 pt of each other taken as one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 1.0:
            out.append(v)
    return out


def _at(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def grid(table: Table, number: int, page: int) -> Grid:
    """A ruled table as a Grid: each cell's text in every slot its box covers, its number in `cells`."""
    texts: dict[tuple, str] = {}
    for row, extracted in zip(table.rows, table.extract(), strict=True):
        for box, text in zip(row.cells, extracted, strict=True):
            if box is not None:
                texts[box] = clean(text or "")
    xs = _edges([c[0] for c in table.cells] + [c[2] for c in table.cells])
    ys = _edges([c[1] for c in table.cells] + [c[3] for c in table.cells])
    slots: list[list[tuple[str, int] | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    for n, box in enumerate(table.cells, 1):
        for r in range(_at(ys, box[1]), _at(ys, box[3])):
            for c in range(_at(xs, box[0]), _at(xs, box[2])):
                slots[r][c] = (texts.get(box, ""), n)
    rows, ids = [], []
    for r, row in enumerate(slots):
        filled = [s or ("", -(r * len(row) + c + 1)) for c, s in enumerate(row)]  # a slot no cell covers
        if any(text for text, _ in filled):  # a ruled row with nothing in it is spacing
            rows.append(tuple(text for text, _ in filled))
            ids.append(tuple(n for _, n in filled))
    return Grid(number, tuple(rows), page=page, cells=tuple(ids))


class _Pages:
    """Reads page after page into blocks; a paragraph may run on from one page to the next."""

    def __init__(self) -> None:
        self.blocks: list[Paragraph | Grid | Picture] = []
        self.notes: list[Message] = []
        self.lines: list[Line] = []
        self.tables = 0
        self.pictures = 0
        self.last_short = True  # the last printed line stopped short of the margin (or there is none)

    def finish(self) -> list[Paragraph | Grid | Picture]:
        self._flush()
        return self.blocks

    def _flush(self) -> None:
        self.blocks.extend(paragraphs(self.lines))
        self.lines = []
        self.last_short = True

    def _picture(self, page: int) -> None:
        self._flush()
        self.pictures += 1
        self.blocks.append(Picture(self.pictures, page=page))

    def read(self, page: Page) -> None:
        n = page.page_number
        try:
            chars = page.chars
            if not chars and _scanned(page):
                self.notes.append(msg("import.scanned-page", page=n))
                self._picture(n)
                return
            ruled = page.filter(_rule_or_stroke)
            tables = [t for t in ruled.find_tables(_closed(ruled)) if len(t.cells) > 1]  # one ruled box is a frame
            boxes = [t.bbox for t in tables]
            outside = ruled.filter(lambda o: o["object_type"] != "char" or not _inside(o, boxes))
            lines = outside.extract_text_lines(return_chars=True)
            placed: list[tuple[float, int, object]] = [(t.bbox[1], 0, t) for t in tables]
            placed += [(i["top"], 1, i) for i in page.images if min(i["width"], i["height"]) >= MIN_PICTURE]
            placed += [(line["top"], 2, line) for line in lines]
        except SourceError:
            raise
        except Exception as exc:  # pdfminer meets a damaged page
            self.notes.append(msg("import.unreadable-page", page=n, error=f"{type(exc).__name__}: {exc}"))
            return
        layout = _Layout(lines)
        for _, kind, item in sorted(placed, key=lambda p: (p[0], p[1])):
            if kind == 0:
                self._flush()
                self.tables += 1
                self.blocks.append(grid(item, self.tables, n))
            elif kind == 1:
                self._picture(n)
            else:
                line = layout.line(item, first=item is lines[0], last=item is lines[-1], after_short=self.last_short)
                if line is not None:
                    self.lines.append(line)
                    self.last_short = layout.short(item)


class _Layout:
    """What a page's layout says about its lines: the body's size and margins, indents, short lines."""

    def __init__(self, lines: list[dict]) -> None:
        sizes = [round(c["size"] * 2) / 2 for line in lines for c in line["chars"]]
        self.body = statistics.mode(sizes) if sizes else 0.0
        body = [line for line in lines if self.size(line) == self.body] or lines
        self.left = min((line["x0"] for line in body), default=0.0)
        self.right = max((line["x1"] for line in body), default=0.0)
        # Paragraphs here start with an indent (of about two characters): a line without one runs on.
        self.indented = any(0.8 * self.body < line["x0"] - self.left < 3 * self.body for line in body)
        self.previous: dict | None = None

    @staticmethod
    def size(line: dict) -> float:
        return round(statistics.median(c["size"] for c in line["chars"]) * 2) / 2

    def short(self, line: dict) -> bool:
        """Whether a line stops well before the right margin, so ends its paragraph.

        A full line may stop up to three characters short: a closing quote or bracket is not put at
        the start of a line, so the characters before it go down with it.
        """
        return line["x1"] < self.right - 4 * self.size(line)

    def line(self, line: dict, first: bool, last: bool, after_short: bool) -> Line | None:
        text = clean(line["text"])
        if (first or last) and PAGE_NUMBER.match(text):
            return None  # a page number, above or below the page's text
        size = self.size(line)
        before = self.previous
        self.previous = line
        new = (
            after_short
            or line["x0"] > self.left + 0.8 * size  # indented (a paragraph's first line) or centred
            or (before is not None and abs(self.size(before) - size) > 0.5)
            or (before is not None and line["top"] - before["bottom"] > 1.2 * size)  # a gap between paragraphs
        )
        return Line(text, new=new, heading=size > self.body * 1.15, runs_on=not new and self.indented)
