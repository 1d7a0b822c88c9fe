"""The warm server: each command runs in a fork of a process that has already imported what reports need.

A command started afresh pays ~1.5 s before its first report begins: the interpreter, pandas, matplotlib,
IPython, nbconvert and the compiled templates (govreport.run.zygote). The first command starts a server that
pays it once; that command and every later one is a thin client which hands the server its arguments, folder,
environment, umask and standard streams (the descriptors themselves: output goes straight to the terminal, pipe
or file) and exits as the command exits. The server forks a handler per client, which forks the command into a
process group of its own and relays to it the signals the client receives (Ctrl-C, SIGTERM, SIGHUP); a client
that dies (kill -9) takes its command down with it. Reports inside the command fork from it in turn
(`engine.context`), so they start warm too.

The socket is in a folder only its user can enter ($XDG_RUNTIME_DIR/govreport, else /tmp/govreport-<uid>) and
answers only its user. Its name holds everything that shapes what the server imported — the interpreter, the
package's files, the installed libraries, the environment variables read at import — so a changed installation
gets a new server, which stops the old one; a server ends after IDLE seconds with no command.
GOVREPORT_SERVER=0 runs each command in its own process, as before.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import select
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable
from pathlib import Path

SWITCH = "GOVREPORT_SERVER"  # "0": no server
IDLE = 600.0  # seconds a server waits for a command before it ends
START_SECONDS = 60.0  # how long a client waits for a server it started before it runs the command itself
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
# Read while modules are imported (paths, caches, locale, hashing): a server serves only clients that agree.
IMPORT_ENVIRONMENT = (
    "PYTHONPATH",
    "PYTHONHASHSEED",
    "PYTHONWARNINGS",
    "PYTHONUTF8",
    "PYTHONIOENCODING",
    "PYTHONDONTWRITEBYTECODE",
    "HOME",
    "TMPDIR",
    "TZ",
    "LANG",
    "LC_ALL",
    "LC_CTYPE",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "MPLBACKEND",
    "MPLCONFIGDIR",
    "OMP_NUM_THREADS",
)
_STATUS = struct.Struct("!i")
_warm = False


def warm() -> bool:
    """Whether this process is a command forked from the warm server (its reports may fork from it)."""
    return _warm


# -- where a server listens ----------------------------------------------------------------------


def folder() -> Path:
    """The user's private folder of sockets (created 0700; refused if anyone else owns it or can enter it)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    path = Path(runtime) / "govreport" if runtime else Path("/tmp") / f"govreport-{os.getuid()}"
    path.mkdir(mode=0o700, exist_ok=True)
    state = path.lstat()
    if state.st_uid != os.getuid() or state.st_mode & 0o077 or not path.is_dir() or path.is_symlink():
        raise PermissionError(f"{path} is not this user's private folder")
    return path


def installation() -> str:
    """What the server imports from: the interpreter, this package's files and the libraries installed."""
    import site  # its folders of installed libraries change (mtime) when a library is installed or removed

    from govreport.run.versions import package_files

    folders = {*site.getsitepackages(), site.getusersitepackages()}
    libraries = sorted((p, os.stat(p).st_mtime_ns) for p in folders if os.path.isdir(p))
    # The package's files name where it is imported from; sys.path itself differs between a console script and
    # the server (its first entry is the script's folder), the rest comes from PYTHONPATH and the site folders.
    files = [(str(p), state.st_mtime_ns, state.st_size) for p in package_files() for state in [p.stat()]]
    facts = [sys.executable, sys.version, libraries, files]
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


def key() -> str:
    """The server a client may use: its installation, then the environment its imports read."""
    environment = [(name, os.environ.get(name)) for name in IMPORT_ENVIRONMENT]
    return f"{installation()}-{hashlib.sha256(json.dumps(environment).encode()).hexdigest()[:8]}"


# -- the client ------------------------------------------------------------------------------------


def _connect(path: Path) -> socket.socket | None:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        return None
    return client


def _start(name: str, place: Path, serve: str) -> socket.socket | None:
    """Start a server (`serve`: the code that runs it) and connect to it once it listens; None if it does not."""
    import subprocess

    with open(place / f"{name}.log", "ab") as log:  # the server's own errors, should it fail to start
        server = subprocess.Popen(
            [sys.executable, "-c", serve, name],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # not in the terminal's group: Ctrl-C on a command must not end it
            close_fds=True,
            cwd="/",  # it outlives the client, whose folder it must not hold nor import from (-c puts it on sys.path)
        )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if (client := _connect(place / f"{name}.sock")) is not None:
            return client
        if server.poll() is not None and not (place / f"{name}.sock").exists():
            return None  # it ended without listening (another one may be starting: then the next call finds it)
        time.sleep(0.02)
    return None


