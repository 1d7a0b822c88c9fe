"""Reading inputs: encodings, workbooks, Chinese headers, aliases, limits and paths that stay in the root."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from conftest import CORPUS, REPO

from govreport.errors import DataValidationError, ReportError
from govreport.inputs import agency_year as inputs
from govreport.inputs.digest import earlier_params
from govreport.inputs.params import Params, load_params
from govreport.inputs.project import Project
from govreport.inputs.vocabulary import load_format
from govreport.present.report import Report

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

BASE = CORPUS / "base"
HEADER = ["id", "received", "channel", "applicant", "outcome", "closed"]
CHINESE = ["编号", "收到日期", "申请方式", "申请人类型", "办理结果", "办结日期"]
LEDGER = [
    ["R1", "2021-01-05", "网络", "自然人", "予以公开", "2021-01-20"],
    ["R2", "2021-02-01", "当面", "商业企业", "部分公开", "2021-02-15"],
    ["R3", "2020-12-28", "信函", "自然人", "不予公开/第三方权益", "2021-01-10"],
    ["R4", "2021-12-20", "网络", "科研机构", "", ""],
]
# The same ledger as an office might write it: printed labels and aliases instead of keys.
LEDGER_AS_WRITTEN = [
    ["R1", "2021-01-05", "网上", "公民", "（一）予以公开", "2021-01-20"],
    ["R2", "2021-02-01", "当面申请", "企业", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2021-02-15"],
    ["R3", "2020-12-28", "信件", "自然人", "（三）不予公开4.保护第三方合法权益", "2021-01-10"],
    ["R4", "2021-12-20", "电子邮件", "法人或其他组织/科研机构", "", ""],
]
# Worked out by hand from LEDGER for 2021: R1, R2, R4 are new; R3 is carried over from 2020;
# R1-R3 are closed in 2021; R4 is still open on 31 December.
EXPECTED = {
    ("本年新收", "总计"): 3,
    ("上年结转", "总计"): 1,
    ("上年结转", "自然人"): 1,
    ("予以公开", "自然人"): 1,
    ("部分公开", "商业企业"): 1,
    ("不予公开/第三方权益", "自然人"): 1,
    ("总计", "总计"): 3,
    ("结转下年度", "科研机构"): 1,
    ("结转下年度", "总计"): 1,
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(BASE, root)
    return root


def ledger_path(root: Path, suffix: str = ".csv") -> Path:
    folder = root / "data" / "acme" / "2021"
    (folder / "requests.csv").unlink(missing_ok=True)
    return folder / f"requests{suffix}"


def write_csv(root: Path, rows: list[list[str]], encoding: str, header: list[str] = HEADER) -> None:
    text = "\r\n".join(",".join(row) for row in [header, *rows]) + "\r\n"
    ledger_path(root).write_bytes(text.encode(encoding))


def write_xlsx(root: Path, rows: list[list[str]], header: list[str] = HEADER) -> None:
    """A workbook as Excel keeps it: real dates in date columns, an empty cell for an open request."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([dt.date.fromisoformat(v) if v[:2] == "20" else (v or None) for v in row])
    book.save(ledger_path(root, ".xlsx"))


def figures(root: Path) -> pd.DataFrame:
    return Report.load("acme", 2021, root=root).tables.figures


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(lambda r: write_csv(r, LEDGER, "utf-8"), id="utf-8"),
        pytest.param(lambda r: write_csv(r, LEDGER, "utf-8-sig"), id="utf-8-bom"),
        pytest.param(lambda r: write_csv(r, LEDGER, "gb18030"), id="gb18030"),
        pytest.param(lambda r: write_xlsx(r, LEDGER), id="xlsx"),
        pytest.param(lambda r: write_csv(r, LEDGER, "gb18030", CHINESE), id="chinese-headers"),
        pytest.param(lambda r: write_xlsx(r, LEDGER, CHINESE), id="xlsx-chinese-headers"),
        pytest.param(lambda r: write_csv(r, LEDGER_AS_WRITTEN, "utf-8-sig"), id="labels-and-aliases"),
    ],
)
def test_the_same_ledger_gives_the_same_figures_however_it_is_saved(root, write):
    write_csv(root, LEDGER, "utf-8")
    reference = figures(root)
    write(root)
    found = figures(root)
    pd.testing.assert_frame_equal(found, reference)
    table = found[found["table"] == "依申请"].set_index(["row", "column"])["value"]
    for cell, value in EXPECTED.items():
        assert table[cell] == value, cell


