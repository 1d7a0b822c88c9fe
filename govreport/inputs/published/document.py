"""What a published report says, whatever it was published as: its title, date and blocks in order.

Every reader (web page, Word, PDF, text) turns its source into one `Document`; everything after
that — finding the official tables, their figures, the prose — reads only this value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govreport.messages import Message

# Sources larger than this are refused before they are parsed: a published report is a few
# hundred kB (a PDF with pictures a few MB); 300 MB is an accident or an attack.
MAX_SOURCE_BYTES = 50 * 1024 * 1024
# A report runs to a few dozen pages; a PDF with more is not a report (or never ends).
MAX_PAGES = 300


@dataclass(frozen=True)
class Paragraph:
    """A run of prose (or a heading), its whitespace collapsed, line breaks inside it removed."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Grid:
    """One printed table: every row's cells as printed, a merged cell repeated in every slot it covers.

    `number` counts the document's tables (1 = first) including the ones that are images, so a
    message can say "table 3". `page` is the PDF page the table starts on, when there are pages.
    """

    number: int
    rows: tuple[tuple[str, ...], ...]
    page: int | None = None
    # Which printed cell fills each slot: equal numbers within a row are one merged cell, so its
    # text counts once. A reader that cannot tell merged cells apart leaves this empty.
    cells: tuple[tuple[int, ...], ...] = ()

    def values(self, r: int) -> list[str]:
        """Row `r`'s printed cells, left to right, a merged cell once."""
        if not self.cells:
            return list(self.rows[r])
        out, seen = [], set()
        for text, cell in zip(self.rows[r], self.cells[r], strict=True):
            if cell not in seen:
                seen.add(cell)
                out.append(text)
        return out


@dataclass(frozen=True)
class Picture:
    """A picture where a table or text might be (its alt text, if any): its figures cannot be read."""

    number: int
    alt: str = ""
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A published report as read: where from, its title, its publication date, its blocks in order."""

    source: str
    kind: str  # html | docx | pdf | text
    title: str
    blocks: tuple[Paragraph | Grid | Picture, ...]
    published: str | None = None  # ISO date, when the page shows one
    notes: tuple[Message, ...] = field(default=())  # what the reader could not read (a page with no text layer, …)

    @property
    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]
