"""Benchmark of `govreport audit` on N saved report pages, against building the same reports.

    .venv/bin/python bench/audit.py [--pages 500] [--built 20] [--jobs 2]

Builds `--built` synthetic agency-years (national-2021, two years per agency) with `govreport batch
--force` and times it: the cost of building a report. Their report.html pages are then saved `--pages`
times over as the pages of as many agency-years (each copy renamed to an agency of its own, two years
each, so the cross-year rules run), and `govreport audit` reads, imports and checks them all — once on
a fifth of the pages and once on all of them, to show the memory flat in the number of reports. Prints
seconds per report, the peak memory of the largest process and the ratio to building.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))  # the example generator
import sample  # noqa: E402

BIN = Path(sys.executable).parent
FIRST_YEAR = 2022
MEASURE = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write(done.stderr[-2000:]); print(done.stdout.count(' 0 errors, ')); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def build(root: Path, reports: int) -> tuple[float, list[tuple[str, Path]]]:
    """Seconds to build `reports` agency-years with the batch, and (agency name, report.html) of each."""
    names = {}
    for agency in range(reports // 2):
        slug, name = f"audit-{agency:03d}", f"审计基准第{agency + 1}局"
        sample.write_agency(root, slug, name, "department", range(FIRST_YEAR, FIRST_YEAR + 2), seed=agency)
        names[slug] = name
    started = time.perf_counter()
    subprocess.run([BIN / "govreport", "--root", root, "batch", "--force"], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    pages = [(names[p.parent.parent.name], p) for p in sorted((root / "build").glob("audit-*/*/report.html"))]
    return seconds, pages


def save_pages(folder: Path, pages: list[tuple[str, Path]], count: int) -> None:
    """`count` saved pages: the built ones over and over, each pair of years renamed to an agency of its own."""
    folder.mkdir(parents=True)
    for i in range(count):
        name, page = pages[i % len(pages)]
        agency, year = i // 2, page.parent.name
        text = page.read_text(encoding="utf-8").replace(name, f"审计样本第{agency + 1}号局")
        (folder / f"{agency:04d}-{year}.html").write_text(text, encoding="utf-8")


def audit(folder: Path, jobs: int) -> tuple[float, float]:
    """Seconds for `govreport audit` of every page in `folder`, and the peak memory (MB) of its largest process.

    Every page is one of our own reports, so every one must audit without an error.
    """
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, BIN / "govreport", "audit", folder, "-j", str(jobs)],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    clean, peak = (int(x) for x in done.stdout.strip().splitlines()[-2:])
    pages = len(list(folder.iterdir()))
    if clean != pages:
        raise SystemExit(f"audit of {folder}: {pages - clean} of {pages} pages had errors: {done.stderr}")
    return seconds, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--built", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreport-bench-audit-") as tmp:
        root = Path(tmp)
        built_s, pages = build(root / "root", args.built)
        small, large = max(2, args.pages // 5), args.pages
        save_pages(root / "small", pages, small)
        save_pages(root / "large", pages, large)
        small_s, small_mb = audit(root / "small", args.jobs)
        large_s, large_mb = audit(root / "large", args.jobs)
    per_build = built_s / args.built
    print(f"{os.cpu_count()} cores, -j {args.jobs}")
    print(f"{'run':<40} {'reports':>8} {'seconds':>9} {'s/report':>9} {'peak MB':>8}")
    print(f"{'govreport batch --force (build)':<40} {args.built:>8} {built_s:>9.1f} {per_build:>9.3f}")
    for n, s, mb in ((small, small_s, small_mb), (large, large_s, large_mb)):
        print(f"{'govreport audit':<40} {n:>8} {s:>9.1f} {s / n:>9.3f} {mb:>8.0f}")
    print(f"audit is {per_build / (large_s / large):.1f}x faster per report than building; goal < 0.25 s/report")


if __name__ == "__main__":
    main()
