"""How much of this year's own prose repeats last year's (the `repetition` rule, docs/rules.md).

The measure, on narrative.md as typed (placeholders unfilled):

- a narrative's sentences: each line split after 。！？；!?; (a `{{ … }}` placeholder is never split);
- a sentence's masked form: every placeholder and every number (a run of 0-9, ０-９ and
  〇零一二两三四五六七八九十百千万亿, with . or , between digits) becomes one `#`; every character that is not a
  letter, a digit or a CJK character (spaces, punctuation, Markdown marks) is dropped — so 收到申请12件 and
  收到申请15件 are the same sentence;
- the agency's own sentences: all but those with a placeholder (their wording is ours, filled from the tables)
  and the format's prescribed wording (a `##` heading; a sentence that is a section heading or table caption of a
  format, numbering aside; the opening 本报告根据《中华人民共和国政府信息公开条例》…编制; 统计期限…);
- a sentence repeats when its masked form is among the masked forms of last year's sentences (all of them);
- the share: the characters (of masked forms) of this year's own sentences that repeat, over those of all of
  them; not judged below MIN_CHARACTERS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from govreport.compute.narrative import HEADING
from govreport.inputs.vocabulary import FORMATS, load_format

MASK = "#"
MIN_CHARACTERS = 100  # fewer own characters than this (two or three sentences) is too little prose to judge
LIMIT = Fraction(1, 2)  # a warning above half
PLACEHOLDER = r"\{\{.*?\}\}"
NUMERAL = r"[0-9０-９〇零一二两三四五六七八九十百千万亿]"
# A `{% raw %}` tag (an imported report keeps text that looks like a placeholder literal with it) is no text.
TOKEN = re.compile(rf"(?P<tag>\{{%.*?%\}})|(?P<mask>{PLACEHOLDER}|(?:{NUMERAL}|[.,．](?=[0-9０-９]))+)|\w")
SENTENCE = re.compile(rf"(?:{PLACEHOLDER}|[^。！？；!?;])*[。！？；!?;]?")
# Standard sentences every report carries, matched on the masked form: the opening and the statistical period.
STANDARD = (
    re.compile(r"政府信息公开条例.*(?:编制|报告|发布)$"),
    re.compile(r"统计(?:数据)?期限"),
)
KINDS = ("repeated", "new", "prescribed", "generated")


def masked(sentence: str) -> str:
    """The sentence with every placeholder and number one `#`, and only letters, digits and CJK characters kept."""
    return "".join("" if m.group("tag") else MASK if m.group("mask") else m.group(0) for m in TOKEN.finditer(sentence))


def sentences(text: str) -> list[tuple[int, str]]:
    """(line number, sentence) of every sentence of `text`, in order; a `##` heading line is one sentence."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if HEADING.match(line):
            found.append((number, line.strip()))
            continue
        found += [(number, s.strip()) for s in SENTENCE.findall(line) if s.strip()]
    return found


@cache
def _headings() -> frozenset[str]:
    """The masked section headings and table captions of every format, numbering (a leading #) dropped."""
    wording = set()
    for name in FORMATS:
        fmt = load_format(name)
        wording |= {masked(h).lstrip(MASK) for h in fmt.sections}
        wording |= {masked(t.caption).lstrip(MASK) for t in fmt.tables.values()}
    return frozenset(wording)


def kind(sentence: str) -> str:
    """'generated' (it has a placeholder), 'prescribed' (the format's wording) or 'own' (the agency's)."""
    if re.search(PLACEHOLDER, sentence):
        return "generated"
    form = masked(sentence)
    if HEADING.match(sentence) or form.lstrip(MASK) in _headings() or any(p.search(form) for p in STANDARD):
        return "prescribed"
    return "own"


def masked_sentences(text: str) -> frozenset[str]:
    """The masked form of every sentence of a narrative: what the next year compares its own prose with."""
    return frozenset(form for _, s in sentences(text) if (form := masked(s)))


@dataclass(frozen=True)
class Prose:
    """A year's narrative.md as the next year reads it: where it is, its sha256 and its masked sentences."""

    path: str
    sha256: str
    sentences: frozenset[str]


@dataclass(frozen=True)
class Sentence:
    """One sentence of this year's narrative: its line, its text as typed, and what the measure made of it."""

    line: int
    text: str
    kind: str  # one of KINDS
    characters: int  # of its masked form (counted for 'repeated' and 'new' only)


@dataclass(frozen=True)
class Repetition:
    """The share of this year's own prose that repeats last year's, sentence by sentence."""

    path: str  # this year's narrative.md
    last_path: str  # last year's
    last_year: int
    sentences: tuple[Sentence, ...]

    def _own(self, *kinds: str) -> list[Sentence]:
        return [s for s in self.sentences if s.kind in kinds]

    @property
    def characters(self) -> int:
        """Characters of the agency's own sentences (masked forms)."""
        return sum(s.characters for s in self._own("repeated", "new"))

    @property
    def repeated_characters(self) -> int:
        return sum(s.characters for s in self._own("repeated"))

    @property
    def own_sentences(self) -> int:
        return len(self._own("repeated", "new"))

    @property
    def repeated_sentences(self) -> int:
        return len(self._own("repeated"))

    @property
    def judged(self) -> bool:
        """Whether there is enough own prose to judge (MIN_CHARACTERS)."""
        return self.characters >= MIN_CHARACTERS

    @property
    def share(self) -> Fraction:
        return Fraction(self.repeated_characters, self.characters or 1)

    @property
    def too_much(self) -> bool:
        """More than LIMIT repeats, with enough prose to judge."""
        return self.judged and self.share > LIMIT


def measure(text: str, path: str, last: Prose, last_year: int, generated: frozenset[str] = frozenset()) -> Repetition:
    """Each sentence of this year's narrative `text`, its kind and, for the agency's own, whether it repeats `last`.

    `generated` holds the masked sentences govreport generates for this report's figures: a report read
    back from what govreport published prints them as literal text, and they are no more its own there.
    """
    found = []
    for line, sentence in sentences(text):
        what, form = kind(sentence), masked(sentence)
        if what == "own" and not form:
            continue  # nothing but punctuation
        if what == "own" and form in generated:
            what = "generated"
        if what == "own":
            what = "repeated" if form in last.sentences else "new"
        found.append(Sentence(line, sentence, what, len(form)))
    return Repetition(path, last.path, last_year, tuple(found))
