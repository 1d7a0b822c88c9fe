"""Plausible synthetic agencies: every input file of consecutive years, deterministic from a seed.

Used for the repository's own example city and for benchmarks. The request ledger is generated once
over the whole span, so a request still open on 31 December of one year appears in the next year's
ledger with its outcome: carry-overs chain exactly. The data are invented; nothing here is a real
agency's record.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import zlib
from dataclasses import dataclass
from pathlib import Path
from string import Template

from govreport.inputs.vocabulary import format_for_year

APPLICANTS = (
    ("自然人", 76),
    ("商业企业", 13),
    ("科研机构", 1),
    ("社会公益组织", 1),
    ("法律服务机构", 6),
    ("其他", 3),
)
CHANNELS_LEGACY = (("网络", 70), ("当面", 12), ("信函", 14), ("传真", 2), ("其他", 2))
CHANNELS_NATIONAL = (("网络", 84), ("当面", 6), ("信函", 9), ("传真", 0), ("其他", 1))
# Weights of ledger outcomes (keys of the 依申请 table); 其他处理 is split from 2021 on.
OUTCOMES = (
    ("予以公开", 360),
    ("部分公开", 80),
    ("不予公开/国家秘密", 2),
    ("不予公开/法律法规禁止", 3),
    ("不予公开/三安全一稳定", 2),
    ("不予公开/第三方权益", 30),
    ("不予公开/内部事务", 10),
    ("不予公开/过程性信息", 10),
    ("不予公开/执法案卷", 5),
    ("不予公开/行政查询", 3),
    ("无法提供/不掌握", 280),
    ("无法提供/需另行制作", 40),
    ("无法提供/补正后不明确", 20),
    ("不予处理/信访举报投诉", 40),
    ("不予处理/重复申请", 30),
    ("不予处理/公开出版物", 5),
    ("不予处理/大量反复申请", 10),
    ("不予处理/确认或重新出具", 5),
    ("其他处理", 45),
)
OTHER_HANDLING_2021 = (("其他处理/逾期不补正", 30), ("其他处理/逾期未缴费", 3), ("其他处理/其他", 12))
APPEAL_RESULTS = (("结果维持", 70), ("结果纠正", 12), ("其他结果", 18))
APPEAL_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")
APPEAL_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
PROACTIVE_CATEGORIES = (
    ("政策文件", 18),
    ("工作动态", 35),
    ("规划计划", 4),
    ("财政预决算", 6),
    ("人事信息", 9),
    ("重点领域信息", 20),
    ("公告公示", 8),
)
TOPICS = ("城市更新", "营商环境", "生态环境保护", "乡村振兴", "公共卫生", "教育资源", "交通治理", "住房保障")


@dataclass
class _Request:
    id: str
    received: dt.date
    channel: str
    applicant: str
    outcome: str
    closed: dt.date | None


@dataclass
class _Document:
    id: str
    kind: str
    title: str
    issued: dt.date
    published: dt.date
    repealed: dt.date | None


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _day_in(rng: random.Random, year: int) -> dt.date:
    start = dt.date(year, 1, 1)
    return start + dt.timedelta(days=rng.randrange((dt.date(year, 12, 31) - start).days + 1))


def _outcome(rng: random.Random, closed: dt.date) -> str:
    outcome = _pick(rng, OUTCOMES)
    if outcome == "其他处理" and format_for_year(closed.year) == "national-2021":
        return _pick(rng, OTHER_HANDLING_2021)
    if outcome == "其他处理" and closed.year <= 2018:
        return "其他"
    return outcome


def _requests(rng: random.Random, prefix: str, years: range, per_year: int) -> list[_Request]:
    """The whole ledger of the span, plus a few requests received the December before it."""
    last_day = dt.date(years[-1], 12, 31)
    out: list[_Request] = []
    span = max(len(years) - 1, 1)
    counts = {years[0] - 1: max(per_year // 40, 1)}
    for i, year in enumerate(years):
        # requests grow over the span (0.7x to 1.3x the mean), with some noise
        counts[year] = max(int(per_year * (0.7 + 0.6 * i / span) * rng.uniform(0.92, 1.08)), 1)
    for year, n in counts.items():
        days = sorted(_day_in(rng, year) for _ in range(n))
        if year < years[0]:
            days = sorted(dt.date(year, 12, rng.randint(10, 31)) for _ in range(n))
        channels = CHANNELS_LEGACY if year <= 2018 else CHANNELS_NATIONAL
        for k, received in enumerate(days, start=1):
            roll = rng.random()
            took = rng.randint(2, 25) if roll < 0.85 else rng.randint(26, 45) if roll < 0.97 else rng.randint(46, 70)
            if year < years[0]:
                took = max(took, (dt.date(years[0], 1, 1) - received).days + rng.randint(1, 20))
            closed = received + dt.timedelta(days=took)
            open_ = closed > last_day
            out.append(
                _Request(
                    id=f"{prefix}-{year}-{k:05d}",
                    received=received,
                    channel=_pick(rng, channels),
                    applicant=_pick(rng, APPLICANTS),
                    outcome="" if open_ else _outcome(rng, closed),
                    closed=None if open_ else closed,
                )
            )
    return out


def _documents(rng: random.Random, prefix: str, years: range) -> list[_Document]:
    """规章 and 规范性文件 issued since ten years before the span, some later repealed."""
    out: list[_Document] = []
    for year in range(years[0] - 10, years[-1] + 1):
        for kind, n in (("规章", rng.randint(2, 6)), ("规范性文件", rng.randint(18, 36))):
            if kind == "规范性文件" and year >= 2021:
                kind = "行政规范性文件"
            for _ in range(n):
                issued = _day_in(rng, year)
                published = min(issued + dt.timedelta(days=rng.randint(0, 6)), dt.date(year, 12, 31))
                repealed = None
                if rng.random() < 0.25:
                    repealed = issued + dt.timedelta(days=rng.randint(365, 365 * 8))
                topic = rng.choice(TOPICS)
                title = f"{'某市' if kind == '规章' else '关于'}{topic}{'管理办法' if kind == '规章' else '的实施意见'}"
                out.append(_Document("", kind, title, issued, published, repealed))
    out.sort(key=lambda d: (d.issued, d.kind))
    for k, doc in enumerate(out, start=1):
        doc.id = f"{prefix}-WJ-{k:05d}"
    return out


def _appeals(rng: random.Random, prefix: str, year: int, requests: int) -> list[tuple[str, ...]]:
    """Cases filed in `year`, with their result as known on 31 December (尚未审结 when none yet)."""
    rows = []
    n_review = max(int(requests * rng.uniform(0.01, 0.025)), 0)
    n_suit = max(int(requests * rng.uniform(0.003, 0.01)), 0)
    cases = [("行政复议", "")] * n_review + [
        ("行政诉讼", rng.choice(("未经复议直接起诉", "复议后起诉"))) for _ in range(n_suit)
    ]
    for k, (kind, route) in enumerate(cases, start=1):
        filed = _day_in(rng, year)
        # a case filed in the autumn is often still pending at year end
        pending = filed.month >= 10 and rng.random() < 0.6 or rng.random() < 0.05
        result = "尚未审结" if pending else _pick(rng, APPEAL_RESULTS)
        rows.append((f"{prefix}-FY-{year}-{k:03d}", kind, route, filed.isoformat(), result))
    rows.sort(key=lambda r: (r[3], r[0]))
    return rows


def _write_csv(path: Path, header: tuple[str, ...], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _ledger_of(requests: list[_Request], year: int) -> list[tuple[str, ...]]:
    """Rows of year `year`'s ledger: received in it, or earlier and still open on 1 January."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = []
    for r in requests:
        if r.received > end or (r.closed is not None and r.closed < start):
            continue
        done = r.closed is not None and r.closed <= end
        rows.append(
            (
                r.id,
                r.received.isoformat(),
                r.channel,
                r.applicant,
                r.outcome if done else "",
                _iso(r.closed) if done else "",
            )
        )
    return rows


