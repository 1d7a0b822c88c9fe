"""Nothing half-written: a build killed at any moment leaves the previous complete report or none."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from govreport.run import execute

NAMES = ("report.html", "review.html", "report.ipynb", "figures.csv", "checks.csv", "manifest.json")
PARAMS = Path("params") / "fujian-commerce" / "2017.yaml"
# Runs a real build in a child process and SIGKILLs its whole process group (kernel included)
# right after the report folder has been moved aside: the one moment when no report is in place.
KILL_AT_SWAP = """
import os, signal, sys
from govreport.run import execute
out_dir = sys.argv[2]
real = os.rename
def rename(src, dst, *a, **k):
    real(src, dst, *a, **k)
    if os.path.realpath(src) == os.path.realpath(out_dir):
        os.killpg(0, signal.SIGKILL)
os.rename = rename
execute.build(sys.argv[1])
"""


def _state(folder: Path) -> dict[str, str] | None:
    if not folder.exists():
        return None
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def _files(tag: str) -> dict[str, bytes]:
    return {name: f"{tag} {name}\n".encode() * 1000 for name in NAMES}


def _killed_write(out_dir: Path, files: dict[str, bytes], kill_at: int) -> int:
    """Fork a child that writes `files` atomically and SIGKILLs itself at its `kill_at`-th step."""
    pid = os.fork()
    if pid == 0:  # the child: count each fsync and rename, die at the chosen one
        try:
            steps = 0

            def step(real):
                def wrapped(*args, **kwargs):
                    nonlocal steps
                    steps += 1
                    if steps == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return real(*args, **kwargs)

                return wrapped

            os.fsync, os.rename, os.replace = step(os.fsync), step(os.rename), step(os.replace)
            execute.write_atomically(out_dir, files)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def test_a_write_killed_at_every_step_leaves_old_or_new_and_repair_cleans_up(tmp_path):
    out_dir = tmp_path / "build" / "agency" / "2017"
    execute.write_atomically(out_dir, _files("old"))
    old = _state(out_dir)
    new_files = _files("new")
    killed_at = []
    for kill_at in range(1, 40):
        code = _killed_write(out_dir, new_files, kill_at)
        if code == 0:  # the write finished before step `kill_at`: every step has been tried
            break
        assert code == -signal.SIGKILL
        killed_at.append(kill_at)
        seen = _state(out_dir)
        assert seen in (old, None) or seen == _state_of(new_files), f"mixture after step {kill_at}: {seen}"
        execute.repair(out_dir)
        assert _state(out_dir) in (old, _state_of(new_files)), f"repair after step {kill_at} left {_state(out_dir)}"
        assert _leftovers(out_dir) == []
        # Back to the old report for the next moment.
        execute.write_atomically(out_dir, _files("old"))
    assert len(killed_at) >= len(NAMES) + 2  # one fsync per file and both renames were interrupted
    assert _state(out_dir) == _state_of(new_files)  # the uninterrupted write put the new report in


def _state_of(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())}


@pytest.fixture
def root(tmp_path) -> Path:
    for name in ("params", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    return tmp_path


def _govreport(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "govreport"), "--root", str(root), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so the kernel dies with it
    )


@pytest.mark.slow
def test_a_real_build_killed_midway_leaves_the_previous_report_and_the_next_run_repairs(root):
    params = root / PARAMS
    out_dir = root / "build" / "fujian-commerce" / "2017"
    execute.build(params)
    previous = _state(out_dir)
    narrative = root / "data" / "fujian-commerce" / "2017" / "narrative.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n本段为第二次构建新增。\n", encoding="utf-8")

    for delay in (0.5, 1.5, 3.0):  # while validating, while the kernel runs, near the end
        build = _govreport(root, "build", str(params))
        time.sleep(delay)
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
        after = _state(out_dir)
        if build.returncode == 0:  # it finished first: then it is the new report, whole
            assert after is not None and set(after) == set(NAMES)
            previous = after
        else:
            assert after in (previous, None), f"killed after {delay} s: a mixture {after}"
            execute.repair(out_dir)
            assert _state(out_dir) == previous

    build = subprocess.Popen(
        [sys.executable, "-c", KILL_AT_SWAP, str(params), str(out_dir)], start_new_session=True, cwd=root
    )
    assert build.wait(timeout=300) == -signal.SIGKILL
    assert _state(out_dir) is None  # killed between the two renames: no report, never a mixture
    assert ".2017.old" in _leftovers(out_dir)

    execute.repair(out_dir)
    assert _state(out_dir) == previous  # the previous complete report is back

    done = _govreport(root, "build", str(params))
    assert done.wait(timeout=300) == 0
    rebuilt = _state(out_dir)
    assert rebuilt is not None and set(rebuilt) == set(NAMES)
    assert "本段为第二次构建新增" in (out_dir / "report.html").read_text(encoding="utf-8")
    assert _leftovers(out_dir) == []
