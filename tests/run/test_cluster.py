"""What a cluster task ships: the agency's own files, never what a link out of the root points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport.errors import DataValidationError
from govreport.inputs.project import Project
from govreport.run.cluster import payload

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

PARAMS = "params/fujian-commerce/2017.yaml"


def test_payload_ships_the_agencys_params_and_data(example_root: Path):
    files = payload(Project.at(example_root), example_root / PARAMS)
    assert PARAMS in files and "data/fujian-commerce/2017/narrative.md" in files
    assert not [name for name in files if "haicheng-sample" in name]


def test_payload_refuses_a_link_leaving_the_root(example_root: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("not for publication", encoding="utf-8")
    narrative = example_root / "data/fujian-commerce/2017/narrative.md"
    narrative.unlink()
    narrative.symlink_to(outside)
    with pytest.raises(DataValidationError) as raised:
        payload(Project.at(example_root), example_root / PARAMS)
    assert str(raised.value).startswith("data/fujian-commerce/2017/narrative.md: is a link to ")
    assert "outside the project root" in str(raised.value)


def test_payload_follows_a_link_that_stays_inside_the_root(example_root: Path):
    narrative = example_root / "data/fujian-commerce/2017/narrative.md"
    kept = example_root / "data/fujian-commerce/narrative-2017.md"
    narrative.rename(kept)
    narrative.symlink_to(kept)
    files = payload(Project.at(example_root), example_root / PARAMS)
    assert files["data/fujian-commerce/2017/narrative.md"] == kept.read_bytes()


def _start_a_child(queue) -> None:
    """In a daemon process: start a child inside `_may_start_processes`, then try once more outside it."""
    import multiprocessing

    from govreport.run.cluster import _may_start_processes

    with _may_start_processes():
        child = multiprocessing.get_context("fork").Process(target=queue.put, args=("child ran",))
        child.start()
        child.join()
    try:
        multiprocessing.get_context("fork").Process(target=print).start()
    except AssertionError:
        queue.put("refused again after")


def test_a_daemon_worker_may_fork_its_reports_and_only_while_it_builds():
    import multiprocessing

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=_start_a_child, args=(queue,), daemon=True)  # as Dask's nanny starts workers
    worker.start()
    worker.join(30)
    assert [queue.get(timeout=5), queue.get(timeout=5)] == ["child ran", "refused again after"]
