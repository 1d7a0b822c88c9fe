"""A region's summary built by the batch with the real notebook, over the example agencies and a few tiny ones.

Every expected figure is worked by hand here: the examples' from their 2017 reports as published (福建省商务厅's,
typed from the published page in tests/published/fixtures; 海澄市's as its pinned report prints it, and its
tables from its records), the tiny agencies' from the figures written below.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from govreport.cli import cli
from govreport.inputs.project import Project
from govreport.run import batch, summary

YEAR = 2017
# 附表 本年, as published: 受理申请总数, 答复总数, 同意公开, 同意部分公开, 不予公开, 其他类型
FUJIAN = (125, 125, 53, 0, 72, 0)  # 福建省商务厅 2017
HAICHENG = (541, 531, 203, 42, 34, 252)  # 海澄市人民政府 2017
TINY = {
    # a department that published late (the legacy deadline is 31 March): 20 received and handled
    "tiny-late": ("小迟局", "department", "2018-04-15", (20, 20, 10, 0, 5, 5)),
    # a government whose 答复总数 12 is not 4 + 4 + 2 (reply-sum: an error); published in time
    "tiny-wrong": ("小错市人民政府", "government", "2018-03-01", (12, 12, 4, 0, 4, 2)),
}
ROWS = ("受理申请总数", "答复总数", "同意公开", "同意部分公开", "不予公开", "其他类型")
SUMMARY = "params/_summary/region/2017.yaml"


def _agency(root: Path, slug: str, name: str, kind: str) -> None:
    (root / "data" / slug).mkdir(parents=True)
    (root / "data" / slug / "agency.yaml").write_text(f"name: {name}\nkind: {kind}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("summary")
    for name in ("params", "data"):
        shutil.copytree(REPO / name / "fujian-commerce", root / name / "fujian-commerce")
    shutil.copytree(REPO / "data" / "haicheng-sample", root / "data" / "haicheng-sample")
    (root / "params" / "haicheng-sample").mkdir()
    shutil.copy(REPO / "params/haicheng-sample/2017.yaml", root / "params/haicheng-sample/2017.yaml")
    for slug, (name, kind, published, figures) in TINY.items():
        _agency(root, slug, name, kind)
        (root / "data" / slug / "2017").mkdir()
        lines = "".join(f"附表,{row},本年,{value}\n" for row, value in zip(ROWS, figures, strict=True))
        (root / "data" / slug / "2017" / "figures.csv").write_text(
            "table,row,column,value\n" + lines + f"附表,网络申请数,本年,{figures[0]}\n", encoding="utf-8"
        )
        (root / "params" / slug).mkdir()
        (root / "params" / slug / "2017.yaml").write_text(f"agency: {slug}\nyear: 2017\npublished: '{published}'\n")
    # 2017 printed in the 2019 format: named, never added (its 7 requests are in no sum below)
    _agency(root, "tiny-form", "小表办", "department")
    (root / "data/tiny-form/2017").mkdir()
    (root / "data/tiny-form/2017/figures.csv").write_text("table,row,column,value\n依申请,本年新收,自然人,7\n")
    (root / "params/tiny-form").mkdir()
    (root / "params/tiny-form/2017.yaml").write_text("agency: tiny-form\nyear: 2017\nformat: national-2019\n")
    _agency(root, "tiny-missing", "小缺局", "department")  # no report of 2017
    (root / "params/_summary/typo").mkdir(parents=True)
    (root / "params/_summary/typo/2017.yaml").write_text("regoin: 测试地区\nyear: 2017\nagencies: ['*']\n")
    (root / "params/_summary/region").mkdir(parents=True)
    (root / SUMMARY).write_text(
        "region: 测试地区\nyear: 2017\nagencies: [fujian-commerce, haicheng-sample, tiny-*, ghost-agency]\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def built(root) -> str:
    """The batch's output, worded in Chinese as an office reads it: every report, then the summary."""
    result = CliRunner().invoke(cli, ["--lang", "zh", "--root", str(root), "batch", "--jobs", "2"])
    assert result.exit_code == 1, result.output  # tiny-wrong's error
    return result.output


def _summed(root: Path) -> dict[str, int]:
    with (root / "build/_summary/region/2017/figures.csv").open(encoding="utf-8") as handle:
        return {r["row"]: int(r["value"]) for r in csv.DictReader(handle) if r["column"] == "本年"}


def _download(root: Path, key: str) -> list[list[str]]:
    page = (root / "build/_summary/region/2017/report.html").read_text(encoding="utf-8")
    (data,) = re.findall(rf'download="region-2017-{key}.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', page)
    return list(csv.reader(io.StringIO(base64.b64decode(data).decode("utf-8-sig"))))


