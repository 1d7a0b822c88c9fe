"""The repetition measure: sentences, masked forms, what counts as the agency's own, the share (worked by hand)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from govreport.compute import repetition
from govreport.compute.repetition import Prose, masked, masked_sentences, measure, sentences


@pytest.mark.parametrize(
    ("sentence", "form"),
    [
        ("收到申请12件。", "收到申请#件"),
        ("收到申请１５件。", "收到申请#件"),  # full-width digits
        ("收到申请三件。", "收到申请#件"),  # a Chinese numeral
        ("收费1,234.5万元。", "收费#元"),  # one number, separators and 万 included
        ("收到申请{{ 依申请.本年新收.总计 }}件。", "收到申请#件"),  # a placeholder stands for a number
        ("2022年1月1日", "#年#月#日"),
        ("一是 **加强** 培训；", "#是加强培训"),  # spaces, Markdown marks and punctuation dropped
        ("第1.条", "第#条"),  # a full stop after a number is punctuation, not a decimal point
        ("{% raw %}本局修订了制度。", "本局修订了制度"),  # an imported report's raw tag is no text
    ],
)
def test_masked_form(sentence: str, form: str):
    assert masked(sentence) == form


def test_numbers_are_masked_so_a_sentence_with_new_figures_is_the_same_sentence():
    assert masked("2021年，本局收到申请12件。") == masked("2022年，本局收到申请15件。")
    assert masked("本局收到申请12件。") != masked("本局收到来信12件。")


def test_sentences_split_after_each_stop_and_at_line_ends_but_never_inside_a_placeholder():
    text = "一是培训；二是考核。\n\n好！{{ '。' }}件\n## 一、总体情况"
    assert sentences(text) == [
        (1, "一是培训；"),
        (1, "二是考核。"),
        (3, "好！"),
        (3, "{{ '。' }}件"),
        (4, "## 一、总体情况"),
    ]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("## 一、总体情况", "prescribed"),  # a section heading of the narrative
        ("三、收到和处理政府信息公开申请情况", "prescribed"),  # a heading typed as a line (an imported report)
        ("（二）主动公开政府信息的情况", "prescribed"),  # the legacy heading, other numbering
        ("附表：政府信息公开情况统计表", "prescribed"),  # a table caption
        ("本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号要求编制。", "prescribed"),
        ("根据《中华人民共和国政府信息公开条例》，现公布2017年度本局政府信息公开工作年度报告。", "prescribed"),
        ("本报告中所列数据的统计期限自2021年1月1日起至2021年12月31日止。", "prescribed"),
        ("收到申请{{ 依申请.本年新收.总计 }}件。", "generated"),
        ("{{ agency }}修订了工作制度。", "generated"),
        ("本局修订了政务公开工作制度。", "own"),
        ("本局依照《中华人民共和国政府信息公开条例》答复申请。", "own"),  # the Regulations named, not the opening
    ],
)
def test_kind(sentence: str, kind: str):
    assert repetition.kind(sentence) == kind


LAST = """本报告根据《中华人民共和国政府信息公开条例》编制。

## 一、总体情况

2021年，本局收到政府信息公开申请12件，全部在法定期限内答复。本局修订了政务公开工作制度，明确专人负责信息发布。

## 五、存在的主要问题及改进情况

政策解读形式较为单调，对社会关切的回应不够及时。今后，本局将加强业务培训，提高答复质量。
"""
THIS = """本报告根据《中华人民共和国政府信息公开条例》编制。统计期限自2022年1月1日起至2022年12月31日止。

## 一、总体情况

2022年，本局收到政府信息公开申请15件，全部在法定期限内答复。本局修订了政务公开工作制度，明确专人负责信息发布。\
本年新收申请{{ 依申请.本年新收.总计 }}件。

## 五、存在的主要问题及改进情况

