"""`govreport audit`: published reports of one agency audited together; each defect found, none made up."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from govreport.cli import cli

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

APPLICANT_ZEROS = ("0",) * 5  # 商业企业 … 其他: nothing from organisations in these small reports


def page(title: str, prose: str, rows: list[tuple[str, int, int]]) -> str:
    """A published page: a title, a sentence, and the 依申请 table as (label, 自然人, 总计) rows."""
    body = "".join(
        f"<tr><td>{label}</td><td>{person}</td>{''.join(f'<td>{z}</td>' for z in APPLICANT_ZEROS)}<td>{total}</td></tr>"
        for label, person, total in rows
    )
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><h1>{title}</h1>"
        f"<p>一、总体情况</p><p>{prose}</p><p>三、收到和处理政府信息公开申请情况</p>"
        f"<table><tr><td>项目</td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        f"<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{body}</table></body></html>"
    )


# 2020: 10 received, 8 handled (6 disclosed, 2 otherwise), 2 carried over. Every sum holds.
Y2020 = page(
    "某某市测绘局2020年政府信息公开工作年度报告",
    "2020年，本机关收到政府信息公开申请10件。",
    [
        ("一、本年新收政府信息公开申请数量", 10, 10),
        ("二、上年结转政府信息公开申请数量", 0, 0),
        ("（一）予以公开", 6, 6),
        ("（六）其他处理", 2, 2),
        ("（七）总计", 8, 8),
        ("四、结转下年度继续办理", 2, 2),
    ],
)
# 2021, by hand: 上年结转 3 but 2020 carried 2 over (carry-over); 予以公开 4 + 部分公开 1 = 5 but （七）总计
# prints 4 (result-sum); the prose says 6 received where the table says 5 (text-vs-table).
# 5 + 3 = 4 + 4, so identity holds as printed.
Y2021 = page(
    "某某市测绘局2021年政府信息公开工作年度报告",
    "2021年，本机关收到政府信息公开申请6件。",
    [
        ("一、本年新收政府信息公开申请数量", 5, 5),
        ("二、上年结转政府信息公开申请数量", 3, 3),
        ("（一）予以公开", 4, 4),
        ("（二）部分公开", 1, 1),
        ("（七）总计", 4, 4),
        ("四、结转下年度继续办理", 4, 4),
    ],
)


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    folder = tmp_path / "published"
    folder.mkdir()
    (folder / "2020.html").write_text(Y2020, encoding="utf-8")
    # The 2021 page was saved as GBK and declares no charset.
    (folder / "2021.html").write_text(Y2021.replace("<meta charset='utf-8'>", ""), encoding="gbk")
    return folder


def test_audit_finds_each_defect_and_no_false_error(sources, tmp_path):
    out = tmp_path / "audit"
    result = CliRunner().invoke(cli, ["audit", str(sources), "--out", str(out), "-j", "1"])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error [" in line]
    found = {(line.split(": ", 1)[0], line.split("[", 1)[1].split("]", 1)[0]) for line in errors}
    first, second = str(sources / "2020.html"), str(sources / "2021.html")
    assert found == {(second, "carry-over"), (second, "result-sum"), (second, "text-vs-table")}
    assert f"{first}: 0 error(s), 2 warning(s)" in result.output  # its 主动公开 and 复议诉讼 tables are not printed
    assert f"{first}: warning [not-read] the 主动公开 table" in result.output
    carry = next(line for line in errors if "[carry-over]" in line)
    assert carry.startswith(f"{second}: error [carry-over] 依申请/上年结转/")
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["source"], r["rule"]) for r in rows if r["severity"] == "error"} == found
    assert {r["agency"] for r in rows} <= {"moumoushicehuiju"}
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "某某市测绘局" in html and 'lang="en"' in html  # the page says the language it is worded in


def test_audit_of_clean_reports_exits_0(sources):
    (sources / "2021.html").unlink()
    result = CliRunner().invoke(cli, ["audit", str(sources / "2020.html")])
    assert result.exit_code == 0, result.output


def test_a_source_that_cannot_be_read_is_an_error_and_the_others_are_still_audited(sources):
    (sources / "broken.docx").write_bytes(b"not a zip at all")
    result = CliRunner().invoke(cli, ["audit", str(sources), "-j", "2"])
    assert result.exit_code == 1
    assert f"{sources / 'broken.docx'}: error [import]" in result.output
    assert f"{sources / '2020.html'}: 0 error(s)" in result.output


def test_two_sources_of_one_agency_year_keep_the_first(sources):
    (sources / "2021.html").unlink()
    (sources / "copy.html").write_text(Y2020, encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", str(sources)])
    assert "a second report of 某某市测绘局, 2020" in result.output
    assert f"(the first is {sources / '2020.html'})" in result.output


def test_audit_into_a_root_keeps_the_inputs_there(sources, tmp_path):
    root = tmp_path / "root"
    result = CliRunner().invoke(cli, ["--root", str(root), "audit", str(sources / "2020.html")])
    assert result.exit_code == 0, result.output
    assert (root / "data" / "moumoushicehuiju" / "2020" / "figures.csv").is_file()
    assert (root / "params" / "moumoushicehuiju" / "2020.yaml").is_file()
