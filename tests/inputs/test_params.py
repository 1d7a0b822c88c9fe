"""Params files: every problem found, named by key and line, before any kernel starts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govreport.errors import ParamsError
from govreport.inputs.params import Params, load_params, locate
from govreport.inputs.project import Project

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "data" / "acme" / "2021").mkdir(parents=True)
    (tmp_path / "params" / "acme").mkdir(parents=True)
    return tmp_path


def write(root: Path, text: str, name: str = "2021.yaml") -> Path:
    path = root / "params" / "acme" / name
    path.write_text(text, encoding="utf-8")
    return path


def load(root: Path, text: str, name: str = "2021.yaml") -> Params:
    return load_params(write(root, text, name), Project.at(root), today=TODAY)


def test_passes_clean(root):
    text = "agency: acme\nyear: 2021\nformat: national-2021\npublished: 2022-01-20\nstrict: true\n"
    assert load(root, text) == Params("acme", 2021, "national-2021", "2022-01-20", True)


def test_defaults_fill_what_is_left_out_and_a_date_stays_text(root):
    params = load(root, "agency: acme\nyear: 2021\npublished: 2022-03-01\n")
    assert (params.format, params.strict, params.published) == ("auto", False, "2022-03-01")


@pytest.mark.parametrize(
    "text, message",
    [
        pytest.param("agency: acme\nyear: 2021\nyeer: 1\n", "2021.yaml:3: unknown key 'yeer'", id="unknown-key"),
        pytest.param("year: 2021\n", "2021.yaml: missing key 'agency'", id="missing-agency"),
        pytest.param(
            "agency: acme\nyear: 1999\n", "2021.yaml:2: year 1999 is out of range; expected 2008 to 2026", id="1999"
        ),
        pytest.param("agency: acme\nyear: 2027\n", "2021.yaml:2: year 2027 is out of range", id="future"),
        pytest.param("agency: acme\nyear: '2021'\n", "2021.yaml:2: year '2021' is not a whole number", id="year-text"),
        pytest.param("agency: acme\nyear: true\n", "2021.yaml:2: year True is not a whole number", id="year-bool"),
        pytest.param("agency: ../etc\nyear: 2021\n", "2021.yaml:1: agency '../etc' is not a slug", id="escape"),
        pytest.param("agency: 3\nyear: 2021\n", "2021.yaml:1: agency 3 is not a slug", id="agency-number"),
        pytest.param(
            "agency: other\nyear: 2021\n", "2021.yaml:1: agency 'other': no data folder data/other/", id="no-agency"
        ),
        pytest.param(
            "agency: acme\nyear: 2020\n", "2021.yaml:2: year 2020: no data folder data/acme/2020/", id="no-year"
        ),
        pytest.param(
            "agency: acme\nyear: 2021\nformat: 2021\n", "2021.yaml:3: format 2021 is not a format", id="format"
        ),
        pytest.param(
            "agency: acme\nyear: 2021\npublished: 2022/01/20\n",
            "2021.yaml:3: published '2022/01/20' is not a date; expected YYYY-MM-DD",
            id="published-shape",
        ),
        pytest.param(
            "agency: acme\nyear: 2021\npublished: 2021-12-30\n",
            "2021.yaml:3: published 2021-12-30 is before the report year 2021 has ended",
            id="published-early",
        ),
        pytest.param(
            "agency: acme\nyear: 2021\nstrict: 1\n", "2021.yaml:3: strict 1 is not true or false", id="strict"
        ),
        pytest.param("- acme\n- 2021\n", "2021.yaml: expected a mapping of keys", id="not-a-mapping"),
        pytest.param("agency: acme\n  year: 2021\n", "2021.yaml:2: is not valid YAML", id="not-yaml"),
    ],
)
def test_flags_problem(root, text, message):
    with pytest.raises(ParamsError) as caught:
        load(root, text)
    assert any(message in str(p) for p in caught.value.problems), [str(p) for p in caught.value.problems]


def test_every_problem_is_reported_at_once(root):
    with pytest.raises(ParamsError) as caught:
        load(root, "agency: ../etc\nyear: 1999\nformat: new\nstrict: maybe\n")
    assert [p.line for p in caught.value.problems] == [1, 2, 3, 4]


def test_a_file_must_sit_where_its_agency_and_year_say(root):
    (root / "data" / "acme" / "2020").mkdir()
    with pytest.raises(ParamsError, match="agency and year say this file belongs at params/acme/2020.yaml"):
        load(root, "agency: acme\nyear: 2020\n")


def test_a_missing_file_and_text_that_is_not_utf8_are_reported(root):
    with pytest.raises(ParamsError, match="no such params file"):
        load_params(root / "params" / "acme" / "2019.yaml", Project.at(root), today=TODAY)
    path = root / "params" / "acme" / "2021.yaml"
    path.write_bytes("agency: acme\nyear: 2021\n# 说明\n".encode("gb18030"))
    with pytest.raises(ParamsError, match="is not UTF-8 text"):
        load_params(path, Project.at(root), today=TODAY)


def test_an_oversized_params_file_is_refused(root):
    with pytest.raises(ParamsError, match="is larger than 65,536 bytes"):
        load(root, "agency: acme\nyear: 2021\n" + "#" * 70_000 + "\n")


# -- a relative path: the current folder first, then the root --------------------------------------


@pytest.fixture
def elsewhere(tmp_path_factory, monkeypatch) -> Path:
    """The current folder: another folder, outside the root."""
    folder = tmp_path_factory.mktemp("elsewhere").resolve()
    monkeypatch.chdir(folder)
    return folder


def test_a_relative_path_is_read_from_the_current_folder_then_under_the_root(root, elsewhere):
    write(root, "agency: acme\nyear: 2021\n")
    relative = Path("params/acme/2021.yaml")
    assert locate(relative, Project.at(root)) == root.resolve() / relative  # not here: under the root
    assert locate(relative) == elsewhere / relative  # no root given: here, whether or not it exists
    (elsewhere / "params/acme").mkdir(parents=True)
    (elsewhere / relative).write_text("agency: acme\nyear: 2021\n", encoding="utf-8")
    assert locate(relative, Project.at(root)) == elsewhere / relative  # here wins
    assert locate(root / relative, Project.at(elsewhere)) == root / relative  # absolute: itself


def test_a_relative_path_under_the_root_loads_from_another_folder(root, elsewhere):
    write(root, "agency: acme\nyear: 2021\n")
    assert load_params("params/acme/2021.yaml", Project.at(root), today=TODAY) == Params("acme", 2021)


def test_a_relative_path_in_neither_place_names_both(root, elsewhere):
    with pytest.raises(ParamsError) as caught:
        load_params("params/acme/2019.yaml", Project.at(root), today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        f"params/acme/2019.yaml: no such params file in {elsewhere} or {root.resolve()}"
    ]


def test_a_file_outside_the_root_is_told_where_it_belongs_in_full(root, elsewhere):
    (elsewhere / "params/acme").mkdir(parents=True)
    (elsewhere / "params/acme/2021.yaml").write_text("agency: acme\nyear: 2021\n", encoding="utf-8")
    with pytest.raises(ParamsError) as caught:
        load_params("params/acme/2021.yaml", Project.at(root), today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        f"{elsewhere}/params/acme/2021.yaml: agency and year say this file belongs at "
        f"{root.resolve()}/params/acme/2021.yaml"
    ]


def test_a_file_inside_the_root_is_told_where_it_belongs_relative_to_the_root(root, elsewhere):
    (root / "data/acme/2020").mkdir()
    write(root, "agency: acme\nyear: 2020\n")
    with pytest.raises(ParamsError) as caught:
        load_params(root / "params/acme/2021.yaml", Project.at(root), today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "params/acme/2021.yaml: agency and year say this file belongs at params/acme/2020.yaml"
    ]
