"""The environment is locked and every description of it agrees.

requirements.lock (made by `make lock`, installed by `make setup`) pins every package exactly, with hashes; it holds
what pyproject.toml asks for (the main dependencies, the `test` extra and the build backend) and nothing it no longer
asks for; environment.yml (conda) lists the same packages as pyproject.toml, each at the lock's version.

`python tests/test_environment.py --pin-environment-yml` (run by `make lock`) rewrites environment.yml's pins from the
lock.
"""

import re
import sys
from collections import defaultdict

import tomllib
import yaml
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

LOCK = REPO / "requirements.lock"
ENVIRONMENT = REPO / "environment.yml"
# pip's name -> conda-forge's names for the same packages. conda-forge's `dask` and `matplotlib` are metapackages that
# add more (bokeh, pyarrow…; Qt): what pip installs is dask-core (+ distributed for the extra) and matplotlib-base.
CONDA_NAMES = {"dask[distributed]": {"dask-core", "distributed"}, "matplotlib": {"matplotlib-base"}}
PIP_NAMES = {"dask-core": "dask", "matplotlib-base": "matplotlib"}
THIS_PROJECT = "govreport (pyproject.toml)"  # how uv's "# via" notes name a dependency of pyproject.toml


def _name(spec: str) -> str:
    return re.split(r"[<>=! ]", spec, maxsplit=1)[0].lower()


def _pyproject() -> tuple[list[Requirement], list[Requirement]]:
    """pyproject.toml's dependencies (main + `test` extra), and its build-system requirements."""
    toml = tomllib.loads((REPO / "pyproject.toml").read_text())
    project = toml["project"]
    runtime = project["dependencies"] + project["optional-dependencies"]["test"]
    return [Requirement(s) for s in runtime], [Requirement(s) for s in toml["build-system"]["requires"]]


def _lock() -> tuple[dict[str, list[tuple[Requirement, int]]], set[str]]:
    """The lock's entries by package (several where markers fork it), each with its number of hashes; and the packages
    the lock says pyproject.toml asks for."""
    entries: dict[str, list[tuple[Requirement, int]]] = defaultdict(list)
    direct: set[str] = set()
    current = None
    for line in re.sub(r"\\\n", " ", LOCK.read_text()).splitlines():
        code, _, comment = line.partition("#")
        if code.strip():
            hashes = re.findall(r"--hash=\S+", code)
            requirement = Requirement(re.sub(r"--hash=\S+", "", code).strip())
            current = canonicalize_name(requirement.name)
            entries[current].append((requirement, len(hashes)))
        elif THIS_PROJECT in comment and current is not None:
            direct.add(current)
    return entries, direct


def _conda_specs() -> list[str]:
    """environment.yml's packages: conda's, then those its `pip:` list installs (not on conda-forge)."""
    specs = []
    for entry in yaml.safe_load(ENVIRONMENT.read_text())["dependencies"]:
        specs += entry["pip"] if isinstance(entry, dict) else [entry]
    return specs


def _pin(requirement: Requirement) -> Version:
    (specifier,) = requirement.specifier
    return Version(specifier.version)


def _locked_version(name: str) -> Version:
    """The one version the lock has for a package asked for by name (no marker forks it)."""
    found = _lock()[0][canonicalize_name(name)]
    assert len(found) == 1, f"{name}: {len(found)} entries in requirements.lock"
    return _pin(found[0][0])


def _lock_python() -> str:
    """The Python the lock is made for (the Makefile's LOCK_PYTHON)."""
    return re.search(r"^LOCK_PYTHON\s*:?=\s*(\S+)", (REPO / "Makefile").read_text(), re.M).group(1)


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted: set[str] = set()
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        wanted |= CONDA_NAMES.get(_name(spec), {_name(spec)})
    listed = {_name(s) for s in _conda_specs()} - {"python", "pip"}
    assert listed == wanted


def test_the_lock_pins_every_package_exactly_with_hashes():
    entries, _ = _lock()
    assert len(entries) > 50
    for name, found in entries.items():
        for requirement, hashes in found:
            (specifier,) = requirement.specifier
            assert specifier.operator == "==" and "*" not in specifier.version, f"{name}: {requirement}"
            assert not requirement.url and not requirement.extras, f"{name}: {requirement}"
            assert hashes > 0, f"{name} has no hash"


def test_the_lock_satisfies_pyproject_and_holds_nothing_it_no_longer_asks_for():
    runtime, build = _pyproject()
    entries, direct = _lock()
    for requirement in runtime + build:
        found = entries.get(canonicalize_name(requirement.name))
        assert found, f"{requirement.name} is in pyproject.toml but not in requirements.lock: run `make lock`"
        for pinned, _ in found:
            assert requirement.specifier.contains(_pin(pinned), prereleases=True), (
                f"requirements.lock has {pinned}, pyproject.toml asks for {requirement}: run `make lock`"
            )
    # A dependency dropped from pyproject.toml must leave the lock too (uv notes which pins pyproject.toml asked for).
    wanted = {canonicalize_name(r.name) for r in runtime}
    assert direct == wanted, (
        f"not in the lock as pyproject.toml's: {sorted(wanted - direct)}; in the lock as pyproject.toml's but no longer"
        f" asked for: {sorted(direct - wanted)}: run `make lock`"
    )


def test_environment_yml_pins_the_locks_versions():
    conda = _conda_specs()
    python = [s for s in conda if _name(s) == "python"]
    assert python == [f"python={_lock_python()}"]
    for spec in conda:
        name = _name(spec)
        if name == "python":
            continue
        match = re.fullmatch(r"([a-z0-9._-]+)==(\S+)", spec)
        assert match, f"environment.yml: {spec!r} is not pinned with =="
        assert Version(match.group(2)) == _locked_version(PIP_NAMES.get(name, name)), (
            f"environment.yml has {spec}, requirements.lock has {_locked_version(PIP_NAMES.get(name, name))}"
        )


def pin_environment_yml() -> None:
    """Rewrite environment.yml's pins from the lock, keeping its comments and order."""

    def pin(match: re.Match) -> str:
        name = _name(match.group(2))
        if name == "python":
            return f"{match.group(1)}python={_lock_python()}"
        return f"{match.group(1)}{name}=={_locked_version(PIP_NAMES.get(name, name))}"

    text = ENVIRONMENT.read_text()
    start = text.index("\ndependencies:")
    ENVIRONMENT.write_text(text[:start] + re.sub(r"^(\s+- )([\w.=-]+)$", pin, text[start:], flags=re.M))


if __name__ == "__main__":
    if sys.argv[1:] != ["--pin-environment-yml"]:
        sys.exit(f"usage: {sys.argv[0]} --pin-environment-yml")
    pin_environment_yml()
