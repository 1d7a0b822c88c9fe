"""Properties of built tables over random ledgers spanning several years (hypothesis)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govreport.compute.tables import NON_RESULT_ROWS, Tables, build_tables
from govreport.inputs.agency_year import load_inputs
from govreport.inputs.params import Params
from govreport.inputs.project import Project
from govreport.inputs.vocabulary import load_format

FIRST, LAST = 2021, 2023  # three consecutive national-2021 years
TABLE = load_format("national-2021").tables["依申请"]
APPLICANTS = [c.key for c in TABLE.columns if c.key != "总计"]
RESULTS = [r.key for r in TABLE.rows if r.key not in NON_RESULT_ROWS and not r.optional]
START = dt.date(FIRST - 1, 7, 1)  # some requests arrive before the first year and are still open in it
SPAN = (dt.date(LAST, 12, 31) - START).days

request = st.tuples(
    st.integers(0, SPAN),  # received, days after START
    st.sampled_from(APPLICANTS),
    st.sampled_from(RESULTS),
    st.one_of(st.none(), st.integers(0, 400)),  # days until closed; None: never closed
)


def _ledger_of(year: int, requests: list[tuple]) -> str:
    """The year's ledger as docs/contract.md §3 defines it: received in the year, or earlier and open on 1 January."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lines = ["id,received,channel,applicant,outcome,closed"]
    for i, (offset, applicant, outcome, days) in enumerate(requests):
        received = START + dt.timedelta(days=offset)
        closed = None if days is None else received + dt.timedelta(days=days)
        if received > end or (closed is not None and closed < start):
            continue
        if closed is not None and closed > end:  # still open at the end of this year
            closed = None
        shown = (outcome, closed.isoformat()) if closed else ("", "")
        lines.append(f"R{i},{received.isoformat()},网络,{applicant},{shown[0]},{shown[1]}")
    return "\n".join(lines) + "\n"


def _root(folder: Path, requests: list[tuple]) -> Project:
    agency = folder / "data" / "prop"
    agency.mkdir(parents=True)
    (agency / "agency.yaml").write_text("name: 性质测试局\nkind: department\n", encoding="utf-8")
    for year in range(FIRST, LAST + 1):
        (agency / str(year)).mkdir()
        ledger = _ledger_of(year, requests)
        if ledger.count("\n") > 1:  # a ledger with no rows is not a file an agency would give
            (agency / str(year) / "requests.csv").write_text(ledger, encoding="utf-8")
    return Project.at(folder)


def _v(tables: Tables, row: str, column: str) -> float:
    return tables.value("依申请", row, column)


def _received_in(year: int, applicant: str, requests: list[tuple]) -> int:
    return sum(
        1 for offset, who, _, _ in requests if who == applicant and (START + dt.timedelta(days=offset)).year == year
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(request, min_size=1, max_size=25))
def test_random_ledgers_give_tables_that_add_up_and_chain_between_years(requests):
    with tempfile.TemporaryDirectory() as folder:
        project = _root(Path(folder), requests)
        if not project.input_file("prop", LAST, "requests"):
            return  # nothing reaches the last year: no table to check
        tables = build_tables(load_inputs(project, Params(agency="prop", year=LAST)))
    chain: list[Tables] = []
    current: Tables | None = tables
    while current is not None:
        chain.append(current)
        current = current.previous
    for t in chain:
        for col in APPLICANTS + ["总计"]:
            assert _v(t, "本年新收", col) + _v(t, "上年结转", col) == _v(t, "总计", col) + _v(t, "结转下年度", col)
            assert _v(t, "总计", col) == sum(_v(t, r, col) for r in RESULTS)
        for row in (r for r in TABLE.rows if not r.optional):
            assert _v(t, row.key, "总计") == sum(_v(t, row.key, c) for c in APPLICANTS)
        for col in APPLICANTS:  # an independent count of what arrived in the year
            assert _v(t, "本年新收", col) == _received_in(t.year, col, requests)
    for later, earlier in zip(chain, chain[1:], strict=False):
        if earlier.year == later.year - 1:
            for col in APPLICANTS + ["总计"]:
                assert _v(later, "上年结转", col) == _v(earlier, "结转下年度", col)
