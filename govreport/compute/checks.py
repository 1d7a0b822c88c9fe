"""The consistency rules (docs/rules.md; docs/contract.md §5), each a small function returning findings.

Sum rules read what the inputs *state* (declared figures over built ones): a built table adds up
by construction, so what they find is always a declared figure that is wrong. A total the inputs do
not state (we built it) is not checked against its parts: its parts' own rule already says what is
wrong, and one wrong cell is one finding. Cross-year rules
compare the built tables of a year and the year before, like with like.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from govreport.compute import headline
from govreport.compute.findings import SEVERITIES, Finding
from govreport.compute.repetition import LIMIT, MIN_CHARACTERS, Repetition
from govreport.compute.tables import LEGACY_SUMS, NON_RESULT_ROWS, Tables
from govreport.inputs.figure import Figure
from govreport.inputs.figure import figure_text as _n  # short: it stands in many messages
from govreport.messages import LANGUAGES, Message, catalogue, msg


@dataclass(frozen=True)
class Context:
    """What the rules need beyond the tables."""

    agency_kind: str = "department"
    published: str | None = None
    # The agency's own prose with its placeholders filled: (file, line, text) of every line (text-vs-table).
    prose: tuple[tuple[str, int, str], ...] = ()
    # How much of this year's own prose repeats last year's, measured once per report (repetition).
    repetition: Repetition | None = None


def _stated(tables: Tables, table: str, row: str, column: str) -> Figure:
    return tables.stated.get((table, row, column), 0)


def _applicant_columns(tables: Tables) -> list[str]:
    return [c.key for c in tables.format.tables["依申请"].columns]


def _result_rows(tables: Tables) -> list[str]:
    return [r.key for r in tables.format.tables["依申请"].rows if r.key not in NON_RESULT_ROWS]


def _rows_total(tables: Tables, col: str) -> Figure:
    """What the result rows of column `col` add up to, as stated."""
    return sum(_stated(tables, "依申请", r, col) for r in _result_rows(tables))


def _shortfall_text(tables: Tables, col: str) -> Message:
    """Why 结转下年度 of `col` prints what it prints when the remainder was negative."""
    cell = ("依申请", "结转下年度", col)
    printed = tables.value(*cell)
    why = msg("shortfall.declared" if tables.declared(*cell) else "shortfall.not-declared")
    return msg("rule.shortfall", remainder=_n(tables.shortfall[cell]), printed=_n(printed), why=why)


def _columns_total(tables: Tables, row: str) -> Figure:
    """What the applicant columns of 依申请 row `row` add up to, as stated."""
    return sum(_stated(tables, "依申请", row, c) for c in _applicant_columns(tables) if c != "总计")


def _consistent_total(tables: Tables, row: str) -> Figure:
    """A row's 总计 as its columns add up where column-sum already reports the stated one (one finding per cell)."""
    parts = _columns_total(tables, row)
    stated = _stated(tables, "依申请", row, "总计")
    return parts if stated != parts and tables.states("依申请", row, "总计") else stated


def identity(tables: Tables, ctx: Context) -> list[Finding]:
    if not tables.has("依申请"):
        return []
    found = []
    for col in _applicant_columns(tables):
        s = lambda r, c=col: _stated(tables, "依申请", r, c)  # noqa: E731
        if col == "总计":
            if found or tables.shortfall:
                continue  # the 总计 column adds up the others: an error there is already reported
            s = lambda r: _consistent_total(tables, r)  # noqa: E731
        left, right = s("本年新收") + s("上年结转"), s("总计") + s("结转下年度")
        if ("依申请", "结转下年度", col) in tables.shortfall:
            if _rows_total(tables, col) != s("总计"):
                continue  # result-sum's finding on （七）总计 says it: one finding for one problem
            rows = _rows_total(tables, col)
            but = msg("identity.rows", rows=_n(rows), shortfall=_shortfall_text(tables, col))
        elif left != right:
            but = msg("identity.totals", total=_n(s("总计")), carried_over=_n(s("结转下年度")), right=_n(right))
        else:
            continue
        received, carried_in = _n(s("本年新收")), _n(s("上年结转"))
        message = msg("rule.identity", col=col, received=received, carried_in=carried_in, left=_n(left), but=but)
        found.append(Finding("error", "identity", "依申请", "结转下年度", col, message))
    return found


