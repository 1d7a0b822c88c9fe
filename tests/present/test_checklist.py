"""What `govreport new` prints: in Chinese, every file written, what each still needs, then the check to run."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from govreport.compute.narrative import literals
from govreport.compute.opening import Opening
from govreport.present.checklist import checklist

NARRATIVE = "## 一、总体情况\n\n2023年召开会议3次。\n"


@dataclass(frozen=True)
class Started:
    name: str
    opening: Opening
    params: str
    folder: str
    written: tuple[str, ...]


def test_the_checklist_of_a_carried_year_line_by_line():
    opening = Opening(
        year=2024,
        format="national-2021",
        last_year=2023,
        records={"requests": pd.DataFrame(), "documents": pd.DataFrame(), "appeals": pd.DataFrame()},
        figures=(("主动公开", "行政许可", "本年处理决定数量"),),
        narrative=NARRATIVE,
        literals=literals(NARRATIVE),
        narrative_from=2023,
        carried=("A-2",),
        documents=1,
        pending=("F1",),
    )
    folder = "data/x/2024"
    started = Started("某局", opening, "params/x/2024.yaml", folder, (f"{folder}/requests.csv", "params/x/2024.yaml"))
    assert checklist(started, "govreport check params/x/2024.yaml") == [
        "已新建某局2024年（national-2021 格式），从2023年的数据开始。写入了：",
        "  data/x/2024/requests.csv",
        "  params/x/2024.yaml",
        "还需要填写：",
        "  1. data/x/2024/requests.csv（依申请公开台账）：已带入2023年12月31日仍未办结的申请1件（编号 A-2）。"
        "办结的，填写办理结果（outcome）和办结日期（closed）；再逐件录入2024年新收的申请。",
        "  2. data/x/2024/documents.csv（规章、规范性文件目录）：已带入2023年底仍然有效的1件；"
        "录入2024年制发的文件；2024年废止的，填写废止日期（repealed）。",
        "  3. data/x/2024/appeals.csv（行政复议、行政诉讼案件）：录入2024年收到的案件。"
        "2023年尚未审结的1件（编号 F1）按收到的年份计入2023年，不带入本年。",
        "  4. data/x/2024/figures.csv（申报数字）：填写台账算不出的数字（主动公开/行政许可/本年处理决定数量），"
        "不掌握的留空。",
        "  5. data/x/2024/narrative.md（报告正文）：沿用2023年的正文，{{ … }} 占位符保留。"
        "请重新撰写（与上年雷同超过一半，检查会给出 repetition 警告），并逐一核对下列2处手写的数字和日期：",
        "       data/x/2024/narrative.md:3:1: 2023年（日期）",
        "       data/x/2024/narrative.md:3:10: 3（数字）",
        "     其中1处是2023年；写的是本年的，请改为 {{ year }}年。",
        "  6. params/x/2024.yaml：报告发布后，填写发布日期（published）。",
        "本年确实没有的（如没有行政复议案件），保留表头即可；不掌握台账的，删除该文件，改在 figures.csv 填写"
        "（见 docs/inputs.md）。",
        "填好后运行：",
        "  govreport check params/x/2024.yaml",
    ]


def test_the_checklist_of_a_first_year_asks_for_the_agency_and_counts_the_figures():
    cells = tuple(("附表", f"行{n}", "本年") for n in range(12))
    opening = Opening(2016, "legacy", None, {"proactive": pd.DataFrame()}, cells, "模板", ())
    started = Started("", opening, "params/y/2016.yaml", "data/y/2016", ())
    lines = checklist(started, "govreport check params/y/2016.yaml")
    assert lines[0] == "已新建2016年（legacy 格式），从空白模板开始（没有2015年的数据）。写入了："
    assert "  1. data/y/2016/proactive.csv（主动公开信息目录）：录入2016年主动公开的信息。" in lines
    assert any(line.endswith("附表/行9/本年 等，共12个），不掌握的留空。") for line in lines)
    assert "  3. data/y/2016/narrative.md（报告正文）：从 legacy 格式的空白模板开始，按模板中的说明撰写。" in lines
    assert "  4. data/y/agency.yaml：机关全称（name）和类型（kind：department 部门 / government 人民政府）。" in lines
