"""Earlier years kept on disk for a root's builds: each is built once, whichever report needs it first.

A batch builds each report in a process of its own, so a cache in memory would die with it; this one
is a folder of pickles under build/.batch/years/, named by the digest of what the next year reads of
the year (`last_year_digest`) and the package's own fingerprint (a new version of govreport builds them
afresh). It holds only what govreport itself computed from inputs it validated; anything unreadable is
treated as absent.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from govreport.compute.computation import Earlier
from govreport.run.files import replace_file


class DiskCache:
    """A `compute.computation.YearCache` in `folder`, valid for one version of the package."""

    def __init__(self, folder: Path, package: str):
        self.folder, self.package = folder, package

    def _path(self, digest: str) -> Path:
        return self.folder / (hashlib.sha256(f"{self.package}\0{digest}".encode()).hexdigest() + ".pickle")

    def get(self, digest: str) -> Earlier | None:
        try:
            found = pickle.loads(self._path(digest).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None  # absent, half-written by a killed process, or from an older layout: build it again
        return found if isinstance(found, Earlier) else None

    def put(self, digest: str, earlier: Earlier) -> None:
        try:
            replace_file(self._path(digest), pickle.dumps(earlier, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written (a full disk, a read-only build/) only costs time
