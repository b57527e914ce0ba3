"""Integrity checks and online backups."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from redprop.errors import InvalidInput
from redprop.store.db import SCHEMA_VERSION, Store

COUNTED = ("sites", "people", "mediators", "categories", "cases", "events")


def check(store: Store) -> dict[str, Any]:
    integrity = [r[0] for r in store.conn.execute("PRAGMA integrity_check")]
    fk = store.rows("PRAGMA foreign_key_check")
    return {
        "path": str(store.path),
        "schema_version": store.schema_version(),
        "schema_expected": SCHEMA_VERSION,
        "integrity": "ok" if integrity == ["ok"] else integrity,
        "foreign_key_problems": len(fk),
        "journal_mode": store.scalar("PRAGMA journal_mode"),
        "counts": {t: store.scalar(f"SELECT count(*) FROM {t}") for t in COUNTED},
        "ok": integrity == ["ok"] and not fk,
    }


def backup(store: Store, target: Path, overwrite: bool = False) -> dict[str, Any]:
    """Copy the database page by page with SQLite's online backup API.

    The copy is one consistent snapshot even while other desks keep writing.
    """
    if target.is_dir():
        raise InvalidInput("FILE", f"{target} is a directory; give a file name")
    if not target.parent.is_dir():
        raise InvalidInput("FILE", f"{target.parent} is not an existing directory")
    # Checked before the overwrite below: `--force` onto the database would delete it.
    if target.resolve() == store.path.resolve():
        raise InvalidInput("FILE", "the backup must not be the database itself")
    if target.exists():
        if not overwrite:
            raise InvalidInput("FILE", f"{target} already exists; choose a new name or pass --force")
        target.unlink()
    dest = sqlite3.connect(str(target))
    try:
        store.conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()
    copy = Store.open(target)
    try:
        return {"path": str(target), "cases": copy.scalar("SELECT count(*) FROM cases"),
                "events": copy.scalar("SELECT count(*) FROM events"),
                "integrity": copy.scalar("PRAGMA integrity_check")}
    finally:
        copy.close()
