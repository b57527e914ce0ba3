"""Turn what a user typed (a site code, a category, a mediator's name, a case
number) into a row, or raise the right typed error.

A value naming something that does not exist is invalid input (exit 2); a
case number that is well formed but absent is "not found" (exit 1).
"""

from __future__ import annotations

from redprop.domain import validate
from redprop.errors import InvalidInput, NotFound
from redprop.store.db import Row, Store


def site(store: Store, code: str, field: str = "--site") -> Row:
    c = validate.site_code(field, code)
    row = store.row("SELECT * FROM sites WHERE code = ?", [c])
    if row is None:
        known = [r["code"] for r in store.rows("SELECT code FROM sites ORDER BY code LIMIT 20")]
        hint = f"known sites: {', '.join(known)}" if known else "no sites yet; add one with `redprop site add`"
        raise InvalidInput(field, f"no site with code {c!r}; {hint}")
    return row


def category(store: Store, value: str, field: str = "--category") -> Row:
    v = value.strip()
    row = store.row(
        "SELECT * FROM categories WHERE key = ? COLLATE NOCASE OR zh = ? OR en = ? COLLATE NOCASE",
        [v, v, v],
    )
    if row is None:
        keys = [r["key"] for r in store.rows("SELECT key FROM categories ORDER BY id")]
        raise InvalidInput(field, f"{value!r} is not a category; use one of: {', '.join(keys)}")
    return row


def mediator(store: Store, value: str, site_id: int | None = None, field: str = "--mediator") -> Row:
    """Find a mediator by UUID, by ``NAME`` or by ``NAME@SITE``.

    With a bare name, mediators serving ``site_id`` win over the others.
    """
    v = value.strip()
    name, _, site_code = v.partition("@")
    rows = store.rows(
        "SELECT m.*, p.name, p.uuid AS person_uuid, p.site_id AS home_site_id FROM mediators m "
        "JOIN people p ON p.id = m.person_id WHERE m.uuid = ? OR p.name = ?",
        [v, name.strip()],
    )
    if site_code:
        sid = site(store, site_code, field)["id"]
        rows = [r for r in rows if _serves(store, r["id"], sid)]
    elif len(rows) > 1 and site_id is not None:
        local = [r for r in rows if _serves(store, r["id"], site_id)]
        rows = local or rows
    if not rows:
        raise InvalidInput(
            field, f"no mediator named {value!r}; see `redprop mediator list` or add one with `redprop mediator add`"
        )
    if len(rows) > 1:
        raise InvalidInput(field, f"{value!r} names {len(rows)} mediators; write NAME@SITE or give the UUID")
    return rows[0]


def _serves(store: Store, mediator_id: int, site_id: int) -> bool:
    return bool(
        store.scalar(
            "SELECT 1 FROM mediator_sites WHERE mediator_id = ? AND site_id = ?", [mediator_id, site_id]
        )
    )


def case(store: Store, number: str, field: str = "NUMBER") -> Row:
    v = number.strip()
    row = store.row("SELECT * FROM cases WHERE number = ? OR uuid = ?", [v.upper(), v])
    if row is None:
        if len(v) != 36:  # not a UUID, so it must at least look like a number
            validate.case_number(field, v)
        raise NotFound(f"no case {v!r}; list cases with `redprop case list`")
    return row


def person(store: Store, ref: str, field: str = "ID") -> Row:
    """A person by UUID or by ``NAME@SITE``."""
    v = ref.strip()
    row = store.row("SELECT * FROM people WHERE uuid = ?", [v])
    if row is not None:
        return row
    name, _, site_code = v.partition("@")
    if site_code:
        rows = store.rows(
            "SELECT * FROM people WHERE name = ? AND site_id = ?", [name, site(store, site_code, field)["id"]]
        )
    else:
        rows = store.rows("SELECT * FROM people WHERE name = ?", [name])
    if not rows:
        raise NotFound(f"no person {v!r}; list people with `redprop person list`")
    if len(rows) > 1:
        raise InvalidInput(field, f"{v!r} names {len(rows)} people; give NAME@SITE or the UUID")
    return rows[0]
