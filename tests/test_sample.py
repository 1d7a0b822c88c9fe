"""The synthetic agency generator: deterministic, valid in every format, carry-overs chained."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import sample

from govreport.compute.findings import counts
from govreport.present.report import Report

YEARS = range(2017, 2023)  # legacy, legacy, 2019, 2019, 2021, 2021


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    sample.write_agency(root, "tiny-city", "某市人民政府", "government", YEARS, seed=3, requests_per_year=40)
    return root


def test_returns_one_params_file_per_year(root):
    assert [p.name for p in sorted((root / "params" / "tiny-city").iterdir())] == [f"{y}.yaml" for y in YEARS]


def test_same_seed_same_files(root, tmp_path):
    sample.write_agency(tmp_path, "tiny-city", "某市人民政府", "government", YEARS, seed=3, requests_per_year=40)
    for path in (root / "data").rglob("*.*"):
        assert (tmp_path / path.relative_to(root)).read_bytes() == path.read_bytes(), path


def test_other_seed_other_ledger(tmp_path):
    sample.write_agency(tmp_path / "a", "c", "某市人民政府", "government", range(2021, 2022), seed=1)
    sample.write_agency(tmp_path / "b", "c", "某市人民政府", "government", range(2021, 2022), seed=2)
    one, two = (tmp_path / x / "data/c/2021/requests.csv" for x in "ab")
    assert one.read_bytes() != two.read_bytes()


@pytest.mark.parametrize("year", list(YEARS))
def test_every_year_loads_without_errors_or_warnings(root, year):
    report = Report.load("tiny-city", year, root=root)
    total = counts(report.findings)
    assert (total["error"], total["warning"]) == (0, 0), report.findings


def test_request_open_at_year_end_reappears_with_its_outcome(root):
    carried_total = 0
    for year in YEARS[1:]:
        before = pd.read_csv(root / f"data/tiny-city/{year - 1}/requests.csv", dtype=str, keep_default_na=False)
        after = pd.read_csv(root / f"data/tiny-city/{year}/requests.csv", dtype=str, keep_default_na=False)
        still_open = set(before.loc[before["closed"] == "", "id"])
        carried = after[after["id"].isin(still_open)]
        assert set(carried["id"]) == still_open
        closed = carried[carried["closed"] != ""]
        assert (closed["outcome"] != "").all()
        assert all(dt.date.fromisoformat(d).year == year for d in closed["closed"])
        carried_total += len(still_open)
    assert carried_total > 0  # some requests are received in late December


@pytest.mark.parametrize("year", list(YEARS[1:]))
def test_each_years_prose_is_mostly_its_own(root, year):
    found = Report.load("tiny-city", year, root=root).value.repetition
    assert found.judged and found.share < 0.25, found  # the pools give each year sentences last year did not use
