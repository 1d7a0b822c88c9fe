"""Digests of what a report reads: one sha256 routine, and the digest of an earlier year as later years read it.

Light on purpose (no pandas): the batch fingerprints every report with it before building any.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import yaml

from govreport.errors import DataValidationError
from govreport.inputs.params import Params, load_yaml
from govreport.inputs.project import INPUT_NAMES, Project
from govreport.inputs.vocabulary import FORMATS, format_for_year


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def earlier_params(project: Project, agency: str, year: int) -> Params | None:
    """The params an earlier year is built with (its format), or None when it has no data folder."""
    if not project.year_dir(agency, year).is_dir():
        return None
    fmt = "auto"
    params_file = project.params_file(agency, year)
    if params_file.is_file():
        try:
            raw = load_yaml(params_file)
        except (yaml.YAMLError, UnicodeDecodeError):  # reported when that year itself is built
            raw = None
        if isinstance(raw, dict) and raw.get("format") in FORMATS:
            fmt = raw["format"]
    return Params(agency=agency, year=year, format=fmt)


def year_digest(project: Project, agency: str, year: int, memo: dict | None = None) -> str | None:
    """What every later year reads of year `year`: its format, its table inputs and, in turn, the year before.

    Not its narrative.md: only the next year reads that (`last_year_digest`), so changing it rebuilds
    that year and the next, not every later one. None when the year has no data folder (then no later
    year reads anything of it). `memo` keeps the digests already taken by one caller, so a chain of
    years is hashed once, not once per later year.
    """
    memo = {} if memo is None else memo
    if (agency, year) in memo:
        return memo[(agency, year)]
    params = earlier_params(project, agency, year)
    if params is None:
        memo[(agency, year)] = None
        return None
    digest = hashlib.sha256(f"{year} {format_for_year(year, params.format)}\0".encode())
    for name in INPUT_NAMES:
        for path in project.input_files(agency, year, name):
            digest.update(project.relative(path).encode() + b"\0" + input_digest(project, path).encode())
    digest.update((year_digest(project, agency, year - 1, memo) or "none").encode())
    memo[(agency, year)] = digest.hexdigest()
    return memo[(agency, year)]


def last_year_digest(project: Project, agency: str, year: int, memo: dict | None = None) -> str | None:
    """What the next year reads of year `year`: `year_digest` and its narrative.md (the repetition rule).

    None when the year has no data folder.
    """
    chain = year_digest(project, agency, year, memo)
    if chain is None:
        return None
    narrative = project.year_dir(agency, year) / "narrative.md"
    prose = input_digest(project, narrative) if os.path.lexists(narrative) else "none"
    return hashlib.sha256(f"{chain}\0{prose}".encode()).hexdigest()


def input_digest(project: Project, path: Path) -> str:
    """The sha256 of an input as it would be read, or the reason it would be refused (which changes with it)."""
    try:
        return file_digest(project.readable(path))
    except DataValidationError as exc:
        return str(exc)