def _register_of(documents: list[_Document], year: int) -> list[tuple[str, ...]]:
    """The register as it stood on 31 December of `year`."""
    end = dt.date(year, 12, 31)
    return [
        (
            d.id,
            d.kind,
            d.title,
            d.issued.isoformat(),
            _iso(d.repealed if d.repealed and d.repealed <= end else None),
            d.published.isoformat(),
        )
        for d in documents
        if d.issued <= end
    ]


def _proactive(rng: random.Random, prefix: str, year: int, n: int) -> list[tuple[str, ...]]:
    rows = []
    for k, day in enumerate(sorted(_day_in(rng, year) for _ in range(n)), start=1):
        category = _pick(rng, PROACTIVE_CATEGORIES)
        gazette = "是" if category == "政策文件" and rng.random() < 0.6 else "否"
        rows.append(
            (f"{prefix}-ZD-{year}-{k:05d}", day.isoformat(), f"{category}（{year}年第{k}号）", category, "是", gazette)
        )
    return rows


def _history(rng: random.Random, first: dict[str, int], years_before: int) -> dict[str, int]:
    """Declared 历年累计 of the first legacy year: invented earlier years plus this year, adding up."""
    prior_received = {
        "当面申请数": rng.randint(40, 90) * years_before,
        "网络申请数": rng.randint(120, 260) * years_before,
        "信函传真申请数": rng.randint(30, 70) * years_before,
    }
    other = rng.randint(0, 5) * years_before
    replies = sum(prior_received.values()) + other
    agreed = int(replies * 0.45)
    partly = int(replies * 0.1)
    refused = int(replies * 0.08)
    published = rng.randint(600, 1000) * years_before
    prior = {
        "主动公开文件数": published,
        "政府网站公开数": published - rng.randint(0, 20),
        "政府公报公开数": rng.randint(20, 60) * years_before,
        "受理申请总数": replies,
        **prior_received,
        "答复总数": replies,
        "同意公开": agreed,
        "同意部分公开": partly,
        "不予公开": refused,
        "其他类型": replies - agreed - partly - refused,
        "申诉举报数": rng.randint(0, 4) * years_before,
        "行政复议数": rng.randint(2, 8) * years_before,
        "行政诉讼数": rng.randint(0, 3) * years_before,
    }
    return {row: prior[row] + first.get(row, 0) for row in prior}


