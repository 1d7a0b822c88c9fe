"""Built pages in a real headless Chromium (no network, every official table shown, CJK glyphs) and printed to an
A4 PDF by WeasyPrint (tables whole, text as written, nothing fetched, the same bytes every time)."""

from __future__ import annotations

import base64
import io
import re
import shutil
import socket
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pagecheck
import pdfplumber
import pypdf
import pytest
from conftest import REPO

from govreport.errors import ReportError
from govreport.inputs.vocabulary import load_format
from govreport.present import browser
from govreport.run import execute


def _pango_error() -> str | None:
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return str(exc)
    return None


needs_chromium = pytest.mark.skipif(pagecheck.executable() is None, reason=f"skipped: {pagecheck.NO_CHROMIUM}")
needs_pango = pytest.mark.skipif(
    _pango_error() is not None,
    reason=f"skipped: WeasyPrint cannot load Pango ({_pango_error()}); install Debian's libpango-1.0-0 and "
    "libpangoft2-1.0-0 (.ci/run does)",
)
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
A4_POINTS = (595.28, 841.89)
ONE_PIXEL_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
NATIONAL_REQUESTS = """id,received,channel,applicant,outcome,closed
A1,2022-01-05,网络,自然人,予以公开,2022-01-20
A2,2022-02-05,信函,商业企业,部分公开,2022-02-25
A3,2022-03-01,网络,科研机构,不予公开/国家秘密,2022-03-15
A4,2022-12-20,当面,自然人,,
"""


def national_root(root: Path) -> Path:
    """A tiny national-2021 agency-year (4 requests) beside the example, for its three tables."""
    (root / "params" / "city-office").mkdir(parents=True)
    (root / "data" / "city-office" / "2022").mkdir(parents=True)
    (root / "data" / "city-office" / "agency.yaml").write_text("name: 示例市人民政府办公室\nkind: department\n")
    (root / "params" / "city-office" / "2022.yaml").write_text("agency: city-office\nyear: 2022\n")
    (root / "data" / "city-office" / "2022" / "requests.csv").write_text(NATIONAL_REQUESTS)
    return root / "params" / "city-office" / "2022.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("browser-root")
    for name in ("params", "data"):
        shutil.copytree(REPO / name, root / name)
    national = national_root(root)
    legacy = execute.build(root / "params" / "fujian-commerce" / "2017.yaml").out_dir
    return {"root": root, "legacy": legacy, "national": execute.build(national).out_dir}


def cjk_drawn_by_cjk_font(fonts: list[dict], text: str) -> bool:
    """Whether a CJK font drew at least as many glyphs as the text has CJK characters (no tofu)."""
    wanted = len(CJK.findall(text))
    drawn = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"])
    return wanted > 0 and drawn >= wanted


def assert_clean_page(page: pagecheck.PageCheck, expected_tables: set[str]) -> None:
    assert page.requests == [], f"the page asked the network for {page.requests}"
    assert not [c for c in page.console if "Refused" in c or "ERR_" in c], page.console
    assert {t["id"] for t in page.tables} == expected_tables
    hidden = [t["id"] for t in page.tables if not t["visible"]]
    assert hidden == [], f"official tables not drawn: {hidden}"
    for selector, fonts in page.fonts.items():
        assert cjk_drawn_by_cjk_font(fonts, page.texts[selector]), f"{selector}: {page.texts[selector]!r} in {fonts}"
        assert any(f["familyName"].startswith("Noto Sans CJK") for f in fonts), fonts


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize(
    ("which", "fmt", "selectors"),
    [
        pytest.param("legacy", "legacy", ("h1", "h2", "table.official th.label"), id="legacy-2017"),
        pytest.param("national", "national-2021", ("h1", "table.official th.note", "th.group"), id="national-2022"),
    ],
)
def test_report_page_is_self_contained_shows_every_table_and_draws_chinese(built, which, fmt, selectors, tmp_path):
    shot = tmp_path / f"{which}.png"
    page = pagecheck.check_page(built[which] / "report.html", selectors, screenshot=shot)
    assert_clean_page(page, set(load_format(fmt).tables))
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and height > 2000  # the whole page, not just the first screen


