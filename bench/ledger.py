"""Benchmark: read, validate and tabulate a generated request ledger of 1,000,000 rows.

Goal (issue 3): under 10 s and under 2 GB on a 2-core machine. Run with `make bench`, or
`.venv/bin/python bench/ledger.py --rows 1000000 --encoding gb18030`.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from govreport.compute import tables
from govreport.inputs import agency_year as inputs
from govreport.inputs import schema, validation
from govreport.inputs.project import Project
from govreport.inputs.vocabulary import load_format

YEAR = 2021
CHANNELS = np.array(["网络", "当面", "信函", "传真", "其他", "网上"])  # 网上: an alias, mapped too
APPLICANTS = np.array(["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])


def generate(rows: int, seed: int = 2021) -> pd.DataFrame:
    """A plausible ledger: 5% carried over from last year, 8% still open at the end of the year."""
    rng = np.random.default_rng(seed)
    outcomes = [r.key for r in load_format("national-2021").tables["依申请"].rows if r.group and r.key != "总计"]
    start = np.datetime64(f"{YEAR}-01-01")
    received = start + rng.integers(0, 365, rows).astype("timedelta64[D]")
    carried = rng.random(rows) < 0.05
    received[carried] -= np.timedelta64(365, "D")
    closed = received + rng.integers(1, 40, rows).astype("timedelta64[D]")
    closed[carried] = start + rng.integers(0, 30, int(carried.sum())).astype("timedelta64[D]")
    still_open = (rng.random(rows) < 0.08) & ~carried | (closed > np.datetime64(f"{YEAR}-12-31"))
    closed_text = np.where(still_open, "", np.datetime_as_string(closed, unit="D"))
    return pd.DataFrame(
        {
            "id": [f"R{i:07d}" for i in range(rows)],
            "received": np.datetime_as_string(received, unit="D"),
            "channel": rng.choice(CHANNELS, rows),
            "applicant": rng.choice(APPLICANTS, rows, p=[0.76, 0.13, 0.01, 0.01, 0.06, 0.03]),
            "outcome": np.where(still_open, "", rng.choice(outcomes, rows)),
            "closed": closed_text,
        }
    )


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    # VmHWM starts afresh at exec; ru_maxrss would carry over the generating parent's peak.
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS


def measure(root: Path) -> list[tuple[str, float, float]]:
    """Seconds and peak memory of each step, the public API only, in this (fresh) process."""
    project = Project.at(root)
    steps = [("start (imports)", 0.0, peak_mb())]
    began = time.perf_counter()
    path = project.input_file("bench", YEAR, "requests")
    raw = inputs.read_table(path, project.relative(path), schema.REQUESTS)
    read = time.perf_counter()
    steps.append(("read (inputs.read_table)", read - began, peak_mb()))
    fmt = load_format("national-2021")
    clean, problems = validation.validate_requests(raw, project.relative(path), YEAR, fmt)
    assert not problems, problems[:3]
    del raw
    validated = time.perf_counter()
    steps.append(("validate (validation.validate_requests)", validated - read, peak_mb()))
    agency = inputs.load_agency(project, "bench")
    built = tables.build_tables(inputs.Inputs(agency, YEAR, fmt, {"requests": clean}, ""))
    tabulated = time.perf_counter()
    steps.append(("tabulate (tables.build_tables)", tabulated - validated, peak_mb()))
    steps.append(("total", tabulated - began, peak_mb()))
    received = built.value("依申请", "本年新收", "总计") + built.value("依申请", "上年结转", "总计")
    assert received == len(clean), (received, len(clean))
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--encoding", default="utf-8", help="utf-8, utf-8-sig or gb18030")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child process's root
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "data" / "bench" / str(YEAR)
        folder.mkdir(parents=True)
        (root / "data" / "bench" / "agency.yaml").write_text("name: 基准测试局\nkind: department\n", encoding="utf-8")
        path = folder / "requests.csv"
        path.write_bytes(generate(args.rows).to_csv(index=False, lineterminator="\n").encode(args.encoding))
        size_mb = path.stat().st_size / 1e6
        # A fresh process, so the peak memory is that of reading, not of generating.
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(root)], check=True, capture_output=True, text=True
        )
    steps = json.loads(child.stdout)
    print(f"ledger: {args.rows:,} rows, {size_mb:.1f} MB {args.encoding}")
    print(f"{'step':<42} {'seconds':>8} {'peak MB':>9}")
    for name, seconds, peak in steps:
        print(f"{name:<42} {seconds:>8.2f} {peak:>9,.0f}")
    total, peak = steps[-1][1], steps[-1][2]
    print("goal (< 10 s, < 2 GB):", "met" if total < 10 and peak < 2048 else "NOT met")


if __name__ == "__main__":
    main()
