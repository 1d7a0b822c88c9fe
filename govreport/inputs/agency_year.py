"""Reading an agency-year's inputs: the one module that opens files under data/."""

from __future__ import annotations

import csv
import io
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from govreport.errors import DataValidationError, Problem
from govreport.inputs import schema
from govreport.inputs.agency import Agency, load_agency
from govreport.inputs.declared import validate_figures
from govreport.inputs.digest import file_digest
from govreport.inputs.params import Params
from govreport.inputs.project import INPUT_NAMES, MAX_INPUT_BYTES, MAX_TEXT_BYTES, Project, read_bytes
from govreport.inputs.validation import (
    MAX_LISTED,
    validate_appeals,
    validate_documents,
    validate_proactive,
    validate_requests,
)
from govreport.inputs.vocabulary import Format, format_for_year, load_format
from govreport.messages import msg

SPACES = (b" ", b"\t", "\u3000".encode(), "\xa0".encode())  # what str.strip() removes in practice
DELIMITERS = (";", "\t", "|", "，", "；")
# What a file is when it starts with these bytes (a misnamed export is the usual cause).
SIGNATURES = (
    (b"PK\x03\x04", "file.zip"),
    (b"\xd0\xcf\x11\xe0", "file.xls"),
    (b"%PDF", "file.pdf"),
    (b"\x89PNG", "file.png"),
    (b"\xff\xd8\xff", "file.jpeg"),
)
# The validator of each input file (figures.csv has its own module: it checks keys, not records).
VALIDATORS = {
    "requests": validate_requests,
    "figures": validate_figures,
    "documents": validate_documents,
    "appeals": validate_appeals,
    "proactive": validate_proactive,
}


@dataclass
class Inputs:
    """Everything one year's report reads of its own year, validated and typed.

    `previous` is Y-1 held in memory (as tests build a chain of years); loading from disk leaves it
    None, and `compute.computation` builds earlier years once, from their digests.
    """

    agency: Agency
    year: int
    format: Format
    frames: dict[str, pd.DataFrame]
    narrative: str
    sources: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    previous: Inputs | None = None

    def frame(self, name: str) -> pd.DataFrame | None:
        return self.frames.get(name)


def decode(data: bytes, where: str, what: str = "CSV") -> str:
    """Text of a file in UTF-8 (with or without BOM) or GB18030, whichever it is."""
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise DataValidationError([Problem(where, msg("file.is-not-text", kind=msg(kind), what=what))])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataValidationError([Problem(where, msg("file.utf16", what=what))])
    if b"\x00" in data[:65536]:
        raise DataValidationError([Problem(where, msg("file.binary", what=what))])
    furthest = 0
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
    line = data[:furthest].count(b"\n") + 1
    raise DataValidationError([Problem(where, msg("file.encoding", what=what), line)])


def read_table(path: Path, where: str, file_schema: schema.FileSchema) -> pd.DataFrame:
    """Read a CSV or XLSX into text columns named by the schema's keys, plus `_line`.

    Rows keep the label of their line in the file (so messages can cite it); blank rows are dropped.
    The input's name (`where`) says whether it is a workbook: `path` may be where a link leads.
    """
    if Path(where).suffix.lower() == ".xlsx":
        frame = _read_xlsx(path, where)
    else:
        data = read_bytes(path, where, MAX_INPUT_BYTES)
        if not data.strip():
            raise DataValidationError([Problem(where, msg("file.empty"))])
        frame = _read_csv(decode(data, where), where)
    return _rename(frame, where, file_schema)


def _read_csv(text: str, where: str) -> pd.DataFrame:
    try:
        # header=None: the header is row 0, so a row's label is its line number minus one,
        # and a header given twice is seen as written (pandas would rename it `id.1`).
        # The parser is handed UTF-8 bytes: from a str it re-encodes in small chunks, 4x slower.
        data = text.encode("utf-8")
        frame = pd.read_csv(
            io.BytesIO(data),
            encoding="utf-8",
            dtype=str,
            header=None,
            na_filter=False,
            skip_blank_lines=False,
            skipinitialspace=True,
        )
    except pd.errors.EmptyDataError:
        raise DataValidationError([Problem(where, msg("file.empty"))]) from None
    except (pd.errors.ParserError, csv.Error) as exc:
        raise DataValidationError(
            _field_count_problems(text, where) or [Problem(where, msg("file.not-csv", error=str(exc)))]
        ) from None
    # Stripping a million cells costs seconds; a file without any padding skips it.
    padded = any(space in data for space in SPACES)
    return frame.apply(_stripped) if padded else frame  # na_filter=False: a short row's cells are ""


def _stripped(column: pd.Series) -> pd.Series:
    """Text with surrounding spaces removed; a missing cell (short row) is empty text."""
    # A comprehension is ~40x faster than .str.strip() on pandas' python-backed strings.
    values = [v.strip() if isinstance(v, str) else "" for v in column.to_numpy(dtype=object)]
    return pd.Series(values, index=column.index, dtype=str)


def _field_count_problems(text: str, where: str) -> list[Problem]:
    """Every line whose number of fields differs from the header's (only read when parsing failed)."""
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    header = next(reader, [])
    for fields in reader:
        if len(fields) > len(header):
            if len(problems) == MAX_LISTED:
                problems.append(Problem(where, msg("file.too-many-fields-more")))
                break
            message = msg("file.too-many-fields", fields=len(fields), header=len(header))
            problems.append(Problem(where, message, reader.line_num))
    return problems


