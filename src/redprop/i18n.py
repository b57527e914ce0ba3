"""The user's language: ``--lang``, then ``REDPROP_LANG``, then the locale.

Chinese comes first: with no hint at all, labels are Chinese.
"""

from __future__ import annotations

import os

from redprop.errors import InvalidInput

LANGS = ("zh", "en")


def normalise_lang(value: str, field: str = "--lang") -> str:
    v = value.strip().lower().replace("_", "-")
    if v.startswith("zh") or v in ("中文", "cn"):
        return "zh"
    if v.startswith("en"):
        return "en"
    raise InvalidInput(field, f"{value!r} is not a language; use zh or en")


def resolve_lang(explicit: str | None) -> str:
    if explicit:
        return normalise_lang(explicit)
    env = os.environ.get("REDPROP_LANG")
    if env:
        return normalise_lang(env, "REDPROP_LANG")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        loc = os.environ.get(var, "")
        if loc.lower().startswith("zh"):
            return "zh"
        if loc.lower().startswith("en"):
            return "en"
    return "zh"


# Column headings and fixed words used by tables, keyed by a stable English id.
_WORDS: dict[str, tuple[str, str]] = {
    "number": ("编号", "Number"),
    "site": ("小区", "Site"),
    "category": ("类别", "Category"),
    "title": ("标题", "Title"),
    "status": ("状态", "Status"),
    "source": ("来源", "Source"),
    "reported_on": ("登记日期", "Reported"),
    "due_on": ("期限", "Due"),
    "overdue": ("超期", "Overdue"),
    "overdue_flag": ("超期", "overdue"),
    "mediators": ("调解员", "Mediators"),
    "parties": ("当事人", "Parties"),
    "outcome": ("结果", "Outcome"),
    "code": ("代码", "Code"),
    "name": ("名称", "Name"),
    "community": ("社区", "Community"),
    "street": ("街道", "Street"),
    "district": ("区", "District"),
    "company": ("物业公司", "Property company"),
    "housing": ("类型", "Housing"),
    "level": ("示范等级", "Demo level"),
    "unit": ("房号", "Unit"),
    "phone": ("电话", "Phone"),
    "party_member": ("党员", "Party member"),
    "kind": ("类型", "Kind"),
    "party_branch": ("党支部", "Party branch"),
    "mediator_title": ("身份", "Title"),
    "sites": ("服务小区", "Sites"),
    "active": ("在岗", "Active"),
    "key": ("键", "Key"),
    "label": ("名称", "Label"),
    "stat_type": ("统计类型", "Statistics type"),
    "when": ("时间", "When"),
    "by": ("操作人", "By"),
    "what": ("事项", "What"),
    "description": ("情况", "Description"),
    "amount": ("标的额", "Amount"),
    "resolved_on": ("调解成功日期", "Resolved"),
    "closed_on": ("结案日期", "Closed"),
    "referred_to": ("移送", "Referred to"),
    "tags": ("标签", "Tags"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "visits": ("回访", "Return visits"),
    "cases": ("案件数", "Cases"),
    "notes": ("记录", "Notes"),
    "events": ("经过", "Timeline"),
    "uuid": ("UUID", "UUID"),
    "extension": ("延期原因", "Extension reason"),
}


def word(key: str, lang: str) -> str:
    pair = _WORDS.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]
