"""The one value of a report: computed once, earlier years built once through the cache, handed to the notebook."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport.compute import computation
from govreport.compute.computation import Earlier, MemoryCache
from govreport.errors import DataValidationError
from govreport.inputs.digest import year_digest
from govreport.inputs.params import Params
from govreport.inputs.project import Project
from govreport.present import handover, report

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English


def write_year(root: Path, year: int, received: int, carried_in: int, handled: int, narrative: str = "") -> None:
    """acme's `year` from declared figures: 自然人 received, carried in and handled (予以公开)."""
    folder = root / "data" / "acme" / str(year)
    folder.mkdir(parents=True)
    (folder / "figures.csv").write_text(
        "table,row,column,value\n"
        f"依申请,本年新收,自然人,{received}\n依申请,上年结转,自然人,{carried_in}\n依申请,予以公开,自然人,{handled}\n",
        encoding="utf-8",
    )
    (folder / "narrative.md").write_text(narrative, encoding="utf-8")
    (root / "params" / "acme").mkdir(parents=True, exist_ok=True)
    (root / "params" / "acme" / f"{year}.yaml").write_text(f"agency: acme\nyear: {year}\n", encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "data" / "acme").mkdir(parents=True)
    (tmp_path / "data" / "acme" / "agency.yaml").write_text("name: 某某局\nkind: department\n", encoding="utf-8")
    write_year(tmp_path, 2020, received=5, carried_in=0, handled=3)  # carries 2 forward
    write_year(tmp_path, 2021, received=4, carried_in=2, handled=6)  # carries 0 forward
    write_year(tmp_path, 2022, received=1, carried_in=0, handled=1, narrative="收到{{ 依申请.本年新收.总计 }}件。")
    return tmp_path


class CountingCache(MemoryCache):
    def __init__(self) -> None:
        super().__init__()
        self.puts: list[int] = []

    def put(self, digest: str, earlier: Earlier) -> None:
        self.puts.append(earlier.tables.year if earlier.tables else 0)
        super().put(digest, earlier)


def test_load_computes_the_report_and_its_findings_once(root: Path):
    value = computation.load(Project.at(root), Params(agency="acme", year=2022))
    assert value.tables.value("依申请", "本年新收", "总计") == 1
    assert value.tables.previous.year == 2021 and value.tables.previous.previous.year == 2020
    assert [f for f in value.findings if f.severity == "error"] == []  # 2022 carries in 0, as 2021 carried forward
    assert value.prose("") == "收到1件。"
    assert value.title == "某某局2022年政府信息公开工作年度报告"


def test_earlier_years_are_built_once_for_every_later_report(root: Path):
    cache, project = CountingCache(), Project.at(root)
    computation.load(project, Params(agency="acme", year=2021), cache)
    computation.load(project, Params(agency="acme", year=2022), cache)
    assert cache.puts == [2020, 2021]  # 2020 built for 2021's report and reused for 2022's


def test_last_years_narrative_is_read_for_repetition_and_no_older_one(root: Path):
    (root / "data/acme/2020/narrative.md").write_text("本局修订了工作制度。", encoding="utf-8")
    (root / "data/acme/2021/narrative.md").write_text("本局修订了工作制度。", encoding="utf-8")
    value = computation.load(Project.at(root), Params(agency="acme", year=2022))
    assert value.repetition is not None and value.repetition.last_year == 2021
    assert "data/acme/2021/narrative.md" in value.sources and "data/acme/2020/narrative.md" not in value.sources


def test_an_unreadable_earlier_narrative_cuts_nothing_and_leaves_the_tables_key_alone(root: Path):
    project = Project.at(root)
    before = year_digest(project, "acme", 2021)
    (root / "data/acme/2021/narrative.md").write_bytes(b"\xff\xfe not even text")
    assert year_digest(project, "acme", 2021) == before
    value = computation.load(project, Params(agency="acme", year=2022))
    assert value.tables.previous is not None  # a bad earlier narrative does not cut the chain
    assert value.repetition is None  # nothing to compare with; that year's own build reports the file
    assert "data/acme/2021/narrative.md" not in value.sources and "data/acme/2021/figures.csv" in value.sources


def test_a_change_to_last_years_narrative_builds_that_year_again_and_no_older_one(root: Path):
    cache, project = CountingCache(), Project.at(root)
    computation.load(project, Params(agency="acme", year=2022), cache)
    (root / "data/acme/2021/narrative.md").write_text("本局修订了工作制度。", encoding="utf-8")
    value = computation.load(project, Params(agency="acme", year=2022), cache)
    assert cache.puts == [2020, 2021, 2021]  # 2021 again (its prose changed), 2020 from the cache
    assert value.repetition is not None


def test_an_earlier_years_figures_change_the_key_of_every_later_year(root: Path):
    project = Project.at(root)
    keys = [year_digest(project, "acme", y) for y in (2020, 2021)]
    (root / "data/acme/2020/figures.csv").write_text(
        "table,row,column,value\n依申请,本年新收,自然人,9\n", encoding="utf-8"
    )
    assert [year_digest(project, "acme", y) for y in (2020, 2021)] != keys
    assert year_digest(project, "acme", 2019) is None


def test_a_bad_placeholder_is_an_input_error_before_anything_renders(root: Path):
    (root / "data/acme/2022/narrative.md").write_text("{{ 依申请.不存在 }}", encoding="utf-8")
    with pytest.raises(DataValidationError, match="narrative.md"):
        computation.load(Project.at(root), Params(agency="acme", year=2022))


def test_the_notebook_reads_the_value_the_build_handed_it(root: Path):
    project, params = Project.at(root), Params(agency="acme", year=2022)
    value = computation.load(project, params)
    handover.hand(root, value)
    (root / "data/acme/2022/figures.csv").unlink()  # whatever is on disk now, the handed value is what shows
    assert report.Report.load("acme", 2022, root=root).value is value


def test_a_kernel_reads_the_value_from_the_pickle_the_build_wrote(root: Path, tmp_path_factory, monkeypatch):
    project, params = Project.at(root), Params(agency="acme", year=2021)
    value = computation.load(project, params)
    handed = tmp_path_factory.mktemp("run") / "value.pickle"
    handover.write_handed(handed, root, value)
    monkeypatch.setenv(handover.HANDED_ENV, str(handed))
    (root / "data/acme/2021/figures.csv").unlink()
    loaded = report.Report.load("acme", 2021, root=root).value
    assert loaded.tables.value("依申请", "予以公开", "自然人") == 6 and loaded.findings == value.findings
