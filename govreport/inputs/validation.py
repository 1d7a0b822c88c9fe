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
from govreport.messages import Message, msg

MAX_LISTED = 20
MAX_CHOICES = 12
DATE_SHAPE = r"\d{4}-\d{1,2}-\d{1,2}"
SLASHED_DATE = r"\d{4}/\d{1,2}/\d{1,2}"


def flag(problems: list[Problem], where: str, frame: pd.DataFrame, mask: pd.Series, message: Callable) -> None:
    """Add one problem per row where `mask` holds; `message(i)` words it for row label i."""
    if not mask.any():
        return
    bad = mask[mask].index
    for i in bad[:MAX_LISTED]:
        problems.append(Problem(where, message(i), int(frame.at[i, "_line"])))
    if len(bad) > MAX_LISTED:
        problems.append(Problem(where, msg("validation.more", n=len(bad) - MAX_LISTED)))


def choices(values: Iterable[str]) -> Message:
    """The first allowed values, for a message; the rest are in docs/inputs.md."""
    values = list(values)
    if len(values) > MAX_CHOICES:
        return msg("choices.some", items=values[:MAX_CHOICES], n=len(values))
    return msg("choices.all", items=values)


def one_of(values: Iterable[str]) -> Message:
    """What an empty cell should have held: one of `values`."""
    return msg("expect.one-of", choices=choices(values))


def require(frame: pd.DataFrame, col: str, what: Message, where: str, problems: list[Problem]) -> None:
    flag(problems, where, frame, frame[col] == "", lambda i: msg("validation.empty", col=col, what=what))


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
        template = {True: "validation.not-a-real-date", False: "validation.not-a-date"}
        flag(problems, where, frame, bad, lambda i: msg(template[bool(shaped[i])], col=col, value=text[i]))
    if not optional:
        require(frame, col, msg("expect.date"), where, problems)
    return parsed


def _unique(frame: pd.DataFrame, where: str, problems: list[Problem]) -> None:
    require(frame, "id", msg("expect.id"), where, problems)
    if frame["id"].is_unique:  # one hash pass; the usual case ends here
        return
    dup = frame["id"].duplicated(keep="first") & (frame["id"] != "")
    first = frame.drop_duplicates("id", keep="first").set_index("id")["_line"]
    flag(
        problems,
        where,
        frame,
        dup,
        lambda i: msg("validation.duplicate-id", value=frame.at[i, "id"], first=first[frame.at[i, "id"]]),
    )


def _vocabulary(
    frame: pd.DataFrame,
    col: str,
    noun: Message,
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
        lambda i: msg("validation.not-one-of", col=col, value=frame.at[i, col], noun=noun, choices=shown),
    )
    return values.fillna("")


def _identity(values: Iterable[str], aliases: dict[str, str] | None = None) -> dict[str, str]:
    mapping = {v: v for v in values}
    mapping.update(aliases or {})
    return mapping


def _before(frame: pd.DataFrame, i: object, col: str, other: str) -> Message:
    """Row i's date in `col` is before its date in `other`."""
    return msg("validation.before", col=col, value=frame.at[i, col], other=other, other_value=frame.at[i, other])


