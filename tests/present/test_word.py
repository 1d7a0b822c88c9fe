"""report.docx read back with python-docx: every table cell is figures.csv's, the headers merge as the page
prints them, the fonts of official documents are named, A4 with page numbers, the same bytes every time."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import docx
import pandas as pd
import pytest
from conftest import REPO
from docx.oxml.ns import qn

from govreport.compute.computation import compute, load
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.params import Params, load_params
from govreport.inputs.project import Project
from govreport.inputs.vocabulary import format_for_year, load_format
from govreport.present import word
from govreport.run.execute import figures_csv

EXAMPLES = {
    "legacy": "fujian-commerce/2017",
    "national-2019": "haicheng-sample/2020",
    "national-2021": "haicheng-sample/2022",
}
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def value_of(year: int, figures=(), narrative: str = "", published: str | None = None):
    """A tiny report: `figures` declared (table, row, column, value), everything else not given."""
    frames = {}
    if figures:
        frames["figures"] = pd.DataFrame(list(figures), columns=["table", "row", "column", "value"])
    fmt = load_format(format_for_year(year))
    inputs = Inputs(Agency("x", "某市某局", "department"), year, fmt, frames, narrative, {})
    return compute(Params("x", year, published=published), inputs)


def opened(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def examples() -> dict[str, tuple[docx.document.Document, dict]]:
    """Each example format's report.docx and its figures.csv ({(table, row, column): value})."""
    project = Project.at(REPO)
    found = {}
    for fmt, name in EXAMPLES.items():
        value = load(project, load_params(REPO / "params" / f"{name}.yaml", project))
        rows = csv.DictReader(io.StringIO(figures_csv(value.tables)))
        found[fmt] = (opened(word.docx_bytes(value)), {(r["table"], r["row"], r["column"]): r["value"] for r in rows})
    return found


@pytest.fixture(scope="module")
def national() -> bytes:
    """report.docx of a tiny 2022 report: one figure declared, everything else not given (0)."""
    return word.docx_bytes(value_of(2022, [("主动公开", "行政许可", "本年处理决定数量", 7)]))


def printed(row) -> list[str]:
    """A Word table row's cells left to right, a merged cell once (a cell merged down repeats in every row)."""
    texts, seen = [], []
    for cell in row.cells:
        if not any(cell._tc is tc for tc in seen):
            seen.append(cell._tc)
            texts.append(cell.text)
    return texts


def merges(table) -> dict[tuple[int, int, int, int], str]:
    """{(row, column, rows, columns): text} of every cell covering more than one slot of the table's grid."""
    slots = [[cell._tc for cell in row.cells] for row in table.rows]  # held, so one element is one object
    found = {}
    for r, row in enumerate(slots):
        for c, tc in enumerate(row):
            if (r and slots[r - 1][c] is tc) or (c and row[c - 1] is tc):
                continue  # not the cell's first slot
            rows = sum(1 for below in slots[r:] if below[c] is tc)
            columns = sum(1 for other in row if other is tc)
            if rows > 1 or columns > 1:
                found[(r, c, rows, columns)] = table.cell(r, c).text
    return found


def table_cells(fmt_name: str, document, figures: dict) -> dict[tuple[str, str, str], str]:
    """Every figure the Word tables print, keyed as figures.csv keys it, read by the tables' printed labels."""
    fmt = load_format(fmt_name)
    assert len(document.tables) == len(fmt.tables)
    found = {}
    for spec, table in zip(fmt.tables.values(), document.tables, strict=True):
        labels = {row.label: row for row in spec.rows}
        for row in table.rows:
            texts = printed(row)
            if spec.id == "复议诉讼":  # headers, then one row of figures: the table's rows side by side
                if texts[0].isdigit():
                    keys = [(r.key, c.key) for r in spec.rows for c in spec.columns]
                    found |= {(spec.id, r, c): text for (r, c), text in zip(keys, texts, strict=True)}
                continue
            at = max((i for i, t in enumerate(texts) if t in labels), default=None)  # a group may be a label too
            if at is None:
                continue  # a header or group row
            vocabulary, after = labels[texts[at]], texts[at + 1 :]
            if spec.id == "附表":
                assert after[0] == vocabulary.unit
                columns, after = ["本年", "历年累计"], after[1:]
            elif spec.id == "主动公开":
                columns = list(vocabulary.columns)
            else:
                columns = [c.key for c in spec.columns]
            found |= {(spec.id, vocabulary.key, c): text for c, text in zip(columns, after, strict=True)}
    assert set(found) <= set(figures)
    return found


