"""Where everything lives under a project root: the one place that derives paths."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from govreport.errors import UsageError

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
INPUT_NAMES = ("requests", "figures", "documents", "appeals", "proactive")
TABLE_SUFFIXES = (".csv", ".xlsx")
NOT_A_SLUG = "agency {agency!r} is not a slug (lowercase letters, digits and '-', e.g. fujian-commerce)"


def slug(agency: object) -> str:
    """`agency` itself when it is a slug; anything else (`../etc`, `a/b`, '') could leave the root."""
    if not isinstance(agency, str) or not SLUG.fullmatch(agency):
        raise UsageError(NOT_A_SLUG.format(agency=agency))
    return agency


def year_name(year: object) -> str:
    """The folder name of a report year: four digits, from a whole number."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1000 <= year <= 9999:
        raise UsageError(f"year {year!r} is not a four-digit whole number like 2021")
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

    @property
    def notebook(self) -> Path:
        """The root's own notebook if it has one, else the one shipped in the package."""
        own = self.root / "notebooks" / "annual_report.ipynb"
        if own.exists():
            return own
        return Path(str(resources.files("govreport").joinpath("annual_report.ipynb")))

    def relative(self, path: Path) -> str:
        """`path` relative to the root when inside it (messages and manifests stay portable)."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def input_file(self, agency: str, year: int, name: str) -> Path | None:
        """The CSV (or same-named .xlsx) for input `name`, or None when the year has neither."""
        found = self.input_files(agency, year, name)
        return found[0] if found else None

    def input_files(self, agency: str, year: int, name: str) -> list[Path]:
        """Every file that could be input `name` (more than one is an analyst's mistake)."""
        if name not in INPUT_NAMES:
            raise UsageError(f"{name!r} is not an input; expected one of {', '.join(INPUT_NAMES)}")
        folder = self.year_dir(agency, year)
        return [folder / f"{name}{suffix}" for suffix in TABLE_SUFFIXES if (folder / f"{name}{suffix}").is_file()]