def validate_requests(frame: pd.DataFrame, where: str, year: int, fmt: Format) -> tuple[pd.DataFrame, list[Problem]]:
    """Check the request ledger of report year `year`."""
    problems: list[Problem] = []
    _unique(frame, where, problems)
    received = _dates(frame, "received", where, problems, optional=False)
    closed = _dates(frame, "closed", where, problems, optional=True)
    channel_map = _identity(schema.CHANNELS, schema.CHANNEL_ALIASES)
    channel = _vocabulary(frame, "channel", msg("noun.channel"), channel_map, schema.CHANNELS, where, problems)
    require(frame, "channel", one_of(schema.CHANNELS), where, problems)
    applicant_map, applicants = applicant_vocabulary()
    if "applicant" in frame:
        noun = msg("noun.applicant")
        applicant = _vocabulary(frame, "applicant", noun, applicant_map, applicants, where, problems)
        if fmt.name != "legacy":
            require(frame, "applicant", one_of(applicants), where, problems)
    else:
        applicant = pd.Series("", index=frame.index, dtype=str)
        if fmt.name != "legacy":
            problems.append(Problem(where, msg("validation.missing-applicant", format=fmt.name), 1))
    outcome_map, outcomes = outcome_vocabulary()
    outcome = _vocabulary(frame, "outcome", msg("noun.outcome"), outcome_map, outcomes, where, problems)
    if fmt.name != "legacy":
        flag(
            problems,
            where,
            frame,
            outcome == "不予公开",
            lambda i: msg("validation.reason-missing", value=frame.at[i, "outcome"], format=fmt.name),
        )
    has_outcome, has_closed = frame["outcome"] != "", frame["closed"] != ""
    flag(
        problems,
        where,
        frame,
        has_outcome & ~has_closed,
        lambda i: msg("validation.outcome-without-closed", value=frame.at[i, "outcome"]),
    )
    flag(
        problems,
        where,
        frame,
        has_closed & ~has_outcome,
        lambda i: msg("validation.closed-without-outcome", value=frame.at[i, "closed"]),
    )
    flag(
        problems,
        where,
        frame,
        closed < received,
        lambda i: _before(frame, i, "closed", "received"),
    )
    start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    flag(
        problems,
        where,
        frame,
        received > end,
        lambda i: msg("validation.received-after-year", value=frame.at[i, "received"], year=year),
    )
    flag(
        problems,
        where,
        frame,
        (received < start) & (closed < start),
        lambda i: msg("validation.closed-before-year", value=frame.at[i, "closed"], year=year),
    )
    flag(
        problems,
        where,
        frame,
        (closed > end) & ~(received > end),
        lambda i: msg("validation.closed-after-year", value=frame.at[i, "closed"], year=year),
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
    kind = _vocabulary(frame, "kind", msg("noun.document-kind"), kinds, schema.DOCUMENT_KINDS, where, problems)
    require(frame, "kind", one_of(schema.DOCUMENT_KINDS), where, problems)
    issued = _dates(frame, "issued", where, problems, optional=False)
    repealed = _dates(frame, "repealed", where, problems, optional=True)
    if "published" in frame:
        published = _dates(frame, "published", where, problems, optional=True)
        flag(
            problems,
            where,
            frame,
            published < issued,
            lambda i: _before(frame, i, "published", "issued"),
        )
    else:
        published = issued.copy()
    published = published.fillna(issued)
    flag(
        problems,
        where,
        frame,
        repealed < issued,
        lambda i: _before(frame, i, "repealed", "issued"),
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
    kind = _vocabulary(frame, "kind", msg("noun.case-kind"), kinds, schema.APPEAL_KINDS, where, problems)
    require(frame, "kind", one_of(schema.APPEAL_KINDS), where, problems)
    route_text = frame["route"] if "route" in frame else pd.Series("", index=frame.index, dtype=str)
    route = route_text.map(_identity(schema.APPEAL_ROUTES)).fillna("").astype(str)
    lawsuit, routes = kind == "行政诉讼", choices(schema.APPEAL_ROUTES)
    bad_route = lawsuit & (route == "") & (route_text != "")
    flag(
        problems,
        where,
        frame,
        bad_route,
        lambda i: msg(
            "validation.not-one-of", col="route", value=route_text[i], noun=msg("noun.route"), choices=routes
        ),
    )
    no_route = lawsuit & (route_text == "")
    flag(problems, where, frame, no_route, lambda i: msg("validation.route-empty", routes=routes))
    flag(
        problems,
        where,
        frame,
        (kind == "行政复议") & (route_text != ""),
        lambda i: msg("validation.route-for-review", value=route_text[i]),
    )
    filed = _dates(frame, "filed", where, problems, optional=False)
    results = _identity(schema.APPEAL_RESULTS, schema.APPEAL_RESULT_ALIASES)
    result = _vocabulary(frame, "result", msg("noun.result"), results, schema.APPEAL_RESULTS, where, problems)
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
            lambda i, c=col: msg("validation.not-yes-no", col=c, value=frame.at[i, c]),
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
