"""Markdown to HTML: what the allowlist keeps and what never reaches the page."""

from __future__ import annotations

import pytest

from govreport.present import markdown


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        pytest.param("<script>alert(1)</script>", "<script", id="script"),
        pytest.param('<img src=x onerror="alert(1)">', "<img", id="onerror"),
        pytest.param("[x](javascript:alert(1))", "href", id="javascript-link"),
        pytest.param("[x](&#106;avascript:alert(1))", "href", id="entity-javascript-link"),
        pytest.param("[x](data:text/html;base64,PHNjcmlwdD4=)", "href", id="data-link"),
        pytest.param("[x](//evil.example/a)", "href", id="protocol-relative-link"),
        pytest.param("![p](http://evil.example/track.png)", "<img", id="remote-image"),
        pytest.param('<iframe src="http://evil.example"></iframe>', "<iframe", id="iframe"),
        pytest.param('<div style="position:fixed;inset:0">遮挡</div>', "<div", id="style-escape"),
        pytest.param("| a |\n|--:|\n| 1 |", "style=", id="table-alignment-style"),
        pytest.param("<svg onload=alert(1)>", "<svg", id="svg"),
        pytest.param("<!-- <script>x</script> -->", "<!--", id="comment"),
    ],
)
def test_to_html_never_lets_markup_through(text, forbidden):
    assert forbidden not in markdown.to_html(text)


def test_to_html_keeps_allowed_markup():
    html = markdown.to_html("**重点**与[网站](https://www.gov.cn)\n\n- 一\n- 二")
    assert "<strong>重点</strong>" in html and "<li>一</li>" in html
    assert '<a href="https://www.gov.cn" rel="noopener noreferrer nofollow">网站</a>' in html


def test_headings_only_for_notebook_markdown():
    assert "<h1>" not in markdown.to_html("# 标题")
    assert "<h1>标题</h1>" in markdown.to_html("# 标题", headings=True)


def test_a_narrative_table_scopes_its_header_cells_and_takes_focus_to_scroll():
    html = markdown.to_html("| 项目 | 件数 |\n|---|--:|\n| 培训 | 2 |")
    assert html.startswith('<table tabindex="0">\n<thead>\n<tr>\n<th scope="col">项目</th>\n<th scope="col">件数</th>')
    assert "<td>培训</td>" in html and "style=" not in html
