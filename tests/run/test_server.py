"""The warm server: a command handed to it prints, writes and exits as it does run alone, and ends when told to."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO

from govreport.run import server

GOVREPORT = Path(sys.executable).parent / "govreport"
PARAMS = "params/haicheng-sample/2024.yaml"
ALONE = {**os.environ, server.SWITCH: "0"}


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    """A private runtime folder for this module's servers; every server in it is stopped at the end."""
    folder = tmp_path_factory.mktemp("runtime")
    folder.chmod(0o700)
    yield folder
    for record in (folder / "govreport").glob("*.json"):
        _stop(json.loads(record.read_text())["pid"])


@pytest.fixture(scope="module")
def served(runtime) -> dict:
    """The environment of a client that hands its command to the warm server."""
    environment = {k: v for k, v in os.environ.items() if k != server.SWITCH}
    return {**environment, "XDG_RUNTIME_DIR": str(runtime)}


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("served")
    for name in ("params", "data"):
        shutil.copytree(REPO / name, folder / name)
    return folder


def _stop(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(200):
        if not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid):
            return
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0]
    except (OSError, IndexError):
        return "zombie"


def _run(root: Path, environment: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [GOVREPORT, *args], cwd=root, env=environment, capture_output=True, text=True, timeout=300, check=False
    )


def _servers(runtime: Path) -> dict[str, int]:
    return {r.stem: json.loads(r.read_text())["pid"] for r in (runtime / "govreport").glob("*.json")}


def _processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is `folder` (a command and its reports work in the client's folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder and "zombie" not in _state(int(entry.name)):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize(
    "args",
    [
        ["check", PARAMS],
        ["check", "--format", "csv", PARAMS],  # data on stdout, nothing on stderr
        ["check", "params/nobody/2020.yaml"],  # exit 1, the reason on stderr
        ["build"],  # click's usage error: exit 2
        ["--lang", "en", "check", PARAMS],
    ],
    ids=["check", "csv", "missing", "usage", "english"],
)
def test_a_command_handed_to_the_server_prints_and_exits_as_it_does_alone(root, served, runtime, args):
    alone = _run(root, ALONE, *args)
    warm = _run(root, served, *args)
    assert (warm.returncode, warm.stdout, warm.stderr) == (alone.returncode, alone.stdout, alone.stderr)
    assert _servers(runtime), "no server was started"


def test_the_environment_of_each_client_is_its_own(root, served):
    assert "error(s)" in _run(root, {**served, "GOVREPORT_LANG": "en"}, "check", PARAMS).stdout
    assert "个错误" in _run(root, served, "check", PARAMS).stdout
    verbose = _run(root, served, "-v", "check", PARAMS)
    assert "由常驻进程运行" in verbose.stderr  # it did run in the server
    assert "由常驻进程运行" not in _run(root, ALONE, "-v", "check", PARAMS).stderr


def test_a_build_through_the_server_writes_what_a_build_alone_writes(root, served, tmp_path):
    alone = tmp_path / "alone"
    for name in ("params", "data"):
        shutil.copytree(root / name, alone / name)
    assert _run(root, served, "build", "--docx", PARAMS).returncode == 0
    assert _run(alone, ALONE, "build", "--docx", PARAMS).returncode == 0
    report = Path("build/haicheng-sample/2024")
    for name in ("report.html", "review.html", "report.ipynb", "report.docx", "figures.csv", "checks.csv"):
        assert (root / report / name).read_bytes() == (alone / report / name).read_bytes(), name


@pytest.mark.parametrize(
    ("sent", "code"),
    [(signal.SIGINT, 1), (signal.SIGTERM, -signal.SIGTERM), (signal.SIGKILL, -signal.SIGKILL)],
    ids=["ctrl-c", "sigterm", "kill-9"],
)
def test_a_signal_to_the_client_reaches_its_command_and_leaves_no_process(root, served, sent, code):
    _run(root, served, "check", PARAMS)  # the server is up: the batch below starts at once
    batch = subprocess.Popen(
        [GOVREPORT, "batch", "--force"], cwd=root, env=served, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    time.sleep(0.8)  # the batch of the examples runs for seconds
    batch.send_signal(sent)
    _, stderr = batch.communicate(timeout=60)
    assert batch.returncode == code, stderr
    if sent == signal.SIGINT:  # as a batch run alone words Ctrl-C
        assert "已中止" in stderr.decode()
    for _ in range(100):  # the command and its reports' processes, gone
        if not _processes_in(root.resolve()):
            break
        time.sleep(0.05)
    assert _processes_in(root.resolve()) == []


def test_no_server_when_switched_off_or_when_the_socket_folder_is_not_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv(server.SWITCH, "0")
    assert server.hand_over("raise SystemExit(3)") is None
    assert not (tmp_path / "govreport").exists()
    monkeypatch.delenv(server.SWITCH)
    (tmp_path / "govreport").mkdir(mode=0o755)
    (tmp_path / "govreport").chmod(0o755)
    with pytest.raises(PermissionError):
        server.folder()
    assert server.hand_over("raise SystemExit(3)") is None  # run here; nothing started
    assert list((tmp_path / "govreport").iterdir()) == []


def test_the_servers_name_changes_with_the_installation_and_the_environment_imports_read(monkeypatch):
    before = server.key()
    monkeypatch.setenv("MPLCONFIGDIR", "/elsewhere")
    assert server.key() != before
    assert server.key().split("-")[0] == before.split("-")[0]  # the same installation
    monkeypatch.delenv("MPLCONFIGDIR")
    assert server.key() == before
    touched = Path(server.__file__).with_name("zygote.py")
    state = touched.stat()
    try:
        os.utime(touched, ns=(state.st_atime_ns, state.st_mtime_ns + 1_000))
        assert server.key().split("-")[0] != before.split("-")[0]
    finally:
        os.utime(touched, ns=(state.st_atime_ns, state.st_mtime_ns))
    assert server.key() == before


def test_a_server_of_a_changed_installation_stops_the_stale_one(root, served, runtime):
    _run(root, served, "check", PARAMS)
    stale = _servers(runtime)
    assert len(stale) == 1
    touched = Path(server.__file__).with_name("zygote.py")
    state = touched.stat()
    try:
        os.utime(touched, ns=(state.st_atime_ns, state.st_mtime_ns + 1_000))
        assert _run(root, served, "check", PARAMS).returncode == 0
        fresh = _servers(runtime)
    finally:
        os.utime(touched, ns=(state.st_atime_ns, state.st_mtime_ns))
    assert len(fresh) == 1 and fresh.keys() != stale.keys()
    (pid,) = stale.values()
    for _ in range(200):
        if "zombie" in _state(pid):
            break
        time.sleep(0.05)
    assert "zombie" in _state(pid)


def test_a_client_with_a_closed_standard_stream_runs_its_command_itself(root, served):
    closed = subprocess.run(
        [GOVREPORT, "-v", "check", PARAMS],
        cwd=root,
        env=served,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: os.close(0),  # noqa: PLW1509 — the one way to start it with no stdin at all
    )
    assert closed.returncode == 0 and "0 个错误" in closed.stdout
    assert "由常驻进程运行" not in closed.stderr
