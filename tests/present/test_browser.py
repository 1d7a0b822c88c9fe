"""Built pages in a real headless Chromium: no network, every official table shown, CJK glyphs, A4 PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO

from govreport.inputs.vocabulary import load_format
from govreport.present import browser
from govreport.run import execute

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        browser.executable() is None,
        reason="skipped: no Chromium on this machine (install Debian's `chromium`; .ci/run does)",
    ),
]
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
A4_POINTS = (595.28, 841.89)
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


def assert_clean_page(page: browser.PageCheck, expected_tables: set[str]) -> None:
    assert page.requests == [], f"the page asked the network for {page.requests}"
    assert not [c for c in page.console if "Refused" in c or "ERR_" in c], page.console
    assert {t["id"] for t in page.tables} == expected_tables
    hidden = [t["id"] for t in page.tables if not t["visible"]]
    assert hidden == [], f"official tables not drawn: {hidden}"
    for selector, fonts in page.fonts.items():
        assert cjk_drawn_by_cjk_font(fonts, page.texts[selector]), f"{selector}: {page.texts[selector]!r} in {fonts}"
        assert any(f["familyName"].startswith("Noto Sans CJK") for f in fonts), fonts


@pytest.mark.parametrize(
    ("which", "fmt", "selectors"),
    [
        pytest.param("legacy", "legacy", ("h1", "h2", "table.official th.label"), id="legacy-2017"),
        pytest.param("national", "national-2021", ("h1", "table.official th.note", "th.group"), id="national-2022"),
    ],
)
def test_report_page_is_self_contained_shows_every_table_and_draws_chinese(built, which, fmt, selectors, tmp_path):
    page = browser.check_page(built[which] / "report.html", selectors)
    assert_clean_page(page, set(load_format(fmt).tables))
    shot = browser.screenshot(built[which] / "report.html", tmp_path / f"{which}.png")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width == 1280 and height > 2000  # the whole page, not just the first screen


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
    page = browser.check_page(index, ("h1",))
    assert page.requests == [], f"the catalogue asked the network for {page.requests}"
    assert cjk_drawn_by_cjk_font(page.fonts["h1"], page.texts["h1"]) or not CJK.search(page.texts["h1"])


def test_the_checker_sees_a_request_and_a_hidden_table(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><h1>报告</h1>'
        '<img src="http://127.0.0.1:9/tracker.png">'
        '<table class="official" data-table="依申请" style="display:none"><tr><td>1</td></tr></table>'
        "</body></html>",
        encoding="utf-8",
    )
    found = browser.check_page(page, ("h1",))
    assert found.requests == ["http://127.0.0.1:9/tracker.png"]
    assert found.tables[0]["visible"] is False


def _pdf_pages(data: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(data))
    # Chromium's fonts map some ideographs to Kangxi radicals (⼯ for 工); NFKC folds them back.
    return [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]


@pytest.mark.parametrize(("which", "fmt"), [("legacy", "legacy"), ("national", "national-2021")])
def test_pdf_is_a4_with_each_table_on_one_page(built, which, fmt, tmp_path):
    pdf = browser.print_pdf(built[which] / "report.html", tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = {tuple(float(x) for x in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]*)\]", data)}
    assert boxes and all(abs(b[2] - A4_POINTS[0]) < 1 and abs(b[3] - A4_POINTS[1]) < 1 for b in boxes)
    assert b"D:19700101000000" in data  # no print time: two prints of one page are the same bytes
    pages = _pdf_pages(data)
    for table in load_format(fmt).tables.values():
        labels = [unicodedata.normalize("NFKC", r.label) for r in table.rows if not r.optional]
        first, last = labels[0], labels[-1]
        holding = [i for i, text in enumerate(pages) if first in text]
        assert holding, f"{table.id}: first row {first!r} not printed"
        assert any(last in pages[i] for i in holding), f"{table.id} is split across pages"


def test_build_pdf_command_prints_report_pdf(built):
    from click.testing import CliRunner

    from govreport.cli import cli

    params = built["root"] / "params" / "city-office" / "2022.yaml"
    done = CliRunner().invoke(cli, ["--root", str(built["root"]), "build", "--pdf", str(params)])
    assert done.exit_code == 0, done.output
    pdf = built["national"] / "report.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not list(built["national"].glob(".report.pdf.*"))  # nothing left half-written beside it