def _legacy_year(requests: list[_Request], proactive, appeals, year: int, complaints: int) -> dict[str, int]:
    """The 附表 本年 column as docs/contract.md §3 counts it (for declaring the first year's 历年累计)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    received = [r for r in requests if start <= r.received <= end]
    closed = [r for r in requests if r.closed is not None and start <= r.closed <= end]

    def reply(outcome: str) -> str:
        if outcome in ("予以公开", "同意公开"):
            return "同意公开"
        if outcome in ("部分公开", "同意部分公开"):
            return "同意部分公开"
        return "不予公开" if outcome.startswith("不予公开") else "其他类型"

    replies = [reply(r.outcome) for r in closed]
    return {
        "主动公开文件数": len(proactive),
        "政府网站公开数": sum(1 for p in proactive if p[4] == "是"),
        "政府公报公开数": sum(1 for p in proactive if p[5] == "是"),
        "受理申请总数": len(received),
        "当面申请数": sum(1 for r in received if r.channel == "当面"),
        "网络申请数": sum(1 for r in received if r.channel == "网络"),
        "信函传真申请数": sum(1 for r in received if r.channel in ("信函", "传真")),
        "答复总数": len(closed),
        **{k: replies.count(k) for k in ("同意公开", "同意部分公开", "不予公开", "其他类型")},
        "申诉举报数": complaints,
        "行政复议数": sum(1 for a in appeals if a[1] == "行政复议"),
        "行政诉讼数": sum(1 for a in appeals if a[1] == "行政诉讼"),
    }


def _national_figures(rng: random.Random, year: int, fmt: str, stock: dict[str, int]) -> list[tuple[str, ...]]:
    """主动公开 cells no register gives: decisions, fees, procurement (2019 items chain year to year)."""
    rows = []
    if fmt == "national-2019":
        for item in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费"):
            change = rng.randint(0, 6)
            rows.append(("主动公开", item, "上一年项目数量", str(stock[item])))
            rows.append(("主动公开", item, "本年增/减", str(change)))
            if item != "行政事业性收费":
                decisions = {"行政许可": 42000, "其他对外管理服务事项": 15000, "行政处罚": 9000, "行政强制": 600}
                rows.append(("主动公开", item, "处理决定数量", str(int(decisions[item] * rng.uniform(0.85, 1.15)))))
            stock[item] += change
        rows.append(("主动公开", "政府集中采购", "采购项目数量", str(rng.randint(300, 600))))
        rows.append(("主动公开", "政府集中采购", "采购总金额", f"{rng.uniform(80000, 160000):.2f}"))
    else:
        for item, base in (("行政许可", 45000), ("行政处罚", 9500), ("行政强制", 700)):
            rows.append(("主动公开", item, "本年处理决定数量", str(int(base * rng.uniform(0.85, 1.15)))))
        rows.append(("主动公开", "行政事业性收费", "本年收费金额（单位：万元）", f"{rng.uniform(20000, 40000):.2f}"))
    return rows


NARRATIVE_LEGACY = Template("""\
根据《中华人民共和国政府信息公开条例》和上级有关要求，现公布{{ year }}年度{{ agency }}政府信息公开工作年度报告。\
本报告所列数据的统计期限自{{ year }}年1月1日起至{{ year }}年12月31日止。

