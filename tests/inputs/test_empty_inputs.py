"""A ledger or register with a header and no rows is zero records, which is not the same as no file."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import CORPUS

from govreport.cli import cli
from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import load_inputs
from govreport.inputs.params import Params
from govreport.inputs.project import Project

BASE = CORPUS / "base"  # acme: a valid national-2021 year 2021
HEADERS = {
    "requests": ["id", "received", "channel", "applicant", "outcome", "closed"],
    "documents": ["id", "kind", "title", "issued", "repealed"],
    "appeals": ["id", "kind", "route", "filed", "result"],
    "proactive": ["id", "published", "title", "category", "website", "gazette"],
}
DATES = {
    "requests": ["received", "closed"],
    "documents": ["issued", "repealed", "published"],
    "appeals": ["filed"],
    "proactive": ["published"],
}
# Cells each file's records determine (records.py), chosen by hand; with no records each counts 0.
# 2021 is national-2021; 2017 is legacy (附表), where proactive.csv is read.
CASES = [
    pytest.param(
        "requests",
        2021,
        [("依申请", "本年新收", "总计"), ("依申请", "予以公开", "自然人"), ("依申请", "结转下年度", "总计")],
        id="requests",
    ),
    pytest.param(
        "documents",
        2021,
        [("主动公开", "规章", "本年制发件数"), ("主动公开", "行政规范性文件", "现行有效件数")],
        id="documents",
    ),
    pytest.param(
        "appeals",
        2021,
        [("复议诉讼", "行政复议", "结果维持"), ("复议诉讼", "复议后起诉", "尚未审结")],
        id="appeals",
    ),
    pytest.param(
        "proactive",
        2017,
        [("附表", "主动公开文件数", "本年"), ("附表", "政府网站公开数", "本年")],
        id="proactive-legacy",
    ),
    pytest.param(
        "requests",
        2017,
        [("附表", "受理申请总数", "本年"), ("附表", "同意公开", "本年")],
        id="requests-legacy",
    ),
    pytest.param(
        "appeals",
        2017,
        [("附表", "行政复议数", "本年"), ("附表", "行政诉讼数", "本年")],
        id="appeals-legacy",
    ),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The corpus' valid root, plus an empty 2017 folder for legacy cases."""
    root = tmp_path / "root"
    shutil.copytree(BASE, root)
    (root / "data" / "acme" / "2017").mkdir()
    return root


def input_path(root: Path, year: int, name: str, suffix: str) -> Path:
    """Where input `name` of `year` goes, with any copy of it under the other suffix removed."""
    folder = root / "data" / "acme" / str(year)
    for other in (".csv", ".xlsx"):
        (folder / f"{name}{other}").unlink(missing_ok=True)
    return folder / f"{name}{suffix}"


def write_header_only(root: Path, year: int, name: str, suffix: str) -> None:
    path = input_path(root, year, name, suffix)
    if suffix == ".xlsx":
        book = openpyxl.Workbook()
        book.active.append(HEADERS[name])
        book.save(path)
    else:
        path.write_text(",".join(HEADERS[name]) + "\n", encoding="utf-8")


def sources(tables) -> dict[tuple[str, str, str], str]:
    """Where each printed figure comes from (the `source` column of figures.csv)."""
    frame = tables.figures
    return dict(zip(zip(frame["table"], frame["row"], frame["column"], strict=True), frame["source"], strict=True))


def not_given(tables) -> set[tuple[str, str, str]]:
    return {(f.table, f.row, f.column) for f in tables.findings if f.rule == "not-given"}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(("name", "year", "cells"), CASES)
def test_a_header_without_rows_is_zero_records(root, name, year, cells, suffix):
    write_header_only(root, year, name, suffix)
    loaded = load_inputs(Project.at(root), Params("acme", year))
    frame = loaded.frame(name)
    assert frame is not None and len(frame) == 0
    for column in DATES[name]:  # typed like a ledger with rows, so records.py counts zero
        assert pd.api.types.is_datetime64_any_dtype(frame[column]), column
    tables = build_tables(loaded)
    source = sources(tables)
    for cell in cells:
        assert tables.value(*cell) == 0, cell
        assert source[cell] == f"records:{name}", cell
        assert tables.given(*cell), cell
    assert not_given(tables).isdisjoint(cells)


@pytest.mark.parametrize(("name", "year", "cells"), CASES)
def test_a_missing_file_is_still_not_given(root, name, year, cells):
    input_path(root, year, name, ".csv")  # removes the file, if the year has it
    tables = build_tables(load_inputs(Project.at(root), Params("acme", year)))
    source = sources(tables)
    for cell in cells:
        assert tables.value(*cell) == 0, cell  # shown as 0 ...
        assert not source[cell].startswith("records:"), cell
        assert not tables.given(*cell), cell  # ... as a figure nobody gave ...
    # ... and listed for reviewers (a 总计 is derived from its row, which is listed instead).
    assert {c for c in cells if c[2] != "总计"} <= not_given(tables)


def test_a_header_only_ledger_in_chinese_and_gb18030_is_zero_records(root):
    path = input_path(root, 2021, "requests", ".csv")
    path.write_bytes("编号,收到日期,申请方式,申请人类型,办理结果,办结日期\r\n".encode("gb18030"))
    tables = build_tables(load_inputs(Project.at(root), Params("acme", 2021)))
    assert tables.value("依申请", "本年新收", "总计") == 0
    assert sources(tables)[("依申请", "本年新收", "总计")] == "records:requests"


def test_check_accepts_a_year_whose_files_have_only_headers(root):
    for name in ("requests", "documents", "appeals"):
        write_header_only(root, 2021, name, ".csv")
    (root / "data/acme/2021/figures.csv").write_text("table,row,column,value\n", encoding="utf-8")
    params = root / "params/acme/2021.yaml"
    result = CliRunner().invoke(cli, ["--root", str(root), "check", str(params)])
    assert result.exit_code == 0, result.output
    assert f"{params}: 0 个错误，0 个警告，" in result.output
