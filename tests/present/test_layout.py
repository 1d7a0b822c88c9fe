"""Official tables laid out as the templates print them: every row as wide as the header, no blanks."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

import pandas as pd
import pytest

from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import format_for_year, load_format
from govreport.present import layout
from govreport.present.html import RULED


def tables_of(year: int, figures=()):
    frames = {}
    if figures:
        frames["figures"] = pd.DataFrame(list(figures), columns=["table", "row", "column", "value"])
    fmt = load_format(format_for_year(year))
    return build_tables(Inputs(Agency("x", "某机关", "department"), year, fmt, frames, "", {}, None))


class Grid(HTMLParser):
    """Rows of (tag, text, colspan, rowspan, attrs) cells."""

    def __init__(self, html: str):
        super().__init__()
        self.rows: list[list[dict]] = []
        self._cell: dict | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = {
                "tag": tag,
                "text": "",
                "colspan": int(attrs.get("colspan", 1)),
                "rowspan": int(attrs.get("rowspan", 1)),
                "attrs": attrs,
            }
            self.rows[-1].append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell["text"] += data

    def widths(self) -> list[int]:
        """How many columns each row covers, counting cells spanning down from rows above."""
        carried: dict[int, int] = {}  # row index -> columns taken by rowspans from above
        out = []
        for i, row in enumerate(self.rows):
            width = carried.get(i, 0) + sum(c["colspan"] for c in row)
            for c in row:
                for below in range(i + 1, i + c["rowspan"]):
                    carried[below] = carried.get(below, 0) + c["colspan"]
            out.append(width)
        return out

    def cell(self, text: str) -> dict:
        return next(c for row in self.rows for c in row if c["text"] == text)

    def numbers(self) -> list[dict]:
        return [c for row in self.rows for c in row if c["tag"] == "td"]


@pytest.mark.parametrize(("year", "results"), [(2020, 20), (2022, 22)])
def test_requests_table_has_merged_headers_and_group_cells(year, results):
    grid = Grid(layout.requests_table(tables_of(year)))
    assert set(grid.widths()) == {10}  # 3 label columns + 6 applicant columns + 总计
    note = grid.cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (note["rowspan"], note["colspan"]) == (3, 3)
    assert grid.cell("申请人情况")["colspan"] == 7
    assert grid.cell("法人或其他组织")["colspan"] == 5
    assert (grid.cell("自然人")["rowspan"], grid.cell("总计")["rowspan"]) == (2, 2)
    assert grid.cell("三、本年度办理结果")["rowspan"] == results
    assert grid.cell("（三）不予公开")["rowspan"] == 8
    assert grid.cell("（四）无法提供")["rowspan"] == 3
    assert grid.cell("（五）不予处理")["rowspan"] == 5
    assert grid.cell("一、本年新收政府信息公开申请数量")["colspan"] == 3
    assert grid.cell("（七）总计")["colspan"] == 2
    assert len(grid.numbers()) == (results + 3) * 7  # 新收, 结转, the results (with 总计), 结转下年度


def test_2021_other_handling_is_a_group_and_2019_a_row():
    assert Grid(layout.requests_table(tables_of(2021))).cell("（六）其他处理")["rowspan"] == 3
    assert Grid(layout.requests_table(tables_of(2019))).cell("（六）其他处理")["colspan"] == 2


def test_appeals_table_has_two_level_header():
    grid = Grid(layout.appeals_table(tables_of(2021)))
    assert set(grid.widths()) == {15}
    assert grid.cell("行政复议")["colspan"] == 5 and grid.cell("行政诉讼")["colspan"] == 10
    assert grid.cell("未经复议直接起诉")["colspan"] == 5 and grid.cell("复议后起诉")["colspan"] == 5
    assert len(grid.numbers()) == 15


@pytest.mark.parametrize(
    ("year", "groups"),
    [
        (2021, ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]),
        (
            2019,
            [
                "第二十条第（一）项",
                "第二十条第（五）项",
                "第二十条第（六）项",
                "第二十条第（八）项",
                "第二十条第（九）项",
            ],
        ),
    ],
)
def test_proactive_table_has_a_group_row_and_header_per_item(year, groups):
    grid = Grid(layout.proactive_table(tables_of(year)))
    assert set(grid.widths()) == {4}
    assert [c["text"] for row in grid.rows for c in row if "group-head" in c["attrs"].get("class", "")] == groups
    assert sum(1 for row in grid.rows for c in row if c["text"] == "信息内容") == len(groups)


def test_numbers_are_right_aligned_cells_never_blank_and_amounts_keep_decimals():
    tables = tables_of(2021, [("主动公开", "行政事业性收费", "本年收费金额（单位：万元）", 37633.01)])
    for table_id in ("主动公开", "依申请", "复议诉讼"):
        cells = Grid(layout.table_html(tables, table_id)).numbers()
        assert all(c["attrs"]["class"].split()[0] == "num" for c in cells)
        assert all(c["text"].strip() for c in cells)
    fee = Grid(layout.proactive_table(tables)).numbers()[-1]
    assert fee["text"] == "37633.01"
    assert fee["attrs"]["data-cell"] == "主动公开/行政事业性收费/本年收费金额（单位：万元）"


def test_legacy_appendix_has_unit_and_both_columns():
    grid = Grid(layout.legacy_appendix(tables_of(2017, [("附表", "受理申请总数", "本年", 12)])))
    assert set(grid.widths()) == {4}
    row = next(r for r in grid.rows if r[0]["text"] == "受理政府信息公开申请总数")
    assert [c["text"] for c in row[1:]] == ["条", "12", "12"]


HOSTILE = "<script>alert('x')</script>"


def with_hostile_labels(tables):
    """`tables` with every label, group, unit and note of its format ending in a script tag."""

    def hostile(text):
        return text + HOSTILE if text else text

    changed = {}
    for table_id, table in tables.format.tables.items():
        rows = tuple(dataclasses.replace(r, label=hostile(r.label), unit=hostile(r.unit)) for r in table.rows)
        columns = tuple(dataclasses.replace(c, label=hostile(c.label)) for c in table.columns)
        changed[table_id] = dataclasses.replace(table, rows=rows, columns=columns, note=hostile(table.note))
    return dataclasses.replace(tables, format=dataclasses.replace(tables.format, tables=changed))


@pytest.mark.parametrize("year", [2017, 2021])
def test_labels_reach_the_table_as_text(year):
    tables = with_hostile_labels(tables_of(year))
    for table_id in tables.format.tables:
        html = layout.table_html(tables, table_id)
        assert "<script" not in html
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html  # as html.escape writes it
        labels = {c["text"] for row in Grid(html).rows for c in row}
        assert any(label.endswith(HOSTILE) for label in labels)  # the label, intact, as text


@pytest.mark.parametrize(
    ("year", "table_id", "caption"),
    [
        (2017, "附表", "附表：政府信息公开情况统计表"),
        (2021, "主动公开", "主动公开政府信息情况"),
        (2021, "依申请", "收到和处理政府信息公开申请情况"),
        (2021, "复议诉讼", "政府信息公开行政复议、行政诉讼情况"),
    ],
)
def test_each_table_carries_its_caption_and_scopes_every_header_cell(year, table_id, caption):
    html = layout.table_html(tables_of(year), table_id)
    assert html.startswith('<table class="official') and f"<caption>{caption}</caption>" in html
    grid = Grid(html)
    headers = [c for row in grid.rows for c in row if c["tag"] == "th"]
    assert headers and all(c["attrs"].get("scope") in ("col", "row", "rowgroup") for c in headers)
    # Each row of figures but 复议诉讼's one (which has no label) starts with the header naming it.
    labelled = [row[0]["attrs"].get("scope") for row in grid.rows if any(c["tag"] == "td" for c in row)]
    assert labelled == ([None] if table_id == "复议诉讼" else ["row"] * len(labelled))


@pytest.mark.parametrize(
    ("year", "table_id"), [(2017, "附表"), (2021, "主动公开"), (2021, "依申请"), (2021, "复议诉讼")]
)
def test_every_cell_carries_its_lines_and_alignment_in_its_style_attribute(year, table_id):
    """As JupyterLab keeps them in a notebook it did not run: a header centred, a row's label left, a number right."""
    html = layout.table_html(tables_of(year), table_id)
    assert html.startswith('<table class="official') and f'style="{RULED["table"]}"><caption>' in html
    cells = [c for row in Grid(html).rows for c in row]
    kinds = {
        "head": lambda c: c["attrs"].get("scope") in ("col", "rowgroup") and "note" not in c["attrs"].get("class", ""),
        "note": lambda c: c["attrs"].get("class") == "note",
        "label": lambda c: c["attrs"].get("class") in ("label", "group"),
        "indent": lambda c: c["attrs"].get("class") == "label indent",
        "num": lambda c: c["attrs"].get("class") == "num",
        "unit": lambda c: c["attrs"].get("class") == "unit",
    }
    for cell in cells:
        (kind,) = [name for name, holds in kinds.items() if holds(cell)]
        assert cell["attrs"]["style"] == RULED[kind], cell
    assert all("border:1px solid" in style for kind, style in RULED.items() if kind != "table")


def test_each_proactive_item_is_a_row_group_headed_by_its_group_row():
    html = layout.proactive_table(tables_of(2021))
    assert html.count("<tbody>") == 4  # 第二十条第（一）（五）（六）（八）项, no empty group before the first
    assert html.count(f'<th scope="rowgroup" class="group-head" colspan="4" style="{RULED["head"]}">') == 4
    assert html.count(f'<th scope="col" style="{RULED["head"]}">信息内容</th>') == 4
