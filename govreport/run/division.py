"""Work divided among this machine's cores: a function of a list run on parts of it in forked copies of this process.

A summary reads thousands of small files; two cores read them in about half the time. The copies are made
with os.fork, not multiprocessing: a report's or a summary's build runs in a daemonic process (run/engine.py),
which multiprocessing does not let have children. Each copy runs the function on its part, sends the result
back pickled through a pipe and exits at once; this process does the first part itself meanwhile.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import TypeVar

R = TypeVar("R")


def divide(function: Callable[[list], R], items: list, parts: int | None = None) -> list[R]:
    """`function` of each of `parts` (default: the cores) interleaved parts of `items`, in order.

    What `function` raises in a copy is raised here as a RuntimeError naming it.
    """
    parts = max(1, min(parts or os.cpu_count() or 1, len(items)))
    chunks = [items[i::parts] for i in range(parts)]
    if parts == 1 or not hasattr(os, "fork"):
        return [function(chunk) for chunk in chunks]
    children = [_fork(function, chunk) for chunk in chunks[1:]]
    results = [function(chunks[0])]
    for pid, pipe in children:
        with os.fdopen(pipe, "rb") as handle:
            data = handle.read()
        os.waitpid(pid, 0)
        if not data:
            raise RuntimeError("a forked copy of this process ended without a result")
        ok, value = pickle.loads(data)
        if not ok:
            raise value
        results.append(value)
    return results


def _fork(function: Callable[[list], R], chunk: list) -> tuple[int, int]:
    """(pid, the read end of its pipe) of a forked copy running `function(chunk)`."""
    read, write = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write)
        return pid, read
    os.close(read)  # the copy: compute, send, and leave without running anything of this process's
    status = 0
    try:
        try:
            data = pickle.dumps((True, function(chunk)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # sent to the parent, which raises it
            data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__}: {exc}")))
        with os.fdopen(write, "wb") as handle:
            handle.write(data)
    except BaseException:  # the parent says the copy ended without a result
        status = 1
    finally:
        os._exit(status)
