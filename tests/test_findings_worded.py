"""A hand-made contradicted report, as its reader sees it: findings worded in Chinese (or English with --lang en),
checks.csv in its columns, review.html with its notices grouped."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from govreport.cli import cli
from govreport.run import execute

PARAMS = Path("params/acme/2021.yaml")
# base/'s ledger has one 予以公开 request, from a 自然人 (R1); this figures.csv line (its 4th) says 5.
CONTRADICTION = "依申请,予以公开,自然人,5\n"
# base/'s figures.csv gives two of the 主动公开 rows and leaves these two cells out: each a not-given notice.
NOT_GIVEN = ["行政强制/本年处理决定数量", "行政事业性收费/本年收费金额（单位：万元）"]


@pytest.fixture
def contradicted(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "base", root)
    with (root / "data/acme/2021/figures.csv").open("a", encoding="utf-8") as handle:
        handle.write(CONTRADICTION)
    return root


@pytest.mark.parametrize(
    ("options", "lines"),
    [
        pytest.param(
            [],
            [
                "{params}: 错误 [declared-vs-computed] 依申请/予以公开/自然人："
                "data/acme/2021/figures.csv:4 申报数为 5，但 data/acme/2021/requests.csv 统计为 1；报告采用 1",
                "{params}: 1 个错误，0 个警告，2 条提示",
            ],
            id="zh",
        ),
        pytest.param(
            ["--lang", "en"],
            [
                "{params}: error [declared-vs-computed] 依申请/予以公开/自然人: "
                "data/acme/2021/figures.csv:4 declares 5 but data/acme/2021/requests.csv gives 1; the report uses 1",
                "{params}: 1 error(s), 0 warning(s), 2 info",
            ],
            id="en",
        ),
    ],
)
def test_check_prints_a_contradicted_reports_findings_as_these_lines(contradicted, options, lines):
    params = contradicted / PARAMS
    result = CliRunner().invoke(cli, [*options, "--root", str(contradicted), "check", str(params)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [line.format(params=params) for line in lines]


@pytest.mark.slow
def test_a_build_writes_checks_csv_in_its_columns_and_groups_the_notices_in_review_html(contradicted):
    result = execute.build(contradicted / PARAMS)
    out = contradicted / "build/acme/2021"
    assert result is not None
    with open(out / "checks.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["severity", "rule", "table", "row", "column", "message"]  # ids, as before the catalogue
    assert [row[:5] for row in rows[1:]] == [
        ["error", "declared-vs-computed", "依申请", "予以公开", "自然人"],
        ["info", "not-given", "主动公开", "行政强制", "本年处理决定数量"],
        ["info", "not-given", "主动公开", "行政事业性收费", "本年收费金额（单位：万元）"],
    ]
    assert rows[1][5] == (
        "data/acme/2021/figures.csv:4 申报数为 5，但 data/acme/2021/requests.csv 统计为 1；报告采用 1"
    )
    assert [row[5] for row in rows[2:]] == [f"主动公开/{cell} 未填报，按 0 显示" for cell in NOT_GIVEN]

    review = (out / "review.html").read_text(encoding="utf-8")
    summaries = re.findall(r'<details class="notices[^"]*"><summary>(.*?)</summary>', review)
    assert summaries == ["主动公开：2 个单元格未填报 [not-given]"]  # one line for the table's 2 cells
    assert review.index("依申请/予以公开/自然人") < review.index(summaries[0])  # what to act on comes first
    cells = re.search(r"<summary>主动公开：2 个单元格未填报 \[not-given\]</summary><ul>(.*?)</ul>", review).group(1)
    assert re.findall(r"<li>(.*?)</li>", cells) == [f"主动公开/{cell} 未填报，按 0 显示" for cell in NOT_GIVEN]
