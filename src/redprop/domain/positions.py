"""Demonstration sites: red positions (先锋管家), responsibility zones and the
"six haves" checklist (场所, 设施, 标志, 党旗, 书报, 制度).

``suggest_mediator`` runs inside ``case add``; this module therefore imports
no pydantic and no rich.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from redprop.clock import now_iso, today
from redprop.domain import refs, validate, vocab
from redprop.errors import InvalidInput, NotAllowed, NotFound
from redprop.store.db import Row, Store, new_uuid

_BUILDING_RE = re.compile(r"^\s*(\d{1,3})\s*(?:-\s*(\d{1,3}))?\s*$")


def parse_buildings(values: list[str] | None) -> list[int]:
    """``["1", "3-5", "8,9"]`` → ``[1, 3, 4, 5, 8, 9]``."""
    out: list[int] = []
    for raw in values or []:
        for part in raw.replace("，", ",").split(","):
            if not part.strip():
                continue
            m = _BUILDING_RE.match(part)
            if not m:
                raise InvalidInput("--building", f"{part!r} is not a building number or range, e.g. 3 or 1-5")
            lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
            if lo < 1 or hi < lo or hi - lo > 200:
                raise InvalidInput("--building", f"{part!r} is not a valid range of buildings")
            out.extend(b for b in range(lo, hi + 1) if b not in out)
    return out


def add_position(store: Store, site: str, kind: str, holder: str, post: str | None = None,
                 buildings: list[str] | None = None, start: str | None = None) -> Row:
    """A party-member post (a person and their post) or a responsibility zone (a person and buildings).

    The holder is linked to a mediator of that name serving the site, if there is one,
    so that ``case add`` can suggest them as mediator.
    """
    k = vocab.POSITION_KIND.parse(kind, "--kind")
    who = validate.required_text("--holder", holder)
    p = validate.text("--post", post, max_len=100, required=False)
    blds = parse_buildings(buildings)
    if k == "zone" and not blds:
        raise InvalidInput("--building", "a responsibility zone names its buildings, e.g. --building 1-3")
    if k != "zone" and blds:
        raise InvalidInput("--building", f"only a responsibility zone has buildings, not a {k}")
    if k != "zone" and not p:
        raise InvalidInput("--post", f"a {k} names the post, e.g. 客服窗口")
    on = validate.optional_date("--from", start, today())
    with store.write():
        s = refs.site(store, site, "CODE")
        meds = store.rows(
            "SELECT m.id FROM mediators m JOIN people pe ON pe.id = m.person_id JOIN mediator_sites ms "
            "ON ms.mediator_id = m.id WHERE pe.name = ? AND ms.site_id = ? AND m.active = 1", [who, s["id"]])
        taken = [b for b in blds if store.scalar(
            "SELECT 1 FROM zone_buildings z JOIN red_positions r ON r.id = z.position_id "
            "WHERE z.site_id = ? AND z.building = ? AND r.active = 1", [s["id"], b])]
        if taken:
            raise InvalidInput("--building", f"building {taken[0]} at {s['code']} is already in an active "
                               "responsibility zone; end that position first")
        at = now_iso()
        rec: Row = {"uuid": new_uuid(), "site_id": s["id"], "kind": k, "holder": who,
                    "mediator_id": meds[0]["id"] if len(meds) == 1 else None, "post": p,
                    "start_on": on.isoformat(), "active": 1, "created_at": at}
        rec["id"] = store.insert("red_positions", rec)
        for b in blds:
            store.insert("zone_buildings", {"position_id": rec["id"], "site_id": s["id"], "building": b})
        store.log("position", rec["uuid"], "position.add", ref=who, at=at,
                  changes={"site": s["code"], "kind": k, "holder": who, "post": p, "buildings": blds,
                           "start_on": rec["start_on"], "mediator": rec["mediator_id"] is not None})
    return rec


def end_position(store: Store, ref: str) -> Row:
    with store.write():
        row = store.row("SELECT * FROM red_positions WHERE uuid = ?", [ref.strip()])
        if row is None:
            raise NotFound(f"no red position {ref!r}; list them with `redprop site position list`")
        if not row["active"]:
            raise NotAllowed("this position has already ended")
        store.update("red_positions", row["id"], {"active": 0})
        store.log("position", row["uuid"], "position.end", ref=row["holder"], changes={"active": [True, False]})
    return row


def list_positions(store: Store, site: str | None = None, active_only: bool = True) -> list[Row]:
    where, params = ["1 = 1"], []
    if site:
        where.append("r.site_id = ?")
        params.append(refs.site(store, site, "CODE")["id"])
    if active_only:
        where.append("r.active = 1")
    rows = store.rows(
        "SELECT r.*, s.code AS site, (SELECT group_concat(z.building, ',') FROM zone_buildings z "
        "WHERE z.position_id = r.id) AS blds, r.mediator_id IS NOT NULL AS is_mediator FROM red_positions r "
        f"JOIN sites s ON s.id = r.site_id WHERE {' AND '.join(where)} ORDER BY s.code, r.kind, r.id", params)
    return [
        {"uuid": r["uuid"], "site": r["site"], "kind": r["kind"], "holder": r["holder"], "post": r["post"],
         "buildings": sorted(int(b) for b in r["blds"].split(",")) if r["blds"] else [],
         "mediator": bool(r["is_mediator"]), "start_on": r["start_on"], "active": bool(r["active"])}
        for r in rows
    ]


def building_of(unit: str | None) -> int | None:
    """The building of a unit ``楼栋-单元-室``."""
    if not unit:
        return None
    head = unit.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def suggest_mediator(store: Store, site_id: int, building: int | None) -> Row | None:
    """The party member responsible for ``building`` (an active zone), if any."""
    if building is None:
        return None
    return store.row(
        "SELECT r.holder AS name, r.mediator_id, r.uuid FROM zone_buildings z "
        "JOIN red_positions r ON r.id = z.position_id "
        "WHERE z.site_id = ? AND z.building = ? AND r.active = 1 ORDER BY r.id LIMIT 1",
        [site_id, building])


def suggestion_for_case(store: Store, number: str) -> Row | None:
    """The zone holder for a case's building: the first party's unit with a building."""
    row = store.row(
        "SELECT c.site_id, p.unit FROM cases c JOIN case_parties cp ON cp.case_id = c.id "
        "JOIN people p ON p.id = cp.person_id WHERE c.number = ? AND p.unit IS NOT NULL "
        "ORDER BY cp.role = 'applicant' DESC, cp.rowid LIMIT 1", [number])
    if row is None:
        return None
    b = building_of(row["unit"])
    s = suggest_mediator(store, row["site_id"], b)
    if s is None:
        return None
    assigned = store.scalar("SELECT 1 FROM case_mediators cm JOIN cases c ON c.id = cm.case_id "
                            "WHERE c.number = ? AND cm.mediator_id = ?", [number, s["mediator_id"]])
    return {"name": s["name"], "building": b, "is_mediator": s["mediator_id"] is not None,
            "assigned": bool(assigned)}


# -- the six haves ------------------------------------------------------------------

def check(store: Store, site: str, item: str, ticked: bool = True, on: str | None = None,
          evidence: str | None = None) -> Row:
    """Tick (or untick) one checklist item with a date and an evidence note; history is kept."""
    key = vocab.CHECKLIST_ITEM.parse(item, "ITEM")
    ev = validate.text("--evidence", evidence, max_len=500, required=False)
    if ticked and not ev:
        raise InvalidInput("--evidence", "a tick needs an evidence note, e.g. 党群服务站 2 楼 60 平方米")
    d = validate.optional_date("--date", on, today())
    if d > today():
        raise InvalidInput("--date", f"{d} is in the future; today is {today().isoformat()}")
    with store.write():
        s = refs.site(store, site, "CODE")
        current = _latest(store, s["id"]).get(key)
        if current is not None and current["checked_on"] > d.isoformat():
            raise InvalidInput("--date", f"{d} is before the last check of {key} on {current['checked_on']}")
        if not ticked and (current is None or not current["ticked"]):
            raise NotAllowed(f"{key} is not ticked at {s['code']}; nothing to untick")
        at = now_iso()
        rec = {"uuid": new_uuid(), "site_id": s["id"], "item": key, "ticked": int(ticked),
               "checked_on": d.isoformat(), "evidence": ev, "at": at, "actor": store.actor}
        store.insert("site_checks", rec)
        store.log("site", s["uuid"], "site.check", ref=s["code"], at=at,
                  changes={"item": key, "ticked": ticked, "on": d.isoformat(), "evidence": ev})
    return rec


def _latest(store: Store, site_id: int) -> dict[str, Row]:
    out: dict[str, Row] = {}
    for r in store.rows("SELECT * FROM site_checks WHERE site_id = ? ORDER BY checked_on, id", [site_id]):
        out[r["item"]] = r
    return out


def checklist(store: Store, site: str) -> list[Row]:
    s = refs.site(store, site, "CODE")
    latest = _latest(store, s["id"])
    out = []
    for key in vocab.CHECKLIST_ITEM.keys:
        r = latest.get(key)
        out.append({"item": key, "ticked": bool(r and r["ticked"]),
                    "checked_on": r["checked_on"] if r else None, "evidence": r["evidence"] if r else None})
    return out


def set_level(store: Store, site: str, level: str, year: int | None) -> Row:
    """Record a site's demonstration level and the year it was named."""
    lv = vocab.DEMO_LEVEL.parse(level, "--level")
    if lv != "none" and year is None:
        raise InvalidInput("--year", "give the year the site was named, e.g. --year 2020")
    if year is not None and not 1990 <= year <= today().year:
        raise InvalidInput("--year", f"{year} is not a year between 1990 and {today().year}")
    with store.write():
        s = refs.site(store, site, "CODE")
        changes: dict[str, Any] = {"level": lv, "level_year": year if lv != "none" else None}
        diff = {k: [s[k], v] for k, v in changes.items() if s[k] != v}
        if not diff:
            raise InvalidInput("--level", f"{s['code']} is already {lv}" + (f" ({year})" if year else ""))
        store.update("sites", s["id"], {**changes, "updated_at": now_iso()})
        store.log("site", s["uuid"], "site.edit", ref=s["code"], changes=diff)
    return {**s, **changes}


def ticked_counts(store: Store, site_ids: list[int], as_of: date | None = None) -> dict[int, int]:
    """Items ticked per site, each item as its latest check on or before ``as_of`` (today) left it."""
    latest: dict[tuple[int, str], int] = {}
    for r in store.rows(f"SELECT site_id, item, ticked FROM site_checks WHERE site_id IN "
                        f"({','.join('?' * len(site_ids))}) AND checked_on <= ? ORDER BY checked_on, id",
                        [*site_ids, (as_of or today()).isoformat()]):
        latest[(r["site_id"], r["item"])] = r["ticked"]
    out: dict[int, int] = {}
    for (site_id, _), ticked in latest.items():
        out[site_id] = out.get(site_id, 0) + int(ticked)
    return out


def ticked_count(store: Store, site_id: int, as_of: date | None = None) -> int:
    return ticked_counts(store, [site_id], as_of).get(site_id, 0)
