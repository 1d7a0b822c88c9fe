"""One computation per report: every output reads it; earlier years built once; a narrative rebuilds its year and
the next (which compares its prose with it), figures every later year."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO

from govreport.cli import cli
from govreport.compute import computation
from govreport.run import engine, execute
from govreport.run.execute import YEARS

AGENCY = "haicheng-sample"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """The example city's 2021–2024 (2021 the first year: nothing earlier to read)."""
    for year in range(2021, 2025):
        shutil.copytree(REPO / "data" / AGENCY / str(year), tmp_path / "data" / AGENCY / str(year))
        (tmp_path / "params" / AGENCY).mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "params" / AGENCY / f"{year}.yaml", tmp_path / "params" / AGENCY / f"{year}.yaml")
    shutil.copy(REPO / "data" / AGENCY / "agency.yaml", tmp_path / "data" / AGENCY / "agency.yaml")
    return tmp_path


@pytest.mark.slow
def test_a_build_computes_its_report_once(city: Path, monkeypatch):
    calls = []
    real = computation.load
    monkeypatch.setattr(computation, "load", lambda *a, **k: calls.append(a[1].year) or real(*a, **k))
    monkeypatch.chdir(city)
    execute.build(city / "params" / AGENCY / "2022.yaml", executor=engine.execute_in_process)
    assert calls == [2022]  # not again in the notebook: its Report.load is handed the value


@pytest.mark.slow
def test_review_html_lists_each_finding_once(city: Path, monkeypatch):
    figures = city / "data" / AGENCY / "2023" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8") + "复议诉讼,行政复议,总计,999\n", encoding="utf-8")
    monkeypatch.chdir(city)
    result = execute.build(city / "params" / AGENCY / "2023.yaml", executor=engine.execute_in_process)
    assert result.counts["error"] == 1
    review = (result.out_dir / "review.html").read_text(encoding="utf-8")
    assert review.count("总计 999 ≠") == 1
    # Every headline figure beside last year's: requests.csv rows received in 2022 and 2023, counted with awk: 959, 962.
    received = '<tr><th scope="row">收到申请</th><td>959</td><td>962</td><td>×1.0</td></tr>'
    assert "与上年相比" in review and received in review


@pytest.mark.slow
def test_each_earlier_year_is_built_once_in_a_batch(city: Path):
    (outcome,) = engine.run_all([str(city / "params" / AGENCY / "2024.yaml")], city, jobs=1)
    assert outcome.status == "ok", outcome.cause
    cached = sorted((city / "build" / YEARS).glob("*.pickle"))
    assert len(cached) == 3  # 2021, 2022, 2023: one file each, reused by every later report
    stamps = [p.stat().st_mtime_ns for p in cached]
    outcomes = engine.run_all([str(city / "params" / AGENCY / f"{y}.yaml") for y in (2022, 2023)], city, jobs=1)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert [p.stat().st_mtime_ns for p in sorted((city / "build" / YEARS).glob("*.pickle"))] == stamps


@pytest.mark.slow
def test_a_narrative_rebuilds_its_year_and_the_next_and_figures_rebuild_every_later_year(city: Path):
    runner = CliRunner()
    assert runner.invoke(cli, ["--root", str(city), "batch"]).exit_code == 0
    state = city / "build/.batch/state.json"

    def rebuilt() -> list[str]:
        """The reports whose fingerprint changed (and so were built again) in one more batch."""
        before = json.loads(state.read_text(encoding="utf-8"))
        result = runner.invoke(cli, ["--root", str(city), "batch", "--jobs", "1"])
        assert result.exit_code == 0, result.output
        after = json.loads(state.read_text(encoding="utf-8"))
        changed = sorted(key for key in after if after[key]["fingerprint"] != before[key]["fingerprint"])
        assert f"批处理：生成 {len(changed)} 份" in result.output
        return changed

    narrative = city / "data" / AGENCY / "2022" / "narrative.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    changed_narrative = rebuilt()
    figures = city / "data" / AGENCY / "2022" / "figures.csv"
    figures.write_text(
        figures.read_text(encoding="utf-8").replace(
            "主动公开,行政许可,本年处理决定数量,", "主动公开,行政许可,本年处理决定数量,1"
        ),
        encoding="utf-8",
    )
    changed_figures = rebuilt()
    assert changed_narrative == [f"{AGENCY}/2022", f"{AGENCY}/2023"]  # 2023's repetition rule reads 2022's prose
    assert changed_figures == [f"{AGENCY}/2022", f"{AGENCY}/2023", f"{AGENCY}/2024"]
