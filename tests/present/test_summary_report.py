"""A summary's parts as the notebook shows them: every number in a sentence worked by hand, links, listings."""

from __future__ import annotations

import base64
import hashlib
import re

import nbformat
import pytest

from govreport.compute import sentences, summary
from govreport.inputs.agency import Agency
from govreport.inputs.built import Built, Checked
from govreport.inputs.summary_params import SummaryParams
from govreport.inputs.vocabulary import load_format
from govreport.present import render
from govreport.present.summary_report import SummaryReport


def cells(fmt: str, given: dict) -> dict:
    return {**{(t.id, r, c): 0 for t in load_format(fmt).tables.values() for r, c in t.cells()}, **given}


def requests(received: int, disclosed: int, handled: int) -> dict:
    return {
        ("依申请", "本年新收", "总计"): received,
        ("依申请", "予以公开", "总计"): disclosed,
        ("依申请", "总计", "总计"): handled,
    }


LATE = "published 2023-04-02, after the deadline 2023-03-31 (reports of this format)"


@pytest.fixture(scope="module")
def report() -> SummaryReport:
    return tiny_summary()


def tiny_summary() -> SummaryReport:
    """甲局, 乙市 (late, an error), 丙办 (no report) and ghost (no agency) in 2022; 甲局 in 2021 too."""
    agencies = [
        Agency("a-bureau", "甲局", "department"),
        Agency("b-city", "乙市", "government"),
        Agency("c-office", "丙办", "department"),
    ]
    built = {
        # 甲局: 10 received, 4 of 8 handled disclosed (50.0%); on time.
        ("a-bureau", 2022): Built("a-bureau", 2022, cells("national-2021", requests(10, 4, 8)), (), "2023-01-20"),
        # 乙市: 30 received, 5 of 20 disclosed (25.0%); late, and an error.
        ("b-city", 2022): Built(
            "b-city",
            2022,
            cells("national-2021", requests(30, 5, 20)),
            (Checked("warning", "deadline", LATE), Checked("error", "identity", "…")),
            "2023-04-02",
        ),
        ("a-bureau", 2021): Built("a-bureau", 2021, cells("national-2021", requests(6, 6, 6))),
    }
    params = SummaryParams("coast", 2022, "海滨市", ("a-bureau", "b-city", "c-office", "ghost"))
    unknown = [("ghost", "no agency data/ghost/agency.yaml in the project")]
    return SummaryReport(summary.summarise(params, agencies, unknown, built))


def test_the_overview_counts_and_names_what_is_missing(report):
    assert sentences.summary_overview(report.value) == [
        "本汇总覆盖海滨市4个机关的2022年政府信息公开工作年度报告，已生成2份，其中2份按2021年版格式逐格相加。",
        "缺少2022年报告的2个：丙办、ghost（无此机关）。",
    ]


def test_the_reports_sentences_name_the_late_and_the_wrong(report):
    assert sentences.summary_reports(report.value) == [
        "已生成的2份报告中，按期公开1份，逾期公开1份，未注明公开日期0份；有错误的1份，有警告的1份。",
        "逾期公开的是：乙市（2023-04-02公开，期限2023-03-31）。",
        "有错误的是：乙市；错误在审核版中逐条列出。",
    ]


def test_the_rankings_sentences_say_who_heads_and_who_ends_each(report):
    found = sentences.summary_rankings(report.value)
    assert found[0] == "收到政府信息公开申请：最多的是乙市（30件），最少的是甲局（10件）。"
    assert found[1] == "予以公开的比例：最高的是甲局（50.0%），最低的是乙市（25.0%）。"
    assert "正文与上年雷同的比例：没有可以排名的机关。" in found


def test_the_trend_sentence_lists_each_years_requests(report):
    assert sentences.summary_trend(report.value) == [
        "2021年至2022年，各年汇总的报告（按当年的格式）收到申请依次为：2021年6件、2022年40件。"
        "各年汇总的机关不尽相同，以表中“汇总报告数”为准。"
    ]


def test_the_reports_listing_links_each_report_and_review_copy_and_marks_rows(report):
    page = str(report.reports())
    links = '<a href="../../../a-bureau/2022/report.html">报告</a> · <a href="../../../a-bureau/2022/review.html">'
    assert links + "审核版</a>" in page
    assert '<tr class="errors"><th scope="row" data-sort="b-city">乙市</th>' in page
    assert '<tr class="missing"><th scope="row" data-sort="c-office">丙办</th>' in page
    assert '<tr class="missing"><th scope="row">ghost</th>' in page  # sorted by its text, which is its slug


def test_a_ranking_downloads_as_the_csv_it_shows(report):
    page = str(report.rankings())
    (link,) = re.findall(r'download="coast-2022-disclosed.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page)
    assert base64.b64decode(link).decode("utf-8") == (
        "\ufeff名次,机关,予以公开（件）,办理完毕（件）,占办理完毕的比例\n1,甲局,4,8,50.0%\n2,乙市,5,20,25.0%\n"
    )
    assert "coast-2022-repetition.csv" not in page  # nothing to rank: its sentence says so, no empty table


def test_the_tables_section_prints_every_official_table_of_the_format(report):
    page = str(report.tables())
    assert re.findall(r'data-table="([^"]+)"', page) == list(load_format("national-2021").tables)
    assert "2022年，汇总的2个机关共收到政府信息公开申请40件" in page


def summary_page(report: SummaryReport, *parts: str) -> str:
    """The published page of a notebook whose cells show these parts of the summary."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["govreport"] = {"title": report.value.title}
    for part in parts:
        cell = nbformat.v4.new_code_cell(f"summary.{part}()")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": str(getattr(report, part)())})]
        nb.cells.append(cell)
    return render.summary_page(nb)


def test_the_page_allows_its_own_script_by_hash_and_nothing_else(report):
    page = summary_page(report, "rankings")
    (script,) = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{digest}'" in page
    assert "<title>海滨市2022年政府信息公开工作年度报告汇总</title>" in page
    assert "summary.rankings()" not in page  # no code on the published page
