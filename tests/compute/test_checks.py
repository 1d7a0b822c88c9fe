"""Each consistency rule (docs/rules.md): one test that it fires, one that it stays quiet."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ledger

from govreport.compute import checks
from govreport.compute.checks import Context
from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import format_for_year, load_format

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English


def inputs(year: int, figures=(), requests=None, previous=None) -> Inputs:
    frames = {}
    if figures:
        frames["figures"] = pd.DataFrame(list(figures), columns=["table", "row", "column", "value"])
    if requests is not None:
        frames["requests"] = requests
    fmt = load_format(format_for_year(year))
    return Inputs(Agency("x", "某机关", "department"), year, fmt, frames, "", {}, previous)


def run(rule: str, year: int, figures=(), requests=None, previous=None, ctx: Context | None = None):
    tables = build_tables(inputs(year, figures, requests, previous))
    found = checks.run_checks(tables, ctx or Context())
    return [(f.severity, f.table, f.row, f.column) for f in found if f.rule == rule]


def req(row, col, value):
    return ("依申请", row, col, value)


# -- identity: 本年新收 + 上年结转 = 总计 + 结转下年度, each column -------------------------------
def test_identity_fires_on_a_carry_forward_that_does_not_follow():
    figures = [req("本年新收", "自然人", 10), req("上年结转", "自然人", 2), req("予以公开", "自然人", 8)]
    assert run("identity", 2021, figures + [req("结转下年度", "自然人", 5)]) == [
        ("error", "依申请", "结转下年度", "自然人")  # the 总计 column is computed, so it balances
    ]


def test_identity_quiet_when_the_columns_balance():
    figures = [req("本年新收", "自然人", 10), req("上年结转", "自然人", 2), req("予以公开", "自然人", 8)]
    assert run("identity", 2021, figures + [req("结转下年度", "自然人", 4)]) == []


# A published 2020 report, in small: the result rows add up to 27, its （七）总计 says 21 and 结转下年度 0.
BROKEN_2020 = [
    req("本年新收", "自然人", 21),
    req("本年新收", "总计", 21),
    req("上年结转", "自然人", 0),
    req("上年结转", "总计", 0),
    req("予以公开", "自然人", 20),
    req("予以公开", "总计", 20),
    req("其他处理", "自然人", 7),
    req("其他处理", "总计", 7),
    req("总计", "自然人", 21),
    req("总计", "总计", 21),
    req("结转下年度", "自然人", 0),
    req("结转下年度", "总计", 0),
]


def test_more_handled_than_received_prints_no_negative_and_one_error_per_wrong_total():
    tables = build_tables(inputs(2020, BROKEN_2020))
    assert tables.value("依申请", "结转下年度", "自然人") == 0  # as declared; 21 + 0 − 27 would be −6
    assert min(tables.figures["value"]) >= 0
    found = [f for f in checks.run_checks(tables, Context()) if f.severity != "info"]
    # The two （七）总计 cells the report typed are wrong; 结转下年度 is explained there, not again.
    assert [(f.rule, f.row, f.column) for f in found] == [
        ("result-sum", "总计", "自然人"),
        ("result-sum", "总计", "总计"),
    ]
    assert "结转下年度 would be -6" in str(found[0].message) and "prints 0 (as declared)" in str(found[0].message)


def test_the_next_year_compares_with_what_the_broken_year_published():
    previous = inputs(2020, BROKEN_2020)
    figures = [req("上年结转", "自然人", 0), req("本年新收", "自然人", 4), req("予以公开", "自然人", 4)]
    tables = build_tables(inputs(2021, figures, previous=previous))
    assert [f for f in checks.run_checks(tables, Context()) if f.severity == "error"] == []


def test_identity_explains_a_negative_remainder_when_no_total_is_declared():
    # 本年新收 2, 予以公开 5, nothing else: 2 + 0 − 5 = −3; 0 is printed, and identity says why, once.
    tables = build_tables(inputs(2021, [req("本年新收", "自然人", 2), req("予以公开", "自然人", 5)]))
    assert tables.value("依申请", "结转下年度", "自然人") == 0
    found = [f for f in checks.run_checks(tables, Context()) if f.severity != "info"]
    assert [(f.rule, f.row, f.column) for f in found] == [("identity", "结转下年度", "自然人")]
    assert "the result rows add up to 5" in str(found[0].message)
    assert "would be -3" in str(found[0].message) and "prints 0 (nothing is declared there)" in str(found[0].message)


# -- result-sum: （七）总计 = the result rows -------------------------------------------------------
def test_result_sum_fires_on_a_total_typed_to_fit():
    figures = [req("予以公开", "商业企业", 3), req("部分公开", "商业企业", 1), req("总计", "商业企业", 5)]
    assert run("result-sum", 2020, figures) == [("error", "依申请", "总计", "商业企业")]


def test_result_sum_quiet_when_rows_add_up():
    figures = [req("予以公开", "商业企业", 3), req("其他处理", "商业企业", 2), req("总计", "商业企业", 5)]
    assert run("result-sum", 2020, figures) == []


# -- column-sum: the 总计 column = the other columns ------------------------------------------------
def test_column_sum_fires_on_a_wrong_total_column():
    figures = [req("本年新收", "自然人", 4), req("本年新收", "其他", 1), req("本年新收", "总计", 6)]
    assert run("column-sum", 2021, figures) == [("error", "依申请", "本年新收", "总计")]


def test_a_wrong_appeals_total_is_one_finding_not_two():
    # 复议后起诉: 纠正 1, nothing else, 总计 typed as 2: one wrong cell, so one error (appeal-sum's).
    figures = [("复议诉讼", "复议后起诉", "结果纠正", 1), ("复议诉讼", "复议后起诉", "总计", 2)]
    found = checks.run_checks(build_tables(inputs(2021, figures)), Context())
    problems = [(f.rule, f.table, f.row, f.column) for f in found if f.severity != "info"]
    assert problems == [("appeal-sum", "复议诉讼", "复议后起诉", "总计")]


def test_two_rules_on_one_cell_are_one_finding_naming_both():
    # 予以公开 自然人 3 (so the result rows and the row of （七）总计 both come to 3), 总计/总计 typed as 5:
    # result-sum (column 总计) and column-sum (row 总计) both point at 依申请/总计/总计.
    figures = [req("予以公开", "自然人", 3), req("总计", "总计", 5)]
    found = checks.run_checks(build_tables(inputs(2021, figures)), Context())
    on_cell = [f for f in found if (f.table, f.row, f.column) == ("依申请", "总计", "总计")]
    assert [(f.severity, f.rule) for f in on_cell] == [("error", "result-sum")]
    assert "says 5 but the result rows add up to 3" in str(on_cell[0].message)
    assert "also [column-sum]" in str(on_cell[0].message) and "other columns add up to 3" in str(on_cell[0].message)


def test_one_per_cell_keeps_findings_on_different_cells_and_info_apart():
    a = checks.Finding("warning", "stock-chain", "主动公开", "规章", "现行有效件数", "a")
    b = checks.Finding("error", "x", "主动公开", "规章", "现行有效件数", "b")
    c = checks.Finding("error", "y", "主动公开", "规章", "本年制发件数", "c")
    i = checks.Finding("info", "not-given", "主动公开", "规章", "现行有效件数", "i")
    folded = checks.one_per_cell([a, i, b, c])
    assert folded[1:] == [i, c]
    assert (folded[0].severity, folded[0].rule) == ("error", "stock-chain")
    assert folded[0].message.text("en") == "a; also [x] b"
    assert folded[0].message.text("zh") == "a；另见 [x] b"


def test_column_sum_quiet_when_columns_add_up():
    figures = [req("本年新收", "自然人", 4), req("本年新收", "其他", 1), req("本年新收", "总计", 5)]
    assert run("column-sum", 2021, figures) == []


# -- appeal-sum ----------------------------------------------------------------------------------
def test_appeal_sum_fires_when_pending_cases_are_left_out():
    figures = [("复议诉讼", "行政复议", "结果维持", 2), ("复议诉讼", "行政复议", "尚未审结", 1)]
    figures.append(("复议诉讼", "行政复议", "总计", 2))
    assert run("appeal-sum", 2019, figures) == [("error", "复议诉讼", "行政复议", "总计")]


def test_appeal_sum_quiet_when_results_add_up():
    figures = [("复议诉讼", "行政复议", "结果维持", 2), ("复议诉讼", "行政复议", "尚未审结", 1)]
    figures.append(("复议诉讼", "行政复议", "总计", 3))
    assert run("appeal-sum", 2019, figures) == []


# -- channel-sum (legacy) ------------------------------------------------------------------------
def appendix(row, value, col="本年"):
    return ("附表", row, col, value)


def test_channel_sum_fires_when_channels_exceed_the_total():
    figures = [appendix("受理申请总数", 5), appendix("网络申请数", 4), appendix("当面申请数", 2)]
    assert run("channel-sum", 2017, figures) == [("error", "附表", "受理申请总数", "本年")]


def test_channel_sum_quiet_when_the_total_leaves_room_for_other_channels():
    figures = [appendix("受理申请总数", 7), appendix("网络申请数", 4), appendix("当面申请数", 2)]
    assert run("channel-sum", 2017, figures) == []


def test_channel_sum_leaves_a_total_counted_from_the_ledger_to_declared_vs_computed():
    requests = ledger(
        [
            ("1", "2017-02-01", "网络", "自然人", "同意公开", "2017-02-10"),
            ("2", "2017-03-01", "当面", "自然人", "同意公开", "2017-03-10"),
        ]
    )
    declared = [appendix("受理申请总数", 3)]  # the ledger counts 2, all by a channel with a row
    assert run("channel-sum", 2017, declared, requests) == []
    assert run("declared-vs-computed", 2017, declared, requests) == [("error", "附表", "受理申请总数", "本年")]


# -- reply-sum (legacy) --------------------------------------------------------------------------
def test_reply_sum_fires_when_reply_types_do_not_add_up():
    figures = [appendix("答复总数", 10), appendix("同意公开", 6), appendix("不予公开", 3)]
    assert run("reply-sum", 2018, figures) == [("error", "附表", "答复总数", "本年")]


def test_reply_sum_quiet_when_they_do():
    figures = [appendix("答复总数", 10), appendix("同意公开", 6), appendix("不予公开", 3), appendix("其他类型", 1)]
    assert run("reply-sum", 2018, figures) == []


def test_reply_sum_checks_the_cumulative_column():
    figures = [appendix("答复总数", 10, "历年累计"), appendix("同意公开", 9, "历年累计")]
    assert run("reply-sum", 2018, figures) == [("error", "附表", "答复总数", "历年累计")]


# -- carry-over: 上年结转 (Y) = 结转下年度 (Y−1) ----------------------------------------------------
def two_years(carried_in: int, carried_forward: int = 3, year: int = 2021):
    before = inputs(year - 1, [req("本年新收", "自然人", 5), req("予以公开", "自然人", 5 - carried_forward)])
    return [req("上年结转", "自然人", carried_in), req("本年新收", "自然人", 1)], before


def test_carry_over_fires_when_last_years_carry_forward_is_not_carried_in():
    figures, before = two_years(carried_in=2)
    # 自然人 is wrong; the 总计 column only adds it up, so it is not a second finding.
    assert run("carry-over", 2021, figures, previous=before) == [("error", "依申请", "上年结转", "自然人")]
    found = checks.run_checks(build_tables(inputs(2021, figures, previous=before)), Context())
    (finding,) = [f for f in found if f.rule == "carry-over"]
    assert (
        str(finding.message)
        == "自然人: 上年结转 2 in 2021 but 2020 carried 3 forward (结转下年度, as 2020's report computed it)"
    )


def test_carry_over_says_it_compared_with_what_last_year_published():
    before = inputs(2020, [req("本年新收", "自然人", 5), req("结转下年度", "自然人", 1)])
    found = checks.run_checks(build_tables(inputs(2021, [req("上年结转", "自然人", 2)], previous=before)), Context())
    (finding,) = [f for f in found if f.rule == "carry-over"]
    assert str(finding.message).endswith("2020 carried 1 forward (结转下年度, as 2020's report published it)")


def test_a_wrong_figure_in_the_total_column_is_one_finding():
    # 本年新收: 自然人 5, 总计 typed as 6; everything else balances. Only column-sum names it.
    figures = [req("本年新收", "自然人", 5), req("本年新收", "总计", 6), req("予以公开", "自然人", 5)]
    found = checks.run_checks(build_tables(inputs(2021, figures)), Context())
    assert [(f.rule, f.row, f.column) for f in found if f.severity != "info"] == [("column-sum", "本年新收", "总计")]


def test_carry_over_quiet_when_it_is():
    figures, before = two_years(carried_in=3)
    assert run("carry-over", 2021, figures, previous=before) == []


def test_carry_over_compares_2019_format_with_2021_format():
    figures, before = two_years(carried_in=2, year=2021)
    assert before.format.name == "national-2019"
    assert run("carry-over", 2021, figures, previous=before)


def test_carry_over_silent_without_previous_year():
    figures, _ = two_years(carried_in=2)
    assert run("carry-over", 2021, figures) == []


def test_carry_over_silent_after_a_legacy_year():
    before = inputs(2018, [appendix("受理申请总数", 5)])
    assert run("carry-over", 2019, [req("上年结转", "自然人", 2)], previous=before) == []


# -- cumulative-chain (legacy 历年累计) -------------------------------------------------------------
def test_cumulative_chain_fires_when_the_total_restarts():
    before = inputs(2016, [appendix("行政复议数", 1), appendix("行政复议数", 6, "历年累计")])
    figures = [appendix("行政复议数", 2), appendix("行政复议数", 2, "历年累计")]  # should be 6 + 2
    assert run("cumulative-chain", 2017, figures, previous=before) == [("error", "附表", "行政复议数", "历年累计")]


def test_cumulative_chain_fires_when_below_this_year_even_alone():
    figures = [appendix("行政诉讼数", 3), appendix("行政诉讼数", 1, "历年累计")]
    assert run("cumulative-chain", 2017, figures) == [("error", "附表", "行政诉讼数", "历年累计")]


def test_cumulative_chain_quiet_when_it_follows():
    before = inputs(2016, [appendix("行政复议数", 1), appendix("行政复议数", 6, "历年累计")])
    figures = [appendix("行政复议数", 2), appendix("行政复议数", 8, "历年累计")]
    assert run("cumulative-chain", 2017, figures, previous=before) == []


# -- stock-chain ---------------------------------------------------------------------------------
def stock(row, col, value):
    return ("主动公开", row, col, value)


def test_stock_chain_fires_when_2021_stock_does_not_follow():
    before = inputs(2021, [stock("规章", "现行有效件数", 40)])
    figures = [stock("规章", "本年制发件数", 5), stock("规章", "本年废止件数", 2), stock("规章", "现行有效件数", 45)]
    assert run("stock-chain", 2022, figures, previous=before) == [("warning", "主动公开", "规章", "现行有效件数")]


def test_stock_chain_quiet_when_2021_stock_follows():
    before = inputs(2021, [stock("规章", "现行有效件数", 40)])
    figures = [stock("规章", "本年制发件数", 5), stock("规章", "本年废止件数", 2), stock("规章", "现行有效件数", 43)]
    assert run("stock-chain", 2022, figures, previous=before) == []


def test_stock_chain_silent_when_last_years_stock_is_not_given():
    before = inputs(2021, [stock("行政许可", "本年处理决定数量", 40)])
    figures = [stock("规章", "本年制发件数", 5), stock("规章", "现行有效件数", 43)]
    assert run("stock-chain", 2022, figures, previous=before) == []


def test_stock_chain_silent_across_a_change_of_format():
    before = inputs(2020, [stock("规章", "对外公开总数量", 10)])
    assert run("stock-chain", 2021, [stock("规章", "现行有效件数", 43)], previous=before) == []


def test_stock_chain_fires_on_2019_items_that_do_not_follow():
    before = inputs(2019, [stock("行政许可", "上一年项目数量", 100), stock("行政许可", "本年增/减", 4)])
    assert run("stock-chain", 2020, [stock("行政许可", "上一年项目数量", 100)], previous=before) == [
        ("warning", "主动公开", "行政许可", "上一年项目数量")
    ]
    assert run("stock-chain", 2020, [stock("行政许可", "上一年项目数量", 104)], previous=before) == []


def test_stock_chain_fires_on_a_2019_public_total_that_grows_more_than_was_published():
    before = inputs(2019, [stock("规范性文件", "对外公开总数量", 30)])
    figures = [stock("规范性文件", "本年新公开数量", 2), stock("规范性文件", "对外公开总数量", 35)]
    assert run("stock-chain", 2020, figures, previous=before) == [
        ("warning", "主动公开", "规范性文件", "对外公开总数量")
    ]
    figures[1] = stock("规范性文件", "对外公开总数量", 31)  # two published, one repealed
    assert run("stock-chain", 2020, figures, previous=before) == []


# -- declared-vs-computed ------------------------------------------------------------------------
LEDGER = [
    ("1", "2021-02-01", "网络", "自然人", "予以公开", "2021-02-10"),
    ("2", "2021-03-01", "网络", "自然人", "予以公开", "2021-03-10"),
]


def test_declared_vs_computed_fires_when_a_declared_figure_disagrees_with_records():
    found = run("declared-vs-computed", 2021, [req("予以公开", "自然人", 3)], ledger(LEDGER))
    assert found == [("error", "依申请", "予以公开", "自然人")]


def test_declared_vs_computed_quiet_when_they_agree():
    assert run("declared-vs-computed", 2021, [req("予以公开", "自然人", 2)], ledger(LEDGER)) == []


# -- deadline ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "kind", "published", "late"),
    [
        pytest.param(2021, "department", "2022-02-01", True, id="department-national-after-31-january"),
        pytest.param(2021, "department", "2022-01-31", False, id="department-national-on-31-january"),
        pytest.param(2020, "government", "2021-03-31", False, id="government-national-by-31-march"),
        pytest.param(2020, "government", "2021-04-01", True, id="government-national-after-31-march"),
        pytest.param(2017, "department", "2018-03-30", False, id="legacy-department-by-31-march"),
        pytest.param(2017, "government", "2018-04-02", True, id="legacy-after-31-march"),
    ],
)
def test_deadline(year, kind, published, late):
    found = run("deadline", year, ctx=Context(agency_kind=kind, published=published))
    assert found == ([("warning", "", "", "")] if late else [])


def test_deadline_silent_without_a_publication_date():
    assert run("deadline", 2021, ctx=Context(agency_kind="department")) == []


def test_the_last_day_on_time_by_format_and_kind():
    from govreport.compute.checks import due

    assert due(2021, "national-2021", "department") == dt.date(2022, 1, 31)
    assert due(2019, "national-2019", "government") == dt.date(2020, 3, 31)
    assert due(2017, "legacy", "department") == dt.date(2018, 3, 31)  # no earlier day for departments before 2019


# -- not-given -----------------------------------------------------------------------------------
def test_not_given_is_info_for_each_missing_cell():
    found = run("not-given", 2021, [stock("行政许可", "本年处理决定数量", 1)])
    assert ("info", "主动公开", "行政处罚", "本年处理决定数量") in found
    assert ("info", "主动公开", "行政许可", "本年处理决定数量") not in found


def test_every_contract_rule_has_an_id():
    contract = {
        "identity",
        "result-sum",
        "column-sum",
        "appeal-sum",
        "channel-sum",
        "reply-sum",
        "carry-over",
        "cumulative-chain",
        "stock-chain",
        "deadline",
    }
    assert contract <= set(checks.RULES)


# -- year-change: a headline figure more than fivefold last year's, both years at least 20 -------------------
def received(year: int, count: int, previous=None):
    return inputs(year, [req("本年新收", "自然人", count), req("予以公开", "自然人", count)], previous=previous)


def test_year_change_fires_on_a_fivefold_jump():
    # 2020: 24 received; 2021: 130 → ×5.4, both at least 20.
    tables = build_tables(received(2021, 130, previous=received(2020, 24)))
    found = [f for f in checks.run_checks(tables, Context()) if f.rule == "year-change"]
    assert [(f.severity, f.table, f.row, f.column) for f in found] == [
        ("warning", "依申请", "本年新收", "总计"),
        ("warning", "依申请", "总计", "总计"),  # handled: the same 24 → 130
        ("warning", "依申请", "予以公开", "总计"),
    ]
    assert (
        str(found[0].message)
        == "收到申请: 2020 24 → 2021 130 (×5.4), more than 5-fold either way; say why in the report"
    )


def test_year_change_fires_on_a_fall_too():
    tables = build_tables(received(2021, 20, previous=received(2020, 101)))  # 101 → 20: ×0.2
    found = [f for f in checks.run_checks(tables, Context()) if f.rule == "year-change"]
    assert str(found[0].message).startswith("收到申请: 2020 101 → 2021 20 (×0.2)")


@pytest.mark.parametrize(
    ("last", "this"),
    [
        pytest.param(24, 120, id="exactly-fivefold"),
        pytest.param(10, 100, id="small-base"),
        pytest.param(0, 300, id="from-nothing"),
    ],
)
def test_year_change_quiet_within_fivefold_or_below_twenty(last, this):
    tables = build_tables(received(2021, this, previous=received(2020, last)))
    assert [f for f in checks.run_checks(tables, Context()) if f.rule == "year-change"] == []


def test_year_change_silent_without_last_year():
    assert run("year-change", 2021, [req("本年新收", "自然人", 500)]) == []


# -- text-vs-table: numbers the agency's prose states agree with the tables ---------------------------------
def prose_findings(year: int, figures, text: str) -> list:
    from govreport.compute.computation import compute
    from govreport.inputs.params import Params

    held = inputs(year, figures)
    held.narrative = text
    held.sources[f"data/x/{year}/narrative.md"] = "0"
    value = compute(Params("x", year), held)
    return [f for f in value.findings if f.rule == "text-vs-table"]


REVIEWS_170 = [("复议诉讼", "行政复议", "结果维持", 170), req("本年新收", "自然人", 134)]


def test_text_vs_table_fires_on_prose_that_contradicts_the_table():
    # A real 2024 report's defect in small: its prose says 134 行政复议, its table 170.
    text = "## 一、总体情况\n\n2024年，本机关收到政府信息公开申请134件；因政府信息公开被申请行政复议134件。"
    (found,) = prose_findings(2024, REVIEWS_170, text)
    assert (found.severity, found.table, found.row, found.column) == ("error", "复议诉讼", "行政复议", "总计")
    assert str(found.message) == (
        "data/x/2024/narrative.md:3: 「因政府信息公开被申请行政复议134件。」 says 行政复议 134, but the table has 170"
    )


def test_text_vs_table_quiet_when_prose_and_table_agree_or_speak_of_something_else():
    text = (
        "2024年，本机关收到政府信息公开申请134件，被申请行政复议170件。\n"
        "厅长信箱收到来信185件，均已答复办结。\n"  # letters, not requests: no statement about the table
        "全年召开新闻发布会3场。"
    )
    assert prose_findings(2024, REVIEWS_170, text) == []


def test_text_vs_table_reads_a_running_total_as_the_appendixs_cumulative_column():
    figures = [("附表", "主动公开文件数", "本年", 730), ("附表", "主动公开文件数", "历年累计", 7363)]
    assert prose_findings(2017, figures, "全年主动公开730条，截至年底累计主动公开7363条。") == []
    (found,) = prose_findings(2017, figures, "全年主动公开730条，截至年底累计主动公开7000条。")
    assert (found.table, found.row, found.column) == ("附表", "主动公开文件数", "历年累计")
    assert str(found.message).endswith("says 主动公开 7000, but the table has 7363")


# -- repetition: more than half of this year's own prose repeats last year's ---------------------------------
def repetition_value(text: str, last: str | None):
    from govreport.compute.computation import Earlier, compute
    from govreport.compute.repetition import Prose, masked_sentences
    from govreport.inputs.params import Params

    held = inputs(2022)
    held.narrative = text
    held.sources["data/x/2022/narrative.md"] = "0"
    prose = None if last is None else Prose("data/x/2021/narrative.md", "1" * 64, masked_sentences(last))
    return compute(Params("x", 2022), held, Earlier(None, prose=prose))


def test_repetition_fires_when_more_than_half_of_the_own_prose_repeats():
    value = repetition_value("甲" * 60 + "。" + "乙" * 40 + "。", last="甲" * 60 + "。")
    (found,) = [f for f in value.findings if f.rule == "repetition"]
    assert (found.severity, found.table, found.row, found.column) == ("warning", "", "", "")
    assert str(found.message) == (
        "data/x/2022/narrative.md: 60% of the agency's own prose repeats 2021's (data/x/2021/narrative.md), "
        "numbers aside: 1 of 2 sentences, 60 of 100 characters; above 50%; write this year's account afresh"
    )
    assert value.repetition.repeated_characters == 60  # the value the review page shows is the one the rule read
    assert value.sources["data/x/2021/narrative.md"] == "1" * 64  # last year's narrative was read


def test_repetition_at_half_or_less_is_info_with_the_measure_and_no_warning():
    value = repetition_value("甲" * 50 + "。" + "乙" * 50 + "。", last="甲" * 50 + "。")
    assert value.repetition.share == 0.5
    (found,) = [f for f in value.findings if f.rule == "repetition"]
    assert found.severity == "info"
    # 50 of 100 characters: 50%, not above the limit.
    assert str(found.message).endswith("1 of 2 sentences, 50 of 100 characters; not above 50%")
    assert value.counts()["warning"] == 0


def test_repetition_under_100_characters_is_info_not_judged():
    value = repetition_value("甲" * 60 + "。", last="甲" * 60 + "。")  # 60 of 60 repeat, but 60 < 100
    (found,) = [f for f in value.findings if f.rule == "repetition"]
    assert found.severity == "info"
    assert str(found.message).endswith(
        "1 of 1 sentences, 60 of 60 characters; under 100 characters of own prose, not judged"
    )


def test_repetition_says_nothing_of_a_narrative_with_no_prose_of_its_own():
    value = repetition_value("本年新收申请{{ 依申请.本年新收.总计 }}件。", last="甲" * 60 + "。")
    assert value.repetition is not None and value.repetition.characters == 0
    assert [f for f in value.findings if f.rule == "repetition"] == []


def test_the_measure_is_read_back_from_a_repetition_message_and_from_no_other():
    from govreport.compute.checks import measured

    above = repetition_value("甲" * 60 + "。" + "乙" * 40 + "。", last="甲" * 60 + "。")
    (found,) = [f for f in above.findings if f.rule == "repetition"]
    assert measured(found.message.text("en")) == measured(found.message.text("zh")) == (60, 100)  # either language
    assert measured("published 2022-02-01, after the deadline 2022-01-31 (departments)") is None


def test_repetition_silent_without_last_years_narrative():
    value = repetition_value("甲" * 60 + "。", last=None)
    assert value.repetition is None and [f for f in value.findings if f.rule == "repetition"] == []
    assert "data/x/2021/narrative.md" not in value.sources