def _read_xlsx(path: Path, where: str) -> pd.DataFrame:
    read_bytes(path, where, MAX_INPUT_BYTES)  # only for the size limit
    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and data validation it ignores; none of it matters here.
            warnings.simplefilter("ignore")
            frame = pd.read_excel(path, dtype=str, header=None, keep_default_na=False, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        reason = str(exc) or type(exc).__name__
        raise DataValidationError([Problem(where, msg("file.not-a-workbook", reason=reason))]) from None
    if frame.empty:
        raise DataValidationError([Problem(where, msg("file.empty-workbook"))])
    # Excel stores dates as timestamps; bring whole days back to YYYY-MM-DD text.
    frame = frame.apply(_stripped)
    return frame.apply(lambda col: col.str.replace(r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1", regex=True))


def _rename(frame: pd.DataFrame, where: str, file_schema: schema.FileSchema) -> pd.DataFrame:
    """Columns renamed to the schema's keys; every header problem at once."""
    headers = ["" if pd.isna(h) else str(h).strip().lstrip("\ufeff") for h in frame.iloc[0]]
    body = frame.iloc[1:]
    if len(headers) == 1 and any(sep in headers[0] for sep in DELIMITERS):
        raise DataValidationError([Problem(where, msg("header.one-column", header=headers[0]), 1)])
    mapping = file_schema.header_map()
    problems, renamed = [], {}
    for position, header in enumerate(headers):
        if header == "":
            if (body[frame.columns[position]] != "").any():
                problems.append(Problem(where, msg("header.no-header", position=position + 1), 1))
            continue  # an empty trailing column, as spreadsheets export
        key = mapping.get(header, mapping.get(header.lower()))
        if key is None:
            expected = [msg("header.column", key=f.key, alias=f.aliases[0]) for f in file_schema.fields]
            message = msg("header.unknown", header=header, file=file_schema.name, expected=expected)
            problems.append(Problem(where, message, 1))
        elif key in renamed.values():
            problems.append(Problem(where, msg("header.twice", header=header, key=key), 1))
        else:
            renamed[frame.columns[position]] = key
    for f in file_schema.fields:
        if f.required and f.key not in renamed.values():
            problems.append(Problem(where, msg("header.missing", key=f.key, alias=f.aliases[0]), 1))
    if problems:
        raise DataValidationError(problems)
    out = pd.DataFrame({key: body[original] for original, key in renamed.items()}, index=body.index)
    # A blank row has an empty first column; only those few rows are compared in full.
    maybe_blank = out.iloc[:, 0] == ""
    if maybe_blank.any():
        blank = (out[maybe_blank] == "").all(axis=1)
        out = out.drop(index=blank[blank].index)
    out["_line"] = out.index + 1
    return out


def load_inputs(project: Project, params: Params, narrative: bool = True) -> Inputs:
    """Read and validate every input of one agency-year; raises one error listing every problem.

    Earlier years are not read here: `compute.computation` builds them once (see `year_digest`).
    `narrative=False` leaves narrative.md unread (an earlier year's prose is nothing a later year reads).
    """
    problems: list[Problem] = []
    try:
        agency = load_agency(project, params.agency)
    except DataValidationError as exc:
        problems.extend(exc.problems)
        agency = Agency(params.agency, params.agency, "department")
    fmt = load_format(format_for_year(params.year, params.format))
    frames, sources = {}, {}
    text = ""
    try:
        project.readable(project.year_dir(params.agency, params.year), folder=True)
    except DataValidationError as exc:  # nothing in a folder that leaves the root is read
        problems.extend(exc.problems)
    else:
        text = _load_year(project, params, fmt, frames, sources, problems, narrative)
    if problems:
        # A link above the year folder (data/<agency> itself) is named once, not once per file.
        raise DataValidationError(list(dict.fromkeys(problems)))
    return Inputs(agency, params.year, fmt, frames, text, sources)


def _load_year(
    project: Project,
    params: Params,
    fmt: Format,
    frames: dict[str, pd.DataFrame],
    sources: dict[str, str],
    problems: list[Problem],
    narrative: bool = True,
) -> str:
    """Read the year folder's tables into `frames` and return its narrative; problems are collected."""
    for name in INPUT_NAMES:
        paths = project.input_files(params.agency, params.year, name)
        if len(paths) > 1:
            both = msg("year.both", first=paths[0].name, second=paths[1].name)
            problems.append(Problem(project.relative(paths[0].parent), both))
            continue
        if not paths:
            continue  # not given: its cells come from figures.csv, or are shown as 0 and listed
        where = project.relative(paths[0])
        try:
            path = project.readable(paths[0])
            sources[where] = file_digest(path)
            raw = read_table(path, where, schema.SCHEMAS[name])
        except DataValidationError as exc:
            problems.extend(exc.problems)
            continue
        # A header without rows is zero records ("no appeals this year"), which the validators type like any other.
        clean, found = VALIDATORS[name](raw, where, params.year, fmt)
        problems.extend(found)
        frames[name] = clean
    if not narrative:
        return ""
    try:
        found = read_narrative(project, params.agency, params.year)
    except DataValidationError as exc:
        problems.extend(exc.problems)
        return ""
    if found is None:
        return ""
    where, digest, text = found
    sources[where] = digest
    return text


def read_narrative(project: Project, agency: str, year: int) -> tuple[str, str, str] | None:
    """narrative.md of an agency-year as (relative path, sha256, text), None when there is none.

    Raises DataValidationError when it cannot be read as text (a link out of the root, too large, binary).
    """
    narrative_path = project.year_dir(agency, year) / "narrative.md"
    if not os.path.lexists(narrative_path):
        return None
    where = project.relative(narrative_path)
    path = project.readable(narrative_path)
    digest = file_digest(path)
    return where, digest, decode(read_bytes(path, where, MAX_TEXT_BYTES), where, "Markdown")
