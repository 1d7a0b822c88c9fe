"""What notebook cells show: HTML fragments and chart images, identical on every run."""

from __future__ import annotations

import base64

from matplotlib.figure import Figure

from govreport.present import html
from govreport.present.charts import png_bytes


class Html(str):
    """An HTML fragment that Jupyter displays as HTML, with a short plain-text stand-in."""

    def __new__(cls, html: str, summary: str = ""):
        obj = super().__new__(cls, html)
        obj.summary = summary
        return obj

    def _repr_html_(self) -> str:
        return str(self)

    def __repr__(self) -> str:
        return self.summary or "<HTML>"


def figure_html(fig: Figure, alt: str) -> str:
    """A figure as an inline PNG <img> with Chinese alt text (nothing loaded from elsewhere)."""
    return html.render("figure", alt=alt, png=base64.b64encode(png_bytes(fig)).decode("ascii"))
