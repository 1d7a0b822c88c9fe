"""Built reports read back from build/: figures.csv and checks.csv as build wrote them, and the params' date."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from govreport.inputs.built import Checked, built_years, files_read, read_built, read_figures
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "build" / "acme" / "2021"
    folder.mkdir(parents=True)
    (folder / "figures.csv").write_text(
        "table,row,column,value\n依申请,本年新收,自然人,3\n主动公开,行政事业性收费,本年收费金额（单位：万元）,12.50\n"
        "依申请,short\n",
        encoding="utf-8",
    )
    (folder / "checks.csv").write_text(
        "severity,rule,table,row,column,message\n"
        'warning,deadline,,,,"published 2022-02-01, after the deadline 2022-01-31 (departments)"\n'
        "info,not-given,依申请,上年结转,自然人,依申请/上年结转/自然人 is not given; shown as 0\n",
        encoding="utf-8",
    )
    (tmp_path / "params" / "acme").mkdir(parents=True)
    (tmp_path / "params" / "acme" / "2021.yaml").write_text("agency: acme\nyear: 2021\npublished: 2022-02-01\n")
    (tmp_path / "data" / "acme").mkdir(parents=True)
    (tmp_path / "data" / "acme" / "agency.yaml").write_text("name: 示例局\nkind: department\n", encoding="utf-8")
    (tmp_path / "build" / "acme" / "2020").mkdir()  # a folder without figures.csv is no built year
    (tmp_path / "build" / "acme" / "2022").mkdir()
    (tmp_path / "build" / "acme" / "2022" / "figures.csv").write_text("table,row,column,value\n")
    return tmp_path


def test_figures_are_read_back_exactly_and_a_short_line_is_passed_over(root):
    assert read_figures(root / "build/acme/2021/figures.csv") == {
        ("依申请", "本年新收", "自然人"): 3,
        ("主动公开", "行政事业性收费", "本年收费金额（单位：万元）"): Decimal("12.50"),
    }
    assert read_figures(root / "build/acme/1999/figures.csv") == {}


def test_a_built_year_holds_its_findings_and_the_date_its_params_state(root):
    found = read_built(Project.at(root), "acme", 2021)
    assert found.checks == (
        Checked("warning", "deadline", "published 2022-02-01, after the deadline 2022-01-31 (departments)"),
        Checked("info", "not-given", "依申请/上年结转/自然人 is not given; shown as 0"),
    )
    assert found.published == "2022-02-01"
    assert sorted(found.sources) == [
        "build/acme/2021/checks.csv",
        "build/acme/2021/figures.csv",
        "params/acme/2021.yaml",
    ]
    assert read_built(Project.at(root), "acme", 2020) is None  # not built


def test_the_years_built_up_to_a_year(root):
    assert built_years(Project.at(root), "acme", 2021) == [2021]
    assert built_years(Project.at(root), "acme", 2030) == [2021, 2022]
    assert built_years(Project.at(root), "nobody", 2030) == []


def test_what_a_summary_reads_is_what_its_fingerprint_is_taken_of(root):
    params = SummaryParams("coast", 2021, "海滨市", ("acme", "ghost"))
    assert [Project.at(root).relative(p) for p in files_read(Project.at(root), params)] == [
        "data/acme/agency.yaml",
        "params/acme/2021.yaml",
        "build/acme/2021/figures.csv",
        "build/acme/2021/checks.csv",
    ]
