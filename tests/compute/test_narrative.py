"""narrative.md: sections, sandboxed placeholders and allowlisted HTML."""

from __future__ import annotations

import pytest

from govreport.compute import narrative
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
        pytest.param("{{ 占比('x', 5) }}", "cannot be computed", id="share-of-text"),
        pytest.param("{{ 占比(10 ** 40, 1) }}", "cannot be computed", id="share-too-large"),
        pytest.param("{{ 占比(1, 2, 1) }}", "cannot be computed", id="share-takes-two-figures"),
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
