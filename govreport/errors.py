"""The exceptions govreport raises; only the CLI turns them into exit codes.

Each carries a `Message` (govreport/messages), worded in the chosen language when it is shown.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from govreport.messages import Message, t

# The errno values of a write refused for want of space (a full disk, or the user's quota on it).
DISK_FULL = frozenset({errno.ENOSPC, errno.EDQUOT})
# Seconds a report may take before its build is ended (`--timeout`). A report takes about 1 s and a
# million-request ledger or a PDF a few more; ten minutes is far beyond any report that is making
# progress even on a loaded machine, and short enough that a hung one costs a nightly batch little.
TIME_LIMIT = 600.0


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know."""

    path: str
    message: Message | str  # a str only for text quoted as it came (a library's own error)
    line: int | None = None

    def __str__(self) -> str:
        if self.line is None:
            return t("problem.at", path=self.path, message=self.message)
        return t("problem.line", path=self.path, line=self.line, message=self.message)


def problems_text(problems: list[Problem]) -> str:
    """Every problem on one line (a failed build's cause in a batch and its catalogue)."""
    return t("problems.separator").join(str(p) for p in problems)


class ReportError(Exception):
    """Base of every error govreport raises on purpose; its one argument is a Message, worded by str()."""


class UsageError(ReportError):
    """Raised when a command is called with paths or options that cannot work."""


class DataValidationError(ReportError):
    """Raised once validation has collected every problem in the inputs of a report."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:  # worded when shown, in the language chosen then
        return "\n".join(str(p) for p in self.problems)


class SourceError(ReportError):
    """Raised when a published report cannot be read at all: too large, damaged, or not what its name says."""


class ParamsError(DataValidationError):
    """Raised when a params file is invalid (before any kernel starts)."""


class ExecutionError(ReportError):
    """Raised when the notebook of a report fails while it runs."""


class LockError(ReportError):
    """Raised when another batch holds the build lock of a root."""


class DiskFullError(ReportError):
    """Raised when the disk filled up while writing under build/; what was there before is kept."""


class TimeLimitError(ReportError):
    """Raised when a report was not built within its time limit; what was there before is kept."""
