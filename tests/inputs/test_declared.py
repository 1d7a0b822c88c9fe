"""Declared figures (figures.csv) are kept exactly as given: amounts as Decimal, counts as int."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from govreport.inputs import declared
from govreport.inputs.vocabulary import load_format

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

N2021, LEGACY = load_format("national-2021"), load_format("legacy")
COLUMNS = ["table", "row", "column", "value"]


def figures(rows: list[list[str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS, dtype=str)
    frame.index = range(1, len(rows) + 1)
    frame["_line"] = frame.index + 1
    return frame


def test_an_amount_keeps_every_digit_it_was_given():
    rows = [["主动公开", "行政事业性收费", "本年收费金额（单位：万元）", "59237.2449"]]
    clean, problems = declared.validate_figures(figures(rows), "f.csv", 2021, N2021)
    assert problems == []
    assert clean["value"].tolist() == [Decimal("59237.2449")]


def test_a_count_is_a_whole_number_even_when_written_with_a_point():
    rows = [["主动公开", "行政许可", "本年处理决定数量", "1,024.0"]]
    clean, problems = declared.validate_figures(figures(rows), "f.csv", 2021, N2021)
    assert problems == [] and clean["value"].tolist() == [1024] and type(clean["value"][0]) is int


def test_a_legacy_amount_in_yuan_keeps_its_decimals():
    rows = [["附表", "收费减免金额", "本年", "4068.208"]]
    clean, problems = declared.validate_figures(figures(rows), "f.csv", 2017, LEGACY)
    assert problems == [] and clean["value"].tolist() == [Decimal("4068.208")]


def test_an_infinite_figure_is_not_a_number():
    rows = [["主动公开", "行政事业性收费", "本年收费金额（单位：万元）", "inf"]]
    _, problems = declared.validate_figures(figures(rows), "f.csv", 2021, N2021)
    assert [str(p) for p in problems] == [
        "f.csv:2: value 'inf' is not a number; expected digits only, e.g. 12 (leave it blank when not given)"
    ]
