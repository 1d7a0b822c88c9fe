"""One agency-year's report: the object the notebook's cells call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup
from matplotlib.figure import Figure

from govreport.compute import computation, sentences
from govreport.compute.computation import Computation
from govreport.compute.findings import Finding
from govreport.compute.tables import Tables
from govreport.inputs.params import Params
from govreport.inputs.project import Project
from govreport.messages import t
from govreport.present import charts, html, layout, markdown
from govreport.present.display import Html, figure_html
from govreport.present.handover import handed

# Charts shown at the end of each section, by format and section number (1-based).
SECTION_CHARTS = {
    "legacy": {2: ("categories",), 3: ("channels", "replies")},
    "national-2019": {3: ("results", "applicants", "trend")},
    "national-2021": {3: ("results", "applicants", "trend")},
}


@dataclass(frozen=True)
class Contents:
    """One section as the report prints it: heading, narrative (sanitised HTML), generated sentences,
    the official tables under their captions (each its own HTML fragment), the charts that end it."""

    heading: str
    narrative: Markup
    sentences: list[str]
    tables: list[tuple[str, Markup]]
    charts: list[Figure]


@dataclass(frozen=True)
class Report:
    """The notebook's view of one agency-year's computed value: the HTML of its parts."""

    value: Computation

    @classmethod
    def load(
        cls,
        agency: str,
        year: int,
        root: str | Path = ".",
        format: str = "auto",
        published: str | None = None,
        strict: bool = False,
    ) -> Report:
        """The value a build handed over, else read, validate and compute it (raises DataValidationError)."""
        params = Params(agency=agency, year=int(year), format=format, published=published, strict=strict)
        project = Project.at(root)
        return cls(handed(project, params) or computation.load(project, params))

    @property
    def params(self) -> Params:
        return self.value.params

    @property
    def tables(self) -> Tables:
        return self.value.tables

    @property
    def findings(self) -> list[Finding]:
        return list(self.value.findings)

    def _prose(self, heading: str) -> Markup:
        return Markup(markdown.to_html(self.value.prose(heading)))  # sanitised by an allowlist

    def preamble(self) -> Markup:
        """The narrative before the first section, as HTML."""
        return self._prose("")

    def contents(self, number: int) -> Contents:
        """What section `number` (1–6) holds, in order; the page and report.docx both lay out this."""
        heading = self.tables.format.sections[number - 1]
        names = SECTION_CHARTS[self.tables.format.name].get(number, ())
        return Contents(
            heading=heading,
            narrative=self._prose(heading),
            sentences=sentences.sentences(self.tables, number),
            tables=[
                (table.caption, Markup(layout.table_html(self.tables, table.id)))
                for table in self.tables.format.tables_in(heading)
            ],
            charts=[charts.CHARTS[name](self.tables) for name in names],
        )

    # -- what cells display (the markup is templates/fragments: title, section, review) ------
    def title(self) -> Html:
        return Html(html.render("title", title=self.value.title, preamble=self.preamble()), self.value.title)

    def section(self, number: int) -> Html:
        """Section `number` (1–6) of the format: heading, prose, generated sentences, tables, charts."""
        contents = self.contents(number)
        figures = [Markup(figure_html(fig)) for fig in contents.charts]
        page = html.render(
            "section",
            heading=contents.heading,
            narrative=contents.narrative,
            sentences=contents.sentences,
            tables=contents.tables,
            figures=figures,
        )
        return Html(page, contents.heading)

    def review(self) -> Html:
        """Every finding, for reviewers (the published page leaves this cell out)."""
        frame, counts = self.value.checks_frame(), self.value.counts()
        page = html.render("review", counts=counts, findings=list(frame.itertuples()))
        summary = t("review.counts", errors=counts["error"], warnings=counts["warning"], info=counts["info"])
        return Html(page, summary)
