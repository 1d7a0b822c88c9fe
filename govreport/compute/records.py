"""Table cells counted from records: the request ledger and the registers of an agency-year.

Each function takes validated frames (see `validation`) and returns {(table, row, column): value}
for the cells those records determine; cells they do not determine are left out.
"""

from __future__ import annotations

import pandas as pd

from govreport.inputs.schema import LEGACY_REPLY
from govreport.inputs.vocabulary import Format

Cells = dict[tuple[str, str, str], int]


def _year_bounds(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)


def national_outcome(outcome: str, fmt: Format) -> str:
    """The 依申请 result row of `fmt` that a ledger outcome is counted in."""
    legacy = {"同意公开": "予以公开", "同意部分公开": "部分公开"}
    outcome = legacy.get(outcome, outcome)
    if fmt.name == "national-2019" and outcome.startswith("其他处理"):
        return "其他处理"
    if fmt.name == "national-2021" and outcome in ("其他处理", "其他"):
        return "其他处理/其他"
    if fmt.name == "national-2019" and outcome == "其他":
        return "其他处理"
    return outcome


def legacy_reply(outcome: str) -> str:
    """The 附表 reply type of a ledger outcome."""
    if outcome in LEGACY_REPLY:
        return LEGACY_REPLY[outcome]
    if outcome.startswith("不予公开"):
        return "不予公开"
    return "其他类型"


def requests_national(requests: pd.DataFrame, year: int, fmt: Format) -> Cells:
    """Every cell of the 依申请 table, from the ledger."""
    table = fmt.tables["依申请"]
    start, end = _year_bounds(year)
    applicants = [c.key for c in table.columns if c.key != "总计"]
    received, closed_at = requests["received"], requests["closed"]
    # Comparisons with a missing date are False, so an open request is neither closed before nor by a date.
    closed_in_year = closed_at.between(start, end) & (received <= end)
    groups = {
        "本年新收": received.between(start, end),
        "上年结转": (received < start) & ~(closed_at < start),
        "结转下年度": (received <= end) & ~(closed_at <= end),
        "总计": closed_in_year,
    }
    cells: Cells = {}
    for key, mask in groups.items():
        _count_by_applicant(cells, key, requests.loc[mask, "applicant"], applicants)
    closed = requests.loc[closed_in_year, ["outcome", "applicant"]]
    # Map each distinct outcome once (a ledger has a million rows but a few dozen outcomes).
    rows_of = {o: national_outcome(o, fmt) for o in closed["outcome"].unique()}
    by_row = closed.groupby([closed["outcome"].map(rows_of), "applicant"]).size()
    for row in table.rows:
        if row.key in groups:
            continue
        counted = by_row.xs(row.key, level=0) if row.key in by_row.index.get_level_values(0) else {}
        for col in applicants:
            cells[("依申请", row.key, col)] = int(counted.get(col, 0))
        cells[("依申请", row.key, "总计")] = sum(cells[("依申请", row.key, c)] for c in applicants)
    return cells


def _count_by_applicant(cells: Cells, row: str, applicant: pd.Series, applicants: list[str]) -> None:
    counted = applicant.value_counts()
    for col in applicants:
        cells[("依申请", row, col)] = int(counted.get(col, 0))
    cells[("依申请", row, "总计")] = len(applicant)


def requests_legacy(requests: pd.DataFrame, year: int) -> Cells:
    """The request rows of the legacy 附表 (本年 column), from the ledger."""
    start, end = _year_bounds(year)
    received = requests[requests["received"].between(start, end)]
    closed = requests[requests["closed"].between(start, end)]
    channel = received["channel"].value_counts()
    replies = closed["outcome"].map(legacy_reply).value_counts()
    counts = {
        "受理申请总数": len(received),
        "当面申请数": channel.get("当面", 0),
        "网络申请数": channel.get("网络", 0),
        "信函传真申请数": channel.get("信函", 0) + channel.get("传真", 0),
        "答复总数": len(closed),
        "同意公开": replies.get("同意公开", 0),
        "同意部分公开": replies.get("同意部分公开", 0),
        "不予公开": replies.get("不予公开", 0),
        "其他类型": replies.get("其他类型", 0),
    }
    return {("附表", row, "本年"): int(n) for row, n in counts.items()}


def other_channel_count(requests: pd.DataFrame, year: int) -> int:
    """Requests received in `year` by a channel the 附表 has no row for (其他)."""
    start, end = _year_bounds(year)
    received = requests[requests["received"].between(start, end)]
    return int((received["channel"] == "其他").sum())


def proactive_legacy(proactive: pd.DataFrame, year: int) -> Cells:
    start, end = _year_bounds(year)
    items = proactive[proactive["published"].between(start, end)]
    return {
        ("附表", "主动公开文件数", "本年"): len(items),
        ("附表", "政府网站公开数", "本年"): int(items["website"].sum()),
        ("附表", "政府公报公开数", "本年"): int(items["gazette"].sum()),
    }


def proactive_categories(proactive: pd.DataFrame, year: int) -> dict[str, int]:
    """Proactively disclosed items of `year` by category, in order of first appearance."""
    start, end = _year_bounds(year)
    items = proactive[proactive["published"].between(start, end)]
    return {str(k): int(v) for k, v in items["category"].value_counts(sort=False).items()}


def documents_national(documents: pd.DataFrame, year: int, fmt: Format) -> Cells:
    """The 第二十条第（一）项 rows of the 主动公开 table, from the register."""
    start, end = _year_bounds(year)
    table = fmt.tables["主动公开"]
    normative = "行政规范性文件" if "行政规范性文件" in {r.key for r in table.rows} else "规范性文件"
    kind = documents["kind"].replace({"规范性文件": normative, "行政规范性文件": normative})
    in_force = (documents["issued"] <= end) & ~(documents["repealed"] <= end)
    measures = {
        "本年制发件数": documents["issued"].between(start, end),
        "本年新制作数量": documents["issued"].between(start, end),
        "本年新公开数量": documents["published"].between(start, end),
        "本年废止件数": documents["repealed"].between(start, end),
        "现行有效件数": in_force,
        "对外公开总数量": in_force,
    }
    cells: Cells = {}
    for row_key in ("规章", normative):
        row = table.row(row_key)
        for col in table.columns_of(row):
            cells[("主动公开", row_key, col)] = int((measures[col] & (kind == row_key)).sum())
    return cells


def appeals_national(appeals: pd.DataFrame, year: int, fmt: Format) -> Cells:
    """Every non-total cell of the 复议诉讼 table, from the list of cases."""
    start, end = _year_bounds(year)
    cases = appeals[appeals["filed"].between(start, end)]
    row_of = cases["kind"].where(cases["kind"] == "行政复议", cases["route"])
    table = fmt.tables["复议诉讼"]
    cells: Cells = {}
    for row in table.rows:
        results = cases[row_of == row.key]["result"].value_counts()
        for col in table.columns_of(row):
            if col != "总计":
                cells[("复议诉讼", row.key, col)] = int(results.get(col, 0))
    return cells


def appeals_legacy(appeals: pd.DataFrame, year: int) -> Cells:
    start, end = _year_bounds(year)
    cases = appeals[appeals["filed"].between(start, end)]
    return {
        ("附表", "行政复议数", "本年"): int((cases["kind"] == "行政复议").sum()),
        ("附表", "行政诉讼数", "本年"): int((cases["kind"] == "行政诉讼").sum()),
    }
