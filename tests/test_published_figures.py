"""End to end through the real notebook: what a report publishes is never negative and never loses a digit.

A hand-worked two-year case: 2020's declared table does not add up (its result rows come to 27, its
（七）总计 says 21, 结转下年度 0); 2021 carries in 0, as 2020 published. Amounts are given with four
decimals and seven significant digits.
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from govreport.inputs.project import Project
from govreport.run import engine

FIGURES_2020 = """table,row,column,value
依申请,本年新收,自然人,21
依申请,上年结转,自然人,0
依申请,予以公开,自然人,20
依申请,其他处理,自然人,7
依申请,总计,自然人,21
依申请,结转下年度,自然人,0
主动公开,政府集中采购,采购总金额,4068.208
"""
FIGURES_2021 = """table,row,column,value
依申请,本年新收,自然人,4
依申请,上年结转,自然人,0
依申请,予以公开,自然人,4
依申请,结转下年度,自然人,0
主动公开,行政事业性收费,本年收费金额（单位：万元）,59237.2449
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("root")
    (root / "data/acme").mkdir(parents=True)
    (root / "data/acme/agency.yaml").write_text("name: 某某市某某局\nkind: department\n", encoding="utf-8")
    for year, figures in ((2020, FIGURES_2020), (2021, FIGURES_2021)):
        (root / f"data/acme/{year}").mkdir()
        (root / f"data/acme/{year}/figures.csv").write_text(figures, encoding="utf-8")
        (root / f"params/acme/{year}.yaml").parent.mkdir(parents=True, exist_ok=True)
        (root / f"params/acme/{year}.yaml").write_text(f"agency: acme\nyear: {year}\n", encoding="utf-8")
    params = [str(root / f"params/acme/{year}.yaml") for year in (2020, 2021)]
    outcomes = engine.run_all(params, root, jobs=1)
    assert [o.status for o in outcomes] == ["findings", "ok"], [o.cause for o in outcomes]
    return Project.at(root)


def rows(project: Project, year: int, name: str) -> list[dict[str, str]]:
    text = (project.build_dir("acme", year) / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.slow
@pytest.mark.parametrize("year", [2020, 2021])
def test_no_negative_count_anywhere_in_the_outputs(built, year):
    assert all(not r["value"].startswith("-") for r in rows(built, year, "figures.csv"))
    html = (built.build_dir("acme", year) / "report.html").read_text(encoding="utf-8")
    assert not re.search(r'class="num"[^>]*>-\d', html)
    assert not re.search(r"继续办理-\d|结转下年度继续办理-", html)


@pytest.mark.slow
def test_the_broken_year_has_the_error_and_prints_what_it_declared(built):
    figures = {(r["table"], r["row"], r["column"]): r["value"] for r in rows(built, 2020, "figures.csv")}
    assert figures[("依申请", "结转下年度", "自然人")] == "0"
    errors = [r for r in rows(built, 2020, "checks.csv") if r["severity"] == "error"]
    assert [(r["rule"], r["row"], r["column"]) for r in errors] == [("result-sum", "总计", "自然人")]
    assert "结转下年度 应为 -6" in errors[0]["message"]


@pytest.mark.slow
def test_the_next_year_is_clean(built):
    assert [r for r in rows(built, 2021, "checks.csv") if r["severity"] in ("error", "warning")] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "year, cell, text",
    [
        (2020, ("主动公开", "政府集中采购", "采购总金额"), "4068.208"),
        (2021, ("主动公开", "行政事业性收费", "本年收费金额（单位：万元）"), "59237.2449"),
    ],
)
def test_amounts_keep_every_digit_in_figures_csv_and_on_the_page(built, year, cell, text):
    figures = {(r["table"], r["row"], r["column"]): r["value"] for r in rows(built, year, "figures.csv")}
    assert figures[cell] == text
    html = (built.build_dir("acme", year) / "report.html").read_text(encoding="utf-8")
    assert re.search(f'data-cell="{"/".join(cell)}"[^>]*>{re.escape(text)}</td>', html)
