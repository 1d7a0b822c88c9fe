"""Row-level validation of input tables: every problem, located by file, line and column.

Each function takes the raw text frame of one file (as read by `inputs`) and returns the
clean frame with typed columns plus the list of problems. Work is vectorised, so a ledger
of a million rows validates in seconds; each kind of problem is listed for at most
MAX_LISTED rows, then counted.
"""

from __future__ import annotations

import pandas as pd

from govreport import schema
from govreport.errors import Problem
from govreport.vocabulary import Format, load_format

MAX_LISTED = 20
FIRST_LINE = 2  # line 1 is the header


def _lines(mask: pd.Series) -> list[int]:
    return [int(i) + FIRST_LINE for i in mask[mask].index]


def _flag(problems: list[Problem], where: str, mask: pd.Series, message) -> None:
    """Add one problem per row where `mask` holds; `message(i)` words it for row index i."""
    if not mask.any():
        return
    bad = mask[mask].index
    for i in bad[:MAX_LISTED]:
        problems.append(Problem(where, message(i), int(i) + FIRST_LINE))
    if len(bad) > MAX_LISTED:
        problems.append(Problem(where, f"… and {len(bad) - MAX_LISTED} more rows with the same problem"))


def _choices(values) -> str:
    values = list(values)
    shown = ", ".join(values[:12])
    return shown + (", …" if len(values) > 12 else "")


def _required(frame: pd.DataFrame, col: str, where: str, problems: list[Problem]) -> None:
    _flag(problems, where, frame[col] == "", lambda i: f"column '{col}' is empty")


def _dates(frame: pd.DataFrame, col: str, where: str, problems: list[Problem], optional: bool) -> pd.Series:
    text = frame[col]
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & (text != "")
    _flag(problems, where, bad, lambda i: f"column '{col}': '{text[i]}' is not a date YYYY-MM-DD")
    if not optional:
        _required(frame, col, where, problems)
    return parsed


def _unique(frame: pd.DataFrame, where: str, problems: list[Problem]) -> None:
    dup = frame["id"].duplicated(keep="first") & (frame["id"] != "")
    first = frame.drop_duplicates("id", keep="first").set_index("id")["_line"] if dup.any() else None
    _flag(
        problems,
        where,
        dup,
        lambda i: f"id '{frame['id'][i]}' appears twice (first on line {first[frame['id'][i]]})",
    )


def _map_values(
    frame: pd.DataFrame, col: str, allowed, aliases: dict, where: str, problems: list[Problem]
) -> pd.Series:
    values = frame[col].replace(aliases)
    bad = ~values.isin(list(allowed)) & (frame[col] != "")
    _flag(
        problems,
        where,
        bad,
        lambda i: f"{col} '{frame[col][i]}' is not a {col}; expected one of {_choices(allowed)}",
    )
    return values


def outcome_vocabulary() -> tuple[dict[str, str], list[str]]:
    """Every accepted ledger outcome (keys and printed labels) to its key, and the keys in order."""
    mapping: dict[str, str] = {o: o for o in schema.LEGACY_OUTCOMES}
    keys: list[str] = []
    for name in ("national-2019", "national-2021"):
        table = load_format(name).tables["依申请"]
        for row in table.rows:
            if row.group is None or row.key == "总计":
                continue
            mapping.setdefault(row.key, row.key)
            if row.group not in ("三、本年度办理结果",):
                mapping.setdefault(f"{row.group}{row.label}", row.key)
            else:
                mapping.setdefault(row.label, row.key)
            if row.key not in keys:
                keys.append(row.key)
    return mapping, keys + list(schema.LEGACY_OUTCOMES)


