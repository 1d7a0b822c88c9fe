"""The sha256 of every output of the example reports, kept in tests/examples.sha256.

    .venv/bin/python tools/example_digests.py        # rebuild the examples and rewrite the file (on purpose only)

tests/run/test_examples.py builds the examples the same way and compares: a change to what any
example report says, shows or records fails it until this is run and the new digests are committed
with the change that explains them. manifest.json is left out (it records timings). The summaries of
params/_summary/ are built by the same batch and kept the same way.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DIGESTS = REPO / "tests" / "examples.sha256"
OUTPUTS = ("report.html", "review.html", "report.ipynb", "figures.csv", "checks.csv")
SUMMARY_OUTPUTS = ("report.html", "report.ipynb", "figures.csv")  # a region's summary (params/_summary/)
CATALOGUE = ("index.html", "summary.csv")


def build_examples(root: Path) -> None:
    """The repository's example params and data, built by `govreport batch` in `root`."""
    for name in ("params", "data"):
        shutil.copytree(REPO / name, root / name)
    govreport = Path(sys.executable).parent / "govreport"
    subprocess.run([govreport, "--root", root, "batch"], check=True, capture_output=True)


def digests(root: Path) -> dict[str, str]:
    """{path under build/: sha256} of every report output, every summary output and the catalogue."""
    build = root / "build"
    found = {}
    for report in sorted(p.parent for p in build.glob("*/*/manifest.json")):
        for name in OUTPUTS:
            path = report / name
            found[path.relative_to(build).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    for summary in sorted(p.parent for p in build.glob("_summary/*/*/manifest.json")):
        for name in SUMMARY_OUTPUTS:
            path = summary / name
            found[path.relative_to(build).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    for name in CATALOGUE:
        found[name] = hashlib.sha256((build / name).read_bytes()).hexdigest()
    return found


def text(found: dict[str, str]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in found.items())


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="govreport-examples-") as folder:
        build_examples(Path(folder))
        DIGESTS.write_text(text(digests(Path(folder))), encoding="utf-8")
    print(f"wrote {DIGESTS.relative_to(REPO)}")


if __name__ == "__main__":
    main()
