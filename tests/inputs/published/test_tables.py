"""Finding the official tables' cells in a published report, however it prints them."""

from __future__ import annotations

from decimal import Decimal

from govreport.inputs.published.document import Document, Grid, Paragraph, Picture
from govreport.inputs.published.tables import detect_format, label_key, read_tables

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def doc(*grids: tuple[tuple[str, ...], ...], blocks: tuple = ()) -> Document:
    return Document("t.html", "html", "", (*blocks, *(Grid(i + 1, g) for i, g in enumerate(grids))))


def cells(reading, table: str) -> dict[tuple[str, str], object]:
    return {(c.row, c.column): c.value for c in reading.cells if c.table == table}


def test_labels_read_with_or_without_numbering_in_full_or_half_width():
    assert label_key("（一）予以公开") == label_key("一、予以公开") == label_key("予以公开") == "予以公开"
    assert label_key("1．属于国家秘密") == label_key("１.属于国家秘密") == "属于国家秘密"
    assert label_key("其中：1.政府网站公开数") == "政府网站公开数"


def test_figures_as_printed_full_width_separated_noted_and_dashed():
    grid = (
        ("一、本年新收政府信息公开申请数量", "１２", "1,234", "0", "0", "0", "0", "1246"),
        ("二、上年结转政府信息公开申请数量", "—", "/", "无", "", "-", "0", ""),
        ("（一）予以公开", "22（其中修订16件）", "0", "0", "0", "0", "0", "22"),
    )
    reading = read_tables(doc(grid), "national-2021", 2021)
    got = cells(reading, "依申请")
    assert got[("本年新收", "自然人")] == 12
    assert got[("本年新收", "商业企业")] == 1234
    # every dash and a blank cell are not given (None), never 0
    assert [got[("上年结转", c)] for c in APPLICANTS] == [None, None, None, None, None, 0, None]
    assert got[("予以公开", "自然人")] == 22
    noted = next(c for c in reading.cells if c.row == "予以公开" and c.column == "自然人")
    assert noted.note == "其中修订16件" and noted.raw == "22（其中修订16件）"


def test_short_labels_are_found_under_their_own_group_in_official_order():
    rows = (
        ("三、本年度办理结果", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", *"1000000"[:7]),
        (
            "三、本年度办理结果",
            "（六）其他处理",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            *"2000000",
        ),
        (
            "三、本年度办理结果",
            "（六）其他处理",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            *"0000000",
        ),
        ("三、本年度办理结果", "（六）其他处理", "3.其他", *"3000000"),
        ("三、本年度办理结果", "（七）总计", "（七）总计", *"6000000"),
    )
    got = cells(read_tables(doc(rows), "national-2021", 2021), "依申请")
    assert got[("不予处理/确认或重新出具", "自然人")] == 1
    assert got[("其他处理/逾期不补正", "自然人")] == 2
    assert got[("其他处理/其他", "自然人")] == 3
    assert got[("总计", "自然人")] == 6


def test_a_2019_style_single_other_row_in_a_2021_table_is_the_other_total():
    rows = (
        ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "0", "0", "0"),
        ("（六）其他处理", "（六）其他处理", "4", "1", "0", "0", "0", "0", "5"),
        ("（七）总计", "（七）总计", "9", "1", "0", "0", "0", "0", "10"),
    )
    reading = read_tables(doc(rows), "national-2021", 2021)
    got = cells(reading, "依申请")
    assert got[("其他处理", "自然人")] == 4 and got[("其他处理", "总计")] == 5
    assert not any(r.startswith("其他处理/") for r, _ in got)
    assert any("只印了一行（六）其他处理（2019 年版的表式）" in str(n) for n in reading.notes)


def test_a_table_split_over_two_pages_is_read_as_one():
    first = (("一、本年新收政府信息公开申请数量", *"3000003"),)
    second = (
        ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
        ("（一）予以公开", *"2000002"),
    )
    got = cells(read_tables(doc(first, second), "national-2021", 2021), "依申请")
    assert got[("本年新收", "总计")] == 3 and got[("予以公开", "总计")] == 2


def test_a_total_column_left_blank_is_not_given():
    rows = (("一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", ""),)
    got = cells(read_tables(doc(rows), "national-2021", 2021), "依申请")
    assert got[("本年新收", "自然人")] == 3 and got[("本年新收", "总计")] is None


def test_appeals_as_one_row_of_fifteen_or_three_rows_of_five():
    header = (("行政复议",) * 5 + ("行政诉讼",) * 10,)
    wide = (*header, tuple("123061000100001"))
    got = cells(read_tables(doc(wide), "national-2021", 2021), "复议诉讼")
    assert got[("行政复议", "结果维持")] == 1 and got[("行政复议", "总计")] == 6
    assert got[("未经复议直接起诉", "结果维持")] == 1 and got[("复议后起诉", "总计")] == 1
    tall = (
        ("行政复议", "2", "0", "0", "0", "2"),
        ("未经复议直接起诉", "0", "1", "0", "0", "1"),
        ("复议后起诉", *"00000"),
    )
    got = cells(read_tables(doc(tall), "national-2021", 2021), "复议诉讼")
    assert got[("行政复议", "总计")] == 2 and got[("未经复议直接起诉", "结果纠正")] == 1


def test_proactive_2021_with_the_old_label_and_an_amount():
    rows = (
        ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
        ("规范性文件", "2", "1", "30"),
        ("行政事业性收费", "27,330.50"),
    )
    got = cells(read_tables(doc(rows), "national-2021", 2021), "主动公开")
    assert got[("行政规范性文件", "现行有效件数")] == 30
    assert got[("行政事业性收费", "本年收费金额（单位：万元）")] == Decimal("27330.50")


def test_legacy_appendix_with_units_and_with_or_without_the_cumulative_column():
    with_units = (("指标名称", "单位", "2017年", "历年累计"), ("受理政府信息公开申请总数", "条", "125", "384"))
    got = cells(read_tables(doc(with_units), "legacy", 2017), "附表")
    assert got == {("受理申请总数", "本年"): 125, ("受理申请总数", "历年累计"): 384}
    this_year_only = (("其中：1.当面申请数", "7"),)
    reading = read_tables(doc(this_year_only), "legacy", 2016)
    assert cells(reading, "附表") == {("当面申请数", "本年"): 7}
    assert any("缺少 附表/当面申请数 的数：历年累计" in str(n) for n in reading.notes)


def test_a_table_printed_as_a_picture_is_named_not_guessed():
    reading = read_tables(
        doc(blocks=(Paragraph("三、收到和处理政府信息公开申请情况"), Picture(1, ""))), "national-2021", 2021
    )
    assert reading.cells == []
    assert any(str(n).startswith("没有找到依申请表") and "图片" in str(n) for n in reading.notes)


def test_the_format_is_told_by_the_tables_words_before_the_year():
    d2019 = doc((("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "1", "1", "1")))
    assert detect_format(d2019, 2021) == "national-2019"
    assert detect_format(doc(), 2018) == "legacy"
    assert detect_format(doc(), 2020) == "national-2019"


def test_a_header_word_run_into_a_label_does_not_hide_it():
    # Text extracted from a table may run the last header word into the first label.
    rows = (("历年累计主动公开文件数", "213", "2676"),)
    assert cells(read_tables(doc(rows), "legacy", 2017), "附表") == {
        ("主动公开文件数", "本年"): 213,
        ("主动公开文件数", "历年累计"): 2676,
    }
