"""Official tables laid out in HTML as the templates print them (merged headers, group cells).

What each table holds, and how far each cell spans, is computed here; the markup is the table's template
in present/templates/fragments (appendix, requests, proactive, appeals).
"""

from __future__ import annotations

from dataclasses import dataclass

from govreport.compute.tables import Tables
from govreport.inputs.figure import figure_text
from govreport.present import html

TOP_GROUP = "三、本年度办理结果"


@dataclass(frozen=True)
class Num:
    """A number cell: its table/row/column (data-cell, which review.html marks), its text, its colspan."""

    cell: str
    text: str
    colspan: int | None = None


def _num(tables: Tables, table: str, row: str, col: str, colspan: int | None = None) -> Num:
    # Amounts with every digit they were given.
    return Num(f"{table}/{row}/{col}", figure_text(tables.value(table, row, col)), colspan)


def _spans(count: int, width: int) -> list[int | None]:
    """Colspans of `count` cells in a row `width` wide: the last one takes what the others leave."""
    spans: list[int | None] = [None] * count
    if 0 < count < width:
        spans[-1] = width - count + 1
    return spans


def legacy_appendix(tables: Tables) -> str:
    """The pre-2019 附表: 指标名称 | 单位 | <year>年 | 历年累计."""
    table = tables.format.tables["附表"]
    present = {(r, c) for r, c in zip(tables.figures["row"], tables.figures["column"], strict=True)}
    rows = [
        {
            "label": row.label,
            "indent": row.label.startswith("其中") or row.label[:1].isdigit(),
            "unit": row.unit or "",
            "cells": [_num(tables, "附表", row.key, column) for column in ("本年", "历年累计")],
        }
        for row in table.rows
        if (row.key, "本年") in present
    ]
    return html.render("appendix", table=table, year=tables.year, rows=rows)


def _path(group: str | None) -> list[str]:
    if group is None:
        return []
    if group == TOP_GROUP:
        return [TOP_GROUP]
    return [TOP_GROUP, group]


def requests_table(tables: Tables) -> str:
    """The 依申请 table with its 勾稽 note, 申请人情况 header and group cells."""
    table = tables.format.tables["依申请"]
    printed = tables.rows("依申请")
    paths = [_path(r.group) for r in printed]
    rows = []
    for i, row in enumerate(printed):
        groups = []  # (name, rowspan) of the group cells that start at this row
        for level, name in enumerate(paths[i]):
            if i > 0 and paths[i - 1][: level + 1] == paths[i][: level + 1]:
                continue
            span = 1
            while i + span < len(paths) and paths[i + span][: level + 1] == paths[i][: level + 1]:
                span += 1
            groups.append((name, span))
        rows.append(
            {
                "groups": groups,
                "label": row.label,
                "colspan": 3 - len(paths[i]),
                "cells": [_num(tables, "依申请", row.key, c.key) for c in table.columns],
            }
        )
    return html.render(
        "requests",
        table=table,
        note=table.note or "",
        applicants=len(table.columns),
        organisations=[c.label for c in table.columns if c.group],
        rows=rows,
    )


def proactive_table(tables: Tables) -> str:
    """The 主动公开 table: one block per 第二十条 item, each with its own column header."""
    table = tables.format.tables["主动公开"]
    width = max(len(r.columns) for r in table.rows)
    # A block per 第二十条 item: its group row and column header, then its rows (none before the first item).
    blocks: list[dict] = [{"group": None, "head": None, "rows": []}]
    for row in table.rows:
        spans = _spans(len(row.columns), width)
        if row.group != blocks[-1]["group"]:
            blocks.append({"group": row.group, "head": list(zip(row.columns, spans, strict=True)), "rows": []})
        cells = [_num(tables, "主动公开", row.key, c, span) for c, span in zip(row.columns, spans, strict=True)]
        blocks[-1]["rows"].append({"label": row.label, "cells": cells})
    return html.render("proactive", table=table, group_span=width + 1, blocks=blocks)


def appeals_table(tables: Tables) -> str:
    """The 复议诉讼 table: 行政复议 beside 行政诉讼 (未经复议直接起诉 | 复议后起诉)."""
    table = tables.format.tables["复议诉讼"]
    results = [c.label for c in table.columns]
    litigation = [r.label for r in table.rows if r.group]
    return html.render(
        "appeals",
        table=table,
        results=results,
        litigation=litigation,
        litigation_span=len(results) * len(litigation),
        cells=[_num(tables, "复议诉讼", row.key, c.key) for row in table.rows for c in table.columns],
    )


LAYOUTS = {
    "附表": legacy_appendix,
    "依申请": requests_table,
    "主动公开": proactive_table,
    "复议诉讼": appeals_table,
}


def table_html(tables: Tables, table_id: str) -> str:
    return LAYOUTS[table_id](tables)
