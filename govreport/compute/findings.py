"""A finding of the consistency checks: one row of checks.csv."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

SEVERITIES = ("error", "warning", "info")
COLUMNS = ("severity", "rule", "table", "row", "column", "message")


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    table: str
    row: str
    column: str
    message: str


def to_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a frame in checks.csv's columns, errors first, in a stable order."""
    frame = pd.DataFrame([asdict(f) for f in findings], columns=list(COLUMNS))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    frame["_order"] = frame["severity"].map(order)
    return frame.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def counts(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
