"""What each input file holds: columns, their Chinese aliases, and the values they accept."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    key: str
    aliases: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class FileSchema:
    name: str
    fields: tuple[Field, ...]

    def header_map(self) -> dict[str, str]:
        """Every accepted header (English key or Chinese alias) to its key."""
        mapping = {}
        for f in self.fields:
            mapping[f.key] = f.key
            for alias in f.aliases:
                mapping[alias] = f.key
        return mapping


REQUESTS = FileSchema(
    "requests",
    (
        Field("id", ("编号", "序号")),
        Field("received", ("收到日期", "申请日期", "受理日期")),
        Field("channel", ("申请方式", "申请渠道")),
        Field("applicant", ("申请人类型", "申请人"), required=False),
        Field("outcome", ("办理结果", "答复类型")),
        Field("closed", ("办结日期", "答复日期")),
    ),
)
FIGURES = FileSchema(
    "figures",
    (Field("table", ("表",)), Field("row", ("行",)), Field("column", ("列",)), Field("value", ("数值", "值"))),
)
DOCUMENTS = FileSchema(
    "documents",
    (
        Field("id", ("编号", "序号")),
        Field("kind", ("类型", "种类")),
        Field("title", ("标题", "名称", "文件名称")),
        Field("issued", ("制发日期", "印发日期", "发布日期")),
        Field("repealed", ("废止日期",)),
        Field("published", ("公开日期",), required=False),
    ),
)
APPEALS = FileSchema(
    "appeals",
    (
        Field("id", ("编号", "序号")),
        Field("kind", ("类型", "案件类型")),
        Field("route", ("诉讼类型", "起诉方式"), required=False),
        Field("filed", ("收到日期", "立案日期", "申请日期")),
        Field("result", ("结果", "审理结果")),
    ),
)
PROACTIVE = FileSchema(
    "proactive",
    (
        Field("id", ("编号", "序号")),
        Field("published", ("公开日期", "发布日期")),
        Field("title", ("标题", "名称")),
        Field("category", ("类别", "分类")),
        Field("website", ("政府网站", "网站公开")),
        Field("gazette", ("政府公报", "公报公开")),
    ),
)
SCHEMAS = {s.name: s for s in (REQUESTS, FIGURES, DOCUMENTS, APPEALS, PROACTIVE)}

CHANNELS = ("当面", "网络", "信函", "传真", "其他")
CHANNEL_ALIASES = {
    "网上": "网络",
    "网上申请": "网络",
    "电子邮件": "网络",
    "邮件": "网络",
    "在线": "网络",
    "网络申请": "网络",
    "当面申请": "当面",
    "现场": "当面",
    "信件": "信函",
    "邮寄": "信函",
    "信函申请": "信函",
    "传真申请": "传真",
}
APPLICANT_ALIASES = {"公民": "自然人", "个人": "自然人", "企业": "商业企业", "律师事务所": "法律服务机构"}
LEGACY_OUTCOMES = ("同意公开", "同意部分公开", "不予公开", "其他")
# Legacy reply types (附表) by the outcome a ledger row carries.
LEGACY_REPLY = {
    "同意公开": "同意公开",
    "予以公开": "同意公开",
    "同意部分公开": "同意部分公开",
    "部分公开": "同意部分公开",
}
DOCUMENT_KINDS = ("规章", "规范性文件", "行政规范性文件")
APPEAL_KINDS = ("行政复议", "行政诉讼")
APPEAL_KIND_ALIASES = {"复议": "行政复议", "诉讼": "行政诉讼"}
APPEAL_ROUTES = ("未经复议直接起诉", "复议后起诉")
APPEAL_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结")
APPEAL_RESULT_ALIASES = {
    "维持": "结果维持",
    "纠正": "结果纠正",
    "其他": "其他结果",
    "未审结": "尚未审结",
    "": "尚未审结",
}
YES = {
    "是": True,
    "否": False,
    "yes": True,
    "no": False,
    "Yes": True,
    "No": False,
    "Y": True,
    "N": False,
    "y": True,
    "n": False,
    "1": True,
    "0": False,
}
