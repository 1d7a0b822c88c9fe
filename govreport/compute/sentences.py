"""Sentences that carry numbers, generated from the same figures as the tables.

收到 is always 本年新收 and 办理 always （七）总计 (compute/headline.py says so for every output); every
share is taken over what was handled (办理完毕, the 总计 row), never over what was received.
"""

from __future__ import annotations

from govreport.compute import headline
from govreport.compute.headline import Cell
from govreport.compute.summary import Column, Summary
from govreport.compute.tables import Tables
from govreport.inputs.figure import Figure
from govreport.inputs.figure import figure_text as _n  # short: it stands in many messages

APPEAL_ROWS = headline.APPEALS


def sentences(tables: Tables, section: int, who: str = "本机关") -> list[str]:
    """The generated sentences of section `section` (1-based) of a national-format report.

    `who` is their subject: the agency's own report says 本机关; a region's summary names its agencies.
    """
    if tables.format.name == "legacy":
        return []  # legacy reports keep the agency's own wording (narrative.md placeholders)
    build = {1: _overview, 2: _proactive, 3: _requests, 4: _appeals}.get(section)
    return build(tables, who) if build else []


def _headline(cells: dict[Cell, Figure], fmt: str) -> dict[str, Figure]:
    # Built tables print every cell of their format, so no headline figure of a national report is missing.
    found = headline.headline(cells, fmt)
    return {name: 0 if value is None else value for name, value in found.items()}


def _overview(tables: Tables, who: str) -> list[str]:
    figures = _headline(headline.cells(tables), tables.format.name)
    received, handled = figures["received"], figures["handled"]
    reviews = tables.value("复议诉讼", "行政复议", "总计")
    suits = sum(tables.value("复议诉讼", r, "总计") for r in APPEAL_ROWS[1:])
    return [
        f"{tables.year}年，{who}收到政府信息公开申请{_n(received)}件，办理完毕{_n(handled)}件；"
        f"因政府信息公开被申请行政复议{_n(reviews)}件，被提起行政诉讼{_n(suits)}件。"
    ]


def _proactive(tables: Tables, who: str) -> list[str]:
    v = lambda row, col: _n(tables.value("主动公开", row, col))  # noqa: E731
    if tables.format.name == "national-2021":
        return [
            f"{tables.year}年，{who}制发规章{v('规章', '本年制发件数')}件、行政规范性文件"
            f"{v('行政规范性文件', '本年制发件数')}件，废止规章{v('规章', '本年废止件数')}件、行政规范性文件"
            f"{v('行政规范性文件', '本年废止件数')}件；截至{tables.year}年12月31日，现行有效规章"
            f"{v('规章', '现行有效件数')}件、行政规范性文件{v('行政规范性文件', '现行有效件数')}件。"
        ]
    return [
        f"{tables.year}年，{who}新制作规章{v('规章', '本年新制作数量')}件、规范性文件"
        f"{v('规范性文件', '本年新制作数量')}件，新公开规章{v('规章', '本年新公开数量')}件、规范性文件"
        f"{v('规范性文件', '本年新公开数量')}件；对外公开规章共{v('规章', '对外公开总数量')}件、规范性文件共"
        f"{v('规范性文件', '对外公开总数量')}件。"
    ]


def _requests(tables: Tables, who: str) -> list[str]:
    cells = headline.cells(tables)
    figures = _headline(cells, tables.format.name)
    received, carried, handled = figures["received"], figures["carried_in"], figures["handled"]
    text = [
        f"{tables.year}年，{who}收到政府信息公开申请{_n(received)}件，上年结转{_n(carried)}件；"
        f"本年度办理完毕{_n(handled)}件，结转下年度继续办理{_n(figures['carried_over'])}件。"
    ]
    if handled:
        disclosed, partly = figures["disclosed_full"], figures["disclosed_part"]
        parts = [
            f"予以公开{_n(disclosed)}件、部分公开{_n(partly)}件，合计占{headline.share(disclosed + partly, handled)}",
        ]
        for group in headline.RESULT_GROUPS:
            count = headline.result(cells, group) or 0
            if count:
                parts.append(f"{group}{_n(count)}件，占{headline.share(count, handled)}")
        text.append("在办理完毕的申请中，" + "；".join(parts) + "。")
    return text


def _appeals(tables: Tables, who: str) -> list[str]:
    v = lambda row, col="总计": tables.value("复议诉讼", row, col)  # noqa: E731
    review = v("行政复议")
    suits = v("未经复议直接起诉") + v("复议后起诉")
    if review == 0 and suits == 0:
        return [f"{tables.year}年，{who}未发生因政府信息公开引起的行政复议、行政诉讼。"]
    upheld = sum(v(r, "结果维持") for r in APPEAL_ROWS)
    corrected = sum(v(r, "结果纠正") for r in APPEAL_ROWS)
    pending = sum(v(r, "尚未审结") for r in APPEAL_ROWS)
    return [
        f"{tables.year}年，{who}因政府信息公开被申请行政复议{_n(review)}件、被提起行政诉讼{_n(suits)}件；"
        f"其中结果维持{_n(upheld)}件，结果纠正{_n(corrected)}件，尚未审结{_n(pending)}件。"
    ]


