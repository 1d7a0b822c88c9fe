"""`govreport new`: a year started from the last one (or from the blank templates), never over one that exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO

from govreport.errors import DataValidationError, UsageError
from govreport.inputs.project import Project
from govreport.run.check import check
from govreport.run.new_year import start_year

TODAY = dt.date(2026, 6, 1)
TEMPLATES = REPO / "docs" / "templates"


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def append(path: Path, *lines: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(f"{line}\n" for line in lines)


def fill_figures(path: Path, value: str = "0") -> None:
    """The office's figures: every blank cell of figures.csv given `value`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], *(f"{line}{value}" for line in lines[1:])]) + "\n", encoding="utf-8")


def errors(params: Path, root: Path) -> list[str]:
    return [f.message for f in check(params, Project.at(root)).findings if f.severity == "error"]


# -- each example agency ------------------------------------------------------------------------------------------


def test_new_on_haicheng_carries_its_open_requests_and_register_and_passes_check_once_filled(example_root):
    started = start_year(Project.at(example_root), "haicheng-sample", 2025, TODAY)
    folder = example_root / "data" / "haicheng-sample" / "2025"
    assert sorted(p.name for p in folder.iterdir()) == [
        "appeals.csv",
        "documents.csv",
        "figures.csv",
        "narrative.md",
        "requests.csv",
    ]
    assert started.opening.format == "national-2021" and started.name == "海澄市人民政府"
    last = check(example_root / "params" / "haicheng-sample" / "2024.yaml", Project.at(example_root))
    carried = last.tables.value("依申请", "结转下年度", "总计")
    assert len(started.opening.carried) == carried == len(folder.joinpath("requests.csv").read_text().splitlines()) - 1
    fill_figures(folder / "figures.csv", "7")
    params = example_root / "params" / "haicheng-sample" / "2025.yaml"
    value = check(params, Project.at(example_root))
    assert [f.message for f in value.findings if f.severity == "error"] == []
    assert value.tables.value("依申请", "上年结转", "总计") == carried  # and the carry-over rule is quiet
    assert value.tables.value("主动公开", "行政许可", "本年处理决定数量") == 7


def test_new_on_fujian_commerce_starts_a_legacy_year_that_passes_check_once_filled(example_root):
    started = start_year(Project.at(example_root), "fujian-commerce", 2018, TODAY)
    folder = example_root / "data" / "fujian-commerce" / "2018"
    assert sorted(p.name for p in folder.iterdir()) == ["figures.csv", "narrative.md", "proactive.csv", "requests.csv"]
    assert started.opening.carried == ()  # every 2017 request was answered in 2017
    assert started.opening.literals  # the 2017 prose is full of figures typed by hand
    fill_figures(folder / "figures.csv")
    # The office lists the year's items under last year's categories, which the narrative names.
    append(
        folder / "proactive.csv",
        *(f"P{n},2018-03-0{n},信息{n},{c},是,否" for n, c in enumerate(started.opening.categories, start=1)),
    )
    assert errors(example_root / "params" / "fujian-commerce" / "2018.yaml", example_root) == []


# -- a hand-made agency: expected tables worked out by hand ---------------------------------------------------------

