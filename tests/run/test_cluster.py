"""What a cluster task ships: the agency's own files, never what a link out of the root points at."""

from __future__ import annotations

from pathlib import Path

import pytest

from govreport.errors import DataValidationError
from govreport.inputs.project import Project
from govreport.run.cluster import payload

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
