"""A demonstration site's scorecard, and the ranking of sites (领头羊).

The case figures and the score come from ``report.build`` over the same period,
so a scorecard, the ranking and ``redprop report`` never disagree: received,
resolved, failed and success_rate = resolved / (resolved + failed) as the report
defines them; the score as ``ranking`` defines it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from redprop.clock import today
from redprop.domain import positions, refs, vocab
from redprop.errors import InvalidInput
from redprop.store.db import Row, Store

CASE_KEYS = ("received", "resolved", "failed", "success_rate", "timely_rate", "median_days_to_resolve", "score")


def check_period(start: date, end: date) -> None:
    if start > end:
        raise InvalidInput("--from", f"{start} is after --to {end}")


def _report(store: Store, start: date, end: date, sites: list[str] | None = None,
            district: str | None = None) -> dict[str, Any]:
    """The report for ``start``..``end`` over the sites given, with its ranking."""
    from redprop.domain import report, report_period

    check_period(start, end)
    scope = report_period.resolve_scope(store, sites, district=district)
    return report.build(store, report_period.span(start, end), scope, extra=("ranking",))


def _case_keys(row: Row) -> dict[str, Any]:
    return {k: row[k] for k in CASE_KEYS}


def case_figures(store: Store, code: str, start: date, end: date) -> dict[str, Any]:
    """The site's case figures and score for ``start``..``end``, as the report counts them."""
    return _case_keys(_report(store, start, end, [code])["ranking"][0])


def scorecard(store: Store, code: str, start: date, end: date) -> Row:
    check_period(start, end)
    s = refs.site(store, code, "CODE")
    meds = store.rows(
        "SELECT p.name, m.title, p.party_member, m.party_branch FROM mediators m "
        "JOIN people p ON p.id = m.person_id JOIN mediator_sites ms ON ms.mediator_id = m.id "
        "WHERE ms.site_id = ? AND m.active = 1 ORDER BY p.name", [s["id"]])
    data = _report(store, start, end, [s["code"]])
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
        "meetings": data["meetings"],
        "activities": {"count": data["activities"]["held"], "participants": data["activities"]["participants"]},
        "cases": _case_keys(data["ranking"][0]),
    }


def rank_sites(store: Store, start: date, end: date, district: str | None = None) -> list[Row]:
    """Sites of ``district`` (all sites if None) ranked by their score out of 100: the 领头羊 first."""
    ranking: list[Row] = _report(store, start, end, district=district)["ranking"]
    return ranking


def level_label(key: str, lang: str) -> str:
    return vocab.DEMO_LEVEL.label(key, lang)


def default_period(year: int | None = None) -> tuple[date, date]:
    y = year or today().year - 1
    return date(y, 1, 1), date(y, 12, 31)