## 一、概述

$lead$overview全年主动公开政府信息{{ 附表.主动公开文件数.本年 }}条。

## 二、主动公开政府信息的情况

{{ year }}年主动公开政府信息{{ 附表.主动公开文件数.本年 }}条，其中通过政府网站公开{{ 附表.政府网站公开数.本年 }}条，\
通过政府公报公开{{ 附表.政府公报公开数.本年 }}条；截至年底累计主动公开{{ 附表.主动公开文件数.历年累计 }}条。$proactive

## 三、政府信息依申请公开办理情况

{{ year }}年共受理政府信息公开申请{{ 附表.受理申请总数.本年 }}条，其中网络申请{{ 附表.网络申请数.本年 }}条，\
当面申请{{ 附表.当面申请数.本年 }}条，信函、传真申请{{ 附表.信函传真申请数.本年 }}条。\
全年答复申请{{ 附表.答复总数.本年 }}条，其中同意公开{{ 附表.同意公开.本年 }}条，\
占{{ 占比(附表.同意公开.本年, 附表.答复总数.本年) }}；同意部分公开{{ 附表.同意部分公开.本年 }}条；\
不予公开{{ 附表.不予公开.本年 }}条；其他类型答复{{ 附表.其他类型.本年 }}条。$requests

## 四、因政府信息公开申请行政复议、提起行政诉讼的情况

{{ year }}年因政府信息公开被申请行政复议{{ 附表.行政复议数.本年 }}件，被提起行政诉讼{{ 附表.行政诉讼数.本年 }}件。

## 五、存在的主要问题及改进措施

$problem下一步，我们将$plan。

## 六、需要说明的其他事项与附表

本年度未收取政府信息公开检索、复制、邮寄等费用。附表如下。
""")

NARRATIVE_NATIONAL = Template("""\
本报告根据《中华人民共和国政府信息公开条例》和$notice要求编制，统计期限自{{ year }}年1月1日起至\
{{ year }}年12月31日止。

## 一、总体情况

$lead$overview

## 二、主动公开政府信息情况

$proactive

## 三、收到和处理政府信息公开申请情况

本机关依法依规办理政府信息公开申请，严格执行答复时限，规范答复文书。$requests

## 四、政府信息公开行政复议、行政诉讼情况

$appeals

## 五、存在的主要问题及改进情况

$problem下一步，我们将$plan。

## 六、其他需要报告的事项

