"""How a figure is read and written: counts as whole numbers, amounts with every digit they were given."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govreport.inputs.figure import figure_text, parse_figure


@pytest.mark.parametrize(
    "text, amount, expected",
    [
        pytest.param("12", False, 12, id="count"),
        pytest.param("12.0", False, 12, id="whole-count-with-point"),
        pytest.param("1,024", False, 1024, id="thousands"),
        pytest.param(" 7 ", False, 7, id="padded"),
        pytest.param("59237.2449", True, Decimal("59237.2449"), id="amount-4-decimals"),
        pytest.param("12.50", True, Decimal("12.50"), id="amount-trailing-zero"),
        pytest.param("100", True, Decimal("100"), id="whole-amount"),
        pytest.param("0.5", False, Decimal("0.5"), id="fractional-count-left-to-validation"),
    ],
)
def test_parse_figure_keeps_the_exact_value(text, amount, expected):
    value = parse_figure(text, amount)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", ["十二", "", "inf", "NaN", "1.2.3"])
def test_parse_figure_refuses_what_is_not_a_finite_number(text):
    assert parse_figure(text, amount=True) is None


@pytest.mark.parametrize(
    "value, text",
    [
        pytest.param(213, "213", id="count"),
        pytest.param(Decimal("59237.2449"), "59237.2449", id="7-significant-digits"),
        pytest.param(Decimal("4068.208"), "4068.208", id="3-decimals"),
        pytest.param(Decimal("12.50"), "12.50", id="digits-as-given"),
        pytest.param(Decimal("1E+3"), "1000", id="no-exponent"),
        pytest.param(Decimal("0.1") + Decimal("0.2"), "0.3", id="exact-sum"),
        pytest.param(-2, "-2", id="a-change"),
        pytest.param(12.5, "12.5", id="a-float-ratio"),
        pytest.param(3.0, "3", id="a-whole-float"),
    ],
)
def test_figure_text_writes_every_digit_and_no_more(value, text):
    assert figure_text(value) == text
