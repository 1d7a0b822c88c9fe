"""Building the tables: records over declared figures, totals always computed, carry-overs exact."""

from __future__ import annotations

import pandas as pd
from conftest import ledger
from hypothesis import given, settings
from hypothesis import strategies as st

from govreport.compute.tables import NON_RESULT_ROWS, build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import format_for_year, load_format


def inputs(year: int, figures=(), requests=None, previous=None, fmt: str = "auto") -> Inputs:
    """An agency-year in memory: declared (table, row, column, value) figures and an optional ledger."""
    frames = {}
    if figures:
        frames["figures"] = pd.DataFrame(list(figures), columns=["table", "row", "column", "value"])
    if requests is not None:
        frames["requests"] = requests
    fmt_ = load_format(format_for_year(year, fmt))
    return Inputs(Agency("x", "某机关", "department"), year, fmt_, frames, "", {}, previous)


LEDGER_2019 = [
    # received in 2018, still open on 1 January 2019: carried into 2019
    ("A", "2018-12-20", "网络", "自然人", "予以公开", "2019-01-08"),
    ("B", "2019-03-01", "网络", "自然人", "部分公开", "2019-03-15"),
    ("C", "2019-12-18", "信函", "商业企业", "", ""),  # open at the end of 2019
    ("D", "2019-12-30", "网络", "自然人", "", ""),  # open at the end of 2019
]
LEDGER_2020 = [
    ("C", "2019-12-18", "信函", "商业企业", "无法提供/不掌握", "2020-01-10"),
    ("D", "2019-12-30", "网络", "自然人", "", ""),  # still open at the end of 2020
    ("E", "2020-06-01", "当面", "法律服务机构", "予以公开", "2020-06-20"),
    ("F", "2020-12-28", "网络", "自然人", "", ""),
]
LEDGER_2021 = [
    ("D", "2019-12-30", "网络", "自然人", "其他处理/其他", "2021-01-05"),
    ("F", "2020-12-28", "网络", "自然人", "予以公开", "2021-01-04"),
    ("G", "2021-02-02", "网络", "商业企业", "", ""),
]


def test_a_ledger_over_three_years_carries_over_exactly():
    y2019 = inputs(2019, requests=ledger(LEDGER_2019))
    y2020 = inputs(2020, requests=ledger(LEDGER_2020), previous=y2019)
    y2021 = inputs(2021, requests=ledger(LEDGER_2021), previous=y2020)
    t2021 = build_tables(y2021)
    t2020, t2019 = t2021.previous, t2021.previous.previous
    get = lambda t, row, col="总计": t.value("依申请", row, col)  # noqa: E731
    # 2019: A carried in; B received and closed; C, D received and open
    assert (get(t2019, "本年新收"), get(t2019, "上年结转"), get(t2019, "总计"), get(t2019, "结转下年度")) == (
        3,
        1,
        2,
        2,
    )
    # 2020: C, D carried in; C closed; E received and closed; F received and open; D still open
    assert (get(t2020, "本年新收"), get(t2020, "上年结转"), get(t2020, "总计"), get(t2020, "结转下年度")) == (
        2,
        2,
        2,
        2,
    )
    # 2021: D, F carried in and closed; G received, open
    assert (get(t2021, "本年新收"), get(t2021, "上年结转"), get(t2021, "总计"), get(t2021, "结转下年度")) == (
        1,
        2,
        2,
        1,
    )
    for now, before in ((t2020, t2019), (t2021, t2020)):
        for col in ("自然人", "商业企业", "法律服务机构", "总计"):
            assert get(now, "上年结转", col) == get(before, "结转下年度", col)
    assert get(t2020, "上年结转", "商业企业") == 1 and get(t2020, "上年结转", "自然人") == 1
    assert get(t2021, "其他处理/其他", "自然人") == 1


def test_totals_are_computed_from_declared_rows():
    t = build_tables(
        inputs(
            2021,
            figures=[
                ("依申请", "本年新收", "自然人", 5),
                ("依申请", "本年新收", "商业企业", 2),
                ("依申请", "予以公开", "自然人", 3),
                ("依申请", "无法提供/不掌握", "自然人", 1),
                ("复议诉讼", "行政复议", "结果维持", 2),
                ("复议诉讼", "行政复议", "尚未审结", 1),
            ],
        )
    )
    get = lambda row, col, table="依申请": t.value(table, row, col)  # noqa: E731
    assert get("本年新收", "总计") == 7
    assert get("总计", "自然人") == 4 and get("总计", "总计") == 4
    assert get("结转下年度", "自然人") == 1 and get("结转下年度", "商业企业") == 2
    assert get("行政复议", "总计", "复议诉讼") == 3


def test_a_declared_carry_forward_that_breaks_the_identity_is_not_printed():
    t = build_tables(inputs(2021, figures=[("依申请", "本年新收", "自然人", 5), ("依申请", "结转下年度", "自然人", 9)]))
    assert t.value("依申请", "结转下年度", "自然人") == 5  # 5 + 0 − 0
    assert t.stated[("依申请", "结转下年度", "自然人")] == 9  # what the input says, for the identity rule


