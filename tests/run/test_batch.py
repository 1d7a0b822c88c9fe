"""The batch: discovery, fingerprints, lock, progress, failure isolation, incremental and Dask runs."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import own_notebook

from govreport.cli import cli
from govreport.errors import DiskFullError, LockError, UsageError
from govreport.inputs.params import load_params
from govreport.inputs.project import Project
from govreport.run import batch, cluster
from govreport.run.outcome import Outcome

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English


def _copy_agency(root: Path, slug: str) -> None:
    """Another agency with the example's data, under a new slug."""
    shutil.copytree(root / "data/fujian-commerce", root / "data" / slug)
    (root / "params" / slug).mkdir(parents=True)
    text = (root / "params/fujian-commerce/2017.yaml").read_text(encoding="utf-8")
    (root / "params" / slug / "2017.yaml").write_text(text.replace("fujian-commerce", slug), encoding="utf-8")


# -- discovery and fingerprints ----------------------------------------------------------------


def test_discover_finds_yaml_files_once_and_skips_hidden(example_root):
    folder = example_root / "params/fujian-commerce"
    (folder / ".trash").mkdir()
    (folder / ".trash/2016.yaml").write_text("agency: x\n")
    (folder / "notes.txt").write_text("not params\n")
    params = folder / "2017.yaml"
    found = batch.discover(Project.at(example_root), [folder, params])
    assert found == [params.resolve()]


def test_discover_rejects_a_missing_path(example_root):
    with pytest.raises(UsageError, match="no-such-folder: no such file or folder"):
        batch.discover(Project.at(example_root), [example_root / "no-such-folder"])


def test_discover_reads_a_relative_path_under_the_root_from_another_folder(example_root, tmp_path_factory, monkeypatch):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    found = batch.discover(Project.at(example_root), [Path("params/fujian-commerce")])
    assert found == [(example_root / "params/fujian-commerce/2017.yaml").resolve()]


def _print(root: Path) -> str:
    project = Project.at(root)
    path = root / "params/fujian-commerce/2017.yaml"
    return batch.fingerprint(project, load_params(path, project), path, "package")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: (r / "params/fujian-commerce/2017.yaml").open("a").write("strict: true\n"), id="params"),
        pytest.param(lambda r: (r / "data/fujian-commerce/2017/figures.csv").open("a").write("\n"), id="input"),
        pytest.param(lambda r: (r / "data/fujian-commerce/2017/extra.xlsx").write_bytes(b"x"), id="new-input"),
        pytest.param(lambda r: (r / "data/fujian-commerce/agency.yaml").open("a").write("\n"), id="agency"),
        pytest.param(lambda r: (r / "data/fujian-commerce/2016").mkdir(), id="previous-year-appears"),
    ],
)
def test_fingerprint_changes_with_what_the_report_reads(example_root, change):
    before = _print(example_root)
    change(example_root)
    assert _print(example_root) != before


def test_fingerprint_follows_the_previous_years_inputs(example_root):
    (example_root / "data/fujian-commerce/2016").mkdir()
    (example_root / "data/fujian-commerce/2016/figures.csv").write_text("table,row,column,value\n")
    before = _print(example_root)
    (example_root / "data/fujian-commerce/2016/figures.csv").write_text(
        "table,row,column,value\n附表,行政复议数,本年,1\n"
    )
    assert _print(example_root) != before


def test_fingerprint_follows_last_years_narrative_and_no_older_one(example_root):
    project, path = Project.at(example_root), example_root / "params/haicheng-sample/2022.yaml"
    printed = lambda: batch.fingerprint(project, load_params(path, project), path, "package")  # noqa: E731
    before = printed()
    (example_root / "data/haicheng-sample/2020/narrative.md").open("a", encoding="utf-8").write("补充说明。\n")
    assert printed() == before  # 2022 compares its prose with 2021's only
    (example_root / "data/haicheng-sample/2021/narrative.md").open("a", encoding="utf-8").write("补充说明。\n")
    assert printed() != before


def test_fingerprint_ignores_other_agencies_and_later_years(example_root):
    before = _print(example_root)
    _copy_agency(example_root, "other-agency")
    (example_root / "data/fujian-commerce/2018").mkdir()
    (example_root / "data/fujian-commerce/2018/figures.csv").write_text("table,row,column,value\n")
    assert _print(example_root) == before


def test_fingerprint_depends_on_the_package_and_notebook(example_root):
    project = Project.at(example_root)
    path = example_root / "params/fujian-commerce/2017.yaml"
    params = load_params(path, project)
    assert batch.fingerprint(project, params, path, "a") != batch.fingerprint(project, params, path, "b")


# -- lock and progress ---------------------------------------------------------------------------


