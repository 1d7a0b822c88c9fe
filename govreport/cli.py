"""The govreport command: a thin layer over the Python API; the one place errors become exit codes."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from govreport.errors import DataValidationError, LockError, ReportError, UsageError
from govreport.findings import counts

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _fail(exc: ReportError) -> None:
    if isinstance(exc, DataValidationError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(f"error: {exc}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def cli(verbose: bool) -> None:
    """Build 政府信息公开工作年度报告 from an agency's records (see README.md)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


@cli.command()
@click.argument("params", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def build(params: tuple[Path, ...]) -> None:
    """Build the reports of these params files into build/<agency>/<year>/."""
    from govreport import execute

    failed = False
    for path in params:
        try:
            result = execute.build(path)
        except ReportError as exc:
            _fail(exc)
            failed = True
            continue
        click.echo(f"{result.out_dir / 'report.html'}  ({_summary(result.counts)})")
        failed = failed or result.status != "ok"
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


@cli.command()
@click.argument("params", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def check(params: tuple[Path, ...]) -> None:
    """Validate inputs and run the consistency rules, without rendering."""
    from govreport import execute

    failed = False
    for path in params:
        try:
            _, report, _ = execute.prepare(path)
        except ReportError as exc:
            _fail(exc)
            failed = True
            continue
        for f in report.findings:
            if f.severity != "info":
                cell = "/".join(x for x in (f.table, f.row, f.column) if x)
                click.echo(f"{path}: {f.severity} [{f.rule}] {cell}: {f.message}")
        click.echo(f"{path}: {_summary(counts(report.findings))}")
        failed = failed or report.failed()
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _summary(counts: dict[str, int]) -> str:
    return f"{counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, {counts.get('info', 0)} info"


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_FAILED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except (UsageError, LockError) as exc:
        _fail(exc)
        sys.exit(EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED)
    except ReportError as exc:
        _fail(exc)
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