def result_sum(tables: Tables, ctx: Context) -> list[Finding]:
    if not tables.has("依申请"):
        return []
    found = []
    for col in _applicant_columns(tables):
        total = _rows_total(tables, col)
        stated = _stated(tables, "依申请", "总计", col)
        if total != stated and tables.states("依申请", "总计", col):
            message = msg("rule.result-sum", col=col, stated=_n(stated), total=_n(total))
            if ("依申请", "结转下年度", col) in tables.shortfall:
                message = msg("finding.and", first=message, second=_shortfall_text(tables, col))
            found.append(Finding("error", "result-sum", "依申请", "总计", col, message))
    return found


def column_sum(tables: Tables, ctx: Context) -> list[Finding]:
    # Only 依申请: in 复议诉讼 the other columns of a row are 维持 + 纠正 + 其他 + 尚未审结, which is
    # appeal-sum's own rule; checking it twice made one wrong cell two errors.
    if not tables.has("依申请"):
        return []
    found = []
    for row in tables.rows("依申请"):
        stated = _stated(tables, "依申请", row.key, "总计")
        total = _columns_total(tables, row.key)
        if total != stated and tables.states("依申请", row.key, "总计"):
            message = msg("rule.column-sum", row=row.key, stated=_n(stated), total=_n(total))
            found.append(Finding("error", "column-sum", "依申请", row.key, "总计", message))
    return found


def appeal_sum(tables: Tables, ctx: Context) -> list[Finding]:
    if not tables.has("复议诉讼"):
        return []
    found = []
    parts = ("结果维持", "结果纠正", "其他结果", "尚未审结")
    for row in tables.format.tables["复议诉讼"].rows:
        total = sum(_stated(tables, "复议诉讼", row.key, c) for c in parts)
        stated = _stated(tables, "复议诉讼", row.key, "总计")
        if total != stated and tables.states("复议诉讼", row.key, "总计"):
            found.append(
                Finding(
                    "error",
                    "appeal-sum",
                    "复议诉讼",
                    row.key,
                    "总计",
                    msg("rule.appeal-sum", row=row.key, stated=_n(stated), total=_n(total)),
                )
            )
    return found


def _legacy_columns(tables: Tables, total: str) -> list[str]:
    """本年, and 历年累计 when a figure of the sum is declared there (else it repeats 本年's finding)."""
    rows = (total, *LEGACY_SUMS[total])
    return ["本年"] + (["历年累计"] if any(tables.declared("附表", r, "历年累计") for r in rows) else [])


def channel_sum(tables: Tables, ctx: Context) -> list[Finding]:
    if tables.format.name != "legacy":
        return []
    found = []
    for col in _legacy_columns(tables, "受理申请总数"):
        total = _stated(tables, "附表", "受理申请总数", col)
        parts = sum(_stated(tables, "附表", r, col) for r in LEGACY_SUMS["受理申请总数"])
        exact = col == "本年" and tables.other_channel == 0
        if parts > total or (exact and parts != total):
            relation = "=" if exact else "≥"
            found.append(
                Finding(
                    "error",
                    "channel-sum",
                    "附表",
                    "受理申请总数",
                    col,
                    msg("rule.channel-sum", col=col, total=_n(total), relation=relation, parts=_n(parts)),
                )
            )
    return found


def reply_sum(tables: Tables, ctx: Context) -> list[Finding]:
    if tables.format.name != "legacy":
        return []
    found = []
    for col in _legacy_columns(tables, "答复总数"):
        total = _stated(tables, "附表", "答复总数", col)
        parts = sum(_stated(tables, "附表", r, col) for r in LEGACY_SUMS["答复总数"])
        if parts != total:
            found.append(
                Finding(
                    "error",
                    "reply-sum",
                    "附表",
                    "答复总数",
                    col,
                    msg("rule.reply-sum", col=col, total=_n(total), parts=_n(parts)),
                )
            )
    return found


