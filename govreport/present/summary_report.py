"""A region's summary of its agencies' reports: the object the summary notebook's cells call.

Every part reads the one `Summary` value (compute/summary.py): the sentences (compute/sentences.py), the
summed official tables laid out as a report prints them (present/layout.py), the listings a reader
sorts and downloads (present/listing.py) and the charts (present/charts.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from govreport.compute import headline, sentences, summary
from govreport.compute.summary import Entry, Ranking, Summary
from govreport.inputs.figure import Figure, figure_text
from govreport.inputs.project import Project
from govreport.inputs.summary_params import SummaryParams
from govreport.present import charts, html, layout
from govreport.present.display import Html, figure_html
from govreport.present.handover import handed
from govreport.present.listing import Item, Listing

# Charts of the summed tables, by format (the trend has its own section).
CHARTS = {"legacy": ("channels", "replies"), "national-2019": ("results", "applicants")}
CHARTS["national-2021"] = CHARTS["national-2019"]
STATUS = {"summed": "已汇总", "other-format": "格式不同，未汇总", "not-built": "缺少报告"}
SECTIONS = ("一、总体情况", "二、各机关报告情况", "三、汇总表", "四、排名", "五、历年情况")


def _count(value: Figure) -> Item:
    return Item(figure_text(value))


def _share(value: Figure) -> Item:
    return Item(f"{figure_text(value)}%", figure_text(value))


@dataclass(frozen=True)
class SummaryReport:
    """The notebook's view of a summary's value: the HTML of its parts."""

    value: Summary

    @classmethod
    def load(
        cls,
        name: str,
        year: int,
        region: str,
        agencies: list[str] | str,
        kind: str | None = None,
        format: str = "auto",
        root: str | Path = ".",
    ) -> SummaryReport:
        """The value a build handed over, else read the covered agencies' built reports and summarise them."""
        agencies = tuple([agencies] if isinstance(agencies, str) else agencies)
        params = SummaryParams(name, int(year), region, agencies, kind, format)
        project = Project.at(root)
        return cls(handed(project, params) or summary.load(project, params))

    @property
    def params(self) -> SummaryParams:
        return self.value.params

    def _section(self, number: int, said: list[str], tables=(), figures=()) -> Html:
        heading = SECTIONS[number - 1]
        page = html.render(
            "section", heading=heading, narrative=Markup(""), sentences=said, tables=tables, figures=figures
        )
        return Html(page, heading)

    def _listing(self, key: str, caption: str, columns, rows, marks=()) -> tuple[str, Markup]:
        """(caption, the listing's HTML): a table of the section, named by its caption."""
        name = f"{self.params.name}-{self.params.year}-{key}"
        return caption, Markup(Listing(name, caption, tuple(columns), tuple(rows), tuple(marks)).html())

    # -- what cells display ------------------------------------------------------------------------
    def title(self) -> Html:
        note = Markup(
            "<p>本汇总由各机关已生成报告的数据（figures.csv、checks.csv）汇总而成，文中和表中的数字均由程序计算。</p>"
        )
        return Html(html.render("title", title=self.value.title, preamble=note), self.value.title)

    def overview(self) -> Html:
        """What the summary covers: agencies, reports summed, reports in another format, reports missing."""
        return self._section(1, sentences.summary_overview(self.value))

    def reports(self) -> Html:
        """Every covered agency's report: its state, publication date and deadline, findings, links."""
        columns = [
            ("机关", False),
            ("类型", False),
            ("格式", False),
            ("状态", False),
            ("公开日期", False),
            ("公开期限", False),
            ("是否按期", False),
            ("错误", True),
            ("警告", True),
            ("所涉规则", False),
            ("报告", False),
        ]
        rows, marks = [], []
        for e in self.value.entries:
            rows.append(self._report_row(e))
            marks.append("missing" if not e.built else "errors" if e.errors else "late" if e.late else "")
        for slug, why in self.value.unknown:
            blank = Item("")
            rows.append(
                (Item(slug), blank, blank, Item("无此机关"), blank, blank, blank, blank, blank, Item(why), blank)
            )
            marks.append("missing")
        listing = self._listing("reports", "各机关的报告", columns, rows, marks)
        return self._section(2, sentences.summary_reports(self.value), [listing])

    def _report_row(self, e: Entry) -> tuple[Item, ...]:
        timely = "" if not e.built else "逾期" if e.late else "按期" if e.on_time else "未注明"
        links: tuple[tuple[str, str], ...] = ()  # (href, label)
        if e.built:
            links = ((self._link(e.agency, "report.html"), "报告"), (self._link(e.agency, "review.html"), "审核版"))
        return (
            Item(e.name, e.agency),
            Item(sentences.KIND_NAMES.get(e.kind, e.kind)),
            Item(sentences.FORMAT_NAMES.get(e.format or "", "") if e.built else ""),
            Item(STATUS[e.status]),
            Item(e.published or ""),
            Item(e.due.isoformat()),
            Item(timely),
            Item(str(e.errors)),
            Item(str(e.warnings)),
            Item("、".join(e.rules)),
            Item("", "", links),
        )

    def _link(self, agency: str, page: str) -> str:
        return Project.summary_link(agency, self.params.year, page)

    def tables(self) -> Html:
        """Every official table of the format, each cell summed over the summed reports, and their charts."""
        value = self.value
        if not value.summed:
            sentence = f"没有按{sentences.FORMAT_NAMES[value.format.name]}编制的报告可以汇总。"
            return self._section(3, [sentence])
        tables = [
            (table.caption, Markup(layout.table_html(value.tables, table.id))) for table in value.format.tables.values()
        ]
        figures = []
        for name in CHARTS[value.format.name]:
            fig = charts.CHARTS[name](value.tables)
            figures.append(Markup(figure_html(fig)))
        return self._section(3, sentences.summary_totals(value), tables, figures)

    def rankings(self) -> Html:
        """The rankings supervisors look at, each a listing sortable by any column and downloadable."""
        listings = [self._ranking(r) for r in self.value.rankings if r.rows]  # the sentences say why not
        return self._section(4, sentences.summary_rankings(self.value), listings)

    def _ranking(self, ranking: Ranking) -> tuple[str, Markup]:
        columns = [("名次", True), ("机关", False), *[(c.label, True) for c in ranking.columns]]
        rows = [
            (
                Item(str(r.rank)),
                Item(r.name, r.agency),
                *[_share(v) if c.share else _count(v) for c, v in zip(ranking.columns, r.values, strict=True)],
            )
            for r in ranking.rows
        ]
        return self._listing(ranking.key, ranking.title, columns, rows)

    def trend(self) -> Html:
        """The region's requests year by year, in a listing and a chart."""
        columns = [
            ("年度", True),
            ("格式", False),
            ("汇总报告数", True),
            ("收到申请（件）", True),
            ("办理完毕（件）", True),
            ("予以公开和部分公开（件）", True),
            ("公开比例", True),
            ("其他格式报告数", True),
        ]
        rows = []
        for t in self.value.trend:
            share = headline.percent(t.disclosed, t.handled, digits=1)
            rows.append(
                (
                    Item(str(t.year)),
                    Item(sentences.FORMAT_NAMES[t.format]),
                    Item(str(t.reports)),
                    _count(t.received),
                    _count(t.handled),
                    _count(t.disclosed),
                    _share(share) if t.handled else Item("", ""),
                    Item(str(t.other_format)),
                )
            )
        figures = []
        if self.value.trend:
            fig = charts.region_trend(self.value.trend)
            figures.append(Markup(figure_html(fig)))
        listing = self._listing("trend", "历年汇总", columns, rows)
        return self._section(5, sentences.summary_trend(self.value), [listing], figures)
