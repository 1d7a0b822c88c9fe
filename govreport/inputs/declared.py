"""Validation of declared figures (figures.csv): every cell named by the vocabulary, once, as a number."""

from __future__ import annotations

import numpy as np
import pandas as pd

from govreport.errors import Problem
from govreport.inputs.figure import parse_figure
from govreport.inputs.validation import choices, flag, require
from govreport.inputs.vocabulary import Format, Table, column_aliases, row_aliases
from govreport.messages import msg


def is_amount(table: Table, row_key: str, col_key: str) -> bool:
    """Money may have decimals; everything else in the tables is a count of items."""
    row = next((r for r in table.rows if r.key == row_key), None)
    return "金额" in col_key or (row is not None and row.unit == "元")


def _is_change(col_key: str) -> bool:
    """Only a change from last year (本年增/减) may be negative."""
    return "增/减" in col_key or "增减" in col_key


def validate_figures(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check declared figures against the table vocabulary of format `fmt`."""
    problems: list[Problem] = []
    for col in ("table", "row", "column"):
        require(frame, col, msg("expect.figure-key", col=col, format=fmt.name), where, problems)
    text = frame["value"].str.replace(",", "", regex=False).str.strip()
    # The numeric parse only finds what is not a number; the figure kept is parsed exactly below.
    numeric = pd.to_numeric(text, errors="coerce")
    not_number = ~np.isfinite(numeric.astype(float)) & (text != "")
    flag(
        problems,
        where,
        frame,
        not_number,
        lambda i: msg("figures.not-a-number-hint", value=frame.at[i, "value"]),
    )
    rows_out, cols_out, values_out, keep = [], [], [], []
    cases = zip(frame.index, frame["table"], frame["row"], frame["column"], frame["_line"], strict=True)
    # Figures files are small (a few hundred cells), so a plain loop is clear and fast enough.
    for i, table_id, row, col, line in cases:
        row_key, col_key, ok = row, col, False
        table = fmt.tables.get(table_id)
        if table is None:
            if table_id:
                message = msg("figures.unknown-table", table=table_id, format=fmt.name, choices=choices(fmt.tables))
                problems.append(Problem(where, message, int(line)))
        elif (row_key := row_aliases(table).get(row)) is None:
            row_key = row
            if row:
                expected = choices(r.key for r in table.rows)
                message = msg("figures.unknown-row", row=row, table=table_id, format=fmt.name, choices=expected)
                problems.append(Problem(where, message, int(line)))
        else:
            allowed = table.columns_of(table.row(row_key))
            col_key = column_aliases(table, year).get(col, col)
            if col_key in allowed:
                ok = True
            elif col:
                key = "figures.row-has-no-column" if col_key in table.all_columns() else "figures.unknown-column"
                message = msg(key, row=row_key, table=table_id, col=col, format=fmt.name, choices=choices(allowed))
                problems.append(Problem(where, message, int(line)))
        value = None
        if ok and text[i] != "" and not not_number[i]:
            amount = is_amount(table, row_key, col_key)
            value = parse_figure(text[i], amount)
            if value is None:  # pandas read it as a number, Decimal does not (e.g. "0x1A"): refuse it
                problems.append(Problem(where, msg("figures.not-a-number", value=frame.at[i, "value"]), int(line)))
            elif value < 0 and not _is_change(col_key):
                problems.append(Problem(where, msg("figures.negative", value=frame.at[i, "value"]), int(line)))
            elif not amount and not isinstance(value, int):
                cell = f"{table_id}/{row_key}/{col_key}"
                problems.append(
                    Problem(where, msg("figures.not-whole", value=frame.at[i, "value"], cell=cell), int(line))
                )
        rows_out.append(row_key)
        cols_out.append(col_key)
        values_out.append(value)
        keep.append(ok)
    values = pd.Series(values_out, index=frame.index, dtype=object)
    clean = pd.DataFrame(
        {"table": frame["table"], "row": rows_out, "column": cols_out, "value": values, "_line": frame["_line"]},
        index=frame.index,
    )
    clean = clean[pd.Series(keep, index=frame.index, dtype=bool)]
    dup = clean.duplicated(["table", "row", "column"], keep="first")
    if dup.any():
        first = clean[~dup].set_index(["table", "row", "column"])["_line"]
        flag(
            problems,
            where,
            clean,
            dup,
            lambda i: msg(
                "figures.twice",
                cell=f"{clean.at[i, 'table']}/{clean.at[i, 'row']}/{clean.at[i, 'column']}",
                first=first[(clean.at[i, "table"], clean.at[i, "row"], clean.at[i, "column"])],
            ),
        )
    clean = clean[~dup & clean["value"].notna()]
    return clean.reset_index(drop=True), problems
