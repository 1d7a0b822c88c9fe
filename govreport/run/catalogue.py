"""The catalogue of a build: build/index.html (every report, sortable, phone-readable) and build/summary.csv.

summary.csv puts the headline figures of every agency-year side by side, read back from each
report's own figures.csv, so an office can compare its departments in a spreadsheet.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

from govreport.errors import DISK_FULL, DiskFullError
from govreport.inputs.figure import figure_text
from govreport.inputs.project import Project

SUMMARY_COLUMNS = (
    "agency",
    "name",
    "year",
    "format",
    "status",
    "received",
    "carried_in",
    "handled",
    "carried_over",
    "disclosed_full",
    "disclosed_part",
    "disclosed_pct",
    "other_pct",
    "errors",
    "warnings",
)
# Headline cells by format: (table, row, column); a tuple of rows is summed.
LEGACY = {
    "received": ("附表", "受理申请总数", "本年"),
    "handled": ("附表", "答复总数", "本年"),
    "disclosed_full": ("附表", "同意公开", "本年"),
    "disclosed_part": ("附表", "同意部分公开", "本年"),
    "other": ("附表", "其他类型", "本年"),
}
NATIONAL = {
    "received": ("依申请", "本年新收", "总计"),
    "carried_in": ("依申请", "上年结转", "总计"),
    "handled": ("依申请", "总计", "总计"),
    "carried_over": ("依申请", "结转下年度", "总计"),
    "disclosed_full": ("依申请", "予以公开", "总计"),
    "disclosed_part": ("依申请", "部分公开", "总计"),
    "other": ("依申请", "其他处理", "总计"),  # national-2021 splits it: every 其他处理/… row is added
}
STATUS_LABELS = {"ok": "成功", "findings": "有错误", "failed": "失败"}


@dataclass
class Row:
    """One line of the catalogue."""

    key: str
    agency: str
    name: str
    year: str
    format: str
    status: str
    errors: int
    warnings: int
    cause: str
    report: str | None  # link relative to build/, when a report (possibly an older good one) exists
    review: str | None
    evidence: str | None
    figures: dict[str, str]


def _figures(path: Path) -> dict[tuple[str, str, str], float]:
    found: dict[tuple[str, str, str], float] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                try:
                    found[(record["table"], record["row"], record["column"])] = float(record["value"])
                except (KeyError, ValueError, TypeError):
                    continue
    except OSError:
        pass
    return found


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return figure_text(value)


def headline(figures: dict[tuple[str, str, str], float], fmt: str) -> dict[str, str]:
    """The summary figures of one report from its figures.csv cells (blank where the format has none)."""
    cells = LEGACY if fmt == "legacy" else NATIONAL
    values: dict[str, float | None] = {}
    for name, (table, row, column) in cells.items():
        if name == "other" and fmt != "legacy":
            parts = [v for (t, r, c), v in figures.items() if t == table and c == column and r.startswith(row + "/")]
            values[name] = sum(parts) if parts else figures.get((table, row, column))
        else:
            values[name] = figures.get((table, row, column))
    handled = values.get("handled")
    out = {name: _number(values.get(name)) for name in ("received", "carried_in", "handled", "carried_over")}
    out["disclosed_full"] = _number(values.get("disclosed_full"))
    out["disclosed_part"] = _number(values.get("disclosed_part"))
    out["disclosed_pct"] = out["other_pct"] = ""
    if handled:
        if values.get("disclosed_full") is not None:
            disclosed = (values.get("disclosed_full") or 0) + (values.get("disclosed_part") or 0)
            out["disclosed_pct"] = f"{100 * disclosed / handled:.1f}"
        if values.get("other") is not None:
            out["other_pct"] = f"{100 * values['other'] / handled:.1f}"
    return out


def rows(project: Project, state: dict, invalid: list) -> list[Row]:
    """Every report the batch knows of, and every params file it could not read."""
    build = project.build_root
    found = []
    for entry in [*state.values(), *invalid]:
        folder = build / entry.agency / str(entry.year) if entry.agency else None
        manifest: dict = {}
        if folder is not None:
            try:
                manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                manifest = {}
        if folder is not None and not manifest and entry.status != "failed":
            continue  # build/ was cleaned under the state: nothing to list
        fmt = str(manifest.get("format", ""))
        name = str(manifest.get("title", "")).split(str(entry.year))[0] if manifest else ""
        counts = entry.counts or manifest.get("counts", {})
        evidence = build / entry.agency / f"{entry.year}.failed.ipynb" if entry.agency else None
        link = f"{entry.agency}/{entry.year}/"
        found.append(
            Row(
                key=entry.key,
                agency=entry.agency or entry.params,
                name=name,
                year=str(entry.year or ""),
                format=fmt,
                status=entry.status,
                errors=int(counts.get("error", 0)),
                warnings=int(counts.get("warning", 0)),
                cause=entry.cause,
                report=link + "report.html" if manifest else None,
                review=link + "review.html" if manifest else None,
                evidence=f"{entry.agency}/{entry.year}.failed.ipynb" if evidence and evidence.is_file() else None,
                figures=headline(_figures(folder / "figures.csv"), fmt) if manifest else {},
            )
        )
    return sorted(found, key=lambda r: (r.agency, r.year))


STYLE = """
*, *::before { box-sizing: border-box; }
:root { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #1d2433; }
body { margin: 0; padding: 1rem; max-width: 72rem; margin-inline: auto; line-height: 1.5; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
p.summary { margin: 0 0 1rem; color: #4a5468; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { padding: .4rem .5rem; border-bottom: 1px solid #d8dde6; text-align: left; vertical-align: top; }
th { background: #f1f4f9; position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
th button::after { content: " ↕"; color: #8a93a6; }
th[aria-sort="ascending"] button::after { content: " ↑"; color: inherit; }
th[aria-sort="descending"] button::after { content: " ↓"; color: inherit; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.status-failed td { background: #fdf0ef; }
tr.status-findings td { background: #fff8e6; }
.status { font-weight: 600; }
.cause { display: block; font-size: .85rem; color: #8b2b22; overflow-wrap: anywhere; }
a { color: #1f5fa8; }
@media (max-width: 40rem) {
  thead { display: none; }
  table, tbody, tr, td { display: block; width: 100%; }
  tr { border: 1px solid #d8dde6; border-radius: .4rem; margin-bottom: .75rem; padding: .25rem 0; }
  td { border: 0; padding: .15rem .6rem; text-align: left; }
  td.num { text-align: left; }
  td::before { content: attr(data-label) "："; color: #4a5468; }
}
"""
# Sorting by a column header: numbers as numbers, text by the page's language.
SCRIPT = """
document.querySelectorAll("th button").forEach(function (button, index) {
  button.addEventListener("click", function () {
    var th = button.parentNode, body = document.querySelector("tbody");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    document.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index].getAttribute("data-sort"), y = b.cells[index].getAttribute("data-sort");
      var nx = parseFloat(x), ny = parseFloat(y);
      var order = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, "zh-CN");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""
HEADERS = (
    ("机构", "agency"),
    ("年度", "year"),
    ("格式", "format"),
    ("状态", "status"),
    ("错误", "errors"),
    ("警告", "warnings"),
    ("收到申请", "received"),
    ("公开比例", "disclosed_pct"),
    ("报告", None),
)


def _cell(label: str, html: str, sort: str, numeric: bool = False) -> str:
    cls = ' class="num"' if numeric else ""
    return f'<td{cls} data-label="{escape(label)}" data-sort="{escape(sort)}">{html}</td>'


def index_html(found: list[Row]) -> str:
    """The catalogue page: self-contained (no scripts or styles from elsewhere), lang zh-CN."""
    lines = []
    for r in found:
        links = []
        if r.report:
            links.append(f'<a href="{escape(r.report)}">报告</a>')
            links.append(f'<a href="{escape(r.review)}">审核版</a>')
        if r.evidence:
            links.append(f'<a href="{escape(r.evidence)}">失败记录</a>')
        status = f'<span class="status">{escape(STATUS_LABELS.get(r.status, r.status))}</span>'
        if r.cause:
            kept = "（保留上次成功的报告）" if r.report and r.status == "failed" else ""
            status += f'<span class="cause">{escape(r.cause)}{kept}</span>'
        agency = escape(r.agency) + (f"<br>{escape(r.name)}" if r.name else "")
        pct = r.figures.get("disclosed_pct", "")
        lines.append(
            f'<tr class="status-{escape(r.status)}">'
            + _cell("机构", agency, r.agency)
            + _cell("年度", escape(r.year), r.year, True)
            + _cell("格式", escape(r.format), r.format)
            + _cell("状态", status, r.status)
            + _cell("错误", str(r.errors), str(r.errors), True)
            + _cell("警告", str(r.warnings), str(r.warnings), True)
            + _cell("收到申请", escape(r.figures.get("received", "")), r.figures.get("received", ""), True)
            + _cell("公开比例", escape(pct + "%" if pct else ""), pct, True)
            + _cell("报告", " · ".join(links), "")
            + "</tr>"
        )
    failed = sum(r.status == "failed" for r in found)
    findings = sum(r.status == "findings" for r in found)
    head = "".join(
        f'<th scope="col"><button type="button">{escape(label)}</button></th>' if key else f"<th>{escape(label)}</th>"
        for label, key in HEADERS
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>政府信息公开工作年度报告目录</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        "<h1>政府信息公开工作年度报告目录</h1>\n"
        f'<p class="summary">共 {len(found)} 份；失败 {failed} 份；数据有错误 {findings} 份。'
        '<a href="summary.csv">各年度主要数据（summary.csv）</a></p>\n'
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(lines) + "\n</tbody>\n</table>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def summary_rows(found: list[Row]) -> list[dict[str, str]]:
    out = []
    for r in found:
        if not r.report:
            continue
        out.append(
            {
                "agency": r.agency,
                "name": r.name,
                "year": r.year,
                "format": r.format,
                "status": r.status,
                **{k: r.figures.get(k, "") for k in SUMMARY_COLUMNS[5:13]},
                "errors": str(r.errors),
                "warnings": str(r.warnings),
            }
        )
    return out


def _replace(path: Path, data: bytes, project: Project) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        if exc.errno not in DISK_FULL:
            raise
        temporary.unlink(missing_ok=True)
        kept = "; the previous one is kept" if path.is_file() else ""
        raise DiskFullError(f"the disk is full: {project.relative(path)} was not written{kept}") from None


def write(project: Project, state: dict, invalid: list) -> None:
    """Write build/index.html and build/summary.csv from the batch state and the built reports."""
    import pandas as pd

    from govreport.present.download import csv_text

    found = rows(project, state, invalid)
    project.build_root.mkdir(parents=True, exist_ok=True)
    _replace(project.build_root / "index.html", index_html(found).encode("utf-8"), project)
    frame = pd.DataFrame(summary_rows(found), columns=list(SUMMARY_COLUMNS), dtype=str)
    _replace(project.build_root / "summary.csv", csv_text(frame).encode("utf-8"), project)
