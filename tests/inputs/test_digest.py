"""Digests of what a report reads: the tables chain every later year reads, and what only the next year reads."""

from __future__ import annotations

from pathlib import Path

from govreport.inputs.digest import last_year_digest, year_digest
from govreport.inputs.project import Project


def write(root: Path, year: int, narrative: str) -> None:
    folder = root / "data" / "acme" / str(year)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "figures.csv").write_text("table,row,column,value\n依申请,本年新收,自然人,5\n", encoding="utf-8")
    (folder / "narrative.md").write_text(narrative, encoding="utf-8")


def digests(project: Project) -> dict[str, list[str | None]]:
    years = (2020, 2021, 2022)
    return {
        "year": [year_digest(project, "acme", y) for y in years],
        "last_year": [last_year_digest(project, "acme", y) for y in years],
    }


def test_a_narrative_changes_what_the_next_year_reads_of_its_year_and_nothing_else(tmp_path: Path):
    for year in (2020, 2021, 2022):
        write(tmp_path, year, "本局修订了工作制度。")
    project = Project.at(tmp_path)
    before = digests(project)
    (tmp_path / "data/acme/2021/narrative.md").write_text("本局明确了专人负责。", encoding="utf-8")
    after = digests(project)
    assert after["year"] == before["year"]  # the tables chain, which every later year reads, is untouched
    changed = [a != b for a, b in zip(after["last_year"], before["last_year"], strict=True)]
    assert changed == [False, True, False]  # 2022 reads 2021's prose; 2023 reads 2022's, not 2021's


def test_figures_change_both_digests_of_their_year_and_of_every_later_year(tmp_path: Path):
    for year in (2020, 2021, 2022):
        write(tmp_path, year, "")
    project = Project.at(tmp_path)
    before = digests(project)
    (tmp_path / "data/acme/2021/figures.csv").write_text("table,row,column,value\n", encoding="utf-8")
    after = digests(project)
    assert [a != b for a, b in zip(after["year"], before["year"], strict=True)] == [False, True, True]
    assert [a != b for a, b in zip(after["last_year"], before["last_year"], strict=True)] == [False, True, True]


def test_no_narrative_no_data_folder(tmp_path: Path):
    write(tmp_path, 2021, "本局修订了工作制度。")
    project = Project.at(tmp_path)
    with_prose = last_year_digest(project, "acme", 2021)
    (tmp_path / "data/acme/2021/narrative.md").unlink()
    assert last_year_digest(project, "acme", 2021) not in (None, with_prose)
    assert last_year_digest(project, "acme", 2019) is None
