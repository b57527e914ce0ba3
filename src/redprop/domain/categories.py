"""Case categories and their official mediation-statistics type."""

from __future__ import annotations

from redprop.clock import now_iso
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store, new_uuid

PUBLIC_KEYS = ("key", "zh", "en", "stat_type", "builtin")


def public(row: Row) -> Row:
    return {k: row[k] for k in ("key", "zh", "en", "stat_type")} | {"builtin": bool(row["builtin"])}


def labels(store: Store) -> dict[str, tuple[str, str]]:
    """Each category key's (Chinese, English) label, for tables."""
    return {r["key"]: (r["zh"], r["en"]) for r in store.rows("SELECT key, zh, en FROM categories")}


def list_all(store: Store) -> list[Row]:
    return [public(r) for r in store.rows("SELECT * FROM categories ORDER BY id")]


def add(store: Store, key: str, zh: str, en: str | None, stat_type: str) -> Row:
    from redprop.domain.models import CategoryIn, build

    cat = build(CategoryIn, key=key, zh=zh, en=en, stat_type=stat_type)
    with store.write():
        clash = store.row(
            "SELECT key FROM categories WHERE key = ? OR zh = ?", [cat.key, cat.zh]
        )
        if clash:
            raise InvalidInput("KEY", f"category {clash['key']} already uses that key or label")
        record = {
            "uuid": new_uuid(), "key": cat.key, "zh": cat.zh, "en": cat.en or cat.key,
            "stat_type": cat.stat_type, "builtin": 0, "created_at": now_iso(),
        }
        store.insert("categories", record)
        store.log("category", record["uuid"], "category.add", ref=cat.key, changes=cat.model_dump())
    return public(record)
