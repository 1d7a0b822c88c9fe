"""One end-to-end build per format (the example city's 2018, 2020 and 2024), and one with findings."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from conftest import REPO

from govreport.inputs.vocabulary import load_format
from govreport.run import execute

AGENCY = "haicheng-sample"
YEARS = {"legacy": 2018, "national-2019": 2020, "national-2021": 2024}
BROKEN = 2022


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("formats")
    for name in ("params", "data"):
        shutil.copytree(REPO / name / AGENCY, root / name / AGENCY)
    figures = root / "data" / AGENCY / str(BROKEN) / "figures.csv"
    lines = figures.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("主动公开,行政处罚,")]  # now not given
    kept.append("依申请,予以公开,自然人,99999")  # disagrees with the ledger
    figures.write_text("\n".join(kept) + "\n", encoding="utf-8")
    results = {year: execute.build(root / "params" / AGENCY / f"{year}.yaml") for year in [*YEARS.values(), BROKEN]}
    return root, results


def out(root, year, name):
    return (root / "build" / AGENCY / str(year) / name).read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(YEARS))
def test_each_format_builds_every_table_and_section(root, fmt):
    root, results = root
    year = YEARS[fmt]
    assert results[year].status == "ok"
    html = out(root, year, "report.html")
    spec = load_format(fmt)
    for section in spec.sections:
        assert f"<h2>{section}</h2>" in html
    for table in spec.tables:
        assert f'data-table="{table}"' in html
    assert html.count("<img") == 3  # legacy: categories, channels, replies; national: results, applicants, trend
    assert "Report.load" not in html and "finding-" not in html and "检查结果" not in html
    figures = pd.read_csv(root / "build" / AGENCY / str(year) / "figures.csv", dtype=str, keep_default_na=False)
    expected = sum(len(t.cells()) for t in spec.tables.values())
    assert len(figures) == expected and (figures["value"] != "").all()
    manifest = json.loads(out(root, year, "manifest.json"))
    assert manifest["format"] == fmt and manifest["status"] == "ok"


@pytest.mark.slow
@pytest.mark.parametrize("year", [2020, 2024])
def test_national_request_table_balances_in_every_column(root, year):
    root, _ = root
    figures = pd.read_csv(root / "build" / AGENCY / str(year) / "figures.csv").query("table == '依申请'")
    value = figures.set_index(["row", "column"])["value"]
    for col in figures["column"].unique():
        assert value[("本年新收", col)] + value[("上年结转", col)] == value[("总计", col)] + value[("结转下年度", col)]
    assert value[("本年新收", "总计")] > 100  # hundreds of requests a year
    assert value[("上年结转", "总计")] > 0  # carried over from the year before


@pytest.mark.slow
def test_findings_are_highlighted_in_review_and_absent_from_report(root):
    root, results = root
    assert results[BROKEN].status == "findings"
    checks = pd.read_csv(root / "build" / AGENCY / str(BROKEN) / "checks.csv", keep_default_na=False)
    rows = set(zip(checks["severity"], checks["rule"], checks["table"], checks["row"], checks["column"], strict=True))
    assert ("error", "declared-vs-computed", "依申请", "予以公开", "自然人") in rows
    assert ("info", "not-given", "主动公开", "行政处罚", "本年处理决定数量") in rows
    review = out(root, BROKEN, "review.html")
    assert 'td[data-cell="依申请/予以公开/自然人"]' in review  # the cell is highlighted …
    assert 'data-cell="依申请/予以公开/自然人"' in review.split("</style>", 1)[1]  # … and printed
    broken_line = len((root / "data" / AGENCY / str(BROKEN) / "figures.csv").read_text(encoding="utf-8").splitlines())
    assert f"figures.csv:{broken_line} 申报数为 99999" in review  # the last line of the file, appended above
    assert "sha256:" in review and f"data/{AGENCY}/{BROKEN}/requests.csv" in review  # provenance
    report = out(root, BROKEN, "report.html")
    assert "99999" not in report and "declared-vs-computed" not in report and "finding-" not in report
    figures = pd.read_csv(root / "build" / AGENCY / str(BROKEN) / "figures.csv")
    printed = figures.query("table == '依申请' and row == '予以公开' and column == '自然人'")["value"].item()
    assert printed != 99999  # the ledger's count is printed
