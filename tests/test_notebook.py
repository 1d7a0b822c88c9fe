"""The notebook stays a thin template: literals in `parameters`, one or two calls per cell, no outputs."""

import ast

import nbformat
from conftest import REPO

NOTEBOOK = REPO / "notebooks" / "annual_report.ipynb"


def _code_cells():
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def test_parameters_cell_holds_only_literal_assignments():
    cells = [c for c in _code_cells() if "parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    for node in ast.parse(cells[0].source).body:
        assert isinstance(node, ast.Assign)
        ast.literal_eval(node.value)  # raises for anything but a literal


def test_code_cells_are_one_or_two_calls_with_no_definitions_loops_or_writes():
    for cell in _code_cells():
        tree = ast.parse(cell.source)
        if "parameters" not in cell.metadata.get("tags", []):
            assert len(tree.body) <= 2, cell.source
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.For, ast.While, ast.Lambda)), cell.source
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in ("open", "exec", "eval"), cell.source


def test_committed_notebook_has_no_outputs():
    for cell in _code_cells():
        assert cell.outputs == [] and cell.execution_count is None


def test_package_ships_the_same_notebook():
    assert (REPO / "govreport" / "annual_report.ipynb").read_bytes() == NOTEBOOK.read_bytes()
