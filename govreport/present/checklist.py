"""What `govreport new` tells the office, in Chinese: what it wrote, what is left to fill in, and what to run next."""

from __future__ import annotations

from typing import Protocol

from govreport.compute.opening import Opening

SHOWN = 5  # ids listed by name before "等"
FIGURES_SHOWN = 10  # cells of figures.csv listed by name
RECORDS = {
    "requests": "依申请公开台账",
    "documents": "规章、规范性文件目录",
    "appeals": "行政复议、行政诉讼案件",
    "proactive": "主动公开信息目录",
}
AGENCY = "{path}：机关全称（name）和类型（kind：department 部门 / government 人民政府）。"
PUBLISHED = "{path}：报告发布后，填写发布日期（published）。"
KEEP_OR_DELETE = (
    "本年确实没有的（如没有行政复议案件），保留表头即可；不掌握台账的，删除该文件，改在 figures.csv 填写"
    "（见 docs/inputs.md）。"
)


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
    origin = f"从{new.last_year}年的数据开始" if new.last_year else f"从空白模板开始（没有{new.year - 1}年的数据）"
    lines = [f"已新建{started.name}{new.year}年（{new.format} 格式），{origin}。写入了："]
    lines += [f"  {path}" for path in started.written]
    lines.append("还需要填写：")
    items = [*_records(new, folder), _figures(new, folder), _narrative(new, folder)]
    if not started.name:
        items.append(AGENCY.format(path=f"{folder.rsplit('/', 1)[0]}/agency.yaml"))
    items.append(PUBLISHED.format(path=started.params))
    for number, item in enumerate(items, start=1):
        lines += f"  {number}. {item}".split("\n")
    lines.append(KEEP_OR_DELETE)
    lines += ["填好后运行：", f"  {command}"]
    return lines


def _ids(ids: tuple[str, ...]) -> str:
    shown = "、".join(ids[:SHOWN])
    return f"编号 {shown}{' 等' if len(ids) > SHOWN else ''}"


def _records(new: Opening, folder: str) -> list[str]:
    """One item per record file the year starts with, in the order written."""
    year, last = new.year, new.last_year
    if last is None:
        requests = f"逐件录入{year}年收到的申请，以及以前收到、1月1日仍未办结的申请。"
    elif new.carried:
        requests = (
            f"已带入{last}年12月31日仍未办结的申请{len(new.carried)}件（{_ids(new.carried)}）。"
            f"办结的，填写办理结果（outcome）和办结日期（closed）；再逐件录入{year}年新收的申请。"
        )
    else:
        requests = f"{last}年底没有未办结的申请；逐件录入{year}年新收的申请。"
    if new.unassigned:
        requests += f"带入的申请中有{len(new.unassigned)}件没有申请人类型（applicant），{year}年的格式要求填写。"
    pending, categories = new.pending, "、".join(new.categories)
    todo = {
        "requests": requests,
        "documents": (f"已带入{last}年底仍然有效的{new.documents}件；" if last else "")
        + f"录入{year}年制发的文件；{year}年废止的，填写废止日期（repealed）。",
        "appeals": f"录入{year}年收到的案件。"
        + (
            f"{last}年尚未审结的{len(pending)}件（{_ids(pending)}）按收到的年份计入{last}年，不带入本年。"
            if pending
            else ""
        ),
        "proactive": f"录入{year}年主动公开的信息。"
        + (f"类别（category）沿用{last}年的 {categories}，正文的 {{{{ 分类['…'] }}}} 引用它们。" if categories else ""),
    }
    return [f"{folder}/{name}.csv（{RECORDS[name]}）：{todo[name]}" for name in new.records]


def _figures(new: Opening, folder: str) -> str:
    if not new.figures:
        return f"{folder}/figures.csv（申报数字）：台账算出了每一个格子，不用填写。"
    names = ["/".join(cell) for cell in new.figures[:FIGURES_SHOWN]]
    more = f" 等，共{len(new.figures)}个" if len(new.figures) > FIGURES_SHOWN else ""
    return f"{folder}/figures.csv（申报数字）：填写台账算不出的数字（{'、'.join(names)}{more}），不掌握的留空。"


def _narrative(new: Opening, folder: str) -> str:
    """The narrative's item: where it came from and, one a line below it, every literal to check."""
    path = f"{folder}/narrative.md"
    if new.narrative_from is None:
        return f"{path}（报告正文）：从 {new.format} 格式的空白模板开始，按模板中的说明撰写。"
    last = str(new.narrative_from)
    head = (
        f"{path}（报告正文）：沿用{last}年的正文，{{{{ … }}}} 占位符保留。请重新撰写（与上年雷同超过一半，检查会给出"
        " repetition 警告）"
    )
    if not new.literals:
        return head + "。"
    lines = [head + f"，并逐一核对下列{len(new.literals)}处手写的数字和日期："]
    for literal in new.literals:
        what = "日期" if literal.kind == "date" else "数字，在占位符中" if literal.in_placeholder else "数字"
        lines.append(f"       {path}:{literal.line}:{literal.column}: {literal.text}（{what}）")
    years = sum(literal.kind == "date" and literal.text.startswith(last) for literal in new.literals)
    if years:
        lines.append(f"     其中{years}处是{last}年；写的是本年的，请改为 {{{{ year }}}}年。")
    return "\n".join(lines)
