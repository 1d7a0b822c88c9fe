"""What under data/ may be read: regular files inside the project root, never what a link out of it points at."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS

from govreport.cli import cli
from govreport.errors import DataValidationError
from govreport.inputs.agency_year import load_inputs
from govreport.inputs.params import Params
from govreport.inputs.project import Project

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

BASE = CORPUS / "base"  # acme: a valid national-2021 year 2021
PARAMS = Path("params/acme/2021.yaml")
YEAR = Path("data/acme/2021")
SECRET = "SECRET-OUTSIDE-THE-ROOT"  # in every file outside the root; it must reach no output


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The corpus' valid root, with an earlier report in build/ that a refused build must leave alone."""
    root = tmp_path / "root"
    shutil.copytree(BASE, root)
    earlier = root / "build" / "acme" / "2021"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report", encoding="utf-8")
    return root


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the root, standing for /etc or another office's files."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder.resolve()


def replace_with_link(link: Path, target: Path) -> None:
    if link.is_dir():
        shutil.rmtree(link)
    else:
        link.unlink(missing_ok=True)
    link.symlink_to(target)


def narrative_out(root: Path, outside: Path) -> Path:
    (outside / "passwd").write_text(f"{SECRET}\n", encoding="utf-8")  # valid Markdown: it would be published
    replace_with_link(root / YEAR / "narrative.md", outside / "passwd")
    return outside / "passwd"


def requests_out(root: Path, outside: Path) -> Path:
    ledger = (root / YEAR / "requests.csv").read_text(encoding="utf-8").replace("R1,", f"{SECRET},")
    (outside / "requests.csv").write_text(ledger, encoding="utf-8")  # a valid ledger, but not this root's
    replace_with_link(root / YEAR / "requests.csv", outside / "requests.csv")
    return outside / "requests.csv"


def agency_out(root: Path, outside: Path) -> Path:
    (outside / "agency.yaml").write_text(f"name: {SECRET}\nkind: department\n", encoding="utf-8")
    replace_with_link(root / "data/acme/agency.yaml", outside / "agency.yaml")
    return outside / "agency.yaml"


def year_out(root: Path, outside: Path) -> Path:
    shutil.copytree(root / YEAR, outside / "2021")
    (outside / "2021" / "narrative.md").write_text(f"{SECRET}\n", encoding="utf-8")
    replace_with_link(root / YEAR, outside / "2021")
    return outside / "2021"


LINKS_OUT = [
    pytest.param(narrative_out, "data/acme/2021/narrative.md", id="narrative.md"),
    pytest.param(requests_out, "data/acme/2021/requests.csv", id="requests.csv"),
    pytest.param(agency_out, "data/acme/agency.yaml", id="agency.yaml"),
    pytest.param(year_out, "data/acme/2021", id="year-folder"),
]


def problems_of(root: Path) -> list[str]:
    with pytest.raises(DataValidationError) as caught:
        load_inputs(Project.at(root), Params("acme", 2021))
    return [str(p) for p in caught.value.problems]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def invoke(root: Path, command: str):
    return CliRunner().invoke(cli, ["--root", str(root), "--lang", "en", command, str(root / PARAMS)])


@pytest.mark.parametrize(("make", "where"), LINKS_OUT)
def test_a_link_leaving_the_root_is_refused_by_name(root, outside, make, where):
    target = make(root, outside)
    assert problems_of(root) == [
        f"{where}: is a link to {target}, outside the project root; inputs must be inside the root "
        f"(copy the {'folder' if where.endswith('2021') else 'file'} here instead of linking to it)"
    ]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize(("make", "where"), LINKS_OUT)
def test_check_and_build_refuse_a_link_leaving_the_root_and_build_nothing(root, outside, make, where, command):
    make(root, outside)
    before = snapshot(root / "build")
    result = invoke(root, command)
    assert result.exit_code == 1, result.output
    assert f"{where}: is a link to " in result.output
    assert SECRET not in result.output
    assert snapshot(root / "build") == before


