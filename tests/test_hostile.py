"""Hostile input is harmless: no script on a page, no escape from the sandbox or the root, no blow-up."""

from __future__ import annotations

import csv
import io
import os
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pagecheck
import pytest
from conftest import REPO

from govreport.errors import DataValidationError, ParamsError
from govreport.inputs import agency_year as inputs
from govreport.inputs.params import load_params
from govreport.inputs.project import Project
from govreport.present.download import csv_text, safe_cell
from govreport.present.html import RULED
from govreport.present.report import Report
from govreport.run import execute

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

AGENCY, YEAR = "fujian-commerce", 2017
HOSTILE_NARRATIVE = """开头<script>alert('preamble')</script>

## 一、概述

<img src=x onerror="alert(1)"> <iframe src="http://evil.example/"></iframe>
[点我](javascript:alert(document.cookie)) [再点](JAVASCRIPT:alert(2)) [数据](data:text/html,<script>alert(3)</script>)
![跟踪](http://evil.example/pixel.png) <a href="http://evil.example" onclick="alert(4)">链接</a>
<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:red">遮住整页</div>
<style>body{display:none}</style> <svg/onload=alert(5)> <math><mi xlink:href="javascript:alert(6)">x</mi></math>
{{ "<script>alert('from a placeholder')</script>" }} {{ agency }}
一个极长的不断行的词AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
"""
# The only style attributes a page may hold: the official tables' own lines (present/html.py), never the narrative's.
OWN_STYLES = {style.lower() for style in RULED.values()}
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "svg", "math", "form", "base", "link", "frame"}


class Audit(HTMLParser):
    """Every live tag and attribute of a page that could run code, load something or escape its box."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.styles = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"<{tag}>")
        self.styles += tag == "style"
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")
            elif name == "style" and value not in OWN_STYLES:
                self.found.append(f"<{tag} style>")
            elif name in ("href", "src", "action", "srcset", "xlink:href"):
                if not value.startswith(("http://", "https://", "mailto:", "data:image/png;base64,", "#")):
                    self.found.append(f"<{tag} {name}={value[:40]}>")
                if tag != "a" and value.startswith("http"):
                    self.found.append(f"<{tag} {name}={value[:40]}> loads from the network")


def audit(html: str) -> list[str]:
    """What is wrong in `html`; the page's own one <style> in <head> is allowed."""
    parser = Audit()
    parser.feed(html)
    return parser.found + ([f"{parser.styles} <style> elements"] if parser.styles > 1 else [])


@pytest.fixture
def root(tmp_path: Path) -> Path:
    for name in ("params", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def _year(root: Path) -> Path:
    return root / "data" / AGENCY / str(YEAR)


def _hostile(root: Path) -> Path:
    (_year(root) / "narrative.md").write_text(HOSTILE_NARRATIVE, encoding="utf-8")
    agency = root / "data" / AGENCY / "agency.yaml"
    agency.write_text(
        "name: 福建省商务厅<script>alert('name')</script>\nkind: department\nwebsite: javascript:alert(7)\n",
        encoding="utf-8",
    )
    return root / "params" / AGENCY / f"{YEAR}.yaml"


def _published_html(report: Report) -> str:
    parts = [report.title()] + [report.section(n) for n in range(1, 7)]
    return "".join(parts)


def test_hostile_narrative_and_agency_name_reach_the_page_as_text(root):
    _hostile(root)
    report = Report.load(AGENCY, YEAR, root=root)
    html = _published_html(report)
    assert audit(html) == []
    assert '<a href="http://evil.example"' not in html  # raw HTML links are escaped, never live
    assert "福建省商务厅&lt;script&gt;" in html  # the agency's name, escaped
    assert "遮住整页" in html  # the text itself is kept, only as text


@pytest.mark.parametrize(
    ("placeholder", "expected"),
    [
        pytest.param("{{ ''.__class__.__mro__[1].__subclasses__() }}", "not allowed", id="python-internals"),
        pytest.param("{{ 占比.__globals__['__builtins__'] }}", "not allowed", id="function-globals"),
        pytest.param("{{ lipsum.__globals__ }}", "unknown", id="jinja-lipsum-globals"),
        pytest.param("{{ 'x' * 999999999 }}", "not allowed", id="memory-bomb"),
        pytest.param(
            "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}",
            "statements",
            id="cpu-bomb",
        ),
    ],
)
def test_placeholders_cannot_reach_python_internals_or_exhaust_the_machine(root, placeholder, expected):
    (_year(root) / "narrative.md").write_text(f"## 一、概述\n\n第一行\n{placeholder}\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(DataValidationError) as caught:
        Report.load(AGENCY, YEAR, root=root)
    assert time.perf_counter() - started < 30
    message = str(caught.value)
    assert f"data/{AGENCY}/{YEAR}/narrative.md:" in message and expected in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(f"agency: ../../etc\nyear: {YEAR}\n", "not a slug", id="path-traversal-agency"),
        pytest.param(f"agency: {AGENCY}/../x\nyear: {YEAR}\n", "not a slug", id="slash-in-agency"),
        pytest.param(
            f'agency: {AGENCY}\nyear: {YEAR}\npublished: !!python/object/apply:os.system ["touch PWNED"]\n',
            "not valid YAML",
            id="python-object-tag",
        ),
        pytest.param(
            "a: &a [x, x, x, x, x, x, x, x, x]\n"
            + "".join(  # each anchor repeats the one before nine times: 9**11 strings
                f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefghij", "bcdefghijk", strict=True)
            )
            + f"agency: {AGENCY}\nyear: {YEAR}\npublished: *k\n",
            "aliases",
            id="billion-laughs",
        ),
    ],
)
def test_params_are_loaded_safely(root, text, expected):
    path = root / "params" / AGENCY / f"{YEAR}.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ParamsError, match=expected):
        load_params(path, Project.at(root))
    assert time.perf_counter() - started < 10
    assert not (root / "PWNED").exists() and not Path("PWNED").exists()


