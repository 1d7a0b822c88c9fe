"""CSV written for download: no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from govreport.present.download import csv_text, safe_cell


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("=1+1", id="equals"),
        pytest.param("+1+1", id="plus"),
        pytest.param("-1+1", id="minus-formula"),
        pytest.param("@SUM(A1:A2)", id="at"),
        pytest.param('=HYPERLINK("http://x","y")', id="hyperlink"),
        pytest.param("  =cmd|' /C calc'!A0", id="dde-after-blanks"),
        pytest.param("\t=1", id="tab"),
        pytest.param("\r=1", id="carriage-return"),
        pytest.param("＝1+1", id="fullwidth-equals"),
    ],
)
def test_formula_cells_are_prefixed_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("依申请", id="chinese"),
        pytest.param("a=b", id="equals-inside"),
        pytest.param("-3", id="negative-number"),
        pytest.param("1.5", id="decimal"),
        pytest.param("", id="empty"),
        pytest.param(7, id="int"),
    ],
)
def test_plain_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_csv_text_neutralises_cells_and_headers_and_keeps_numbers():
    frame = pd.DataFrame({"table": ["依申请", "=2*3"], "=bad": ["x", "@y"], "value": [3, -2]})
    rows = list(csv.reader(io.StringIO(csv_text(frame))))
    assert rows == [["table", "'=bad", "value"], ["依申请", "x", "3"], ["'=2*3", "'@y", "-2"]]


def test_csv_text_uses_newline_line_ends_and_no_index():
    assert csv_text(pd.DataFrame({"a": ["1"], "b": ["2"]})) == "a,b\n1,2\n"


def test_csv_text_does_not_change_the_frame_it_was_given():
    frame = pd.DataFrame({"a": ["=1"]})
    csv_text(frame)
    assert frame["a"][0] == "=1"
