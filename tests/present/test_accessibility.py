"""Readable by everyone (GB/T 37668-2019, which follows WCAG 2.1): every page of the examples — each example's
report.html and review.html, the catalogue (build/index.html) and the audit's catalogue — passes axe-core's WCAG 2.1 A
and AA rules in headless Chromium, on a desktop and on a phone; reflows at 320 px and at 200% zoom with only tables
scrolling, each in a named region the keyboard reaches; says every chart's figures in words; captions every table and
scopes every header cell; and shows where the keyboard is, in the order the page reads."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pagecheck
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import REPO
from playwright.sync_api import Browser, Page

from govreport.cli import cli
from govreport.compute.findings import Finding
from govreport.run import audit, catalogue

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(pagecheck.executable() is None, reason=f"skipped: {pagecheck.NO_CHROMIUM}"),
]

EXAMPLES = sorted(p.relative_to(REPO / "params").with_suffix("").as_posix() for p in (REPO / "params").glob("*/*.yaml"))
REPORTS = [f"build/{e}/report.html" for e in EXAMPLES]
PAGES = [f"build/{e}/{name}" for e in EXAMPLES for name in ("report.html", "review.html")]
SUMMARIES = sorted(
    p.relative_to(REPO / "params").with_suffix("").as_posix() for p in (REPO / "params").glob("_summary/*/*.yaml")
)
PAGES += [f"build/{s}/report.html" for s in SUMMARIES]  # the regions' summaries of the examples
PAGES += ["build/index.html", "audit/index.html"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
# 200% zoom of a 1280 px window lays the page out 640 CSS pixels wide (each drawn with two device pixels, which
# changes nothing in the layout).
VIEWS = {"phone": PHONE, "zoom-200": {"width": 640, "height": 450}}
# Every element that scrolls sideways: a page may scroll only inside a region named for the table it holds.
SCROLLERS_JS = """[...document.querySelectorAll('body *')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .map(e => ({tag: e.tagName, role: e.getAttribute('role'), label: e.getAttribute('aria-label') || '',
              tabindex: e.getAttribute('tabindex'), tables: e.querySelectorAll('table').length}))"""
# What has the keyboard's focus, and whether a ring shows where.
FOCUSED_JS = """(() => { const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.textContent).trim(), href: e.getAttribute('href'),
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; })()"""


@pytest.fixture(scope="module")
def pages(built_examples: Path, tmp_path_factory) -> dict[str, Path]:
    """Every page of the examples by name: the built reports, the catalogue, and the audit of the published pages."""
    out = tmp_path_factory.mktemp("audit")
    sources = [str(built_examples / r) for r in REPORTS]
    done = CliRunner().invoke(cli, ["--root", str(out / "root"), "audit", "--out", str(out / "audit"), *sources])
    assert (out / "audit" / "index.html").is_file(), done.output
    return {name: (out if name.startswith("audit/") else built_examples) / name for name in PAGES}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the whole module: a page costs a context, not a browser start."""
    with pagecheck.chromium() as found:
        yield found


def open_page(browser: Browser, path: Path, viewport: dict, scale: float = 1) -> Page:
    context = browser.new_context(viewport=viewport, device_scale_factor=scale, bypass_csp=True)
    page = context.new_page()
    page.goto(path.resolve().as_uri(), wait_until="load")
    return page


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


# -- axe-core ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag21_aa_violation_on_a_desktop_or_a_phone(browser, pages, name):
    page = open_page(browser, pages[name], DESKTOP)
    try:
        desktop = pagecheck.axe_violations(page)
        page.set_viewport_size(PHONE)  # a table that overflows now must be reachable by keyboard
        phone = pagecheck.axe_violations(page)
    finally:
        page.context.close()
    assert desktop == [], pagecheck.violations_text(desktop)
    assert phone == [], pagecheck.violations_text(phone)


# A table of the agency's own in its narrative, as wide as a phone's screen allows.
NARRATIVE_TABLE = """## 一、总体情况

本年度举办培训如下。

| 培训 | 时间 | 地点 | 对象 | 人次 | 课时 | 考核 |
|---|---|---|---|--:|--:|---|
| 政务公开业务培训 | 2021年3月 | 第一会议室 | 各科室联络员 | 45 | 4 | 合格 |
"""