@pytest.mark.slow
def test_every_table_is_summed_over_the_agencies_as_worked_by_hand(root, built):
    found = _summed(root)
    assert found["受理申请总数"] == 125 + 541 + 20 + 12 == 698
    assert found["答复总数"] == 125 + 531 + 20 + 12 == 688  # tiny-wrong's declared 12, as its report prints it
    assert found["同意公开"] == 53 + 203 + 10 + 4 == 270
    assert found["不予公开"] == 72 + 34 + 5 + 4 == 115
    assert found["其他类型"] == 0 + 252 + 5 + 2 == 259


@pytest.mark.slow
def test_the_rankings_are_those_worked_by_hand_and_download_as_shown(root, built):
    assert _download(root, "received")[1:] == [
        ["1", "海澄市人民政府", "541", "531"],
        ["2", "福建省商务厅", "125", "125"],
        ["3", "小迟局", "20", "20"],
        ["4", "小错市人民政府", "12", "12"],
    ]
    # 同意公开 of 答复总数: 10/20 = 50.0%, 53/125 = 42.4%, 203/531 = 38.23%, 4/12 = 33.33%
    assert [(r[1], r[-1]) for r in _download(root, "disclosed")[1:]] == [
        ("小迟局", "50.0%"),
        ("福建省商务厅", "42.4%"),
        ("海澄市人民政府", "38.2%"),
        ("小错市人民政府", "33.3%"),
    ]
    # 不予公开: 72/125 = 57.6%, 4/12 = 33.33%, 5/20 = 25.0%, 34/531 = 6.40%
    assert [r[-1] for r in _download(root, "refused")[1:]] == ["57.6%", "33.3%", "25.0%", "6.4%"]
    # 其他类型: 252/531 = 47.46%, 5/20 = 25.0%, 2/12 = 16.67%, 0/125 = 0.0%
    assert [r[-1] for r in _download(root, "other")[1:]] == ["47.5%", "25.0%", "16.7%", "0.0%"]


@pytest.mark.slow
def test_the_late_report_and_the_one_with_errors_appear_as_such(root, built):
    page = (root / "build/_summary/region/2017/report.html").read_text(encoding="utf-8")
    assert "已生成的5份报告中，按期公开3份，逾期公开1份，未注明公开日期1份；有错误的1份，有警告的1份。" in page
    assert "逾期公开的是：小迟局（2018-04-15公开，期限2018-03-31）。" in page
    assert "有错误的是：小错市人民政府；" in page
    rows = _download(root, "reports")
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["小迟局"][6] == "逾期" and by_name["小迟局"][9] == "deadline"
    assert by_name["小错市人民政府"][7] == "1" and by_name["小错市人民政府"][9] == "reply-sum"
    assert '<tr class="late"><th scope="row" data-sort="tiny-late">小迟局</th>' in page
    assert '<a href="../../../tiny-wrong/2017/review.html">审核版</a>' in page
    assert (root / "build/tiny-wrong/2017/review.html").is_file()  # the link leads somewhere


@pytest.mark.slow
def test_covered_agencies_missing_are_named_in_the_page_the_batch_and_the_catalogue(root, built):
    page = (root / "build/_summary/region/2017/report.html").read_text(encoding="utf-8")
    assert "缺少2017年报告的2个：小缺局、ghost-agency（无此机关）。" in page
    assert "缺少 _summary/region/2017：以下机关没有 2017 年的报告：tiny-missing、ghost-agency" in built
    index = (root / "build/index.html").read_text(encoding="utf-8")
    assert index.index("测试地区2017年政府信息公开工作年度报告汇总") < index.index("fujian-commerce")  # listed first
    assert '<a href="_summary/region/2017/report.html">汇总报告</a>' in index
    assert "tiny-missing、ghost-agency" in index


@pytest.mark.slow
def test_a_report_in_another_format_that_year_is_named_not_added(root, built):
    page = (root / "build/_summary/region/2017/report.html").read_text(encoding="utf-8")
    assert "采用其他格式的1份单列，不计入汇总：小表办（2019年版格式）。" in page
    assert not any(row.startswith("依申请,") for row in (root / "build/_summary/region/2017/figures.csv").open())


@pytest.mark.slow
def test_an_invalid_summary_params_file_is_reported_by_line_and_skipped(root, built):
    assert "失败：params/_summary/typo/2017.yaml:1: 第1行：未知的键 'regoin'" in built, built
    assert not (root / "build/_summary/typo").exists()


