"""The people's view of one case: fields, parties, notes, visits, timeline."""

import json
from typing import Any

from rich.table import Table

from redprop.domain import vocab
from redprop.i18n import word
from redprop.render.tables import console, print_record
from redprop.render.text import literal


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, dict) and "name" in v:  # a party: role name@unit, no UUIDs or phones
        return " ".join(str(x) for x in (v.get("role"), v["name"] + (f"@{v['unit']}" if v.get("unit") else "")) if x)
    if isinstance(v, list):
        return "、".join(_value(x) for x in v)
    return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)


def _changes(changes: dict[str, Any]) -> str:
    parts = []
    for k, v in changes.items():
        if isinstance(v, list) and len(v) == 2 and k not in ("mediators", "tags", "parties"):
            parts.append(f"{k}: {_value(v[0])} → {_value(v[1])}")
        elif v not in (None, [], ""):
            parts.append(f"{k}: {_value(v)}")
    return "; ".join(parts)


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
        t.add_row(literal(e["at"]), literal(e["actor"]), literal(e["action"]), literal(_changes(e["changes"])))
    con.print(t)
