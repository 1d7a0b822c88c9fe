"""A summary's params file: region, year, the agencies it covers; every problem named by key and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from govreport.errors import ParamsError
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams, load_summary_params

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English
TODAY = dt.date(2026, 6, 1)
WHERE = "params/_summary/coast/2024.yaml"


def load(root: Path, text: str, where: str = WHERE) -> SummaryParams:
    path = root / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_summary_params(path, Project.at(root), today=TODAY)


def test_a_list_of_slugs_and_patterns_kind_and_format(tmp_path):
    text = (
        "region: 海澄市\nyear: 2024\nagencies: [haicheng-*, fujian-commerce]\nkind: government\nformat: national-2021\n"
    )
    params = load(tmp_path, text)
    assert params == SummaryParams(
        "coast", 2024, "海澄市", ("haicheng-*", "fujian-commerce"), "government", "national-2021"
    )
    assert params.named == ("fujian-commerce",)
    assert params.covers("haicheng-sample") and params.covers("fujian-commerce") and not params.covers("fujian-x")
    assert params.as_dict()["agencies"] == ["haicheng-*", "fujian-commerce"]


def test_one_pattern_as_text_and_the_defaults(tmp_path):
    params = load(tmp_path, "region: ' 海澄市 '\nyear: 2024\nagencies: '*'\n")
    assert (params.region, params.agencies, params.kind, params.format) == ("海澄市", ("*",), None, "auto")
    assert params.named == () and params.covers("anything")


def test_every_problem_at_once_each_at_its_line(tmp_path):
    text = "region: ''\nyear: 2031\nagencies: [Bad_Slug, ok-*, 3]\nkind: city\nformat: new\ncolour: red\n"
    with pytest.raises(ParamsError) as caught:
        load(tmp_path, text)
    assert [(p.path, p.line, str(p.message)) for p in caught.value.problems] == [
        (WHERE, 6, "unknown key 'colour' (expected one of: region, year, agencies, kind, format)"),
        (WHERE, 1, "region '' is not the region's name (e.g. region: 海澄市)"),
        (WHERE, 2, "year 2031 is out of range; expected 2008 to 2026"),
        (WHERE, 3, "agencies: 'Bad_Slug' is not a slug or a pattern of slugs (e.g. haicheng-*)"),
        (WHERE, 3, "agencies: 3 is not a slug or a pattern of slugs (e.g. haicheng-*)"),
        (WHERE, 4, "kind 'city' is not a kind of agency; expected one of department, government"),
        (WHERE, 5, "format 'new' is not a format; expected one of auto, legacy, national-2019, national-2021"),
    ]


def test_missing_keys_and_an_empty_list(tmp_path):
    with pytest.raises(ParamsError) as caught:
        load(tmp_path, "agencies: []\n")
    assert [str(p.message) for p in caught.value.problems] == [
        "missing key 'region' (e.g. region: 海澄市)",
        "missing key 'year' (e.g. year: 2024)",
        "agencies [] is not a list of agencies' slugs or patterns (e.g. [a, b-*])",
    ]


def test_the_file_must_sit_under_its_name_and_year(tmp_path):
    with pytest.raises(ParamsError, match="agency and year say this file belongs at params/_summary/coast/2023.yaml"):
        load(tmp_path, "region: 海澄市\nyear: 2023\nagencies: ['*']\n")
    with pytest.raises(ParamsError, match="belongs at params/_summary/<name>/<year>.yaml"):
        load(tmp_path, "region: 海澄市\nyear: 2024\nagencies: ['*']\n", where="params/_summary/Coast/2024.yaml")


def test_the_project_names_the_summary_folders(tmp_path):
    project = Project.at(tmp_path)
    assert project.summary_params_file("coast", 2024) == project.root / "params/_summary/coast/2024.yaml"
    assert project.summary_dir("coast", 2024) == project.root / "build/_summary/coast/2024"
    assert project.is_summary(project.summary_params_file("coast", 2024))
    assert not project.is_summary(project.params_file("coast", 2024))
    for slug in ("b-agency", "a-agency", "no-yaml"):
        (tmp_path / "data" / slug).mkdir(parents=True)
    for slug in ("b-agency", "a-agency"):
        (tmp_path / "data" / slug / "agency.yaml").write_text("name: x\nkind: department\n", encoding="utf-8")
    assert project.agencies() == ["a-agency", "b-agency"]
