"""narrative.md: sections, sandboxed placeholders and allowlisted HTML."""

from __future__ import annotations

import pytest

from govreport.compute import narrative
from govreport.errors import DataValidationError

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

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


# -- literals: what an office updates when it reuses last year's narrative -----------------------------------------

HAND_MADE = """本报告统计期限自{{ year }}年1月1日起至{{ year }}年12月31日止，依据国办公开办函〔2021〕30号编制。

## 一、总体情况

2024年，本机关召开专题会议三次，培训1,200人次，网站访问量增长12.5%。
1.加强组织领导
一是一次性告知，于2024年3月5日和6月1日两次检查，办结{{ 依申请.总计.总计 + 12 }}件{{ 分类['2024年目录'] }}。
详见 http://www.example.gov.cn/2024/index.html （2）项。
"""


def test_literals_lists_every_number_and_date_typed_by_hand_with_line_and_column():
    found = [(lit.line, lit.column, lit.text, lit.kind, lit.in_placeholder) for lit in narrative.literals(HAND_MADE)]
    assert found == [
        (5, 1, "2024年", "date", False),
        (5, 16, "三", "number", False),  # 三次: a Chinese numeral before a measure word
        (5, 21, "1,200", "number", False),
        (5, 36, "12.5%", "number", False),
        (7, 10, "2024年3月5日", "date", False),
        (7, 20, "6月1日", "date", False),
        (7, 24, "两", "number", False),
        (7, 46, "12", "number", True),  # inside a placeholder; the quoted key '2024年目录' is a name
    ]


def test_literals_leave_out_the_format_wording_numbering_document_numbers_and_addresses():
    # The statistical period after {{ year }}年, 〔2021〕30号, "1." numbering, 一是 and 一次性, the address, （2）.
    assert narrative.literals("## 一、总体情况\n1.加强组织领导\n一是一次性告知。\n（2）项\nhttp://a.cn/2024/1") == ()
    assert narrative.literals("自{{ year }}年1月1日起至{{ year }}年12月31日止，国办公开办函〔2021〕30号") == ()
