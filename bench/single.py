"""Benchmark of one report: `govreport build` (and `build --docx`) and `govreport check` against one plain
papermill + nbconvert run.

    .venv/bin/python bench/single.py [--runs 5]

On a copy of the example root, times (median of --runs, each a fresh process as a user runs it):
(a) the `papermill` CLI then `jupyter nbconvert --to html --no-input` on the notebook, for one report;
(b) `govreport build` of the same report; (c) `govreport check` of it; (d) `govreport build --docx`, run in turn
with (b) so that both see the same load. (b) to (d) run as a user's commands do, through the warm server (started by
the first, untimed build); (b0) and (c0) are the same commands with GOVREPORT_SERVER=0, each paying for its own
imports, as the first command of a session does. Prints a table, the goals and what --docx adds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
AGENCY, YEAR = "haicheng-sample", "2024"  # the longest series: seven earlier years behind it
GOALS = {"build": 1.5, "check": 0.8}


ALONE = {**os.environ, "GOVREPORT_SERVER": "0"}


def timed(command: list, cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def plain(root: Path) -> float:
    executed = root / "plain.ipynb"
    started = time.perf_counter()
    subprocess.run(
        [BIN / "papermill", REPO / "notebooks" / "annual_report.ipynb", executed]
        + ["-p", "agency", AGENCY, "-p", "year", YEAR, "-p", "root", ".", "--cwd", root, "-k", "python3"]
        + ["--no-progress-bar"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed], check=True, capture_output=True
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs of each (default 5); the median is shown")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="govreport-single-"))
    try:
        for name in ("params", "data"):
            shutil.copytree(REPO / name, root / name)
        params = f"params/{AGENCY}/{YEAR}.yaml"
        govreport = BIN / "govreport"
        timed([govreport, "build", params], root)  # warm the disk cache of files; start the warm server
        builds = [
            (timed([govreport, "build", params], root), timed([govreport, "build", "--docx", params], root))
            for _ in range(args.runs)
        ]
        rows = {
            "(a) papermill + nbconvert": [plain(root) for _ in range(args.runs)],
            "(b) govreport build": [b for b, _ in builds],
            "(c) govreport check": [timed([govreport, "check", params], root) for _ in range(args.runs)],
            "(d) govreport build --docx": [d for _, d in builds],
            "(b0) build, no server": [timed([govreport, "build", params], root, ALONE) for _ in range(args.runs)],
            "(c0) check, no server": [timed([govreport, "check", params], root, ALONE) for _ in range(args.runs)],
        }
        print(f"{AGENCY} {YEAR}, median of {args.runs} runs, each a fresh process")
        print(f"{'':28} {'median s':>9} {'min s':>7} {'goal':>7}")
        goals = (None, GOALS["build"], GOALS["check"], None, None, None)
        for (name, times), goal in zip(rows.items(), goals, strict=True):
            target = f"<= {goal}" if goal else ""
            print(f"{name:28} {statistics.median(times):9.2f} {min(times):7.2f} {target:>7}")
        ratio = statistics.median(rows["(a) papermill + nbconvert"]) / statistics.median(rows["(b) govreport build"])
        print(f"ratio (a)/(b): {ratio:.1f}x  (goal >= 4x)")
        extra = statistics.median(d - b for b, d in builds)
        print(f"--docx adds {extra:.2f} s (median of (d) - (b) run in turn; report.docx alone: see its manifest)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
