"""Every sentence a user reads, by message id, in Chinese (zh.po) and English (en.po): the one catalogue.

Code never holds the wording: it names a message and its parameters (`msg("keys.unknown", key=…)`),
and the message is worded when it is shown, in the language chosen then — `--lang`, else GOVREPORT_LANG
(how a build hands the choice to a notebook's kernel), else the locale (LC_ALL, LC_MESSAGES, LANG: one
starting with `en` is English), else Chinese. A parameter that is itself a message is worded in the same
language, and a list parameter is joined as the language lists things. The catalogues are .po files read
with Babel at run time, so nothing is compiled at set-up.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
ENV = "GOVREPORT_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX precedence: the first one set decides

_chosen: str | None = None


def from_locale(environ: Mapping[str, str]) -> str:
    """The language a locale asks for: English for an `en…` locale, else Chinese."""
    for name in LOCALE_VARIABLES:
        if value := environ.get(name):
            return "en" if value.lower().startswith("en") else DEFAULT
    return DEFAULT


def language() -> str:
    """The language messages are worded in now."""
    if _chosen is not None:
        return _chosen
    if (given := os.environ.get(ENV)) in LANGUAGES:
        return given
    return from_locale(os.environ)


def choose(lang: str | None) -> None:
    """Word every message in `lang` from now on (None: as the environment says)."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")  # a bug: the CLI only offers LANGUAGES
    _chosen = lang


@contextmanager
def using(lang: str | None) -> Iterator[None]:
    """Word messages in `lang` inside the block, and for kernels started in it (through GOVREPORT_LANG)."""
    saved, saved_env = _chosen, os.environ.get(ENV)
    choose(lang)
    os.environ[ENV] = language()
    try:
        yield
    finally:
        choose(saved)
        if saved_env is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = saved_env


@cache
def catalogue(lang: str) -> dict[str, str]:
    """{message id: template} of one language, read from its .po file once per process."""
    from babel.messages.pofile import read_po

    with resources.files(__package__).joinpath(f"{lang}.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def _worded(value: object, lang: str) -> object:
    """A parameter as the message shows it: a message worded, a tuple joined (、 in Chinese, ", " in English)."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, tuple):
        return catalogue(lang)["list.separator"].join(str(_worded(v, lang)) for v in value)
    return value


@dataclass(frozen=True)
class Message:
    """A message id and its parameters, worded only when shown (so what is computed once serves both languages)."""

    key: str
    args: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str | None = None) -> str:
        lang = lang or language()
        return catalogue(lang)[self.key].format(**{k: _worded(v, lang) for k, v in self.args})

    def __str__(self) -> str:
        return self.text()


def msg(key: str, /, **args: object) -> Message:
    """The message `key` with its parameters (a list becomes a tuple, so messages stay hashable)."""
    return Message(key, tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in sorted(args.items())))


def t(key: str, /, **args: object) -> str:
    """The message `key` worded now, in the current language."""
    return msg(key, **args).text()


@cache
def _library_words(lang: str) -> gettext.NullTranslations:
    """A library's own words (click's: English sentences that are their own ids) in `lang`.

    From click.<lang>.po when there is one, compiled in memory with Babel (gettext's plural rules come with
    it); else the words as they are, which is English.
    """
    source = resources.files(__package__).joinpath(f"click.{lang}.po")
    if not source.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as handle:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(handle))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def library_gettext(text: str) -> str:
    """click's `gettext`: its sentence in the language chosen now."""
    return _library_words(language()).gettext(text)


def library_ngettext(singular: str, plural: str, n: int) -> str:
    """click's `ngettext`: its sentence for `n` things in the language chosen now."""
    return _library_words(language()).ngettext(singular, plural, n)
