"""People: residents and the other parties to a case."""

from __future__ import annotations

from typing import Any

from redprop.clock import now_iso
from redprop.domain import refs, validate
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store, new_uuid


def create(
    store: Store,
    site_id: int,
    name: str,
    unit: str | None = None,
    phone: str | None = None,
    party_member: bool = False,
    kind: str = "individual",
) -> Row:
    """Insert already-validated fields inside the caller's transaction.

    The event log gets the phone masked, like every other output.
    """
    at = now_iso()
    fields = {"name": name, "unit": unit, "phone": phone, "party_member": int(party_member), "kind": kind}
    record: Row = {"uuid": new_uuid(), "site_id": site_id, **fields, "created_at": at, "updated_at": at}
    record["id"] = store.insert("people", record)
    logged = {**fields, "phone": validate.mask_phone(phone), "party_member": party_member}
    store.log("person", record["uuid"], "person.add", ref=name, changes=logged, at=at)
    return record


def add(store: Store, site: str, **values: Any) -> Row:
    from redprop.domain.models import PersonIn, build

    person = build(PersonIn, **values)
    with store.write():
        site_row = refs.site(store, site)
        dup = store.scalar(
            "SELECT 1 FROM people WHERE site_id = ? AND name = ? AND coalesce(unit, '') = ?",
            [site_row["id"], person.name, person.unit or ""],
        )
        if dup:
            raise InvalidInput(
                "--name", f"{person.name} at unit {person.unit or '-'} is already recorded at {site_row['code']}"
            )
        record = create(store, site_row["id"], **person.model_dump())
    return get(store, record["uuid"])


_SELECT = (
    "SELECT p.*, s.code AS site, EXISTS(SELECT 1 FROM mediators m WHERE m.person_id = p.id) AS is_mediator "
    "FROM people p JOIN sites s ON s.id = p.site_id"
)


PUBLIC_KEYS = ("uuid", "name", "site", "unit", "phone", "party_member", "kind", "mediator")


def public(row: Row, show_pii: bool = False) -> Row:
    return {
        "uuid": row["uuid"],
        "name": row["name"],
        "site": row["site"],
        "unit": row["unit"],
        "phone": row["phone"] if show_pii else validate.mask_phone(row["phone"]),
        "party_member": bool(row["party_member"]),
        "kind": row["kind"],
        "mediator": bool(row["is_mediator"]),
    }


def get(store: Store, ref: str, show_pii: bool = False) -> Row:
    person = refs.person(store, ref)
    row = store.row(_SELECT + " WHERE p.id = ?", [person["id"]])
    assert row is not None
    return public(row, show_pii)


def list_all(store: Store, site: str | None = None, search: str | None = None) -> list[Row]:
    where, params = [], []
    if site:
        where.append("p.site_id = ?")
        params.append(refs.site(store, site)["id"])
    if search:
        where.append("p.name LIKE ? ESCAPE '\\'")
        params.append("%" + like_escape(search) + "%")
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.code, p.name, p.unit"
    return [public(r) for r in store.rows(sql, params)]


def like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
