"""What besides its inputs shapes a report's bytes: the package's own files and the libraries it runs on.

One list serves the manifest (which versions built this report) and the batch's fingerprint and the
earlier-years cache (rebuild when any of them changes); one list of the package's files serves the fingerprint and
the warm server's name (run/server.py).
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib import resources
from pathlib import Path

LIBRARIES = (
    "govreport",
    "pandas",
    "matplotlib",
    "papermill",
    "nbclient",
    "nbconvert",
    "nbformat",
    "ipykernel",
    "ipython",
    "jinja2",
    "markdown-it-py",
    "nh3",
    "weasyprint",
)


def package_files() -> list[Path]:
    """Every file of the package but its byte-code, sorted: code, templates, the notebook, the message catalogues."""
    package = Path(str(resources.files("govreport")))
    return sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.relative_to(package).parts)


def versions() -> dict[str, str]:
    """The installed version of every library in LIBRARIES ("unknown" when absent)."""
    from importlib import metadata  # ~20 ms: not for the warm server's client, which needs only package_files

    found = {}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "unknown"
    return found


@cache
def package_fingerprint() -> str:
    """The package's own files, the libraries' versions and Python's: a change to any rebuilds every report."""
    digest = hashlib.sha256()
    package = Path(str(resources.files("govreport")))
    for file in package_files():
        digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    for name, version in versions().items():
        digest.update(f"{name}={version}\0".encode())
    digest.update(f"python={sys.version}".encode())
    return digest.hexdigest()