def review_with_findings(root: Path) -> Path:
    """A two-year agency whose review.html marks an error, warnings and info notices on their cells (by hand: 130
    received against 24 the year before is over five times, both years at least 20: year-change warns on 本年新收
    and 予以公开; 999 for 本年新收/总计 is not the row's sum, 130: column-sum; no 主动公开 figure: not-given)."""
    (root / "params" / "demo").mkdir(parents=True)
    (root / "data" / "demo").mkdir(parents=True)
    (root / "data" / "demo" / "agency.yaml").write_text("name: 示例县交通运输局\nkind: department\n", encoding="utf-8")
    figures = {
        2020: "依申请,本年新收,自然人,24\n依申请,予以公开,自然人,24\n",
        2021: "依申请,本年新收,自然人,130\n依申请,予以公开,自然人,130\n依申请,本年新收,总计,999\n",
    }
    for year, rows in figures.items():
        (root / "params" / "demo" / f"{year}.yaml").write_text(f"agency: demo\nyear: {year}\n", encoding="utf-8")
        (root / "data" / "demo" / str(year)).mkdir()
        (root / "data" / "demo" / str(year) / "figures.csv").write_text("table,row,column,value\n" + rows, "utf-8")
    (root / "data" / "demo" / "2021" / "narrative.md").write_text(NARRATIVE_TABLE, encoding="utf-8")
    CliRunner().invoke(cli, ["--root", str(root), "batch", "--jobs", "1", str(root / "params")])
    return root / "build" / "demo" / "2021" / "review.html"


def test_what_the_examples_do_not_show_passes_too(browser, tmp_path):
    """The colours the examples never use: a review page's highlighted findings, the catalogue's failed and
    with-findings rows, an audited report's findings opened; and a table in the narrative."""
    review = review_with_findings(tmp_path / "review")
    rules = {(c["severity"], c["rule"]) for c in csv.DictReader((review.parent / "checks.csv").open(encoding="utf-8"))}
    assert {("error", "column-sum"), ("warning", "year-change"), ("info", "not-given")} <= rules
    rows = [
        catalogue.Row("a", "a", "甲局", "2021", "national-2021", "ok", 0, 0, "", "a/2021/report.html",
                      "a/2021/review.html", None, {"received": "12", "disclosed_pct": "50.0"}),
        catalogue.Row("b", "b", "乙局", "2021", "national-2021", "findings", 2, 1, "", "b/2021/report.html",
                      "b/2021/review.html", None, {}),
        catalogue.Row("c", "c", "", "2021", "", "failed", 0, 0, "data/c/2021/requests.csv:3: 日期无法识别",
                      "c/2021/report.html", "c/2021/review.html", "c/2021.failed.ipynb", {}),
    ]  # fmt: skip
    index = tmp_path / "catalogue" / "index.html"
    index.parent.mkdir()
    index.write_text(catalogue.index_html(rows), encoding="utf-8")
    finding = Finding("error", "column-sum", "依申请", "本年新收", "总计", "本年新收 的总计 999 不等于各列之和 130")
    audit.write_catalogue([audit.Audited("甲局/2021.html", "a", "甲局", 2021, "national-2021", [finding])], tmp_path)
    for path in (review, review.with_name("report.html"), index, tmp_path / "index.html"):  # the last: the audit's
        page = open_page(browser, path, DESKTOP)
        try:
            for details in page.locator("details").all():
                details.evaluate("e => e.open = true")
            found = pagecheck.axe_violations(page)
            page.set_viewport_size(PHONE)
            found += pagecheck.axe_violations(page)
        finally:
            page.context.close()
        assert found == [], f"{path}:\n{pagecheck.violations_text(found)}"
    assert 'class="status-failed"' in index.read_text(encoding="utf-8")


# -- reflow: a phone and 200% zoom -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", PAGES)
def test_page_reflows_on_a_phone_and_at_200_percent_and_only_tables_scroll_each_in_a_named_region(browser, pages, name):
    page = open_page(browser, pages[name], DESKTOP)
    try:
        for view, viewport in VIEWS.items():
            page.set_viewport_size(viewport)
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"the page scrolls {sideways} px sideways at {view}"
            for region in page.evaluate(SCROLLERS_JS):
                assert region["role"] == "region" and region["label"] and region["tabindex"] == "0", (view, region)
                assert region["tables"] == 1, (view, region)
    finally:
        page.context.close()