def test_a_second_batch_on_the_same_root_is_refused(example_root):
    project = Project.at(example_root)
    held = batch.lock(project)
    try:
        with pytest.raises(LockError, match="another batch is building"):
            batch.lock(project)
    finally:
        held.close()
    batch.lock(project).close()  # released with the first


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_in_a_log_prints_a_few_lines_not_one_per_report():
    stream = io.StringIO()
    progress = batch.Progress(total=50, skipped=3, stream=stream, log=None, every=3600)
    for i in range(50):
        status = "failed" if i == 7 else "ok"
        progress.update(Outcome(f"p{i}", status, cause="acme 2020: the notebook failed: boom"), f"acme/{i}")
    lines = stream.getvalue().splitlines()
    assert lines == [
        "[1/50] done 1, failed 0, skipped 3 (unchanged), about 0 s left",
        "FAILED acme 2020: the notebook failed: boom",
        "[50/50] done 49, failed 1, skipped 3 (unchanged)",
    ]


def test_progress_on_a_terminal_rewrites_one_line():
    stream = _Terminal()
    progress = batch.Progress(total=2, skipped=0, stream=stream, log=None)
    progress.update(Outcome("a", "ok"), "a")
    progress.update(Outcome("b", "ok"), "b")
    progress.close()
    text = stream.getvalue()
    assert text.count("\n") == 1 and text.count("\r\033[K") == 2
    assert text.endswith("[2/2] done 2, failed 0, skipped 0 (unchanged)\n")


def test_the_log_file_records_every_report(tmp_path):
    log = io.StringIO()
    progress = batch.Progress(total=2, skipped=0, stream=io.StringIO(), log=log)
    progress.update(Outcome("a", "ok", seconds=0.5), "acme/2020")
    progress.update(Outcome("b", "failed", cause="acme 2021: invalid inputs"), "acme/2021")
    lines = log.getvalue().splitlines()
    assert lines[0].endswith(" built acme/2020: ok (0.50 s)")
    assert lines[1].endswith(" FAILED acme 2021: invalid inputs")


def test_crashes_are_retried_but_data_failures_are_not(example_root):
    project = Project.at(example_root)
    entry = Outcome("p", agency="acme", year=2020, fingerprint="f", status="failed", kind="inputs")
    assert batch._up_to_date(entry, "f", project)
    assert not batch._up_to_date(
        Outcome("p", agency="acme", year=2020, fingerprint="f", status="failed", kind="crash"), "f", project
    )
    # A timeout may have been the machine's load: tried again, at the cost of one time limit at most.
    assert not batch._up_to_date(
        Outcome("p", agency="acme", year=2020, fingerprint="f", status="failed", kind="timeout"), "f", project
    )
    assert not batch._up_to_date(entry, "changed", project)
    ok = Outcome("p", agency="acme", year=2020, fingerprint="f", status="ok")
    assert not batch._up_to_date(ok, "f", project)  # its report is not in build/ (deleted): rebuild


def test_a_batch_asked_for_word_files_builds_again_a_report_built_without_one(example_root):
    project = Project.at(example_root)
    out = project.build_dir("acme", 2020)
    out.mkdir(parents=True)
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    ok = Outcome("p", agency="acme", year=2020, fingerprint="f", status="ok")
    assert batch._up_to_date(ok, "f", project) and not batch._up_to_date(ok, "f", project, docx=True)
    (out / "report.docx").write_bytes(b"PK")
    assert batch._up_to_date(ok, "f", project, docx=True)


# -- whole batches (real notebooks) --------------------------------------------------------------


@pytest.fixture(scope="module")
def mixed_root(tmp_path_factory):
    """Two good agencies, one with a bad params file, one whose inputs do not validate."""
    from conftest import REPO

    root = tmp_path_factory.mktemp("batch")
    for name in ("params", "data"):
        shutil.copytree(REPO / name / "fujian-commerce", root / name / "fujian-commerce")
    _copy_agency(root, "second-office")
    _copy_agency(root, "broken-inputs")
    with (root / "data/broken-inputs/2017/requests.csv").open("a", encoding="utf-8") as handle:
        handle.write("x-1,2017-13-45,网络,自然人,予以公开,2017-02-01\n")
    (root / "params/typo-office").mkdir()
    (root / "params/typo-office/2017.yaml").write_text("agency: typo-office\nyeer: 2017\n", encoding="utf-8")
    return root


