"""Parameters of one agency-year (params/<agency>/<year>.yaml), checked before any kernel starts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from govreport.errors import ParamsError, Problem
from govreport.project import SLUG, Project
from govreport.vocabulary import FORMATS

FIRST_YEAR = 2008
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEYS = ("agency", "year", "format", "published", "strict")
MAX_PARAMS_BYTES = 64 * 1024


class _NoDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as strings, so `published` round-trips exactly."""


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> object:
    """Parse a YAML file safely with dates left as text; raises yaml.YAMLError or UnicodeError."""
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_NoDatesLoader)


@dataclass(frozen=True)
class Params:
    """One report's parameters, as the notebook's `parameters` cell receives them."""

    agency: str
    year: int
    format: str = "auto"
    published: str | None = None
    strict: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _problems(raw: object, where: str, project: Project, today: dt.date) -> list[Problem]:
    if not isinstance(raw, dict):
        return [Problem(where, "expected a mapping of keys (agency: …, year: …)")]
    problems = []
    for key in raw:
        if key not in KEYS:
            problems.append(Problem(where, f"unknown key {key!r} (expected one of: {', '.join(KEYS)})"))
    for key in ("agency", "year"):
        if key not in raw:
            problems.append(Problem(where, f"missing key {key!r}"))
    agency = raw.get("agency")
    if "agency" in raw:
        if not isinstance(agency, str) or not SLUG.match(agency):
            problems.append(
                Problem(
                    where, f"agency {agency!r} is not a slug (lowercase letters, digits and '-', e.g. fujian-commerce)"
                )
            )
        elif not project.agency_dir(agency).is_dir():
            problems.append(Problem(where, f"agency {agency!r}: no data folder data/{agency}/"))
    year = raw.get("year")
    if "year" in raw:
        if not isinstance(year, int) or isinstance(year, bool):
            problems.append(Problem(where, f"year {year!r} is not a whole number like 2017"))
        elif not FIRST_YEAR <= year <= today.year:
            problems.append(Problem(where, f"year {year} is out of range ({FIRST_YEAR} to {today.year})"))
    fmt = raw.get("format", "auto")
    if fmt not in ("auto", *FORMATS):
        problems.append(Problem(where, f"format {fmt!r} is not one of: auto, {', '.join(FORMATS)}"))
    published = raw.get("published")
    if published is not None:
        if not isinstance(published, str) or not DATE.match(published):
            problems.append(Problem(where, f"published {published!r} is not a date YYYY-MM-DD"))
        else:
            try:
                dt.date.fromisoformat(published)
            except ValueError:
                problems.append(Problem(where, f"published {published!r} is not a real date"))
    strict = raw.get("strict", False)
    if not isinstance(strict, bool):
        problems.append(Problem(where, f"strict {strict!r} must be true or false"))
    return problems


def load_params(path: str | Path, project: Project | None = None, today: dt.date | None = None) -> Params:
    """Read and validate a params file; raises ParamsError listing every problem."""
    path = Path(path)
    project = project or Project.at(_root_of(path))
    where = project.relative(path)
    today = today or dt.date.today()
    if not path.is_file():
        raise ParamsError([Problem(where, "no such params file")])
    if path.stat().st_size > MAX_PARAMS_BYTES:
        raise ParamsError([Problem(where, f"params file is larger than {MAX_PARAMS_BYTES} bytes")])
    try:
        raw = load_yaml(path)
    except UnicodeDecodeError:
        raise ParamsError([Problem(where, "not UTF-8 text")]) from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ParamsError(
            [Problem(where, f"not valid YAML: {getattr(exc, 'problem', exc)}", line and line + 1)]
        ) from None
    problems = _problems(raw, where, project, today)
    if not problems:
        expected = Path("params") / raw["agency"] / f"{raw['year']}.yaml"
        if path.resolve() != (project.root / expected).resolve():
            problems.append(Problem(where, f"agency and year say this file belongs at {expected.as_posix()}"))
    if problems:
        raise ParamsError(problems)
    return Params(**raw)


def _root_of(path: Path) -> Path:
    """The project root of params/<agency>/<year>.yaml (two folders above params/)."""
    resolved = path.resolve()
    if resolved.parent.parent.name == "params":
        return resolved.parent.parent.parent
    return Path.cwd()