$fees
""")
# What the agency writes afresh each year (the repetition rule: docs/rules.md): the year's sentences are picked from
# these pools, at random but none the year before used. What recurs every year (the fee sentence, one sentence on
# how requests are handled) recurs, as in real reports; it stays well under half of the agency's own prose.
LEADS = (
    "$year年，本机关以$topic为重点，$verb政务公开标准化规范化建设，完善政务公开工作机制。",
    "$year年，本机关围绕$topic等中心工作，$verb决策、执行、管理、服务、结果公开。",
    "$year年，本机关坚持以公开促落实、以公开强监管，在$topic领域$verb信息公开，回应群众关切。",
    "$year年，本机关把政务公开作为建设法治政府的重要抓手，结合$topic工作，$verb公开平台和制度建设。",
)
OVERVIEW = (
    "全年召开政务公开工作专题会议3次，研究部署年度重点任务，并将政务公开纳入绩效考核。",
    "调整充实政务公开工作领导小组，明确各科室分管领导和联络员，形成上下联动的工作格局。",
    "修订政府信息公开审查、发布和保密审查制度，做到先审查、后公开，一事一审。",
    "组织政务公开业务培训2期，覆盖各科室和下属单位工作人员200余人次。",
    "开展政府网站和政务新媒体季度检查，对发现的问题逐项整改，并通报整改情况。",
    "推进基层政务公开标准目录落地，镇街和村居公开栏全部完成规范化改造。",
)
PROACTIVE = (
    "坚持以公开为常态、不公开为例外，及时公开规章、规范性文件和行政执法信息。",
    "围绕财政预决算、重大建设项目、公共资源配置等重点领域，分类细化公开内容，做到应公开尽公开。",
    "政策文件发布时同步推出图文解读、政策问答等解读材料，提高政策知晓度。",
    "依托政府门户网站政府信息公开专栏，按照统一目录集中发布各类信息，方便群众查询。",
    "通过新闻发布会、政务微博和微信公众号发布政府信息，扩大公开覆盖面。",
    "行政许可、行政处罚等执法决定自作出之日起七个工作日内公开，接受社会监督。",
)
REQUESTS = (
    "对申请内容不明确的，及时与申请人沟通，一次性告知需要补正的事项。",
    "建立申请登记、审核、答复、归档全流程台账，做到件件有记录、事事可追溯。",
    "对涉及第三方权益的申请，依法书面征求第三方意见，兼顾公开与权益保护。",
    "定期梳理申请较多的事项，对具有普遍性的信息及时转为主动公开。",
    "完善依申请公开答复文书格式，答复时写明依据和救济途径。",
)
APPEALS = (
    "本机关认真对待每一件因政府信息公开引起的复议、诉讼案件，及时总结经验，改进答复工作。",
    "对复议、诉讼中指出的问题逐件分析原因，完善答复工作，减少行政争议。",
    "积极配合复议机关和人民法院审理案件，按时提交答复材料和证据。",
    "加强答复前的法律审核，邀请法律顾问参与疑难申请的办理。",
)
PROBLEMS = (
    "一是部分单位政策解读形式较为单一；二是依申请公开答复的规范性有待提高。",
    "一是基层政务公开标准化建设进展不均衡；二是公开平台整合仍需加强。",
    "一是重点领域信息公开的及时性有待提升；二是工作人员业务能力仍需加强。",
    "一是主动公开目录更新不够及时；二是政策解读的针对性有待增强。",
)
PLANS = (
    "加强业务培训，规范答复文书",
    "完善政府网站集约化平台，提升公开质量",
    "推进基层政务公开标准化规范化，回应社会关切",
    "健全依申请公开工作机制，强化监督考核",
)
VERBS = ("扎实推进", "持续深化", "全面加强", "稳步推进")


class _Prose:
    """Picks an agency's sentences year by year: at random, but none the year before used."""

    def __init__(self, seed: int, slug: str):
        # Its own generator: the ledger and registers stay what they were, whatever the prose draws.
        self.rng = random.Random(f"{seed}:{slug}:prose")
        self.last: dict[str, list[str]] = {}

    def fresh(self, name: str, pool: tuple[str, ...], k: int = 1, drawn: str | None = None) -> list[str]:
        """`k` sentences of `pool` not used last year; `drawn` (already drawn) is kept when it was not used."""
        unused = [s for s in pool if s not in self.last.get(name, [])]
        if drawn is not None:
            picked = [drawn if drawn in unused else unused[0]]
        else:
            picked = self.rng.sample(unused, k)
        self.last[name] = picked
        return picked