def hand_over(serve: str) -> int | None:
    """Run this process's command in the warm server; its exit status, or None to run it here.

    `serve` is the Python code a new server runs (`-c`, with the server's name as its argument).
    """
    if os.environ.get(SWITCH) == "0" or not hasattr(socket, "send_fds"):
        return None
    try:
        for fd in (0, 1, 2):  # a closed standard stream cannot be handed over: then the command runs here
            os.fstat(fd)
    except OSError:
        return None
    try:
        name, place = key(), folder()
        client = _connect(place / f"{name}.sock") or _start(name, place, serve)
    except OSError:
        return None
    if client is None:
        return None
    with client:
        return _run_remotely(client)


def _run_remotely(client: socket.socket) -> int | None:
    streams = [sys.stdin, sys.stdout, sys.stderr]
    request = {
        "argv": sys.argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": _umask(),
        "streams": [[s.encoding, s.errors] if s is not None else None for s in streams],
    }
    try:
        _send(client, request, [0, 1, 2])
    except OSError:
        return None  # nothing has run yet: run it here

    def relay(signum: int, frame: object) -> None:
        try:
            client.send(bytes([signum]))
        except OSError:
            pass

    for signum in FORWARDED:
        signal.signal(signum, relay)
    try:
        status = _read(client, _STATUS.size)
    except ConnectionError:
        return _lost()
    code = os.waitstatus_to_exitcode(_STATUS.unpack(status)[0])
    if code < 0:  # ended by a signal: end the same way, so a shell sees what it would have seen
        for signum in FORWARDED:
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _lost() -> int:
    from govreport.messages import t

    sys.stderr.write(t("server.lost") + "\n")
    return 1


# -- the server ------------------------------------------------------------------------------------


def serve(name: str, command: Callable[[], object]) -> None:
    """Listen for clients as server `name` until IDLE seconds pass with none; each runs `command` in a fork.

    `command` runs the CLI with sys.argv, streams, folder and environment set to the client's.
    """
    place = folder()
    if key() != name:
        raise RuntimeError(f"server {name} started from another installation or environment ({key()})")
    lock = open(place / f"{name}.lock", "w")  # noqa: SIM115 — held for the server's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # another server of this name is starting or serving
    import govreport.run.zygote  # noqa: F401 — the warm state every command forks from

    address = place / f"{name}.sock"
    address.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(address))
    listener.listen(64)
    bound = os.stat(address).st_ino
    _stop_others(place, name)
    (place / f"{name}.json").write_text(json.dumps({"prefix": sys.prefix, "pid": os.getpid()}))
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    running: set[int] = set()
    last = time.monotonic()
    listener.settimeout(5.0)
    try:
        while True:
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                running -= _reaped(running)
                if not running and time.monotonic() - last >= IDLE:
                    return
                if not _still(address, bound):
                    return  # its socket was removed or taken over: nobody can reach it any more
                continue
            running -= _reaped(running)
            last = time.monotonic()
            if not _same_user(connection):
                connection.close()
                continue
            pid = os.fork()
            if pid == 0:
                listener.close()
                lock.close()  # the lock is the server's: a command that outlives it must not keep a new one out
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                try:
                    _handle(connection, command)
                finally:
                    os._exit(0)
            running.add(pid)
            connection.close()
    finally:
        if _still(address, bound):
            address.unlink(missing_ok=True)
        (place / f"{name}.json").unlink(missing_ok=True)
        for leftover in (place / f"{name}.log", place / f"{name}.lock"):
            if leftover.exists() and not leftover.stat().st_size:
                leftover.unlink()


def _still(address: Path, bound: int) -> bool:
    """Whether `address` is still the socket file this server bound (inode `bound`)."""
    try:
        return os.stat(address).st_ino == bound
    except OSError:
        return False


def _reaped(pids: set[int]) -> set[int]:
    done = set()
    for pid in pids:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                done.add(pid)
        except ChildProcessError:
            done.add(pid)
    return done


