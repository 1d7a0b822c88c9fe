"""The govreport command: a thin layer over the Python API; the one place errors become exit codes."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
import click._termui_impl  # imported by click only when a pager, editor or progress bar runs: worded too
import click.shell_completion  # imported by click only when completion is asked for: worded too

from govreport.compute.findings import Finding, severity_word
from govreport.errors import TIME_LIMIT, DataValidationError, LockError, ReportError, UsageError
from govreport.inputs.params import locate
from govreport.inputs.project import Project
from govreport.messages import LANGUAGES, choose, library_gettext, library_ngettext, msg, t
from govreport.run import server

if TYPE_CHECKING:
    from govreport.run.outcome import Outcome

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
PARAMS = click.Path(dir_okay=False, path_type=Path)
TIMEOUT = click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=TIME_LIMIT,
    show_default=True,
    metavar="SECONDS",
    help="help.timeout",
)

DOCX = click.option("--docx", is_flag=True, help="help.docx")


# click words its usage errors, help headings and prompts with the gettext functions each of its modules
# imported (`_`, `ngettext`), which read the locale, not --lang. They are pointed at the catalogue's, so click
# speaks the language chosen, as govreport does (tests/test_messages.py holds this list to click's modules).
CLICK_WORDED = (
    click.core,
    click.decorators,
    click.exceptions,
    click.formatting,
    click.parser,
    click.shell_completion,
    click.termui,
    click.types,
    click.utils,
    click._termui_impl,
)
for _module in CLICK_WORDED:
    _module._ = library_gettext
    if hasattr(_module, "ngettext"):
        _module.ngettext = library_ngettext


class _Formatter(click.HelpFormatter):
    """click's help layout, a heading's colon the language's own (click writes an English one)."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{t('help.heading', heading=heading)}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _Worded:
    """A command whose help texts are message ids, worded when help is shown: by then --lang has been read."""

    context_class = _Context

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.help_key = self.help

    def get_help(self, ctx: click.Context) -> str:
        _word_help(ctx.find_root().command)
        if (option := self.get_help_option(ctx)) is not None:
            option.help = library_gettext("Show this message and exit.")  # made once, in the language then
        return super().get_help(ctx)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        """The usage line's [OPTIONS] and COMMAND [ARGS]... in the language chosen (click gives them in English)."""
        worded = {
            self.options_metavar: "help.options-metavar",
            getattr(self, "subcommand_metavar", None): "help.command-metavar",
        }
        return [t(worded[piece]) if piece in worded else piece for piece in super().collect_usage_pieces(ctx)]


def _word_help(command: click.Command) -> None:
    """Word the help of `command`, of its options and of its subcommands in the language chosen now."""
    if key := getattr(command, "help_key", None):
        command.help = t(key)
        command.short_help = command.help.split("\n")[0]  # click's shortening cuts only at spaces
    for param in command.params:
        param.help_key = getattr(param, "help_key", None) or getattr(param, "help", None)
        if param.help_key:
            param.help = t(param.help_key)
    for subcommand in getattr(command, "commands", {}).values():
        _word_help(subcommand)


class _Command(_Worded, click.Command):
    pass


class _Group(_Worded, click.Group):
    command_class = _Command


def _choose(ctx: click.Context, param: click.Parameter, lang: str | None) -> None:
    choose(lang)  # every invocation chooses afresh: None is the locale's language


def _fail(exc: ReportError) -> None:
    if isinstance(exc, DataValidationError):
        for problem in exc.problems:
            click.echo(str(problem), err=True)
    else:
        click.echo(t("cli.error", error=exc.args[0] if exc.args else ""), err=True)


def _summary(found: dict[str, int]) -> str:
    return t("cli.counts", errors=found.get("error", 0), warnings=found.get("warning", 0), info=found.get("info", 0))


