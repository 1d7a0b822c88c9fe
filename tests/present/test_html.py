"""Fragments from templates: one line of HTML, text escaped as html.escape writes it, Markup kept."""

from __future__ import annotations

from markupsafe import Markup

from govreport.present import html
from govreport.present.charts import Drawn


def test_a_fragment_is_one_line_and_escapes_text_as_html_escape_does():
    page = html.render("title", title="甲<b>'\"&", preamble=Markup("<p>乙</p>"))
    assert page == (
        '<header class="report-title"><h1>甲&lt;b&gt;&#x27;&quot;&amp;</h1></header>'
        '<div class="preamble"><p>乙</p></div>'
    )


def test_every_part_of_a_section_is_escaped_but_the_markup_handed_in():
    page = html.render(
        "section",
        heading="<h2>",
        narrative=Markup("<p>正文</p>"),
        sentences=["a<i>"],
        tables=[("<caption>", Markup("<table></table>"))],
        figures=[Markup("<figure></figure>")],
    )
    assert page == (
        '<section class="report-section"><h2>&lt;h2&gt;</h2><p>正文</p><p class="generated">a&lt;i&gt;</p>'
        '<div class="table-wrap" role="region" aria-label="&lt;caption&gt;" tabindex="0"><table></table></div>'
        "<figure></figure></section>"
    )


def test_a_chart_says_its_title_unit_and_every_value_in_its_alt_text():
    chart = Drawn("2017年受理申请的方式", "条", (("当面", "2"), ("网络", "3"), ("信函、传真", "1"), ("其他", "4")))
    assert html.render("figure", chart=chart, png="iVBOR") == (
        '<figure class="chart"><img alt="2017年受理申请的方式（单位：条）：当面 2；网络 3；信函、传真 1；其他 4。"'
        ' src="data:image/png;base64,iVBOR"/></figure>'
    )
    trend = Drawn("历年收到政府信息公开申请数量", "", (("2018年", "40"), ("2019年", "55")))
    assert 'alt="历年收到政府信息公开申请数量：2018年 40；2019年 55。"' in html.render("figure", chart=trend, png="")
    empty = Drawn(trend.title, "", ())
    assert 'alt="历年收到政府信息公开申请数量：没有数据。"' in html.render("figure", chart=empty, png="")
