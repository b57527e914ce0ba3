"""Mediators (调解员 / 红色老娘舅): a person, their branch, title and sites."""

from __future__ import annotations

from typing import Any

from redprop.clock import now_iso
from redprop.domain import people, refs, validate
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store, new_uuid


def add(
    store: Store,
    name: str,
    sites: list[str],
    unit: str | None = None,
    phone: str | None = None,
    party_branch: str | None = None,
    title: str = "party-member",
) -> Row:
    """Register a mediator; the person is found at the first site or created there."""
    from redprop.domain.models import MediatorIn, PersonIn, build

    if not sites:
        raise InvalidInput("--site", "give at least one site the mediator serves")
    med = build(MediatorIn, party_branch=party_branch, title=title)
    who = build(PersonIn, name=name, unit=unit, phone=phone, party_member=med.title == "party-member")
    with store.write():
        site_rows = [refs.site(store, s) for s in dict.fromkeys(sites)]
        home = site_rows[0]
        matches = store.rows(
            "SELECT * FROM people WHERE site_id = ? AND name = ?"
            + (" AND unit = ?" if who.unit else ""),
            [home["id"], who.name] + ([who.unit] if who.unit else []),
        )
        if len(matches) > 1:
            raise InvalidInput("--unit", f"{who.name} matches {len(matches)} people at {home['code']}; give --unit")
        person = matches[0] if matches else people.create(store, home["id"], **who.model_dump())
        if store.scalar("SELECT 1 FROM mediators WHERE person_id = ?", [person["id"]]):
            raise InvalidInput("--name", f"{who.name} at {home['code']} is already a mediator")
        if med.title == "party-member" and not person["party_member"]:
            store.update("people", person["id"], {"party_member": 1, "updated_at": now_iso()})
        record = {
            "uuid": new_uuid(), "person_id": person["id"], "party_branch": med.party_branch,
            "title": med.title, "active": 1, "created_at": now_iso(),
        }
        mid = store.insert("mediators", record)
        for s in site_rows:
            store.insert("mediator_sites", {"mediator_id": mid, "site_id": s["id"]})
        store.log(
            "mediator", record["uuid"], "mediator.add", ref=who.name,
            changes={"person": person["uuid"], "party_branch": med.party_branch, "title": med.title,
                     "sites": [s["code"] for s in site_rows]},
        )
    return get(store, record["uuid"])


def set_active(store: Store, ref: str, active: bool) -> Row:
    with store.write():
        m = refs.mediator(store, ref, field="NAME")
        if bool(m["active"]) != active:
            store.update("mediators", m["id"], {"active": int(active)})
            store.log("mediator", m["uuid"], "mediator.edit", ref=m["name"],
                      changes={"active": [bool(m["active"]), active]})
    return get(store, m["uuid"])


_SELECT = """
SELECT m.*, p.name, p.unit, p.phone, p.party_member, p.uuid AS person_uuid,
       (SELECT group_concat(s.code, ',') FROM mediator_sites ms JOIN sites s ON s.id = ms.site_id
         WHERE ms.mediator_id = m.id) AS site_codes,
       (SELECT count(*) FROM case_mediators cm WHERE cm.mediator_id = m.id) AS cases
FROM mediators m JOIN people p ON p.id = m.person_id
"""


PUBLIC_KEYS = ("uuid", "name", "person", "unit", "phone", "party_member", "party_branch", "title", "sites",
               "active", "cases")


def public(row: Row, show_pii: bool = False) -> Row:
    return {
        "uuid": row["uuid"],
        "name": row["name"],
        "person": row["person_uuid"],
        "unit": row["unit"],
        "phone": row["phone"] if show_pii else validate.mask_phone(row["phone"]),
        "party_member": bool(row["party_member"]),
        "party_branch": row["party_branch"],
        "title": row["title"],
        "sites": sorted((row["site_codes"] or "").split(",")) if row["site_codes"] else [],
        "active": bool(row["active"]),
        "cases": row["cases"],
    }


def get(store: Store, ref: str, show_pii: bool = False) -> Row:
    m = refs.mediator(store, ref, field="NAME")
    row = store.row(_SELECT + " WHERE m.id = ?", [m["id"]])
    assert row is not None
    return public(row, show_pii)


def list_all(store: Store, site: str | None = None, active_only: bool = False) -> list[Row]:
    where: list[str] = []
    params: list[Any] = []
    if site:
        where.append("EXISTS (SELECT 1 FROM mediator_sites ms WHERE ms.mediator_id = m.id AND ms.site_id = ?)")
        params.append(refs.site(store, site)["id"])
    if active_only:
        where.append("m.active = 1")
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY p.name"
    return [public(r) for r in store.rows(sql, params)]
