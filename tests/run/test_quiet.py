"""A successful build prints its one result line and nothing else; what the kernel itself says goes to logging."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile

import nbformat
import pytest

from govreport.run import execute

# What the `govreport` console script runs.
MAIN = "import sys; from govreport.cli import main; sys.argv[0] = 'govreport'; main()"


@pytest.mark.slow
def test_a_successful_build_prints_one_line_and_nothing_on_stderr(example_root, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("tmp")
    done = subprocess.run(
        [sys.executable, "-c", MAIN, "build", "params/fujian-commerce/2017.yaml"],
        cwd=example_root,
        env={**os.environ, "TMPDIR": str(scratch)},  # where the kernel's sockets and log go
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    report = example_root.resolve() / "build/fujian-commerce/2017/report.html"
    assert done.stdout == f"{report}（0 个错误，0 个警告，0 条提示）\n"
    assert [p.name for p in scratch.iterdir() if p.name.startswith("govreport-")] == []  # cleaned up


def _notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


@pytest.mark.slow
def test_the_kernel_talks_over_unix_sockets_and_what_it_prints_itself_goes_to_the_log(
    tmp_path, monkeypatch, capfd, caplog
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    (tmp_path / "run").mkdir()
    where = (
        "import os\n"
        "from ipykernel.kernelapp import IPKernelApp\n"
        "app = IPKernelApp.instance()\n"
        "os.write(2, b'straight to the kernel process stderr\\n')\n"
        "folder = os.path.dirname(app.connection_file)\n"
        "print(app.transport, os.path.dirname(folder), sorted(os.listdir(folder)))"
    )
    with caplog.at_level(logging.INFO, logger="govreport.run.execute"):
        executed = execute._execute(_notebook(where), tmp_path / "run", tmp_path)
    # Five sockets (shell, iopub, stdin, control, heartbeat) named after the "kernel" prefix, beside the
    # connection file and the kernel's log, in a folder of the temporary folder (short, as a socket's path
    # must be; build/ can be any depth).
    assert executed.cells[0].outputs[0].text == (
        f"ipc {scratch} ['kernel-1', 'kernel-2', 'kernel-3', 'kernel-4', 'kernel-5', 'kernel.json', 'kernel.log']\n"
    )
    assert "straight to the kernel process stderr" not in capfd.readouterr().err
    assert "kernel: straight to the kernel process stderr" in caplog.messages
    assert list(scratch.iterdir()) == []  # sockets, connection file and log removed


def test_the_folders_of_killed_builds_are_removed_and_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    killed = tmp_path / f"govreport-kernel-{gone.stdout.strip()}-abc"  # its process has ended
    running = tmp_path / f"govreport-kernel-{os.getpid()}-def"  # this process: alive
    unrelated = tmp_path / "govreport-kernel-notes"
    for folder in (killed, running, unrelated):
        folder.mkdir()
        (folder / "kernel-1").write_text("")
    made = execute.new_kernel_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, unrelated.name, made.name])
    assert made.name.startswith(f"govreport-kernel-{os.getpid()}-")
