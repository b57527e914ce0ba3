"""The people's view of one case: fields, parties, notes, visits, timeline."""

import json
from typing import Any

from rich.table import Table

from redprop.domain import vocab
from redprop.i18n import word
from redprop.render.tables import console, print_record
from redprop.render.text import literal

#: Timeline words that are not table headings (``i18n.word`` has those).
_ACTIONS = {
    "case.add": ("登记", "recorded"), "case.move": ("状态变更", "moved"), "case.note": ("记录", "note"),
    "case.assign": ("指派调解员", "assigned"), "case.visit": ("回访", "return visit"),
    "case.edit": ("修改", "edited"),
}
_FIELDS = {
    "on": ("日期", "Date"), "note": ("记录", "Note"), "fulfilment": ("履行情况", "Fulfilment"),
    "satisfaction": ("满意度", "Satisfaction"), "failed_on": ("调解不成日期", "Failed"),
    "withdrawn_on": ("撤回日期", "Withdrawn"), "agreed_amount": ("协议金额", "Agreed amount"),
    "extension_reason": ("延期原因", "Extension reason"), "reopened": ("重新调解", "Reopened"),
}
#: Logged keys of these fields are shown as their label in the user's language.
_VOCABS = {
    "status": vocab.STATUS, "outcome": vocab.OUTCOME, "referred_to": vocab.REFERRAL, "source": vocab.SOURCE,
    "fulfilment": vocab.FULFILMENT, "satisfaction": vocab.SATISFACTION,
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _value(v: Any, lang: str = "en") -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return word("yes" if v else "no", lang)
    if isinstance(v, dict) and "name" in v:  # a party: role name@unit, no UUIDs or phones
        role = vocab.ROLE.label(v.get("role"), lang)
        return " ".join(str(x) for x in (role, v["name"] + (f"@{v['unit']}" if v.get("unit") else "")) if x)
    if isinstance(v, list):
        from redprop.render.text import joined

        return joined((_value(x, lang) for x in v), lang)
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _changes(changes: dict[str, Any], lang: str = "en",
             category_labels: dict[str, tuple[str, str]] | None = None) -> str:
    def shown(field: str, v: Any) -> str:
        if isinstance(v, str) and field in _VOCABS:
            return _VOCABS[field].label(v, lang)
        if isinstance(v, str) and field == "category" and category_labels and v in category_labels:
            return _pick(category_labels[v], lang)
        return _value(v, lang)

    parts = []
    sep = "：" if lang == "zh" else ": "
    for k, v in changes.items():
        name = _pick(_FIELDS[k], lang) if k in _FIELDS else word(k, lang)
        if isinstance(v, list) and len(v) == 2 and k not in ("mediators", "tags", "parties"):
            parts.append(f"{name}{sep}{shown(k, v[0])} → {shown(k, v[1])}")
        elif v not in (None, [], ""):
            parts.append(f"{name}{sep}{shown(k, v)}")
    return ("；" if lang == "zh" else "; ").join(parts)


def print_case(rec: dict[str, Any], lang: str, category_labels: dict[str, tuple[str, str]]) -> None:
    status = vocab.STATUS.label(rec["status"], lang)
    if rec["overdue"]:
        status += f" ({word('overdue', lang)})"
    pairs: list[tuple[str, Any]] = [
        ("number", rec["number"]), ("site", rec["site"]),
        ("category", category_labels.get(rec["category"], (rec["category"],) * 2)[0 if lang == "zh" else 1]),
        ("title", rec["title"]), ("description", rec["description"]), ("status", status),
        ("outcome", vocab.OUTCOME.label(rec["outcome"], lang)),
        ("referred_to", vocab.REFERRAL.label(rec["referred_to"], lang)),
        ("source", vocab.SOURCE.label(rec["source"], lang)), ("reported_on", rec["reported_on"]),
        ("due_on", rec["due_on"]), ("extension", rec["extension_reason"]),
        ("resolved_on", rec["resolved_on"]), ("closed_on", rec["closed_on"]),
        ("amount", rec["amount"]), ("tags", rec["tags"]),
        ("mediators", [m["name"] for m in rec["mediators"]]),
        ("parties", [
            f"{vocab.ROLE.label(p['role'], lang)}: {p['name']}"
            + (f" {p['unit']}" if p["unit"] else "") + (f" {p['phone']}" if p["phone"] else "")
            for p in rec["parties"]
        ]),
        ("uuid", rec["uuid"]),
    ]
    print_record([(k, v) for k, v in pairs if v not in (None, "", [])], lang)
    con = console()
    if rec["visits"]:
        t = Table(title=literal(word("visits", lang)), header_style="bold")
        for h in ("when", "status", "what", "by"):
            t.add_column(literal(word(h, lang)), overflow="fold")
        for v in rec["visits"]:
            satisfaction = vocab.SATISFACTION.label(v["satisfaction"], lang)
            t.add_row(literal(v["visited_on"]),
                      literal(vocab.FULFILMENT.label(v["fulfilment"], lang)),
                      literal(satisfaction + (f" {v['note']}" if v["note"] else "")),
                      literal(v["actor"]))
        con.print(t)
    t = Table(title=literal(word("events", lang)), header_style="bold")
    for h in ("when", "by", "what"):
        t.add_column(literal(word(h, lang)), overflow="fold")
    t.add_column(literal(""), overflow="fold")
    for e in rec["events"]:
        action = _pick(_ACTIONS[e["action"]], lang) if e["action"] in _ACTIONS else e["action"]
        t.add_row(literal(e["at"]), literal(e["actor"]), literal(action),
                  literal(_changes(e["changes"], lang, category_labels)))
    con.print(t)
