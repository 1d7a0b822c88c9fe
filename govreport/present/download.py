"""CSV text for download that a spreadsheet opens as data, never as a formula (CSV injection)."""

from __future__ import annotations

import re

import pandas as pd

# Excel, LibreOffice and Google Sheets treat a cell that starts with one of these as a formula
# (OWASP "CSV Injection"); the full-width forms are included because some spreadsheet locales
# normalise them. Leading blanks do not protect: Excel skips them before deciding.
FORMULA_START = re.compile(r"^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r\n]")
NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")


def safe_cell(value: object) -> object:
    """`value`, with a leading apostrophe when a spreadsheet would read it as a formula."""
    if not isinstance(value, str) or NUMBER.match(value) or not FORMULA_START.match(value):
        return value
    return "'" + value


def csv_text(frame: pd.DataFrame) -> str:
    """`frame` as CSV text (no index, `\\n` lines) in which no cell or header starts a formula."""
    safe = frame.copy()
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    for i in range(safe.shape[1]):
        column = safe.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            safe.isetitem(i, column.map(safe_cell))
    return safe.to_csv(index=False, lineterminator="\n")