@pytest.mark.slow
def test_the_executed_notebook_is_the_summary_notebook_with_its_parameters(root, built):
    import nbformat

    nb = nbformat.read(root / "build/_summary/region/2017/report.ipynb", as_version=4)
    assert nb.metadata.papermill.parameters["agencies"] == [
        "fujian-commerce",
        "haicheng-sample",
        "tiny-*",
        "ghost-agency",
    ]
    assert nb.metadata.govreport.missing == ["tiny-missing", "ghost-agency"]
    outputs = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
    assert [c.source for c in outputs] == [
        f"summary.{p}()" for p in ("title", "overview", "reports", "tables", "rankings", "trend")
    ]
    assert not any(o.output_type == "error" for c in nb.cells if c.cell_type == "code" for o in c.outputs)


@pytest.mark.slow
def test_the_summary_rebuilds_when_a_covered_reports_figures_change_and_only_then(root, built):
    project = Project.at(root)
    again = batch.run_batch(project, [], jobs=2, stream=io.StringIO())
    assert again.built == []
    # A narrative is read by no summary: the report rebuilds, its figures and findings do not change.
    (root / "data/fujian-commerce/2017/narrative.md").open("a", encoding="utf-8").write("\n本年无其他说明。\n")
    prose = batch.run_batch(project, [], jobs=2, stream=io.StringIO())
    assert prose.built == ["fujian-commerce/2017"]
    figures = root / "data/tiny-late/2017/figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace("受理申请总数,本年,20", "受理申请总数,本年,21"))
    changed = batch.run_batch(project, [], jobs=2, stream=io.StringIO())
    assert changed.built == ["tiny-late/2017", "_summary/region/2017"]  # the report first, then what reads it
    assert _summed(root)["受理申请总数"] == 699


@pytest.mark.slow
def test_papermill_and_a_kernel_build_the_same_summary_as_the_fast_engine(root, built, tmp_path):
    engine_page = (root / "build/_summary/region/2017/report.html").read_bytes()
    result = summary.build(root / SUMMARY, Project.at(root))  # papermill: the value reaches the kernel as a pickle
    assert result.out_dir == root / "build/_summary/region/2017"
    assert (result.out_dir / "report.html").read_bytes() == engine_page


def test_a_summarys_fingerprint_follows_what_it_covers_and_nothing_else(tmp_path):
    from govreport.inputs.summary_params import SummaryParams

    project = Project.at(tmp_path)
    for slug in ("coast-a", "inland-b"):
        _agency(tmp_path, slug, slug, "department")
        (tmp_path / "build" / slug / "2021").mkdir(parents=True)
        (tmp_path / "build" / slug / "2021" / "figures.csv").write_text("table,row,column,value\n")
    params = SummaryParams("coast", 2021, "海滨市", ("coast-*",))
    first = summary.fingerprint(project, params, "common")
    (tmp_path / "build/inland-b/2021/figures.csv").write_text("table,row,column,value\n依申请,本年新收,总计,1\n")
    assert summary.fingerprint(project, params, "common") == first  # not covered
    (tmp_path / "build/coast-a/2021/figures.csv").write_text("table,row,column,value\n依申请,本年新收,总计,1\n")
    covered = summary.fingerprint(project, params, "common")
    assert covered != first
    _agency(tmp_path, "coast-c", "coast-c", "department")  # a new agency the pattern matches
    assert summary.fingerprint(project, params, "common") != covered
    assert summary.fingerprint(project, params, "another package") != summary.fingerprint(project, params, "common")


def test_a_summarys_params_are_told_from_a_reports(tmp_path):
    from govreport.run import engine

    assert summary.is_summary(tmp_path / "params/_summary/coast/2021.yaml")
    assert not summary.is_summary(tmp_path / "params/coast/2021.yaml")
    (tmp_path / "params/_summary/coast").mkdir(parents=True)
    (tmp_path / "params/_summary/coast/2021.yaml").write_text("")
    found = engine._report_dir(str(tmp_path / "params/_summary/coast/2021.yaml"), tmp_path)
    assert found == tmp_path / "build/_summary/coast/2021"  # what a summary ended at its time limit leaves is undone


@pytest.mark.slow
def test_govreport_build_builds_one_summary_and_says_what_it_covered(root, built):
    page = root / "build/_summary/region/2017/report.html"
    result = CliRunner().invoke(cli, ["--lang", "en", "--root", str(root), "build", SUMMARY])
    assert result.exit_code == 0, result.output
    assert result.output == f"{page}  (4 of 7 covered agencies summed; missing: tiny-missing, ghost-agency)\n"
    result = CliRunner().invoke(cli, ["--root", str(root), "build", SUMMARY])
    assert result.output == f"{page}（已汇总所覆盖 7 个机关中的 4 个；缺少报告：tiny-missing、ghost-agency）\n"
