"""Every HTML fragment a notebook cell shows is a Jinja template in present/templates/fragments.

Python computes what goes in a fragment (rows, spans, values, sentences); the template writes the markup.
Autoescape is on: every text or label is escaped as html.escape writes it (&#x27;, &quot;), so a cell
shows the same bytes it did when the markup was written in Python; markupsafe alone would write &#39; and
&#34;. What is HTML already (the narrative, sanitised by present/markdown.py; a fragment inside another)
comes in as Markup.

A fragment is one line of HTML, without line breaks between its tags: a template is written a tag or a
loop a line, indented, and the loader joins its lines, dropping each line break and the indentation after
it. A space that the HTML needs is written inside a line, never at its start.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from html import escape
from importlib import resources

import jinja2
from markupsafe import Markup

from govreport.compute.findings import severity_word
from govreport.messages import t


def _when_rendered(words: Callable[..., str]) -> Callable[..., str]:
    """`words` as a filter Jinja cannot fold when it compiles: `"review.banner" | t` is a constant's filter, which
    Jinja would otherwise word once, in the language of the first render, for every later one (templates are cached)."""

    @jinja2.pass_context
    def worded(context: jinja2.runtime.Context, value: str, /, **args: object) -> str:
        return words(value, **args)

    return worded


# What every page template words with: `{{ "review.banner" | t(errors=2) }}` and `{{ f.severity | severity }}`,
# worded in the language chosen when the page is rendered (govreport/messages).
MESSAGE_FILTERS = {"t": _when_rendered(t), "severity": _when_rendered(severity_word)}


# How the official tables' cells are ruled and aligned, written on each cell as its style attribute (the fragments'
# `ruled.head`, `ruled.num`…). JupyterLab shows a notebook it did not run itself without its outputs' <style> and
# class-based rules, and its own rules for tables draw no lines and align every cell right; it keeps a style
# attribute, of the properties its sanitizer allows (border, padding, text-align, vertical-align, font-weight,
# font-size, white-space: yes; var() and font-variant-numeric: no). report.html draws them by the same attributes;
# its stylesheet keeps what a notebook can do without: the head cells' tint (written here, it would stay light under
# JupyterLab's dark theme, behind its light text), tabular figures, the tables' width, the rules for print and phones.
# The lines' colour is the pages' --rule (govreport_base/style.css), which a style attribute cannot name.
_CELL = "border:1px solid #9aa3ad;padding:0.3rem 0.5rem;vertical-align:middle"
_HEAD = f"{_CELL};text-align:center"
_LABEL = f"{_CELL};text-align:left;font-weight:normal"
RULED: dict[str, str] = {
    "table": "border-collapse:collapse",  # one line between two cells, not each cell's own
    "head": _HEAD,  # a column's header; a row group's heading
    "note": f"{_HEAD};font-weight:normal;font-size:0.8rem",  # 依申请's note in its corner
    "label": _LABEL,  # a row's header (its group's too)
    "indent": f"{_LABEL};padding-left:2.2em",  # a row's header under another's (the pre-2019 附表)
    "num": f"{_CELL};text-align:right;white-space:nowrap",
    "unit": f"{_CELL};text-align:center",
}


class _OneLine(jinja2.FileSystemLoader):
    """Templates whose lines are joined: no line break or indentation reaches the fragment."""

    def get_source(self, environment: jinja2.Environment, template: str):
        source, filename, uptodate = super().get_source(environment, template)
        return "".join(line.lstrip() for line in source.splitlines()), filename, uptodate


def _text(value: object) -> Markup:
    return value if isinstance(value, Markup) else Markup(escape(str(value)))


@cache
def _environment() -> jinja2.Environment:
    templates = resources.files("govreport.present").joinpath("templates")
    environment = jinja2.Environment(
        loader=_OneLine(str(templates)),
        autoescape=True,
        finalize=_text,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(MESSAGE_FILTERS)
    environment.globals["ruled"] = RULED
    return environment


def render(fragment: str, **context: object) -> str:
    """templates/fragments/<fragment>.html.j2 rendered with `context` (plain text escaped, Markup kept)."""
    return _environment().get_template(f"fragments/{fragment}.html.j2").render(**context)


def compile_all() -> None:
    """Compile every fragment now (the warm process does, so that no report's process pays for it)."""
    folder = resources.files("govreport.present").joinpath("templates", "fragments")
    for entry in folder.iterdir():
        if entry.name.endswith(".html.j2"):
            _environment().get_template(f"fragments/{entry.name}")
