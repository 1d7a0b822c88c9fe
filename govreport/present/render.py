"""HTML pages from an executed notebook, through nbconvert and our own self-contained templates."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter

from govreport.present import markdown
from govreport.present.html import MESSAGE_FILTERS

PAGES = {"report.html": "govreport_report", "review.html": "govreport_review"}
SUMMARY = "govreport_summary"  # a region's summary: the published page's template with its listings' script


class _Exporter(HTMLExporter):
    """nbconvert's HTML exporter without its last pass, which parses the page again with BeautifulSoup only to
    add alt texts and tabindex to JupyterLab's cell classes: our templates give every image its alt text and
    use none of those classes, and the pass cost every report ~0.07 s (and rewrote the page's own markup)."""

    def from_notebook_node(self, nb, resources=None, **kw):
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@cache
def _exporter(template: str) -> HTMLExporter:
    templates = str(resources.files("govreport.present").joinpath("templates"))
    exporter = _Exporter(extra_template_basedirs=[templates], extra_template_paths=[templates], template_name=template)
    # Our templates embed nothing of nbconvert's own CSS, MathJax or widget scripts.
    exporter.exclude_anchor_links = True
    # A root may bring its own notebook: its markdown cells go through the same allowlist as narrative.md.
    exporter.register_filter("safe_markdown", lambda text: markdown.to_html(text, headings=True))
    for name, words in MESSAGE_FILTERS.items():
        exporter.register_filter(name, words)
    # A page's own inline script is allowed by its hash in the page's Content-Security-Policy, and nothing else.
    exporter.register_filter("sha256", lambda text: base64.b64encode(hashlib.sha256(text.encode()).digest()).decode())
    return exporter


def html_pages(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """report.html and review.html for an executed notebook."""
    return {name: _exporter(template).from_notebook_node(notebook)[0] for name, template in PAGES.items()}


def summary_page(notebook: nbformat.NotebookNode) -> str:
    """A summary's report.html for its executed notebook."""
    return _exporter(SUMMARY).from_notebook_node(notebook)[0]
