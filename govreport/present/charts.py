"""Charts of a report's figures: matplotlib Figures with Chinese drawn in a free CJK font, each keeping in words what
it draws (its text alternative on the page)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from matplotlib import font_manager

# Figures are made and saved without pyplot (no backend, no global figure list, ~0.2 s less to import).
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from govreport.compute import headline
from govreport.compute.summary import YearTotal
from govreport.compute.tables import Tables
from govreport.errors import ReportError
from govreport.inputs.figure import figure_text
from govreport.messages import msg

CJK_FAMILY = "Noto Sans CJK SC"
# Debian's fonts-noto-cjk (SIL Open Font License); the Makefile installs it.
FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/local/share/fonts/NotoSansCJK-Regular.ttc",
)
COLOURS = ("#1f5fa8", "#d0873a", "#4f9a5b", "#b5413b", "#7c62a8", "#8a6d3b", "#5a8ea8")


def use_cjk_font() -> None:
    """Register Noto Sans CJK SC with matplotlib and make it the first family (no tofu, no warnings)."""
    if not any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):
        path = next((p for p in FONT_FILES if Path(p).is_file()), None)
        if path is None:
            raise ReportError(msg("output.no-cjk-font", family=CJK_FAMILY, paths=FONT_FILES))
        font_manager.fontManager.addfont(path)
    matplotlib.rcParams["font.family"] = [CJK_FAMILY, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    matplotlib.rcParams["svg.hashsalt"] = "govreport"


@dataclass(frozen=True)
class Drawn:
    """What a chart draws, in words: its title, the unit of its values, and each point as (label, value as printed).

    The chart's text alternative is written from it (`words`), on the page and in report.docx."""

    title: str
    unit: str
    points: tuple[tuple[str, str], ...]

    def words(self) -> str:
        """The chart's text alternative, on the page and in report.docx: title, unit, every label with its value."""
        unit = f"（单位：{self.unit}）" if self.unit else ""
        points = "；".join(f"{label} {value}" for label, value in self.points) or "没有数据"
        return f"{self.title}{unit}：{points}。"


class Chart(Figure):
    """A chart's figure that keeps what it draws (`drawn`), so that what it shows can also be read."""

    drawn: Drawn


def _figure(title: str, unit: str, labels: list[str], values: list[float]) -> tuple[Chart, list[str]]:
    """A chart's figure on an Agg canvas of its own (layout and saving reuse its renderer instead of dry runs),
    holding what it will draw; and the values as printed, the same text on the chart as in its alternative."""
    texts = [figure_text(v) for v in values]
    fig = Chart(figsize=(6.4, 3.2), dpi=100)
    FigureCanvasAgg(fig)
    fig.drawn = Drawn(title, unit, tuple(zip(labels, texts, strict=True)))
    return fig, texts


def _bars(title: str, labels: list[str], values: list[float], unit: str = "条") -> Chart:
    use_cjk_font()
    fig, texts = _figure(title, unit, labels, values)
    ax = fig.subplots()
    bars = ax.barh(labels[::-1], values[::-1], color=COLOURS[0])
    ax.bar_label(bars, labels=texts[::-1], padding=3)
    ax.set_title(title)
    ax.set_xlabel(unit)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(0, max(values + [1]) * 1.15)
    fig.tight_layout()
    return fig


def channels(tables: Tables) -> Chart:
    """Legacy: requests received by channel."""
    rows = ["当面申请数", "网络申请数", "信函传真申请数"]
    values = [tables.value("附表", r, "本年") for r in rows]
    other = (headline.received(headline.cells(tables), "legacy") or 0) - sum(values)
    labels = ["当面", "网络", "信函、传真"] + (["其他"] if other > 0 else [])
    return _bars(f"{tables.year}年受理申请的方式", labels, values + ([other] if other > 0 else []))


def replies(tables: Tables) -> Chart:
    """Legacy: replies by type."""
    rows = ["同意公开", "同意部分公开", "不予公开", "其他类型"]
    return _bars(
        f"{tables.year}年对申请的答复",
        ["同意公开", "同意部分公开", "不予公开", "其他类型"],
        [tables.value("附表", r, "本年") for r in rows],
    )


def categories(tables: Tables) -> Chart:
    """Proactively disclosed items by category."""
    items = tables.categories or {"主动公开文件": tables.value("附表", "主动公开文件数", "本年")}
    return _bars(f"{tables.year}年主动公开信息的类别", list(items), [float(v) for v in items.values()])


def results(tables: Tables) -> Chart:
    """National: requests handled, by result group."""
    groups: dict[str, float] = {}
    for row in tables.rows("依申请"):
        if row.group is None or row.key == "总计":
            continue
        name = row.label if row.group == "三、本年度办理结果" else row.group
        name = name.split("（区分")[0]
        groups[name] = groups.get(name, 0.0) + tables.value("依申请", row.key, "总计")
    return _bars(f"{tables.year}年申请的办理结果", list(groups), list(groups.values()), unit="件")


def applicants(tables: Tables) -> Chart:
    """National: requests received by applicant type."""
    table = tables.format.tables["依申请"]
    columns = [c.key for c in table.columns if c.key != "总计"]
    return _bars(
        f"{tables.year}年新收申请的申请人类型",
        columns,
        [tables.value("依申请", "本年新收", c) for c in columns],
        unit="件",
    )


def trend(tables: Tables) -> Chart:
    """Requests received per year over every available year of the agency that gives them."""
    years, values = [], []
    current: Tables | None = tables
    while current is not None:
        fmt = current.format.name
        received = headline.received(headline.cells(current), fmt)
        # A year whose requests are not given is left out, not drawn as 0.
        if received is not None and current.given(*headline.cell(fmt, "received")):
            years.append(current.year)
            values.append(received)
        current = current.previous
    return _lines("历年收到政府信息公开申请数量", years[::-1], {"收到申请": values[::-1]})


def region_trend(trend: tuple[YearTotal, ...]) -> Chart:
    """A region's requests received and handled per year (what means the same in every format)."""
    series = {"收到申请": [t.received for t in trend], "办理完毕": [t.handled for t in trend]}
    return _lines("历年收到和办理完毕的政府信息公开申请数量", [t.year for t in trend], series)


def _lines(title: str, years: list[int], series: dict[str, list]) -> Chart:
    """A line a series over the years, each point labelled (the first series above its points, the next below).

    The years may mix formats (条, 件): no unit is drawn. In words, each point is its year, and its series where
    there are several.
    """
    use_cjk_font()
    labels = [f"{y}年" for y in years]
    named = [f"{label}{name}" if len(series) > 1 else label for name in series for label in labels]
    fig, texts = _figure(title, "", named, [v for values in series.values() for v in values])
    ax = fig.subplots()
    for i, (name, values) in enumerate(series.items()):
        ax.plot(years, values, marker="o", color=COLOURS[i], label=name)
        for x, y, text in zip(years, values, texts[i * len(years) : (i + 1) * len(years)], strict=True):
            ax.annotate(text, (x, y), textcoords="offset points", xytext=(0, 6 - 20 * i), ha="center")
    ax.set_title(title)
    ax.set_xticks(years)
    ax.set_xticklabels(labels)
    ax.set_ylim(0, max([v for values in series.values() for v in values] + [1]) * 1.2)
    ax.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        ax.legend(frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG with no varying metadata, at `dpi` (default: the figure's own)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buffer.getvalue()


CHARTS = {
    "channels": channels,
    "replies": replies,
    "categories": categories,
    "results": results,
    "applicants": applicants,
    "trend": trend,
}
