"""What notebook cells show: HTML fragments and chart images, identical on every run."""

from __future__ import annotations

import base64

from govreport.present import html
from govreport.present.charts import Chart, png_bytes


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


def figure_html(fig: Chart) -> str:
    """A chart as an inline PNG <img> (nothing loaded from elsewhere) whose alt text says every value it draws."""
    return html.render("figure", chart=fig.drawn, png=base64.b64encode(png_bytes(fig)).decode("ascii"))
