"""The catalogue: headline figures per format, the index page, summary.csv."""

from __future__ import annotations

import csv
import json
import re

from govreport.inputs.project import Project
from govreport.run import catalogue
from govreport.run.outcome import Outcome


def test_legacy_headline_comes_from_the_appendix():
    figures = {
        ("附表", "受理申请总数", "本年"): 125,
        ("附表", "答复总数", "本年"): 120,
        ("附表", "同意公开", "本年"): 50,
        ("附表", "同意部分公开", "本年"): 10,
        ("附表", "其他类型", "本年"): 6,
        ("附表", "受理申请总数", "历年累计"): 999,
    }
    got = catalogue.headline(figures, "legacy")
    # (50 + 10) / 120 = 50.0 %; 6 / 120 = 5.0 %; legacy has no carry-over rows.
    assert got == {
        "received": "125",
        "carried_in": "",
        "handled": "120",
        "carried_over": "",
        "disclosed_full": "50",
        "disclosed_part": "10",
        "disclosed_pct": "50.0",
        "other_pct": "5.0",
    }


def test_national_2021_adds_the_split_other_handling_rows():
    figures = {
        ("依申请", "本年新收", "总计"): 30,
        ("依申请", "上年结转", "总计"): 2,
        ("依申请", "总计", "总计"): 24,
        ("依申请", "结转下年度", "总计"): 8,
        ("依申请", "予以公开", "总计"): 12,
        ("依申请", "部分公开", "总计"): 3,
        ("依申请", "其他处理/逾期不补正", "总计"): 2,
        ("依申请", "其他处理/其他", "总计"): 1,
        ("依申请", "其他处理/其他", "自然人"): 1,
    }
    got = catalogue.headline(figures, "national-2021")
    # (12 + 3) / 24 = 62.5 %; (2 + 1) / 24 = 12.5 %
    assert got["disclosed_pct"] == "62.5" and got["other_pct"] == "12.5"
    assert (got["received"], got["carried_in"], got["handled"], got["carried_over"]) == ("30", "2", "24", "8")


def test_national_2019_other_handling_is_one_row_and_nothing_handled_gives_blank_shares():
    figures = {("依申请", "其他处理", "总计"): 4, ("依申请", "总计", "总计"): 0, ("依申请", "予以公开", "总计"): 0}
    got = catalogue.headline(figures, "national-2019")
    assert got["handled"] == "0" and got["disclosed_pct"] == "" and got["other_pct"] == ""


def test_a_share_on_the_half_rounds_up_as_the_reports_print_it():
    figures = {("依申请", "总计", "总计"): 16, ("依申请", "予以公开", "总计"): 1, ("依申请", "其他处理", "总计"): 3}
    got = catalogue.headline(figures, "national-2019")
    # 1 / 16 = 6.25 % -> 6.3 (not 6.2, as float formatting gave); 3 / 16 = 18.75 % -> 18.8
    assert (got["disclosed_pct"], got["other_pct"]) == ("6.3", "18.8")


def _row(**changes) -> catalogue.Row:
    row = catalogue.Row(
        key="acme/2020",
        agency="acme",
        name="某某局",
        year="2020",
        format="national-2019",
        status="ok",
        errors=0,
        warnings=1,
        cause="",
        report="acme/2020/report.html",
        review="acme/2020/review.html",
        evidence=None,
        figures={"received": "30", "disclosed_pct": "62.5"},
    )
    for key, value in changes.items():
        setattr(row, key, value)
    return row


def test_index_is_self_contained_chinese_and_phone_readable():
    html = catalogue.index_html([_row(), _row(key="b/2021", agency="b", year="2021", status="ok")])
    assert '<html lang="zh-CN">' in html and 'name="viewport"' in html and "@media (max-width" in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing loaded from elsewhere
    assert html.count('<th scope="col"><button') == 8  # every column but the links sorts
    assert 'href="acme/2020/report.html"' in html and 'href="acme/2020/review.html"' in html
    assert 'data-sort="62.5">62.5%</td>' in html


def test_index_links_the_word_file_of_a_report_that_has_one():
    html = catalogue.index_html([_row(word="acme/2020/report.docx"), _row(key="b/2020", agency="b")])
    assert html.count('<a href="acme/2020/report.docx">Word 版</a>') == 1 and html.count("Word 版") == 1


