"""Where everything lives under a project root: the one place that derives paths, and says what may be read."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from govreport.errors import DataValidationError, Problem, UsageError
from govreport.messages import Message, msg

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
# A 1,000,000-request ledger is about 60 MB; the limit keeps a wrong file from exhausting memory.
MAX_INPUT_BYTES = 256 * 1024 * 1024
MAX_TEXT_BYTES = 4 * 1024 * 1024  # agency.yaml, narrative.md
# params/_summary/ and build/_summary/ hold the supervisors' summaries: not a slug, so never an agency's folder.
SUMMARIES = "_summary"
INPUT_NAMES = ("requests", "figures", "documents", "appeals", "proactive")
TABLE_SUFFIXES = (".csv", ".xlsx")


def not_a_slug(agency: object) -> Message:
    return msg("project.not-a-slug", agency=repr(agency))


def slug(agency: object) -> str:
    """`agency` itself when it is a slug; anything else (`../etc`, `a/b`, '') could leave the root."""
    if not isinstance(agency, str) or not SLUG.fullmatch(agency):
        raise UsageError(not_a_slug(agency))
    return agency


def year_name(year: object) -> str:
    """The folder name of a report year: four digits, from a whole number."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise UsageError(msg("project.year", year=repr(year)))
    return str(year)


@dataclass(frozen=True)
class Project:
    """A project root holding params/, data/ and build/."""

    root: Path

    @classmethod
    def at(cls, root: str | Path = ".") -> Project:
        return cls(Path(root).resolve())

    # Every path below is built from a checked slug and year, so none can leave the root.
    def params_file(self, agency: str, year: int) -> Path:
        return self.root / "params" / slug(agency) / f"{year_name(year)}.yaml"

    def agency_dir(self, agency: str) -> Path:
        return self.root / "data" / slug(agency)

    def year_dir(self, agency: str, year: int) -> Path:
        return self.agency_dir(agency) / year_name(year)

    def build_dir(self, agency: str, year: int) -> Path:
        return self.root / "build" / slug(agency) / year_name(year)

    @property
    def build_root(self) -> Path:
        return self.root / "build"

    def summary_params_file(self, name: str, year: int) -> Path:
        """params/_summary/<name>/<year>.yaml: a region's summary of its agencies' reports of a year."""
        return self.root / "params" / SUMMARIES / slug(name) / f"{year_name(year)}.yaml"

    def summary_dir(self, name: str, year: int) -> Path:
        return self.build_root / SUMMARIES / slug(name) / year_name(year)

    @staticmethod
    def summary_link(agency: str, year: int, page: str) -> str:
        """A built report's page as a summary of the same year links to it from build/_summary/<name>/<year>/."""
        return f"../../../{slug(agency)}/{year_name(year)}/{page}"

    def is_summary(self, path: Path) -> bool:
        """Whether `path` (absolute) lies under params/_summary/: a summary's params, not an agency-year's."""
        return path.is_relative_to(self.root / "params" / SUMMARIES)

    def agencies(self) -> list[str]:
        """Every agency of the root: the slugs of data/ that hold an agency.yaml, sorted."""
        folder = self.root / "data"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if SLUG.fullmatch(p.name) and os.path.lexists(p / "agency.yaml"))

    @property
    def notebook(self) -> Path:
        """The root's own notebook if it has one, else the one shipped in the package."""
        return self._notebook("annual_report.ipynb")

    @property
    def summary_notebook(self) -> Path:
        """The summaries' notebook: the root's own if it has one, else the package's."""
        return self._notebook("summary_report.ipynb")

    def _notebook(self, name: str) -> Path:
        own = self.root / "notebooks" / name
        if own.exists():
            return own
        return Path(str(resources.files("govreport").joinpath(name)))

    @property
    def templates(self) -> Path:
        """The blank templates a new agency's first year starts from (docs/templates, shipped in the package)."""
        return Path(str(resources.files("govreport.inputs").joinpath("templates")))

    def relative(self, path: Path) -> str:
        """`path` relative to the root when inside it (messages and manifests stay portable).

        A path built under the root is named as written, so a link is named by its own name,
        not by where it leads.
        """
        if path.is_absolute() and ".." not in path.parts and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def readable(self, path: Path, folder: bool = False) -> Path:
        """`path` resolved, when it may be read as an input: inside the root and a regular file (or folder).

        The one place that decides what under data/ may be read. A link is followed only while it
        stays inside the root: an agency's folder must not publish whatever a link in it points at.
        Raises DataValidationError naming the first part of `path` that is refused.
        """
        what = msg("kind.folder" if folder else "kind.file")
        if not path.is_absolute() or ".." in path.parts or not path.is_relative_to(self.root):
            raise DataValidationError([Problem(str(path), msg("project.outside-root"))])
        # The first part of the path whose target leaves the root is the link to name.
        part = target = self.root
        for name in path.relative_to(self.root).parts:
            part = part / name
            try:
                target = part.resolve()
            except RuntimeError:  # Python < 3.13 raises on a loop of links
                raise DataValidationError([Problem(self.relative(part), msg("project.link-loop"))]) from None
            if not target.is_relative_to(self.root):
                kind = what if part == path else msg("kind.folder")
                message = msg("project.link-outside", target=str(target), kind=kind)
                raise DataValidationError([Problem(self.relative(part), message)])
        try:
            mode = target.stat().st_mode
        except OSError:
            missing = msg("project.link-missing", target=str(target), what=what)
            message = missing if path.is_symlink() else msg("project.missing")
            raise DataValidationError([Problem(self.relative(path), message)]) from None
        if folder and not stat.S_ISDIR(mode):
            raise DataValidationError([Problem(self.relative(path), msg("project.not-a-folder", kind=_kind(mode)))])
        if not folder and not stat.S_ISREG(mode):
            raise DataValidationError([Problem(self.relative(path), msg("project.not-a-file", kind=_kind(mode)))])
        return target

    def input_file(self, agency: str, year: int, name: str) -> Path | None:
        """The CSV (or same-named .xlsx) for input `name`, or None when the year has neither."""
        found = self.input_files(agency, year, name)
        return found[0] if found else None

    def input_files(self, agency: str, year: int, name: str) -> list[Path]:
        """Every file that could be input `name` (more than one is an analyst's mistake)."""
        if name not in INPUT_NAMES:
            raise UsageError(msg("project.not-an-input", name=repr(name), names=INPUT_NAMES))
        folder = self.year_dir(agency, year)
        # Whatever stands at the name (a link, a folder, a pipe) is listed: `readable` refuses it with a
        # message, where skipping it would make the input silently "not given".
        return [folder / f"{name}{suffix}" for suffix in TABLE_SUFFIXES if os.path.lexists(folder / f"{name}{suffix}")]


def read_bytes(path: Path, where: str, limit: int | None = None) -> bytes:
    """The bytes of an input file, refusing one larger than `limit` (default MAX_INPUT_BYTES)."""
    limit = MAX_INPUT_BYTES if limit is None else limit
    size = path.stat().st_size
    if size > limit:
        raise DataValidationError([Problem(where, msg("file.too-large", size=size, limit=limit))])
    return path.read_bytes()


def _kind(mode: int) -> Message:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return msg("filekind.folder")
    if stat.S_ISFIFO(mode):
        return msg("filekind.fifo")
    if stat.S_ISSOCK(mode):
        return msg("filekind.socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("filekind.device")
    if stat.S_ISREG(mode):
        return msg("filekind.file")
    return msg("filekind.special")
