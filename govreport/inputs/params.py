"""Parameters of one agency-year (params/<agency>/<year>.yaml), checked before any kernel starts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

import yaml

from govreport.errors import ParamsError, Problem
from govreport.inputs.project import SLUG, SUMMARIES, Project, not_a_slug
from govreport.inputs.vocabulary import FORMATS
from govreport.messages import Message, msg, t

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
            # Worded now: PyYAML joins its problem into a str.
            raise yaml.composer.ComposerError(None, None, t("params.alias"), mark)
        return super().compose_node(parent, index)


_NoDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# libyaml, where PyYAML was built with it: the same document read ~4x faster (a summary reads thousands of
# agency.yaml and params files). Its resolver is _NoDatesLoader's; its composer is C, so aliases are looked for
# in its events, and a document with one, or one it cannot read, is read again by _NoDatesLoader, whose
# messages (and refusal of aliases) are the ones users see.
_FastLoader = type("_FastLoader", (yaml.CSafeLoader,), {}) if hasattr(yaml, "CSafeLoader") else None
if _FastLoader is not None:
    _FastLoader.yaml_implicit_resolvers = _NoDatesLoader.yaml_implicit_resolvers


def load_yaml(path: Path, data: bytes | None = None) -> object:
    """Parse a YAML file (or its bytes `data`) safely with dates left as text.

    Raises yaml.YAMLError or UnicodeDecodeError.
    """
    data = path.read_bytes() if data is None else data
    text = data.decode("utf-8-sig")
    if _FastLoader is not None:
        try:
            if not any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_FastLoader)):
                return yaml.load(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass  # read again below, for the message
    return yaml.load(text, Loader=_NoDatesLoader)


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


def key_problems(raw: dict, keys: tuple[str, ...], required: dict[str, object], where: str, lines: dict[str, int]):
    """Unknown keys and missing required ones (`required`: key -> an example value), each at its line."""
    found = [
        Problem(where, msg("keys.unknown", key=repr(key), keys=keys), lines.get(key)) for key in raw if key not in keys
    ]
    for key, example in required.items():
        if key not in raw:
            found.append(Problem(where, msg("params.missing-key", key=key, quoted=repr(key), example=example)))
    return found


def year_problem(year: object, today: dt.date) -> Message | None:
    """What is wrong with a report year, or None: a whole number from FIRST_YEAR to this year."""
    if isinstance(year, bool) or not isinstance(year, int):
        return msg("params.year-not-whole", year=repr(year))
    if not FIRST_YEAR <= year <= today.year:
        return msg("params.year-range", year=year, first=FIRST_YEAR, last=today.year)
    return None


def format_problem(fmt: object) -> Message | None:
    """What is wrong with a requested format, or None."""
    if fmt in ("auto", *FORMATS):
        return None
    return msg("params.format", format=repr(fmt), formats=("auto", *FORMATS))


def _problems(raw: object, where: str, project: Project, today: dt.date, lines: dict[str, int]) -> list[Problem]:
    if not isinstance(raw, dict):
        return [Problem(where, msg("params.not-a-mapping"))]
    problems = key_problems(raw, KEYS, {"agency": "fujian-commerce", "year": 2017}, where, lines)

    def problem(key: str, message: Message) -> None:
        problems.append(Problem(where, message, lines.get(key)))

    agency, year = raw.get("agency"), raw.get("year")
    agency_ok = False
    if "agency" in raw:
        if not isinstance(agency, str) or not SLUG.fullmatch(agency):
            problem("agency", not_a_slug(agency))
        elif not project.agency_dir(agency).is_dir():
            problem("agency", msg("params.no-agency-folder", agency=agency, quoted=repr(agency)))
        else:
            agency_ok = True
    year_ok = isinstance(year, int) and not isinstance(year, bool)
    if "year" in raw:
        if wrong := year_problem(year, today):
            problem("year", wrong)
        elif agency_ok and not project.year_dir(agency, year).is_dir():
            problem("year", msg("params.no-year-folder", year=year, agency=agency))
    if wrong := format_problem(raw.get("format", "auto")):
        problem("format", wrong)
    published = raw.get("published")
    if published is not None:
        if not isinstance(published, str) or not DATE.fullmatch(published):
            problem("published", msg("params.published-not-a-date", published=repr(published)))
        else:
            try:
                day = dt.date.fromisoformat(published)
            except ValueError:
                problem("published", msg("params.published-not-real", published=repr(published)))
            else:
                if year_ok and day.year <= year:
                    problem("published", msg("params.published-early", published=published, year=year))
    strict = raw.get("strict", False)
    if not isinstance(strict, bool):
        problem("strict", msg("params.strict", strict=repr(strict)))
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
    path, project, where, raw, lines = read_params_file(path, project)
    problems = _problems(raw, where, project, today or dt.date.today(), lines)
    if not problems:
        problems = misplaced(path, project.params_file(raw["agency"], raw["year"]), project, where)
    if problems:
        raise ParamsError(problems)
    return Params(**raw)


def read_params_file(path: str | Path, project: Project | None = None) -> tuple[Path, Project, str, object, dict]:
    """A params file's path, project, name in messages, parsed YAML and the line of each top-level key.

    A relative path is read as `locate` reads it; raises ParamsError when the file cannot be read as YAML.
    """
    given = Path(path)
    path = locate(given, project)
    if not path.is_file() and not given.is_absolute() and project is not None:
        # Looked for in two places: say both, or the user cannot tell which one was meant.
        both = Path.cwd().resolve() != project.root
        looked = msg("params.looked-both", here=str(Path.cwd()), root=str(project.root)) if both else str(project.root)
        raise ParamsError([Problem(given.as_posix(), msg("params.not-found-in", looked=looked))])
    project = project_of(path, project)
    where = project.relative(path)
    if not path.is_file():
        raise ParamsError([Problem(where, msg("params.not-found"))])
    if path.stat().st_size > MAX_PARAMS_BYTES:
        raise ParamsError([Problem(where, msg("params.too-large", limit=MAX_PARAMS_BYTES))])
    data = path.read_bytes()
    try:
        raw = load_yaml(path, data)
        lines = _key_lines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ParamsError([Problem(where, msg("params.not-utf8"))]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        error = str(getattr(exc, "problem", exc))
        raise ParamsError([Problem(where, msg("params.not-yaml", error=error), line)]) from None
    return path, project, where, raw, lines


def misplaced(path: Path, expected: Path, project: Project, where: str) -> list[Problem]:
    """The problem of a params file that is not where what it says puts it (none when it is)."""
    if path.resolve() == expected.resolve():
        return []
    # Named as `where` names this file: relative to the root when it is inside it, else in full,
    # so a file outside the root is never told it belongs at the very path it was given as.
    inside = not Path(where).is_absolute()
    shown = project.relative(expected) if inside else str(expected)
    return [Problem(where, msg("params.belongs-at", path=str(shown)))]


def project_of(path: str | Path, project: Project | None = None) -> Project:
    """The project a params file belongs to: `project` when given, else the root two folders above params/."""
    if project is not None:
        return project
    resolved = locate(path).resolve()
    if resolved.parent.parent.name == "params":
        return Project.at(resolved.parent.parent.parent)
    if resolved.parent.parent.name == SUMMARIES and resolved.parent.parent.parent.name == "params":
        return Project.at(resolved.parents[3])  # params/_summary/<name>/<year>.yaml
    return Project.at(Path.cwd())