def test_a_workbook_reports_problems_at_its_row_numbers(root):
    rows = [row[:] for row in LEDGER]
    rows[2][4] = "予以公开了"  # Excel row 4 (row 1 is the header)
    write_xlsx(root, rows)
    with pytest.raises(DataValidationError) as caught:
        Report.load("acme", 2021, root=root)
    assert "data/acme/2021/requests.xlsx:4: outcome '予以公开了' is not an outcome" in str(caught.value)


def test_empty_trailing_columns_and_blank_rows_of_a_spreadsheet_export_are_ignored(root):
    lines = [",".join(HEADER) + ",,", *(",".join(row) + ",," for row in LEDGER[:2]), ",,,,,,,", ""]
    ledger_path(root).write_text("\n".join(lines), encoding="utf-8")
    frame = inputs.load_inputs(Project.at(root), Params("acme", 2021)).frame("requests")
    assert list(frame["id"]) == ["R1", "R2"]
    assert list(frame["_line"]) == [2, 3]


def test_a_column_with_values_but_no_header_is_reported(root):
    lines = [",".join(HEADER) + ",", ",".join(LEDGER[0]) + ",备注"]
    ledger_path(root).write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataValidationError, match="requests.csv:1: column 7 has values but no header"):
        inputs.load_inputs(Project.at(root), Params("acme", 2021))


def test_clean_ledger_has_the_columns_and_types_records_expects(root):
    frame = inputs.load_inputs(Project.at(root), Params("acme", 2021)).frame("requests")
    assert list(frame.columns) == [*HEADER, "_line"]
    assert pd.api.types.is_datetime64_any_dtype(frame["received"])
    assert pd.api.types.is_datetime64_any_dtype(frame["closed"])
    assert frame["closed"].isna().tolist() == [False, False, False, True]  # R4 is open: NaT


