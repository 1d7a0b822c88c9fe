"""A new year's opening inputs from last year's frames: what carries, what starts empty, what is left to fill in."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd

from govreport.compute.opening import first_year, next_year
from govreport.inputs import schema
from govreport.inputs.agency_year import VALIDATORS, Agency, Inputs, read_table
from govreport.inputs.vocabulary import load_format

AGENCY = Agency("acme", "示例局", "department")
TEMPLATE = "## 一、总体情况\n\n（写总体情况。）\n"
# Last year (2023): R0 came in from 2022 and closed; R1 came and closed; R2 is still open on 31 December.
REQUESTS = """id,received,channel,applicant,outcome,closed
R0,2022-12-28,当面,自然人,部分公开,2023-01-05
R1,2023-02-01,网络,自然人,予以公开,2023-02-10
R2,2023-12-20,信函,商业企业,,
"""
# D1 in force; D2 repealed in 2023 (counts in no later year); D3 in force on 31 December, its repeal in 2024 known.
DOCUMENTS = """id,kind,title,issued,repealed,published
D1,规章,甲办法,2019-01-01,,
D2,行政规范性文件,乙通知,2020-03-01,2023-06-30,
D3,行政规范性文件,"丙意见，附件",2023-05-01,2024-02-01,2023-05-03
"""
APPEALS = """id,kind,route,filed,result
A1,行政复议,,2023-03-01,结果维持
A2,行政诉讼,复议后起诉,2023-11-01,
"""
PROACTIVE = """id,published,title,category,website,gazette
P1,2017-03-01,某信息,工作动态,是,否
P2,2017-04-01,某文件,政策文件,是,是
P3,2017-05-01,又一信息,工作动态,是,否
"""
NARRATIVE = "## 一、总体情况\n\n2023年，召开会议3次。受理{{ 依申请.本年新收.总计 }}件。\n"


def frame(name: str, text: str, year: int, fmt: str) -> pd.DataFrame:
    """A validated frame of `text`, as the inputs layer reads and checks a file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        raw = read_table(path, path.name, schema.SCHEMAS[name])
    clean, problems = VALIDATORS[name](raw, path.name, year, load_format(fmt))
    assert problems == []
    return clean


def last_year(year: int, fmt: str, **texts: str) -> Inputs:
    frames = {name: frame(name, text, year, fmt) for name, text in texts.items()}
    return Inputs(AGENCY, year, load_format(fmt), frames, "")


def rows(text_frame: pd.DataFrame) -> list[list[str]]:
    return text_frame.values.tolist()


def test_the_ledger_carries_the_requests_open_on_31_december_with_their_ids():
    last = last_year(2023, "national-2021", requests=REQUESTS)
    opened = next_year(last, NARRATIVE, TEMPLATE, 2024, "national-2021")
    assert list(opened.records["requests"].columns) == ["id", "received", "channel", "applicant", "outcome", "closed"]
    assert rows(opened.records["requests"]) == [["R2", "2023-12-20", "信函", "商业企业", "", ""]]
    assert opened.carried == ("R2",) and opened.unassigned == ()


def test_the_register_carries_what_is_in_force_and_appeals_start_empty_with_the_pending_listed():
    last = last_year(2023, "national-2021", requests=REQUESTS, documents=DOCUMENTS, appeals=APPEALS)
    opened = next_year(last, NARRATIVE, TEMPLATE, 2024, "national-2021")
    assert rows(opened.records["documents"]) == [
        ["D1", "规章", "甲办法", "2019-01-01", "", "2019-01-01"],  # published: as issued, when not given
        ["D3", "行政规范性文件", "丙意见，附件", "2023-05-01", "2024-02-01", "2023-05-03"],
    ]
    assert opened.documents == 2
    assert rows(opened.records["appeals"]) == [] and list(opened.records["appeals"].columns) == [
        "id",
        "kind",
        "route",
        "filed",
        "result",
    ]
    assert opened.pending == ("A2",)  # counted in 2023, the year it was filed: listed, not carried


