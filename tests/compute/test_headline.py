"""Headline figures by format, and shares rounded half up: worked by hand."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from govreport.compute import headline
from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import format_for_year, load_format

LEGACY = {
    ("附表", "受理申请总数", "本年"): 125,
    ("附表", "受理申请总数", "历年累计"): 999,  # not this year's
    ("附表", "答复总数", "本年"): 120,
    ("附表", "同意公开", "本年"): 50,
    ("附表", "同意部分公开", "本年"): 10,
    ("附表", "其他类型", "本年"): 6,
}
NATIONAL_2021 = {
    ("依申请", "本年新收", "总计"): 30,
    ("依申请", "本年新收", "自然人"): 20,  # one applicant type, not the total
    ("依申请", "上年结转", "总计"): 2,
    ("依申请", "总计", "总计"): 24,
    ("依申请", "结转下年度", "总计"): 8,
    ("依申请", "予以公开", "总计"): 12,
    ("依申请", "部分公开", "总计"): 3,
    ("依申请", "不予公开/国家秘密", "总计"): 4,
    ("依申请", "不予公开/第三方权益", "总计"): 2,
    ("依申请", "其他处理/逾期不补正", "总计"): 2,
    ("依申请", "其他处理/其他", "总计"): 1,
    ("依申请", "其他处理/其他", "自然人"): 1,  # inside the 总计 above: not added twice
}


def test_legacy_headline_is_this_years_appendix_and_carries_nothing():
    assert headline.headline(LEGACY, "legacy") == {
        "received": 125,
        "carried_in": None,
        "handled": 120,
        "carried_over": None,
        "disclosed_full": 50,
        "disclosed_part": 10,
        "other": 6,
    }


def test_national_headline_reads_the_total_column_and_adds_split_rows():
    got = headline.headline(NATIONAL_2021, "national-2021")
    # other: 其他处理/逾期不补正 2 + 其他处理/其他 1
    assert got == {
        "received": 30,
        "carried_in": 2,
        "handled": 24,
        "carried_over": 8,
        "disclosed_full": 12,
        "disclosed_part": 3,
        "other": 3,
    }
    assert headline.received(NATIONAL_2021, "national-2021") == 30
    assert headline.other(NATIONAL_2021, "national-2021") == 3


def test_result_groups_add_their_reasons_and_an_unsplit_row_is_itself():
    assert headline.result(NATIONAL_2021, "不予公开") == 6  # 4 + 2
    assert headline.result(NATIONAL_2021, "无法提供") is None  # not given at all
    national_2019 = {("依申请", "其他处理", "总计"): 4, ("依申请", "总计", "总计"): 9}
    assert headline.other(national_2019, "national-2019") == 4
    assert headline.result(national_2019, "其他处理") == 4


def test_a_cell_the_format_lacks_is_none_and_not_zero():
    assert headline.carried_in(LEGACY, "legacy") is None
    assert headline.cell("legacy", "carried_over") is None
    assert headline.handled({}, "national-2019") is None


def _built(year: int, figures: list[tuple[str, str, str, int]]):
    frame = pd.DataFrame(figures, columns=["table", "row", "column", "value"])
    fmt = load_format(format_for_year(year))
    return build_tables(Inputs(Agency("x", "某机关", "department"), year, fmt, {"figures": frame}, "", {}, None))


def test_built_tables_serve_as_the_mapping():
    # national: 本年新收 7 + 3 = 10 received; handled 3 + 1 + 4 = 8; carried over 10 + 4 - 8 = 6
    tables = _built(
        2021,
        [
            ("依申请", "本年新收", "自然人", 7),
            ("依申请", "本年新收", "商业企业", 3),
            ("依申请", "上年结转", "自然人", 4),
            ("依申请", "予以公开", "自然人", 3),
            ("依申请", "部分公开", "商业企业", 1),
            ("依申请", "无法提供/不掌握", "自然人", 4),
        ],
    )
    got = headline.headline(headline.cells(tables), "national-2021")
    assert (got["received"], got["carried_in"], got["handled"], got["carried_over"]) == (10, 4, 8, 6)
    assert got["other"] == 0  # a built table prints every 其他处理/… row, as 0
    # legacy: 受理申请总数 is the sum of its channels when not given, 2 + 3 = 5
    legacy = _built(2017, [("附表", "当面申请数", "本年", 2), ("附表", "网络申请数", "本年", 3)])
    assert headline.received(headline.cells(legacy), "legacy") == 5


@pytest.mark.parametrize(
    ("part", "whole", "digits", "expected"),
    [
        pytest.param(53, 125, 0, "42%", id="42.4-down"),
        pytest.param(53, 125, 1, "42.4%", id="one-decimal"),
        pytest.param(1, 8, 0, "13%", id="12.5-half-up-not-even"),
        pytest.param(1, 16, 1, "6.3%", id="6.25-half-up-where-float-gives-6.2"),
        pytest.param(2, 3, 2, "66.67%", id="two-decimals"),
        pytest.param(0, 0, 0, "0%", id="nothing-handled"),
        pytest.param(0, 0, 1, "0.0%", id="nothing-handled-one-decimal"),
        pytest.param(0, 7, 1, "0.0%", id="none-of-some"),
        pytest.param(Decimal("0.5"), Decimal("2.00"), 0, "25%", id="amounts"),
        pytest.param(13.0, 20.0, 0, "65%", id="floats-as-written"),
    ],
)
def test_share_rounds_half_up(part, whole, digits, expected):
    assert headline.share(part, whole, digits) == expected


def test_percent_is_the_number_share_writes():
    assert headline.percent(53, 125, digits=1) == Decimal("42.4")
    assert headline.percent(1, 16, digits=1) == Decimal("6.3")


@pytest.mark.parametrize(
    ("part", "whole", "error"),
    [
        pytest.param("x", 5, TypeError, id="text"),
        pytest.param(None, 5, TypeError, id="none"),
        pytest.param(True, 5, TypeError, id="bool"),
        pytest.param(float("inf"), 5, ValueError, id="infinite"),
        pytest.param(10**40, 1, ValueError, id="too-large"),
    ],
)
def test_share_refuses_what_is_not_a_count(part, whole, error):
    with pytest.raises(error):
        headline.share(part, whole)


def test_year_on_year_compares_only_like_with_like_across_a_change_of_format():
    def year(number: int, fmt: str, figures: list[tuple]) -> Inputs:
        frame = pd.DataFrame(figures, columns=["table", "row", "column", "value"])
        return Inputs(Agency("x", "某机关", "department"), number, load_format(fmt), {"figures": frame}, "")

    legacy = year(2018, "legacy", [("附表", "受理申请总数", "本年", 30), ("附表", "同意公开", "本年", 10)])
    legacy_tables = build_tables(legacy)
    national = year(2019, "national-2019", [("依申请", "本年新收", "自然人", 40), ("依申请", "予以公开", "自然人", 12)])
    changes = headline.year_on_year(build_tables(national, legacy_tables))
    # received (30 → 40) and handled (答复总数 10 → （七）总计 12) mean the same in both formats;
    # 同意公开 is not 予以公开's peer.
    assert [(c.name, c.last, c.this, str(c.factor)) for c in changes] == [
        ("received", 30, 40, "1.3"),
        ("handled", 10, 12, "1.2"),
    ]


def test_refused_is_the_appendixs_row_or_every_national_reason_added():
    assert headline.refused({("附表", "不予公开", "本年"): 7}, "legacy") == 7
    assert headline.refused(NATIONAL_2021, "national-2021") == 6  # 国家秘密 4 + 第三方权益 2
    assert headline.refused({}, "national-2021") is None


def test_corrected_cases_are_national_only_review_apart_from_both_kinds_of_suit():
    figures = {
        ("复议诉讼", "行政复议", "结果纠正"): 1,
        ("复议诉讼", "未经复议直接起诉", "结果纠正"): 2,
        ("复议诉讼", "复议后起诉", "结果纠正"): 3,
    }
    assert headline.corrected(figures, "national-2019") == (1, 5)  # 行政诉讼: 2 + 3
    assert headline.corrected(figures, "legacy") is None  # the 附表 counts cases, not their results
    assert headline.corrected({("复议诉讼", "行政复议", "结果纠正"): 1}, "national-2021") is None


def test_totals_in_one_pass_are_each_cells_total():
    wanted = (
        ("依申请", "不予公开", "总计"),  # split: 4 + 2
        ("依申请", "其他处理", "自然人"),  # split: 1
        ("依申请", "予以公开", "总计"),  # the cell itself: 12
        ("依申请", "无法提供", "总计"),  # neither: None
    )
    assert headline.totals(NATIONAL_2021, wanted) == {cell: headline.total(NATIONAL_2021, *cell) for cell in wanted}
    assert list(headline.totals(NATIONAL_2021, wanted).values()) == [6, 1, 12, None]
