"""A figure of the tables: a count (int) or an amount (Decimal, exactly as given), and how it is written.

Counts are whole numbers; amounts (万元, 元) keep every digit the office gave, so sums of amounts are
exact and a figure is written back as it was read: 59237.2449 stays 59237.2449, 12.50 stays 12.50.
No figure is ever a float: a float would lose digits on the way out.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

Figure = int | Decimal


def parse_figure(text: str, amount: bool) -> Figure | None:
    """The figure `text` states (thousands separators allowed), or None when it is not a finite number.

    An amount keeps its digits as given; a count that is whole ("12", "12.0") is an int; a count with
    a fraction stays a Decimal (validation refuses it with a message).
    """
    try:
        value = Decimal(text.replace(",", "").strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    if amount or value != value.to_integral_value():
        return value
    return int(value)


def figure_text(value: Figure | float) -> str:
    """`value` as reports print it: 213, 59237.2449, 12.50; never in exponent notation."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float) and not value.is_integer():
        # Only charts and the catalogue's ratios still hold floats; figures of tables never do.
        return format(Decimal(repr(value)), "f")
    return str(int(value))