@pytest.mark.slow
@needs_chromium
def test_catalogue_page_in_browser(built):
    root = built["root"]
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "govreport"),
            "--root",
            str(root),
            "batch",
            "--jobs",
            "1",
            str(root / "params" / "city-office"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    index = root / "build" / "index.html"
    if not index.exists():
        pytest.skip(f"build/index.html is written by `govreport batch`, which did not write it: {done.stderr[-300:]}")
    page = pagecheck.check_page(index, ("h1",))
    assert page.requests == [], f"the catalogue asked the network for {page.requests}"
    assert cjk_drawn_by_cjk_font(page.fonts["h1"], page.texts["h1"]) or not CJK.search(page.texts["h1"])


@pytest.mark.slow
@needs_chromium
def test_a_summary_page_sorts_its_listings_under_its_own_policy_and_downloads_them(tmp_path):
    from test_summary_report import summary_page, tiny_summary

    page = tmp_path / "report.html"
    page.write_text(summary_page(tiny_summary(), "title", "reports", "rankings"), encoding="utf-8")
    url, said, requests = page.as_uri(), [], []

    def stop(route) -> None:
        if route.request.url == url or route.request.url.startswith("data:"):
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    with pagecheck.chromium() as chromium:  # the page's Content-Security-Policy in force
        context = chromium.new_context(accept_downloads=True)
        tab = context.new_page()
        tab.route("**/*", stop)
        tab.on("console", lambda message: said.append(message.text))
        tab.on("pageerror", lambda error: said.append(str(error)))
        tab.goto(url, wait_until="load")
        received = tab.locator("table.listing").nth(1)  # the reports' listing, then the first ranking
        names = received.locator("tbody tr td:nth-child(2)")
        assert names.all_text_contents() == ["乙市", "甲局"]  # 30 before 10
        received.locator("th button").nth(2).click()  # 收到申请（件）, ascending
        assert names.all_text_contents() == ["甲局", "乙市"]
        received.locator("th button").nth(2).click()  # and back
        assert names.all_text_contents() == ["乙市", "甲局"]
        with tab.expect_download() as download:
            tab.locator("p.export a").nth(1).click()
        assert download.value.suggested_filename == "coast-2022-received.csv"
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        context.close()
    assert text == "名次,机关,收到申请（件）,办理完毕（件）\n1,乙市,30,20\n2,甲局,10,8\n"
    assert requests == [] and said == [], (requests, said)  # no script refused, nothing fetched


@pytest.mark.slow
@needs_chromium
def test_the_checker_sees_a_request_and_a_hidden_table(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><h1>报告</h1>'
        '<img src="http://127.0.0.1:9/tracker.png">'
        '<table class="official" data-table="依申请" style="display:none"><tr><td>1</td></tr></table>'
        "</body></html>",
        encoding="utf-8",
    )
    found = pagecheck.check_page(page, ("h1",))
    assert found.requests == ["http://127.0.0.1:9/tracker.png"]
    assert found.tables[0]["visible"] is False


def _pdf_pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(io.BytesIO(data)).pages)


