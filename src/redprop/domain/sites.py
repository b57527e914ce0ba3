"""Sites (小区 / 示范点)."""

from __future__ import annotations

from typing import Any

from redprop.clock import now_iso
from redprop.domain import refs
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store, new_uuid

SITE_FIELDS = ("code", "name", "community", "street", "district", "company", "housing", "level", "level_year")


def add(store: Store, **values: Any) -> Row:
    from redprop.domain.models import SiteIn, build

    site = build(SiteIn, **values)
    with store.write():
        if store.scalar("SELECT 1 FROM sites WHERE code = ?", [site.code]):
            raise InvalidInput("CODE", f"site {site.code} already exists; choose another code")
        at = now_iso()
        record = {"uuid": new_uuid(), **site.model_dump(), "created_at": at, "updated_at": at}
        store.insert("sites", record)
        store.log("site", record["uuid"], "site.add", ref=site.code, changes=site.model_dump(), at=at)
    return get(store, site.code)


def get(store: Store, code: str) -> Row:
    return public(refs.site(store, code, "CODE"))


PUBLIC_KEYS = ("uuid", *SITE_FIELDS)


def public(row: Row) -> Row:
    return {k: row[k] for k in PUBLIC_KEYS}


def list_all(
    store: Store,
    community: str | None = None,
    street: str | None = None,
    district: str | None = None,
) -> list[Row]:
    where, params = [], []
    for col, val in (("community", community), ("street", street), ("district", district)):
        if val:
            where.append(f"{col} = ?")
            params.append(val)
    sql = "SELECT * FROM sites" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY code"
    return [public(r) for r in store.rows(sql, params)]
