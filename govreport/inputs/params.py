"""Parameters of one agency-year (params/<agency>/<year>.yaml), checked before any kernel starts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

from govreport.errors import ParamsError, Problem
from govreport.inputs.project import NOT_A_SLUG, SLUG, Project
from govreport.inputs.vocabulary import FORMATS

FIRST_YEAR = 2008
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_PARAMS_BYTES = 64 * 1024


class _NoDatesLoader(yaml.SafeLoader):
    """A safe loader that leaves dates as strings, so `published` round-trips exactly."""

    def compose_node(self, parent, index):
        # An alias repeats a node without copying it: nested ones ("billion laughs") blow up any
        # message that prints the value. No parameter needs them.
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here", mark)
        return super().compose_node(parent, index)


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, data: bytes | None = None) -> object:
    """Parse a YAML file (or its bytes `data`) safely with dates left as text.

    Raises yaml.YAMLError or UnicodeDecodeError.
    """
    data = path.read_bytes() if data is None else data
    return yaml.load(data.decode("utf-8-sig"), Loader=_NoDatesLoader)


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


KEYS = tuple(f.name for f in fields(Params))  # what a params file may say: exactly the dataclass's fields


def _key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key, so a message can point at it."""
    node = yaml.compose(text, Loader=_NoDatesLoader)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.line + 1 for key, _ in node.value}


def _problems(raw: object, where: str, project: Project, today: dt.date, lines: dict[str, int]) -> list[Problem]:
    if not isinstance(raw, dict):
        return [Problem(where, "expected a mapping of keys (agency: …, year: …)")]
    problems: list[Problem] = []

    def problem(key: str, message: str) -> None:
        problems.append(Problem(where, message, lines.get(key)))

    for key in raw:
        if key not in KEYS:
            problem(key, f"unknown key {key!r} (expected one of: {', '.join(KEYS)})")
    for key in ("agency", "year"):
        if key not in raw:
            problem(key, f"missing key {key!r} (e.g. {key}: {'fujian-commerce' if key == 'agency' else 2017})")
    agency, year = raw.get("agency"), raw.get("year")
    agency_ok = False
    if "agency" in raw:
        if not isinstance(agency, str) or not SLUG.fullmatch(agency):
            problem("agency", NOT_A_SLUG.format(agency=agency))
        elif not project.agency_dir(agency).is_dir():
            problem("agency", f"agency {agency!r}: no data folder data/{agency}/ (create it first)")
        else:
            agency_ok = True
    year_ok = isinstance(year, int) and not isinstance(year, bool)
    if "year" in raw:
        if not year_ok:
            problem("year", f"year {year!r} is not a whole number like 2017")
        elif not FIRST_YEAR <= year <= today.year:
            problem("year", f"year {year} is out of range; expected {FIRST_YEAR} to {today.year}")
        elif agency_ok and not project.year_dir(agency, year).is_dir():
            problem("year", f"year {year}: no data folder data/{agency}/{year}/ (put the year's inputs there)")
    fmt = raw.get("format", "auto")
    if fmt not in ("auto", *FORMATS):
        problem("format", f"format {fmt!r} is not a format; expected one of auto, {', '.join(FORMATS)}")
    published = raw.get("published")
    if published is not None:
        if not isinstance(published, str) or not DATE.fullmatch(published):
            problem("published", f"published {published!r} is not a date; expected YYYY-MM-DD, e.g. 2022-01-31")
        else:
            try:
                day = dt.date.fromisoformat(published)
            except ValueError:
                problem("published", f"published {published!r} is not a real date; expected YYYY-MM-DD")
            else:
                if year_ok and day.year <= year:
                    problem("published", f"published {published} is before the report year {year} has ended")
    strict = raw.get("strict", False)
    if not isinstance(strict, bool):
        problem("strict", f"strict {strict!r} is not true or false")
    return problems


def locate(path: str | Path, project: Project | None = None) -> Path:
    """The file (or folder) a params path given on the command line means, as an absolute path.

    A relative path is looked up in the current folder and, when not there, under `project`'s root,
    so `govreport --root R check params/a/2024.yaml` works from any folder. When it is in neither,
    the current folder's reading is returned (and is what a "no such file" message names).
    """
    path = Path(path)
    here = Path.cwd() / path  # an absolute `path` stays itself
    if path.is_absolute() or project is None or here.exists():
        return here
    under_root = project.root / path
    return under_root if under_root.exists() else here


def load_params(path: str | Path, project: Project | None = None, today: dt.date | None = None) -> Params:
    """Read and validate a params file (a relative path read as `locate` does); raises ParamsError with all problems."""
    given = Path(path)
    path = locate(given, project)
    if not path.is_file() and not given.is_absolute() and project is not None:
        # Looked for in two places: say both, or the user cannot tell which one was meant.
        looked = f"{Path.cwd()} or {project.root}" if Path.cwd().resolve() != project.root else str(project.root)
        raise ParamsError([Problem(given.as_posix(), f"no such params file in {looked}")])
    project = project_of(path, project)
    where = project.relative(path)
    today = today or dt.date.today()
    if not path.is_file():
        raise ParamsError([Problem(where, "no such params file")])
    if path.stat().st_size > MAX_PARAMS_BYTES:
        raise ParamsError([Problem(where, f"is larger than {MAX_PARAMS_BYTES:,} bytes; is it a params file?")])
    data = path.read_bytes()
    try:
        raw = load_yaml(path, data)
        lines = _key_lines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ParamsError([Problem(where, "is not UTF-8 text")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        raise ParamsError([Problem(where, f"is not valid YAML: {getattr(exc, 'problem', exc)}", line)]) from None
    problems = _problems(raw, where, project, today, lines)
    if not problems:
        expected = project.params_file(raw["agency"], raw["year"])
        if path.resolve() != expected.resolve():
            # Named as `where` names this file: relative to the root when it is inside it, else in full,
            # so a file outside the root is never told it belongs at the very path it was given as.
            inside = not Path(where).is_absolute()
            shown = project.relative(expected) if inside else str(expected)
            problems.append(Problem(where, f"agency and year say this file belongs at {shown}"))
    if problems:
        raise ParamsError(problems)
    return Params(**raw)


def project_of(path: str | Path, project: Project | None = None) -> Project:
    """The project a params file belongs to: `project` when given, else the root two folders above params/."""
    if project is not None:
        return project
    resolved = locate(path).resolve()
    if resolved.parent.parent.name == "params":
        return Project.at(resolved.parent.parent.parent)
    return Project.at(Path.cwd())
