"""Sentences that carry numbers, generated from the same figures as the tables.

收到 is always 本年新收 and 办理 always （七）总计; shares are taken over what was handled.
"""

from __future__ import annotations

from govreport.narrative import number, share
from govreport.tables import Tables


def sentences(tables: Tables, section: int) -> list[str]:
    """The generated sentences of section `section` (1-based) of a national-format report."""
    if tables.format.name == "legacy":
        return []
    if section == 3:
        return _requests(tables)
    if section == 4:
        return _appeals(tables)
    return []


def _requests(tables: Tables) -> list[str]:
    v = lambda row: tables.value("依申请", row, "总计")  # noqa: E731
    received, carried, handled, forward = v("本年新收"), v("上年结转"), v("总计"), v("结转下年度")
    disclosed = v("予以公开") + v("部分公开")
    text = (
        f"{tables.year}年，本机关收到政府信息公开申请{number(received)}件，上年结转{number(carried)}件；"
        f"本年度办理完毕{number(handled)}件，结转下年度继续办理{number(forward)}件。"
    )
    if handled:
        text += (
            f"在办理完毕的申请中，予以公开{number(v('予以公开'))}件、部分公开{number(v('部分公开'))}件，"
            f"合计占{share(disclosed, handled)}。"
        )
    return [text]


def _appeals(tables: Tables) -> list[str]:
    v = lambda row, col="总计": tables.value("复议诉讼", row, col)  # noqa: E731
    review = v("行政复议")
    suits = v("未经复议直接起诉") + v("复议后起诉")
    if review == 0 and suits == 0:
        return [f"{tables.year}年，本机关未发生因政府信息公开引起的行政复议、行政诉讼。"]
    pending = v("行政复议", "尚未审结") + v("未经复议直接起诉", "尚未审结") + v("复议后起诉", "尚未审结")
    corrected = v("行政复议", "结果纠正") + v("未经复议直接起诉", "结果纠正") + v("复议后起诉", "结果纠正")
    text = (
        f"{tables.year}年，本机关因政府信息公开被申请行政复议{number(review)}件、被提起行政诉讼{number(suits)}件；"
        f"其中结果被纠正{number(corrected)}件，尚未审结{number(pending)}件。"
    )
    return [text]
