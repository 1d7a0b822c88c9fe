"""environment.yml (conda) and pyproject.toml (pip) must install the same packages."""

import re

import tomllib
import yaml
from conftest import REPO

CONDA_NAMES = {"dask[distributed]": {"dask", "distributed"}}


def _name(spec: str) -> str:
    return re.split(r"[<>=! ]", spec, maxsplit=1)[0].lower()


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted: set[str] = set()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        wanted |= CONDA_NAMES.get(_name(spec), {_name(spec)})
    conda = yaml.safe_load((REPO / "environment.yml").read_text())["dependencies"]
    listed = {_name(s) for s in conda if isinstance(s, str)} - {"python"}
    assert listed == wanted
