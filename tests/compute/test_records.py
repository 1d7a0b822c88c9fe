from conftest import ledger

from govreport.compute import records
from govreport.inputs.vocabulary import load_format


def test_legacy_folds_channels_into_three_rows_and_other_only_into_the_total():
    requests = ledger(
        [
            ("1", "2017-01-05", "当面", "自然人", "同意公开", "2017-01-10"),
            ("2", "2017-02-01", "网络", "自然人", "同意部分公开", "2017-02-10"),
            ("3", "2017-03-01", "信函", "自然人", "不予公开/国家秘密", "2017-03-10"),
            ("4", "2017-04-01", "传真", "商业企业", "不予公开", "2017-04-10"),
            ("5", "2017-05-01", "其他", "自然人", "无法提供/不掌握", "2017-05-10"),
            ("6", "2017-12-20", "网络", "自然人", "", ""),
            # received in 2016, still open on 1 January: answered in 2017 but not received in 2017
            ("7", "2016-12-28", "网络", "自然人", "予以公开", "2017-01-04"),
        ]
    )
    cells = records.requests_legacy(requests, 2017)
    get = lambda row: cells[("附表", row, "本年")]  # noqa: E731
    assert get("受理申请总数") == 6  # ids 1-6
    assert (get("当面申请数"), get("网络申请数"), get("信函传真申请数")) == (1, 2, 2)
    assert get("答复总数") == 6  # ids 1-5 and 7
    assert get("同意公开") == 2  # 同意公开 and 予以公开
    assert get("同意部分公开") == 1
    assert get("不予公开") == 2  # every 不予公开, with or without a reason
    assert get("其他类型") == 1  # 无法提供
    assert records.other_channel_count(requests, 2017) == 1


def test_national_counts_new_carried_handled_and_carried_forward_by_applicant():
    fmt = load_format("national-2021")
    requests = ledger(
        [
            ("1", "2021-01-05", "网络", "自然人", "予以公开", "2021-01-10"),
            ("2", "2021-03-01", "网络", "商业企业", "部分公开", "2021-03-20"),
            ("3", "2020-12-30", "信函", "自然人", "其他处理", "2021-01-15"),
            ("4", "2021-12-29", "网络", "科研机构", "", ""),
            ("5", "2020-12-31", "当面", "自然人", "", ""),
        ]
    )
    cells = records.requests_national(requests, 2021, fmt)
    get = lambda row, col="总计": cells[("依申请", row, col)]  # noqa: E731
    assert get("本年新收") == 3 and get("本年新收", "自然人") == 1
    assert get("上年结转") == 2 and get("上年结转", "自然人") == 2
    assert get("予以公开") == 1 and get("部分公开", "商业企业") == 1
    assert get("其他处理/其他") == 1  # a 2019 key is counted in the 2021 row
    assert get("总计") == 3
    assert get("结转下年度") == 2 and get("结转下年度", "科研机构") == 1


def test_national_2019_folds_2021_other_handling_into_one_row():
    fmt = load_format("national-2019")
    requests = ledger([("1", "2019-02-01", "网络", "自然人", "其他处理/逾期不补正", "2019-03-01")])
    assert records.requests_national(requests, 2019, fmt)[("依申请", "其他处理", "自然人")] == 1
