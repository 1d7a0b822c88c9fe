"""Row-level validation of record files (ledger, registers): every problem, located by file, line and column.

Each validator takes the raw text frame of one file (as read by `inputs`: text columns named by
their English keys, plus `_line`, the line of the file each row came from) and returns the clean
frame with typed columns plus the list of problems. Work is vectorised, so a ledger of a million
rows validates in seconds; each kind of problem is listed for at most MAX_LISTED rows, then counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from govreport.errors import Problem
from govreport.inputs import schema
from govreport.inputs.vocabulary import Format, applicant_vocabulary, outcome_vocabulary

MAX_LISTED = 20
MAX_CHOICES = 12
DATE_SHAPE = r"\d{4}-\d{1,2}-\d{1,2}"
SLASHED_DATE = r"\d{4}/\d{1,2}/\d{1,2}"

# Message templates, near the rules that use them.
NOT_ONE_OF = "{col} '{value}' is not {noun}; expected one of {choices}"
EMPTY = "{col} is empty; expected {what}"
NOT_A_DATE = "{col} '{value}' is not a date; expected YYYY-MM-DD, e.g. 2021-03-15"
NOT_A_REAL_DATE = "{col} '{value}' is not a real date (no such day in the calendar); expected YYYY-MM-DD"
DUPLICATE_ID = "id '{value}' appears twice (first on line {first}); ids must be unique within the file"
MORE = "… and {n} more rows with the same problem"


def flag(problems: list[Problem], where: str, frame: pd.DataFrame, mask: pd.Series, message: Callable) -> None:
    """Add one problem per row where `mask` holds; `message(i)` words it for row label i."""
    if not mask.any():
        return
    bad = mask[mask].index
    for i in bad[:MAX_LISTED]:
        problems.append(Problem(where, message(i), int(frame.at[i, "_line"])))
    if len(bad) > MAX_LISTED:
        problems.append(Problem(where, MORE.format(n=len(bad) - MAX_LISTED)))


def choices(values: Iterable[str]) -> str:
    """The first allowed values, for a message; the rest are in docs/inputs.md."""
    values = list(values)
    shown = ", ".join(values[:MAX_CHOICES])
    if len(values) > MAX_CHOICES:
        shown += f", … ({len(values)} in all, listed in docs/inputs.md)"
    return shown


def require(frame: pd.DataFrame, col: str, what: str, where: str, problems: list[Problem]) -> None:
    flag(problems, where, frame, frame[col] == "", lambda i: EMPTY.format(col=col, what=what))


def _dates(frame: pd.DataFrame, col: str, where: str, problems: list[Problem], optional: bool) -> pd.Series:
    """The column as datetime64 (NaT when empty); flags text that is not a real YYYY-MM-DD date.

    YYYY/M/D, as Excel in Chinese writes dates to CSV, is read too: the year first, it is unambiguous.
    """
    text = frame[col]
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & (text != "")
    if bad.any():
        # Only the few rows that failed are looked at again, to keep the common case fast.
        slashed = text[bad].str.fullmatch(SLASHED_DATE)
        parsed[bad] = pd.to_datetime(text[bad].where(slashed).str.replace("/", "-"), format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna() & (text != "")
        shaped = text[bad].str.fullmatch(DATE_SHAPE) | text[bad].str.fullmatch(SLASHED_DATE)
        template = {True: NOT_A_REAL_DATE, False: NOT_A_DATE}
        flag(
            problems,
            where,
            frame,
            bad,
            lambda i: template[bool(shaped[i])].format(col=col, value=text[i]),
        )
    if not optional:
        require(frame, col, "a date YYYY-MM-DD", where, problems)
    return parsed


def _unique(frame: pd.DataFrame, where: str, problems: list[Problem]) -> None:
    require(frame, "id", "an id, unique within the file", where, problems)
    if frame["id"].is_unique:  # one hash pass; the usual case ends here
        return
    dup = frame["id"].duplicated(keep="first") & (frame["id"] != "")
    first = frame.drop_duplicates("id", keep="first").set_index("id")["_line"]
    flag(
        problems,
        where,
        frame,
        dup,
        lambda i: DUPLICATE_ID.format(value=frame.at[i, "id"], first=first[frame.at[i, "id"]]),
    )


def _vocabulary(
    frame: pd.DataFrame,
    col: str,
    noun: str,
    mapping: dict[str, str],
    allowed: Iterable[str],
    where: str,
    problems: list[Problem],
) -> pd.Series:
    """The column mapped to its keys through `mapping` (empty stays empty); flags values it does not know."""
    values = frame[col].map({"": "", **mapping})
    bad = values.isna()
    if not bad.any():
        return values
    shown = choices(allowed)
    flag(
        problems,
        where,
        frame,
        bad,
        lambda i: NOT_ONE_OF.format(col=col, value=frame.at[i, col], noun=noun, choices=shown),
    )
    return values.fillna("")


def _identity(values: Iterable[str], aliases: dict[str, str] | None = None) -> dict[str, str]:
    mapping = {v: v for v in values}
    mapping.update(aliases or {})
    return mapping


def validate_requests(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the request ledger of report year `year`."""
    problems: list[Problem] = []
    _unique(frame, where, problems)
    received = _dates(frame, "received", where, problems, optional=False)
    closed = _dates(frame, "closed", where, problems, optional=True)
    channel_map = _identity(schema.CHANNELS, schema.CHANNEL_ALIASES)
    channel = _vocabulary(frame, "channel", "a channel (申请方式)", channel_map, schema.CHANNELS, where, problems)
    require(frame, "channel", f"one of {choices(schema.CHANNELS)}", where, problems)
    applicant_map, applicants = applicant_vocabulary()
    if "applicant" in frame:
        noun = "an applicant type (申请人类型)"
        applicant = _vocabulary(frame, "applicant", noun, applicant_map, applicants, where, problems)
        if fmt.name != "legacy":
            require(frame, "applicant", f"one of {choices(applicants)}", where, problems)
    else:
        applicant = pd.Series("", index=frame.index, dtype=str)
        if fmt.name != "legacy":
            problems.append(
                Problem(where, f"missing column 'applicant' (申请人类型), needed for {fmt.name} reports", 1)
            )
    outcome_map, outcomes = outcome_vocabulary()
    outcome = _vocabulary(frame, "outcome", "an outcome (办理结果)", outcome_map, outcomes, where, problems)
    if fmt.name != "legacy":
        flag(
            problems,
            where,
            frame,
            outcome == "不予公开",
            lambda i: (
                f"outcome '{frame.at[i, 'outcome']}' needs its reason in {fmt.name} reports; "
                "expected one of 不予公开/国家秘密, 不予公开/第三方权益, … (see docs/inputs.md)"
            ),
        )
    has_outcome, has_closed = frame["outcome"] != "", frame["closed"] != ""
    flag(
        problems,
        where,
        frame,
        has_outcome & ~has_closed,
        lambda i: (
            f"outcome '{frame.at[i, 'outcome']}' is given but closed is empty; "
            "a closed request needs both, an open one neither"
        ),
    )
    flag(
        problems,
        where,
        frame,
        has_closed & ~has_outcome,
        lambda i: (
            f"closed '{frame.at[i, 'closed']}' is given but outcome is empty; "
            "a closed request needs both, an open one neither"
        ),
    )
    flag(
        problems,
        where,
        frame,
        closed < received,
        lambda i: f"closed '{frame.at[i, 'closed']}' is before received '{frame.at[i, 'received']}'",
    )
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    flag(
        problems,
        where,
        frame,
        received > end,
        lambda i: (
            f"received '{frame.at[i, 'received']}' is after the report year {year}; "
            "that request belongs in a later year's ledger"
        ),
    )
    flag(
        problems,
        where,
        frame,
        (received < start) & (closed < start),
        lambda i: (
            f"closed '{frame.at[i, 'closed']}' is before {year}; "
            "a request closed in an earlier year belongs in that year's ledger"
        ),
    )
    flag(
        problems,
        where,
        frame,
        (closed > end) & ~(received > end),
        lambda i: (
            f"closed '{frame.at[i, 'closed']}' is after the report year {year}; "
            f"leave outcome and closed empty for a request still open on 31 December {year}"
        ),
    )
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


