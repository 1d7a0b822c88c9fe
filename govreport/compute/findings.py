"""A finding of the consistency checks: one row of checks.csv.

A finding is made once, when a report is computed, and holds its message as a message id with its
parameters (govreport/messages): the computed value, cached and handed to the notebook, is the same for
every language, and checks.csv, review.html and the CLI word it in the language chosen where they show it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govreport.messages import Message, t

SEVERITIES = ("error", "warning", "info")
# How each severity is called where people read it (checks.csv keeps the ids above, which are data).
SEVERITY_WORDS = {"error": "severity.error", "warning": "severity.warning", "info": "severity.info"}
COLUMNS = ("severity", "rule", "table", "row", "column", "message")


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    table: str
    row: str
    column: str
    message: Message | str  # a str only for text quoted as it came (an error of a report audit could not read)


def severity_word(severity: str) -> str:
    """The severity as a reader calls it (错误, 警告, 提示 in Chinese)."""
    return t(SEVERITY_WORDS[severity])


def to_frame(findings: list[Finding]) -> pd.DataFrame:
    """Findings as a frame in checks.csv's columns, errors first, in a stable order; messages worded now."""
    rows = [(f.severity, f.rule, f.table, f.row, f.column, str(f.message)) for f in findings]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    order = {s: i for i, s in enumerate(SEVERITIES)}
    frame["_order"] = frame["severity"].map(order)
    return frame.sort_values(["_order"], kind="stable").drop(columns="_order").reset_index(drop=True)


def counts(findings: list[Finding]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
