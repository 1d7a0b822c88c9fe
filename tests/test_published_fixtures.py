"""Real published reports of other agencies (tests/published/fixtures/): imported, each gives the figures typed
by hand from its source; audited together, each gives the defects found by hand and no other error."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO

from govreport.cli import cli

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

FIXTURES = REPO / "tests" / "published" / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.csv").is_file())


def _source(case: str) -> Path:
    return next(p for p in (FIXTURES / case).iterdir() if p.stem == "source")


def _figures(path: Path) -> dict[tuple[str, str, str], str]:
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["table"], r["row"], r["column"]): r["value"] for r in csv.DictReader(f)}


@pytest.mark.parametrize("case", CASES)
def test_import_gives_the_figures_typed_by_hand(case, tmp_path):
    about = yaml.safe_load((FIXTURES / case / "report.yaml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), "import", str(_source(case)), "--agency", "fixture"])
    assert result.exit_code == 0, result.output
    year_dir = tmp_path / "data" / "fixture" / str(about["year"])
    assert _figures(year_dir / "figures.csv") == _figures(FIXTURES / case / "expected.csv")
    params = yaml.safe_load((tmp_path / "params" / "fixture" / f"{about['year']}.yaml").read_text(encoding="utf-8"))
    assert params["format"] == about["format"]
    assert params.get("published") == (str(about["published"]) if about.get("published") else None)


def test_audit_finds_the_defects_found_by_hand_and_no_other_error(tmp_path):
    expected = set()
    for case in CASES:
        about = yaml.safe_load((FIXTURES / case / "report.yaml").read_text(encoding="utf-8"))
        expected |= {(str(_source(case)), d["rule"], d["cell"]) for d in about.get("defects") or []}
    result = CliRunner().invoke(cli, ["audit", *(str(_source(c)) for c in CASES), "--out", str(tmp_path / "audit")])
    found = set()
    for line in result.output.splitlines():
        if ": error [" in line:
            source, rest = line.split(": error [", 1)
            rule, _, cell = rest.partition("] ")
            found.add((source, rule, cell.split(": ", 1)[0]))
    assert found == expected
    assert result.exit_code == (1 if expected else 0), result.output
