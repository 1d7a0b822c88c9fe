"""Row rules of every input table, on tiny hand-written text frames."""

from __future__ import annotations

import pandas as pd
import pytest

from govreport.inputs import declared, validation, vocabulary
from govreport.inputs.vocabulary import load_format

pytestmark = pytest.mark.usefixtures("english")  # hand-worked expectations, in English

N2019, N2021, LEGACY = (load_format(n) for n in ("national-2019", "national-2021", "legacy"))
REQUESTS = ["id", "received", "channel", "applicant", "outcome", "closed"]
GOOD_REQUESTS = [
    ["R1", "2021-01-05", "网络", "自然人", "予以公开", "2021-01-20"],
    ["R2", "2020-12-28", "信函", "商业企业", "不予公开/第三方权益", "2021-01-10"],
    ["R3", "2021-12-20", "当面", "科研机构", "", ""],
]


def raw(columns: list[str], rows: list[list[str]]) -> pd.DataFrame:
    """A frame as `inputs` hands it over: text only, rows labelled by line (the header is line 1)."""
    frame = pd.DataFrame(rows, columns=columns, index=range(1, len(rows) + 1), dtype=str)
    frame["_line"] = frame.index + 1
    return frame


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_passes_clean_requests():
    clean, problems = validation.validate_requests(raw(REQUESTS, GOOD_REQUESTS), "r.csv", 2021, N2021)
    assert problems == []
    assert list(clean["outcome"]) == ["予以公开", "不予公开/第三方权益", ""]
    assert clean["received"].dt.year.tolist() == [2021, 2020, 2021]
    assert clean["closed"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize(
    "row, fmt, fragment",
    [
        pytest.param(
            ["R9", "2021-03-01", "网络", "自然人", "予以公开了", "2021-03-02"],
            N2021,
            "r.csv:5: outcome '予以公开了' is not an outcome (办理结果); expected one of 予以公开,",
            id="unknown-outcome",
        ),
        pytest.param(
            ["R9", "2021-03-01", "网络", "自然人", "不予公开", "2021-03-02"],
            N2019,
            "r.csv:5: outcome '不予公开' needs its reason in national-2019 reports",
            id="reason-missing",
        ),
        pytest.param(
            ["R9", "2021-03-01", "网络", "外国人", "", ""],
            N2021,
            "r.csv:5: applicant '外国人' is not an applicant type",
            id="unknown-applicant",
        ),
        pytest.param(
            ["R9", "2021-03-01", "网络", "", "", ""],
            N2021,
            "r.csv:5: applicant is empty; expected one of 自然人",
            id="applicant-empty-national",
        ),
        pytest.param(
            ["R9", "3月1日", "网络", "自然人", "", ""],
            N2021,
            "r.csv:5: received '3月1日' is not a date; expected YYYY-MM-DD",
            id="bad-date",
        ),
        pytest.param(
            ["R9", "2021-04-31", "网络", "自然人", "", ""],
            N2021,
            "r.csv:5: received '2021-04-31' is not a real date",
            id="impossible-date",
        ),
        pytest.param(
            ["R9", "2021/2/29", "网络", "自然人", "", ""],
            N2021,
            "r.csv:5: received '2021/2/29' is not a real date",
            id="impossible-slashed-date",
        ),
        pytest.param(
            ["R1", "2021-03-01", "网络", "自然人", "", ""],
            N2021,
            "r.csv:5: id 'R1' appears twice (first on line 2)",
            id="duplicate-id",
        ),
        pytest.param(
            ["R9", "2021-03-01", "网络", "自然人", "予以公开", "2021-02-01"],
            N2021,
            "r.csv:5: closed '2021-02-01' is before received '2021-03-01'",
            id="closed-before-received",
        ),
        pytest.param(
            ["R9", "2021-03-01", "网络", "自然人", "", "2021-03-05"],
            N2021,
            "r.csv:5: closed '2021-03-05' is given but outcome is empty",
            id="closed-without-outcome",
        ),
        pytest.param(
            ["R9", "2021-03-01", "网络", "自然人", "予以公开", ""],
            N2021,
            "r.csv:5: outcome '予以公开' is given but closed is empty",
            id="outcome-without-closed",
        ),
    ],
)
def test_flags_problem_in_requests(row, fmt, fragment):
    _, problems = validation.validate_requests(raw(REQUESTS, [*GOOD_REQUESTS, row]), "r.csv", 2021, fmt)
    assert any(fragment in m for m in messages(problems)), messages(problems)


def test_dates_as_excel_writes_them_in_chinese_are_read():
    rows = [["R1", "2021/3/1", "网络", "自然人", "予以公开", "2021-3-9"]]
    clean, problems = validation.validate_requests(raw(REQUESTS, rows), "r.csv", 2021, N2021)
    assert problems == []
    assert (clean["received"][1], clean["closed"][1]) == (pd.Timestamp(2021, 3, 1), pd.Timestamp(2021, 3, 9))


def test_legacy_ledger_may_leave_out_applicants_and_the_reason_of_a_refusal():
    rows = [["R1", "2017-01-05", "网络", "不予公开", "2017-01-20"]]
    columns = ["id", "received", "channel", "outcome", "closed"]
    clean, problems = validation.validate_requests(raw(columns, rows), "r.csv", 2017, LEGACY)
    assert problems == []
    assert list(clean["applicant"]) == [""]


def test_national_ledger_needs_the_applicant_column():
    columns = ["id", "received", "channel", "outcome", "closed"]
    _, problems = validation.validate_requests(
        raw(columns, [["R1", "2021-01-05", "网络", "", ""]]), "r.csv", 2021, N2021
    )
    assert messages(problems) == ["r.csv:1: missing column 'applicant' (申请人类型), needed for national-2021 reports"]


@pytest.mark.parametrize(
    "written, key",
    [
        ("予以公开", "予以公开"),
        ("（一）予以公开", "予以公开"),
        ("1.属于国家秘密", "不予公开/国家秘密"),
        ("（三）不予公开1.属于国家秘密", "不予公开/国家秘密"),
        ("属于国家秘密", "不予公开/国家秘密"),
        ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他处理/逾期不补正"),
        ("同意部分公开", "同意部分公开"),
        ("其他", "其他"),
    ],
)
def test_outcomes_are_accepted_as_keys_printed_labels_and_legacy_types(written, key):
    mapping, _ = vocabulary.outcome_vocabulary()
    assert mapping[written] == key


def test_too_many_rows_with_one_problem_are_listed_then_counted():
    rows = [[f"R{i}", "2021-01-05", "飞鸽", "自然人", "", ""] for i in range(25)]
    _, problems = validation.validate_requests(raw(REQUESTS, rows), "r.csv", 2021, N2021)
    assert len(problems) == validation.MAX_LISTED + 1
    assert str(problems[-1]) == "r.csv: … and 5 more rows with the same problem"


FIGURES = ["table", "row", "column", "value"]


@pytest.mark.parametrize(
    "fmt, year, row",
    [
        pytest.param(N2021, 2021, ["主动公开", "行政许可", "本年处理决定数量", "12"], id="count"),
        pytest.param(N2021, 2021, ["主动公开", "行政事业性收费", "本年收费金额（单位：万元）", "3.25"], id="amount"),
        pytest.param(N2019, 2019, ["主动公开", "行政许可", "本年增/减", "-2"], id="change"),
        pytest.param(N2021, 2021, ["依申请", "4.保护第三方合法权益", "法人或其他组织/商业企业", "1"], id="labels"),
        pytest.param(LEGACY, 2017, ["附表", "其中：1.当面申请数", "2017年", "0"], id="legacy-labels"),
        pytest.param(N2021, 2021, ["主动公开", "行政许可", "本年处理决定数量", "1,024"], id="thousands"),
    ],
)
def test_passes_clean_figures(fmt, year, row):
    clean, problems = declared.validate_figures(raw(FIGURES, [row]), "f.csv", year, fmt)
    assert problems == []
    assert len(clean) == 1 and clean["row"][0] in {r.key for r in fmt.tables[row[0]].rows}


def test_a_blank_figure_is_not_given_and_not_an_error():
    clean, problems = declared.validate_figures(
        raw(FIGURES, [["主动公开", "行政许可", "本年处理决定数量", ""]]), "f.csv", 2021, N2021
    )
    assert problems == [] and clean.empty


@pytest.mark.parametrize(
    "row, fragment",
    [
        pytest.param(["主动公开", "行政许可", "本年处理决定数量", "十二"], "value '十二' is not a number", id="text"),
        pytest.param(["主动公开", "行政许可", "本年处理决定数量", "-1"], "value '-1' is negative", id="negative"),
        pytest.param(["依申请", "予以公开", "自然人", "0.5"], "is not a whole number", id="fraction"),
        pytest.param(
            ["依申请", "予以公开", "外国人", "1"], "column '外国人' is not a column of table 依申请", id="column"
        ),
        pytest.param(["依申请", "予以", "自然人", "1"], "row '予以' is not a row of table 依申请", id="row"),
        pytest.param(
            ["附表", "行政复议数", "本年", "0"], "table '附表' is not a table of the national-2021", id="table"
        ),
        pytest.param(["", "予以公开", "自然人", "1"], "table is empty", id="empty-table"),
    ],
)
def test_flags_problem_in_figures(row, fragment):
    _, problems = declared.validate_figures(raw(FIGURES, [row]), "f.csv", 2021, N2021)
    assert any(m.startswith("f.csv:2: ") and fragment in m for m in messages(problems)), messages(problems)


def test_passes_clean_documents_and_defaults_published_to_issued():
    columns = ["id", "kind", "title", "issued", "repealed"]
    rows = [["D1", "规章", "甲", "2019-05-01", ""], ["D2", "行政规范性文件", "乙", "2021-03-01", "2021-09-01"]]
    clean, problems = validation.validate_documents(raw(columns, rows), "d.csv", 2021, N2021)
    assert problems == []
    assert clean["published"].tolist() == clean["issued"].tolist()
    assert clean["repealed"].isna().tolist() == [True, False]


def test_flags_a_document_published_before_it_was_issued():
    columns = ["id", "kind", "title", "issued", "repealed", "published"]
    rows = [["D1", "规章", "甲", "2021-05-01", "", "2021-04-01"]]
    _, problems = validation.validate_documents(raw(columns, rows), "d.csv", 2021, N2021)
    assert messages(problems) == ["d.csv:2: published '2021-04-01' is before issued '2021-05-01'"]


APPEALS = ["id", "kind", "route", "filed", "result"]


def test_passes_clean_appeals_and_an_empty_result_is_pending():
    rows = [["A1", "复议", "", "2021-04-01", "维持"], ["A2", "行政诉讼", "复议后起诉", "2021-05-01", ""]]
    clean, problems = validation.validate_appeals(raw(APPEALS, rows), "a.csv", 2021, N2021)
    assert problems == []
    assert list(clean["kind"]) == ["行政复议", "行政诉讼"]
    assert list(clean["result"]) == ["结果维持", "尚未审结"]


@pytest.mark.parametrize(
    "row, fragment",
    [
        pytest.param(
            ["A1", "行政复议", "复议后起诉", "2021-04-01", ""], "is given for a 行政复议 case", id="route-of-复议"
        ),
        pytest.param(["A1", "行政诉讼", "直接", "2021-04-01", ""], "route '直接' is not a route", id="bad-route"),
        pytest.param(["A1", "行政诉讼", "", "2021-04-01", ""], "route is empty", id="no-route"),
    ],
)
def test_flags_problem_in_appeals(row, fragment):
    _, problems = validation.validate_appeals(raw(APPEALS, [row]), "a.csv", 2021, N2021)
    assert any(m.startswith("a.csv:2: ") and fragment in m for m in messages(problems)), messages(problems)


def test_passes_clean_proactive_items():
    columns = ["id", "published", "title", "category", "website", "gazette"]
    rows = [["P1", "2017-01-05", "甲", "其他信息", "是", "否"]]
    clean, problems = validation.validate_proactive(raw(columns, rows), "p.csv", 2017, LEGACY)
    assert problems == []
    assert (bool(clean["website"][1]), bool(clean["gazette"][1])) == (True, False)


@pytest.mark.parametrize(
    "validate, columns, row, fmt",
    [
        pytest.param(validation.validate_requests, REQUESTS, GOOD_REQUESTS[0], N2021, id="requests"),
        pytest.param(
            validation.validate_documents,
            ["id", "kind", "title", "issued", "repealed"],
            ["D1", "规章", "甲", "2021-03-01", ""],
            N2021,
            id="documents",
        ),
        pytest.param(
            validation.validate_appeals,
            APPEALS,
            ["A1", "复议", "", "2021-04-01", "维持"],
            N2021,
            id="appeals",
        ),
        pytest.param(
            validation.validate_proactive,
            ["id", "published", "title", "category", "website", "gazette"],
            ["P1", "2017-01-05", "甲", "其他信息", "是", "否"],
            LEGACY,
            id="proactive",
        ),
    ],
)
def test_a_file_with_a_header_and_no_rows_is_zero_records_typed_like_any_other(validate, columns, row, fmt):
    """A header without rows ("no appeals this year") validates to an empty frame that records.py can count."""
    one, _ = validate(raw(columns, [row]), "x.csv", 2021, fmt)
    empty, problems = validate(raw(columns, []), "x.csv", 2021, fmt)
    assert problems == []
    assert len(empty) == 0 and list(empty.columns) == list(one.columns)
    for col in one.columns:
        assert pd.api.types.is_datetime64_any_dtype(empty[col]) == pd.api.types.is_datetime64_any_dtype(one[col]), col
        assert pd.api.types.is_bool_dtype(empty[col]) == pd.api.types.is_bool_dtype(one[col]), col
