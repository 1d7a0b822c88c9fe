"""The one atomic write under build/: the old file or the new one, never a part, nothing left aside."""

from __future__ import annotations

import errno
import os

import pytest

from govreport.run import files


def test_replace_file_writes_and_replaces(tmp_path):
    path = tmp_path / "build" / "index.html"
    files.replace_file(path, b"first")
    files.replace_file(path, b"second")
    assert path.read_bytes() == b"second"
    assert sorted(p.name for p in path.parent.iterdir()) == ["index.html"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_aside(tmp_path, monkeypatch):
    path = tmp_path / "state.json"
    files.replace_file(path, b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError) as raised:
        files.replace_file(path, b"new")
    assert raised.value.errno == errno.ENOSPC
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
