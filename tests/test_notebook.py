"""The notebooks stay thin templates: literals in `parameters`, one or two calls per cell, no outputs."""

import ast
import os
import re
import shutil
from pathlib import Path

import labcheck
import nbformat
import pagecheck
import pytest
from bs4 import BeautifulSoup
from conftest import REPO
from nbclient import NotebookClient

from govreport.inputs.vocabulary import load_format
from govreport.run import execute

NOTEBOOK = REPO / "notebooks" / "annual_report.ipynb"
NOTEBOOKS = ("annual_report.ipynb", "summary_report.ipynb")  # an agency-year's report; a region's summary


def _code_cells(name: str = "annual_report.ipynb"):
    return [c for c in nbformat.read(REPO / "notebooks" / name, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_parameters_cell_holds_only_literal_assignments(name):
    cells = [c for c in _code_cells(name) if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign)
        ast.literal_eval(node.value)  # raises for anything but a literal


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_code_cells_are_one_or_two_calls_with_no_definitions_loops_or_writes(name):
    for cell in _code_cells(name):
        tree = ast.parse(cell.source)
        if "parameters" not in cell.metadata.get("tags", []):
            assert len(tree.body) <= 2, cell.source
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)), cell.source
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "exec", "eval"), cell.source


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_committed_notebook_has_no_outputs(name):
    for cell in _code_cells(name):
        assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_package_ships_the_same_notebook(name):
    assert (REPO / "govreport" / name).read_bytes() == (REPO / "notebooks" / name).read_bytes()


def test_the_summary_notebook_takes_a_summarys_parameters_and_runs_as_it_is_on_the_example():
    from dataclasses import fields

    from govreport.inputs.summary_params import SummaryParams

    (cell,) = [c for c in _code_cells("summary_report.ipynb") if "parameters" in c.metadata.get("tags", [])]
    names = [node.targets[0].id for node in ast.parse(cell.source).body]
    assert names == [f.name for f in fields(SummaryParams)] + ["root"]  # what a build injects, in that order
    assert (REPO / "params" / "_summary" / "examples" / "2024.yaml").is_file()  # the defaults name an example


# -- as an analyst runs it: JupyterLab's kernel, in notebooks/, with agency and year changed in the parameters cell --


def with_parameters(agency: str, year: int) -> nbformat.NotebookNode:
    """The notebook as the analyst leaves it: `agency` and `year` retyped in the source of its parameters cell."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = re.sub(r"(?m)^agency = .*$", f'agency = "{agency}"', cell.source)
    cell.source = re.sub(r"(?m)^year = .*$", f"year = {year}", cell.source)
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.outputs]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("agency", "year", "title", "tables", "charts"),
    [
        pytest.param("haicheng-sample", 2021, "海澄市人民政府2021年", 3, 3, id="national-2021"),
        pytest.param("haicheng-sample", 2018, "海澄市人民政府2018年", 1, 3, id="legacy-2018"),
    ],
)
def test_run_all_cells_from_notebooks_builds_that_report_with_no_warning(agency, year, title, tables, charts):
    """What JupyterLab does on Run All: a kernel whose working folder is notebooks/, every cell in order.

    The kernel is on a Unix socket, as govreport's builds run it: over TCP ipykernel 7 prints a note on
    unencrypted traffic, which JupyterLab sends to its own log, not to the screen (checked in the browser below).
    """
    nb = with_parameters(agency, year)
    folder = execute.new_kernel_dir()
    try:
        with open(folder / "kernel.log", "wb") as log:
            client = NotebookClient(
                nb,
                timeout=300,
                kernel_name="python3",
                resources={"metadata": {"path": str(NOTEBOOK.parent)}},
                kernel_manager_class=execute.quiet_kernel_manager(folder, log),
            )
            # The checkout's govreport, as `make setup` installs it for the analyst's kernel.
            client.execute(env={**os.environ, "PYTHONPATH": str(REPO)})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    found = outputs(nb)
    shown = [
        o for o in found if o.output_type in ("stream", "error") or "Warning" in o.get("data", {}).get("text/plain", "")
    ]
    assert shown == [], "the notebook printed on screen: " + repr(shown)
    html = "".join(o.get("data", {}).get("text/html", "") for o in found)
    assert f"<h1>{title}政府信息公开工作年度报告</h1>" in html
    assert html.count('<table class="official') == tables  # 'official' or 'official wide'
    assert html.count('src="data:image/png;base64,') == charts


# -- in JupyterLab itself: served on loopback, opened in headless Chromium ------------------------------------------

needs_chromium = pytest.mark.skipif(pagecheck.executable() is None, reason=f"skipped: {pagecheck.NO_CHROMIUM}")
BUILT = "build/haicheng-sample/2021"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving a copy of the project (params, data, notebooks), one report built into it."""
    root = tmp_path_factory.mktemp("lab-root")
    for name in ("params", "data", "notebooks"):
        shutil.copytree(REPO / name, root / name)
    execute.build(root / "params" / "haicheng-sample" / "2021.yaml")
    with labcheck.jupyterlab(root, tmp_path_factory.mktemp("lab-state")) as served:
        yield served


