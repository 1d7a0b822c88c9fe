"""The Report object the notebook calls: title, six sections, review; findings only in review."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO

from govreport.errors import DataValidationError
from govreport.present.report import Report

AGENCY = "haicheng-sample"


@pytest.fixture(scope="module")
def report():
    return Report.load(AGENCY, 2021, root=REPO)


def test_title_names_agency_and_year(report):
    assert "海澄市人民政府2021年政府信息公开工作年度报告" in report.title()


def test_sections_follow_the_format_in_order(report):
    headings = [report.section(n) for n in range(1, 7)]
    for n, heading in enumerate(report.tables.format.sections, start=1):
        assert f"<h2>{heading}</h2>" in headings[n - 1]
    assert 'data-table="主动公开"' in headings[1] and 'data-table="依申请"' in headings[2]
    assert 'data-table="复议诉讼"' in headings[3]
    assert headings[2].count("<img") == 3  # results, applicants, trend


def test_generated_sentence_matches_the_table(report):
    received = int(report.tables.value("依申请", "本年新收", "总计"))
    assert f"本机关收到政府信息公开申请{received}件" in report.section(3)


def test_sections_never_show_findings_and_review_shows_them(tmp_path):
    shutil.copytree(REPO / "data" / AGENCY, tmp_path / "data" / AGENCY)
    figures = tmp_path / "data" / AGENCY / "2021" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "依申请,予以公开,自然人,99999\n", encoding="utf-8")
    broken = Report.load(AGENCY, 2021, root=tmp_path)
    assert broken.value.failed()
    html = "".join(broken.section(n) for n in range(1, 7))
    assert "99999" not in html and "finding-" not in html
    review = broken.review()
    assert "declared-vs-computed" in review and "99999" in review
    frame = broken.value.checks_frame()
    assert list(frame.columns) == ["severity", "rule", "table", "row", "column", "message"]


def test_clean_report_does_not_fail_and_says_so(report):
    assert not report.value.failed()
    assert "错误 0" in report.review()


def test_a_narrative_section_of_another_format_is_an_input_error(tmp_path):
    shutil.copytree(REPO / "data" / AGENCY, tmp_path / "data" / AGENCY)
    narrative = tmp_path / "data" / AGENCY / "2021" / "narrative.md"
    narrative.write_text("## 一、概述\n\n文字。\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="“一、概述”不是 national-2021 格式的章节"):
        Report.load(AGENCY, 2021, root=tmp_path)


def test_an_agency_name_reaches_the_title_as_text(tmp_path):
    shutil.copytree(REPO / "data" / AGENCY, tmp_path / "data" / AGENCY)
    agency = tmp_path / "data" / AGENCY / "agency.yaml"
    agency.write_text("name: 海澄市<script>alert('x')</script>\nkind: government\n", encoding="utf-8")
    title = Report.load(AGENCY, 2021, root=tmp_path).title()
    assert "<script" not in title
    assert "<h1>海澄市&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;2021年政府信息公开工作年度报告</h1>" in title
    assert title.summary == "海澄市<script>alert('x')</script>2021年政府信息公开工作年度报告"  # plain text
