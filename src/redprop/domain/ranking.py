"""The ranking of demonstration sites (红色物管领头羊): a score out of 100 per site.

score = 40 × success_rate        (resolved / (resolved + failed), as in the report)
      + 20 × timely_rate         (of the cases resolved in the period, those resolved by their due date)
      + 15 × ticked / 6          (the six-haves checklist as it stood at the period's end)
      + 15 × min(1, meetings held / months in the period)   (Jiangsu asks for at least one a month)
      + 10 × min(1, active red positions / 3)

A rate with nothing to divide counts 0. Ties go to more cases resolved, then the code.
The case counters come from the report's ``by_site`` rows, so a site's ranking
and its report row never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from redprop.domain import positions
from redprop.store.db import Row, Store

#: Weights of the score (they sum to 100).
WEIGHTS = {"success_rate": 40, "timely_rate": 20, "checklist": 15, "meetings": 15, "positions": 10}
#: Red positions that earn the full positions share.
FULL_POSITIONS = 3
CHECKLIST_ITEMS = 6

KEYS = ("rank", "key", "label", "site", "district", "level", "score", "received", "resolved", "failed",
        "success_rate", "timely_rate", "median_days_to_resolve", "meetings_held", "checklist_ticked", "positions")


def months_in(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _per_site(store: Store, sql: str, params: list[Any], ids: list[int]) -> dict[int, int]:
    """Run ``sql``, whose ``{ids}`` is the sites' IN list, for rows of (site id, count)."""
    marks = ",".join("?" * len(ids))
    return {r[0]: int(r[1] or 0) for r in store.conn.execute(sql.format(ids=marks), [*params, *ids])}


def rank(store: Store, start: date, end: date, sites: list[Row], by_site: list[dict[str, Any]]) -> list[Row]:
    """Score and rank ``sites`` (rows of the sites table) from their report ``by_site`` rows."""
    ids = [int(s["id"]) for s in sites]
    lo, hi = start.isoformat(), end.isoformat()
    timely = _per_site(store, "SELECT site_id, count(*) FROM cases WHERE resolved_on BETWEEN ? AND ? "
                              "AND resolved_on <= due_on AND site_id IN ({ids}) GROUP BY site_id", [lo, hi], ids)
    meetings = _per_site(store, "SELECT ms.site_id, count(*) FROM meetings m JOIN meeting_sites ms "
                                "ON ms.meeting_id = m.id WHERE m.status IN ('held', 'closed') "
                                "AND m.held_on BETWEEN ? AND ? AND ms.site_id IN ({ids}) GROUP BY ms.site_id",
                         [lo, hi], ids)
    red = _per_site(store, "SELECT site_id, count(*) FROM red_positions WHERE active = 1 "
                           "AND site_id IN ({ids}) GROUP BY site_id", [], ids)
    ticked = positions.ticked_counts(store, ids, end)
    counts = {r["site"]: r for r in by_site}
    months = months_in(start, end)
    out = []
    for s in sites:
        sid, c = int(s["id"]), counts[s["code"]]
        resolved = c["resolved"]
        timely_rate = timely.get(sid, 0) / resolved if resolved else None
        parts = {
            "success_rate": c["success_rate"] or 0.0,
            "timely_rate": timely_rate or 0.0,
            "checklist": ticked.get(sid, 0) / CHECKLIST_ITEMS,
            "meetings": min(1.0, meetings.get(sid, 0) / months),
            "positions": min(1.0, red.get(sid, 0) / FULL_POSITIONS),
        }
        out.append({
            "key": s["code"], "label": s["name"], "site": s["code"], "district": s["district"],
            "level": s["level"], "score": round(sum(WEIGHTS[k] * v for k, v in parts.items()), 1),
            "received": c["received"], "resolved": resolved, "failed": c["failed"],
            "success_rate": c["success_rate"],
            "timely_rate": None if timely_rate is None else round(timely_rate, 4),
            "median_days_to_resolve": c["median_days_to_resolve"], "meetings_held": meetings.get(sid, 0),
            "checklist_ticked": ticked.get(sid, 0), "positions": red.get(sid, 0),
        })
    out.sort(key=lambda r: (-r["score"], -r["resolved"], r["site"]))
    for i, r in enumerate(out, 1):
        r["rank"] = i
    return [{k: r[k] for k in KEYS} for r in out]