@click.group(cls=_Group, help="help.govreport", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIRECTORY",  # ASCII like every metavar: click aligns help columns by characters, not display width
    help="help.root",
)
@click.option("-v", "--verbose", is_flag=True, help="help.verbose")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    is_eager=True,  # read before --help, which it words
    expose_value=False,
    callback=_choose,
    help="help.lang",
)
@click.pass_context
def cli(ctx: click.Context, root: Path | None, verbose: bool) -> None:
    """Build 政府信息公开工作年度报告 from an agency's records (see README.md)."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    if server.warm():
        logging.getLogger(__name__).info(t("server.served", pid=os.getppid()))
    ctx.obj = Project.at(root) if root is not None else None


@cli.command(help="help.build")
@click.argument("params", nargs=-1, required=True, type=PARAMS)
@click.option("--pdf", is_flag=True, help="help.pdf")
@DOCX
@TIMEOUT
@click.pass_obj
def build(project: Project | None, params: tuple[Path, ...], pdf: bool, docx: bool, timeout: float) -> None:
    """Build the reports of these params files into build/<agency>/<year>/ (a summary's into build/_summary/)."""
    # Each report in a process of its own, forked from a warm one, as the batch builds them: fast,
    # ended at its time limit, and a crash of one is reported like any failure.
    from govreport.run import engine

    failed = False

    def show(outcome: Outcome) -> None:
        nonlocal failed
        if outcome.status == "failed":
            for line in outcome.problems or [_error_line(outcome)]:
                click.echo(line, err=True)
            failed = True
            return
        page = str(Path(outcome.out_dir) / "report.html")
        if outcome.summary:  # a region's summary: how many it summed and which agencies it misses
            missing = outcome.missing or msg("cli.summary-misses-none")
            counts = msg("cli.summary-built", summed=outcome.counts["summed"], covered=outcome.counts["covered"])
            click.echo(t("cli.built", report=page, counts=msg("cli.summary-missing", counts=counts, missing=missing)))
        else:
            click.echo(t("cli.built", report=page, counts=_summary(outcome.counts)))
        failed = failed or outcome.status != "ok"

    verbose = click.get_current_context().find_root().params.get("verbose", False)
    root = project.root if project is not None else None
    engine.run_all(
        [str(p) for p in params], root, 1, on_done=show, timeout=timeout or None, pdf=pdf, docx=docx, verbose=verbose
    )
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _error_line(outcome: Outcome) -> str:
    """A failed build's message, as `_fail` words the exception it stands for."""
    if outcome.kind == "internal":  # a bug: the traceback was logged by the build's process with -v
        return t("cli.internal-error", error=outcome.error)
    return t("cli.error", error=outcome.error or outcome.cause)


@cli.command(help="help.check")
@click.argument("params", nargs=-1, required=True, type=PARAMS)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="help.check-format",
)
@click.pass_obj
def check(project: Project | None, params: tuple[Path, ...], fmt: str) -> None:
    """Validate inputs and run the consistency rules, without rendering."""
    from govreport.compute.computation import MemoryCache
    from govreport.compute.findings import COLUMNS
    from govreport.run.check import check as check_report

    failed = False
    rows: list[dict] = []  # every finding of every report, for csv and json
    cache = MemoryCache()  # several years of one agency: each earlier year built once
    for path in params:
        try:
            value = check_report(path, project, cache)
        except ReportError as exc:
            _fail(exc)  # on stderr, so stdout stays data in csv and json
            failed = True
            continue
        failed = failed or value.failed()
        if fmt != "text":
            # checks_frame is checks.csv: its columns and its order (errors first), info included.
            for finding in value.checks_frame().to_dict("records"):
                rows.append({"agency": value.params.agency, "year": value.params.year, **finding})
            continue
        shown = _shown(path, project)
        for f in value.findings:
            if f.severity != "info":
                click.echo(finding_line(str(shown), f))
        click.echo(t("cli.summary", path=str(shown), counts=_summary(value.counts())))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        import pandas as pd

        from govreport.present.download import csv_text  # checks.csv's spreadsheet-safe CSV

        click.echo(csv_text(pd.DataFrame(rows, columns=["agency", "year", *COLUMNS])), nl=False)
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def finding_line(path: str, finding: Finding) -> str:
    """`path: severity [rule] cell: message`, one finding as `check` and `audit` print it."""
    cell = "/".join(x for x in (finding.table, finding.row, finding.column) if x)
    severity = severity_word(finding.severity)
    if cell:
        return t("cli.finding", path=path, severity=severity, rule=finding.rule, cell=cell, message=finding.message)
    return t("cli.finding-no-cell", path=path, severity=severity, rule=finding.rule, message=finding.message)


def _shown(path: Path, project: Project | None) -> Path:
    """`path` as given when that is the file read, else the file under --root it was taken to mean."""
    located = locate(path, project)
    return path if located == Path.cwd() / path else located


