"""`govreport check` and `build`: pass-through, messages, exit codes, and nothing built from bad input."""

from __future__ import annotations

import csv
import errno
import io
import json
import multiprocessing
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import CORPUS, own_notebook

from govreport.cli import cli, main
from govreport.run import engine

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
CASES = sorted(p.name for p in CORPUS.iterdir() if p.name not in ("base", "manifest.yaml"))
PARAMS = Path("params/acme/2021.yaml")
CJK = re.compile(r"[\u4e00-\u9fff]")
YEAR = Path("data/acme/2021")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the corpus' valid root, with an earlier report already in build/."""
    root = tmp_path / "root"
    shutil.copytree(CORPUS / "base", root)
    earlier = root / "build" / "acme" / "2021"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report", encoding="utf-8")
    return root


def install(case: Path, root: Path) -> None:
    """Lay a corpus case over the root (see manifest.yaml for the convention)."""
    if case.is_dir():
        shutil.copytree(case, root, dirs_exist_ok=True)
        return
    target = case.name.split(".", 1)[1]
    if target == "params.yaml":
        dest = root / PARAMS
    elif target == "agency.yaml":
        dest = root / "data" / "acme" / "agency.yaml"
    else:
        dest = root / YEAR / target
        for other in (".csv", ".xlsx"):
            dest.with_suffix(other).unlink(missing_ok=True)
    shutil.copyfile(case, dest)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def invoke(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--root", str(root), *args])


def test_the_corpus_has_thirty_cases_each_with_its_expected_message_in_both_languages():
    assert len(CASES) >= 30
    assert set(CASES) == set(MANIFEST)
    for case in CASES:
        assert set(MANIFEST[case]) == {"zh", "en"} and len(MANIFEST[case]["zh"]) == len(MANIFEST[case]["en"]), case


def test_check_passes_the_corpus_base(root):
    result = invoke(root, "check", str(root / PARAMS))
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.output


# Every case in Chinese (the default) through both commands, and in English (--lang en) through check, plus
# build in English for one case with a problem in each kind of file: build words them in its report's process.
RUNS = [(case, command, lang) for case in CASES for command in ("check", "build") for lang in ("zh", "en")]
RUNS = [run for run in RUNS if run[1:] != ("build", "en") or run[0] == "every-file-at-once"]


@pytest.mark.parametrize(("case", "command", "lang"), RUNS)
def test_bad_input_is_reported_and_nothing_is_built(root, case, command, lang):
    install(CORPUS / case, root)
    before = snapshot(root / "build")
    result = invoke(root, "--lang", lang, command, str(root / PARAMS))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback: the CLI handled it
    assert "Traceback" not in result.output
    for fragment in MANIFEST[case][lang]:
        assert fragment in result.output
    if lang == "zh":  # every line is worded in Chinese, not only the fragments
        assert all(CJK.search(line) for line in result.output.splitlines()), result.output
    assert snapshot(root / "build") == before


def test_check_goes_on_after_a_failing_params_file_and_reports_both(root):
    (root / "params" / "acme" / "2020.yaml").write_text("agency: acme\nyear: 2020\nyeer: 1\n", encoding="utf-8")
    result = invoke(root, "check", str(root / "params/acme/2020.yaml"), str(root / PARAMS))
    assert result.exit_code == 1
    assert "params/acme/2020.yaml:3: unknown key 'yeer'" in result.output
    assert f"{root / PARAMS}: 0 error(s)" in result.output


def test_check_reports_a_declared_figure_that_the_records_contradict(root):
    # The ledger of base/ has one 予以公开 request from a 自然人 (R1); the figure says 5.
    with (root / YEAR / "figures.csv").open("a", encoding="utf-8") as handle:
        handle.write("依申请,予以公开,自然人,5\n")
    result = invoke(root, "check", str(root / PARAMS))
    assert result.exit_code == 1
    assert "declared-vs-computed" in result.output
    assert "declares 5" in result.output and "gives 1" in result.output


def test_a_missing_params_file_is_reported_without_traceback(root):
    result = invoke(root, "check", str(root / "params/acme/2019.yaml"))
    assert result.exit_code == 1
    assert "params/acme/2019.yaml: no such params file" in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", ["check", "build"])
def test_no_params_file_is_bad_usage(root, command):
    result = invoke(root, command)
    assert result.exit_code == 2
    assert "Missing argument" in result.output


# -- a relative params path with --root, from another folder ------------------------------------


@pytest.fixture
def elsewhere(tmp_path_factory, monkeypatch) -> Path:
    """The current folder: another folder, outside the root."""
    folder = tmp_path_factory.mktemp("elsewhere").resolve()
    monkeypatch.chdir(folder)
    return folder


def test_check_reads_a_relative_params_path_under_root_from_another_folder(root, elsewhere):
    result = invoke(root, "check", str(PARAMS))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{root.resolve() / PARAMS}: 0 error(s), 0 warning(s), 2 info\n"


@pytest.mark.slow
def test_build_reads_a_relative_params_path_under_root_from_another_folder(root, elsewhere):
    result = invoke(root, "build", str(PARAMS))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{root.resolve() / 'build/acme/2021/report.html'}  (0 error(s), 0 warning(s), 2 info)\n"
    assert list(elsewhere.iterdir()) == []  # nothing written where the command was run


@pytest.mark.slow
def test_build_docx_writes_report_docx_beside_the_page(root):
    result = invoke(root, "build", "--docx", str(PARAMS))
    assert result.exit_code == 0, result.output
    out = root / "build/acme/2021"
    assert (out / "report.docx").read_bytes()[:2] == b"PK" and (out / "report.html").is_file()
    assert invoke(root, "build", str(PARAMS)).exit_code == 0
    assert not (out / "report.docx").exists()  # a build without --docx is the report without one, as for --pdf


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_params_file_in_the_current_folder_is_read_and_its_message_names_both_full_paths(root, elsewhere, command):
    (elsewhere / PARAMS).parent.mkdir(parents=True)
    shutil.copyfile(root / PARAMS, elsewhere / PARAMS)
    result = invoke(root, command, str(PARAMS))
    assert result.exit_code == 1
    assert result.stderr == (
        f"{elsewhere / PARAMS}: agency and year say this file belongs at {root.resolve() / PARAMS}\n"
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_relative_params_path_found_nowhere_names_both_folders(root, elsewhere, command):
    result = invoke(root, command, "params/acme/2019.yaml")
    assert result.exit_code == 1
    assert result.stderr == f"params/acme/2019.yaml: no such params file in {elsewhere} or {root.resolve()}\n"


# -- check --format csv | json ---------------------------------------------------------------------

# The base's findings with one declared figure the ledger contradicts (R1 is its one 予以公开 from a
# 自然人; figures.csv line 4 says 5): that error first, as in checks.csv, then the two info findings for
# 主动公开 rows its figures.csv leaves out.
EXPECTED_FINDINGS = [
    ("acme", "2021", "error", "declared-vs-computed", "依申请", "予以公开", "自然人"),
    ("acme", "2021", "info", "not-given", "主动公开", "行政强制", "本年处理决定数量"),
    ("acme", "2021", "info", "not-given", "主动公开", "行政事业性收费", "本年收费金额（单位：万元）"),
]
COLUMNS = ["agency", "year", "severity", "rule", "table", "row", "column", "message"]


@pytest.fixture
def contradicted(root: Path) -> Path:
    with (root / YEAR / "figures.csv").open("a", encoding="utf-8") as handle:
        handle.write("依申请,予以公开,自然人,5\n")
    return root


def _keys(rows: list[dict]) -> list[tuple[str, ...]]:
    return [tuple(str(r[c]) for c in COLUMNS[:-1]) for r in rows]


def test_check_format_csv_gives_every_finding_in_the_columns_of_checks_csv(contradicted):
    result = invoke(contradicted, "check", "--format", "csv", str(contradicted / PARAMS))
    assert result.exit_code == 1  # an error: as in text
    reader = csv.DictReader(io.StringIO(result.stdout))
    rows = list(reader)
    assert reader.fieldnames == COLUMNS
    assert _keys(rows) == EXPECTED_FINDINGS
    assert "figures.csv:4 declares 5" in rows[0]["message"] and "gives 1" in rows[0]["message"]
    assert result.stderr == ""


def test_check_format_json_gives_the_same_as_a_list(contradicted):
    result = invoke(contradicted, "check", "--format", "json", str(contradicted / PARAMS))
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert [list(r) for r in rows] == [COLUMNS] * 3
    assert _keys(rows) == EXPECTED_FINDINGS
    assert rows[0]["year"] == 2021  # a number, as in the params file
    assert "figures.csv:4 declares 5" in rows[0]["message"]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_check_format_keeps_stdout_data_when_a_params_file_fails_and_exits_as_text_does(root, fmt):
    result = invoke(root, "check", "--format", fmt, str(root / "params/acme/2019.yaml"), str(root / PARAMS))
    assert result.exit_code == 1
    assert result.stderr == "params/acme/2019.yaml: no such params file\n"
    if fmt == "json":
        rows = json.loads(result.stdout)
    else:
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert _keys(rows) == EXPECTED_FINDINGS[1:]  # the base alone: its two info findings, exit 1 for 2019


def test_check_format_csv_of_a_clean_report_exits_0(root):
    result = invoke(root, "check", "--format", "csv", str(root / PARAMS))
    assert result.exit_code == 0
    assert _keys(list(csv.DictReader(io.StringIO(result.stdout)))) == EXPECTED_FINDINGS[1:]


# -- a full disk -------------------------------------------------------------------------------------


@pytest.fixture
def forked(monkeypatch):
    """`build` runs each report in a child; forked from this process, it sees this test's monkeypatches."""
    monkeypatch.setattr(engine, "context", lambda: multiprocessing.get_context("fork"))


@pytest.mark.slow
def test_a_full_disk_is_reported_as_such_and_the_previous_report_is_kept(root, monkeypatch, forked):
    from govreport.run import execute

    def full_disk_open(file, mode="r", *args, **kwargs):
        if ".2021.new-" in str(file):  # a file of the report being staged by write_atomically
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return open(file, mode, *args, **kwargs)

    monkeypatch.setattr(execute, "open", full_disk_open, raising=False)
    before = snapshot(root / "build")
    result = invoke(root, "build", str(root / PARAMS))
    assert result.exit_code == 1
    assert result.stderr == "error: the disk is full: build/acme/2021 was not written; the previous report is kept\n"
    assert result.stdout == ""
    assert snapshot(root / "build") == before  # the earlier report, untouched
    assert [p.name for p in (root / "build/acme").iterdir()] == ["2021"]  # nothing staged left beside it


# -- a report that never finishes, a bug -----------------------------------------------------------


def test_build_ends_a_report_past_its_time_limit_and_keeps_the_previous_one(root):
    own_notebook(root, "import time; time.sleep(60)")
    result = invoke(root, "build", "--timeout", "2", str(root / PARAMS))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: params/acme/2021.yaml: not built within the time limit (2 s, --timeout); its process was ended "
        "and the previous report is kept (the notebook as far as it ran: build/acme/2021.failed.ipynb)\n"
    )
    assert (root / "build/acme/2021/report.html").read_text(encoding="utf-8") == "an earlier report"
    assert sorted(p.name for p in (root / "build/acme").iterdir()) == ["2021", "2021.failed.ipynb"]


def test_a_bug_in_one_report_is_one_line_and_build_goes_on_to_the_next(root, monkeypatch, forked):
    from govreport.run import execute

    real = execute.build

    def build(params_path, *args, **kwargs):
        if not Path(params_path).is_absolute():  # the first of the two below
            raise ZeroDivisionError("division by zero")
        return real(params_path, *args, **kwargs)

    monkeypatch.setattr(execute, "build", build)
    result = invoke(root, "build", str(PARAMS), str(root / PARAMS))
    assert result.exit_code == 1
    assert result.stderr == "internal error: ZeroDivisionError: division by zero (rerun with -v for details)\n"
    assert result.stdout == f"{root.resolve() / 'build/acme/2021/report.html'}  (0 error(s), 0 warning(s), 2 info)\n"


def test_new_prints_in_chinese_what_it_wrote_what_is_left_and_the_check_to_run_next(example_root, chinese):
    result = CliRunner().invoke(cli, ["--root", str(example_root), "new", "haicheng-sample", "2025"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "已新建海澄市人民政府2025年（national-2021 格式），从2024年的数据开始。写入了："
    assert "  data/haicheng-sample/2025/requests.csv" in lines
    assert any(
        line.startswith("  1. data/haicheng-sample/2025/requests.csv（依申请公开台账）：已带入") for line in lines
    )
    command = f"govreport --root {example_root.resolve()} check params/haicheng-sample/2025.yaml"
    assert lines[-2:] == ["填好后运行：", f"  {command}"]


def test_new_refuses_a_year_that_exists_in_chinese_with_exit_2(example_root, monkeypatch, capsys, chinese):
    monkeypatch.setattr(sys, "argv", ["govreport", "--root", str(example_root), "new", "haicheng-sample", "2024"])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 2
    named = "params/haicheng-sample/2024.yaml、data/haicheng-sample/2024/"
    assert f"2024 年已经存在，没有改动任何文件：{named}" in capsys.readouterr().err


def test_new_says_in_chinese_that_last_years_inputs_need_fixing_then_lists_every_problem(example_root, chinese):
    (example_root / "data" / "fujian-commerce" / "2017" / "requests.csv").write_text("id,received\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(example_root), "new", "fujian-commerce", "2018"])
    assert result.exit_code == 1
    assert result.output.startswith("fujian-commerce 的数据有下列问题，改正后再运行 govreport new：\n")
    assert "data/fujian-commerce/2017/requests.csv:1: 第1行：缺少 channel（申请方式）列\n" in result.output
    assert not (example_root / "data" / "fujian-commerce" / "2018").exists()