# Which of last year's figures a cross-year rule compared with (Tables.published).
_COMPARED_WITH = {"records": "carry-over.records", "declared": "carry-over.declared", "computed": "carry-over.computed"}


def carry_over(tables: Tables, ctx: Context) -> list[Finding]:
    prev = tables.previous
    if prev is None or not tables.has("依申请") or not prev.has("依申请"):
        return []
    found = []
    for col in _applicant_columns(tables):
        if not tables.given("依申请", "上年结转", col) or not prev.given("依申请", "结转下年度", col):
            continue  # nothing to compare: one of the two is not given
        if col == "总计" and found:
            continue  # the 总计 column adds up the others: the wrong column is already named
        now = tables.value("依申请", "上年结转", col)
        before, source = prev.published("依申请", "结转下年度", col)
        if now != before:
            found.append(
                Finding(
                    "error",
                    "carry-over",
                    "依申请",
                    "上年结转",
                    col,
                    msg(
                        "rule.carry-over",
                        col=col,
                        now=_n(now),
                        year=tables.year,
                        last_year=tables.year - 1,
                        before=_n(before),
                        compared=msg(_COMPARED_WITH[source], year=tables.year - 1),
                    ),
                )
            )
    return found


def cumulative_chain(tables: Tables, ctx: Context) -> list[Finding]:
    if tables.format.name != "legacy":
        return []
    found = []
    prev = tables.previous if tables.previous and tables.previous.format.name == "legacy" else None
    for row in tables.format.tables["附表"].rows:
        try:
            total, this_year = tables.value("附表", row.key, "历年累计"), tables.value("附表", row.key, "本年")
        except KeyError:
            continue
        if total < this_year:
            found.append(
                Finding(
                    "error",
                    "cumulative-chain",
                    "附表",
                    row.key,
                    "历年累计",
                    msg("cumulative-chain.below", row=row.key, total=_n(total), this_year=_n(this_year)),
                )
            )
        elif prev is not None:
            if ("附表", row.key, "历年累计") not in prev.stated:
                continue
            before, _ = prev.published("附表", row.key, "历年累计")
            if before + this_year != total:
                found.append(
                    Finding(
                        "error",
                        "cumulative-chain",
                        "附表",
                        row.key,
                        "历年累计",
                        msg(
                            "rule.cumulative-chain",
                            row=row.key,
                            total=_n(total),
                            last_year=tables.year - 1,
                            before=_n(before),
                            year=tables.year,
                            this_year=_n(this_year),
                            expected=_n(before + this_year),
                        ),
                    )
                )
    return found


