"""Markdown to HTML for the page: raw HTML escaped, the result cleaned by an allowlist."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore

ALLOWED_TAGS = {
    "p",
    "h3",
    "h4",
    "h5",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "br",
    "blockquote",
    "a",
    "code",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "table": {"tabindex"}, "th": {"scope"}}
LINK_SCHEMES = ("http://", "https://", "mailto:")


def _readable_tables(state: StateCore) -> None:
    """A narrative table's header cells name their columns; the table takes focus, so that the keyboard can scroll it
    where it is wider than the screen (it scrolls by itself: present/templates/govreport_base/style.css)."""
    for token in state.tokens:
        if token.type == "table_open":
            token.attrSet("tabindex", "0")
        elif token.type == "th_open":
            token.attrSet("scope", "col")


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_markdown.core.ruler.push("readable_tables", _readable_tables)


def to_html(markdown_text: str, headings: bool = False) -> str:
    """Markdown to HTML with raw HTML escaped and the result cleaned by an allowlist.

    `headings` also keeps h1/h2 (a notebook's own markdown cells; narrative.md uses them for sections).
    """
    html = _markdown.render(markdown_text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | ({"h1", "h2", "hr"} if headings else set()),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_absolute_links_only,
    )


def _absolute_links_only(tag: str, attribute: str, value: str) -> str | None:
    # A relative or protocol-relative link (//host/…) would point somewhere the report does not control.
    if tag == "a" and attribute == "href" and not value.lower().startswith(LINK_SCHEMES):
        return None
    return value
