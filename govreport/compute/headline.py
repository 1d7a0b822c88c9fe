"""The headline figures of a report, by format, and how a share of them is written: their one home.

What "requests received", "handled", "disclosed" mean in each format is said here once; the generated
sentences, the charts, the `占比` placeholder and the catalogue (summary.csv, index.html) all read it from
here. Every function takes a plain mapping {(table, row, column): figure}, so it serves a built report
(`cells(tables)`) and a figures.csv read back from build/ alike.

legacy (before 2019): the appendix (附表), this year's column (本年, never 历年累计); it has no carry-over rows.
national-2019/2021: the 依申请 table's 总计 column (every applicant type); handled is the （七）总计 row,
what was disposed of this year, received this year or carried in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from govreport.inputs.figure import Figure
from govreport.messages import msg

if TYPE_CHECKING:  # a hint only: importing tables (pandas) would weigh on narrative's placeholders
    from govreport.compute.tables import Tables

Cell = tuple[str, str, str]
Cells = Mapping[Cell, Figure]

LEGACY: dict[str, Cell] = {
    "received": ("附表", "受理申请总数", "本年"),
    "handled": ("附表", "答复总数", "本年"),
    "disclosed_full": ("附表", "同意公开", "本年"),
    "disclosed_part": ("附表", "同意部分公开", "本年"),
    "refused": ("附表", "不予公开", "本年"),
    "other": ("附表", "其他类型", "本年"),
}
NATIONAL: dict[str, Cell] = {
    "received": ("依申请", "本年新收", "总计"),
    "carried_in": ("依申请", "上年结转", "总计"),
    "handled": ("依申请", "总计", "总计"),
    "carried_over": ("依申请", "结转下年度", "总计"),
    "disclosed_full": ("依申请", "予以公开", "总计"),
    "disclosed_part": ("依申请", "部分公开", "总计"),
    "refused": ("依申请", "不予公开", "总计"),  # every 不予公开/… reason added
    "other": ("依申请", "其他处理", "总计"),
}
# The figures a report shows beside last year's (review.html, the year-change rule); 不予公开 is a
# share a supervisor ranks (a supervisor's summary), not one of them.
NAMES = ("received", "carried_in", "handled", "carried_over", "disclosed_full", "disclosed_part", "other")
LABELS = {
    "received": "收到申请",
    "carried_in": "上年结转",
    "handled": "办理完毕",
    "carried_over": "结转下年度",
    "disclosed_full": "予以公开",
    "disclosed_part": "部分公开",
    "refused": "不予公开",
    "other": "其他处理",
}
# The national 复议诉讼 table's rows: 行政复议, then the two kinds of 行政诉讼.
APPEALS = ("行政复议", "未经复议直接起诉", "复议后起诉")
# The national result groups below 予以公开/部分公开, each a row or split into rows `group/reason`.
RESULT_GROUPS = ("不予公开", "无法提供", "不予处理", "其他处理")


def cells(tables: Tables) -> dict[Cell, Figure]:
    """Every printed cell of built tables, as the mapping the functions here read."""
    frame = tables.figures
    return dict(zip(zip(frame["table"], frame["row"], frame["column"], strict=True), frame["value"], strict=True))


def cell(fmt: str, name: str) -> Cell | None:
    """The cell holding headline figure `name` in format `fmt` (None where the format has none)."""
    return (LEGACY if fmt == "legacy" else NATIONAL).get(name)


def total(figures: Cells, table: str, row: str, column: str) -> Figure | None:
    """A cell, or the sum of its rows `row/…` where the format splits it (national-2021's 其他处理/…).

    None when the figures give neither.
    """
    if (table, row, column) in figures:  # the cell itself (national-2021's optional single 其他处理 row)
        return figures[(table, row, column)]
    prefix = row + "/"
    parts = [v for (t, r, c), v in figures.items() if t == table and c == column and r.startswith(prefix)]
    return sum(parts) if parts else None


def totals(figures: Cells, wanted: tuple[Cell, ...]) -> dict[Cell, Figure | None]:
    """`total` of each cell of `wanted`, in one pass over the figures (a summary takes them of thousands)."""
    found: dict[Cell, Figure | None] = {cell: figures.get(cell) for cell in wanted}
    split = {cell for cell, value in found.items() if value is None}
    if split:
        for (t, r, c), value in figures.items():
            end = r.find("/")
            while end != -1:  # each row `r` is under every prefix of it that ends before a /
                if (cell := (t, r[:end], c)) in split:
                    found[cell] = (found[cell] or 0) + value
                end = r.find("/", end + 1)
    return found


def figure(figures: Cells, fmt: str, name: str) -> Figure | None:
    """Headline figure `name` (one of NAMES) of a report in format `fmt`; None where not given."""
    where = cell(fmt, name)
    return total(figures, *where) if where is not None else None


def received(figures: Cells, fmt: str) -> Figure | None:
    """Requests received this year (legacy 受理申请总数, national 本年新收); carried-in ones are not."""
    return figure(figures, fmt, "received")


def carried_in(figures: Cells, fmt: str) -> Figure | None:
    """Requests carried in from last year (national 上年结转; legacy has none)."""
    return figure(figures, fmt, "carried_in")


def handled(figures: Cells, fmt: str) -> Figure | None:
    """Requests handled this year (legacy 答复总数, national （七）总计): what every share is taken over."""
    return figure(figures, fmt, "handled")


def carried_over(figures: Cells, fmt: str) -> Figure | None:
    """Requests carried over to next year (national 结转下年度; legacy has none)."""
    return figure(figures, fmt, "carried_over")


def disclosed_full(figures: Cells, fmt: str) -> Figure | None:
    """Requests answered by disclosing in full (legacy 同意公开, national 予以公开)."""
    return figure(figures, fmt, "disclosed_full")


def disclosed_part(figures: Cells, fmt: str) -> Figure | None:
    """Requests answered by disclosing in part (legacy 同意部分公开, national 部分公开)."""
    return figure(figures, fmt, "disclosed_part")


def other(figures: Cells, fmt: str) -> Figure | None:
    """Requests otherwise handled (legacy 其他类型, national （六）其他处理 with every 其他处理/… row)."""
    return figure(figures, fmt, "other")


def refused(figures: Cells, fmt: str) -> Figure | None:
    """Requests refused (legacy 不予公开, national （三）不予公开 with every reason)."""
    return figure(figures, fmt, "refused")


def corrected(figures: Cells, fmt: str) -> tuple[Figure, Figure] | None:
    """National: 行政复议 and 行政诉讼 cases whose result was corrected (结果纠正); None for the legacy 附表,
    which counts cases but not their results, or where the figures do not give them."""
    if fmt == "legacy":
        return None
    found = [figures.get(("复议诉讼", row, "结果纠正")) for row in APPEALS]
    if any(value is None for value in found):
        return None
    return found[0], found[1] + found[2]


def result(figures: Cells, group: str) -> Figure | None:
    """National: requests handled with result `group` (one of RESULT_GROUPS), every reason added."""
    return total(figures, "依申请", group, "总计")


def headline(figures: Cells, fmt: str) -> dict[str, Figure | None]:
    """Every headline figure of a report, by name (None where the format or the figures give none)."""
    return {name: figure(figures, fmt, name) for name in NAMES}


# What means the same in the legacy 附表 and the national tables, so a year on each side may be compared.
ACROSS_FORMATS = ("received", "handled")


@dataclass(frozen=True)
class Change:
    """A headline figure beside last year's: what review.html shows and the year-change rule reads."""

    name: str
    label: str
    cell: Cell  # where this year's figure stands
    last: Figure
    this: Figure

    @property
    def factor(self) -> Decimal | None:
        """This year over last year, rounded to one decimal (None when last year's is 0)."""
        if not self.last:
            return None
        return (_decimal(self.this) / _decimal(self.last)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def year_on_year(tables: Tables) -> list[Change]:
    """Every headline figure both this year's and last year's tables give, this year's cell named."""
    previous = tables.previous
    if previous is None:
        return []
    now, before = cells(tables), cells(previous)
    fmt, last_fmt = tables.format.name, previous.format.name
    found = []
    for name in NAMES:
        where = cell(fmt, name)
        if where is None or cell(last_fmt, name) is None:
            continue  # the legacy 附表 has no carry-over rows
        if (fmt == "legacy") != (last_fmt == "legacy") and name not in ACROSS_FORMATS:
            continue  # 附表's 其他类型 or 同意公开 are not the national rows of the same name: unlike things
        if not (tables.given(*where) and previous.given(*cell(last_fmt, name))):
            continue
        this, last = figure(now, fmt, name), figure(before, last_fmt, name)
        if this is not None and last is not None:
            found.append(Change(name, LABELS[name], where, last, this))
    return found


def _decimal(value: Figure | float) -> Decimal:
    # A placeholder may pass anything: a non-number is a TypeError/ValueError, which fill() reports.
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(msg("share.not-a-number", value=repr(value)))
    number = Decimal(str(value))  # str: a float's shortest repr, not its binary expansion
    if not number.is_finite():
        raise ValueError(msg("share.not-finite", value=repr(value)))
    return number


def percent(part: Figure | float, whole: Figure | float, digits: int = 0) -> Decimal:
    """`part` as a percentage of `whole` with `digits` decimals, rounded half up; 0 when `whole` is 0."""
    quantum = Decimal(1).scaleb(-digits)
    numerator, denominator = _decimal(part), _decimal(whole)
    if not denominator:
        return Decimal(0).quantize(quantum)  # nothing handled: nothing to take a share of
    try:
        return (numerator * 100 / denominator).quantize(quantum, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than Decimal's 28 (a placeholder's 10 ** 40)
        raise ValueError(msg("share.too-large", part=str(part), whole=str(whole))) from None


def share(part: Figure | float, whole: Figure | float, digits: int = 0) -> str:
    """`part` of `whole` as reports print it, rounded half up: 53 of 125 -> "42%", or "42.4%" with digits=1."""
    return f"{percent(part, whole, digits):f}%"