def stock_chain(tables: Tables, ctx: Context) -> list[Finding]:
    prev = tables.previous
    if prev is None or prev.format.name != tables.format.name or tables.format.name == "legacy":
        return []
    found = []
    v = tables.value
    p = lambda *cell: prev.published(*cell)[0]  # noqa: E731  (last year as published: like with like)
    if tables.format.name == "national-2021":
        for row in ("规章", "行政规范性文件"):
            if not (prev.given("主动公开", row, "现行有效件数") and tables.given("主动公开", row, "现行有效件数")):
                continue
            expected = (
                p("主动公开", row, "现行有效件数")
                + v("主动公开", row, "本年制发件数")
                - v("主动公开", row, "本年废止件数")
            )
            actual = v("主动公开", row, "现行有效件数")
            if expected != actual:
                found.append(
                    Finding(
                        "warning",
                        "stock-chain",
                        "主动公开",
                        row,
                        "现行有效件数",
                        msg(
                            "stock-chain.in-force",
                            row=row,
                            actual=_n(actual),
                            last_year=tables.year - 1,
                            before=_n(p("主动公开", row, "现行有效件数")),
                            expected=_n(expected),
                        ),
                    )
                )
        return found
    for row in ("规章", "规范性文件"):
        if not (prev.given("主动公开", row, "对外公开总数量") and tables.given("主动公开", row, "对外公开总数量")):
            continue
        expected = p("主动公开", row, "对外公开总数量") + v("主动公开", row, "本年新公开数量")
        actual = v("主动公开", row, "对外公开总数量")
        if actual > expected:
            found.append(
                Finding(
                    "warning",
                    "stock-chain",
                    "主动公开",
                    row,
                    "对外公开总数量",
                    msg(
                        "stock-chain.published",
                        row=row,
                        actual=_n(actual),
                        last_year=tables.year - 1,
                        expected=_n(expected),
                    ),
                )
            )
    table = tables.format.tables["主动公开"]
    for row in table.rows:
        if "上一年项目数量" not in table.columns_of(row):
            continue
        if not (
            prev.given("主动公开", row.key, "上一年项目数量") and tables.given("主动公开", row.key, "上一年项目数量")
        ):
            continue
        expected = p("主动公开", row.key, "上一年项目数量") + p("主动公开", row.key, "本年增/减")
        actual = v("主动公开", row.key, "上一年项目数量")
        if expected != actual:
            found.append(
                Finding(
                    "warning",
                    "stock-chain",
                    "主动公开",
                    row.key,
                    "上一年项目数量",
                    msg(
                        "stock-chain.items",
                        row=row.key,
                        actual=_n(actual),
                        last_year=tables.year - 1,
                        expected=_n(expected),
                    ),
                )
            )
    return found


def due(year: int, fmt: str, kind: str) -> dt.date:
    """The last day a report of `year` in format `fmt`, by an agency of `kind`, is published on time.

    31 March of the next year (2007 Regulations, art. 31); from the national formats, 31 January for
    departments and 31 March for governments (2019 Regulations, art. 49).
    """
    month, day = (1, 31) if fmt != "legacy" and kind == "department" else (3, 31)
    return dt.date(year + 1, month, day)


def deadline(tables: Tables, ctx: Context) -> list[Finding]:
    if not ctx.published:
        return []
    published = dt.date.fromisoformat(ctx.published)
    last = due(tables.year, tables.format.name, ctx.agency_kind)
    if published > last:
        return [
            Finding(
                "warning",
                "deadline",
                "",
                "",
                "",
                msg(
                    "rule.deadline",
                    published=published.isoformat(),
                    due=last.isoformat(),
                    who=msg("deadline.departments" if (last.month, last.day) == (1, 31) else "deadline.format"),
                ),
            )
        ]
    return []


# year-change: a headline figure more than FACTOR times last year's, or less than 1/FACTOR of it, when both
# years are at least MIN_BASE. Below that a count moves by chance (2 → 11 is no finding); from 20 up a fivefold
# change is a hundred requests appearing or vanishing, which a reviewer should see explained.
YEAR_CHANGE_FACTOR = 5
YEAR_CHANGE_MIN_BASE = 20


def year_change(tables: Tables, ctx: Context) -> list[Finding]:
    found = []
    for change in headline.year_on_year(tables):
        low, high = sorted((change.last, change.this))
        if low < YEAR_CHANGE_MIN_BASE or high <= low * YEAR_CHANGE_FACTOR:
            continue
        found.append(
            Finding(
                "warning",
                "year-change",
                *change.cell,
                msg(
                    "rule.year-change",
                    label=change.label,
                    last_year=tables.year - 1,
                    last=_n(change.last),
                    year=tables.year,
                    this=_n(change.this),
                    factor=_n(change.factor),
                    limit=YEAR_CHANGE_FACTOR,
                ),
            )
        )
    return found


