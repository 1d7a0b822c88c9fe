"""Sentences that carry numbers, generated from the same figures as the tables.

收到 is always 本年新收 and 办理 always （七）总计; every share is taken over what was handled
(办理完毕, the 总计 row), never over what was received.
"""

from __future__ import annotations

from govreport.compute.narrative import share
from govreport.compute.tables import Tables
from govreport.inputs.figure import figure_text as _n  # short: it stands in many messages

APPEAL_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")


def sentences(tables: Tables, section: int) -> list[str]:
    """The generated sentences of section `section` (1-based) of a national-format report."""
    if tables.format.name == "legacy":
        return []  # legacy reports keep the agency's own wording (narrative.md placeholders)
    build = {1: _overview, 2: _proactive, 3: _requests, 4: _appeals}.get(section)
    return build(tables) if build else []


def _request(tables: Tables, row: str) -> float:
    return tables.value("依申请", row, "总计")


def _group(tables: Tables, group: str) -> float:
    """The 总计 of every result row under `group` (e.g. （三）不予公开), or of the row of that label."""
    table = tables.format.tables["依申请"]
    return sum(
        tables.value("依申请", r.key, "总计") for r in table.rows if r.group == group or r.label.startswith(group)
    )


def _overview(tables: Tables) -> list[str]:
    received, handled = _request(tables, "本年新收"), _request(tables, "总计")
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
    received, carried = _request(tables, "本年新收"), _request(tables, "上年结转")
    handled, forward = _request(tables, "总计"), _request(tables, "结转下年度")
    text = [
        f"{tables.year}年，本机关收到政府信息公开申请{_n(received)}件，上年结转{_n(carried)}件；"
        f"本年度办理完毕{_n(handled)}件，结转下年度继续办理{_n(forward)}件。"
    ]
    if handled:
        disclosed, partly = _request(tables, "予以公开"), _request(tables, "部分公开")
        parts = [
            f"予以公开{_n(disclosed)}件、部分公开{_n(partly)}件，合计占{share(disclosed + partly, handled)}",
        ]
        for group in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"):
            count = _group(tables, group)
            if count:
                parts.append(f"{group[3:]}{_n(count)}件，占{share(count, handled)}")
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
