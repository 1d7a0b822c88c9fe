"""Checking one report: its params and inputs validated and everything computed, nothing rendered.

Kept apart from `execute` so that `govreport check` imports neither the notebook machinery nor
matplotlib: it reads and computes, and that is all it pays for.
"""

from __future__ import annotations

from pathlib import Path

from govreport.compute import computation
from govreport.compute.computation import Computation, YearCache
from govreport.inputs.params import load_params, project_of
from govreport.inputs.project import Project


def check(params_path: str | Path, project: Project | None = None, cache: YearCache | None = None) -> Computation:
    """The computed value of the report of `params_path`; raises ParamsError or DataValidationError."""
    params = load_params(params_path, project)
    return computation.load(project_of(params_path, project), params, cache)
