"""The agency's own prose (narrative.md): its sections and its `{{ … }}` placeholders, filled in a sandbox."""

from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from govreport.compute import headline
from govreport.errors import DataValidationError, Problem
from govreport.messages import Message, msg

HEADING = re.compile(r"^##\s+(.+?)\s*$")
# Filters a placeholder may use: arithmetic and picking, nothing that can grow a string or list.
FILTERS = ("abs", "round", "int", "float", "sum", "length", "count", "max", "min", "default", "d", "first", "last")
MAX_REPEAT = 1000  # 'x' * n
MAX_POWER = 64  # n ** k
MAX_OUTPUT = 200_000  # characters a section's placeholders may produce
STATEMENT = re.compile(r"\{%|\{%-")
PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
# A literal an office types and must update each year: a date (2024年3月5日, 2024年, 3月5日, 2024-03-05) or a
# number (12, 3.5, 1,024, 98%, 三次). Chinese numerals count only before a measure word, and a lone 一 never
# (一是, 一次性, 进一步 are words, not figures).
LITERAL = re.compile(
    r"(?P<date>\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}\s*年度?|\d{1,2}\s*月\s*\d{1,2}\s*日"
    r"|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
    r"|(?P<number>\d+(?:[.,．]\d+)*\s*[%％]?|(?!一(?![〇零一二两三四五六七八九十百千万亿]))"
    r"[〇零一二两三四五六七八九十百千万亿]+(?=[件次项个名人份条篇期场家批轮所]))"
)
# What is not a figure to update: list numbering at the start of a line (1. 2、), （1）, a document number
# (〔2021〕30号), a web address, and the month and day after a placeholder's year ({{ year }}年1月1日).
NOT_A_LITERAL = re.compile(
    r"^\s*\d+[.．、]|[（(]\d+[）)]|[〔\[]\d{4}[〕\]]\s*\d+\s*号|https?://\S+|(?<=\}\}年)\d{1,2}月\d{1,2}日"
)
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
PLACEHOLDER_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")


class Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, narrowed further: no methods, no globals, no operations that explode in size."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        # Placeholders name figures; calling methods of them (str.format, dict.items …) is never needed.
        return not callable(value) and super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value: object) -> None:
        return None  # str.format and format_map are methods like any other: refused

    def call_binop(self, context, operator: str, left: object, right: object) -> object:
        if operator == "%" and isinstance(left, str):
            raise SecurityError(msg("narrative.percent"))
        if operator == "*" and any(isinstance(x, (str, list, tuple)) for x in (left, right)):
            times = right if isinstance(left, (str, list, tuple)) else left
            if not isinstance(times, int) or times > MAX_REPEAT:
                raise SecurityError(msg("narrative.repeat", limit=MAX_REPEAT))
        if operator == "**" and not (isinstance(right, (int, float)) and abs(right) <= MAX_POWER and abs(left) < 2**64):
            raise SecurityError(msg("narrative.power", limit=MAX_POWER))
        return super().call_binop(context, operator, left, right)


_env = Sandbox(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
_env.globals.clear()  # range, lipsum, cycler, joiner, namespace: none is a figure
_env.filters = {name: _env.filters[name] for name in FILTERS}
_env.tests = {name: _env.tests[name] for name in ("defined", "undefined", "number", "none")}


@dataclass(frozen=True)
class Literal:
    """A number or date typed into narrative.md (not a placeholder): where it is, as typed, and which it is."""

    line: int
    column: int  # 1-based, in characters
    text: str
    kind: str  # "date" or "number"
    in_placeholder: bool = False  # a number inside a `{{ … }}` expression (e.g. `{{ 表.x.y + 223 }}`)


def literals(text: str) -> tuple[Literal, ...]:
    """Every literal number and date of a narrative, in order: what an office checks when it reuses last year's."""
    found: list[Literal] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if HEADING.match(line):
            continue  # a section heading is the format's wording
        taken = [m.span() for m in NOT_A_LITERAL.finditer(line)]
        for match in PLACEHOLDER.finditer(line):
            taken.append(match.span())
            code = QUOTED.sub(lambda q: " " * len(q.group(0)), match.group(0))  # keys in quotes are names
            for digits in PLACEHOLDER_NUMBER.finditer(code):
                found.append(Literal(number, match.start() + digits.start() + 1, digits.group(0), "number", True))
        for match in LITERAL.finditer(line):
            if any(start <= match.start() < end for start, end in taken):
                continue
            kind = "date" if match.group("date") else "number"
            found.append(Literal(number, match.start() + 1, match.group(0).strip(), kind))
    return tuple(sorted(found, key=lambda lit: (lit.line, lit.column)))


def share(part: float, whole: float) -> str:
    """The `占比(part, whole)` placeholder: a whole percentage, rounded half up (53/125 -> 42%).

    Two arguments, as documented for narrative.md; the rounding itself is headline.share's.
    """
    return headline.share(part, whole)


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
    statement = STATEMENT.search(text)
    if statement:
        line = first_line + text.count("\n", 0, statement.start())
        raise DataValidationError([Problem(where, msg("narrative.statement"), line)])
    try:
        filled = _env.from_string(text).render(**context, 占比=share)
        if len(filled) > MAX_OUTPUT:
            raise SecurityError(msg("narrative.output", limit=MAX_OUTPUT))
        return filled
    except jinja2.TemplateSyntaxError as exc:
        line = first_line + (exc.lineno or 1) - 1
        raise DataValidationError([Problem(where, msg("narrative.syntax", error=exc.message), line)]) from None
    except jinja2.UndefinedError as exc:
        raise DataValidationError([Problem(where, msg("narrative.unknown", error=exc.message), first_line)]) from None
    except SecurityError as exc:
        # Ours carry a message; the sandbox's own (an unsafe attribute) are quoted as Jinja words them.
        reason = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)
        raise DataValidationError([Problem(where, msg("narrative.not-allowed", reason=reason), first_line)]) from None
    except (TypeError, ValueError, ZeroDivisionError) as exc:
        error = exc.args[0] if exc.args and isinstance(exc.args[0], Message) else str(exc)  # a share's own message
        problem = Problem(where, msg("narrative.cannot-compute", error=error), first_line)
        raise DataValidationError([problem]) from None
