"""Shared fixtures: tiny hand-written frames and a scratch project root."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "bad_inputs"
sys.path.insert(0, str(REPO / "tools"))  # the example generator (tools/sample.py) is not part of the package
# Commands the tests start run in their own processes, and leave no warm server behind them; tests/run/test_server.py
# runs them through one of its own.
os.environ["GOVREPORT_SERVER"] = "0"


def ledger(rows: list[tuple]) -> pd.DataFrame:
    """A validated request ledger from (id, received, channel, applicant, outcome, closed) tuples."""
    frame = pd.DataFrame(rows, columns=["id", "received", "channel", "applicant", "outcome", "closed"])
    frame["received"] = pd.to_datetime(frame["received"])
    frame["closed"] = pd.to_datetime(frame["closed"].replace("", None))
    frame["_line"] = range(2, len(frame) + 2)
    return frame


@pytest.fixture
def example_root(tmp_path: Path) -> Path:
    """A copy of the repository's example root (params/ and data/) in a temporary folder."""
    for name in ("params", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def built_examples(tmp_path_factory) -> Path:
    """A root holding the repository's examples, built once by `govreport batch`: tests read its build/, never write."""
    import example_digests

    root = tmp_path_factory.mktemp("examples")
    example_digests.build_examples(root)
    return root


def own_notebook(root: Path, *sources: str) -> None:
    """Give `root` a notebook of its own: a parameters cell, then one code cell per source (e.g. one that hangs)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("agency = ''\nyear = 0", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    (root / "notebooks").mkdir(exist_ok=True)
    nbformat.write(nb, root / "notebooks" / "annual_report.ipynb")


@pytest.fixture(autouse=True)
def default_language(monkeypatch):
    """Every test starts in the default language (Chinese), whatever the machine's locale or an earlier --lang."""
    from govreport import messages

    for name in (*messages.LOCALE_VARIABLES, messages.ENV):
        monkeypatch.delenv(name, raising=False)
    messages.choose(None)
    yield
    messages.choose(None)


@pytest.fixture
def english(monkeypatch):
    """Messages in English, for tests whose hand-worked expectations are the English wording: an English locale,
    as the CLI reads it afresh on every invocation."""
    from govreport import messages

    monkeypatch.setenv("LANG", "en_US.UTF-8")
    messages.choose(None)
    yield
    messages.choose(None)


@pytest.fixture
def chinese(monkeypatch):
    """The default language again (Chinese), for a test about what an office reads in a module whose other
    tests run in English: requested by the test, it comes after the module's `english`."""
    from govreport import messages

    for name in (*messages.LOCALE_VARIABLES, messages.ENV):
        monkeypatch.delenv(name, raising=False)
    messages.choose(None)
