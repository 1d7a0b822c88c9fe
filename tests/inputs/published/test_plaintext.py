"""The plain-text reader: encodings, paragraphs joined from wrapped lines, table rows found among them."""

from __future__ import annotations

from govreport.inputs.published.document import Grid, Paragraph
from govreport.inputs.published.plaintext import Line, closing_date, paragraphs, read_text

REPORT = """某县商务局2021年政府信息公开工作年度报告
一、总体情况
2021年，本机关收到政府信息公开申请12件，办理
完毕10件。
（一）主动公开情况。本年主动公开信息 1,234 条，其中
规章和规范性文件 29 件。

信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章  5  1  47
行政规范性文件  ２４  —  319
行政事业性收费  27330.32

二、行政复议、行政诉讼情况
8 1 2 0 11 0 0 0 0 0 1 0 1 0 2
三、存在的主要问题
一是目录更新不及时；
二是解读不够。

某县商务局
二〇二二年一月二十日
"""


def _read(text: str, encoding: str = "utf-8"):
    return read_text(text.encode(encoding), "report.txt")


def test_prose_lines_join_into_paragraphs_and_headings_stand_alone():
    doc = _read(REPORT)
    assert [(p.text, p.heading) for p in doc.paragraphs] == [
        ("某县商务局2021年政府信息公开工作年度报告", True),  # the title ends its line's paragraph
        ("一、总体情况", True),
        ("2021年，本机关收到政府信息公开申请12件，办理完毕10件。", False),
        ("（一）主动公开情况。本年主动公开信息 1,234 条，其中规章和规范性文件 29 件。", False),
        ("二、行政复议、行政诉讼情况", True),
        ("三、存在的主要问题", True),
        ("一是目录更新不及时；", False),  # 二是 starts an item of its own
        ("二是解读不够。", False),
        ("某县商务局二〇二二年一月二十日", False),
    ]
    assert doc.title == "某县商务局2021年政府信息公开工作年度报告"
    assert doc.published == "2022-01-20"  # the date it is signed with


def test_rows_of_figures_are_grids_with_the_header_line_above_them():
    first, second = _read(REPORT).grids
    assert first == Grid(
        1,
        (
            ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
            ("规章", "5", "1", "47"),
            ("行政规范性文件", "２４", "—", "319"),  # full-width digits and dashes as printed
            ("行政事业性收费", "27330.32"),
        ),
    )
    # The 复议诉讼 table as text: one line of 15 figures, no label.
    assert second.rows == (("", "8", "1", "2", "0", "11", "0", "0", "0", "0", "0", "1", "0", "1", "0", "2"),)


def test_blocks_keep_their_order():
    kinds = [type(b).__name__ for b in _read(REPORT).blocks]
    assert kinds == ["Paragraph"] * 4 + ["Grid", "Paragraph", "Grid"] + ["Paragraph"] * 4


def test_a_label_wrapped_over_two_lines_is_one_label():
    text = "表头\n一、本年新收政府信息公开\n申请数量 666 109 874\n二、上年结转政府信息公开申请数量 25 3 35\n"
    (grid,) = _read(text).grids
    assert grid.rows == (
        ("一、本年新收政府信息公开申请数量", "666", "109", "874"),
        ("二、上年结转政府信息公开申请数量", "25", "3", "35"),
    )
    assert _read(text).paragraphs == [Paragraph("表头")]


def test_a_label_wrapped_around_its_figures_is_one_label():
    # A PDF's text puts a cell's figures beside the middle of its wrapped label.
    text = (
        "（一）予以公开 234 33 303\n"
        "（二）部分公开（区分处理的，只计这一情形，\n52 10 70\n不计其他情形）\n"
        "（三）不予公开 3 0 3\n"
    )
    (grid,) = _read(text).grids
    assert [row[0] for row in grid.rows] == [
        "（一）予以公开",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（三）不予公开",
    ]
    assert grid.rows[1][1:] == ("52", "10", "70")


def test_a_sentence_ending_in_a_number_is_prose_not_a_table():
    doc = _read("其中结果维持 9\n件，结果纠正1件。\n")
    assert doc.grids == []
    assert [p.text for p in doc.paragraphs] == ["其中结果维持 9件，结果纠正1件。"]


def test_gb18030_utf8_bom_and_utf16_read_alike():
    expected = _read(REPORT)
    for data in (REPORT.encode("gb18030"), b"\xef\xbb\xbf" + REPORT.encode("utf-8"), REPORT.encode("utf-16")):
        assert read_text(data, "report.txt") == expected


def test_page_numbers_a_text_extraction_keeps_are_dropped():
    doc = _read("本机关收到申请12件，办\n- 2 -\n理完毕10件。\n第 3 页 共 5 页\n")
    assert [p.text for p in doc.paragraphs] == ["本机关收到申请12件，办理完毕10件。"]


def test_the_layout_can_say_a_line_runs_on_or_starts_anew():
    lines = [Line("全年共办结申请10件。"), Line("其中予以公开5件。", runs_on=True), Line("另起一段", new=True)]
    assert [p.text for p in paragraphs(lines)] == ["全年共办结申请10件。其中予以公开5件。", "另起一段"]
    # Latin words broken at a line's end keep their space; Chinese runs on without one.
    assert paragraphs([Line("see the GB"), Line("18030 code page")]) == [Paragraph("see the GB 18030 code page")]


def test_closing_dates_in_digits_and_in_chinese_numerals():
    assert closing_date(["正文。", "2022年1月8日"]) == "2022-01-08"
    assert closing_date(["正文。", "某县人民政府办公室 二〇二二年十二月三十一日"]) == "2022-12-31"
    assert closing_date(["2022年1月8日", "正文。", "一", "二", "三", "四", "五", "六"]) is None  # not near the end


def test_an_empty_file_says_so():
    assert [str(n) for n in _read("").notes] == ["文件中没有文字"]


def test_a_section_heading_above_a_numbered_row_is_not_part_of_its_label():
    doc = _read(
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 10 0 0 0 0 0 10\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
    )
    assert doc.blocks[0] == Paragraph("三、收到和处理政府信息公开申请情况", heading=True)
    (grid,) = [b for b in doc.blocks if isinstance(b, Grid)]
    assert grid.rows[0][0] == "一、本年新收政府信息公开申请数量"


def test_a_table_copied_one_cell_a_line_is_read_row_by_row():
    # As a browser copies a table's text: the label, then this year's and the cumulative figure, each alone.
    doc = _read("主动公开文件数\n213\n2676\n其中：1.政府网站公开数\n213\n2676\n2.政府公报公开数\n0\n0\n本报告完。\n")
    (grid,) = [b for b in doc.blocks if isinstance(b, Grid)]
    assert [r[1:] for r in grid.rows] == [("213", "2676"), ("213", "2676"), ("0", "0")]
    assert grid.rows[1][0] == "其中：1.政府网站公开数"


def test_two_lone_numbers_are_not_a_table():
    doc = _read("第一段。\n12\n第二段。\n3\n")
    assert not [b for b in doc.blocks if isinstance(b, Grid)]
