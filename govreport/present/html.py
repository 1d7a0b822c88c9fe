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