# -- a region's summary (compute/summary.py) ------------------------------------------------------

FORMAT_NAMES = {"legacy": "2018年及以前的附表格式", "national-2019": "2019年版格式", "national-2021": "2021年版格式"}
KIND_NAMES = {"government": "政府", "department": "部门"}
NAMED = 10  # a sentence names this many agencies, then counts the rest


def names(found: list[str]) -> str:
    """Agencies' names joined with 、, the first NAMED of them and then how many more."""
    shown = "、".join(found[:NAMED])
    return shown + (f"等{len(found)}个" if len(found) > NAMED else "")


def summary_overview(value: Summary) -> list[str]:
    """What the summary covers: how many agencies and reports, which are summed, which are not and why."""
    counts, params = value.counts(), value.params
    only = f"（仅{KIND_NAMES[params.kind]}）" if params.kind else ""
    text = [
        f"本汇总覆盖{params.region}{counts['covered']}个机关{only}的{params.year}年政府信息公开工作年度报告，"
        f"已生成{counts['built']}份，其中{counts['summed']}份按{FORMAT_NAMES[value.format.name]}逐格相加。"
    ]
    other = value.of("other-format")
    if other:
        listed = [f"{e.name}（{FORMAT_NAMES.get(e.format or '', '格式不明')}）" for e in other]
        text.append(f"采用其他格式的{len(other)}份单列，不计入汇总：{names(listed)}。")
    missing = [e.name for e in value.of("not-built")] + [f"{slug}（无此机关）" for slug, _ in value.unknown]
    if missing:
        text.append(f"缺少{params.year}年报告的{len(missing)}个：{names(missing)}。")
    return text


def summary_reports(value: Summary) -> list[str]:
    """How many reports were published on time, late or undated, and have errors or warnings; which."""
    counts = value.counts()
    text = [
        f"已生成的{counts['built']}份报告中，按期公开{counts['on_time']}份，逾期公开{counts['late']}份，"
        f"未注明公开日期{counts['undated']}份；有错误的{counts['errors']}份，有警告的{counts['warnings']}份。"
    ]
    late = [f"{e.name}（{e.published}公开，期限{e.due.isoformat()}）" for e in value.entries if e.late]
    if late:
        text.append(f"逾期公开的是：{names(late)}。")
    wrong = [e.name for e in value.entries if e.errors]
    if wrong:
        text.append(f"有错误的是：{names(wrong)}；错误在审核版中逐条列出。")
    return text


def summary_totals(value: Summary) -> list[str]:
    """The region's figures in sentences: the national formats' own, or the 附表's headline."""
    who = f"汇总的{len(value.summed)}个机关共"
    if value.format.name != "legacy":
        return [s for section in (1, 2, 3, 4) for s in sentences(value.tables, section, who)]
    figures = _headline(headline.cells(value.tables), "legacy")
    received, handled = figures["received"], figures["handled"]
    text = f"{value.params.year}年，{who}受理政府信息公开申请{_n(received)}件，答复{_n(handled)}件"
    if handled:
        disclosed = figures["disclosed_full"] + figures["disclosed_part"]
        text += f"，其中同意公开和同意部分公开{_n(disclosed)}件，占{headline.share(disclosed, handled)}"
    return [text + "。"]


def summary_rankings(value: Summary) -> list[str]:
    """Who heads each ranking and who ends it, and who could not be ranked."""
    text = []
    for ranking in value.rankings:
        column = ranking.columns[ranking.by]
        most, least = ("最高", "最低") if column.share else ("最多", "最少")
        if not ranking.rows:
            text.append(f"{ranking.title}：没有可以排名的机关。")
        else:
            first, last = ranking.rows[0], ranking.rows[-1]
            top = names([r.name for r in ranking.rows if r.rank == 1])
            sentence = f"{ranking.title}：{most}的是{top}（{_ranked(column, first.values[ranking.by])}）"
            if last.rank != 1:
                bottom = names([r.name for r in ranking.rows if r.rank == last.rank])
                sentence += f"，{least}的是{bottom}（{_ranked(column, last.values[ranking.by])}）"
            text.append(sentence + "。")
        if ranking.left_out:
            left_out = names(list(ranking.left_out))
            text.append(f"未参加“{ranking.title}”排名的{len(ranking.left_out)}个（{ranking.why}）：{left_out}。")
    return text


def _ranked(column: Column, value: Figure) -> str:
    """A ranked figure as the ranking prints it: a share with %, a count of cases with 件."""
    return f"{_n(value)}%" if column.share else f"{_n(value)}件"


def summary_trend(value: Summary) -> list[str]:
    """The region's requests year by year, as the trend table lists them."""
    if len(value.trend) < 2:
        return [f"只有{value.params.year}年的报告，尚无历年情况可比。"]
    first, last = value.trend[0], value.trend[-1]
    received = "、".join(f"{t.year}年{_n(t.received)}件" for t in value.trend)
    return [
        f"{first.year}年至{last.year}年，各年汇总的报告（按当年的格式）收到申请依次为：{received}。"
        "各年汇总的机关不尽相同，以表中“汇总报告数”为准。"
    ]
