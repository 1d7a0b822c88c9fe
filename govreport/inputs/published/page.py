"""A saved web page (.html, .htm, .shtml) read into a Document, with BeautifulSoup over lxml.

Government sites wrap the report in navigation, banners and footers, often inside layout tables.
The report itself is the smallest element holding every data table and the report's section
headings; only that element is read.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from govreport.inputs.published.document import Document, Grid, Paragraph, Picture
from govreport.inputs.published.text import clean, publication_date, report_title, section_heading
from govreport.messages import msg

# A charset a page declares in its <meta> (either form); read from the raw bytes before decoding.
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)
# Dates some CMSs put in a <meta> (e.g. <meta name="PubDate" content="2022-01-25 09:30">).
DATE_META = ("pubdate", "publishdate", "firstpublishedtime", "published_time", "article:published_time", "date")
DROPPED = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head", "button", "select")
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "blockquote", "pre", "center"}


def decode(data: bytes) -> str:
    """The page's text: UTF-8 when it is (a GBK page almost never is), else its declared charset, else GB18030.

    GB18030 contains GBK and GB2312, so an undeclared Chinese page that is not UTF-8 reads right.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = DECLARED.search(data[:4096])
    declared = match.group(1).decode("ascii").lower() if match else ""
    if declared in {"gbk", "gb2312", "gb18030", "x-gbk", "cp936"} or not declared:
        declared = "gb18030"
    try:
        return data.decode(declared, errors="replace")
    except LookupError:
        return data.decode("gb18030", errors="replace")


def read_page(data: bytes, source: str) -> Document:
    """The report a saved web page holds."""
    soup = BeautifulSoup(decode(data), "lxml")
    published = _meta_date(soup)
    page_title = clean(soup.title.get_text()) if soup.title else ""
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    body = soup.body or soup
    root = _content(body)
    blocks = _Blocks().read(root)
    paragraphs = [b.text for b in blocks if isinstance(b, Paragraph)]
    # The title is usually printed above the content, outside it; look in the whole body, then <title>.
    title = report_title([clean(t) for t in body.stripped_strings] + [page_title])
    published = published or publication_date(clean(body.get_text(" ")))
    notes = () if paragraphs or blocks else (msg("import.no-text-page"),)
    return Document(source, "html", title, tuple(blocks), published=published, notes=notes)


def _meta_date(soup: BeautifulSoup) -> str | None:
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "").lower()
        if name in DATE_META and meta.get("content"):
            found = publication_date(meta["content"], labelled=False)
            if found:
                return found
    return None


def _data_table(table: Tag) -> bool:
    """A table holding figures, not one laying out the page (which holds other tables)."""
    return table.find("table") is None


def _content(body: Tag) -> Tag:
    """The smallest element that holds every data table and every section heading of the report."""
    markers: list[Tag] = [t for t in body.find_all("table") if _data_table(t)]
    for text in body.find_all(string=True):
        if section_heading(clean(str(text))) and text.parent is not None:
            markers.append(text.parent)
    if not markers:
        return body
    chains = [[markers[0], *markers[0].parents]]
    common = chains[0]
    for marker in markers[1:]:
        ancestors = {id(a) for a in [marker, *marker.parents]}
        common = [a for a in common if id(a) in ancestors]
    for candidate in common:
        if isinstance(candidate, Tag) and candidate.name not in ("table", "tr", "td", "th", "tbody"):
            return candidate
    return body


class _Blocks:
    """Walks an element in document order, turning it into paragraphs, grids and pictures."""

    def __init__(self) -> None:
        self.blocks: list[Paragraph | Grid | Picture] = []
        self.tables = 0
        self.pictures = 0
        self.line: list[str] = []

    def read(self, root: Tag) -> list[Paragraph | Grid | Picture]:
        self._walk(root)
        self._flush()
        return self.blocks

    def _flush(self, heading: bool = False) -> None:
        text = clean("".join(self.line))
        self.line = []
        if text:
            self.blocks.append(Paragraph(text, heading=heading or bool(section_heading(text))))

    def _walk(self, node: Tag) -> None:
        for child in node.children:
            if not isinstance(child, Tag):
                self.line.append(str(child))
                continue
            name = child.name
            if name == "table" and _data_table(child):
                self._flush()
                # A caption is printed above its table, as a line of text above it would be (a PDF reads it so).
                caption = child.find("caption", recursive=False)
                if caption is not None:
                    self.line.append(caption.get_text(" "))
                    self._flush()
                self.tables += 1
                self.blocks.append(Grid(self.tables, *grid(child)))
            elif name == "table":  # a layout table: its cells are containers
                self._flush()
                self._walk(child)
                self._flush()
            elif name == "img":
                self._flush()
                self.pictures += 1
                self.blocks.append(Picture(self.pictures, clean(child.get("alt") or child.get("title") or "")))
            elif name == "br":
                self._flush()
            elif name in BLOCKS or name in ("tr", "td", "th", "tbody", "thead", "ul", "ol"):
                self._flush()
                self._walk(child)
                self._flush(heading=name.startswith("h") and name[1:].isdigit())
            else:
                self._walk(child)


def _span(cell: Tag, name: str) -> int:
    try:
        return max(1, min(int(str(cell.get(name, "1")).strip() or 1), 100))
    except ValueError:
        return 1


def grid(table: Tag) -> tuple[tuple[tuple[str, ...], ...], None, tuple[tuple[int, ...], ...]]:
    """The table's rows with rowspan/colspan expanded (a merged cell's text in every slot it covers),
    and which printed cell fills each slot."""
    taken: dict[tuple[int, int], tuple[str, int]] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    width = number = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in taken:
                c += 1
            number += 1
            text = clean(cell.get_text(" "))
            for dr in range(_span(cell, "rowspan")):
                for dc in range(_span(cell, "colspan")):
                    taken[(r + dr, c + dc)] = (text, number)
            c += _span(cell, "colspan")
            width = max(width, c)
    slots = [[taken.get((r, c), ("", 0)) for c in range(width)] for r in range(len(rows))]
    texts = tuple(tuple(text for text, _ in row) for row in slots)
    # An empty slot (a short row) is its own cell.
    ids = tuple(tuple(n or -(r * width + c + 1) for c, (_, n) in enumerate(row)) for r, row in enumerate(slots))
    return texts, None, ids
