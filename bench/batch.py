"""Benchmark of the batch against the plain papermill + nbconvert loop, on N synthetic agency-years.

    .venv/bin/python bench/batch.py [--reports 40] [--plain 40] [--jobs N]

Times, in one run and on the same generated root: (a) the plain loop of the `papermill` CLI and
`jupyter nbconvert --to html --no-input` per report, (b) `govreport batch --force`, (c) `govreport
batch` with nothing changed. Prints seconds per report and the ratio (a)/(b). `--plain K` times the
plain loop on the first K reports only (its cost per report does not depend on how many there are).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))  # the example generator
import sample  # noqa: E402

BIN = Path(sys.executable).parent
YEARS_PER_AGENCY = 2
FIRST_YEAR = 2022


def generate(root: Path, reports: int) -> list[Path]:
    """`reports` agency-years: agencies of two consecutive national-2021 years each."""
    params: list[Path] = []
    agency = 0
    while len(params) < reports:
        count = min(YEARS_PER_AGENCY, reports - len(params))
        years = range(FIRST_YEAR, FIRST_YEAR + count)
        kind = "government" if agency % 3 == 0 else "department"
        params += sample.write_agency(
            root, f"bench-{agency:03d}", f"基准测试第{agency + 1}局", kind, years, seed=agency
        )
        agency += 1
    return sorted(params)


def plain_loop(root: Path, params: list[Path]) -> float:
    """The papermill and nbconvert CLIs, one report after the other, as a shell loop would run them."""
    notebook = Path(__file__).resolve().parent.parent / "notebooks" / "annual_report.ipynb"
    out = root / "plain"
    out.mkdir(exist_ok=True)
    started = time.perf_counter()
    for path in params:
        agency, year = path.parent.name, path.stem
        executed = out / f"{agency}-{year}.ipynb"
        subprocess.run(
            [BIN / "papermill", notebook, executed, "-p", "agency", agency, "-p", "year", year, "-p", "root", "."]
            + ["--cwd", root, "-k", "python3", "--no-progress-bar"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [BIN / "jupyter", "nbconvert", "--to", "html", "--no-input", executed],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started


def govreport_batch(root: Path, *options: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [BIN / "govreport", "--root", root, "batch", *options], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"govreport batch {' '.join(options)} exited {done.returncode}")
    print("   ", done.stderr.strip().splitlines()[-1])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=40, help="agency-years to generate (default 40)")
    parser.add_argument("--plain", type=int, default=None, help="time the plain loop on this many (default all)")
    parser.add_argument("--jobs", type=int, default=None, help="batch --jobs (default: cores)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    try:
        params = generate(root, args.reports)
        n = len(params)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        subset = params[: args.plain or n]
        print(f"{n} agency-years in {root}; {os.cpu_count()} cores")
        plain = plain_loop(root, subset) / len(subset)
        print(f"(a) papermill + nbconvert CLIs, {len(subset)} reports: {plain:.2f} s/report")
        forced = govreport_batch(root, "--force", *jobs)
        print(f"(b) govreport batch --force: {forced:.1f} s, {forced / n:.3f} s/report")
        unchanged = govreport_batch(root, *jobs)
        print(f"(c) govreport batch, nothing changed: {unchanged:.2f} s for {n} reports")
        print(f"ratio (a)/(b): {plain / (forced / n):.1f}x  (goal >= 5x); (c) goal < 2 s")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
