"""narrative.md: sections, sandboxed placeholders and allowlisted HTML."""

from __future__ import annotations

import pytest

from govreport import narrative
from govreport.errors import DataValidationError

CONTEXT = {"year": 2017, "agency": "示例厅", "附表": {"受理申请总数": {"本年": 125}}, "分类": {"其他信息": 4}}


def test_split_sections_gives_preamble_and_each_body_with_its_first_line():
    text = "前言\n\n## 一、概述\n正文一\n\n## 二、主动公开\n正文二\n"
    preamble, sections = narrative.split_sections(text)
    assert preamble == "前言"
    assert sections == {"一、概述": (4, "正文一"), "二、主动公开": (7, "正文二")}


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        pytest.param(53, 125, "42%", id="rounds-down-42.4"),
        pytest.param(1, 8, "13%", id="half-up-12.5"),
        pytest.param(0, 0, "0%", id="nothing-handled"),
    ],
)
def test_share_rounds_half_up(part, whole, expected):
    assert narrative.share(part, whole) == expected


def test_fill_renders_figures_and_the_share_function():
    text = (
        "{{ year }}年受理{{ 附表.受理申请总数.本年 }}条，"
        "占{{ 占比(53, 附表.受理申请总数.本年) }}；{{ 分类['其他信息'] }}"
    )
    assert narrative.fill(text, CONTEXT, "n.md") == "2017年受理125条，占42%；4"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed", id="dunder-class"),
        pytest.param("{{ 占比.__globals__ }}", "not allowed", id="function-globals"),
        pytest.param("{{ '{0.__class__}'.format(year) }}", "not allowed", id="str-format"),
        pytest.param("{{ 分类.items() }}", "not allowed", id="method-call"),
        pytest.param("{{ lipsum(100000) }}", "unknown", id="jinja-global"),
        pytest.param("{{ range(10) }}", "unknown", id="range"),
        pytest.param("{{ 'x' * 100000000 }}", "not allowed", id="string-bomb"),
        pytest.param("{{ 2 ** 100000 }}", "not allowed", id="power-bomb"),
        pytest.param("{{ '%0999999999d' % 1 }}", "not allowed", id="percent-format"),
        pytest.param("{{ 'x' | center(999999999) }}", "syntax", id="filter-not-allowlisted"),
        pytest.param("一\n{% for i in [1] %}x{% endfor %}", "statements", id="statement"),
        pytest.param("{{ nothing }}", "unknown", id="undefined-name"),
        pytest.param("{{ year + }}", "syntax", id="syntax"),
        pytest.param("{{ year / 0 }}", "cannot be computed", id="division-by-zero"),
    ],
)
def test_fill_refuses_what_a_placeholder_must_not_do(text, message):
    with pytest.raises(DataValidationError) as caught:
        narrative.fill(text, CONTEXT, "n.md", first_line=10)
    assert message in str(caught.value)
    assert str(caught.value).startswith("n.md:1")  # located at the section's lines (10, 11, …)


def test_fill_locates_a_statement_on_its_own_line():
    with pytest.raises(DataValidationError, match=r"^n\.md:11: "):
        narrative.fill("一\n{% if 1 %}x{% endif %}", CONTEXT, "n.md", first_line=10)


def test_fill_leaves_text_without_placeholders_alone():
    text = "<b>不变</b> 50% {not a placeholder}"
    assert narrative.fill(text, CONTEXT, "n.md") == text


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
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
def test_to_html_never_lets_markup_through(markdown, forbidden):
    assert forbidden not in narrative.to_html(markdown)


def test_to_html_keeps_allowed_markup():
    html = narrative.to_html("**重点**与[网站](https://www.gov.cn)\n\n- 一\n- 二")
    assert "<strong>重点</strong>" in html and "<li>一</li>" in html
    assert '<a href="https://www.gov.cn" rel="noopener noreferrer nofollow">网站</a>' in html


def test_headings_only_for_notebook_markdown():
    assert "<h1>" not in narrative.to_html("# 标题")
    assert "<h1>标题</h1>" in narrative.to_html("# 标题", headings=True)
