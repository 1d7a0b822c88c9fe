"""Fragments from templates: one line of HTML, text escaped as html.escape writes it, Markup kept."""

from __future__ import annotations

from markupsafe import Markup

from govreport.present import html


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
        '<div class="table-wrap"><p class="caption">&lt;caption&gt;</p><table></table></div>'
        "<figure></figure></section>"
    )
