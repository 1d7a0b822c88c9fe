"""What `govreport new` tells the office (in Chinese, or English with --lang en): what it wrote, what is left to
fill in, and what to run next; worded from the catalogue (govreport/messages)."""

from __future__ import annotations

from typing import Protocol

from govreport.compute.opening import Opening
from govreport.messages import t

SHOWN = 5  # ids listed by name before "等"
FIGURES_SHOWN = 10  # cells of figures.csv listed by name
RECORDS = {
    "requests": "new.record-requests",
    "documents": "new.record-documents",
    "appeals": "new.record-appeals",
    "proactive": "new.record-proactive",
}
LITERAL_KINDS = {"date": "new.literal-date", "placeholder": "new.literal-placeholder", "number": "new.literal-number"}


class Started(Protocol):
    """A year `govreport new` started (run.new_year.Started)."""

    name: str
    opening: Opening
    params: str
    folder: str
    written: tuple[str, ...]


def checklist(started: Started, command: str) -> list[str]:
    """The lines to print: the year started, each file written, what each still needs, then `command`."""
    new, folder = started.opening, started.folder
    if new.last_year:
        origin = t("new.from-last", last=new.last_year)
    else:
        origin = t("new.from-templates", before=new.year - 1)
    lines = [t("new.started", name=started.name, year=new.year, format=new.format, origin=origin)]
    lines += [f"  {path}" for path in started.written]
    lines.append(t("new.left"))
    items = [*_records(new, folder), _figures(new, folder), _narrative(new, folder)]
    if not started.name:
        items.append(t("new.agency", path=f"{folder.rsplit('/', 1)[0]}/agency.yaml"))
    items.append(t("new.published", path=started.params))
    for number, item in enumerate(items, start=1):
        lines += f"  {number}. {item}".split("\n")
    lines.append(t("new.keep-or-delete"))
    lines += [t("new.then-run"), f"  {command}"]
    return lines


def _ids(ids: tuple[str, ...]) -> str:
    return t("new.ids-more" if len(ids) > SHOWN else "new.ids", ids=ids[:SHOWN])


def _records(new: Opening, folder: str) -> list[str]:
    """One item per record file the year starts with, in the order written."""
    year, last = new.year, new.last_year
    if last is None:
        requests = t("new.requests-first", year=year)
    elif new.carried:
        requests = t("new.requests-carried", last=last, n=len(new.carried), ids=_ids(new.carried), year=year)
    else:
        requests = t("new.requests-none-open", last=last, year=year)
    if new.unassigned:
        requests += t("new.unassigned", n=len(new.unassigned), year=year)
    pending = new.pending
    todo = {
        "requests": requests,
        "documents": (t("new.documents-carried", last=last, n=new.documents) if last else "")
        + t("new.documents", year=year),
        "appeals": t("new.appeals", year=year)
        + (t("new.appeals-pending", last=last, n=len(pending), ids=_ids(pending)) if pending else ""),
        "proactive": t("new.proactive", year=year)
        + (t("new.categories", last=last, categories=tuple(new.categories)) if new.categories else ""),
    }
    return [
        t("new.record", path=f"{folder}/{name}.csv", what=t(RECORDS[name]), todo=todo[name]) for name in new.records
    ]


def _figures(new: Opening, folder: str) -> str:
    path = f"{folder}/figures.csv"
    if not new.figures:
        return t("new.figures-none", path=path)
    names = tuple("/".join(cell) for cell in new.figures[:FIGURES_SHOWN])
    cells = t("new.figures-more", cells=names, n=len(new.figures)) if len(new.figures) > FIGURES_SHOWN else names
    return t("new.figures", path=path, cells=cells)


def _narrative(new: Opening, folder: str) -> str:
    """The narrative's item: where it came from and, one a line below it, every literal to check."""
    path = f"{folder}/narrative.md"
    if new.narrative_from is None:
        return t("new.narrative-template", path=path, format=new.format)
    last = str(new.narrative_from)
    head = t("new.narrative-reused", path=path, last=last)
    if not new.literals:
        return head + t("new.narrative-end")
    lines = [head + t("new.literals", n=len(new.literals))]
    for literal in new.literals:
        kind = "date" if literal.kind == "date" else "placeholder" if literal.in_placeholder else "number"
        what = t(LITERAL_KINDS[kind])
        lines.append(
            t("new.literal", path=path, line=literal.line, column=literal.column, text=literal.text, what=what)
        )
    years = sum(literal.kind == "date" and literal.text.startswith(last) for literal in new.literals)
    if years:
        lines.append(t("new.literal-years", n=years, last=last))
    return "\n".join(lines)
