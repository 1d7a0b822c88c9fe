"""The real notebook, run through papermill, on the 福建省商务厅 2017 example; a full disk while writing build/."""

from __future__ import annotations

import errno
import json
import os
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import own_notebook

from govreport.errors import DiskFullError, TimeLimitError
from govreport.run import execute

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

# The 附表 of the published 福建省商务厅 2017 report, typed in by hand.
PUBLISHED = {
    "主动公开文件数": (213, 2676),
    "政府网站公开数": (213, 2676),
    "政府公报公开数": (0, 0),
    "受理申请总数": (125, 384),
    "当面申请数": (0, 2),
    "网络申请数": (122, 378),
    "信函传真申请数": (3, 4),
    "答复总数": (125, 384),
    "同意公开": (53, 188),
    "同意部分公开": (0, 1),
    "不予公开": (72, 191),
    "其他类型": (0, 4),
    "申诉举报数": (0, 0),
    "行政复议数": (0, 0),
    "行政诉讼数": (0, 0),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from conftest import REPO

    root = tmp_path_factory.mktemp("root")
    for name in ("params", "data"):
        shutil.copytree(REPO / name, root / name)
    result = execute.build(root / "params" / "fujian-commerce" / "2017.yaml")
    return root, result


@pytest.mark.slow
def test_appendix_equals_the_published_table(built):
    root, result = built
    assert result.status == "ok"
    figures = pd.read_csv(root / "build/fujian-commerce/2017/figures.csv")
    appendix = figures[figures["table"] == "附表"]
    got = {
        row: (
            int(group.loc[group["column"] == "本年", "value"].item()),
            int(group.loc[group["column"] == "历年累计", "value"].item()),
        )
        for row, group in appendix.groupby("row")
    }
    assert got == PUBLISHED


@pytest.mark.slow
def test_report_html_is_the_published_page(built):
    root, _ = built
    html = (root / "build/fujian-commerce/2017/report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "“同意公开”的53条，占42%；“不予公开”的72条，占58%" in html
    assert "共受理政府信息公开申请125条，历年累计384条" in html
    for section in (
        "一、概述",
        "二、主动公开政府信息的情况",
        "三、政府信息依申请公开办理情况",
        "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
        "五、存在的主要问题及改进措施",
        "六、需要说明的其他事项与附表",
    ):
        assert f"<h2>{section}</h2>" in html
    assert (
        html.index("一、概述") < html.index("六、需要说明的其他事项与附表") < html.index("附表：政府信息公开情况统计表")
    )
    assert "report.section" not in html and "Report.load" not in html  # no code
    assert not re.search(r"(src|href)=\"(https?:)?//", html)  # nothing from the network
    assert html.count("<img") >= 3 and "data:image/png;base64," in html
    assert "No description has been provided" not in html


@pytest.mark.slow
def test_executed_notebook_shows_parameters_and_no_warnings(built):
    root, _ = built
    text = (root / "build/fujian-commerce/2017/report.ipynb").read_text(encoding="utf-8")
    notebook = json.loads(text)
    injected = next(c for c in notebook["cells"] if c.get("id") == "injected-parameters")
    assert "agency = 'fujian-commerce'" in "".join(injected["source"])
    streams = [o for c in notebook["cells"] for o in c.get("outputs", []) if o["output_type"] in ("stream", "error")]
    assert streams == []  # no stderr, no findfont warnings
    assert "\\u" not in text  # Chinese shown as Chinese
    manifest = json.loads((root / "build/fujian-commerce/2017/manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "ok" and manifest["format"] == "legacy"


# -- a full disk ---------------------------------------------------------------------------------------


def _full_disk_in(folder_prefix: str):
    """An `open` for execute's module that fails as a full disk does, for files in folders named so."""

    def full_disk_open(file, mode="r", *args, **kwargs):
        if Path(file).parent.name.startswith(folder_prefix):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(file))
        return open(file, mode, *args, **kwargs)

    return full_disk_open


def test_a_full_disk_while_staging_keeps_the_previous_report_and_says_so(tmp_path, monkeypatch):
    out_dir = tmp_path / "build" / "acme" / "2021"
    execute.write_atomically(out_dir, {"report.html": b"old"})
    monkeypatch.setattr(execute, "open", _full_disk_in(".2021.new-"), raising=False)
    with pytest.raises(DiskFullError) as caught:
        execute.write_atomically(out_dir, {"report.html": b"new"}, "build/acme/2021")
    assert str(caught.value) == "the disk is full: build/acme/2021 was not written; the previous report is kept"
    assert (out_dir / "report.html").read_bytes() == b"old"
    assert [p.name for p in out_dir.parent.iterdir()] == ["2021"]  # the staging folder is gone


def test_a_full_disk_with_no_previous_report_says_only_what_was_not_written(tmp_path, monkeypatch):
    out_dir = tmp_path / "build" / "acme" / "2021"
    monkeypatch.setattr(execute, "open", _full_disk_in(".2021.new-"), raising=False)
    with pytest.raises(DiskFullError) as caught:
        execute.write_atomically(out_dir, {"report.html": b"new"})
    assert str(caught.value) == f"the disk is full: {out_dir} was not written"  # no `where`: the full path
    assert list(out_dir.parent.iterdir()) == []


def test_a_full_disk_in_the_middle_of_the_swap_puts_the_previous_report_back(tmp_path, monkeypatch):
    out_dir = tmp_path / "build" / "acme" / "2021"
    execute.write_atomically(out_dir, {"report.html": b"old"})
    real = os.rename

    def rename(src, dst):
        if Path(src).name.startswith(".2021.new-"):  # the old report has just been moved aside
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(src, dst)

    monkeypatch.setattr(execute.os, "rename", rename)
    with pytest.raises(DiskFullError, match="the previous report is kept"):
        execute.write_atomically(out_dir, {"report.html": b"new"}, "build/acme/2021")
    assert (out_dir / "report.html").read_bytes() == b"old"
    assert [p.name for p in out_dir.parent.iterdir()] == ["2021"]


# -- the time limit ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_papermill_path_stops_a_notebook_past_its_time_limit_and_keeps_the_previous_report(example_root):
    earlier = example_root / "build/fujian-commerce/2017"
    earlier.mkdir(parents=True)
    (earlier / "report.html").write_text("an earlier report", encoding="utf-8")
    own_notebook(example_root, "import time; time.sleep(60)")
    started = time.monotonic()
    with pytest.raises(TimeLimitError) as caught:
        execute.build(example_root / "params/fujian-commerce/2017.yaml", timeout=3)
    assert time.monotonic() - started < 40  # the kernel's start-up, 3 s and its shutdown; not 60 s
    assert str(caught.value) == (
        "fujian-commerce 2017: not built within the time limit: the notebook was still running after 3 s; "
        "the previous report is kept"
    )
    assert (earlier / "report.html").read_text(encoding="utf-8") == "an earlier report"
    assert [p.name for p in earlier.parent.iterdir()] == ["2017"]


def test_review_metadata_holds_the_repetition_measure_the_rule_read():
    from govreport.compute.computation import Earlier, compute
    from govreport.compute.repetition import Prose, masked_sentences
    from govreport.inputs.agency_year import Agency, Inputs
    from govreport.inputs.params import Params
    from govreport.inputs.vocabulary import load_format

    held = Inputs(Agency("x", "某机关", "department"), 2022, load_format("national-2021"), {}, "甲" * 60 + "。乙乙。")
    last = Prose("data/x/2021/narrative.md", "0" * 64, masked_sentences("甲" * 60 + "。"))
    value = compute(Params("x", 2022), held, Earlier(None, prose=last))
    meta = execute.repetition(value)
    assert (meta["share"], meta["too_much"], meta["judged"]) == ("97%", False, False)  # 60 of 62: under 100
    assert [(s["line"], s["kind"], s["characters"]) for s in meta["sentences"]] == [(1, "repeated", 60), (1, "new", 2)]
    json.dumps(meta)  # it goes into report.ipynb's metadata as it is