# text-vs-table: a number the prose states for a headline figure, found as the figure's words and then, within
# the same clause (no 。；， and no other digits between), a number of 件/条/份. Words that name something else
# in between (来信, 复议 for 收到, …) make it no statement about the figure: a false alarm costs a reviewer more
# than a missed one, which the tables' own rules and review.html's figures still show.
CLAUSE = r"[^。；，,;\d\n]"
STATEMENTS: tuple[tuple[str, str, str, str], ...] = (
    # (headline name or cell key, what it is called in messages, pattern with one number group, words ruling it out)
    (
        "received",
        "收到申请",
        rf"(?:收到|新收){CLAUSE}{{0,24}}?申请{CLAUSE}{{0,8}}?(\d[\d,]*)\s*[件条]",
        "复议|诉讼|来信|投诉",
    ),
    ("carried_in", "上年结转", rf"上年结转{CLAUSE}{{0,12}}?(\d[\d,]*)\s*件", ""),
    ("handled", "办理完毕", rf"(?:办理完毕|办结){CLAUSE}{{0,12}}?(\d[\d,]*)\s*件", "复议|诉讼"),
    ("carried_over", "结转下年度", rf"结转下年度{CLAUSE}{{0,12}}?(\d[\d,]*)\s*件", ""),
    ("review", "行政复议", rf"行政复议{CLAUSE}{{0,12}}?(\d[\d,]*)\s*件", ""),
    ("lawsuit", "行政诉讼", rf"行政诉讼{CLAUSE}{{0,12}}?(\d[\d,]*)\s*件", ""),
    ("proactive", "主动公开", rf"主动公开{CLAUSE}{{0,12}}?(\d[\d,]*)\s*[件条份]", "规章|规范性文件|解读"),
)
SENTENCE = re.compile(r"[^。；！？\n]*[。；！？]?")


def _table_figure(tables: Tables, name: str) -> tuple[Figure, tuple[str, str, str]] | None:
    """The tables' figure a prose statement is checked against, and its cell (None where the format has none)."""
    fmt = tables.format.name
    if name == "review":
        cell = ("附表", "行政复议数", "本年") if fmt == "legacy" else ("复议诉讼", "行政复议", "总计")
        return tables.value(*cell), cell
    if name == "lawsuit":
        if fmt == "legacy":
            return tables.value("附表", "行政诉讼数", "本年"), ("附表", "行政诉讼数", "本年")
        value = sum(tables.value("复议诉讼", row, "总计") for row in ("未经复议直接起诉", "复议后起诉"))
        return value, ("复议诉讼", "未经复议直接起诉", "总计")
    if name == "proactive":
        if fmt != "legacy":
            return None  # the national tables have no one count of what was disclosed proactively
        return tables.value("附表", "主动公开文件数", "本年"), ("附表", "主动公开文件数", "本年")
    cell = headline.cell(fmt, name)
    if cell is None:
        return None
    return headline.figure(headline.cells(tables), fmt, name), cell


def text_vs_table(tables: Tables, ctx: Context) -> list[Finding]:
    found = []
    for where, line, text in ctx.prose:
        for sentence in filter(None, (m.group(0).strip() for m in SENTENCE.finditer(text))):
            for name, label, pattern, unless in STATEMENTS:
                for match in re.finditer(pattern, sentence):
                    if unless and re.search(unless, match.group(0)):
                        continue
                    against = _table_figure(tables, name)
                    clause = re.split(r"[，,、]", sentence[: match.start()])[-1] + match.group(0)
                    if against is not None and "累计" in clause:
                        # 累计: a running total, the 附表's 历年累计 column; the national tables keep none.
                        cell = against[1]
                        cumulative = (cell[0], cell[1], "历年累计")
                        against = (tables.value(*cumulative), cumulative) if cell[0] == "附表" else None
                    stated = int(match.group(1).replace(",", ""))
                    if against is None or against[0] == stated:
                        continue
                    figure, cell = against
                    found.append(
                        Finding(
                            "error",
                            "text-vs-table",
                            *cell,
                            msg(
                                "rule.text-vs-table",
                                where=where,
                                line=line,
                                sentence=sentence,
                                label=label,
                                stated=stated,
                                figure=_n(figure),
                            ),
                        )
                    )
    return found


