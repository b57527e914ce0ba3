"""A demonstration site's scorecard, and the ranking of sites (领头羊).

Case figures for a period ``start``..``end`` (both inclusive):

- received: cases reported in the period;
- resolved: cases resolved (调解成功) in the period, whenever reported;
- success_rate: of the cases received in the period, the share resolved by its end;
- median_days: the median of resolved_on − reported_on over the cases resolved in the period.

A case reopened after its resolution has no ``resolved_on`` and is not counted
as resolved until it is resolved again.
"""

from __future__ import annotations

from datetime import date
from statistics import median

from redprop.clock import today
from redprop.domain import positions, refs, vocab
from redprop.domain.meetings import programme_figures
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store

#: Weights of the ranking score (they sum to 100); see ``rank_sites``.
WEIGHTS = {"success_rate": 40, "timely_rate": 20, "checklist": 15, "meetings": 15, "positions": 10}
#: Red positions that earn the full positions share.
FULL_POSITIONS = 3


def check_period(start: date, end: date) -> None:
    if start > end:
        raise InvalidInput("--from", f"{start} is after --to {end}")


def case_figures(store: Store, site_id: int, start: date, end: date) -> Row:
    lo, hi = start.isoformat(), end.isoformat()
    received = store.scalar("SELECT count(*) FROM cases WHERE site_id = ? AND reported_on BETWEEN ? AND ?",
                            [site_id, lo, hi])
    received_resolved = store.scalar(
        "SELECT count(*) FROM cases WHERE site_id = ? AND reported_on BETWEEN ? AND ? "
        "AND resolved_on IS NOT NULL AND resolved_on <= ?", [site_id, lo, hi, hi])
    durations = [r[0] for r in store.conn.execute(
        "SELECT CAST(julianday(resolved_on) - julianday(reported_on) AS INTEGER) FROM cases "
        "WHERE site_id = ? AND resolved_on BETWEEN ? AND ?", [site_id, lo, hi])]
    timely = store.scalar(
        "SELECT count(*) FROM cases WHERE site_id = ? AND resolved_on BETWEEN ? AND ? AND resolved_on <= due_on",
        [site_id, lo, hi])
    return {
        "received": received,
        "resolved": len(durations),
        "success_rate": round(received_resolved / received, 4) if received else None,
        "median_days": float(median(durations)) if durations else None,
        "resolved_on_time": timely,
    }


def _months(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def scorecard(store: Store, code: str, start: date, end: date) -> Row:
    check_period(start, end)
    s = refs.site(store, code, "CODE")
    meds = store.rows(
        "SELECT p.name, m.title, p.party_member, m.party_branch FROM mediators m "
        "JOIN people p ON p.id = m.person_id JOIN mediator_sites ms ON ms.mediator_id = m.id "
        "WHERE ms.site_id = ? AND m.active = 1 ORDER BY p.name", [s["id"]])
    activities = store.scalar(
        "SELECT count(*) FROM activities v JOIN activity_sites x ON x.activity_id = v.id "
        "WHERE x.site_id = ? AND v.held_on BETWEEN ? AND ?", [s["id"], start.isoformat(), end.isoformat()])
    participants = store.scalar(
        "SELECT coalesce(sum(v.participants), 0) FROM activities v JOIN activity_sites x "
        "ON x.activity_id = v.id WHERE x.site_id = ? AND v.held_on BETWEEN ? AND ?",
        [s["id"], start.isoformat(), end.isoformat()])
    chk = positions.checklist(store, s["code"])
    return {
        "site": s["code"], "name": s["name"], "community": s["community"], "district": s["district"],
        "company": s["company"], "level": s["level"], "level_year": s["level_year"],
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "checklist": chk,
        "checklist_ticked": sum(1 for c in chk if c["ticked"]),
        "mediators": [{"name": m["name"], "title": m["title"], "party_member": bool(m["party_member"]),
                       "party_branch": m["party_branch"]} for m in meds],
        "positions": positions.list_positions(store, s["code"]),
        "meetings": programme_figures(store, start, end, [s["id"]]),
        "activities": {"count": activities, "participants": participants},
        "cases": case_figures(store, s["id"], start, end),
    }


def rank_sites(store: Store, start: date, end: date, district: str | None = None) -> list[Row]:
    """Sites ranked by a score out of 100 (the 领头羊 come first).

    score = 40 × success_rate
          + 20 × timely_rate      (cases resolved in the period by their due date / resolved)
          + 15 × ticked / 6       (the six-haves checklist, as it stands at the period's end)
          + 15 × min(1, meetings held / months in the period)   (Jiangsu: at least monthly)
          + 10 × min(1, active red positions / 3)
    A rate with nothing to divide counts 0. Ties go to more cases resolved, then the code.
    """
    check_period(start, end)
    where, params = "", []
    if district:
        where, params = " WHERE district = ?", [district.strip()]
    months = _months(start, end)
    out = []
    for s in store.rows("SELECT * FROM sites" + where + " ORDER BY code", params):
        cf = case_figures(store, s["id"], start, end)
        meetings = programme_figures(store, start, end, [s["id"]])["meetings_held"]
        ticked = positions.ticked_count(store, s["id"], end)
        npos = store.scalar("SELECT count(*) FROM red_positions WHERE site_id = ? AND active = 1", [s["id"]])
        success = cf["success_rate"] or 0.0
        timely = cf["resolved_on_time"] / cf["resolved"] if cf["resolved"] else 0.0
        parts = {
            "success_rate": success, "timely_rate": timely, "checklist": ticked / 6,
            "meetings": min(1.0, meetings / months), "positions": min(1.0, npos / FULL_POSITIONS),
        }
        score = sum(WEIGHTS[k] * v for k, v in parts.items())
        out.append({
            "site": s["code"], "name": s["name"], "district": s["district"], "level": s["level"],
            "score": round(score, 1), "received": cf["received"], "resolved": cf["resolved"],
            "success_rate": cf["success_rate"], "timely_rate": round(timely, 4) if cf["resolved"] else None,
            "median_days": cf["median_days"], "meetings_held": meetings, "checklist_ticked": ticked,
            "positions": npos,
        })
    out.sort(key=lambda r: (-r["score"], -r["resolved"], r["site"]))
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return out


def level_label(key: str, lang: str) -> str:
    return vocab.DEMO_LEVEL.label(key, lang)


def default_period(year: int | None = None) -> tuple[date, date]:
    y = year or today().year - 1
    return date(y, 1, 1), date(y, 12, 31)