def test_the_wide_tables_of_a_national_report_scroll_on_a_phone_by_keyboard(browser, pages):
    page = open_page(browser, pages["build/haicheng-sample/2021/report.html"], PHONE)
    try:
        scrolling = [r["label"] for r in page.evaluate(SCROLLERS_JS)]
        region = page.locator('[role="region"][aria-label="收到和处理政府信息公开申请情况"]')
        region.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    finally:
        page.context.close()
    # 依申请 and 复议诉讼 (many columns) keep them readable and scroll; 主动公开 fits.
    assert scrolling == ["收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"]


# -- structure: language, landmarks, headings, captions, scope ---------------------------------------------------------
@pytest.mark.parametrize("name", PAGES)
def test_page_structure_language_landmark_headings_captions_and_scope(pages, name):
    page = soup(pages[name])
    assert page.html["lang"] == "zh-CN"
    assert len(page.find_all("main")) == 1 and page.title.get_text(strip=True)
    levels = [int(h.name[1]) for h in page.find_all(re.compile(r"^h[1-6]$"))]
    skipped = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert levels[0] == 1 and skipped == [], levels
    assert all(img.get("alt", "").strip() for img in page.find_all("img"))
    tables = page.find_all("table")
    assert tables
    for table in tables:
        assert table.caption and table.caption.get_text(strip=True), str(table)[:200]
        for th in table.find_all("th"):
            assert th.get("scope") in ("col", "row", "rowgroup"), str(th)
        # A row of figures is labelled by a row header, its first cell (the one row of 复议诉讼 has no label).
        if table.get("data-table") != "复议诉讼":
            for tr in table.find_all("tr"):
                if tr.find("td"):
                    first = tr.find(["th", "td"])
                    assert first.name == "th" and first["scope"] == "row", str(tr)[:200]
    for region in page.find_all(attrs={"role": "region"}):
        assert region["aria-label"] and region["tabindex"] == "0" and len(region.find_all("table")) == 1
    for table in page.select("table.official"):  # an official table's region is named by its caption
        assert table.parent["aria-label"] == table.caption.get_text(strip=True)


# -- charts: their figures in words ------------------------------------------------------------------------------------
ALT = re.compile(r"^(?P<title>[^：（]+)(（单位：(?P<unit>[^）]+)）)?：(?P<points>.+)。$")
RESULT_GROUPS = {
    "（一）予以公开": "予以公开",
    "（二）部分公开": "部分公开",
    "（三）不予公开": "不予公开",
    "（四）无法提供": "无法提供",
    "（五）不予处理": "不予处理",
    "（六）其他处理": "其他处理",
}