@pytest.mark.slow
def test_a_broken_agency_leaves_the_good_ones_built_and_the_exit_code_says_so(mixed_root):
    result = CliRunner().invoke(cli, ["--root", str(mixed_root), "batch", "--jobs", "2"])
    assert result.exit_code == 1, result.output
    build = mixed_root / "build"
    assert (build / "fujian-commerce/2017/report.html").is_file()
    assert (build / "second-office/2017/report.html").is_file()
    assert not (build / "broken-inputs/2017").exists()
    assert "FAILED params/broken-inputs/2017.yaml: invalid inputs: data/broken-inputs/2017/requests.csv" in (
        result.output
    )
    assert "FAILED params/typo-office/2017.yaml:2: unknown key 'yeer'" in result.output  # path:line, as check says
    index = (build / "index.html").read_text(encoding="utf-8")
    assert "params/broken-inputs/2017.yaml: invalid inputs" in index and "unknown key &#x27;yeer&#x27;" in index
    summary = (build / "summary.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in summary] == ["agency", "fujian-commerce", "second-office"]


@pytest.mark.slow
def test_an_unchanged_batch_builds_nothing_and_a_change_rebuilds_only_its_report(mixed_root):
    project = Project.at(mixed_root)
    paths = [mixed_root / "params/fujian-commerce", mixed_root / "params/second-office"]
    first = batch.run_batch(project, paths, jobs=2, stream=io.StringIO())
    report = mixed_root / "build/fujian-commerce/2017/report.html"
    stamp = report.stat().st_mtime_ns
    again = batch.run_batch(project, paths, jobs=2, stream=io.StringIO())
    assert again.built == [] and sorted(again.unchanged) == ["fujian-commerce/2017", "second-office/2017"]
    assert again.ok and report.stat().st_mtime_ns == stamp
    with (mixed_root / "data/second-office/2017/narrative.md").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    changed = batch.run_batch(project, paths, jobs=2, stream=io.StringIO())
    assert changed.built == ["second-office/2017"] and changed.unchanged == ["fujian-commerce/2017"]
    forced = batch.run_batch(project, paths, jobs=2, force=True, stream=io.StringIO())
    assert sorted(forced.built) == ["fujian-commerce/2017", "second-office/2017"]
    assert first.ok and forced.ok


@pytest.mark.slow
def test_deleting_build_and_rebuilding_gives_the_same_reports(mixed_root):
    project = Project.at(mixed_root)
    paths = [mixed_root / "params/fujian-commerce"]
    batch.run_batch(project, paths, stream=io.StringIO())
    names = ("report.html", "review.html", "report.ipynb", "figures.csv", "checks.csv")
    before = {n: (mixed_root / "build/fujian-commerce/2017" / n).read_bytes() for n in names}
    shutil.rmtree(mixed_root / "build")
    outcome = batch.run_batch(project, paths, stream=io.StringIO())
    assert outcome.built == ["fujian-commerce/2017"]
    assert {n: (mixed_root / "build/fujian-commerce/2017" / n).read_bytes() for n in names} == before


@pytest.mark.slow
def test_a_batch_on_a_dask_cluster_writes_the_files_its_workers_return(tmp_path):
    distributed = pytest.importorskip("distributed")
    from conftest import REPO

    for name in ("params", "data"):
        shutil.copytree(REPO / name / "fujian-commerce", tmp_path / name / "fujian-commerce")
    _copy_agency(tmp_path, "second-office")
    paths = [tmp_path / "params/fujian-commerce", tmp_path / "params/second-office"]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as cluster:
        outcome = batch.run_batch(
            Project.at(tmp_path),
            paths,
            scheduler=cluster.scheduler_address,
            log_file=tmp_path / "batch.log",
            docx=True,
        )
    assert outcome.ok and sorted(outcome.built) == ["fujian-commerce/2017", "second-office/2017"]
    one = tmp_path / "build/fujian-commerce/2017"
    other = tmp_path / "build/second-office/2017"
    for name in ("report.html", "figures.csv", "checks.csv", "report.docx"):
        assert (one / name).read_bytes() == (other / name).read_bytes()  # same data, same report
    assert "built second-office/2017: ok" in (tmp_path / "batch.log").read_text(encoding="utf-8")


# -- a report that never finishes ----------------------------------------------------------------

# delayed-office sorts before fujian-commerce: with --jobs 1 the batch reaches the good report only
# once the hung one has been ended.
HUNG = "params/delayed-office/2017.yaml"


@pytest.fixture
def hung_root(tmp_path):
    """fujian-commerce and delayed-office (the same data), an earlier report of delayed-office in build/,
    and a root notebook of two cells whose second never ends for delayed-office."""
    from conftest import REPO

    for name in ("params", "data"):
        shutil.copytree(REPO / name / "fujian-commerce", tmp_path / name / "fujian-commerce")
    _copy_agency(tmp_path, "delayed-office")
    earlier = tmp_path / "build/delayed-office/2017"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report", encoding="utf-8")
    own_notebook(tmp_path, "import time\nif agency == 'delayed-office':\n    time.sleep(60)")
    return tmp_path


def test_a_hung_report_is_ended_recorded_and_the_batch_goes_on(hung_root):
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["--root", str(hung_root), "batch", "--jobs", "1", "--timeout", "2"])
    assert time.monotonic() - started < 40, "the batch waited for the hung report"
    assert result.exit_code == 1, result.output
    cause = (
        f"{HUNG}: not built within the time limit (2 s, --timeout); its process was ended and the previous report "
        "is kept (the notebook as far as it ran: build/delayed-office/2017.failed.ipynb)"
    )
    assert f"FAILED {cause}" in result.output
    assert (hung_root / "build/fujian-commerce/2017/report.html").is_file()  # the batch went on
    earlier = hung_root / "build/delayed-office/2017"
    assert (earlier / "report.html").read_text(encoding="utf-8") == "an earlier report"
    assert sorted(p.name for p in earlier.parent.iterdir()) == ["2017", "2017.failed.ipynb"]
    state = json.loads((hung_root / "build/.batch/state.json").read_text(encoding="utf-8"))
    assert (state["delayed-office/2017"]["kind"], state["delayed-office/2017"]["cause"]) == ("timeout", cause)
    # Not taken for a failure of the data: the next batch tries it again (and the good one stays built).
    again = batch.run_batch(Project.at(hung_root), [], jobs=1, stream=io.StringIO(), timeout=2)
    assert again.built == ["delayed-office/2017"] and again.unchanged == ["fujian-commerce/2017"]