# A repetition finding by how the measure came out: above the limit (a warning), not above, or too little to judge.
REPETITION_MESSAGES = ("rule.repetition", "rule.repetition-measured", "rule.repetition-unjudged")


def repetition(tables: Tables, ctx: Context) -> list[Finding]:
    """A warning above the limit; else the measure as info, so checks.csv holds every report's share."""
    found = ctx.repetition
    if found is None or not found.characters:
        return []  # no last year's narrative, or no prose of the agency's own: nothing to measure
    if found.too_much:
        severity, key = "warning", REPETITION_MESSAGES[0]
    else:
        severity, key = "info", REPETITION_MESSAGES[1 if found.judged else 2]
    return [
        Finding(
            severity,
            "repetition",
            "",
            "",
            "",
            msg(
                key,
                path=found.path,
                share=headline.share(found.repeated_characters, found.characters),
                last_year=found.last_year,
                last_path=found.last_path,
                repeated_sentences=found.repeated_sentences,
                own_sentences=found.own_sentences,
                repeated_characters=found.repeated_characters,
                characters=found.characters,
                limit=headline.share(LIMIT.numerator, LIMIT.denominator),
                minimum=MIN_CHARACTERS,
            ),
        )
    ]


@cache
def _measured_patterns() -> tuple[re.Pattern, ...]:
    """A pattern for each repetition message in each language, its two character counts caught."""
    found = []
    for lang in LANGUAGES:
        for key in REPETITION_MESSAGES:
            parts = []
            for text, field, _, _ in string.Formatter().parse(catalogue(lang)[key]):
                parts.append(re.escape(text))
                if field in ("repeated_characters", "characters"):
                    parts.append(rf"(?P<{field}>\d+)")
                elif field:
                    parts.append(".*?")
            found.append(re.compile("".join(parts) + "$", re.S))
    return tuple(found)


def measured(message: str) -> tuple[int, int] | None:
    """(repeated characters, own characters) a repetition finding states, as checks.csv has it in either language."""
    for pattern in _measured_patterns():
        if match := pattern.match(message):
            return int(match["repeated_characters"]), int(match["characters"])
    return None


RULES: dict[str, Callable[[Tables, Context], list[Finding]]] = {
    "identity": identity,
    "result-sum": result_sum,
    "column-sum": column_sum,
    "appeal-sum": appeal_sum,
    "channel-sum": channel_sum,
    "reply-sum": reply_sum,
    "carry-over": carry_over,
    "cumulative-chain": cumulative_chain,
    "stock-chain": stock_chain,
    "deadline": deadline,
    "year-change": year_change,
    "text-vs-table": text_vs_table,
    "repetition": repetition,
}


def run_checks(tables: Tables, ctx: Context) -> list[Finding]:
    """Every finding for a built report: those found while building, then each rule's; one per wrong cell."""
    found = list(tables.findings)
    for rule in RULES.values():
        found.extend(rule(tables, ctx))
    return one_per_cell(found)


def one_per_cell(findings: list[Finding]) -> list[Finding]:
    """Errors and warnings on the same cell folded into the first, which names the others' rules.

    A wrong figure is one problem, however many rules it breaks (依申请 总计/总计 is both a row's and a
    column's total): counts in the CLI, checks.csv, review.html and the catalogue count problems.
    """
    first: dict[tuple[str, str, str], int] = {}
    out: list[Finding] = []
    for finding in findings:
        cell = (finding.table, finding.row, finding.column)
        if finding.severity == "info" or not all(cell):
            out.append(finding)
            continue
        if cell not in first:
            first[cell] = len(out)
            out.append(finding)
            continue
        kept = out[first[cell]]
        severity = min(kept.severity, finding.severity, key=SEVERITIES.index)
        message = msg("finding.also", first=kept.message, rule=finding.rule, second=finding.message)
        out[first[cell]] = replace(kept, severity=severity, message=message)
    return out
