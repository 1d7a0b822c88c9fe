"""Text as published reports print it: whitespace, titles, dates and section headings."""

from __future__ import annotations

import re

# Spaces pages put between Chinese characters (justification, &nbsp; indents, U+3000).
_SPACES = re.compile(r"[\s\u00a0\u3000\u2002\u2003\u200b\ufeff]+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}、\S")
_DATE = r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
_LABELLED_DATE = re.compile(r"(?:发布|公开|发文|成文|印发)?(?:时间|日期)\s*[：:]\s*" + _DATE)
_ANY_DATE = re.compile(_DATE)
_TITLE = re.compile(r"政府信息公开.{0,8}(?:年度)?报告|信息公开工作.{0,4}年度报告")
_SITE_SUFFIX = re.compile(r"\s*(?:[_|｜]|--|—|-\s).*$")


def clean(text: str) -> str:
    """`text` on one line: runs of whitespace made one space, none left between Chinese characters."""
    return _BETWEEN_CJK.sub("", _SPACES.sub(" ", text)).strip()


def section_heading(text: str) -> bool:
    """Whether `text` is a numbered section heading such as 一、总体情况 (short, not a sentence)."""
    return bool(SECTION.match(text)) and len(text) <= 40 and not text.endswith("。")


def report_title(candidates: list[str]) -> str:
    """The report's title: the first short line naming a 政府信息公开…年度报告."""
    for text in candidates:
        if _TITLE.search(text) and len(text) <= 120:
            title = _SITE_SUFFIX.sub("", text) if len(text) > 40 else text
            return title if _TITLE.search(title) else text
    return ""


def publication_date(text: str, labelled: bool = True) -> str | None:
    """The ISO date after 发布时间：/发布日期：… (or the first date, when `labelled` is False)."""
    match = (_LABELLED_DATE if labelled else _ANY_DATE).search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
