"""What became of one report (or summary): one record a build returns, the batch keeps, the catalogue lists, the
command prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from govreport.inputs.project import SUMMARIES

# Only while a report runs: where it was built and how `govreport build` words a failure.
RUN_ONLY = ("out_dir", "problems", "error")


@dataclass
class Outcome:
    """A report built (ok, or with findings) or failed, and why; in build/.batch/state.json, what it was built from."""

    params: str  # the params file: the path run, or (in the batch's state) relative to the root
    status: str = ""  # ok | findings | failed
    counts: dict[str, int] = field(default_factory=dict)
    cause: str = ""  # one sentence naming agency, year and cause when failed
    kind: str = ""  # params | inputs | notebook | disk | timeout | crash | error | internal
    seconds: float = 0.0
    out_dir: str = ""  # the report's folder, once built
    # How `govreport build` words a failure: the problems of invalid params or inputs, one
    # `path:line: message` each; else the error's own message.
    problems: list[str] = field(default_factory=list)
    error: str = ""
    agency: str = ""
    year: int = 0
    fingerprint: str = ""  # what the report read (batch.fingerprint)
    built: str = ""  # when this status was reached (UTC, ISO 8601)
    summary: str = ""  # a region's summary: its name (agency stays empty)
    missing: list[str] = field(default_factory=list)  # a summary's covered agencies with no report of the year

    @property
    def key(self) -> str:
        if self.summary:
            return f"{SUMMARIES}/{self.summary}/{self.year}"
        return f"{self.agency}/{self.year}" if self.agency else self.params

    def state(self) -> dict:
        """The record as build/.batch/state.json keeps it (nothing that only matters while it runs)."""
        return {k: v for k, v in asdict(self).items() if k not in RUN_ONLY}

    @classmethod
    def from_state(cls, raw: dict) -> Outcome:
        """A record of build/.batch/state.json (keys it does not know are left out)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})
