"""Benchmark of a region's summary over N agency reports, reading only their figures.csv and checks.csv.

    .venv/bin/python bench/summary.py [--agencies 2000] [--built 8]

Builds `--built` synthetic agency-years (national-2021, two years per agency, some published late) with
`govreport batch --force`, then stands up `--agencies` agencies whose two years' build/ folders hold copies of
those reports' figures.csv and checks.csv (nothing else: no report.html, notebook or manifest, so a summary
that read anything more would fail here), each with its agency.yaml and params. It times `govreport build
params/_summary/bench/<year>.yaml` — the whole command: start-up, reading the N reports of the year and the N
of the year before (the trend), the notebook, the page — and prints the summary's own timings from its
manifest (prepare: reading and computing; execute: the notebook; render: the page).
"""

from __future__ import annotations

import argparse
import json
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
YEARS = (2022, 2023)
GOAL = 10.0  # seconds, on 2 cores


def build(root: Path, agencies: int) -> list[Path]:
    """`agencies` real agencies of two years, built by the batch; the built year folders."""
    for i in range(agencies):
        kind = "government" if i % 3 == 0 else "department"
        sample.write_agency(root, f"real-{i:02d}", f"基准测试第{i + 1}局", kind, range(YEARS[0], YEARS[-1] + 1), seed=i)
    for params in sorted((root / "params").glob("real-*/*.yaml")):  # every fourth published late
        late = int(params.parent.name.split("-")[1]) % 4 == 0
        day = f"{int(params.stem) + 1}-{'05-06' if late else '01-20'}"
        params.write_text(params.read_text(encoding="utf-8") + f"published: '{day}'\n", encoding="utf-8")
    subprocess.run([BIN / "govreport", "--root", root, "batch", "--force"], check=True, capture_output=True)
    return sorted(p.parent for p in (root / "build").glob("real-*/*/figures.csv"))


def stand_up(root: Path, built: list[Path], agencies: int) -> None:
    """`agencies` agencies whose build/ holds copies of the built figures.csv and checks.csv, and nothing else."""
    by_year = {year: [b for b in built if b.name == str(year)] for year in YEARS}
    for i in range(agencies):
        slug = f"bench-{i:04d}"
        kind = "government" if i % 3 == 0 else "department"
        (root / "data" / slug).mkdir(parents=True)
        (root / "data" / slug / "agency.yaml").write_text(
            f"name: 基准地区第{i + 1}局\nkind: {kind}\n", encoding="utf-8"
        )
        (root / "params" / slug).mkdir(parents=True)
        for year in YEARS:
            source = by_year[year][i % len(by_year[year])]
            target = root / "build" / slug / str(year)
            target.mkdir(parents=True)
            for name in ("figures.csv", "checks.csv"):
                shutil.copyfile(source / name, target / name)
            original = source.parents[2] / "params" / source.parent.name / f"{year}.yaml"  # the real root's
            text = original.read_text(encoding="utf-8").replace(source.parent.name, slug)
            (root / "params" / slug / f"{year}.yaml").write_text(text, encoding="utf-8")
    (root / "params" / "_summary" / "bench").mkdir(parents=True)
    (root / "params" / "_summary" / "bench" / f"{YEARS[-1]}.yaml").write_text(
        f"region: 基准地区\nyear: {YEARS[-1]}\nagencies: ['bench-*']\n", encoding="utf-8"
    )


def summarise(root: Path) -> tuple[float, dict]:
    """Seconds for `govreport build` of the summary (the whole command, start-up included), and its manifest."""
    params = root / "params" / "_summary" / "bench" / f"{YEARS[-1]}.yaml"
    started = time.perf_counter()
    done = subprocess.run([BIN / "govreport", "--root", root, "build", params], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"govreport build {params} exited {done.returncode}: {done.stderr[-2000:]}")
    manifest = json.loads((root / "build" / "_summary" / "bench" / str(YEARS[-1]) / "manifest.json").read_text())
    return seconds, manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agencies", type=int, default=2000, help="agencies summarised (default 2000)")
    parser.add_argument("--built", type=int, default=8, help="real agencies built to copy from (default 8)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govreport-bench-summary-") as tmp:
        root = Path(tmp)
        built = build(root / "real", args.built)
        stand_up(root / "region", built, args.agencies)
        load = os.getloadavg()[0]
        seconds, manifest = summarise(root / "region")
        page = (root / "region" / "build" / "_summary" / "bench" / str(YEARS[-1]) / "report.html").stat().st_size
    counts, timings = manifest["counts"], manifest["timings"]
    read = sum(1 for path in manifest["inputs"] if path.endswith(("figures.csv", "checks.csv")))
    summed = f"{counts['summed']} reports of {YEARS[-1]} summed"
    print(f"{os.cpu_count()} cores; {summed}; {read} figures.csv and checks.csv read (the trend reads {YEARS[0]}'s)")
    print(f"{'':44} {'seconds':>8}")
    print(f"{'govreport build (the whole command)':44} {seconds:8.2f}  goal < {GOAL:.0f} s")
    for step in ("prepare", "execute", "render"):
        print(f"{'  ' + step + ' (manifest timings)':44} {timings[step]:8.2f}")
    print(
        f"report.html {page / 1e6:.1f} MB; load average before the run {load:.1f} (other work on the machine slows it)"
    )
    print("within the goal" if seconds < GOAL else "OVER THE GOAL")


if __name__ == "__main__":
    main()