def published(page: Path) -> tuple[list[dict], list[dict]]:
    """The official tables (caption, figures, every cell's rowspan x colspan) and charts of report.html."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tables = [
        {
            "caption": table.caption.get_text(),
            "figures": [cell.get_text(strip=True) for cell in table.select("td.num")],
            "spans": [f"{cell.get('rowspan', 1)}x{cell.get('colspan', 1)}" for cell in table.select("th, td")],
        }
        for table in soup.select("table.official")
    ]
    images = [{"alt": img["alt"], "src": img["src"]} for img in soup.select("figure img")]
    return tables, images


def ruled(cell: dict) -> bool:
    """Whether a cell (pagecheck.CELLS_JS) has a line drawn on each of its four sides."""
    sides = [side.split() for side in cell["borders"]]  # width, style, colour
    return all(width != "0px" and style not in ("none", "hidden") for width, style, *_ in sides)


def assert_drawn_as_in_the_html(seen: labcheck.Seen, root: Path) -> None:
    """Every official table with the same figures and merged cells as report.html, every cell ruled and aligned as
    Chromium draws it in report.html (JupyterLab drops a notebook's <style> and its own CSS rules no table cell),
    every chart the same image."""
    tables, images = published(root / BUILT / "report.html")
    page = pagecheck.check_page(root / BUILT / "report.html")
    assert seen.requests == [], f"JupyterLab asked the network for {seen.requests}"
    assert seen.of("application/vnd.jupyter.stderr") == [] and seen.of("application/vnd.jupyter.error") == []
    assert [t["caption"] for t in seen.tables] == [t.caption for t in load_format("national-2021").tables.values()]
    assert all(t["drawn"] for t in seen.tables), seen.tables
    assert [{k: t[k] for k in ("caption", "figures", "spans")} for t in seen.tables] == tables
    assert all(ruled(cell) for t in page.tables for cell in t["cells"]), page.tables  # report.html's own lines
    unruled = {t["caption"]: sum(not ruled(cell) for cell in t["cells"]) for t in seen.tables}
    assert set(unruled.values()) == {0}, f"cells JupyterLab draws without their lines, by table: {unruled}"
    assert [t["cells"] for t in seen.tables] == [t["cells"] for t in page.tables]
    assert all(i["drawn"] and i["width"] == 640 for i in seen.images), seen.images  # decoded and shown
    assert [{"alt": i["alt"], "src": i["src"]} for i in seen.images] == images


@pytest.mark.slow
@needs_chromium
def test_the_executed_report_notebook_shows_its_tables_and_charts_in_jupyterlab_as_the_html_does(lab, tmp_path):
    shot = tmp_path / "report.png"
    seen = labcheck.open_notebook(lab, f"{BUILT}/report.ipynb", screenshot=shot)
    assert_drawn_as_in_the_html(seen, lab.root)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
@needs_chromium
def test_changing_agency_and_year_and_running_all_in_jupyterlab_builds_that_report_with_no_warning(lab, tmp_path):
    parameters = (
        'agency = "haicheng-sample"\nyear = 2021\nformat = "auto"\npublished = None\nstrict = False\nroot = ".."'
    )
    seen = labcheck.run_all(lab, "notebooks/annual_report.ipynb", parameters, screenshot=tmp_path / "run-all.png")
    assert_drawn_as_in_the_html(seen, lab.root)
    headings = [o["text"] for o in seen.of("text/html") if "年度报告" in o["text"]]
    assert headings and headings[0].startswith("海澄市人民政府2021年政府信息公开工作年度报告")
    # Nothing but the report: no stream output at all (a warning would be one), no error.
    assert seen.of("application/vnd.jupyter.stdout") == []