def test_agency_yaml_is_loaded_safely(root):
    (root / "data" / AGENCY / "agency.yaml").write_text(
        'name: !!python/object/apply:os.system ["touch PWNED"]\nkind: department\n', encoding="utf-8"
    )
    with pytest.raises(DataValidationError, match="agency.yaml"):
        Report.load(AGENCY, YEAR, root=root)
    assert not (root / "PWNED").exists()


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as handle:  # a hole: takes no disk, but stat says `size`
        handle.truncate(size)


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        pytest.param("requests.csv", inputs.MAX_INPUT_BYTES, id="huge-ledger"),
        pytest.param("narrative.md", inputs.MAX_TEXT_BYTES, id="huge-narrative"),
    ],
)
def test_oversized_inputs_are_refused_before_reading(root, name, limit):
    _sparse(_year(root) / name, limit + 1)
    started = time.perf_counter()
    with pytest.raises(DataValidationError) as caught:
        Report.load(AGENCY, YEAR, root=root)
    assert time.perf_counter() - started < 10  # refused by its size, not read
    assert f"{name}" in str(caught.value) and str(limit) in str(caught.value).replace(",", "")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        pytest.param("requests.csv", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 10, id="binary-ledger"),
        pytest.param("narrative.md", b"PK\x03\x04\x14\x00\x00\x00" + bytes(1000), id="zip-as-narrative"),
        pytest.param("requests.xlsx", b"this is not a workbook", id="fake-xlsx"),
    ],
)
def test_binary_inputs_are_refused_with_a_message(root, name, data):
    if name.endswith(".xlsx"):
        (_year(root) / "requests.csv").unlink()
    (_year(root) / name).write_bytes(data)
    with pytest.raises(DataValidationError) as caught:
        Report.load(AGENCY, YEAR, root=root)
    assert name in str(caught.value)


def test_ledger_text_that_looks_like_a_formula_never_starts_a_cell_we_write(root):
    ledger = _year(root) / "requests.csv"
    lines = ledger.read_text(encoding="utf-8").splitlines()
    header, first = lines[0], lines[1].split(",")
    first[0] = '"=HYPERLINK(""http://evil.example"",""x"")"'
    ledger.write_text("\n".join([header, ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    report = Report.load(AGENCY, YEAR, root=root)
    for text in (execute.figures_csv(report.tables), csv_text(report.value.checks_frame())):
        for row in csv.reader(io.StringIO(text)):
            assert [safe_cell(cell) for cell in row] == row


@pytest.mark.slow
def test_a_hostile_report_builds_and_the_browser_sees_no_script_and_no_request(root, tmp_path):
    out = execute.build(_hostile(root)).out_dir
    for name in ("report.html", "review.html"):
        assert audit((out / name).read_text(encoding="utf-8")) == [], name
    if pagecheck.executable() is None:
        pytest.skip(f"skipped the browser half: {pagecheck.NO_CHROMIUM}")
    page = pagecheck.check_page(out / "report.html", ("h1",))
    assert page.requests == [] and not [c for c in page.console if "Refused" in c]
    assert page.overflow_x <= 0  # no sideways scrolling: long words wrap inside their box


def test_no_input_derived_path_leaves_the_root(root):
    project = Project.at(root)
    for agency, year in ((AGENCY, YEAR), ("a-b", 2020)):
        for path in (
            project.year_dir(agency, year),
            project.build_dir(agency, year),
            project.params_file(agency, year),
        ):
            assert os.path.commonpath([path.resolve(), root.resolve()]) == str(root.resolve())
