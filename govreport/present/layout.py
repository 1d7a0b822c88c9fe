"""Official tables laid out in HTML as the templates print them (merged headers, group cells)."""

from __future__ import annotations

from html import escape

from govreport.compute.tables import Tables
from govreport.inputs.figure import figure_text
from govreport.inputs.vocabulary import Table

Marks = dict[tuple[str, str, str], tuple[str, str]]  # cell -> (severity, message)
TOP_GROUP = "三、本年度办理结果"


def _num(tables: Tables, table: str, row: str, col: str, marks: Marks) -> str:
    value = tables.value(table, row, col)
    text = figure_text(value)  # amounts with every digit they were given
    mark = marks.get((table, row, col))
    attrs = f' data-cell="{escape(table)}/{escape(row)}/{escape(col)}"'
    if mark:
        attrs += f' class="num finding-{mark[0]}" title="{escape(mark[1])}"'
    else:
        attrs += ' class="num"'
    return f"<td{attrs}>{text}</td>"


def _caption(table: Table) -> str:
    return f'<table class="official" data-table="{escape(table.id)}">'


def legacy_appendix(tables: Tables, marks: Marks | None = None) -> str:
    """The pre-2019 附表: 指标名称 | 单位 | <year>年 | 历年累计."""
    marks = marks or {}
    table = tables.format.tables["附表"]
    out = [
        _caption(table),
        "<thead><tr><th>指标名称</th><th>单位</th>",
        f"<th>{tables.year}年</th><th>历年累计</th></tr></thead><tbody>",
    ]
    present = {(r, c) for r, c in zip(tables.figures["row"], tables.figures["column"], strict=True)}
    for row in table.rows:
        if (row.key, "本年") not in present:
            continue
        indent = " indent" if row.label.startswith("其中") or row.label[:1].isdigit() else ""
        out.append(
            f'<tr><th class="label{indent}">{escape(row.label)}</th><td class="unit">{escape(row.unit or "")}</td>'
            + _num(tables, "附表", row.key, "本年", marks)
            + _num(tables, "附表", row.key, "历年累计", marks)
            + "</tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _path(group: str | None) -> list[str]:
    if group is None:
        return []
    if group == TOP_GROUP:
        return [TOP_GROUP]
    return [TOP_GROUP, group]


def requests_table(tables: Tables, marks: Marks | None = None) -> str:
    """The 依申请 table with its 勾稽 note, 申请人情况 header and group cells."""
    marks = marks or {}
    table = tables.format.tables["依申请"]
    organisations = [c for c in table.columns if c.group]
    out = [
        _caption(table),
        "<thead><tr>",
        f'<th class="note" rowspan="3" colspan="3">{escape(table.note or "")}</th>',
        f'<th colspan="{len(table.columns)}">申请人情况</th></tr><tr>',
        '<th rowspan="2">自然人</th>',
        f'<th colspan="{len(organisations)}">法人或其他组织</th>',
        '<th rowspan="2">总计</th></tr><tr>',
        "".join(f"<th>{escape(c.label)}</th>" for c in organisations),
        "</tr></thead><tbody>",
    ]
    paths = [_path(r.group) for r in table.rows]
    for i, row in enumerate(table.rows):
        cells = []
        for level, name in enumerate(paths[i]):
            if i > 0 and paths[i - 1][: level + 1] == paths[i][: level + 1]:
                continue
            span = 1
            while i + span < len(paths) and paths[i + span][: level + 1] == paths[i][: level + 1]:
                span += 1
            cells.append(f'<th class="group" rowspan="{span}">{escape(name)}</th>')
        cells.append(f'<th class="label" colspan="{3 - len(paths[i])}">{escape(row.label)}</th>')
        cells.extend(_num(tables, "依申请", row.key, c.key, marks) for c in table.columns)
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def proactive_table(tables: Tables, marks: Marks | None = None) -> str:
    """The 主动公开 table: one block per 第二十条 item, each with its own column header."""
    marks = marks or {}
    table = tables.format.tables["主动公开"]
    width = max(len(r.columns) for r in table.rows)
    out = [_caption(table), "<tbody>"]
    previous_group = None
    for row in table.rows:
        if row.group != previous_group:
            previous_group = row.group
            out.append(f'<tr><th class="group-head" colspan="{width + 1}">{escape(row.group or "")}</th></tr>')
            out.append("<tr><th>信息内容</th>" + _header_cells(row.columns, width) + "</tr>")
        cells = [_num(tables, "主动公开", row.key, c, marks) for c in row.columns]
        if len(cells) < width:
            cells[-1] = cells[-1].replace("<td", f'<td colspan="{width - len(cells) + 1}"', 1)
        out.append(f'<tr><th class="label">{escape(row.label)}</th>' + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _header_cells(columns: tuple[str, ...], width: int) -> str:
    cells = [f"<th>{escape(c)}</th>" for c in columns]
    if len(cells) < width:
        cells[-1] = cells[-1].replace("<th>", f'<th colspan="{width - len(cells) + 1}">', 1)
    return "".join(cells)


def appeals_table(tables: Tables, marks: Marks | None = None) -> str:
    """The 复议诉讼 table: 行政复议 beside 行政诉讼 (未经复议直接起诉 | 复议后起诉)."""
    marks = marks or {}
    table = tables.format.tables["复议诉讼"]
    results = [c.label for c in table.columns]
    litigation = [r for r in table.rows if r.group]
    head = "".join(f"<th>{escape(label)}</th>" for label in results)
    out = [
        _caption(table),
        "<thead><tr>",
        f'<th colspan="{len(results)}">行政复议</th>',
        f'<th colspan="{len(results) * len(litigation)}">行政诉讼</th></tr><tr>',
        "".join(f'<th rowspan="2">{escape(label)}</th>' for label in results),
        "".join(f'<th colspan="{len(results)}">{escape(r.label)}</th>' for r in litigation),
        "</tr><tr>",
        head * len(litigation),
        "</tr></thead><tbody><tr>",
    ]
    for row in table.rows:
        out.extend(_num(tables, "复议诉讼", row.key, c.key, marks) for c in table.columns)
    out.append("</tr></tbody></table>")
    return "".join(out)


LAYOUTS = {
    "附表": legacy_appendix,
    "依申请": requests_table,
    "主动公开": proactive_table,
    "复议诉讼": appeals_table,
}


def table_html(tables: Tables, table_id: str, marks: Marks | None = None) -> str:
    return LAYOUTS[table_id](tables, marks)