def _same_user(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", credentials)
    return uid == os.getuid()


def _stop_others(place: Path, name: str) -> None:
    """Stop the servers of this interpreter built from another installation: their code is stale."""
    installation_ = name.split("-")[0]
    for other in place.glob("*.json"):
        if other.stem == name or other.stem.split("-")[0] == installation_:
            continue
        try:
            if json.loads(other.read_text())["prefix"] != sys.prefix:
                continue
        except (OSError, ValueError, KeyError):
            continue
        if (client := _connect(place / f"{other.stem}.sock")) is not None:
            with client:
                try:
                    _send(client, {"stop": True}, [])
                except OSError:
                    pass


def _send(connection: socket.socket, request: dict, fds: list[int]) -> None:
    """A request as `_receive` reads it: its length, with the descriptors it hands over, then its JSON."""
    body = json.dumps(request).encode()
    socket.send_fds(connection, [_STATUS.pack(len(body))], fds)
    connection.sendall(body)


def _read(connection: socket.socket, size: int, start: bytes = b"") -> bytes:
    """`size` bytes, `start` those that came already; ConnectionError if the other end closes first."""
    data = start
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            raise ConnectionError("the other end went away")
        data += chunk
    return data


def _receive(connection: socket.socket) -> tuple[dict, list[int]]:
    head, fds, _flags, _address = socket.recv_fds(connection, _STATUS.size, 3)
    size = _STATUS.unpack(_read(connection, _STATUS.size, head))[0]
    return json.loads(_read(connection, size)), fds


def _handle(connection: socket.socket, command: Callable[[], object]) -> None:
    """One client: fork its command into a process group of its own, relay signals, send back its status."""
    try:
        request, fds = _receive(connection)
    except (OSError, ValueError):
        return
    if request.get("stop"):
        os.kill(os.getppid(), signal.SIGTERM)
        return
    pid = os.fork()
    if pid == 0:
        connection.close()
        os.setpgid(0, 0)
        os._exit(_command(request, fds, command))
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass  # it did so itself already
    for fd in fds:
        os.close(fd)
    status = _wait(pid, connection)
    try:
        connection.sendall(_STATUS.pack(status))
    except OSError:
        pass


def _wait(pid: int, connection: socket.socket) -> int:
    """The command's wait status; meanwhile each byte from the client is a signal for its group, and the
    client's end (it was killed) ends the group."""
    exited = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    try:
        while True:
            watched = [connection] + ([exited] if exited is not None else [])
            readable, _, _ = select.select(watched, [], [], None if exited is not None else 0.05)
            if exited is None:
                done, status = os.waitpid(pid, os.WNOHANG)
                if done:
                    return status
            elif exited in readable:
                return os.waitpid(pid, 0)[1]
            if connection in readable:
                try:
                    data = connection.recv(16)
                except OSError:
                    data = b""
                if not data:
                    _signal_group(pid, signal.SIGKILL)
                    return os.waitpid(pid, 0)[1]
                for signum in data:
                    _signal_group(pid, signum)
    finally:
        if exited is not None:
            os.close(exited)


def _signal_group(pid: int, signum: int) -> None:
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        pass


def _command(request: dict, fds: list[int], command: Callable[[], object]) -> int:
    """Become the client's command: its streams, environment, folder and umask; run it; its exit code."""
    global _warm
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    time.tzset()
    os.umask(request["umask"])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)
    sys.stdin, sys.stdout, sys.stderr = (
        _stream(fd, mode, encoding)
        for fd, mode, encoding in zip((0, 1, 2), ("r", "w", "w"), request["streams"], strict=True)
    )
    sys.argv = request["argv"]
    _warm = True
    code: object = 0
    try:
        os.chdir(request["cwd"])
        command()
    except SystemExit as exc:
        code = exc.code
    except OSError as exc:  # e.g. the client's folder was removed meanwhile
        sys.stderr.write(f"{exc}\n")
        code = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")
    return 1


def _stream(fd: int, mode: str, encoding: list | None) -> io.TextIOWrapper | None:
    """A text stream on the client's descriptor, as Python would have made it for the client."""
    if encoding is None:
        return None
    line = mode == "w" and (fd == 2 or os.isatty(fd))  # stderr is always line-buffered, stdout at a terminal
    raw = io.FileIO(fd, mode, closefd=False)
    binary = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
    return io.TextIOWrapper(binary, encoding=encoding[0], errors=encoding[1], line_buffering=line)
