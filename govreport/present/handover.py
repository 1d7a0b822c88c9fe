"""The handover of a computed value from a build to its notebook, so every output comes from one computation.

A build computes a report's value (a `Computation`) or a summary's (a `Summary`) once and hands it to the
notebook it runs: in the same process (the fast engine) through `hand`, to a kernel (papermill) through a
pickle named by HANDED_ENV. The notebook's `load` takes it when its root and parameters are the value's
own (`value.params`, whose class tells a report's from a summary's), else computes afresh.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from govreport.inputs.project import Project

HANDED_ENV = "GOVREPORT_COMPUTATION"
_handed: tuple[str, Any] | None = None  # (root, value): one build at a time


def hand(root: Path, value: Any) -> None:
    """Make `value` what the notebook's `load` returns for its params under `root`, instead of computing it again."""
    global _handed
    _handed = (str(Path(root).resolve()), value)


def release() -> None:
    """Forget the handed value (the build that handed it is over)."""
    global _handed
    _handed = None


def write_handed(path: Path, root: Path, value: Any) -> None:
    """Pickle `value` for a kernel (its process reads it through HANDED_ENV)."""
    path.write_bytes(pickle.dumps((str(Path(root).resolve()), value), protocol=pickle.HIGHEST_PROTOCOL))


@contextmanager
def for_a_kernel(folder: Path) -> Iterator[None]:
    """While a kernel is started and run: the handed value pickled in `folder`, named by HANDED_ENV.

    Only a kernel needs the pickle (the fast engine runs the notebook in this process), and a summary's
    value can be large.
    """
    saved = os.environ.get(HANDED_ENV)
    if _handed is not None:
        path = folder / "value.pickle"
        write_handed(path, Path(_handed[0]), _handed[1])
        os.environ[HANDED_ENV] = str(path)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(HANDED_ENV, None)
        else:
            os.environ[HANDED_ENV] = saved


def handed(project: Project, params: Any) -> Any | None:
    """The value handed for `params` under `project`'s root, if any."""
    if _handed is not None and (_handed[0], _handed[1].params) == (str(project.root), params):
        return _handed[1]
    if os.environ.get(HANDED_ENV):
        root, value = pickle.loads(Path(os.environ[HANDED_ENV]).read_bytes())
        if (root, value.params) == (str(project.root), params):
            return value
    return None
