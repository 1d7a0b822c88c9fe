"""One record of what became of a report, and the part of it the batch keeps between runs."""

from __future__ import annotations

from govreport.run.outcome import Outcome


def test_the_state_keeps_what_the_next_batch_needs_and_not_what_only_a_run_does():
    outcome = Outcome("params/a/2021.yaml", "failed", cause="c", kind="inputs", out_dir="/x", problems=["p"], error="e")
    outcome.agency, outcome.year, outcome.fingerprint = "a", 2021, "f"
    kept = outcome.state()
    assert "out_dir" not in kept and "problems" not in kept and "error" not in kept
    assert (kept["params"], kept["status"], kept["kind"], kept["fingerprint"]) == (
        "params/a/2021.yaml",
        "failed",
        "inputs",
        "f",
    )
    assert Outcome.from_state(kept).key == "a/2021"


def test_an_older_state_file_still_loads():
    # What build/.batch/state.json held before the record had seconds (and a key a later version may add).
    old = {
        "params": "params/a/2021.yaml",
        "agency": "a",
        "year": 2021,
        "fingerprint": "f",
        "status": "ok",
        "counts": {"error": 0},
        "cause": "",
        "kind": "",
        "built": "2026-01-01T00:00:00+00:00",
        "later": 1,
    }
    loaded = Outcome.from_state(old)
    assert (loaded.status, loaded.seconds, loaded.key) == ("ok", 0.0, "a/2021")


def test_a_report_without_agency_is_known_by_its_params_file():
    assert Outcome("params/typo/2017.yaml", "failed").key == "params/typo/2017.yaml"