政策解读形式较为单调，对社会关切的回应不够及时。网站栏目更新较慢，部分信息发布滞后。\
今后，本局将优化网站栏目设置，做到信息及时更新。
"""


def last(text: str = LAST) -> Prose:
    return Prose("data/x/2021/narrative.md", "0" * 64, masked_sentences(text))


def test_a_narrative_that_repeats_two_thirds_of_last_years():
    found = measure(THIS, "data/x/2022/narrative.md", last(), 2021)
    # By hand, the masked forms of 2022's own sentences and their characters:
    #   #年本局收到政府信息公开申请#件全部在法定期限内答复   26  repeated (12件 → 15件, 2021年 → 2022年: numbers aside)
    #   本局修订了政务公开工作制度明确专人负责信息发布       23  repeated
    #   政策解读形式较为单调对社会关切的回应不够及时         22  repeated
    #   网站栏目更新较慢部分信息发布滞后                     16  new
    #   今后本局将优化网站栏目设置做到信息及时更新           21  new
    # The opening, the period and the two headings are prescribed; 本年新收申请{{ … }}件 is generated.
    assert [(s.kind, s.characters) for s in found.sentences if s.kind in ("repeated", "new")] == [
        ("repeated", 26),
        ("repeated", 23),
        ("repeated", 22),
        ("new", 16),
        ("new", 21),
    ]
    assert [s.kind for s in found.sentences if s.kind not in ("repeated", "new")] == [
        "prescribed",
        "prescribed",
        "prescribed",
        "generated",
        "prescribed",
    ]
    assert (found.repeated_characters, found.characters) == (71, 108)
    assert (found.repeated_sentences, found.own_sentences) == (3, 5)
    assert found.share == Fraction(71, 108) and found.too_much  # 66% > 50%


def test_rewriting_one_repeated_sentence_brings_it_under_half():
    rewritten = THIS.replace("政策解读形式较为单调，对社会关切的回应不够及时。", "政策解读多用文字，图表解读较少。")
    found = measure(rewritten, "data/x/2022/narrative.md", last(), 2021)
    # 26 + 23 repeated; 政策解读多用文字图表解读较少 is 14, new: 49 of 26 + 23 + 14 + 16 + 21 = 100, 49%
    assert (found.repeated_characters, found.characters) == (49, 100)
    assert found.judged and not found.too_much


def test_too_little_prose_is_not_judged():
    short = next(line for line in THIS.splitlines() if line.startswith("2022年"))  # two own sentences, one generated
    found = measure(short, "data/x/2022/narrative.md", last(), 2021)
    assert (found.repeated_characters, found.characters) == (49, 49)  # all of it repeats, but 49 < 100
    assert not found.judged and not found.too_much


def test_exactly_half_is_not_above_half():
    a, b, c, d = ("甲" * 30 + "。", "乙" * 30 + "。", "丙" * 30 + "。", "丁" * 30 + "。")
    found = measure(a + b + c + d, "b", last(a + b), 2021)
    assert (found.repeated_characters, found.characters) == (60, 120)
    assert found.share == Fraction(1, 2) and not found.too_much


def test_a_published_report_typed_with_literal_numbers_counts_every_sentence_but_the_prescribed():
    typed = THIS.replace("本年新收申请{{ 依申请.本年新收.总计 }}件。", "本年新收申请15件。")
    found = measure(typed, "b", last(), 2021)
    assert "generated" not in {s.kind for s in found.sentences}
    assert (found.repeated_characters, found.characters) == (71, 116)  # 本年新收申请#件: 8 more, new


def test_last_years_placeholders_count_as_numbers():
    prose = last("收到政府信息公开申请{{ 依申请.本年新收.总计 }}件，全部在法定期限内答复。")
    typed = "收到政府信息公开申请15件，全部在法定期限内答复。" * 5
    found = measure(typed, "b", prose, 2021)
    assert found.repeated_sentences == 5 and found.share == 1


def test_a_sentence_govreport_generates_for_these_figures_is_not_the_agencys_own():
    # A report govreport published, read back: its generated sentence is literal text now, and still not counted.
    ours = "2021年，本机关收到政府信息公开申请15件，办理完毕12件。"
    typed = THIS.replace("本年新收申请{{ 依申请.本年新收.总计 }}件。", ours)
    counted = measure(typed, "b", last(), 2021)
    left_out = measure(typed, "b", last(), 2021, frozenset({masked(ours)}))
    assert [s.kind for s in left_out.sentences if s.text == ours] == ["generated"]
    assert counted.characters - left_out.characters == len(masked(ours))
