"""Where everything lives under a project root: the one place that derives paths."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
INPUT_NAMES = ("requests", "figures", "documents", "appeals", "proactive")


@dataclass(frozen=True)
class Project:
    """A project root holding params/, data/ and build/."""

    root: Path

    @classmethod
    def at(cls, root: str | Path = ".") -> Project:
        return cls(Path(root).resolve())

    def params_file(self, agency: str, year: int) -> Path:
        return self.root / "params" / agency / f"{year}.yaml"

    def agency_dir(self, agency: str) -> Path:
        return self.root / "data" / agency

    def year_dir(self, agency: str, year: int) -> Path:
        return self.agency_dir(agency) / str(year)

    def build_dir(self, agency: str, year: int) -> Path:
        return self.root / "build" / agency / str(year)

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
        folder = self.year_dir(agency, year)
        for suffix in (".csv", ".xlsx"):
            candidate = folder / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
        return None
