"""The web-page reader: charsets, the report inside the page, merged cells, pictures and dates."""

from __future__ import annotations

from govreport.inputs.published.document import Grid, Paragraph, Picture
from govreport.inputs.published.page import decode, read_page

REPORT = """<html><head><meta charset="{charset}">
<title>某某县商务局2021年政府信息公开工作年度报告_某某县人民政府</title>
<meta name="PubDate" content="2022-01-20 09:30"><script>alert('x')</script></head>
<body><div class="nav"><a href="/">首页</a> 政务公开 机构概况</div>
<div class="article"><h1>某某县商务局2021年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>　　2021年，本机关收到申请3件。</p>
<table><tr><td rowspan="2">规章</td><td colspan="2">5</td></tr><tr><td>1</td><td>2</td></tr></table>
<img src="chart.png" alt="历年申请数量">
<p>二、主动公开政府信息情况</p></div>
<div class="footer">主办单位：某某县人民政府办公室</div></body></html>"""


def test_an_undeclared_gbk_page_reads_as_chinese():
    data = "<p>本机关收到政府信息公开申请12件。</p>".encode("gbk")
    assert "收到政府信息公开申请12件" in decode(data)


def test_a_declared_gb2312_page_and_a_utf8_page_read_alike():
    page = REPORT.format(charset="gb2312")
    assert read_page(page.encode("gb18030"), "a.html") == read_page(
        REPORT.format(charset="gb2312").encode("utf-8"), "a.html"
    )


def test_the_report_is_read_without_the_page_around_it():
    doc = read_page(REPORT.format(charset="utf-8").encode("utf-8"), "a.html")
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert texts == [
        "某某县商务局2021年政府信息公开工作年度报告",
        "一、总体情况",
        "2021年，本机关收到申请3件。",
        "二、主动公开政府信息情况",
    ]
    assert not any("alert" in t or "首页" in t or "主办单位" in t for t in texts)
    assert doc.title == "某某县商务局2021年政府信息公开工作年度报告"
    assert doc.published == "2022-01-20"
    assert [p for p in doc.blocks if isinstance(p, Picture)] == [Picture(1, "历年申请数量")]


def test_merged_cells_fill_every_slot_and_count_once():
    doc = read_page(REPORT.format(charset="utf-8").encode("utf-8"), "a.html")
    (grid,) = [b for b in doc.blocks if isinstance(b, Grid)]
    assert grid.rows == (("规章", "5", "5"), ("规章", "1", "2"))
    assert grid.values(0) == ["规章", "5"]  # the colspan=2 cell once
    assert grid.values(1) == ["规章", "1", "2"]  # the rowspan cell is a different row's: kept


def test_a_date_printed_in_the_page_is_read_when_no_meta_gives_one():
    page = "<html><body><p>发布时间：2022年1月28日</p><p>X局2021年政府信息公开工作年度报告</p></body></html>"
    assert read_page(page.encode("utf-8"), "b.html").published == "2022-01-28"


def test_a_tables_caption_is_the_line_above_it():
    table = "<table><caption>主动公开政府信息情况</caption><tr><th>规章</th><td>5</td></tr></table>"
    page = f"<body><h1>报告</h1>{table}</body>"
    doc = read_page(page.encode("utf-8"), "a.html")
    assert [type(b) for b in doc.blocks] == [Paragraph, Paragraph, Grid]
    assert doc.blocks[1].text == "主动公开政府信息情况" and doc.blocks[2].rows == (("规章", "5"),)
