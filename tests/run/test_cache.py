"""Earlier years on disk: found by digest and package, absent when unreadable, never shared across versions."""

from __future__ import annotations

import pandas as pd

from govreport.compute.computation import Earlier
from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import load_format
from govreport.run.cache import DiskCache


def earlier() -> Earlier:
    figures = pd.DataFrame([("依申请", "本年新收", "自然人", 3)], columns=["table", "row", "column", "value"])
    inputs = Inputs(Agency("x", "某机关", "department"), 2021, load_format("national-2021"), {"figures": figures}, "")
    return Earlier(build_tables(inputs), {"data/x/2021/figures.csv": "abc"})


def test_what_is_put_is_found_by_its_digest(tmp_path):
    cache = DiskCache(tmp_path, "package-1")
    assert cache.get("d1") is None
    cache.put("d1", earlier())
    found = cache.get("d1")
    assert found.sources == {"data/x/2021/figures.csv": "abc"}
    assert found.tables.value("依申请", "本年新收", "自然人") == 3
    assert cache.get("d2") is None


def test_another_version_of_the_package_does_not_see_it(tmp_path):
    DiskCache(tmp_path, "package-1").put("d1", earlier())
    assert DiskCache(tmp_path, "package-2").get("d1") is None


def test_an_unreadable_entry_is_absent(tmp_path):
    cache = DiskCache(tmp_path, "package-1")
    cache.put("d1", earlier())
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:20])  # as a killed process might leave it
    assert cache.get("d1") is None


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    DiskCache(blocked, "package-1").put("d1", earlier())  # no error
    assert DiskCache(blocked, "package-1").get("d1") is None
