"""`govreport import`: what it writes, what it refuses, and which agency a report is taken to be."""

from __future__ import annotations

import json
import sys

import docx
import pytest
import yaml
from click.testing import CliRunner

from govreport.cli import cli, main
from govreport.errors import UsageError
from govreport.inputs.project import Project
from govreport.run.importer import import_report

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

TITLE = "某某区司法局2022年政府信息公开工作年度报告"
PAGE = (
    f"<html><head><meta charset='utf-8'></head><body><h1>{TITLE}</h1><p>发布时间：2023-01-18</p>"
    "<p>一、总体情况</p><p>本年收到申请2件。</p>"
    "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>"
    "<td>2</td></tr></table></body></html>"
)


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "report.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_import_writes_the_years_inputs_and_a_new_agency(source, tmp_path):
    project = Project.at(tmp_path / "root")
    done = import_report(project, source, agency="sifa")
    year = project.root / "data/sifa/2022"
    assert (year / "figures.csv").read_text(encoding="utf-8").splitlines() == [
        "table,row,column,value",
        *(
            f"依申请,本年新收,{c},{v}"
            for c, v in zip(
                ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"),
                "2000002",
                strict=True,
            )
        ),
    ]
    assert (year / "narrative.md").read_text(encoding="utf-8") == "## 一、总体情况\n\n本年收到申请2件。\n"
    params = yaml.safe_load((project.root / "params/sifa/2022.yaml").read_text(encoding="utf-8"))
    assert params == {"agency": "sifa", "year": 2022, "format": "national-2021", "published": "2023-01-18"}
    agency = yaml.safe_load((project.root / "data/sifa/agency.yaml").read_text(encoding="utf-8"))
    assert agency == {"name": "某某区司法局", "kind": "department"}
    provenance = json.loads((year / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["source"] == "report.html" and len(provenance["sha256"]) == 64
    assert provenance["cells"][0] == {
        "cell": "依申请/本年新收/自然人",
        "value": "2",
        "printed": "2",
        "printed_row": "一、本年新收政府信息公开申请数量",
        "column_label": "自然人",
        "table_number": 1,
    }
    assert done.figures == 7 and done.blank == 0


def test_import_never_overwrites_inputs_without_force(source, tmp_path):
    project = Project.at(tmp_path / "root")
    import_report(project, source, agency="sifa")
    narrative = project.root / "data/sifa/2022/narrative.md"
    narrative.write_text("本办已改写。\n", encoding="utf-8")
    with pytest.raises(UsageError, match="data/sifa/2022/figures.csv, data/sifa/2022/narrative.md"):
        import_report(project, source, agency="sifa")
    assert narrative.read_text(encoding="utf-8") == "本办已改写。\n"
    import_report(project, source, agency="sifa", force=True)
    assert narrative.read_text(encoding="utf-8").startswith("## 一、总体情况")


def test_an_existing_agency_whose_name_the_title_carries_is_the_one(source, tmp_path):
    project = Project.at(tmp_path / "root")
    (project.root / "data/moumou-sifa").mkdir(parents=True)
    (project.root / "data/moumou-sifa/agency.yaml").write_text(
        "name: 某某区司法局\nkind: department\n", encoding="utf-8"
    )
    assert import_report(project, source).agency == "moumou-sifa"


def test_without_an_agency_the_slug_is_the_names_pinyin(source, tmp_path):
    assert import_report(Project.at(tmp_path / "root"), source).agency == "moumouqusifaju"


def test_a_word_file_imports_like_the_page(tmp_path):
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=1, cols=8)
    for cell, text in zip(table.rows[0].cells, ["一、本年新收政府信息公开申请数量", *"2000002"], strict=True):
        cell.text = text
    document.save(tmp_path / "report.docx")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path / "root"), "import", str(tmp_path / "report.docx")])
    assert result.exit_code == 0, result.output
    assert "moumouqusifaju 2022 (national-2021): 7 figures read" in result.output
    assert "next: govreport --root" in result.output


def test_the_cli_says_what_exists_and_exits_2(source, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["govreport", "--root", str(tmp_path / "root"), "import", str(source)])
    main()  # the first import writes and returns
    with pytest.raises(SystemExit) as again:
        main()
    assert again.value.code == 2
    assert "use --force to replace them" in capsys.readouterr().err