@pytest.mark.slow
@needs_pango
@pytest.mark.parametrize(("which", "fmt"), [("legacy", "legacy"), ("national", "national-2021")])
def test_pdf_is_a4_with_each_table_on_one_page(built, which, fmt, tmp_path):
    pdf = browser.print_pdf(built[which] / "report.html", tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = _pdf_pages(data)
    sizes = {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pages}
    assert all(abs(w - A4_POINTS[0]) < 1 and abs(h - A4_POINTS[1]) < 1 for w, h in sizes), sizes
    # No print time: two prints of one page are the same bytes.
    assert browser.print_pdf(built[which] / "report.html", tmp_path / "again.pdf").read_bytes() == data
    # The text is the text as written (searchable, copyable: no look-alike radicals such as ⼯ for 工), and each
    # official table's first and last rows are on one page.
    texts = [p.extract_text() for p in pages]
    for table in load_format(fmt).tables.values():
        labels = [r.label for r in table.rows if not r.optional]
        first, last = labels[0], labels[-1]
        holding = [i for i, text in enumerate(texts) if first in text]
        assert holding, f"{table.id}: first row {first!r} not printed"
        assert any(last in texts[i] for i in holding), f"{table.id} is split across pages"


@pytest.mark.slow
@needs_pango
def test_every_pdf_page_carries_its_number_at_its_foot(built, tmp_path):
    data = browser.print_pdf(built["national"] / "report.html", tmp_path / "report.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        last_lines = [page.extract_text().splitlines()[-1] for page in pdf.pages]
    assert len(last_lines) > 1 and last_lines == [f"— {n} —" for n in range(1, len(last_lines) + 1)]


def _long_table_page(path: Path, rows: int) -> Path:
    """A page with the reports' own stylesheet and an official table of `rows` rows, each label over five lines."""
    style = resources.files("govreport.present").joinpath("templates/govreport_base/style.css").read_text("utf-8")
    label = "政府信息公开申请的办理情况" * 24  # five lines a row: a row cut in two is likely unless forbidden
    body = "".join(
        f'<tr><th class="label">第{i:03d}行{label}尾{i:03d}</th><td class="num">{i}</td></tr>'
        for i in range(1, rows + 1)
    )
    path.write_text(
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>{style}</style></head><body><main>'
        '<div class="table-wrap"><p class="caption">长表</p><table class="official"><thead><tr><th>指标名称</th>'
        f"<th>数量</th></tr></thead><tbody>{body}</tbody></table></div></main></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.slow
@needs_pango
def test_a_table_longer_than_a_page_prints_its_header_again_on_each_page_and_cuts_no_row(tmp_path):
    data = browser.pdf_bytes(_long_table_page(tmp_path / "long.html", rows=24))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = []
        for page in pdf.pages:
            words = page.extract_words()
            header = [w["top"] for w in words if w["text"].startswith("指标名称")]
            rows = [w["top"] for w in words if re.match(r"第\d{3}行", w["text"])]
            pages.append(("".join(page.extract_text().split()), header, rows))
    assert len(pages) >= 3
    for _, header, rows in pages:
        assert rows and len(header) == 1 and header[0] < min(rows)  # the header, above the page's first row
    for i in range(1, 25):
        start, end = (
            next(n for n, page in enumerate(pages) if mark in page[0]) for mark in (f"第{i:03d}行", f"尾{i:03d}")
        )
        assert start == end, f"row {i} starts on page {start + 1} and ends on page {end + 1}"


@needs_pango
def test_pdf_fetches_nothing_and_embeds_only_the_pages_own_images(tmp_path):
    png = tmp_path / "local.png"
    png.write_bytes(base64.b64decode(ONE_PIXEL_PNG))
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        page = tmp_path / "page.html"
        page.write_text(
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></head><body><h1>报告</h1>'
            f'<img src="http://127.0.0.1:{port}/tracker.png"><img src="{png.as_uri()}"><img src="local.png">'
            "</body></html>",
            encoding="utf-8",
        )
        data = browser.print_pdf(page, tmp_path / "page.pdf").read_bytes()
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody knocked
    assert [p.extract_text().strip() for p in _pdf_pages(data)] == ["报告"]
    assert [len(p.images) for p in _pdf_pages(data)] == [0]  # neither local image was read
    inline = page.read_text(encoding="utf-8").replace('src="local.png"', f'src="data:image/png;base64,{ONE_PIXEL_PNG}"')
    page.write_text(inline, encoding="utf-8")
    (only,) = _pdf_pages(browser.print_pdf(page, tmp_path / "inline.pdf").read_bytes())
    assert len(only.images) == 1  # a data: image, as the built pages carry their charts, is printed


def test_pdf_without_pango_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what a machine without Pango gets, as an ImportError
    with pytest.raises(ReportError, match="无法打印 PDF：WeasyPrint 需要 Pango 库.*libpango-1.0-0"):
        browser.print_pdf(tmp_path / "report.html", tmp_path / "report.pdf")
    assert not (tmp_path / "report.pdf").exists()


@pytest.mark.slow
@needs_pango
def test_build_pdf_command_prints_report_pdf(built):
    from click.testing import CliRunner

    from govreport.cli import cli

    params = built["root"] / "params" / "city-office" / "2022.yaml"
    done = CliRunner().invoke(cli, ["--root", str(built["root"]), "build", "--pdf", str(params)])
    assert done.exit_code == 0, done.output
    pdf = built["national"] / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not list(built["national"].glob(".report.pdf.*"))  # nothing left half-written beside it