def _narrative(rng: random.Random, prose: _Prose, year: int, fmt: str) -> str:
    # The four draws from `rng` are the ones this has always made, so every other generated file stays the same.
    topic, verb, problem, plan = (rng.choice(pool) for pool in (TOPICS, VERBS, PROBLEMS, PLANS))
    (lead,) = prose.fresh("lead", LEADS)
    picks = {
        "lead": Template(lead).substitute(year=year, topic=topic, verb=verb),
        "problem": prose.fresh("problem", PROBLEMS, drawn=problem)[0],
        "plan": prose.fresh("plan", PLANS, drawn=plan)[0],
        "overview": "".join(prose.fresh("overview", OVERVIEW, k=2 if fmt != "legacy" else 1)),
        "proactive": "".join(prose.fresh("proactive", PROACTIVE, k=2 if fmt != "legacy" else 1)),
        "requests": "".join(prose.fresh("requests", REQUESTS)),
    }
    if fmt == "legacy":
        return NARRATIVE_LEGACY.substitute(**picks)
    if fmt == "national-2019":
        names = {"notice": "国办公开办函〔2019〕60号", "fees": "本年度未收取政府信息公开相关费用。"}
    else:
        names = {"notice": "国办公开办函〔2021〕30号", "fees": "本年度未收取信息处理费。"}
    return NARRATIVE_NATIONAL.substitute(**picks, **names, appeals="".join(prose.fresh("appeals", APPEALS)))


def write_agency(
    root: Path,
    slug: str,
    name: str,
    kind: str,
    years: range,
    seed: int = 0,
    requests_per_year: int = 300,
) -> list[Path]:
    """Write agency.yaml, every year's inputs and params under `root`; return the params files."""
    root = Path(root)
    rng = random.Random(seed * 1_000_003 + zlib.crc32(slug.encode("utf-8")))
    prose = _Prose(seed, slug)
    prefix = "".join(part[:1] for part in slug.split("-")).upper() or "A"
    agency_dir = root / "data" / slug
    agency_dir.mkdir(parents=True, exist_ok=True)
    (agency_dir / "agency.yaml").write_text(
        f"name: {name}\nkind: {kind}\nwebsite: https://www.example.gov.cn/{slug}\n", encoding="utf-8"
    )
    requests = _requests(rng, prefix, years, requests_per_year)
    documents = _documents(rng, prefix, years)
    stock = {item: rng.randint(20, 400) for item in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制")}
    stock["行政事业性收费"] = rng.randint(20, 60)
    params_paths = []
    first_legacy = True
    for year in years:
        fmt = format_for_year(year)
        folder = agency_dir / str(year)
        _write_csv(
            folder / "requests.csv",
            ("id", "received", "channel", "applicant", "outcome", "closed"),
            _ledger_of(requests, year),
        )
        _write_csv(
            folder / "documents.csv",
            ("id", "kind", "title", "issued", "repealed", "published"),
            _register_of(documents, year),
        )
        appeals = _appeals(rng, prefix, year, sum(1 for r in requests if r.received.year == year))
        if appeals:
            _write_csv(folder / "appeals.csv", ("id", "kind", "route", "filed", "result"), appeals)
        if fmt == "legacy":
            proactive = _proactive(rng, prefix, year, rng.randint(700, 1300))
            _write_csv(
                folder / "proactive.csv", ("id", "published", "title", "category", "website", "gazette"), proactive
            )
            complaints = rng.randint(0, 6)
            figures = [("附表", "申诉举报数", "本年", str(complaints))]
            if not appeals:
                figures += [("附表", "行政复议数", "本年", "0"), ("附表", "行政诉讼数", "本年", "0")]
            if first_legacy:
                this_year = _legacy_year(requests, proactive, appeals, year, complaints)
                cumulative = _history(rng, this_year, max(year - 2008, 1))
                figures += [("附表", row, "历年累计", str(v)) for row, v in cumulative.items()]
            first_legacy = False
        else:
            figures = _national_figures(rng, year, fmt, stock)
            if not appeals:  # an input file with no rows is an error: declare the zeros instead
                figures += [("复议诉讼", row, col, "0") for row in APPEAL_ROWS for col in APPEAL_COLUMNS]
        _write_csv(folder / "figures.csv", ("table", "row", "column", "value"), figures)
        (folder / "narrative.md").write_text(_narrative(rng, prose, year, fmt), encoding="utf-8")
        published = dt.date(year + 1, 3, 1) + dt.timedelta(days=rng.randint(0, 27))
        params = root / "params" / slug / f"{year}.yaml"
        params.parent.mkdir(parents=True, exist_ok=True)
        params.write_text(
            f'agency: {slug}\nyear: {year}\nformat: auto\npublished: "{published.isoformat()}"\n', encoding="utf-8"
        )
        params_paths.append(params)
    return params_paths