def test_links_that_stay_inside_the_root_are_followed(root):
    reference = load_inputs(Project.at(root), Params("acme", 2021))
    common = root / "common"
    common.mkdir()
    for name in ("requests.csv", "narrative.md"):
        (root / YEAR / name).rename(common / name)
    (root / YEAR / "requests.csv").symlink_to(Path("../../../common/requests.csv"))  # relative link
    (root / YEAR / "narrative.md").symlink_to(common / "narrative.md")  # absolute link
    loaded = load_inputs(Project.at(root), Params("acme", 2021))
    assert loaded.frame("requests").equals(reference.frame("requests"))
    assert loaded.narrative == reference.narrative
    # Named by the input's own name, as the analyst knows it, not by where the link leads.
    assert loaded.sources == reference.sources


@pytest.fixture
def pipes() -> Iterator[Callable[[Path], None]]:
    """Make named pipes that cannot hang a test: a reader that opens one gets end-of-file, not a wait."""
    made: list[tuple[Path, threading.Thread]] = []

    def make(path: Path) -> None:
        os.mkfifo(path)

        def unblock() -> None:
            with open(path, "wb"):  # returns once someone opens the pipe for reading
                pass

        thread = threading.Thread(target=unblock, daemon=True)
        thread.start()
        made.append((path, thread))

    yield make
    for path, thread in made:
        reader = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # lets a writer still waiting finish
        thread.join(5)
        os.close(reader)


def folder_at(root: Path, make_pipe) -> str:
    (root / YEAR / "requests.csv").unlink()
    (root / YEAR / "requests.csv").mkdir()
    return "data/acme/2021/requests.csv: is a folder, not a regular file; put the file itself here"


def pipe_at(root: Path, make_pipe) -> str:
    (root / YEAR / "requests.csv").unlink()
    make_pipe(root / YEAR / "requests.csv")
    return "data/acme/2021/requests.csv: is a named pipe (FIFO), not a regular file; put the file itself here"


def pipe_as_narrative(root: Path, make_pipe) -> str:
    (root / YEAR / "narrative.md").unlink()
    make_pipe(root / YEAR / "narrative.md")
    return "data/acme/2021/narrative.md: is a named pipe (FIFO), not a regular file; put the file itself here"


def broken_link(root: Path, make_pipe) -> str:
    replace_with_link(root / YEAR / "requests.csv", Path("requests-2021.csv"))
    target = (root / YEAR / "requests-2021.csv").resolve()
    return f"data/acme/2021/requests.csv: is a link to {target}, which does not exist; put the file itself here"


def folder_as_agency(root: Path, make_pipe) -> str:
    (root / "data/acme/agency.yaml").unlink()
    (root / "data/acme/agency.yaml").mkdir()
    return "data/acme/agency.yaml: is a folder, not a regular file; put the file itself here"


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
NOT_FILES = [
    pytest.param(folder_at, id="folder-named-requests.csv"),
    pytest.param(pipe_at, id="fifo-named-requests.csv", marks=needs_fifo),
    pytest.param(pipe_as_narrative, id="fifo-named-narrative.md", marks=needs_fifo),
    pytest.param(broken_link, id="broken-link"),
    pytest.param(folder_as_agency, id="folder-named-agency.yaml"),
]


@pytest.mark.parametrize("make", NOT_FILES)
def test_an_input_that_is_not_a_regular_file_is_refused_not_skipped(root, pipes, make):
    expected = make(root, pipes)
    assert problems_of(root) == [expected]


@pytest.mark.parametrize("command", ["check", "build"])
@pytest.mark.parametrize("make", NOT_FILES)
def test_check_and_build_refuse_an_input_that_is_not_a_regular_file(root, pipes, make, command):
    expected = make(root, pipes)
    before = snapshot(root / "build")
    result = invoke(root, command)
    assert result.exit_code == 1, result.output
    assert expected in result.output
    assert snapshot(root / "build") == before
