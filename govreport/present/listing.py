"""A listing: a table a reader sorts by any column and downloads as CSV, on a page that loads nothing.

Each header is a button (present/templates/catalogue/sort.js sorts by the cell's `data-sort`, else its text,
numbers as numbers); under the table a link downloads the same rows as CSV (a data: link, so nothing is fetched),
spreadsheet-safe as every CSV govreport writes, with a byte-order mark so a spreadsheet reads the Chinese.
The markup is fragments/listing.html.j2.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from govreport.present import html
from govreport.present.download import csv_text


def _links(item: Item) -> tuple[tuple[str, str, str], ...]:
    """An item's links, each after a · unless it comes first in an empty cell."""
    if not item.links:
        return ()
    return tuple((" · " if item.text or i else "", href, label) for i, (href, label) in enumerate(item.links))


class Item(NamedTuple):
    """One cell: what it shows, what it sorts by, and links after its text (a tuple: listings have many)."""

    text: str
    sort: str | None = None  # default: the text
    links: tuple[tuple[str, str], ...] = ()  # (href, label)


@dataclass(frozen=True)
class Listing:
    """A caption, columns (label, numeric?) and rows of items, the first naming its row; `mark` classes a row."""

    name: str  # the CSV's file name, without .csv
    caption: str
    columns: tuple[tuple[str, bool], ...]
    rows: tuple[tuple[Item, ...], ...]
    marks: tuple[str, ...] = ()  # one per row ("" for none)

    def frame(self) -> pd.DataFrame:
        """The rows as the CSV has them: each cell's text, links left out."""
        return pd.DataFrame([[i.text for i in row] for row in self.rows], columns=[c for c, _ in self.columns])

    def csv_link(self) -> str:
        """The rows as a data: link to CSV text in UTF-8 with a byte-order mark."""
        data = ("\ufeff" + csv_text(self.frame())).encode("utf-8")
        return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")

    def html(self) -> str:
        marks = self.marks or ("",) * len(self.rows)
        numeric = [n for _, n in self.columns]
        # Each cell as the template writes it: (text, sort key or None to sort by the text, numeric?, links as
        # (separator, href, label)); a page of thousands of rows writes no sort key the text already is.
        cells = [
            [(i.text, None if i.sort == i.text else i.sort, n, _links(i)) for i, n in zip(row, numeric, strict=True)]
            for row in self.rows
        ]
        return html.render(
            "listing",
            caption=self.caption,
            columns=self.columns,
            rows=list(zip(cells, marks, strict=True)),
            filename=f"{self.name}.csv",
            href=self.csv_link(),
        )
