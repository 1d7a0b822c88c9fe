"""A listing: sortable headers, every cell's sort key, links, and its rows downloadable as spreadsheet-safe CSV."""

from __future__ import annotations

import base64

from govreport.present.listing import Item, Listing

LISTING = Listing(
    "coast-2022-received",
    "收到政府信息公开申请",
    (("机关", False), ("收到申请（件）", True)),
    (
        (Item("乙市", "b-city", (("../../../b-city/2022/report.html", "报告"),)), Item("30")),
        (Item("=1+1 <b>", "z"), Item("3")),
    ),
    ("late", ""),
)


def test_the_csv_link_holds_the_rows_with_a_byte_order_mark_and_no_formula():
    link = LISTING.csv_link()
    prefix = "data:text/csv;charset=utf-8;base64,"
    assert link.startswith(prefix)
    text = base64.b64decode(link[len(prefix) :]).decode("utf-8")
    assert text == "\ufeff机关,收到申请（件）\n乙市,30\n'=1+1 <b>,3\n"  # links are the page's, not the data's


def test_the_table_sorts_by_each_cells_key_and_escapes_its_text():
    page = LISTING.html()
    assert page.count('<th scope="col"') == 2 and '<th scope="col" class="num"><button type="button">' in page
    assert "<caption>收到政府信息公开申请</caption>" in page
    row = (
        '<tr class="late"><th scope="row" data-sort="b-city">乙市 · <a href="../../../b-city/2022/report.html">报告</a>'
    )
    assert row + "</th>" in page  # the first cell names its row
    assert '<td class="num">30</td>' in page  # sorted by its text: no key written twice
    assert "=1+1 &lt;b&gt;" in page and "<b>" not in page
    assert 'download="coast-2022-received.csv"' in page