def test_figures_lists_blank_exactly_the_cells_no_record_file_counts():
    last = last_year(2023, "national-2021", requests=REQUESTS, documents=DOCUMENTS, appeals=APPEALS)
    opened = next_year(last, NARRATIVE, TEMPLATE, 2024, "national-2021")
    # 规章 and 行政规范性文件 come from the register, 依申请 from the ledger, 复议诉讼 from the cases.
    assert opened.figures == (
        ("主动公开", "行政许可", "本年处理决定数量"),
        ("主动公开", "行政处罚", "本年处理决定数量"),
        ("主动公开", "行政强制", "本年处理决定数量"),
        ("主动公开", "行政事业性收费", "本年收费金额（单位：万元）"),
    )


def test_a_record_file_last_year_did_not_keep_is_not_started_and_its_cells_go_to_figures():
    opened = next_year(last_year(2023, "national-2021", requests=REQUESTS), NARRATIVE, TEMPLATE, 2024, "national-2021")
    assert set(opened.records) == {"requests"}
    assert ("复议诉讼", "行政复议", "结果维持") in opened.figures
    assert ("复议诉讼", "行政复议", "总计") not in opened.figures  # a total is computed
    assert ("主动公开", "规章", "本年制发件数") in opened.figures
    assert not [cell for cell in opened.figures if cell[0] == "依申请"]


def test_the_narrative_is_last_years_as_typed_with_its_literals_listed():
    last = last_year(2023, "national-2021", requests=REQUESTS)
    opened = next_year(last, NARRATIVE, TEMPLATE, 2024, "national-2021")
    assert opened.narrative == NARRATIVE and opened.narrative_from == 2023
    assert [(lit.line, lit.column, lit.text) for lit in opened.literals] == [(3, 1, "2023年"), (3, 11, "3")]


def test_a_change_of_format_starts_the_narrative_from_the_template_and_drops_the_proactive_list():
    legacy_ledger = "id,received,channel,outcome,closed\nL1,2018-12-30,网络,,\n"  # no applicant column
    last = last_year(2018, "legacy", requests=legacy_ledger, proactive=PROACTIVE.replace("2017", "2018"))
    opened = next_year(last, "## 一、概述\n\n2018年。\n", TEMPLATE, 2019, "national-2019")
    assert opened.narrative == TEMPLATE and opened.narrative_from is None
    assert set(opened.records) == {"requests"}  # national years count no proactive items
    assert opened.carried == ("L1",) and opened.unassigned == ("L1",)  # needed from 2019: the office adds it


def test_a_legacy_year_starts_its_proactive_list_empty_and_names_last_years_categories():
    last = last_year(2017, "legacy", proactive=PROACTIVE)
    opened = next_year(last, None, TEMPLATE, 2018, "legacy")
    assert rows(opened.records["proactive"]) == []
    assert opened.categories == ("工作动态", "政策文件")
    assert opened.narrative == TEMPLATE  # last year had no narrative.md
    # 历年累计 is derived from last year's; what nothing gives is the year's own figures of the requests and appeals.
    assert ("附表", "受理申请总数", "本年") in opened.figures
    assert not [cell for cell in opened.figures if cell[2] == "历年累计" or cell[1] == "主动公开文件数"]


def test_the_first_year_is_the_blank_templates_of_its_format():
    opened = first_year(2017, "legacy", TEMPLATE)
    assert set(opened.records) == {"requests", "documents", "appeals", "proactive"}
    assert all(rows(f) == [] for f in opened.records.values())
    assert list(opened.records["proactive"].columns) == ["id", "published", "title", "category", "website", "gazette"]
    fmt = load_format("legacy")
    assert list(opened.figures) == [(t.id, r, c) for t in fmt.tables.values() for r, c in t.cells()]
    assert opened.last_year is None and opened.narrative == TEMPLATE and opened.carried == ()
