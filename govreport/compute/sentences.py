"""Sentences that carry numbers, generated from the same figures as the tables.

收到 is always 本年新收 and 办理 always （七）总计 (compute/headline.py says so for every output); every
share is taken over what was handled (办理完毕, the 总计 row), never over what was received.
"""

from __future__ import annotations

from govreport.compute import headline
from govreport.compute.headline import Cell
from govreport.compute.tables import Tables
from govreport.inputs.figure import Figure
from govreport.inputs.figure import figure_text as _n  # short: it stands in many messages

APPEAL_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")


def sentences(tables: Tables, section: int) -> list[str]:
    """The generated sentences of section `section` (1-based) of a national-format report."""
    if tables.format.name == "legacy":
        return []  # legacy reports keep the agency's own wording (narrative.md placeholders)
    build = {1: _overview, 2: _proactive, 3: _requests, 4: _appeals}.get(section)
    return build(tables) if build else []


def _headline(cells: dict[Cell, Figure], fmt: str) -> dict[str, Figure]:
    # Built tables print every cell of their format, so no headline figure of a national report is missing.
    found = headline.headline(cells, fmt)
    return {name: 0 if value is None else value for name, value in found.items()}


def _overview(tables: Tables) -> list[str]:
    figures = _headline(headline.cells(tables), tables.format.name)
    received, handled = figures["received"], figures["handled"]
    reviews = tables.value("复议诉讼", "行政复议", "总计")
    suits = sum(tables.value("复议诉讼", r, "总计") for r in APPEAL_ROWS[1:])
    return [
        f"{tables.year}年，本机关收到政府信息公开申请{_n(received)}件，办理完毕{_n(handled)}件；"
        f"因政府信息公开被申请行政复议{_n(reviews)}件，被提起行政诉讼{_n(suits)}件。"
    ]


def _proactive(tables: Tables) -> list[str]:
    v = lambda row, col: _n(tables.value("主动公开", row, col))  # noqa: E731
    if tables.format.name == "national-2021":
        return [
            f"{tables.year}年，本机关制发规章{v('规章', '本年制发件数')}件、行政规范性文件"
            f"{v('行政规范性文件', '本年制发件数')}件，废止规章{v('规章', '本年废止件数')}件、行政规范性文件"
            f"{v('行政规范性文件', '本年废止件数')}件；截至{tables.year}年12月31日，现行有效规章"
            f"{v('规章', '现行有效件数')}件、行政规范性文件{v('行政规范性文件', '现行有效件数')}件。"
        ]
    return [
        f"{tables.year}年，本机关新制作规章{v('规章', '本年新制作数量')}件、规范性文件"
        f"{v('规范性文件', '本年新制作数量')}件，新公开规章{v('规章', '本年新公开数量')}件、规范性文件"
        f"{v('规范性文件', '本年新公开数量')}件；对外公开规章共{v('规章', '对外公开总数量')}件、规范性文件共"
        f"{v('规范性文件', '对外公开总数量')}件。"
    ]


def _requests(tables: Tables) -> list[str]:
    cells = headline.cells(tables)
    figures = _headline(cells, tables.format.name)
    received, carried, handled = figures["received"], figures["carried_in"], figures["handled"]
    text = [
        f"{tables.year}年，本机关收到政府信息公开申请{_n(received)}件，上年结转{_n(carried)}件；"
        f"本年度办理完毕{_n(handled)}件，结转下年度继续办理{_n(figures['carried_over'])}件。"
    ]
    if handled:
        disclosed, partly = figures["disclosed_full"], figures["disclosed_part"]
        parts = [
            f"予以公开{_n(disclosed)}件、部分公开{_n(partly)}件，合计占{headline.share(disclosed + partly, handled)}",
        ]
        for group in headline.RESULT_GROUPS:
            count = headline.result(cells, group) or 0
            if count:
                parts.append(f"{group}{_n(count)}件，占{headline.share(count, handled)}")
        text.append("在办理完毕的申请中，" + "；".join(parts) + "。")
    return text


def _appeals(tables: Tables) -> list[str]:
    v = lambda row, col="总计": tables.value("复议诉讼", row, col)  # noqa: E731
    review = v("行政复议")
    suits = v("未经复议直接起诉") + v("复议后起诉")
    if review == 0 and suits == 0:
        return [f"{tables.year}年，本机关未发生因政府信息公开引起的行政复议、行政诉讼。"]
    upheld = sum(v(r, "结果维持") for r in APPEAL_ROWS)
    corrected = sum(v(r, "结果纠正") for r in APPEAL_ROWS)
    pending = sum(v(r, "尚未审结") for r in APPEAL_ROWS)
    return [
        f"{tables.year}年，本机关因政府信息公开被申请行政复议{_n(review)}件、被提起行政诉讼{_n(suits)}件；"
        f"其中结果维持{_n(upheld)}件，结果纠正{_n(corrected)}件，尚未审结{_n(pending)}件。"
    ]