def test_legacy_reply_total_is_the_sum_of_its_given_parts():
    t = build_tables(inputs(2017, figures=[("附表", "同意公开", "本年", 4), ("附表", "不予公开", "本年", 2)]))
    assert t.value("附表", "答复总数", "本年") == 6


def test_cells_not_given_are_zero_with_an_info_finding():
    t = build_tables(inputs(2021, figures=[("主动公开", "行政许可", "本年处理决定数量", 7)]))
    assert t.value("主动公开", "行政处罚", "本年处理决定数量") == 0
    assert not t.given("主动公开", "行政处罚", "本年处理决定数量")
    assert t.given("主动公开", "行政许可", "本年处理决定数量")
    hits = [f for f in t.findings if f.rule == "not-given" and f.row == "行政处罚"]
    assert [(f.severity, f.table, f.column) for f in hits] == [("info", "主动公开", "本年处理决定数量")]
    assert not [f for f in t.findings if f.rule == "not-given" and f.row == "行政许可"]


def test_a_total_is_not_given_when_nothing_under_it_is():
    t = build_tables(inputs(2021, figures=[("主动公开", "行政许可", "本年处理决定数量", 7)]))
    assert t.value("依申请", "结转下年度", "总计") == 0
    assert not t.given("依申请", "结转下年度", "总计")


REQUEST_ROWS = [r.key for r in load_format("national-2021").tables["依申请"].rows if not r.optional]
APPLICANTS = [c.key for c in load_format("national-2021").tables["依申请"].columns]
APPEAL_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")
APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
declared_cells = st.lists(
    st.one_of(
        st.tuples(st.just("依申请"), st.sampled_from(REQUEST_ROWS), st.sampled_from(APPLICANTS)),
        st.tuples(st.just("复议诉讼"), st.sampled_from(APPEAL_ROWS), st.sampled_from(APPEAL_COLUMNS)),
    ),
    unique=True,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(cells=declared_cells, values=st.lists(st.integers(0, 50), min_size=40, max_size=40))
def test_built_tables_always_add_up(cells, values):
    t = build_tables(inputs(2022, figures=[(*c, v) for c, v in zip(cells, values, strict=False)]))
    v = lambda row, col, table="依申请": t.value(table, row, col)  # noqa: E731
    results = [r for r in REQUEST_ROWS if r not in NON_RESULT_ROWS]
    assert all(value >= 0 for value in t.figures["value"])  # a count is never printed negative
    for col in APPLICANTS:  # identity, unless more was handled than received and carried; result-sum
        left, handled = v("本年新收", col) + v("上年结转", col), v("总计", col)
        if col != "总计" and handled > left:
            assert t.shortfall[("依申请", "结转下年度", col)] == left - handled
        if not t.shortfall:
            assert left == handled + v("结转下年度", col)
        assert v("总计", col) == sum(v(r, col) for r in results)
    for row in REQUEST_ROWS:  # column-sum
        assert v(row, "总计") == sum(v(row, c) for c in APPLICANTS if c != "总计")
    for row in APPEAL_ROWS:  # appeal-sum
        assert v(row, "总计", "复议诉讼") == sum(v(row, c, "复议诉讼") for c in APPEAL_COLUMNS[:4])


def test_a_cumulative_amount_is_summed_exactly():
    from decimal import Decimal

    before = inputs(
        2016, [("附表", "收费减免金额", "本年", Decimal("0.1")), ("附表", "收费减免金额", "历年累计", Decimal("0.2"))]
    )
    t = build_tables(inputs(2017, [("附表", "收费减免金额", "本年", Decimal("0.1"))], previous=before))
    value = t.value("附表", "收费减免金额", "历年累计")
    assert value == Decimal("0.3") and isinstance(value, Decimal)  # a float sum would be 0.30000000000000004


def test_counts_are_whole_numbers_not_floats():
    t = build_tables(inputs(2021, [("依申请", "本年新收", "自然人", 5)]))
    assert {type(v) for v in t.figures["value"]} == {int}


def test_a_2021_report_printed_with_the_2019_single_other_row_keeps_it_as_the_other_total():
    # 5 received: 2 disclosed, 3 handled otherwise, printed as one （六）其他处理 row (the 2019 form).
    t = build_tables(
        inputs(
            2021,
            figures=[
                ("依申请", "本年新收", "自然人", 5),
                ("依申请", "予以公开", "自然人", 2),
                ("依申请", "其他处理", "自然人", 3),
            ],
        )
    )
    assert t.value("依申请", "总计", "自然人") == 5  # 2 + 3
    assert t.value("依申请", "结转下年度", "自然人") == 0  # 5 - 5
    assert t.value("依申请", "其他处理", "总计") == 3
    printed = [r.key for r in t.rows("依申请")]
    assert printed.index("其他处理") == printed.index("其他处理/逾期不补正") - 1


def test_the_single_other_row_is_not_printed_when_the_inputs_do_not_give_it():
    t = build_tables(inputs(2021, figures=[("依申请", "本年新收", "自然人", 5)]))
    assert "其他处理" not in [r.key for r in t.rows("依申请")]
    assert ("依申请", "其他处理", "总计") not in set(
        zip(t.figures["table"], t.figures["row"], t.figures["column"], strict=True)
    )