def test_index_explains_a_failure_and_keeps_the_previous_report_link():
    cause = "acme 2020: the notebook failed: KeyError: '<b>' (cell 3)"
    html = catalogue.index_html([_row(status="failed", cause=cause, evidence="acme/2020.failed.ipynb")])
    assert "acme 2020: the notebook failed: KeyError: &#x27;&lt;b&gt;&#x27; (cell 3)（保留上次成功的报告）" in html
    assert 'href="acme/2020.failed.ipynb"' in html and "失败 1 份" in html


def test_index_shows_markup_in_names_as_text():
    agency, name = "<script>alert(1)</script>", '某"局</td><img src=x onerror=alert(2)>'
    html = catalogue.index_html([_row(agency=agency, name=name, figures={"received": "<b>3</b>"})])
    assert html.count("<script>") == 1 and "<img" not in html and "<b>" not in html  # only the page's own sorter
    assert 'data-sort="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;<br>' in html
    assert "某&quot;局&lt;/td&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'data-sort="&lt;b&gt;3&lt;/b&gt;">&lt;b&gt;3&lt;/b&gt;</td>' in html


def test_index_with_no_report_still_renders_the_table():
    html = catalogue.index_html([])
    assert "共 0 份；失败 0 份；数据有错误 0 份。" in html and "<tbody>\n\n</tbody>" in html


def test_write_lists_built_reports_and_failures(tmp_path):
    project = Project.at(tmp_path)
    folder = tmp_path / "build/acme/2017"
    folder.mkdir(parents=True)
    manifest = {
        "title": "某某局2017年政府信息公开工作年度报告",
        "format": "legacy",
        "counts": {"error": 0, "warning": 0},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    (folder / "figures.csv").write_text(
        "table,row,column,value\n附表,受理申请总数,本年,4\n附表,答复总数,本年,4\n附表,同意公开,本年,1\n"
        "附表,同意部分公开,本年,0\n附表,其他类型,本年,0\n",
        encoding="utf-8",
    )
    (folder / "report.docx").write_bytes(b"PK")  # built with --docx
    state = {
        "acme/2017": Outcome(
            "params/acme/2017.yaml",
            agency="acme",
            year=2017,
            fingerprint="f",
            status="ok",
            counts={"error": 0, "warning": 0},
        ),
        "gone/2017": Outcome(
            "params/gone/2017.yaml", agency="gone", year=2017, fingerprint="f", status="ok"
        ),  # its build/ was deleted
        "bad/2018": Outcome(
            "params/bad/2018.yaml",
            agency="bad",
            year=2018,
            fingerprint="f",
            status="failed",
            cause="bad 2018: invalid inputs",
        ),
    }
    invalid = [Outcome("params/x/1.yaml", status="failed", cause="params/x/1.yaml: invalid parameters", kind="params")]
    catalogue.write(project, state, invalid)
    html = (tmp_path / "build/index.html").read_text(encoding="utf-8")
    assert "某某局" in html and "bad 2018: invalid inputs" in html and "params/x/1.yaml: invalid parameters" in html
    assert "gone" not in html
    assert '<a href="acme/2017/report.docx">Word 版</a>' in html
    with (tmp_path / "build/summary.csv").open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert lines == [
        {
            "agency": "acme",
            "name": "某某局",
            "year": "2017",
            "format": "legacy",
            "status": "ok",
            "received": "4",
            "carried_in": "",
            "handled": "4",
            "carried_over": "",
            "disclosed_full": "1",
            "disclosed_part": "0",
            "disclosed_pct": "25.0",
            "other_pct": "0.0",
            "errors": "0",
            "warnings": "0",
        }
    ]


def test_summary_cells_cannot_start_a_formula(tmp_path):
    folder = tmp_path / "build/acme/2017"
    folder.mkdir(parents=True)
    manifest = {"title": "=HYPERLINK(1)2017年政府信息公开工作年度报告", "format": "legacy"}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    state = {"acme/2017": Outcome("params/acme/2017.yaml", agency="acme", year=2017, fingerprint="f", status="ok")}
    catalogue.write(Project.at(tmp_path), state, [])
    text = (tmp_path / "build/summary.csv").read_text(encoding="utf-8")
    assert "acme,'=HYPERLINK(1),2017,legacy,ok" in text
