"""The 红色物业联盟: a community, its sites and all their property companies.

Cross-appointments (交叉任职) and joint activities belong to an alliance.
Activities are not cases. A service problem the community records against a
property company *is* a case, with category ``service`` and the company as a
respondent of kind ``company``.

How a service case is tied to a company (``company_figures``): the name of its
first respondent of kind ``company``; failing that, the site's ``company``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from redprop.clock import now_iso, today
from redprop.domain import cases, people, refs, validate, vocab
from redprop.errors import InvalidInput, NotFound
from redprop.store.db import Row, Store, new_uuid

_CODE_RE = re.compile(r"^[A-Z][A-Z0-9-]{0,15}$")


def _code(value: str) -> str:
    v = value.strip().upper()
    if not _CODE_RE.match(v):
        raise InvalidInput("CODE", f"{value!r} is not an alliance code; use letters, digits and '-', e.g. HT")
    return v


def get_row(store: Store, code: str, field_name: str = "CODE") -> Row:
    c = _code(code) if field_name == "CODE" else code.strip().upper()
    row = store.row("SELECT * FROM alliances WHERE code = ?", [c])
    if row is None:
        known = [r["code"] for r in store.rows("SELECT code FROM alliances ORDER BY code")]
        hint = f"known alliances: {', '.join(known)}" if known else "add one with `redprop alliance add`"
        if field_name == "CODE":
            raise NotFound(f"no alliance {c!r}; {hint}")
        raise InvalidInput(field_name, f"no alliance {c!r}; {hint}")
    return row


def add(store: Store, code: str, name: str, sites: list[str], community: str | None = None,
        founded: str | None = None) -> Row:
    c = _code(code)
    n = validate.required_text("--name", name, max_len=100)
    comm = validate.text("--community", community, required=False)
    on = validate.optional_date("--founded", founded, today())
    if not sites:
        raise InvalidInput("--site", "an alliance joins at least one site")
    with store.write():
        if store.scalar("SELECT 1 FROM alliances WHERE code = ?", [c]):
            raise InvalidInput("CODE", f"alliance {c} already exists; choose another code")
        rows = list({r["id"]: r for r in (refs.site(store, s) for s in sites)}.values())
        comm = comm or rows[0]["community"]
        at = now_iso()
        rec: Row = {"uuid": new_uuid(), "code": c, "name": n, "community": comm,
                    "founded_on": on.isoformat(), "created_at": at, "updated_at": at}
        rec["id"] = store.insert("alliances", rec)
        for s in rows:
            store.insert("alliance_sites", {"alliance_id": rec["id"], "site_id": s["id"]})
        store.log("alliance", rec["uuid"], "alliance.add", ref=c, at=at,
                  changes={"name": n, "community": comm, "founded_on": rec["founded_on"],
                           "sites": [s["code"] for s in rows]})
    return rec


def join(store: Store, code: str, sites: list[str]) -> Row:
    with store.write():
        a = get_row(store, code)
        added = []
        for s in sites:
            row = refs.site(store, s)
            cur = store.execute("INSERT OR IGNORE INTO alliance_sites (alliance_id, site_id) VALUES (?, ?)",
                                [a["id"], row["id"]])
            if cur.rowcount:
                added.append(row["code"])
        if not added:
            raise InvalidInput("--site", "those sites are already in the alliance")
        store.log("alliance", a["uuid"], "alliance.join", ref=a["code"], changes={"sites": added})
    return a


def appoint(store: Store, code: str, person: str, from_org: str, role: str, to_org: str,
            start: str | None = None, end: str | None = None) -> Row:
    """A cross-appointment: ``person`` of ``from_org`` holds ``role`` in ``to_org``."""
    who = validate.required_text("--person", person)
    frm = validate.required_text("--from-org", from_org, max_len=100)
    r = validate.required_text("--role", role, max_len=100)
    to = validate.required_text("--to-org", to_org, max_len=100)
    s = validate.optional_date("--start", start, today())
    e = validate.parse_date("--end", end) if end else None
    if e and e < s:
        raise InvalidInput("--end", f"{e} is before the start {s}")
    if frm == to:
        raise InvalidInput("--to-org", "a cross-appointment is held in another organisation than one's own")
    with store.write():
        a = get_row(store, code)
        rec = {"uuid": new_uuid(), "alliance_id": a["id"], "person": who, "from_org": frm, "role": r,
               "to_org": to, "start_on": s.isoformat(), "end_on": e.isoformat() if e else None,
               "created_at": now_iso()}
        store.insert("cross_appointments", rec)
        store.log("alliance", a["uuid"], "alliance.appoint", ref=a["code"],
                  changes={"person": who, "from_org": frm, "role": r, "to_org": to,
                           "start_on": rec["start_on"], "end_on": rec["end_on"]})
    return rec


def _sites_of(store: Store, alliance_id: int) -> list[Row]:
    return store.rows("SELECT s.* FROM alliance_sites a JOIN sites s ON s.id = a.site_id "
                      "WHERE a.alliance_id = ? ORDER BY s.code", [alliance_id])


def _public(store: Store, a: Row) -> Row:
    site_rows = _sites_of(store, a["id"])
    return {
        "code": a["code"], "uuid": a["uuid"], "name": a["name"], "community": a["community"],
        "founded_on": a["founded_on"], "sites": [s["code"] for s in site_rows],
        "companies": sorted({s["company"] for s in site_rows if s["company"]}),
        "appointments": store.scalar("SELECT count(*) FROM cross_appointments WHERE alliance_id = ?",
                                     [a["id"]]),
        "activities": store.scalar("SELECT count(*) FROM activities WHERE alliance_id = ?", [a["id"]]),
    }


def list_all(store: Store) -> list[Row]:
    return [_public(store, a) for a in store.rows("SELECT * FROM alliances ORDER BY code")]


def show(store: Store, code: str) -> Row:
    a = get_row(store, code)
    rec = _public(store, a)
    now = today().isoformat()
    rec["appointments"] = [
        {"person": r["person"], "from_org": r["from_org"], "role": r["role"], "to_org": r["to_org"],
         "start_on": r["start_on"], "end_on": r["end_on"],
         "current": r["start_on"] <= now and (r["end_on"] is None or r["end_on"] >= now)}
        for r in store.rows("SELECT * FROM cross_appointments WHERE alliance_id = ? ORDER BY start_on, id",
                            [a["id"]])
    ]
    rec["activities"] = list_activities(store, alliance=a["code"])
    return rec


# -- activities ----------------------------------------------------------------------

def add_activity(store: Store, kind: str, title: str, on: str | None = None,
                 alliance: str | None = None, sites: list[str] | None = None,
                 organisers: list[str] | None = None, participants: int = 0,
                 note: str | None = None) -> Row:
    k = vocab.ACTIVITY_KIND.parse(kind, "--kind")
    t = validate.required_text("--title", title, max_len=validate.MAX_TITLE)
    d = validate.optional_date("--date", on, today())
    if d > today():
        raise InvalidInput("--date", f"{d} is in the future; record an activity once it has taken place")
    orgs = [validate.required_text("--organiser", o, max_len=100) for o in organisers or []]
    if not orgs:
        raise InvalidInput("--organiser", "name at least one organiser")
    if participants < 0 or participants > 100000:
        raise InvalidInput("--participants", f"{participants} is not a participant count (0-100000)")
    body = validate.text("--note", note, max_len=validate.MAX_TEXT, required=False, multiline=True)
    with store.write():
        a = get_row(store, alliance, "--alliance") if alliance else None
        site_rows = list({r["id"]: r for r in (refs.site(store, s) for s in sites or [])}.values())
        if not site_rows and a:
            site_rows = _sites_of(store, a["id"])
        if not site_rows:
            raise InvalidInput("--site", "name the sites involved (or an --alliance)")
        rec: Row = {"uuid": new_uuid(), "alliance_id": a["id"] if a else None, "kind": k, "title": t,
                    "held_on": d.isoformat(), "organisers": json.dumps(orgs, ensure_ascii=False),
                    "participants": participants, "note": body, "created_at": now_iso()}
        rec["id"] = store.insert("activities", rec)
        for s in site_rows:
            store.insert("activity_sites", {"activity_id": rec["id"], "site_id": s["id"]})
        store.log("activity", rec["uuid"], "activity.add", ref=t,
                  changes={"alliance": a["code"] if a else None, "kind": k, "title": t, "on": rec["held_on"],
                           "organisers": orgs, "participants": participants,
                           "sites": [s["code"] for s in site_rows], "note": body})
    return rec


def list_activities(store: Store, alliance: str | None = None, sites: list[str] | None = None,
                    kind: str | None = None, date_from: str | None = None,
                    date_to: str | None = None) -> list[Row]:
    where: list[str] = []
    params: list[Any] = []
    if alliance:
        where.append("v.alliance_id = ?")
        params.append(get_row(store, alliance, "--alliance")["id"])
    if sites:
        ids = [refs.site(store, s)["id"] for s in sites]
        where.append(f"v.id IN (SELECT activity_id FROM activity_sites WHERE site_id IN ({','.join('?' * len(ids))}))")
        params += ids
    if kind:
        where.append("v.kind = ?")
        params.append(vocab.ACTIVITY_KIND.parse(kind, "--kind"))
    lo = validate.parse_date("--from", date_from) if date_from else None
    hi = validate.parse_date("--to", date_to) if date_to else None
    if lo and hi and lo > hi:
        raise InvalidInput("--from", f"{lo} is after --to {hi}")
    if lo:
        where.append("v.held_on >= ?")
        params.append(lo.isoformat())
    if hi:
        where.append("v.held_on <= ?")
        params.append(hi.isoformat())
    sql = ("SELECT v.*, a.code AS alliance, (SELECT group_concat(s.code, ',') FROM activity_sites x "
           "JOIN sites s ON s.id = x.site_id WHERE x.activity_id = v.id) AS site_codes "
           "FROM activities v LEFT JOIN alliances a ON a.id = v.alliance_id"
           + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY v.held_on, v.id")
    return [
        {"uuid": r["uuid"], "date": r["held_on"], "kind": r["kind"], "title": r["title"],
         "alliance": r["alliance"], "sites": sorted(r["site_codes"].split(",")) if r["site_codes"] else [],
         "organisers": json.loads(r["organisers"]), "participants": r["participants"], "note": r["note"]}
        for r in store.rows(sql, params)
    ]


# -- property service supervision ------------------------------------------------------

def complain(store: Store, site: str, title: str, company: str | None = None,
             description: str | None = None, reported: str | None = None,
             mediators: list[str] | None = None) -> Row:
    """Record a service problem against a property company as a ``service`` case.

    The company (default: the site's) becomes the case's respondent, a person of
    kind ``company``; the source is ``proactive`` (the community's own supervision).
    """
    comp = validate.text("--company", company, max_len=validate.MAX_NAME, required=False)
    with store.write():
        s = refs.site(store, site)
        comp = comp or s["company"]
        if not comp:
            raise InvalidInput("--company", f"site {s['code']} records no property company; give --company")
        existing = store.row("SELECT * FROM people WHERE site_id = ? AND name = ? AND unit IS NULL",
                             [s["id"], comp])
        if existing is None:
            people.create(store, s["id"], comp, kind="company")
        elif existing["kind"] != "company":
            raise InvalidInput("--company", f"{comp} is recorded at {s['code']} as a {existing['kind']}, "
                               "not a property company")
        new = cases.NewCase(site=s["code"], category="service", title=title, description=description,
                            reported=reported, source="proactive", mediators=mediators or [],
                            parties=[cases.PartyRef("respondent", comp)])
        return cases.add(store, new)


def company_figures(store: Store, start: date, end: date, site_ids: list[int] | None = None,
                    on: date | None = None) -> list[Row]:
    """Per property company, its ``service`` cases reported in ``start``..``end``.

    - company: the first respondent of kind ``company``, else the site's company
      (cases tied to neither are grouped under ``None``);
    - received: service cases reported in the period;
    - resolved: of those, resolved on or before the period's end;
    - overdue: of those, not yet finished (resolved, failed, withdrawn or closed)
      on ``as_of`` = min(end, today) and due before ``as_of``.
    Sorted by received (desc), then company. ``on`` stands in for today.
    """
    lo, hi = start.isoformat(), end.isoformat()
    as_of = min(end, on or today()).isoformat()
    cond = ""
    params: list[Any] = [lo, hi]
    if site_ids:
        cond = f" AND c.site_id IN ({','.join('?' * len(site_ids))})"
        params += list(site_ids)
    rows = store.rows(
        "SELECT coalesce((SELECT p.name FROM case_parties cp JOIN people p ON p.id = cp.person_id "
        "  WHERE cp.case_id = c.id AND cp.role = 'respondent' AND p.kind = 'company' ORDER BY cp.rowid "
        "  LIMIT 1), s.company) AS company, c.resolved_on, c.due_on, "
        "min(coalesce(c.resolved_on, '9'), coalesce(c.failed_on, '9'), coalesce(c.withdrawn_on, '9'), "
        "coalesce(c.closed_on, '9')) AS finished_on "
        "FROM cases c JOIN sites s ON s.id = c.site_id JOIN categories k ON k.id = c.category_id "
        "WHERE k.key = 'service' AND c.reported_on BETWEEN ? AND ?" + cond, params)
    out: dict[Any, Row] = {}
    for r in rows:
        f = out.setdefault(r["company"], {"company": r["company"], "received": 0, "resolved": 0, "overdue": 0})
        f["received"] += 1
        if r["resolved_on"] and r["resolved_on"] <= hi:
            f["resolved"] += 1
        if r["finished_on"] > as_of and r["due_on"] < as_of:
            f["overdue"] += 1
    return sorted(out.values(), key=lambda f: (-f["received"], f["company"] or ""))