@cli.command(help="help.batch")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="help.batch-jobs")
@click.option("--force", is_flag=True, help="help.batch-force")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="help.scheduler")
@click.option("--log-file", type=click.Path(dir_okay=False, path_type=Path), default=None, help="help.log-file")
@DOCX
@TIMEOUT
@click.pass_obj
def batch(
    project: Project | None,
    paths: tuple[Path, ...],
    jobs: int | None,
    force: bool,
    scheduler: str | None,
    log_file: Path | None,
    docx: bool,
    timeout: float,
) -> None:
    """Build every params file under PATHS (default params/) in parallel; write build/index.html."""
    from govreport.run import batch as batch_module

    outcome = batch_module.run_batch(
        project or Project.at("."),
        list(paths),
        jobs=jobs,
        force=force,
        scheduler=scheduler,
        log_file=log_file,
        timeout=timeout or None,
        docx=docx,
    )
    sys.exit(EXIT_OK if outcome.ok else EXIT_FAILED)


@cli.command("import", help="help.import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--agency", default=None, metavar="SLUG", help="help.agency")
@click.option("--year", type=click.IntRange(1000, 9999), default=None, help="help.year")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["legacy", "national-2019", "national-2021"]),
    default=None,
    help="help.import-format",
)
@click.option("--force", is_flag=True, help="help.import-force")
@click.pass_obj
def import_(
    project: Project | None, source: Path, agency: str | None, year: int | None, fmt: str | None, force: bool
) -> None:
    """Read a published report (web page, Word, PDF or text) into data/ and params/ as inputs."""
    from govreport.inputs.published.report import TRADITIONAL
    from govreport.run.importer import import_report

    done = import_report(project or Project.at("."), source, agency=agency, year=year, fmt=fmt, force=force)
    for path in done.written:
        click.echo(t("cli.wrote", path=str(path)))
    counts = {"figures": done.figures, "blank": done.blank}
    click.echo(t("cli.imported", source=str(source), agency=done.agency, year=done.year, format=done.format, **counts))
    if done.report.traditional:
        click.echo(t("cli.note", source=str(source), note=TRADITIONAL))
    for note in done.notes:
        click.echo(t("cli.not-read", source=str(source), note=note))
    root = f" --root {project.root}" if project is not None else ""
    click.echo(t("cli.next", root=root, agency=done.agency, year=done.year))


@cli.command("new", help="help.new")
@click.argument("agency")
@click.argument("year", type=click.IntRange(1000, 9999))
@click.pass_obj
def new(project: Project | None, agency: str, year: int) -> None:
    """Start AGENCY's YEAR from the year before, or its first from the templates (新的一年); print what to fill in."""
    from govreport.present.checklist import checklist
    from govreport.run.new_year import start_year

    try:
        started = start_year(project or Project.at("."), agency, year)
    except DataValidationError as exc:
        click.echo(t("new.problems", agency=agency), err=True)
        _fail(exc)
        sys.exit(EXIT_FAILED)
    root = f" --root {project.root}" if project is not None else ""
    for line in checklist(started, f"govreport{root} check {started.params}"):
        click.echo(line)


@cli.command(help="help.audit")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="help.audit-jobs")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None, help="help.audit-out")
@click.pass_obj
def audit(project: Project | None, sources: tuple[Path, ...], jobs: int | None, out: Path | None) -> None:
    """Import published reports (files or folders) and run every rule on them; one line per finding.

    Without --root they are imported into a scratch project that is removed afterwards; with it, they
    stay there as inputs. Exit 1 when any report has an error.
    """
    from govreport.run import audit as audit_module

    failed = False

    def show(entry: audit_module.Audited) -> None:
        nonlocal failed
        for finding in entry.findings:
            if finding.severity != "info":
                click.echo(finding_line(entry.source, finding))
        errors, warnings = entry.count("error"), entry.count("warning")
        failed = failed or errors > 0
        click.echo(t("cli.audited", source=entry.source, errors=errors, warnings=warnings))

    results = audit_module.audit(list(sources), project, jobs, on_done=show)
    if out is not None:
        audit_module.write_catalogue(results, out)
        click.echo(t("cli.audit-catalogue", n=len(results), path=str(out / "index.html")))
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo(t("cli.aborted"), err=True)
        sys.exit(EXIT_FAILED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except UsageError as exc:
        _fail(exc)
        sys.exit(EXIT_USAGE)
    except (LockError, ReportError) as exc:
        _fail(exc)
        sys.exit(EXIT_FAILED)
    except KeyboardInterrupt:
        click.echo(t("cli.interrupted"), err=True)
        sys.exit(130)
    except Exception as exc:  # a bug: one line for the user, the traceback only with --verbose
        logging.getLogger(__name__).debug("internal error", exc_info=True)
        click.echo(t("cli.internal-error", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(EXIT_FAILED)
