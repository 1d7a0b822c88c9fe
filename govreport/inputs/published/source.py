"""A published report's file read into a Document by the reader its content calls for.

The file is looked at before it is read: only a regular file of at most MAX_SOURCE_BYTES is read
at all. Its first bytes say what it is (a name can lie: sites serve web pages as report.pdf); the
name decides only between readers the content allows. No reader runs or fetches anything the
source holds: pages lose their scripts and nothing they link is loaded, XML entities are not
resolved (python-docx parses with resolve_entities=False, and lxml never goes to the network),
and a PDF's actions and JavaScript are never looked at.
"""

from __future__ import annotations

import dataclasses
import os
import re
import stat
from pathlib import Path

from govreport.errors import Problem, SourceError
from govreport.inputs.published.document import MAX_SOURCE_BYTES, Document
from govreport.inputs.published.page import read_page
from govreport.inputs.published.pdf import read_pdf
from govreport.inputs.published.plaintext import read_text
from govreport.inputs.published.word import OLE2, read_word
from govreport.messages import msg

KINDS = {".html": "html", ".htm": "html", ".shtml": "html", ".docx": "docx", ".pdf": "pdf", ".txt": "text"}
READERS = {"html": read_page, "docx": read_word, "pdf": read_pdf, "text": read_text}
NAMES = {"html": "source.html", "docx": "source.docx", "pdf": "source.pdf", "text": "source.text"}  # message ids
# Markup a web page shows in its first KB (a text report shows none).
MARKUP = re.compile(rb"<(?:!doctype|html|head|body|meta|table|p|div)[\s>/]", re.IGNORECASE)


def _mb(size: int) -> str:
    return f"{size / 2**20:.0f} MB"


def kind_of(data: bytes) -> str | None:
    """What the content is: pdf, docx, html or text (None for bytes that are none of them)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith((b"PK\x03\x04", OLE2)):
        return "docx"  # the Word reader says what an OLE2 file (.doc) or another zip is
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: its ASCII has a zero byte beside each letter
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    if MARKUP.search(head):
        return "html"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head.startswith(b"{\\rtf") or controls > len(head) // 20:  # RTF, or binary
        return None
    return "text"


def _contents(path: Path) -> bytes:
    """The file's bytes, once it is known to be a regular file of at most MAX_SOURCE_BYTES."""
    try:
        info = path.stat()  # before opening: a pipe would block, a device never ends
    except OSError as exc:
        raise SourceError(Problem(str(path), msg("published.unreadable", error=exc.strerror))) from None
    _check(path, info)
    try:
        # Opened without blocking and looked at again: it may have been swapped for a pipe since.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SourceError(Problem(str(path), msg("published.unreadable", error=exc.strerror))) from None
    with os.fdopen(fd, "rb") as f:
        _check(path, os.fstat(fd))
        data = f.read(MAX_SOURCE_BYTES + 1)  # it may have grown since
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(Problem(str(path), msg("published.over-limit", limit=_mb(MAX_SOURCE_BYTES))))
    return data


def _check(path: Path, info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        what = "published.folder" if stat.S_ISDIR(info.st_mode) else "published.special"
        raise SourceError(Problem(str(path), msg(what)))
    if info.st_size > MAX_SOURCE_BYTES:
        limit = _mb(MAX_SOURCE_BYTES)
        raise SourceError(Problem(str(path), msg("published.too-big", size=_mb(info.st_size), limit=limit)))


def read_source(path: Path) -> Document:
    """The published report in the file at `path`; SourceError when it cannot be read at all."""
    path = Path(path)
    data = _contents(path)
    named = KINDS.get(path.suffix.lower())
    kind = kind_of(data)
    if kind is None:
        if data.startswith(b"{\\rtf"):
            raise SourceError(Problem(str(path), msg("published.rtf")))
        raise SourceError(Problem(str(path), msg("published.unknown-kind")))
    if kind == "text" and named == "html":
        kind = "html"  # markup may start past the first KB; the page reader reads bare text as well
    if kind == "html" and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="replace").encode("utf-8")  # the page reader reads UTF-8 first
    document = READERS[kind](data, str(path))
    if named in ("pdf", "docx") and kind != named:
        # Read by what it holds; a report.pdf that is a web page is often a site's error or login page.
        note = msg("import.misnamed", name=path.name, holds=msg(NAMES[kind]), named=msg(NAMES[named]))
        document = dataclasses.replace(document, notes=(note, *document.notes))
    return document
