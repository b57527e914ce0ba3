"""Read cases back as plain records with stable keys (the JSON contract)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from redprop.clock import today
from redprop.domain import lifecycle, people, refs, validate, vocab
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store

_SELECT = """
SELECT c.*, s.code AS site, s.name AS site_name, k.key AS category, k.stat_type
FROM cases c JOIN sites s ON s.id = c.site_id JOIN categories k ON k.id = c.category_id
"""

#: The JSON/CSV contract of a case in listings; `case show` adds notes, visits and events.
CASE_KEYS = (
    "number", "uuid", "site", "category", "stat_type", "title", "description", "status", "outcome",
    "referred_to", "source", "reported_on", "due_on", "resolved_on", "failed_on", "withdrawn_on",
    "closed_on", "overdue", "extension_reason", "amount", "agreed_amount", "tags", "mediators", "parties",
    "created_at", "updated_at",
)

SORTS = {
    "number": "s.code, c.year, c.seq",
    "reported": "c.reported_on, c.id",
    "due": "c.due_on, c.id",
    "status": "c.status, c.id",
    "updated": "c.updated_at, c.id",
}


@dataclass
class CaseFilter:
    sites: list[str] | None = None
    statuses: list[str] | None = None
    categories: list[str] | None = None
    mediator: str | None = None
    source: str | None = None
    reported_from: str | None = None
    reported_to: str | None = None
    overdue: bool = False
    search: str | None = None
    sort: str = "number"
    limit: int | None = None


def _sort_sql(sort: str) -> str:
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        allowed = ", ".join(SORTS) + " (prefix - for descending)"
        raise InvalidInput("--sort", f"{sort!r} is not a sort key; use one of: {allowed}")
    return ", ".join(f"{part} DESC" if desc else part for part in SORTS[key].split(", "))


def query(store: Store, f: CaseFilter) -> tuple[list[Row], int]:
    """Return the matching cases (at most ``limit``) and how many matched in all."""
    where: list[str] = []
    params: list[Any] = []
    if f.sites:
        ids = [refs.site(store, s)["id"] for s in f.sites]
        where.append(f"c.site_id IN ({','.join('?' * len(ids))})")
        params += ids
    if f.statuses:
        keys = [vocab.STATUS.parse(s, "--status") for s in f.statuses]
        where.append(f"c.status IN ({','.join('?' * len(keys))})")
        params += keys
    if f.categories:
        cids = [refs.category(store, c)["id"] for c in f.categories]
        where.append(f"c.category_id IN ({','.join('?' * len(cids))})")
        params += cids
    if f.mediator:
        m = refs.mediator(store, f.mediator)
        where.append("EXISTS (SELECT 1 FROM case_mediators cm WHERE cm.case_id = c.id AND cm.mediator_id = ?)")
        params.append(m["id"])
    if f.source:
        where.append("c.source = ?")
        params.append(vocab.SOURCE.parse(f.source, "--source"))
    lo = validate.parse_date("--from", f.reported_from) if f.reported_from else None
    hi = validate.parse_date("--to", f.reported_to) if f.reported_to else None
    if lo and hi and lo > hi:
        raise InvalidInput("--from", f"{lo} is after --to {hi}")
    if lo:
        where.append("c.reported_on >= ?")
        params.append(lo.isoformat())
    if hi:
        where.append("c.reported_on <= ?")
        params.append(hi.isoformat())
    if f.overdue:
        where.append("c.status IN ('open', 'mediating') AND c.due_on < ?")
        params.append(today().isoformat())
    if f.search:
        term = validate.required_text("--search", f.search, max_len=100)
        pat = "%" + people.like_escape(term) + "%"
        where.append(
            "(c.title LIKE ? ESCAPE '\\' OR c.description LIKE ? ESCAPE '\\' OR EXISTS "
            "(SELECT 1 FROM case_notes n WHERE n.case_id = c.id AND n.body LIKE ? ESCAPE '\\'))"
        )
        params += [pat, pat, pat]
    if f.limit is not None and f.limit < 0:
        raise InvalidInput("--limit", "must be 0 (no limit) or more")
    cond = (" WHERE " + " AND ".join(where)) if where else ""
    total = int(store.scalar("SELECT count(*) FROM cases c" + cond, params))
    sql = _SELECT + cond + " ORDER BY " + _sort_sql(f.sort)
    if f.limit:
        # SQLite's LIMIT is a 64-bit integer; any bigger limit means "all of them".
        sql += f" LIMIT {min(int(f.limit), 2**63 - 1)}"
    rows = store.rows(sql, params)
    return records(store, rows), total


def records(store: Store, rows: list[Row], show_pii: bool = False) -> list[Row]:
    """Build public records for case rows, fetching mediators and parties in two queries."""
    if not rows:
        return []
    ids = [r["id"] for r in rows]
    marks = ",".join("?" * len(ids))
    meds: dict[int, list[Row]] = {}
    for m in store.rows(
        "SELECT cm.case_id, cm.assigned_on, md.uuid, p.name, p.party_member FROM case_mediators cm "
        f"JOIN mediators md ON md.id = cm.mediator_id JOIN people p ON p.id = md.person_id "
        f"WHERE cm.case_id IN ({marks}) ORDER BY cm.assigned_on, p.name",
        ids,
    ):
        meds.setdefault(m.pop("case_id"), []).append(
            {"name": m["name"], "uuid": m["uuid"], "party_member": bool(m["party_member"]),
             "assigned_on": m["assigned_on"]}
        )
    parties: dict[int, list[Row]] = {}
    for p in store.rows(
        "SELECT cp.case_id, cp.role, p.uuid, p.name, p.unit, p.phone, p.kind FROM case_parties cp "
        f"JOIN people p ON p.id = cp.person_id WHERE cp.case_id IN ({marks}) ORDER BY cp.rowid",
        ids,
    ):
        parties.setdefault(p.pop("case_id"), []).append(
            {"role": p["role"], "name": p["name"], "unit": p["unit"], "kind": p["kind"], "uuid": p["uuid"],
             "phone": p["phone"] if show_pii else validate.mask_phone(p["phone"])}
        )
    now = today().isoformat()
    return [_record(r, meds.get(r["id"], []), parties.get(r["id"], []), now) for r in rows]


def _record(r: Row, meds: list[Row], parties: list[Row], today_iso: str) -> Row:
    return {
        "number": r["number"],
        "uuid": r["uuid"],
        "site": r["site"],
        "category": r["category"],
        "stat_type": r["stat_type"],
        "title": r["title"],
        "description": r["description"],
        "status": r["status"],
        "outcome": r["outcome"],
        "referred_to": r["referred_to"],
        "source": r["source"],
        "reported_on": r["reported_on"],
        "due_on": r["due_on"],
        "resolved_on": r["resolved_on"],
        "failed_on": r["failed_on"],
        "withdrawn_on": r["withdrawn_on"],
        "closed_on": r["closed_on"],
        "overdue": lifecycle.is_overdue(r["status"], r["due_on"], today_iso),
        "extension_reason": r["extension_reason"],
        "amount": validate.cents_to_yuan(r["amount_cents"]),
        "agreed_amount": validate.cents_to_yuan(r["agreed_cents"]),
        "tags": json.loads(r["tags"]),
        "mediators": meds,
        "parties": parties,
        "created_at": r["created_at"],
        "updated_at": r["updated_at"],
    }


def show(store: Store, number: str, show_pii: bool = False) -> Row:
    case = refs.case(store, number)
    row = store.row(_SELECT + " WHERE c.id = ?", [case["id"]])
    assert row is not None
    rec = records(store, [row], show_pii)[0]
    rec["notes"] = store.rows(
        "SELECT noted_on, body, actor, at FROM case_notes WHERE case_id = ? ORDER BY id", [case["id"]]
    )
    rec["visits"] = store.rows(
        "SELECT visited_on, fulfilment, satisfaction, note, actor, at FROM case_visits "
        "WHERE case_id = ? ORDER BY id", [case["id"]]
    )
    rec["events"] = [
        {**e, "changes": json.loads(e["changes"])}
        for e in store.rows(
            "SELECT at, actor, action, changes FROM events WHERE case_id = ? ORDER BY id", [case["id"]]
        )
    ]
    return rec
