"""Print a built page to an A4 PDF with WeasyPrint (CSS paged media; no browser needed).

The page's own stylesheet lays the paper out: `@page { size: A4 }`, its margins, tables kept whole where they fit
(`break-inside: avoid`) and its `@media print` rules. Nothing is fetched: a built page carries its charts as data:
URLs, and any other URL in it (http, file…) is refused, as the page's Content-Security-Policy refuses it in a browser.
The PDF holds no print time, so two prints of one page are the same bytes.
"""

from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from govreport.errors import ReportError
from govreport.messages import msg


def pdf_bytes(html_path: str | Path) -> bytes:
    """The page printed on A4, backgrounds kept, page size and margins from its own @page rule."""
    try:
        import weasyprint  # loads Pango through cffi: an OSError when the library is missing
    except (ImportError, OSError) as exc:
        raise ReportError(msg("output.no-pango", error=str(exc))) from None
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"})
    with _quiet(logging.getLogger("weasyprint")):
        return weasyprint.HTML(filename=str(html_path), url_fetcher=fetcher).write_pdf()


@contextmanager
def _quiet(logger: logging.Logger):
    # WeasyPrint warns of CSS it does not use on paper (the page's `overflow-x` for screens) and of refused URLs:
    # nothing for the person building the report to act on.
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.propagate = propagate


def _write_beside(path: Path, data: bytes) -> None:
    # Written aside and renamed, so a half-printed file never takes the place of a good one.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def print_pdf(html_path: str | Path, pdf_path: str | Path) -> Path:
    """Print a built page to an A4 PDF at `pdf_path` (written aside, then moved in); returns its path."""
    _write_beside(Path(pdf_path), pdf_bytes(html_path))
    return Path(pdf_path)