LAST_LEDGER = """id,received,channel,applicant,outcome,closed
A-1,2023-03-01,网络,自然人,予以公开,2023-03-10
A-2,2023-12-15,信函,商业企业,,
"""
LAST_DOCUMENTS = """id,kind,title,issued,repealed,published
D1,规章,甲办法,2019-01-01,,
D2,行政规范性文件,乙通知,2020-03-01,2023-06-30,
"""
LAST_APPEALS = "id,kind,route,filed,result\nF1,行政复议,,2023-11-20,\n"


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An agency with one year, 2023: two requests (A-2 still open on 31 December), a register, a pending case."""
    (tmp_path / "params" / "city-office").mkdir(parents=True)
    year = tmp_path / "data" / "city-office" / "2023"
    year.mkdir(parents=True)
    (tmp_path / "data" / "city-office" / "agency.yaml").write_text("name: 示例市某某局\nkind: department\n")
    (tmp_path / "params" / "city-office" / "2023.yaml").write_text("agency: city-office\nyear: 2023\n")
    (year / "requests.csv").write_text(LAST_LEDGER, encoding="utf-8")
    (year / "documents.csv").write_text(LAST_DOCUMENTS, encoding="utf-8")
    (year / "appeals.csv").write_text(LAST_APPEALS, encoding="utf-8")
    (year / "narrative.md").write_text(
        "## 一、总体情况\n\n2023年收到{{ 依申请.本年新收.总计 }}件。\n", encoding="utf-8"
    )
    return tmp_path


def test_the_new_year_with_the_offices_three_requests_one_carried_gives_the_tables_worked_by_hand(office):
    started = start_year(Project.at(office), "city-office", 2024, TODAY)
    folder = office / "data" / "city-office" / "2024"
    assert started.opening.carried == ("A-2",) and started.opening.pending == ("F1",)
    ledger = folder / "requests.csv"
    header = "id,received,channel,applicant,outcome,closed\n"
    assert ledger.read_text(encoding="utf-8") == header + "A-2,2023-12-15,信函,商业企业,,\n"
    assert (folder / "appeals.csv").read_text(encoding="utf-8") == "id,kind,route,filed,result\n"
    # The office: A-2 answered in January, B-1 received and refused, B-2 received in December and still open.
    ledger.write_text(
        "id,received,channel,applicant,outcome,closed\n"
        "A-2,2023-12-15,信函,商业企业,部分公开,2024-01-10\n"
        "B-1,2024-02-01,网络,自然人,不予公开/国家秘密,2024-02-20\n"
        "B-2,2024-12-20,当面,自然人,,\n",
        encoding="utf-8",
    )
    append(folder / "documents.csv", "D3,行政规范性文件,丙意见,2024-04-01,,")
    fill_figures(folder / "figures.csv", "2")
    (folder / "narrative.md").write_text("## 一、总体情况\n\n{{ year }}年收到申请{{ 依申请.本年新收.总计 }}件。\n")

    value = check(office / "params" / "city-office" / "2024.yaml", Project.at(office))
    assert [f for f in value.findings if f.severity != "info"] == []
    cell = value.tables.value
    # By hand: received 2 (both 自然人); carried 1 (A-2, 商业企业); handled 2; carried over 1 (B-2).
    assert [cell("依申请", "本年新收", c) for c in ("自然人", "商业企业", "总计")] == [2, 0, 2]
    assert [cell("依申请", "上年结转", c) for c in ("自然人", "商业企业", "总计")] == [0, 1, 1]
    assert [cell("依申请", "部分公开", c) for c in ("自然人", "商业企业", "总计")] == [0, 1, 1]
    assert [cell("依申请", "不予公开/国家秘密", c) for c in ("自然人", "商业企业", "总计")] == [1, 0, 1]
    assert [cell("依申请", "总计", c) for c in ("自然人", "商业企业", "总计")] == [1, 1, 2]
    assert [cell("依申请", "结转下年度", c) for c in ("自然人", "商业企业", "总计")] == [1, 0, 1]
    # The register: D1 in force; D2 repealed in 2023, gone; D3 issued in 2024.
    stock = ("本年制发件数", "本年废止件数", "现行有效件数")
    assert [cell("主动公开", "规章", c) for c in stock] == [0, 0, 1]
    assert [cell("主动公开", "行政规范性文件", c) for c in stock] == [1, 0, 1]
    assert cell("复议诉讼", "行政复议", "总计") == 0  # F1 counts in 2023, the year it was filed
    assert cell("主动公开", "行政许可", "本年处理决定数量") == 2


def test_new_refuses_a_year_that_exists_and_names_what_exists(office):
    (office / "data" / "city-office" / "2024").mkdir()
    before = snapshot(office)
    with pytest.raises(UsageError, match=r"data/city-office/2024/"):
        start_year(Project.at(office), "city-office", 2024, TODAY)
    with pytest.raises(UsageError, match=r"params/city-office/2023\.yaml.*data/city-office/2023/"):
        start_year(Project.at(office), "city-office", 2023, TODAY)
    assert snapshot(office) == before


def test_new_refuses_an_agency_name_that_cannot_be_a_folder_in_chinese(tmp_path):
    with pytest.raises(UsageError, match="机关简称 '福建商务厅' 不能做文件夹名"):
        start_year(Project.at(tmp_path), "福建商务厅", 2024, TODAY)
    assert list(tmp_path.iterdir()) == []


def test_new_refuses_a_year_after_this_one_and_writes_nothing(office):
    before = snapshot(office)
    with pytest.raises(UsageError, match="2027"):
        start_year(Project.at(office), "city-office", 2027, TODAY)
    assert snapshot(office) == before


def test_new_lists_every_problem_of_last_years_inputs_and_writes_nothing(office):
    append(office / "data" / "city-office" / "2023" / "requests.csv", "A-3,2023-13-01,网络,自然人,,", "A-1,,网络,,,")
    before = snapshot(office)
    with pytest.raises(DataValidationError) as raised:
        start_year(Project.at(office), "city-office", 2024, TODAY)
    lines = [str(p) for p in raised.value.problems]
    assert any("requests.csv:4" in line and "2023-13-01" in line for line in lines)
    assert any("requests.csv:5" in line and "编号“A-1”重复" in line for line in lines)
    assert snapshot(office) == before


def test_the_first_year_of_an_agency_is_the_blank_templates_byte_for_byte(tmp_path):
    started = start_year(Project.at(tmp_path), "new-office", 2021, TODAY)
    agency = tmp_path / "data" / "new-office"
    assert (agency / "agency.yaml").read_bytes() == (TEMPLATES / "agency.yaml").read_bytes()
    for name in ("requests", "documents", "appeals"):
        assert (agency / "2021" / f"{name}.csv").read_bytes() == (TEMPLATES / "year" / f"{name}.csv").read_bytes()
    figures = (agency / "2021" / "figures.csv").read_bytes()
    assert figures == (TEMPLATES / "figures" / "national-2021.csv").read_bytes()
    narrative = (agency / "2021" / "narrative.md").read_bytes()
    assert narrative == (TEMPLATES / "narratives" / "national-2021.md").read_bytes()
    assert not (agency / "2021" / "proactive.csv").exists()  # a national year lists no proactive items
    assert started.name == "" and started.opening.last_year is None
    assert "data/new-office/agency.yaml" in started.written
    assert errors(tmp_path / "params" / "new-office" / "2021.yaml", tmp_path) == []


def test_a_legacy_first_year_has_the_proactive_list_too(tmp_path):
    start_year(Project.at(tmp_path), "old-office", 2016, TODAY)
    folder = tmp_path / "data" / "old-office" / "2016"
    assert (folder / "proactive.csv").read_bytes() == (TEMPLATES / "year" / "proactive.csv").read_bytes()
    assert (folder / "figures.csv").read_bytes() == (TEMPLATES / "figures" / "legacy.csv").read_bytes()


def test_the_params_file_names_the_years_format_and_leaves_published_for_later(office):
    start_year(Project.at(office), "city-office", 2024, TODAY)
    text = (office / "params" / "city-office" / "2024.yaml").read_text(encoding="utf-8")
    assert "agency: city-office\nyear: 2024\nformat: national-2021\n" in text
    assert "\npublished:" not in text  # a comment until the report is published


def test_the_templates_the_package_ships_are_docs_templates():
    assert Project.at(REPO).templates.resolve() == TEMPLATES.resolve()
    assert (REPO / "govreport" / "inputs" / "templates").is_symlink()
