"""The agency's own prose (narrative.md): sections, sandboxed placeholders, safe HTML."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import jinja2
import nh3
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt

from govreport.errors import DataValidationError, Problem

HEADING = re.compile(r"^##\s+(.+?)\s*$")
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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)


def share(part: float, whole: float) -> str:
    """`part` as a whole percentage of `whole`, rounded half up as reports print it (53/125 -> 42%)."""
    if not whole:
        return "0%"
    percent = (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{percent}%"


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def split_sections(text: str) -> tuple[str, dict[str, tuple[int, str]]]:
    """The text before the first `## heading`, and each section's (first line number, body)."""
    preamble: list[str] = []
    sections: dict[str, tuple[int, list[str]]] = {}
    current: list[str] = preamble
    for number_, line in enumerate(text.splitlines(), start=1):
        match = HEADING.match(line)
        if match:
            current = []
            sections[match.group(1)] = (number_ + 1, current)
        else:
            current.append(line)
    return "\n".join(preamble).strip(), {k: (n, "\n".join(v).strip()) for k, (n, v) in sections.items()}


def fill(text: str, context: dict, where: str, first_line: int = 1) -> str:
    """Render `{{ … }}` placeholders in a sandbox; a bad one is a problem naming its line."""
    try:
        return _env.from_string(text).render(**context, 占比=share)
    except jinja2.TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise DataValidationError([Problem(where, f"placeholder syntax: {exc.message}", line)]) from None
    except jinja2.UndefinedError as exc:
        raise DataValidationError(
            [Problem(where, f"placeholder names something unknown: {exc.message}", first_line)]
        ) from None
    except jinja2.exceptions.SecurityError as exc:
        raise DataValidationError([Problem(where, f"placeholder not allowed: {exc}", first_line)]) from None
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        raise DataValidationError([Problem(where, f"placeholder cannot be computed: {exc}", first_line)]) from None


def to_html(markdown_text: str) -> str:
    """Markdown to HTML with raw HTML escaped and the result cleaned by an allowlist."""
    html = _markdown.render(markdown_text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
