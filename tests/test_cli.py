"""`govreport check` and `build`: pass-through, messages, exit codes, and nothing built from bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from govreport.cli import cli

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
MANIFEST = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))
CASES = sorted(p.name for p in CORPUS.iterdir() if p.name not in ("base", "manifest.yaml"))
PARAMS = Path("params/acme/2021.yaml")
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


def test_the_corpus_has_thirty_cases_each_with_its_expected_message():
    assert len(CASES) >= 30
    assert set(CASES) == set(MANIFEST)


def test_check_passes_the_corpus_base(root):
    result = invoke(root, "check", str(root / PARAMS))
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_and_nothing_is_built(root, case, command):
    install(CORPUS / case, root)
    before = snapshot(root / "build")
    result = invoke(root, command, str(root / PARAMS))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # no traceback: the CLI handled it
    assert "Traceback" not in result.output
    for fragment in MANIFEST[case]:
        assert fragment in result.output
    assert snapshot(root / "build") == before


def test_check_goes_on_after_a_failing_params_file_and_reports_both(root):
    (root / "params" / "acme" / "2020.yaml").write_text("agency: acme\nyear: 2020\nyeer: 1\n", encoding="utf-8")
    result = invoke(root, "check", str(root / "params/acme/2020.yaml"), str(root / PARAMS))
    assert result.exit_code == 1
    assert "params/acme/2020.yaml:3: unknown key 'yeer'" in result.output
    assert f"{root / PARAMS}: 0 errors" in result.output


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
    assert result.stdout == f"{root.resolve() / PARAMS}: 0 errors, 0 warnings, 2 info\n"


@pytest.mark.slow
def test_build_reads_a_relative_params_path_under_root_from_another_folder(root, elsewhere):
    result = invoke(root, "build", str(PARAMS))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{root.resolve() / 'build/acme/2021/report.html'}  (0 errors, 0 warnings, 2 info)\n"
    assert list(elsewhere.iterdir()) == []  # nothing written where the command was run


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
