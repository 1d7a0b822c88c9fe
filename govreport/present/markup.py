"""Our own HTML fragments read back as blocks — paragraphs of runs, headings, tables as grids of cells
with their spans — for report.docx.

The official tables are laid out once, by present/layout.py and their templates, and the narrative is
made HTML once, by present/markdown.py; report.docx takes both from that HTML, so a merged header or a
group cell down the left sits in the Word table exactly where the page prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.html

# Block-level tags the fragments hold (the narrative's allowlist, present/markdown.py, and our templates).
HEADINGS = {"h1", "h2", "h3", "h4", "h5"}
BLOCKS = HEADINGS | {"p", "ul", "ol", "li", "blockquote", "table", "div", "section", "header", "figure"}


@dataclass(frozen=True)
class Run:
    """Inline text with its emphasis; a line break (<br>) is a Run of "\\n"."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph: `kind` is paragraph, heading (`level` 1–5, as h1–h5), item (of a list) or quote."""

    kind: str
    runs: tuple[Run, ...]
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Cell:
    """A table cell at its top-left slot, with its spans, the template's class and whether it is a th."""

    text: str
    row: int
    column: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = ""  # the template's classes: num, label, group, group-head, note, unit, indent
    header: bool = False


@dataclass(frozen=True)
class Grid:
    """A table as rows × columns of slots; `head` is how many rows its <thead> holds (repeated on each page)."""

    cells: tuple[Cell, ...]
    rows: int
    columns: int
    head: int = 0


def blocks(fragment: str) -> list[Block | Grid]:
    """The paragraphs and tables of an HTML fragment, in order."""
    if not fragment.strip():
        return []
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    found: list[Block | Grid] = []
    _flow(root, "paragraph", 0, found)
    return found


def _flow(element: lxml.html.HtmlElement, kind: str, level: int, found: list[Block | Grid]) -> None:
    """Inline content becomes `kind` blocks; each block-level child is read as what it is."""
    runs: list[Run] = []

    def flush() -> None:
        if "".join(r.text for r in runs).strip():
            found.append(Block(kind, _trimmed(runs), level))
        runs.clear()

    if element.text:
        runs.append(Run(element.text))
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in BLOCKS:
            flush()
            _block(child, tag, kind, found)
        elif tag:
            runs.extend(_runs(child, False, False))
        if child.tail:
            runs.append(Run(child.tail))
    flush()


def _block(element: lxml.html.HtmlElement, tag: str, kind: str, found: list[Block | Grid]) -> None:
    if tag == "table":
        found.append(grid(element))
    elif tag in HEADINGS:
        _flow(element, "heading", int(tag[1]), found)
    elif tag in ("ul", "ol"):
        start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
        for number, item in enumerate(element.findall("li"), start=start):
            # The list's marker is part of the text: Word's own numbering would run on from list to list.
            marker = f"{number}. " if tag == "ol" else "• "
            before = len(found)
            _flow(item, "item", 0, found)
            if len(found) > before and isinstance(found[before], Block):
                first = found[before]
                found[before] = Block(first.kind, (Run(marker), *first.runs), first.level)
    elif tag == "blockquote":
        _flow(element, "quote", 0, found)
    else:  # p, and the containers of our own fragments
        _flow(element, "paragraph" if kind == "heading" else kind, 0, found)


def _runs(element: lxml.html.HtmlElement, bold: bool, italic: bool) -> list[Run]:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "br":
        return [Run("\n")]
    bold = bold or tag in ("strong", "b")
    italic = italic or tag in ("em", "i")
    runs = [Run(element.text, bold, italic)] if element.text else []
    for child in element:
        runs.extend(_runs(child, bold, italic))
        if child.tail:
            runs.append(Run(child.tail, bold, italic))
    return runs


def _trimmed(runs: list[Run]) -> tuple[Run, ...]:
    """Runs with the whitespace of the markup between tags collapsed, as a browser shows them."""
    out: list[Run] = []
    for run in runs:
        text = run.text if run.text == "\n" else " ".join(run.text.split("\n"))
        if out and out[-1].bold == run.bold and out[-1].italic == run.italic and "\n" not in (text, out[-1].text):
            out[-1] = Run(out[-1].text + text, run.bold, run.italic)
        else:
            out.append(Run(text, run.bold, run.italic))
    if out:
        out[0] = Run(out[0].text.lstrip(), out[0].bold, out[0].italic)
        out[-1] = Run(out[-1].text.rstrip(), out[-1].bold, out[-1].italic)
    return tuple(r for r in out if r.text)


def grid(table: lxml.html.HtmlElement) -> Grid:
    """A <table>'s cells placed on its grid: each at the first slot its row leaves free, as a browser places them."""
    taken: set[tuple[int, int]] = set()
    cells: list[Cell] = []
    rows = [tr for tr in table.iter("tr")]
    head = sum(1 for tr in rows if tr.getparent().tag == "thead")
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan, colspan = min(_span(td.get("rowspan")), len(rows) - r), _span(td.get("colspan"))
            taken |= {(r + i, c + j) for i in range(rowspan) for j in range(colspan)}
            text = " ".join(td.text_content().split())
            cells.append(Cell(text, r, c, rowspan, colspan, td.get("class", ""), td.tag == "th"))
            c += colspan
    width = max((c for _, c in taken), default=-1) + 1
    return Grid(tuple(cells), len(rows), width, head)


def _span(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1