def test_a_hung_report_on_a_dask_worker_is_ended_there(hung_root):
    # What a worker runs: a fork of the warm server, ended at the limit, its notebook sent back.
    project = Project.at(hung_root)
    outcome, built, evidence = cluster.remote_build(HUNG, cluster.payload(project, hung_root / HUNG), timeout=2)
    assert (outcome.status, outcome.kind) == ("failed", "timeout") and built == {}
    assert b"TimeLimitReached" in evidence  # the notebook as far as it ran, for the client to keep


@pytest.mark.slow
def test_a_hung_report_on_a_dask_cluster_fails_and_the_previous_report_stays(hung_root):
    distributed = pytest.importorskip("distributed")
    project = Project.at(hung_root)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None) as local:
        outcome = batch.run_batch(
            project, [hung_root / HUNG], scheduler=local.scheduler_address, stream=io.StringIO(), timeout=2
        )
    (entry,) = outcome.failed
    assert entry.kind == "timeout"
    # LocalCluster's workers are daemons; they fork the warm server all the same, so the notebook as far as
    # it ran comes back beside the previous report.
    assert entry.cause.startswith(
        f"{HUNG}: not built within the time limit (2 s, --timeout); its process was ended and the previous report "
        "is kept"
    )
    assert (hung_root / "build/delayed-office/2017.failed.ipynb").is_file()
    assert (hung_root / "build/delayed-office/2017/report.html").read_text(encoding="utf-8") == "an earlier report"


# -- a full disk -----------------------------------------------------------------------------------


def _full_disk_for(monkeypatch, name: str) -> None:
    """Make the one atomic file write (run/files.replace_file) fail as a full disk does, for files called `name`."""
    from govreport.run import files

    real = files.os.fdopen

    def full(fd, *args, **kwargs):
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.startswith(f".{name}."):  # the file written aside
            os.close(fd)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)
        return real(fd, *args, **kwargs)

    monkeypatch.setattr(files.os, "fdopen", full)


def test_a_full_disk_stops_the_state_from_being_written_and_says_so(example_root, monkeypatch):
    project = Project.at(example_root)
    batch.save_state(project, {"acme/2020": Outcome("p", agency="acme", year=2020, fingerprint="f", status="ok")})
    before = (example_root / "build/.batch/state.json").read_bytes()
    _full_disk_for(monkeypatch, "state.json")
    with pytest.raises(DiskFullError) as caught:
        batch.save_state(project, {})
    assert str(caught.value) == (
        "the disk is full: build/.batch/state.json was not written; the reports built so far are kept"
    )
    assert (example_root / "build/.batch/state.json").read_bytes() == before
    assert sorted(p.name for p in (example_root / "build/.batch").iterdir()) == ["state.json"]


def test_a_full_disk_keeps_the_previous_catalogue_and_says_so(example_root, monkeypatch):
    from govreport.run import catalogue

    project = Project.at(example_root)
    catalogue.write(project, {}, [])
    before = (example_root / "build/index.html").read_bytes()
    _full_disk_for(monkeypatch, "index.html")
    with pytest.raises(DiskFullError) as caught:
        catalogue.write(project, {}, [])
    assert str(caught.value) == "the disk is full: build/index.html was not written; the previous one is kept"
    assert (example_root / "build/index.html").read_bytes() == before
    assert not list((example_root / "build").glob(".index.html.*"))