def validate_requests(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the request ledger of report year `year`."""
    problems: list[Problem] = []
    for col in ("id", "channel"):
        _required(frame, col, where, problems)
    _unique(frame, where, problems)
    received = _dates(frame, "received", where, problems, optional=False)
    closed = _dates(frame, "closed", where, problems, optional=True)
    channel = _map_values(frame, "channel", schema.CHANNELS, schema.CHANNEL_ALIASES, where, problems)
    applicants = [c.key for c in load_format("national-2021").tables["依申请"].columns if c.key != "总计"]
    if "applicant" in frame:
        applicant = _map_values(frame, "applicant", applicants, schema.APPLICANT_ALIASES, where, problems)
        if fmt.name != "legacy":
            _required(frame, "applicant", where, problems)
    else:
        applicant = pd.Series("", index=frame.index)
        if fmt.name != "legacy":
            problems.append(Problem(where, f"missing column 'applicant' (申请人类型), needed for {fmt.name} reports"))
    mapping, keys = outcome_vocabulary()
    outcome = frame["outcome"].map(mapping)
    bad = outcome.isna() & (frame["outcome"] != "")
    _flag(
        problems,
        where,
        bad,
        lambda i: f"outcome '{frame['outcome'][i]}' is not an outcome; expected one of {_choices(keys)}",
    )
    outcome = outcome.fillna("")
    if fmt.name != "legacy":
        _flag(
            problems,
            where,
            outcome == "不予公开",
            lambda i: "outcome '不予公开' needs its reason in national formats, e.g. 不予公开/第三方权益",
        )
    has_outcome = frame["outcome"] != ""
    has_closed = frame["closed"] != ""
    _flag(problems, where, has_outcome & ~has_closed, lambda i: "outcome given but column 'closed' is empty")
    _flag(problems, where, has_closed & ~has_outcome, lambda i: "closed on a date but column 'outcome' is empty")
    _flag(
        problems,
        where,
        closed < received,
        lambda i: f"closed {frame['closed'][i]} is before received {frame['received'][i]}",
    )
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    _flag(problems, where, received > end, lambda i: f"received {frame['received'][i]} is after the report year {year}")
    _flag(
        problems,
        where,
        (received < start) & (closed < start),
        lambda i: f"request closed {frame['closed'][i]}, before {year}: it belongs in an earlier year's ledger",
    )
    _flag(problems, where, closed > end, lambda i: f"closed {frame['closed'][i]} is after the report year {year}")
    clean = pd.DataFrame(
        {
            "id": frame["id"],
            "received": received,
            "channel": channel,
            "applicant": applicant,
            "outcome": outcome,
            "closed": closed,
            "_line": frame["_line"],
        }
    )
    return clean, problems


def _number(frame: pd.DataFrame, where: str, problems: list[Problem]) -> pd.Series:
    text = frame["value"].str.replace(",", "", regex=False).str.strip()
    value = pd.to_numeric(text, errors="coerce")
    _flag(problems, where, value.isna() & (text != ""), lambda i: f"value '{frame['value'][i]}' is not a number")
    _flag(problems, where, value < 0, lambda i: f"value {frame['value'][i]} is negative; counts are 0 or more")
    return value


def validate_figures(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check declared figures against the table vocabulary of format `fmt`."""
    problems: list[Problem] = []
    value = _number(frame, where, problems)
    rows_out, cols_out, keep = [], [], []
    for i, table_id, row, col in zip(frame.index, frame["table"], frame["row"], frame["column"], strict=True):
        line = int(i) + FIRST_LINE
        table = fmt.tables.get(table_id)
        if table is None:
            problems.append(
                Problem(
                    where,
                    f"table '{table_id}' is not a table of the {fmt.name} format; expected one of "
                    f"{_choices(fmt.tables)}",
                    line,
                )
            )
            keep.append(False)
            rows_out.append(row)
            cols_out.append(col)
            continue
        row_key = _key_of(row, {r.key: r.key for r in table.rows} | {r.label: r.key for r in table.rows})
        if row_key is None:
            problems.append(
                Problem(
                    where,
                    f"row '{row}' is not a row of table {table_id}; expected one of "
                    f"{_choices(r.key for r in table.rows)}",
                    line,
                )
            )
            keep.append(False)
            rows_out.append(row)
            cols_out.append(col)
            continue
        allowed = table.columns_of(table.row(row_key))
        labels = {c.label.replace("{year}", str(year)): c.key for c in table.columns}
        col_key = _key_of(col, {c: c for c in allowed} | labels)
        if col_key is None or col_key not in allowed:
            problems.append(
                Problem(
                    where,
                    f"column '{col}' is not a column of row {row_key} in table {table_id}; "
                    f"expected one of {_choices(allowed)}",
                    line,
                )
            )
            keep.append(False)
        else:
            keep.append(True)
        rows_out.append(row_key)
        cols_out.append(col_key if col_key else col)
    clean = pd.DataFrame(
        {"table": frame["table"], "row": rows_out, "column": cols_out, "value": value, "_line": frame["_line"]},
        index=frame.index,
    )
    clean = clean[pd.Series(keep, index=frame.index, dtype=bool)] if len(frame) else clean
    dup = clean.duplicated(["table", "row", "column"], keep="first")
    _flag(
        problems,
        where,
        dup.reindex(frame.index, fill_value=False),
        lambda i: f"the figure {clean['table'][i]}/{clean['row'][i]}/{clean['column'][i]} is given twice",
    )
    clean = clean[~dup & clean["value"].notna()]
    return clean.reset_index(drop=True), problems


def _key_of(value: str, mapping: dict[str, str]) -> str | None:
    return mapping.get(value.strip())


def validate_documents(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the register of 规章 and 规范性文件."""
    problems: list[Problem] = []
    _required(frame, "id", where, problems)
    _unique(frame, where, problems)
    kind = _map_values(frame, "kind", schema.DOCUMENT_KINDS, {}, where, problems)
    _required(frame, "kind", where, problems)
    issued = _dates(frame, "issued", where, problems, optional=False)
    repealed = _dates(frame, "repealed", where, problems, optional=True)
    published = _dates(frame, "published", where, problems, optional=True) if "published" in frame else issued.copy()
    published = published.fillna(issued)
    _flag(
        problems,
        where,
        repealed < issued,
        lambda i: f"repealed {frame['repealed'][i]} is before issued {frame['issued'][i]}",
    )
    clean = pd.DataFrame(
        {
            "id": frame["id"],
            "kind": kind,
            "title": frame["title"],
            "issued": issued,
            "repealed": repealed,
            "published": published,
            "_line": frame["_line"],
        }
    )
    return clean, problems


def validate_appeals(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the list of 行政复议 and 行政诉讼 cases."""
    problems: list[Problem] = []
    _required(frame, "id", where, problems)
    _unique(frame, where, problems)
    kind = _map_values(frame, "kind", schema.APPEAL_KINDS, {}, where, problems)
    _required(frame, "kind", where, problems)
    route = frame["route"] if "route" in frame else pd.Series("", index=frame.index)
    bad_route = (kind == "行政诉讼") & ~route.isin(schema.APPEAL_ROUTES)
    _flag(
        problems,
        where,
        bad_route,
        lambda i: f"route '{route[i]}' of a 行政诉讼 case must be one of {_choices(schema.APPEAL_ROUTES)}",
    )
    filed = _dates(frame, "filed", where, problems, optional=False)
    result = _map_values(frame, "result", schema.APPEAL_RESULTS, schema.APPEAL_RESULT_ALIASES, where, problems)
    clean = pd.DataFrame(
        {"id": frame["id"], "kind": kind, "route": route, "filed": filed, "result": result, "_line": frame["_line"]}
    )
    return clean, problems


def validate_proactive(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the list of proactively disclosed items."""
    problems: list[Problem] = []
    _required(frame, "id", where, problems)
    _unique(frame, where, problems)
    published = _dates(frame, "published", where, problems, optional=False)
    flags = {}
    for col in ("website", "gazette"):
        flags[col] = frame[col].map(schema.YES)
        _flag(problems, where, flags[col].isna(), lambda i, c=col: f"{c} '{frame[c][i]}' must be 是 or 否")
    clean = pd.DataFrame(
        {
            "id": frame["id"],
            "published": published,
            "title": frame["title"],
            "category": frame["category"],
            "website": flags["website"].fillna(False).astype(bool),
            "gazette": flags["gazette"].fillna(False).astype(bool),
            "_line": frame["_line"],
        }
    )
    return clean, problems


VALIDATORS = {
    "requests": validate_requests,
    "figures": validate_figures,
    "documents": validate_documents,
    "appeals": validate_appeals,
    "proactive": validate_proactive,
}
