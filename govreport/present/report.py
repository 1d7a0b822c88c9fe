"""One agency-year's report: the object the notebook's cells call."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from govreport.compute import narrative
from govreport.compute.checks import Context, run_checks
from govreport.compute.findings import Finding, counts, to_frame
from govreport.compute.tables import Tables, build_tables
from govreport.errors import DataValidationError, Problem
from govreport.inputs.agency_year import Inputs, load_inputs
from govreport.inputs.params import Params
from govreport.inputs.project import Project
from govreport.present import charts, layout, markdown, prose
from govreport.present.display import Html, figure_html

# Charts shown at the end of each section, by format and section number (1-based).
SECTION_CHARTS = {
    "legacy": {2: ("categories",), 3: ("channels", "replies")},
    "national-2019": {3: ("results", "applicants", "trend")},
    "national-2021": {3: ("results", "applicants", "trend")},
}
TABLE_CAPTIONS = {
    "附表": "附表：政府信息公开情况统计表",
    "主动公开": "主动公开政府信息情况",
    "依申请": "收到和处理政府信息公开申请情况",
    "复议诉讼": "政府信息公开行政复议、行政诉讼情况",
}


@dataclass
class Report:
    """Inputs, tables and findings of one agency-year, and the HTML of its parts."""

    params: Params
    project: Project
    inputs: Inputs
    tables: Tables
    findings: list[Finding]

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
        """Read, validate and compute everything (raises DataValidationError listing every problem)."""
        params = Params(agency=agency, year=int(year), format=format, published=published, strict=strict)
        project = Project.at(root)
        inputs = load_inputs(project, params)
        tables = build_tables(inputs)
        findings = run_checks(tables, Context(agency_kind=inputs.agency.kind, published=published))
        report = cls(params, project, inputs, tables, findings)
        report.validate_narrative()
        return report

    # -- prose -----------------------------------------------------------------------------
    @property
    def narrative_path(self) -> str:
        return next((p for p in self.inputs.sources if p.endswith("narrative.md")), "narrative.md")

    def context(self) -> dict:
        """What `{{ … }}` placeholders in narrative.md can name."""
        return {
            "year": self.params.year,
            "agency": self.inputs.agency.name,
            "分类": self.tables.categories,
            **self.tables.as_dict(),
        }

    def validate_narrative(self) -> None:
        """Fill every placeholder once, so a bad one is an input error before anything renders."""
        preamble, sections = narrative.split_sections(self.inputs.narrative)
        context, problems = self.context(), []
        for heading, (line, body) in {"": (1, preamble), **sections}.items():
            if heading and heading not in self.tables.format.sections:
                problems.append(
                    Problem(
                        self.narrative_path,
                        f"section '{heading}' is not a section of the {self.tables.format.name} format; "
                        f"expected one of {', '.join(self.tables.format.sections)}",
                        line - 1,
                    )
                )
            try:
                narrative.fill(body, context, self.narrative_path, line)
            except DataValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise DataValidationError(problems)

    def _prose(self, heading: str) -> str:
        preamble, sections = narrative.split_sections(self.inputs.narrative)
        line, body = (1, preamble) if heading == "" else sections.get(heading, (1, ""))
        return markdown.to_html(narrative.fill(body, self.context(), self.narrative_path, line))

    # -- what cells display ------------------------------------------------------------------
    def title(self) -> Html:
        name = escape(self.inputs.agency.name)
        html = (
            f'<header class="report-title"><h1>{name}{self.params.year}年政府信息公开工作年度报告</h1></header>'
            f'<div class="preamble">{self._prose("")}</div>'
        )
        return Html(html, f"{self.inputs.agency.name}{self.params.year}年政府信息公开工作年度报告")

    def section(self, number: int, marks: layout.Marks | None = None) -> Html:
        """Section `number` (1–6) of the format: heading, prose, generated sentences, tables, charts."""
        heading = self.tables.format.sections[number - 1]
        parts = [f"<h2>{escape(heading)}</h2>", self._prose(heading)]
        parts.extend(f'<p class="generated">{escape(s)}</p>' for s in prose.sentences(self.tables, number))
        for table in self.tables.format.tables_in(heading):
            parts.append(f'<div class="table-wrap"><p class="caption">{escape(TABLE_CAPTIONS[table.id])}</p>')
            parts.append(layout.table_html(self.tables, table.id, marks) + "</div>")
        for name in SECTION_CHARTS[self.tables.format.name].get(number, ()):
            fig = charts.CHARTS[name](self.tables)
            parts.append(figure_html(fig, alt=fig.axes[0].get_title()))
        return Html(f'<section class="report-section">{"".join(parts)}</section>', heading)

    def review(self) -> Html:
        """Every finding, for reviewers (the published page leaves this cell out)."""
        frame = self.checks_frame()
        total = counts(self.findings)
        head = f"<p>错误 {total['error']} · 警告 {total['warning']} · 提示 {total['info']}</p>"
        if frame.empty:
            return Html(head + "<p>未发现问题。</p>", "no findings")
        rows = "".join(
            f'<tr class="finding-{escape(r.severity)}"><td>{escape(r.severity)}</td><td>{escape(r.rule)}</td>'
            f"<td>{escape('/'.join(x for x in (r.table, r.row, r.column) if x))}</td><td>{escape(r.message)}</td></tr>"
            for r in frame.itertuples()
        )
        html = (
            head + '<table class="findings"><thead><tr><th>severity</th><th>rule</th><th>cell</th>'
            f"<th>message</th></tr></thead><tbody>{rows}</tbody></table>"
        )
        return Html(html, f"{len(frame)} findings")

    # -- what the build writes ---------------------------------------------------------------
    def figures_frame(self) -> pd.DataFrame:
        return self.tables.figures[["table", "row", "column", "value"]].copy()

    def checks_frame(self) -> pd.DataFrame:
        return to_frame(self.findings)

    def failed(self) -> bool:
        """Whether the findings make the build fail (errors, or warnings too when strict)."""
        total = counts(self.findings)
        return total["error"] > 0 or (self.params.strict and total["warning"] > 0)