def validate_documents(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the register of 规章 and 规范性文件."""
    problems: list[Problem] = []
    _unique(frame, where, problems)
    kinds = _identity(schema.DOCUMENT_KINDS)
    kind = _vocabulary(frame, "kind", "a document kind (类型)", kinds, schema.DOCUMENT_KINDS, where, problems)
    require(frame, "kind", f"one of {choices(schema.DOCUMENT_KINDS)}", where, problems)
    issued = _dates(frame, "issued", where, problems, optional=False)
    repealed = _dates(frame, "repealed", where, problems, optional=True)
    if "published" in frame:
        published = _dates(frame, "published", where, problems, optional=True)
        flag(
            problems,
            where,
            frame,
            published < issued,
            lambda i: f"published '{frame.at[i, 'published']}' is before issued '{frame.at[i, 'issued']}'",
        )
    else:
        published = issued.copy()
    published = published.fillna(issued)
    flag(
        problems,
        where,
        frame,
        repealed < issued,
        lambda i: f"repealed '{frame.at[i, 'repealed']}' is before issued '{frame.at[i, 'issued']}'",
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
    _unique(frame, where, problems)
    kinds = _identity(schema.APPEAL_KINDS, schema.APPEAL_KIND_ALIASES)
    kind = _vocabulary(frame, "kind", "a case kind (类型)", kinds, schema.APPEAL_KINDS, where, problems)
    require(frame, "kind", f"one of {choices(schema.APPEAL_KINDS)}", where, problems)
    route_text = frame["route"] if "route" in frame else pd.Series("", index=frame.index, dtype=str)
    route = route_text.map(_identity(schema.APPEAL_ROUTES)).fillna("").astype(str)
    lawsuit, routes = kind == "行政诉讼", choices(schema.APPEAL_ROUTES)
    bad_route = lawsuit & (route == "") & (route_text != "")
    flag(
        problems,
        where,
        frame,
        bad_route,
        lambda i: NOT_ONE_OF.format(
            col="route", value=route_text[i], noun="a route of a 行政诉讼 case", choices=routes
        ),
    )
    no_route = lawsuit & (route_text == "")
    flag(problems, where, frame, no_route, lambda i: f"route is empty; a 行政诉讼 case needs one of {routes}")
    flag(
        problems,
        where,
        frame,
        (kind == "行政复议") & (route_text != ""),
        lambda i: f"route '{route_text[i]}' is given for a 行政复议 case; leave route empty for 行政复议",
    )
    filed = _dates(frame, "filed", where, problems, optional=False)
    results = _identity(schema.APPEAL_RESULTS, schema.APPEAL_RESULT_ALIASES)
    result = _vocabulary(frame, "result", "a result (结果)", results, schema.APPEAL_RESULTS, where, problems)
    result = result.where(frame["result"] != "", "尚未审结")
    clean = pd.DataFrame(
        {"id": frame["id"], "kind": kind, "route": route, "filed": filed, "result": result, "_line": frame["_line"]}
    )
    return clean, problems


def validate_proactive(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the list of proactively disclosed items."""
    problems: list[Problem] = []
    _unique(frame, where, problems)
    published = _dates(frame, "published", where, problems, optional=False)
    flags = {}
    for col in ("website", "gazette"):
        flags[col] = frame[col].map(schema.YES)
        flag(
            problems,
            where,
            frame,
            flags[col].isna(),
            lambda i, c=col: f"{c} '{frame.at[i, c]}' is not 是 or 否; expected 是 (yes) or 否 (no)",
        )
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
