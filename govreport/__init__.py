"""govreport: 政府信息公开工作年度报告, computed, checked and rebuilt from data."""

import sys

# jsonschema (under nbformat) imports rfc3987_syntax when installed (JupyterLab pulls it in); building
# its grammar costs ~3 s per process and only serves "iri" format checks that notebooks never use.
sys.modules.setdefault("rfc3987_syntax", None)

from govreport.errors import DataValidationError, ParamsError, ReportError  # noqa: E402


def __getattr__(name: str):
    # Report pulls in pandas and matplotlib (~1.3 s); commands with nothing to build never need it.
    if name == "Report":
        from govreport.present.report import Report

        return Report
    if name == "SummaryReport":
        from govreport.present.summary_report import SummaryReport

        return SummaryReport
    raise AttributeError(f"module 'govreport' has no attribute {name!r}")


__all__ = ["DataValidationError", "ParamsError", "Report", "ReportError", "SummaryReport"]
__version__ = "0.1.0"