@pytest.mark.parametrize("fmt", list(EXAMPLES))
def test_every_table_cell_is_the_figure_figures_csv_holds(examples, fmt):
    document, figures = examples[fmt]
    assert table_cells(fmt, document, figures) == figures


def requests_merges(results: int, other_is_group: bool) -> dict[tuple[int, int, int, int], str]:
    """The 依申请 table's merged cells, worked out by hand from the printed form (rows from 0, header first)."""
    total = 5 + results - 1  # the row of （七）总计
    found = {
        (0, 0, 3, 3): NOTE,
        (0, 3, 1, 7): "申请人情况",
        (1, 3, 2, 1): "自然人",
        (1, 4, 1, 5): "法人或其他组织",
        (1, 9, 2, 1): "总计",
        (3, 0, 1, 3): "一、本年新收政府信息公开申请数量",
        (4, 0, 1, 3): "二、上年结转政府信息公开申请数量",
        (5, 0, results, 1): "三、本年度办理结果",
        (5, 1, 1, 2): "（一）予以公开",
        (6, 1, 1, 2): "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        (7, 1, 8, 1): "（三）不予公开",
        (15, 1, 3, 1): "（四）无法提供",
        (18, 1, 5, 1): "（五）不予处理",
        (total, 1, 1, 2): "（七）总计",
        (total + 1, 0, 1, 3): "四、结转下年度继续办理",
    }
    found[(23, 1, 3, 1) if other_is_group else (23, 1, 1, 2)] = "（六）其他处理"
    return found


APPEALS = {
    (0, 0, 1, 5): "行政复议",
    (0, 5, 1, 10): "行政诉讼",
    (1, 0, 2, 1): "结果维持",
    (1, 1, 2, 1): "结果纠正",
    (1, 2, 2, 1): "其他结果",
    (1, 3, 2, 1): "尚未审结",
    (1, 4, 2, 1): "总计",
    (1, 5, 1, 5): "未经复议直接起诉",
    (1, 10, 1, 5): "复议后起诉",
}


def test_the_2021_tables_merge_their_headers_as_the_page_prints_them(national):
    proactive, requests, appeals = opened(national).tables
    assert merges(requests) == requests_merges(22, other_is_group=True)
    assert merges(appeals) == APPEALS
    # A group row across each block, its own column header, and a lone figure spread over the row.
    assert merges(proactive) == {
        (0, 0, 1, 4): "第二十条第（一）项",
        (4, 0, 1, 4): "第二十条第（五）项",
        (5, 1, 1, 3): "本年处理决定数量",
        (6, 1, 1, 3): "7",
        (7, 0, 1, 4): "第二十条第（六）项",
        (8, 1, 1, 3): "本年处理决定数量",
        (9, 1, 1, 3): "0",
        (10, 1, 1, 3): "0",
        (11, 0, 1, 4): "第二十条第（八）项",
        (12, 1, 1, 3): "本年收费金额（单位：万元）",
        (13, 1, 1, 3): "0",
    }
    assert printed(proactive.rows[1]) == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]


def test_the_2019_requests_table_prints_other_handling_as_one_row_and_the_legacy_appendix_merges_nothing():
    (_, requests, _) = opened(word.docx_bytes(value_of(2020))).tables
    assert merges(requests) == requests_merges(20, other_is_group=False)
    (appendix,) = opened(word.docx_bytes(value_of(2017, [("附表", "受理申请总数", "本年", 12)]))).tables
    assert merges(appendix) == {}
    assert printed(appendix.rows[0]) == ["指标名称", "单位", "2017年", "历年累计"]


def _row_flags(table, name: str) -> list[bool]:
    return [row._tr.trPr is not None and row._tr.trPr.find(qn(name)) is not None for row in table.rows]


def test_header_rows_repeat_on_every_page_and_no_row_breaks_across_pages(national):
    proactive, requests, appeals = opened(national).tables
    assert _row_flags(requests, "w:tblHeader") == [True] * 3 + [False] * 25
    assert _row_flags(appeals, "w:tblHeader") == [True, True, True, False]
    assert not any(_row_flags(proactive, "w:tblHeader"))  # each block has its own header; the page has no <thead>
    for table in (proactive, requests, appeals):
        assert all(_row_flags(table, "w:cantSplit"))


def _fonts(style) -> dict[str, str]:
    fonts = style.element.rPr.rFonts
    return {name: fonts.get(qn(f"w:{name}")) for name in ("ascii", "hAnsi", "eastAsia", "asciiTheme", "eastAsiaTheme")}


