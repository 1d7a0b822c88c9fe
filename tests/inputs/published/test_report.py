"""A published report read back: its agency, year and kind from the title; its prose by section."""

from __future__ import annotations

import pytest

from govreport.errors import SourceError
from govreport.inputs.published.document import Document, Grid, Paragraph
from govreport.inputs.published.report import agency_of, kind_of, narrative_of, read_report


@pytest.mark.parametrize(
    ("title", "name", "year"),
    [
        ("福建省商务厅2017年政府信息公开工作年度报告", "福建省商务厅", 2017),
        ("2021年某某市交通运输局政府信息公开工作年度报告", "某某市交通运输局", 2021),
        ("某某县人民政府关于2020年度政府信息公开工作年度报告", "某某县人民政府", 2020),
        ("政府信息公开工作年度报告", "", None),
    ],
)
def test_the_title_names_the_agency_and_the_year(title, name, year):
    assert agency_of(title) == (name, year)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("某某县人民政府", "government"),
        ("某某街道办事处", "government"),
        ("某某镇", "government"),
        ("福建省商务厅", "department"),
        ("某某市交通运输局", "department"),
    ],
)
def test_the_kind_of_agency_from_its_name(name, kind):
    assert kind_of(name) == kind


def test_the_prose_goes_under_the_formats_own_headings():
    blocks = (
        Paragraph("某某局2021年政府信息公开工作年度报告", heading=True),
        Paragraph("发布时间：2022-01-20"),
        Paragraph("本报告根据条例编制。"),
        Paragraph("一、概述", heading=True),  # worded otherwise than the 2021 format's 一、总体情况
        Paragraph("2021年，本机关收到申请3件。"),
        Paragraph("收到和处理政府信息公开申请情况"),  # a caption above its table
        Grid(1, (("一、本年新收政府信息公开申请数量", *"3000003"),)),
        Paragraph("六、其他需要报告的事项", heading=True),
        Paragraph("本年度未收取信息处理费。"),
        Paragraph("七、附件", heading=True),  # beyond the format's six: goes into the last
        Paragraph("模板里写着{{ year }}。"),
    )
    doc = Document("r.html", "html", "某某局2021年政府信息公开工作年度报告", blocks)
    assert narrative_of(doc, "national-2021") == (
        "本报告根据条例编制。\n\n"
        "## 一、总体情况\n\n一、概述\n\n2021年，本机关收到申请3件。\n\n"
        "## 六、其他需要报告的事项\n\n"
        "{% raw %}本年度未收取信息处理费。\n\n七、附件\n\n模板里写着{{ year }}。{% endraw %}\n"
    )


def test_a_report_whose_title_gives_no_year_needs_one():
    doc = Document("r.html", "html", "政府信息公开工作年度报告", ())
    with pytest.raises(SourceError, match="r.html: .*--year"):
        read_report(doc)
    assert read_report(doc, year=2020).format == "national-2019"


def test_a_report_printed_in_traditional_characters_is_read_in_simplified_ones():
    blocks = (
        Paragraph("福建省商務廳2017年政府信息公開工作年度報告"),
        Paragraph("本報告根據《中華人民共和國政府信息公開條例》編制。"),
        Grid(1, (("主動公開檔案數", "213", "2676"), ("網路申請數", "122", "378"))),
    )
    report = read_report(Document("t.txt", "text", "", blocks))
    assert report.traditional and (report.name, report.year, report.format) == ("福建省商务厅", 2017, "legacy")
    got = {(c.row, c.column): c.value for c in report.cells}
    assert got == {
        ("主动公开文件数", "本年"): 213,
        ("主动公开文件数", "历年累计"): 2676,
        ("网络申请数", "本年"): 122,
        ("网络申请数", "历年累计"): 378,
    }


def test_a_simplified_report_is_left_as_it_is():
    doc = Document("s.txt", "text", "某局2021年政府信息公开工作年度报告", (Paragraph("本机关收到申请3件。"),))
    assert not read_report(doc).traditional
