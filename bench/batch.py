"""Benchmark of the batch against the plain papermill + nbconvert loop, on N synthetic agency-years.

    .venv/bin/python bench/batch.py [--reports 40] [--plain 6] [--jobs N]

Times, in one run and on the same generated root: (a) the plain loop of the `papermill` CLI and
`jupyter nbconvert --to html --no-input` per report, (b) `govreport batch --force` as a user runs it, through the
warm server (docs/scheduling.md), (b0) the same with GOVREPORT_SERVER=0, paying for its own warm process, (c)
`govreport batch` with nothing changed, (d) `govreport batch --force` on a local Dask cluster (one worker per
core) that has built one batch already, as a standing cluster has. Prints seconds per report, the peak memory
of the largest process of a batch run without the server (its processes are the bench's descendants; and of a
batch half the size, to show it flat) and the ratios. `--plain K` times the plain loop on the first K reports
only (its cost per report does not depend on how many there are).
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


def govreport_batch(root: Path, *options: str, server: bool = True) -> tuple[float, float]:
    """Seconds for `govreport batch OPTIONS`, and the peak memory (MB) of its largest process (of the client alone
    when it ran in the warm server)."""
    measure = (
        "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
        "sys.stderr.write(done.stderr); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "sys.exit(done.returncode)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", measure, BIN / "govreport", "--root", root, "batch", *options],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "GOVREPORT_SERVER": "1" if server else "0"},
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"govreport batch {' '.join(map(str, options))} exited {done.returncode}")
    print("   ", done.stderr.strip().splitlines()[-1])
    return elapsed, int(done.stdout.strip()) / 1024


def on_dask(root: Path, workers: int) -> tuple[float, float]:
    """`govreport batch --force` on a local Dask cluster of `workers` worker processes (daemons, as Dask makes them)."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster:
        govreport_batch(root, "--force", "--scheduler", cluster.scheduler_address)  # each worker's warm process
        return govreport_batch(root, "--force", "--scheduler", cluster.scheduler_address)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=40, help="agency-years to generate (default 40)")
    parser.add_argument("--plain", type=int, default=6, help="time the plain loop on this many (default 6)")
    parser.add_argument("--jobs", type=int, default=None, help="batch --jobs (default: cores)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="govreport-bench-"))
    half_root = Path(tempfile.mkdtemp(prefix="govreport-bench-half-"))
    try:
        params = generate(root, args.reports)
        half = generate(half_root, args.reports // 2)
        n = len(params)
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        subset = params[: args.plain or n]
        print(f"{n} agency-years in {root}; {os.cpu_count()} cores")
        plain = plain_loop(root, subset) / len(subset)
        govreport_batch(half_root, "--force", *jobs)  # starts the warm server, as a user's first command does
        forced, _ = govreport_batch(root, "--force", *jobs)
        alone, memory = govreport_batch(root, "--force", *jobs, server=False)
        half_forced, half_memory = govreport_batch(half_root, "--force", *jobs, server=False)
        unchanged, _ = govreport_batch(root, *jobs)
        dask, _ = on_dask(root, os.cpu_count() or 1)
        rows = [
            (f"(a) papermill + nbconvert CLIs ({len(subset)} reports)", plain, None, ""),
            (f"(b) govreport batch --force ({n} reports)", forced / n, None, "<= 0.30 s, >= 20x (a)"),
            (f"(b0) the same, GOVREPORT_SERVER=0 ({n})", alone / n, memory, ""),
            (f"     the same, {len(half)} reports", half_forced / len(half), half_memory, "memory flat"),
            (f"(c) govreport batch, nothing changed ({n})", unchanged / n, None, "< 2 s in all"),
            (f"(d) govreport batch --force on Dask ({n})", dask / n, None, "<= 1.5x (b)"),
        ]
        print(f"{'':48} {'s/report':>9} {'peak MB':>8}  goal")
        for name, seconds, peak, goal in rows:
            print(f"{name:48} {seconds:9.3f} {'' if peak is None else f'{peak:8.0f}':>8}  {goal}")
        print(
            f"ratio (a)/(b): {plain / (forced / n):.1f}x; (d)/(b): {dask / forced:.2f}x; (c) {unchanged:.2f} s in all"
        )
    finally:
        shutil.rmtree(root, ignore_errors=True)
        shutil.rmtree(half_root, ignore_errors=True)


if __name__ == "__main__":
    main()