def test_body_headings_and_title_name_the_fonts_of_official_documents(national):
    document = opened(national)
    styles = document.styles
    body = {"ascii": "Times New Roman", "hAnsi": "Times New Roman", "asciiTheme": None, "eastAsiaTheme": None}
    assert _fonts(styles["Normal"]) == {**body, "eastAsia": "仿宋_GB2312"}
    assert _fonts(styles["Heading 1"]) == {**body, "eastAsia": "黑体"}
    assert _fonts(styles["Title"]) == {**body, "eastAsia": "方正小标宋简体"}
    assert _fonts(styles["表格文字"])["eastAsia"] == "仿宋_GB2312"
    assert styles["Normal"].font.size.pt == 16 and styles["Title"].font.size.pt == 22
    # The paragraphs use them: the title, then each section's heading.
    paragraphs = document.paragraphs
    assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", "某市某局2022年政府信息公开工作年度报告")
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    assert headings == list(load_format("national-2021").sections)


def test_each_font_names_its_other_names_and_a_free_font_to_fall_back_on(national):
    with zipfile.ZipFile(io.BytesIO(national)) as package:
        table = docx.oxml.parse_xml(package.read("word/fontTable.xml"))
    alternates = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in table.findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert alternates["仿宋_GB2312"] == "仿宋,FangSong,Noto Serif CJK SC"
    assert alternates["黑体"] == "SimHei,Noto Sans CJK SC"
    title = alternates["方正小标宋简体"]
    assert title.startswith("小标宋,") and title.endswith(",Noto Serif CJK SC")


def test_the_page_is_a4_with_the_number_of_each_page_in_its_footer(national):
    document = opened(national)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = section.footer.paragraphs[0]
    codes = [t.text for t in footer._p.iter(qn("w:instrText"))]
    kinds = [f.get(qn("w:fldCharType")) for f in footer._p.iter(qn("w:fldChar"))]
    assert codes == [" PAGE "] and kinds == ["begin", "separate", "end"]
    assert footer.text == "— 1 —"  # the field's text until Word lays the pages out


def test_prose_sentences_and_charts_are_in_the_order_the_page_prints_them():
    narrative = (
        "前言。\n\n## 三、收到和处理政府信息公开申请情况\n\n本机关**依法**办理。\n\n### （一）办理情况\n\n- 要点\n"
    )
    document = opened(word.docx_bytes(value_of(2022, narrative=narrative)))
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("Heading 1", "三、收到和处理政府信息公开申请情况"))
    assert texts[1] == ("Normal", "前言。")
    assert texts[start + 1 : start + 4] == [
        ("Normal", "本机关依法办理。"),
        ("Heading 2", "（一）办理情况"),
        ("Normal", "• 要点"),
    ]
    assert texts[start + 4][1].startswith("2022年，本机关收到政府信息公开申请0件")  # the generated sentences
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert bold == ["依法"]
    captions = [t for s, t in texts if s == "Caption"]
    assert captions == [
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "图1　2022年申请的办理结果",
        "图2　2022年新收申请的申请人类型",
        "图3　历年收到政府信息公开申请数量",
        "政府信息公开行政复议、行政诉讼情况",
    ]
    shapes = document.inline_shapes
    assert len(shapes) == 3
    # Each picture's text alternative is the page's: title, unit, every value drawn (none given here: all 0, and no
    # year of requests for the trend).
    assert [s._inline.docPr.get("descr") for s in shapes] == [
        "2022年申请的办理结果（单位：件）：（一）予以公开 0；（二）部分公开 0；（三）不予公开 0；（四）无法提供 0；"
        "（五）不予处理 0；（六）其他处理 0。",
        "2022年新收申请的申请人类型（单位：件）：自然人 0；商业企业 0；科研机构 0；社会公益组织 0；"
        "法律服务机构 0；其他 0。",
        "历年收到政府信息公开申请数量：没有数据。",
    ]


def test_two_builds_are_the_same_bytes_dated_by_the_report_not_the_clock(national):
    assert word.docx_bytes(value_of(2022, [("主动公开", "行政许可", "本年处理决定数量", 7)])) == national
    data = word.docx_bytes(value_of(2022, published="2023-01-20"))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert {m.date_time for m in package.infolist()} == {(2023, 1, 20, 0, 0, 0)}
    core = opened(data).core_properties
    assert core.created == core.modified == dt.datetime(2023, 1, 20, tzinfo=dt.timezone.utc)
    assert (core.title, core.author, core.language) == ("某市某局2022年政府信息公开工作年度报告", "某市某局", "zh-CN")
    # Without a publication date: 1 January after the report's year.
    assert opened(national).core_properties.created == dt.datetime(2023, 1, 1, tzinfo=dt.timezone.utc)
