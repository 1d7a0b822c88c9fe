"""Reading an agency-year's inputs: the one module that opens files under data/."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govreport import schema
from govreport.errors import DataValidationError, Problem
from govreport.params import Params, load_yaml
from govreport.project import INPUT_NAMES, Project
from govreport.validation import VALIDATORS
from govreport.vocabulary import Format, format_for_year, load_format

MAX_INPUT_BYTES = 512 * 1024 * 1024
AGENCY_KINDS = ("department", "government")


@dataclass(frozen=True)
class Agency:
    slug: str
    name: str
    kind: str
    website: str | None = None


@dataclass
class Inputs:
    """Everything one report reads, validated and typed; `previous` is Y-1 of the same agency."""

    agency: Agency
    year: int
    format: Format
    frames: dict[str, pd.DataFrame]
    narrative: str
    sources: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    previous: Inputs | None = None

    def frame(self, name: str) -> pd.DataFrame | None:
        return self.frames.get(name)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def decode(data: bytes, where: str) -> str:
    """Text of a CSV in UTF-8 (with or without BOM) or GB18030, whichever it is."""
    if b"\x00" in data[:65536]:
        raise DataValidationError([Problem(where, "is a binary file, not CSV text (save it as CSV UTF-8 or GB18030)")])
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataValidationError([Problem(where, "is neither UTF-8 nor GB18030 text")])


def read_table(path: Path, where: str, file_schema: schema.FileSchema) -> pd.DataFrame:
    """Read a CSV or XLSX into text columns named by the schema's keys, plus `_line`."""
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise DataValidationError([Problem(where, f"is {size} bytes; the limit is {MAX_INPUT_BYTES}")])
    if size == 0:
        raise DataValidationError([Problem(where, "is empty (expected a header line)")])
    if path.suffix == ".xlsx":
        frame = _read_xlsx(path, where)
    else:
        text = decode(path.read_bytes(), where)
        try:
            frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
        except (pd.errors.ParserError, csv.Error) as exc:
            raise DataValidationError([Problem(where, f"cannot be read as CSV: {exc}")]) from None
        except pd.errors.EmptyDataError:
            raise DataValidationError([Problem(where, "is empty (expected a header line)")]) from None
    return _rename(frame, where, file_schema)


def _read_xlsx(path: Path, where: str) -> pd.DataFrame:
    try:
        frame = pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise DataValidationError([Problem(where, f"cannot be read as an Excel workbook: {exc}")]) from None
    # Excel turns dates into timestamps; bring them back to YYYY-MM-DD text.
    return frame.apply(lambda col: col.str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", regex=True))


def _rename(frame: pd.DataFrame, where: str, file_schema: schema.FileSchema) -> pd.DataFrame:
    mapping = file_schema.header_map()
    headers = [str(h).strip() for h in frame.columns]
    if len(headers) == 1 and any(sep in headers[0] for sep in ";\t|，"):
        raise DataValidationError(
            [Problem(where, f"header '{headers[0]}' has one column: the delimiter must be a comma", 1)]
        )
    problems, renamed = [], {}
    for original, header in zip(frame.columns, headers, strict=True):
        key = mapping.get(header)
        if key is None:
            problems.append(Problem(where, f"unknown column '{header}'; expected {_expected(file_schema)}", 1))
        elif key in renamed.values():
            problems.append(Problem(where, f"column '{header}' is given twice", 1))
        else:
            renamed[original] = key
    for f in file_schema.fields:
        if f.required and f.key not in renamed.values():
            problems.append(Problem(where, f"missing column '{f.key}' ({f.aliases[0]})", 1))
    if problems:
        raise DataValidationError(problems)
    frame = frame.rename(columns=renamed)
    frame = frame.apply(lambda col: col.astype(str).str.strip())
    frame["_line"] = frame.index + 2
    return frame


def _expected(file_schema: schema.FileSchema) -> str:
    return ", ".join(f"{f.key} ({f.aliases[0]})" for f in file_schema.fields)


def load_agency(project: Project, slug: str) -> Agency:
    path = project.agency_dir(slug) / "agency.yaml"
    where = project.relative(path)
    if not path.is_file():
        raise DataValidationError([Problem(where, "missing: every agency needs agency.yaml with its name and kind")])
    try:
        raw = load_yaml(path)
    except Exception as exc:  # yaml.YAMLError, UnicodeDecodeError
        raise DataValidationError([Problem(where, f"not valid YAML text: {exc}")]) from None
    problems = []
    if not isinstance(raw, dict):
        raise DataValidationError([Problem(where, "expected keys name, kind and optionally website")])
    for key in raw:
        if key not in ("name", "kind", "website"):
            problems.append(Problem(where, f"unknown key {key!r} (expected one of: name, kind, website)"))
    if not isinstance(raw.get("name"), str) or not raw.get("name", "").strip():
        problems.append(Problem(where, "name is missing (the agency's full name, e.g. 福建省商务厅)"))
    if raw.get("kind") not in AGENCY_KINDS:
        problems.append(Problem(where, f"kind {raw.get('kind')!r} must be one of: {', '.join(AGENCY_KINDS)}"))
    if problems:
        raise DataValidationError(problems)
    return Agency(slug=slug, name=raw["name"].strip(), kind=raw["kind"], website=raw.get("website"))


def load_inputs(project: Project, params: Params, with_previous: bool = True) -> Inputs:
    """Read and validate every input of one agency-year; raises one error listing every problem."""
    problems: list[Problem] = []
    try:
        agency = load_agency(project, params.agency)
    except DataValidationError as exc:
        problems.extend(exc.problems)
        agency = Agency(params.agency, params.agency, "department")
    fmt = load_format(format_for_year(params.year, params.format))
    frames, sources = {}, {}
    for name in INPUT_NAMES:
        path = project.input_file(params.agency, params.year, name)
        if path is None:
            continue
        where = project.relative(path)
        sources[where] = file_digest(path)
        try:
            raw = read_table(path, where, schema.SCHEMAS[name])
        except DataValidationError as exc:
            problems.extend(exc.problems)
            continue
        if raw.empty:
            problems.append(Problem(where, "has a header but no rows (delete the file if there is nothing to give)"))
            continue
        clean, found = VALIDATORS[name](raw, where, params.year, fmt)
        problems.extend(found)
        frames[name] = clean
    narrative = ""
    narrative_path = project.year_dir(params.agency, params.year) / "narrative.md"
    if narrative_path.is_file():
        where = project.relative(narrative_path)
        sources[where] = file_digest(narrative_path)
        try:
            narrative = decode(narrative_path.read_bytes(), where)
        except DataValidationError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataValidationError(problems)
    previous = None
    if with_previous:
        previous = _previous(project, params)
    return Inputs(agency, params.year, fmt, frames, narrative, sources, previous)


def _previous(project: Project, params: Params) -> Inputs | None:
    """Y-1 of the same agency when its data folder exists (for cross-year rules)."""
    year = params.year - 1
    if not project.year_dir(params.agency, year).is_dir():
        return None
    prev_params = Params(agency=params.agency, year=year, format="auto")
    params_file = project.params_file(params.agency, year)
    if params_file.is_file():
        try:
            raw = load_yaml(params_file)
            if isinstance(raw, dict) and raw.get("format"):
                prev_params = Params(agency=params.agency, year=year, format=raw["format"])
        except Exception:  # a broken previous params file is reported when that year is built
            pass
    try:
        return load_inputs(project, prev_params, with_previous=True)
    except DataValidationError:
        return None
