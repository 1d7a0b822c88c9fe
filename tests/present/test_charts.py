"""Charts of the national formats: result breakdown, applicant types, trend over the years."""

from __future__ import annotations

import pandas as pd

from govreport.compute.tables import build_tables
from govreport.inputs.agency_year import Agency, Inputs
from govreport.inputs.vocabulary import format_for_year, load_format
from govreport.present import charts


def inputs(year: int, figures=(), previous=None):
    frame = pd.DataFrame(list(figures), columns=["table", "row", "column", "value"])
    fmt = load_format(format_for_year(year))
    return Inputs(
        Agency("x", "某机关", "department"), year, fmt, {"figures": frame} if figures else {}, "", {}, previous
    )


def bars(fig) -> dict[str, float]:
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    return {label: patch.get_width() for label, patch in zip(labels, ax.patches, strict=True)}


def test_results_chart_groups_rows_and_adds_up_to_handled():
    tables = build_tables(
        inputs(
            2021,
            [
                ("依申请", "予以公开", "自然人", 5),
                ("依申请", "不予公开/国家秘密", "自然人", 1),
                ("依申请", "不予公开/第三方权益", "商业企业", 2),
                ("依申请", "其他处理/逾期不补正", "自然人", 1),
            ],
        )
    )
    fig = charts.results(tables)
    got = bars(fig)
    assert got["（一）予以公开"] == 5 and got["（三）不予公开"] == 3 and got["（六）其他处理"] == 1
    assert sum(got.values()) == 9  # （七）总计
    assert fig.axes[0].get_xlabel() == "件"


def test_applicants_chart_shows_what_was_received():
    tables = build_tables(inputs(2020, [("依申请", "本年新收", "自然人", 6), ("依申请", "上年结转", "科研机构", 3)]))
    got = bars(charts.applicants(tables))
    assert got["自然人"] == 6 and got["科研机构"] == 0  # carried-over requests were not received this year


def test_channels_chart_puts_what_no_channel_counts_under_other():
    figures = [
        ("附表", "受理申请总数", "本年", 10),
        ("附表", "当面申请数", "本年", 2),
        ("附表", "网络申请数", "本年", 3),
        ("附表", "信函传真申请数", "本年", 1),
    ]
    chart = charts.channels(build_tables(inputs(2017, figures)))
    assert bars(chart) == {"当面": 2, "网络": 3, "信函、传真": 1, "其他": 4}  # 10 received - 6 by channel
    # What it draws, in words, for its text alternative: the same four bars.
    points = (("当面", "2"), ("网络", "3"), ("信函、传真", "1"), ("其他", "4"))
    assert chart.drawn == charts.Drawn("2017年受理申请的方式", "条", points)
    assert chart.drawn.title == chart.axes[0].get_title() and chart.drawn.unit == chart.axes[0].get_xlabel()


def test_trend_runs_over_every_available_year_across_formats():
    y2018 = inputs(2018, [("附表", "受理申请总数", "本年", 40)])
    y2019 = inputs(2019, [("依申请", "本年新收", "自然人", 55)], previous=y2018)
    y2021 = inputs(2021, [("依申请", "本年新收", "商业企业", 70)], previous=inputs(2020, previous=y2019))
    chart = charts.trend(build_tables(y2021))
    xs, ys = chart.axes[0].lines[0].get_data()
    assert list(xs) == [2018, 2019, 2021] and list(ys) == [40, 55, 70]  # 2020 gives no requests: left out
    assert chart.drawn.points == (("2018年", "40"), ("2019年", "55"), ("2021年", "70"))
    assert [t.get_text() for t in chart.axes[0].texts] == ["40", "55", "70"]  # the figures printed on the line


def test_png_is_the_same_bytes_every_time():
    tables = build_tables(inputs(2021, [("依申请", "本年新收", "自然人", 6)]))
    first, second = charts.png_bytes(charts.applicants(tables)), charts.png_bytes(charts.applicants(tables))
    assert first[:8] == b"\x89PNG\r\n\x1a\n" and first == second