def test_an_oversized_input_is_refused_before_it_is_read(root, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_INPUT_BYTES", 100)
    with pytest.raises(DataValidationError) as caught:
        inputs.load_inputs(Project.at(root), Params("acme", 2021))
    size = (root / "data/acme/2021/requests.csv").stat().st_size
    assert f"data/acme/2021/requests.csv: is {size:,} bytes, over the 100-byte limit" in str(caught.value)


def test_an_oversized_narrative_is_refused(root, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_TEXT_BYTES", 10)
    with pytest.raises(DataValidationError, match="narrative.md: is .* bytes, over the 10-byte limit"):
        inputs.load_inputs(Project.at(root), Params("acme", 2021))


def test_problems_of_every_file_come_in_one_error(root):
    (root / "data/acme/2021/documents.csv").write_text("id,kind,title,issued,repealed\nD1,通知,x,2021-01-01,\n")
    (root / "data/acme/2021/appeals.csv").write_text("id,kind,route,filed,result\nA1,行政复议,,2021-13-01,\n")
    (root / "data/acme/agency.yaml").write_text("name: ''\nkind: department\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as caught:
        inputs.load_inputs(Project.at(root), Params("acme", 2021))
    where = [(p.path, p.line) for p in caught.value.problems]
    assert where == [
        ("data/acme/agency.yaml", None),
        ("data/acme/2021/documents.csv", 2),
        ("data/acme/2021/appeals.csv", 2),
    ]


@pytest.mark.parametrize("agency", ["../etc", "..", "/etc", "acme/../../x", "Acme", "", "acme\n"])
def test_no_path_is_built_from_an_agency_that_is_not_a_slug(agency):
    project = Project.at("/srv/root")
    paths = (
        lambda: project.agency_dir(agency),
        lambda: project.year_dir(agency, 2021),
        lambda: project.params_file(agency, 2021),
        lambda: project.build_dir(agency, 2021),
    )
    for path in paths:
        with pytest.raises(ReportError, match="is not a slug"):
            path()


@pytest.mark.parametrize("year", ["2021", "../2021", 21, True])
def test_no_path_is_built_from_a_year_that_is_not_four_digits(year):
    with pytest.raises(ReportError, match="is not a four-digit whole number"):
        Project.at("/srv/root").year_dir("acme", year)


def test_the_notebook_api_refuses_an_agency_outside_the_root(root):
    with pytest.raises(ReportError, match="'../etc' is not a slug"):
        Report.load("../etc", 2021, root=root)


def test_paths_of_a_valid_agency_year_stay_under_the_root(root):
    project = Project.at(root)
    for path in (project.year_dir("acme", 2021), project.build_dir("acme", 2021), project.params_file("acme", 2021)):
        assert path.resolve().is_relative_to(project.root)


def test_a_previous_year_with_a_broken_params_file_is_left_out_not_fatal(root):
    (root / "data/acme/2020").mkdir()
    (root / "data/acme/2020/figures.csv").write_text("table,row,column,value\n复议诉讼,行政复议,结果维持,0\n")
    (root / "params/acme/2020.yaml").write_text("agency: acme\nyear: 2020\nformat: nonsense\n", encoding="utf-8")
    assert earlier_params(Project.at(root), "acme", 2020) == Params("acme", 2020, format="auto")
    loaded = Report.load("acme", 2021, root=root)
    assert loaded.tables.previous is not None and loaded.tables.previous.format.name == "national-2019"


def test_declared_vs_computed_names_both_values_and_both_sources(root):
    with (root / "data/acme/2021/figures.csv").open("a", encoding="utf-8") as handle:
        handle.write("依申请,予以公开,自然人,5\n")  # line 4; the ledger has one such request (R1)
    report = Report.load("acme", 2021, root=root)
    found = [f for f in report.findings if f.rule == "declared-vs-computed"]
    assert [(f.severity, f.table, f.row, f.column) for f in found] == [("error", "依申请", "予以公开", "自然人")]
    message = str(found[0].message)
    assert "data/acme/2021/figures.csv" in message and "declares 5" in message
    assert "data/acme/2021/requests.csv" in message and "gives 1" in message


TEMPLATES = REPO / "docs" / "templates"


@pytest.mark.parametrize("fmt, year", [("legacy", 2017), ("national-2019", 2019), ("national-2021", 2021)])
def test_the_blank_templates_make_a_valid_agency_year_once_filled(tmp_path, fmt, year):
    """Follow docs/templates/README.md with one hand-written row in each file."""
    folder = tmp_path / "data" / "example-agency" / str(year)
    folder.mkdir(parents=True)
    shutil.copy(TEMPLATES / "agency.yaml", tmp_path / "data" / "example-agency" / "agency.yaml")
    params = tmp_path / "params" / "example-agency" / f"{year}.yaml"
    params.parent.mkdir(parents=True)
    text = (TEMPLATES / "params.yaml").read_text(encoding="utf-8")
    params.write_text(text.replace("year: 2021", f"year: {year}").replace("2022-01-31", f"{year + 1}-01-31"))
    rows = {
        "requests.csv": f"R1,{year}-01-05,网络,自然人,予以公开,{year}-01-20",
        "documents.csv": f"D1,规章,示例规章,{year}-03-01,,",
        "appeals.csv": f"A1,行政复议,,{year}-04-01,结果维持",
        "proactive.csv": f"P1,{year}-01-05,示例信息,其他信息,是,否",
    }
    for name, row in rows.items():
        (folder / name).write_text((TEMPLATES / "year" / name).read_text(encoding="utf-8") + row + "\n")
    shutil.copy(TEMPLATES / "figures" / f"{fmt}.csv", folder / "figures.csv")
    shutil.copy(TEMPLATES / "narratives" / f"{fmt}.md", folder / "narrative.md")

    loaded = load_params(params, Project.at(tmp_path), today=dt.date(year + 1, 6, 1))
    report = Report.load(loaded.agency, loaded.year, root=tmp_path)
    assert report.tables.format.name == fmt
    cell = ("附表", "受理申请总数", "本年") if fmt == "legacy" else ("依申请", "本年新收", "总计")
    assert report.tables.value(*cell) == 1  # the one request, received in the year


@pytest.mark.parametrize("fmt", ["legacy", "national-2019", "national-2021"])
def test_the_figures_template_lists_every_cell_of_its_format_once(fmt):
    frame = pd.read_csv(TEMPLATES / "figures" / f"{fmt}.csv", dtype=str, keep_default_na=False)
    listed = list(zip(frame["table"], frame["row"], frame["column"], strict=True))
    expected = [(t.id, r, c) for t in load_format(fmt).tables.values() for r, c in t.cells()]
    assert listed == expected
    assert set(frame["value"]) == {""}
