"""The generated sentences: numbers from the same figures as the tables, shares over what was handled."""

from __future__ import annotations

import pandas as pd

from govreport.compute import sentences
from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import format_for_year, load_format


def tables_of(year: int, figures=()):
    frame = pd.DataFrame(list(figures), columns=["table", "row", "column", "value"])
    fmt = load_format(format_for_year(year))
    frames = {"figures": frame} if figures else {}
    return build_tables(Inputs(Agency("x", "某机关", "department"), year, fmt, frames, "", {}, None))


# 10 received + 4 carried = 8 handled + 6 carried forward; of the 8 handled: 3 + 1 disclosed, 4 无法提供.
REQUESTS = [
    ("依申请", "本年新收", "自然人", 7),
    ("依申请", "本年新收", "商业企业", 3),
    ("依申请", "上年结转", "自然人", 4),
    ("依申请", "予以公开", "自然人", 3),
    ("依申请", "部分公开", "商业企业", 1),
    ("依申请", "无法提供/不掌握", "自然人", 4),
]


def test_requests_sentence_keeps_received_and_handled_apart():
    first, second = sentences.sentences(tables_of(2021, REQUESTS), 3)
    assert first == "2021年，本机关收到政府信息公开申请10件，上年结转4件；本年度办理完毕8件，结转下年度继续办理6件。"
    # shares over the 8 handled (over the 10 received they would be 40% and 40%)
    assert second == "在办理完毕的申请中，予以公开3件、部分公开1件，合计占50%；无法提供4件，占50%。"


def test_national_2019_other_handling_is_its_own_row():
    figures = [
        ("依申请", "本年新收", "自然人", 8),
        ("依申请", "予以公开", "自然人", 5),
        ("依申请", "其他处理", "自然人", 2),
        ("依申请", "不予公开/国家秘密", "自然人", 1),
    ]
    _, second = sentences.sentences(tables_of(2019, figures), 3)
    # handled 5 + 2 + 1 = 8: 5/8 = 62.5 % -> 63 % (half up), 1/8 = 12.5 % -> 13 %, 2/8 = 25 %
    assert second == "在办理完毕的申请中，予以公开5件、部分公开0件，合计占63%；不予公开1件，占13%；其他处理2件，占25%。"


def test_overview_quotes_the_total_column_not_one_applicant():
    (sentence,) = sentences.sentences(tables_of(2019, REQUESTS), 1)
    assert sentence.startswith("2019年，本机关收到政府信息公开申请10件，办理完毕8件；")


def test_appeals_sentence_counts_pending_cases_and_never_says_all_upheld():
    figures = [
        ("复议诉讼", "行政复议", "结果维持", 2),
        ("复议诉讼", "行政复议", "尚未审结", 1),
        ("复议诉讼", "复议后起诉", "结果纠正", 1),
    ]
    (sentence,) = sentences.sentences(tables_of(2021, figures), 4)
    assert sentence == (
        "2021年，本机关因政府信息公开被申请行政复议3件、被提起行政诉讼1件；其中结果维持2件，结果纠正1件，尚未审结1件。"
    )
    assert "均" not in sentence


def test_no_appeals_sentence():
    assert sentences.sentences(tables_of(2021), 4) == ["2021年，本机关未发生因政府信息公开引起的行政复议、行政诉讼。"]


def test_proactive_sentence_in_each_national_format():
    figures = [
        ("主动公开", "规章", "本年制发件数", 2),
        ("主动公开", "行政规范性文件", "本年废止件数", 5),
        ("主动公开", "行政规范性文件", "现行有效件数", 40),
    ]
    (sentence,) = sentences.sentences(tables_of(2022, figures), 2)
    assert "制发规章2件" in sentence and "行政规范性文件5件；" in sentence and "行政规范性文件40件。" in sentence
    (old,) = sentences.sentences(tables_of(2020, [("主动公开", "规范性文件", "对外公开总数量", 31)]), 2)
    assert old.endswith("规范性文件共31件。")


def test_legacy_reports_keep_their_own_wording():
    assert all(sentences.sentences(tables_of(2017), n) == [] for n in range(1, 7))
