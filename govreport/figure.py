"""How a figure of the tables is written in text: whole numbers without a decimal point."""

from __future__ import annotations


def figure_text(value: float) -> str:
    """`value` as reports print it: 213 for 213.0, 12.5 for 12.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