def figures_of(report: Path) -> dict[tuple[str, str, str], int]:
    with (report.parent / "figures.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["table"], r["row"], r["column"]): int(float(r["value"])) for r in csv.DictReader(handle)}


def received(report: Path) -> int:
    """Requests received that year, as figures.csv has it: 附表's 受理申请总数, or 依申请's 本年新收 in all."""
    figures = figures_of(report)
    legacy = ("附表", "受理申请总数", "本年")
    return figures[legacy] if legacy in figures else figures[("依申请", "本年新收", "总计")]


def expected_points(report: Path, title: str) -> dict[str, int]:
    """What a chart must say, worked out from the report's own figures.csv (and its records where the chart counts
    them), not from the chart."""
    f = figures_of(report)
    year = int(report.parent.name)
    if title == f"{year}年受理申请的方式":
        found = {"当面": f[("附表", "当面申请数", "本年")], "网络": f[("附表", "网络申请数", "本年")]}
        found["信函、传真"] = f[("附表", "信函传真申请数", "本年")]
        other = f[("附表", "受理申请总数", "本年")] - sum(found.values())
        return found | ({"其他": other} if other else {})
    if title == f"{year}年对申请的答复":
        return {r: f[("附表", r, "本年")] for r in ("同意公开", "同意部分公开", "不予公开", "其他类型")}
    if title == f"{year}年主动公开信息的类别":
        items = csv.DictReader((REPO / "data" / report.parent.parent.name / str(year) / "proactive.csv").open())
        counted: dict[str, int] = {}
        for item in items:
            if item["published"].startswith(str(year)):
                counted[item["category"]] = counted.get(item["category"], 0) + 1
        assert sum(counted.values()) == f[("附表", "主动公开文件数", "本年")]
        return counted
    if title == f"{year}年新收申请的申请人类型":
        return {c: v for (t, r, c), v in f.items() if (t, r) == ("依申请", "本年新收") and c != "总计"}
    if title == f"{year}年申请的办理结果":
        found = {
            group: sum(v for (t, r, c), v in f.items() if t == "依申请" and c == "总计" and r.split("/")[0] == key)
            for group, key in RESULT_GROUPS.items()
        }
        assert sum(found.values()) == f[("依申请", "总计", "总计")]  # every request handled is in one group
        return found
    assert title == "历年收到政府信息公开申请数量", title
    agency = report.parent.parent
    return {f"{y.name}年": received(y / "report.html") for y in sorted(agency.iterdir()) if int(y.name) <= year}


@pytest.mark.parametrize("name", REPORTS)
def test_every_chart_says_in_words_the_figures_it_draws(pages, name):
    report = pages[name]
    alts = [img["alt"] for img in soup(report).select("figure.chart img")]
    assert len(alts) == 3  # legacy: categories, channels, replies; national: results, applicants, trend
    for alt in alts:
        match = ALT.match(alt)
        assert match, alt
        points = [p.rsplit(" ", 1) for p in match["points"].split("；")]
        said = {label: int(value) for label, value in points}
        assert len(said) == len(points)
        assert said == expected_points(report, match["title"]), alt


# -- keyboard: order and a visible ring ------------------------------------------------------------------------------
# The column sorted by, which way, and the year of the first row.
SORTED_JS = """(() => { const th = document.querySelector('th[aria-sort]');
  const year = th.closest('table').querySelector('tbody td[data-label="年度"]').textContent;
  return [th.textContent, th.getAttribute('aria-sort'), year]; })()"""


def tab_through(page: Page, stops: int) -> list[dict]:
    found = []
    for _ in range(stops):
        page.keyboard.press("Tab")
        found.append(page.evaluate(FOCUSED_JS))
    return found


def test_catalogue_keyboard_goes_link_then_each_sort_button_then_each_report_and_shows_where(browser, pages):
    page = open_page(browser, pages["build/index.html"], DESKTOP)
    try:
        stops = tab_through(page, 1 + len(SUMMARIES) + 8 + 2 * len(EXAMPLES) + 1)
        year = page.locator("th button", has_text="年度")
        year.focus()
        page.keyboard.press("Enter")
        ascending = page.evaluate(SORTED_JS)
        page.keyboard.press("Enter")
        descending = page.evaluate(SORTED_JS)
    finally:
        page.context.close()
    expected = [("A", "各年度主要数据（summary.csv）", "summary.csv")]
    expected += [("A", "汇总报告", f"{s}/report.html") for s in SUMMARIES]  # the regions' summaries come first
    expected += [("BUTTON", h, None) for h in ("机构", "年度", "格式", "状态", "错误", "警告", "收到申请", "公开比例")]
    for example in EXAMPLES:  # rows in order of agency, then year
        expected += [("A", "报告", f"{example}/report.html"), ("A", "审核版", f"{example}/review.html")]
    assert [(s["tag"], s["text"], s["href"]) for s in stops[:-1]] == expected
    assert stops[-1]["tag"] == "BODY"  # nothing else takes focus
    assert all(s["ring"] for s in stops[:-1]), [s for s in stops if not s["ring"]]
    assert ascending == ["年度", "ascending", "2017"] and descending == ["年度", "descending", "2024"]


@pytest.mark.parametrize(
    ("name", "regions"),
    [
        ("build/fujian-commerce/2017/report.html", ["附表：政府信息公开情况统计表"]),
        (
            "build/haicheng-sample/2021/review.html",
            ["主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
             "全报告：1 条提示 [repetition]", "与上年相比", "来源"],  # the repetition rule's measure: a notice
        ),
    ],
)  # fmt: skip
def test_report_keyboard_reaches_each_table_region_in_reading_order_and_shows_where(browser, pages, name, regions):
    page = open_page(browser, pages[name], DESKTOP)
    try:
        stops = tab_through(page, len(regions) + 1)
        tabindex = page.evaluate("[...document.querySelectorAll('[tabindex]')].map(e => e.getAttribute('tabindex'))")
    finally:
        page.context.close()
    assert [s["text"] for s in stops[:-1]] == regions and stops[-1]["tag"] == "BODY"
    assert all(s["ring"] for s in stops[:-1])
    assert set(tabindex) == {"0"}  # no order of its own: the keyboard follows the page
