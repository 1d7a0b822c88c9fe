"""A region's summary from its agencies' built reports: sums, shares, rankings, statuses and trend, worked by hand.

The reports are tiny: every cell of their format is 0 but the few written out here, as a built figures.csv
holds every cell (totals included, as build computes them).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from govreport.compute import headline, summary
from govreport.compute.summary import Entry
from govreport.inputs.agency import Agency
from govreport.inputs.built import Built, Checked
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams
from govreport.inputs.vocabulary import load_format

FEE = ("主动公开", "行政事业性收费", "本年收费金额（单位：万元）")


def cells(fmt: str, given: dict[tuple[str, str, str], object]) -> dict:
    """Every cell a built figures.csv of format `fmt` holds: `given`, else 0."""
    found = {(t.id, r, c): 0 for t in load_format(fmt).tables.values() for r, c in t.cells()}
    for cell in given:
        assert cell in found or cell[1] == "其他处理", cell  # a typo here would test nothing
    return {**found, **given}


def requests(**rows: tuple[int, int]) -> dict:
    """依申请 rows given as (自然人, 总计); the other applicant columns 0. Row names use _ for / (不予公开_国家秘密)."""
    found = {}
    for row, (person, total) in rows.items():
        key = row.replace("_", "/")
        found[("依申请", key, "自然人")] = person
        found[("依申请", key, "总计")] = total
    return found


# 甲局 (a department): received 10, handled 8 = 予以公开 4 + 不予公开 2 + 其他处理 2; 行政复议 corrected 1.
A = cells(
    "national-2021",
    {
        **requests(本年新收=(10, 10), 予以公开=(4, 4), 不予公开_国家秘密=(2, 2), 其他处理_其他=(2, 2), 总计=(8, 8)),
        **requests(结转下年度=(2, 2)),
        ("复议诉讼", "行政复议", "结果纠正"): 1,
        ("复议诉讼", "行政复议", "总计"): 1,
        FEE: Decimal("1.10"),
    },
)
# 乙市 (a government): received 30, handled 20 = 予以公开 5 + 部分公开 5 + 不予公开 6 + 其他处理 4;
# 行政诉讼 (未经复议直接起诉) corrected 2.
B = cells(
    "national-2021",
    {
        **requests(本年新收=(30, 30), 予以公开=(5, 5), 部分公开=(5, 5), 不予公开_内部事务=(6, 6)),
        **requests(其他处理_逾期不补正=(4, 4), 总计=(20, 20), 结转下年度=(10, 10)),
        ("复议诉讼", "未经复议直接起诉", "结果纠正"): 2,
        ("复议诉讼", "未经复议直接起诉", "总计"): 2,
        FEE: Decimal("2.205"),
    },
)
# 丙办 printed its 2022 report in the 2019 format: named, never added.
C = cells("national-2019", requests(本年新收=(1000, 1000), 总计=(1000, 1000), 予以公开=(1000, 1000)))
# As the rule words its measure in English (checks.measured reads either language)
REPEATS = "data/{a}/2022/narrative.md: 60% of the agency's own prose repeats 2021's (data/{a}/2021/narrative.md), "
REPEATS += "numbers aside: "
AGENCIES = [
    Agency("a-bureau", "甲局", "department"),
    Agency("b-city", "乙市", "government"),
    Agency("c-office", "丙办", "department"),
    Agency("d-agency", "丁委", "department"),  # covered, no report of 2022
]
BUILT = {
    ("a-bureau", 2022): Built(
        "a-bureau",
        2022,
        A,
        (
            Checked("info", "not-given", "…"),
            Checked(
                "info", "repetition", REPEATS.format(a="a") + "1 of 4 sentences, 30 of 120 characters; not above 50%"
            ),
        ),
        published="2023-01-20",
    ),
    ("b-city", 2022): Built(
        "b-city",
        2022,
        B,
        (
            Checked("error", "identity", "…"),
            Checked(
                "warning", "deadline", "published 2023-04-02, after the deadline 2023-03-31 (reports of this format)"
            ),
            Checked(
                "warning",
                "repetition",
                REPEATS.format(a="b")
                + "3 of 5 sentences, 90 of 150 characters; above 50%; write this year's account afresh",
            ),
        ),
        published="2023-04-02",
    ),
    ("c-office", 2022): Built("c-office", 2022, C),
    ("a-bureau", 2021): Built("a-bureau", 2021, cells("national-2021", requests(本年新收=(6, 6), 总计=(6, 6)))),
}
PARAMS = SummaryParams("coast", 2022, "海滨市", ("a-bureau", "b-city", "c-office", "d-agency", "ghost"))
UNKNOWN = [("ghost", "no agency data/ghost/agency.yaml in the project")]


def value() -> summary.Summary:
    return summary.summarise(PARAMS, AGENCIES, UNKNOWN, BUILT)


def test_the_tables_are_summed_cell_by_cell_over_the_reports_of_the_summarys_format():
    tables = value().tables
    assert tables.format.name == "national-2021"
    assert tables.value("依申请", "本年新收", "总计") == 40  # 10 + 30; 丙办's 1000 is in another format
    assert tables.value("依申请", "本年新收", "自然人") == 40
    assert tables.value("依申请", "总计", "总计") == 28  # 8 + 20
    assert tables.value("依申请", "不予公开/国家秘密", "总计") == 2
    assert tables.value("依申请", "不予公开/内部事务", "总计") == 6
    assert tables.value("依申请", "结转下年度", "总计") == 12  # 2 + 10
    assert tables.value("复议诉讼", "行政复议", "结果纠正") == 1
    assert tables.value(*FEE) == Decimal("3.305")  # 1.10 + 2.205, exactly
    assert value().headline() == {
        "received": 40,
        "carried_in": 0,
        "handled": 28,
        "carried_over": 12,
        "disclosed_full": 9,  # 4 + 5
        "disclosed_part": 5,
        "other": 6,  # 2 + 4
    }


def test_two_formats_in_one_year_are_never_mixed():
    found = value()
    (other,) = found.of("other-format")
    assert (other.agency, other.format) == ("c-office", "national-2019")
    figures = found.figures_frame()
    assert not (figures["row"] == "规范性文件").any()  # a 2019-format row
    assert [e.agency for e in found.summed] == ["a-bureau", "b-city"]


def test_which_reports_are_late_wrong_missing_or_undated():
    found = value()
    by = {e.agency: e for e in found.entries}
    assert (by["a-bureau"].on_time, by["a-bureau"].late, by["a-bureau"].due) == (True, False, dt.date(2023, 1, 31))
    assert (by["b-city"].on_time, by["b-city"].late, by["b-city"].due) == (False, True, dt.date(2023, 3, 31))
    assert (by["b-city"].errors, by["b-city"].warnings, by["b-city"].rules) == (
        1,
        2,
        ("identity", "deadline", "repetition"),
    )
    assert (by["a-bureau"].errors, by["a-bureau"].warnings, by["a-bureau"].rules) == (0, 0, ())  # info is no problem
    assert by["c-office"].published is None and not by["c-office"].on_time
    assert by["d-agency"].status == "not-built"
    assert found.missing == ("d-agency", "ghost")
    assert found.counts() == {
        "covered": 5,  # four agencies and ghost
        "built": 3,
        "summed": 2,
        "other_format": 1,
        "missing": 2,
        "on_time": 1,
        "late": 1,
        "undated": 1,
        "errors": 1,
        "warnings": 1,
    }


def ranking(key: str) -> list[tuple]:
    (found,) = [r for r in value().rankings if r.key == key]
    return [(r.rank, r.agency, *r.values) for r in found.rows]


def test_rankings_worked_by_hand():
    assert ranking("received") == [(1, "b-city", 30, 20), (2, "a-bureau", 10, 8)]
    # 予以公开: 4 of 8 = 50.0%, 5 of 20 = 25.0%
    assert ranking("disclosed") == [(1, "a-bureau", 4, 8, Decimal("50.0")), (2, "b-city", 5, 20, Decimal("25.0"))]
    # 不予公开: 6 of 20 = 30.0% over 2 of 8 = 25.0%
    assert ranking("refused") == [(1, "b-city", 6, 20, Decimal("30.0")), (2, "a-bureau", 2, 8, Decimal("25.0"))]
    # 其他处理: 2 of 8 = 25.0% over 4 of 20 = 20.0%
    assert ranking("other") == [(1, "a-bureau", 2, 8, Decimal("25.0")), (2, "b-city", 4, 20, Decimal("20.0"))]
    # 纠正: 乙市 0 + 2 = 2 over 甲局 1 + 0 = 1
    assert ranking("corrected") == [(1, "b-city", 0, 2, 2), (2, "a-bureau", 1, 0, 1)]
    # repetition, from each checks.csv: 90 of 150 = 60.0%, 30 of 120 = 25.0%
    assert ranking("repetition") == [(1, "b-city", 90, 150, Decimal("60.0")), (2, "a-bureau", 30, 120, Decimal("25.0"))]


def test_equal_figures_share_a_rank_and_the_next_rank_counts_them():
    entries = [
        Entry(a, a, "department", "summed", None, None, dt.date(2023, 1, 31), False, 0, 0, (), None) for a in "wxyz"
    ]
    ranked = summary._ranked([(5, entries[0], ()), (7, entries[1], ()), (5, entries[2], ()), (9, entries[3], ())])
    assert [(r.rank, r.agency) for r in ranked] == [(1, "z"), (2, "x"), (3, "w"), (3, "y")]


def test_an_agency_with_nothing_handled_or_no_measure_is_left_out_of_its_ranking_and_named():
    idle = cells("national-2021", requests(本年新收=(3, 3), 结转下年度=(3, 3)))
    agencies = [Agency("e-idle", "戊所", "department")]
    found = summary.summarise(PARAMS, agencies, [], {("e-idle", 2022): Built("e-idle", 2022, idle)})
    rankings = {r.key: r for r in found.rankings}
    assert [r.agency for r in rankings["received"].rows] == ["e-idle"]
    assert rankings["disclosed"].rows == () and rankings["disclosed"].left_out == ("戊所",)
    assert rankings["repetition"].left_out == ("戊所",)


def test_the_trend_adds_up_each_years_reports_in_that_years_format():
    trend = value().trend
    assert [(t.year, t.format, t.reports, t.received, t.handled, t.disclosed, t.other_format) for t in trend] == [
        (2021, "national-2021", 1, 6, 6, 0, 0),
        (2022, "national-2021", 2, 40, 28, 14, 1),  # disclosed 9 + 5
    ]


def test_a_single_other_handling_row_and_split_rows_add_up_to_one_group():
    # X prints the 2019 form's single （六）其他处理 row (an imported report): 5; Y splits it: 1 + 2.
    x = cells("national-2021", {("依申请", "其他处理", "总计"): 5, ("依申请", "其他处理", "自然人"): 5})
    y = cells("national-2021", requests(其他处理_逾期不补正=(1, 1), 其他处理_其他=(2, 2)))
    tables = summary.summed_tables(load_format("national-2021"), 2022, [x, y])
    assert tables.value("依申请", "其他处理", "总计") == 8  # 5 + (1 + 2)
    assert tables.value("依申请", "其他处理/逾期不补正", "总计") == 1
    assert headline.other(headline.cells(tables), "national-2021") == 8


# -- reading a project: what `load` reads of build/, params/ and data/ --------------------------------------------
def _write(root: Path, slug: str, name: str, kind: str, year: int | None, figures: dict, checks: str = "") -> None:
    (root / "data" / slug).mkdir(parents=True, exist_ok=True)
    (root / "data" / slug / "agency.yaml").write_text(f"name: {name}\nkind: {kind}\n", encoding="utf-8")
    if year is None:
        return
    folder = root / "build" / slug / str(year)
    folder.mkdir(parents=True)
    lines = "".join(f"{t},{r},{c},{v}\n" for (t, r, c), v in figures.items())
    (folder / "figures.csv").write_text("table,row,column,value\n" + lines, encoding="utf-8")
    (folder / "checks.csv").write_text("severity,rule,table,row,column,message\n" + checks, encoding="utf-8")
    (root / "params" / slug).mkdir(parents=True, exist_ok=True)
    (root / "params" / slug / f"{year}.yaml").write_text(
        f"agency: {slug}\nyear: {year}\npublished: '{year + 1}-01-10'\n"
    )


def test_load_reads_the_covered_agencies_builds_by_pattern_and_kind(tmp_path):
    warning = 'warning,deadline,,,,"published 2023-04-02, after the deadline 2023-03-31 (reports of this format)"\n'
    _write(tmp_path, "coast-a", "甲局", "department", 2022, A)
    _write(tmp_path, "coast-b", "乙市", "government", 2022, B, warning)
    _write(tmp_path, "inland-c", "丙县", "government", 2022, B)  # not matched by the pattern
    _write(tmp_path, "coast-e", "戊市", "government", None, {})  # matched, no report
    (tmp_path / "data" / "coast-f").mkdir(parents=True)
    (tmp_path / "data" / "coast-f" / "agency.yaml").write_text("name: 己\nkind: city\n", encoding="utf-8")
    params = SummaryParams("coast", 2022, "海滨市", ("coast-*",), kind="government")
    found = summary.load(Project.at(tmp_path), params)
    assert [(e.agency, e.status) for e in found.entries] == [("coast-b", "summed"), ("coast-e", "not-built")]
    assert found.tables.value("依申请", "本年新收", "总计") == 30  # 乙市 alone
    (late,) = [e for e in found.entries if e.late]
    assert (late.agency, late.published) == ("coast-b", "2023-01-10")  # the date its params state
    assert [slug for slug, _ in found.unknown] == ["coast-f"]  # its agency.yaml cannot be read: named, not guessed
    assert "build/coast-b/2022/figures.csv" in found.sources and "build/coast-a/2022/figures.csv" not in found.sources
