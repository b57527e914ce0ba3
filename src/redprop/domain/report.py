"""`redprop report`: the monthly figures a community hands up, computed in SQL.

The result is a plain dict, the JSON contract. Every figure is aggregated by
SQLite from the covering indexes of migration m002; Python only adds up small
grouped rows (at most sites x categories x sources) and day histograms, so
memory does not grow with the store.

Definitions (dates are local calendar dates, periods include both ends):

- received: reported_on in the period.
- resolved / failed / withdrawn / closed: the case's date of that move is in the
  period. A reopen clears these dates, so a reopened case counts once, at its
  latest resolution.
- success_rate: resolved / (resolved + failed); null when both are 0.
- ended: the day a case left the active states (its resolved, failed or
  withdrawn date; closed only ever follows resolved or failed).
- open_at_end: reported on or before the period end and not ended on or
  before it. Computed from the current date columns: a case resolved in the
  period and reopened after it counts as open at the end (its earlier
  resolution is only in the event log).
- overdue_at_end: open at the end and its due date (current due_on) is before
  the last day of the period, as ``case list --overdue`` would have shown it then.
  For a period not over yet, "the end" is today (``period.state_on``).
- median/p90_days_to_resolve: over the cases resolved in the period, days from
  reported to resolved; in totals, by_site and by_month (null in the other
  breakdowns). Median of an even count is the mean of the middle two; p90 is
  the nearest rank (the smallest value with at least 90% at or below).
- visits: return visits made in the period; satisfaction_rate: satisfied or
  basically satisfied, over visits; fulfilment_rate: agreement done (fully),
  over visits. Rows of a breakdown take the case's site, category and source.
- amount: the sum agreed (yuan) in the cases resolved in the period.
- share: the row's received over the total received (share_resolved likewise).
- by_mediator: a case counts for every mediator assigned to it (on or before the
  period end); handled = such cases in hand at some time in the period.
- zero_report: a site in scope where no case was reported, moved or visited in the
  period (cases still open from before do not count as activity).
- meetings: the 议事厅 and other meetings held at sites in scope (see
  ``meetings.programme_figures``); activities: the alliance's joint activities
  held there, and their participants.

Asked for with ``extra``:

- by_company: per property company, the ``service`` complaints received in the
  period, how many of those were resolved by its end and how many are overdue
  (see ``alliances.company_figures``).
- ranking: the sites scored out of 100 and ranked (see ``ranking``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from redprop.clock import now_iso
from redprop.clock import today as clock_today
from redprop.domain import vocab
from redprop.domain.report_period import Period, Scope, months, previous, year_ago
from redprop.store.db import Store

#: Breakdowns computed only when asked for.
EXTRAS = ("company", "ranking")


def sections(by: list[str] | None) -> tuple[str, ...]:
    """The breakdowns named by ``--by`` (keys or labels), or the standard ones."""
    if not by:
        return tuple(k for k in vocab.REPORT_SECTION.keys if k not in EXTRAS)
    out: list[str] = []
    for value in by:
        key = vocab.REPORT_SECTION.parse(value, "--by")
        if key not in out:
            out.append(key)
    return tuple(out)

#: Must match the expression indexed by migration m002 exactly.
ENDED = "coalesce(resolved_on, failed_on, withdrawn_on, closed_on, '9999-12-31')"
SATISFIED = ("satisfied", "basically")
COUNTERS = (
    "received", "resolved", "failed", "withdrawn", "closed", "success_rate", "open_at_end",
    "overdue_at_end", "median_days_to_resolve", "p90_days_to_resolve", "visits", "satisfaction_rate",
    "fulfilment_rate", "amount",
)
#: Counters compared with the previous period and a year before.
CHANGE_COUNTERS = ("received", "resolved", "failed", "withdrawn", "closed", "success_rate", "amount",
                   "visits", "satisfaction_rate")
_RATES = ("success_rate", "satisfaction_rate", "fulfilment_rate")


def _rate(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def percentile_from_hist(hist: Counter[int], q: float) -> float | None:
    """Nearest-rank percentile; q=0.5 gives the usual median (mean of the middle two)."""
    n = sum(hist.values())
    if n == 0:
        return None
    items = sorted(hist.items())

    def nth(k: int) -> int:  # the k-th smallest value, 1-based
        seen = 0
        for value, count in items:
            seen += count
            if seen >= k:
                return value
        raise AssertionError("unreachable")

    if q == 0.5:
        return (nth((n + 1) // 2) + nth(n // 2 + 1)) / 2 if n % 2 == 0 else float(nth((n + 1) // 2))
    return float(nth(max(1, math.ceil(q * n))))


@dataclass
class Acc:
    """Counts for one row; adds up across rows and keeps a day histogram for medians."""

    received: int = 0
    resolved: int = 0
    failed: int = 0
    withdrawn: int = 0
    closed: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0
    agreed_cents: int = 0
    visits: int = 0
    satisfied: int = 0
    fulfilled: int = 0
    hist: Counter[int] = field(default_factory=Counter)
    has_hist: bool = True

    def add(self, other: Acc) -> None:
        for name in ("received", "resolved", "failed", "withdrawn", "closed", "open_at_end",
                     "overdue_at_end", "agreed_cents", "visits", "satisfied", "fulfilled"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.hist.update(other.hist)
        self.has_hist = self.has_hist and other.has_hist

    @property
    def moved(self) -> bool:
        """Anything reported, moved or visited in the period (open carry-overs alone are not)."""
        return any((self.received, self.resolved, self.failed, self.withdrawn, self.closed, self.visits))

    @property
    def active(self) -> bool:
        return self.moved or bool(self.open_at_end)

    def counters(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "resolved": self.resolved,
            "failed": self.failed,
            "withdrawn": self.withdrawn,
            "closed": self.closed,
            "success_rate": _rate(self.resolved, self.resolved + self.failed),
            "open_at_end": self.open_at_end,
            "overdue_at_end": self.overdue_at_end,
            "median_days_to_resolve": percentile_from_hist(self.hist, 0.5) if self.has_hist else None,
            "p90_days_to_resolve": percentile_from_hist(self.hist, 0.9) if self.has_hist else None,
            "visits": self.visits,
            "satisfaction_rate": _rate(self.satisfied, self.visits),
            "fulfilment_rate": _rate(self.fulfilled, self.visits),
            "amount": self.agreed_cents / 100,
        }


class Runner:
    """Runs the report's queries; with ``trace`` set, keeps each (sql, params) for the benchmark floor."""

    def __init__(self, store: Store, trace: list[tuple[str, list[Any]]] | None = None) -> None:
        self.store = store
        self.trace = trace

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if self.trace is not None:
            self.trace.append((sql, list(params)))
        return [tuple(r) for r in self.store.conn.execute(sql, params)]


def _ints(ids: Iterable[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"


def _site_filter(scope: Scope, col: str = "site_id") -> str:
    return "" if scope.all_sites else f" AND {col} IN ({_ints(scope.ids)})"


_SOURCES = ",".join(f"'{k}'" for k in vocab.SOURCE.keys)
GrainKey = tuple[int, int, str]


def _grain(run: Runner, scope: Scope, p: Period, accs: dict[GrainKey, Acc], as_of: str) -> None:
    """Counts per site x category x source, walking cases_report_grain in its own order."""
    if not scope.ids:
        return
    s, e = p.start.isoformat(), p.end.isoformat()
    in_lists = (f"site_id IN ({_ints(scope.ids)}) AND category_id IN (SELECT id FROM categories) "
                f"AND source IN ({_SOURCES})")
    for row in run.rows(
        f"SELECT site_id, category_id, source, sum(reported_on >= ?), "
        f"sum(resolved_on BETWEEN ? AND ?), sum(failed_on BETWEEN ? AND ?), "
        f"sum(withdrawn_on BETWEEN ? AND ?), sum({ENDED} > ?), sum({ENDED} > ? AND due_on < ?), "
        f"sum(CASE WHEN resolved_on BETWEEN ? AND ? THEN agreed_cents END) "
        f"FROM cases INDEXED BY cases_report_grain WHERE {in_lists} AND {ENDED} >= ? AND reported_on <= ? "
        f"GROUP BY site_id, category_id, source",
        [s, s, e, s, e, s, e, as_of, as_of, as_of, s, e, s, e],
    ):
        a = accs.setdefault((row[0], row[1], row[2]), Acc())
        a.received, a.resolved, a.failed, a.withdrawn, a.open_at_end, a.overdue_at_end = (
            int(v or 0) for v in row[3:9])
        a.agreed_cents = row[9] or 0
    for row in run.rows(
        f"SELECT site_id, category_id, source, count(*) FROM cases INDEXED BY cases_report_closed_grain "
        f"WHERE {in_lists} AND closed_on BETWEEN ? AND ? GROUP BY site_id, category_id, source",
        [s, e],
    ):
        accs.setdefault((row[0], row[1], row[2]), Acc()).closed = row[3]
    for row in run.rows(
        "SELECT c.site_id, c.category_id, c.source, count(*), "
        "sum(v.satisfaction IN ('satisfied', 'basically')), sum(v.fulfilment = 'done') "
        "FROM case_visits v INDEXED BY case_visits_report JOIN cases c INDEXED BY cases_report_id ON c.id = v.case_id "
        f"WHERE v.visited_on BETWEEN ? AND ?{_site_filter(scope, 'c.site_id')} "
        "GROUP BY c.site_id, c.category_id, c.source",
        [s, e],
    ):
        a = accs.setdefault((row[0], row[1], row[2]), Acc())
        a.visits, a.satisfied, a.fulfilled = (int(v or 0) for v in row[3:6])


_DAYS = "CAST(julianday(resolved_on) - julianday(reported_on) AS INTEGER)"


def _hist(run: Runner, scope: Scope, p: Period, *by: str) -> dict[Any, Counter[int]]:
    """Day histograms of time to resolve, per value of ``by`` (cases columns or expressions;
    the key of several is a tuple)."""
    out: dict[Any, Counter[int]] = {}
    if not scope.ids:
        return out
    width = len(by)
    for row in run.rows(
        f"SELECT {', '.join(by)}, {_DAYS}, count(*) FROM cases INDEXED BY cases_report_resolved "
        f"WHERE resolved_on BETWEEN ? AND ?{_site_filter(scope)} GROUP BY {', '.join(map(str, range(1, width + 2)))}",
        [p.start.isoformat(), p.end.isoformat()],
    ):
        key = row[0] if width == 1 else tuple(row[:width])
        out.setdefault(key, Counter())[row[width]] = row[width + 1]
    return out


def state_date(p: Period, today: date) -> str:
    """The day open and overdue are counted at: the period end, or today if it is not over."""
    return min(p.end, today).isoformat()


def period_totals(run: Runner, scope: Scope, p: Period, today: date, *, state: bool = True,
                  hist: bool = True) -> Acc:
    """The counters of ``p`` for the whole scope, each from a range of a date-led index."""
    a = Acc(has_hist=hist)
    if not scope.ids:
        return a
    s, e = p.start.isoformat(), p.end.isoformat()
    f = _site_filter(scope)

    def one(sql: str, params: list[Any]) -> tuple[Any, ...]:
        return run.rows(sql, params)[0]

    a.received = one(f"SELECT count(*) FROM cases INDEXED BY cases_report_reported "
                     f"WHERE reported_on BETWEEN ? AND ?{f}", [s, e])[0]
    a.resolved, agreed = one(f"SELECT count(*), sum(agreed_cents) FROM cases INDEXED BY cases_report_resolved "
                             f"WHERE resolved_on BETWEEN ? AND ?{f}", [s, e])
    a.agreed_cents = agreed or 0
    for col in ("failed", "withdrawn", "closed"):
        setattr(a, col, one(f"SELECT count(*) FROM cases INDEXED BY cases_report_{col} "
                            f"WHERE {col}_on BETWEEN ? AND ?{f}", [s, e])[0])
    if state:
        at = state_date(p, today)
        opened, overdue = one(f"SELECT count(*), sum(due_on < ?) FROM cases INDEXED BY cases_report_ended "
                              f"WHERE {ENDED} > ? AND reported_on <= ?{f}", [at, at, at])
        a.open_at_end, a.overdue_at_end = opened, overdue or 0
    if scope.all_sites:
        visits = one("SELECT count(*), sum(satisfaction IN ('satisfied', 'basically')), "
                     "sum(fulfilment = 'done') FROM case_visits INDEXED BY case_visits_report "
                     "WHERE visited_on BETWEEN ? AND ?", [s, e])
    else:
        visits = one("SELECT count(*), sum(v.satisfaction IN ('satisfied', 'basically')), "
                     "sum(v.fulfilment = 'done') FROM case_visits v INDEXED BY case_visits_report "
                     f"JOIN cases c INDEXED BY cases_report_id ON c.id = v.case_id WHERE v.visited_on BETWEEN ? AND ?"
                     f"{_site_filter(scope, 'c.site_id')}", [s, e])
    a.visits, a.satisfied, a.fulfilled = visits[0], visits[1] or 0, visits[2] or 0
    if hist:
        a.hist = _hist(run, scope, p, "NULL").get(None, Counter())
    return a


def _monthly(run: Runner, scope: Scope, month_periods: list[Period], today: date,
             hist: dict[str, Counter[int]]) -> list[Acc]:
    """Each month's counters, with its day histogram taken from ``hist`` (by month label).

    Counting one month's index range is cheaper than grouping the year's by month,
    so only the histograms are shared."""
    out = []
    for m in month_periods:
        a = period_totals(run, scope, m, today, hist=False)
        a.hist, a.has_hist = hist.get(m.label, Counter()), True
        out.append(a)
    return out


def _ytd(run: Runner, scope: Scope, p: Period) -> dict[int, tuple[int, int]]:
    """Received and resolved per site from 1 January of the end's year to the period end."""
    if not scope.ids:
        return {}
    s, e = p.end.replace(month=1, day=1).isoformat(), p.end.isoformat()
    f = _site_filter(scope)
    out: dict[int, list[int]] = {}
    for site_id, n in run.rows(f"SELECT site_id, count(*) FROM cases INDEXED BY cases_report_reported "
                               f"WHERE reported_on BETWEEN ? AND ?{f} GROUP BY 1", [s, e]):
        out.setdefault(site_id, [0, 0])[0] = n
    for site_id, n in run.rows(f"SELECT site_id, count(*) FROM cases INDEXED BY cases_report_resolved "
                               f"WHERE resolved_on BETWEEN ? AND ?{f} GROUP BY 1", [s, e]):
        out.setdefault(site_id, [0, 0])[1] = n
    return {k: (v[0], v[1]) for k, v in out.items()}


def _mediators(run: Runner, scope: Scope, p: Period) -> list[tuple[Any, ...]]:
    if not scope.ids:
        return []
    s, e = p.start.isoformat(), p.end.isoformat()
    return run.rows(
        "SELECT m.mediator_id, count(*), sum(c.reported_on >= ?), sum(c.resolved_on BETWEEN ? AND ?), "
        "sum(c.failed_on BETWEEN ? AND ?), sum(c.withdrawn_on BETWEEN ? AND ?) "
        "FROM cases c INDEXED BY cases_report_ended JOIN case_mediators m ON m.case_id = c.id "
        f"WHERE {ENDED} >= ? AND c.reported_on <= ? AND m.assigned_on <= ?{_site_filter(scope, 'c.site_id')} "
        "GROUP BY m.mediator_id",
        [s, s, e, s, e, s, e, s, e, e],
    )


def _row(key: Any, label: str, acc: Acc, total: Acc, **extra: Any) -> dict[str, Any]:
    c = acc.counters()
    return {"key": key, "label": label, **extra, **c,
            "share": _rate(acc.received, total.received),
            "share_resolved": _rate(acc.resolved, total.resolved)}


def _rank_key(r: dict[str, Any]) -> tuple[Any, ...]:
    rate = r["success_rate"]
    return (-r["resolved"], -(rate if rate is not None else -1), -r["received"], r["site"])


def _change(now: Acc, prev: Acc, ago: Acc) -> dict[str, Any]:
    out: dict[str, Any] = {}
    cn, cp, ca = now.counters(), prev.counters(), ago.counters()
    for name in CHANGE_COUNTERS:
        v, pv, av = cn[name], cp[name], ca[name]
        if name in _RATES:
            mom = None if v is None or pv is None else round(v - pv, 4)
            yoy = None if v is None or av is None else round(v - av, 4)
            kind = "points"
        else:
            mom = round((v - pv) / pv, 4) if pv else None
            yoy = round((v - av) / av, 4) if av else None
            kind = "relative"
        out[name] = {"value": v, "previous": pv, "year_ago": av, "mom": mom, "yoy": yoy, "kind": kind}
    return out


def build(store: Store, period: Period, scope: Scope, lang: str = "zh",
          trace: list[tuple[str, list[Any]]] | None = None, generated_at: str | None = None,
          today: date | None = None, extra: Collection[str] = ()) -> dict[str, Any]:
    """Compute the whole report for ``period`` and ``scope``: the JSON contract.

    ``extra`` names optional breakdowns from ``EXTRAS``.
    """
    today = today or clock_today()
    run = Runner(store, trace)
    cats = {r[0]: r[1:] for r in run.rows("SELECT id, key, zh, en, stat_type FROM categories")}

    grain: dict[GrainKey, Acc] = {}
    _grain(run, scope, period, grain, state_date(period, today))
    # One pass over the period's resolutions gives the day histograms per site and per month.
    site_month_hist = _hist(run, scope, period, "site_id", "substr(resolved_on, 1, 7)")
    site_hist: dict[int, Counter[int]] = {}
    month_hist: dict[str, Counter[int]] = {}
    for (sid, month), h in site_month_hist.items():
        site_hist.setdefault(sid, Counter()).update(h)
        month_hist.setdefault(month, Counter()).update(h)

    per_site: dict[int, Acc] = {sid: Acc() for sid in scope.ids}
    per_cat: dict[int, Acc] = {}
    per_source: dict[str, Acc] = {k: Acc() for k in vocab.SOURCE.keys}
    for (site_id, cat_id, source), a in grain.items():
        per_site.setdefault(site_id, Acc()).add(a)
        per_cat.setdefault(cat_id, Acc()).add(a)
        per_source.setdefault(source, Acc()).add(a)
    total = Acc()
    for sid, a in per_site.items():
        a.hist = site_hist.get(sid, Counter())
        total.add(a)
    # Day histograms per category or source would each cost a sorted pass over the
    # period's resolutions (~80 ms a year at 1M cases); those rows carry no percentiles.
    for a in (*per_cat.values(), *per_source.values()):
        a.has_hist = False
    per_type: dict[str, Acc] = {}
    for cid, a in per_cat.items():
        per_type.setdefault(cats[cid][3] if cid in cats else "other", Acc()).add(a)

    ytd_same = period.start == period.end.replace(month=1, day=1)
    ytd = ({sid: (a.received, a.resolved) for sid, a in per_site.items()} if ytd_same
           else _ytd(run, scope, period))
    by_site = []
    for site in scope.sites:
        a = per_site[site["id"]]
        y = ytd.get(site["id"], (0, 0))
        by_site.append(_row(site["code"], site["name"], a, total, site=site["code"],
                            community=site["community"], street=site["street"], district=site["district"],
                            zero_report=not a.moved, ytd_received=y[0], ytd_resolved=y[1]))
    by_site.sort(key=_rank_key)
    for i, r in enumerate(by_site, 1):
        r["rank"] = i

    by_category = []
    for cid, a in per_cat.items():
        if not a.active:
            continue
        key, zh, en, stat_type = cats.get(cid, (str(cid), str(cid), str(cid), "other"))
        by_category.append(_row(key, zh if lang == "zh" else en, a, total, stat_type=stat_type))
    by_category.sort(key=lambda r: (-r["received"], -r["resolved"], r["key"]))
    by_type = [_row(k, vocab.STAT_TYPE.label(k, lang), a, total) for k, a in per_type.items() if a.active]
    by_type.sort(key=lambda r: (-r["received"], -r["resolved"], r["key"]))
    by_source = [_row(k, vocab.SOURCE.label(k, lang), a, total) for k, a in per_source.items()]

    by_mediator = _mediator_rows(run, scope, period, total)

    month_periods = months(period)
    # A one-month report is its own trend; otherwise each month is counted on its own.
    month_accs = [total] if len(month_periods) == 1 else _monthly(run, scope, month_periods, today, month_hist)
    by_month = [_row(m.label, m.label, a, total, start=m.start.isoformat(), end=m.end.isoformat())
                for m, a in zip(month_periods, month_accs, strict=True)]

    prev_p, ago_p = previous(period), year_ago(period)
    prev = period_totals(run, scope, prev_p, today, state=False, hist=False)
    ago = prev if ago_p == prev_p else period_totals(run, scope, ago_p, today, state=False,
                                                                hist=False)
    change = {"previous": prev_p.to_dict(), "year_ago": ago_p.to_dict(),
              "counters": _change(total, prev, ago)}

    out = {
        "period": {**period.to_dict(), "state_on": state_date(period, today)},
        "scope": scope.to_dict(),
        "generated_at": generated_at or now_iso(),
        "lang": lang,
        "totals": total.counters(),
        "by_site": by_site,
        "by_category": by_category,
        "by_type": by_type,
        "by_source": by_source,
        "by_mediator": by_mediator,
        "by_month": by_month,
        "change": change,
        **_programme(store, period, scope, today),
    }
    if "company" in extra:
        out["by_company"] = _company_rows(store, period, scope, today, lang)
    if "ranking" in extra:
        from redprop.domain import ranking

        out["ranking"] = ranking.rank(store, period.start, period.end, scope.sites, by_site)
    return out


def _site_ids(scope: Scope) -> list[int] | None:
    return None if scope.all_sites else scope.ids


def _programme(store: Store, period: Period, scope: Scope, today: date) -> dict[str, Any]:
    from redprop.domain.meetings import programme_figures

    ids = _site_ids(scope)
    meetings = programme_figures(store, period.start, period.end, ids, on=today)
    cond = ("" if ids is None else
            f" AND v.id IN (SELECT activity_id FROM activity_sites WHERE site_id IN ({_ints(ids)}))")
    held, people = store.conn.execute(
        "SELECT count(*), coalesce(sum(v.participants), 0) FROM activities v WHERE v.held_on BETWEEN ? AND ?"
        + cond, [period.start.isoformat(), period.end.isoformat()]).fetchone()
    return {"meetings": meetings, "activities": {"held": held, "participants": people}}


def _company_rows(store: Store, period: Period, scope: Scope, today: date, lang: str) -> list[dict[str, Any]]:
    from redprop.domain.alliances import company_figures

    rows = company_figures(store, period.start, period.end, _site_ids(scope), on=today)
    total = sum(r["received"] for r in rows)
    unnamed = "未注明物业公司" if lang == "zh" else "company not recorded"
    return [{"key": r["company"], "label": r["company"] or unnamed, "received": r["received"],
             "resolved": r["resolved"], "overdue": r["overdue"],
             "resolve_rate": _rate(r["resolved"], r["received"]), "share": _rate(r["received"], total)}
            for r in rows]


def _mediator_rows(run: Runner, scope: Scope, period: Period, total: Acc) -> list[dict[str, Any]]:
    counts = _mediators(run, scope, period)
    if not counts:
        return []
    info = {r[0]: r[1:] for r in run.rows(
        "SELECT md.id, md.uuid, p.name, p.party_member FROM mediators md JOIN people p ON p.id = md.person_id "
        f"WHERE md.id IN ({_ints(r[0] for r in counts)})")}
    rows = []
    for mid, handled, *rest in counts:
        received, resolved, failed, withdrawn = (int(v or 0) for v in rest)
        uuid, name, party = info.get(mid, (str(mid), str(mid), 0))
        rows.append({
            "key": uuid, "label": name, "party_member": bool(party), "handled": handled,
            "received": received, "resolved": resolved, "failed": failed, "withdrawn": withdrawn,
            "success_rate": _rate(resolved, resolved + failed),
            "share": _rate(received, total.received), "share_resolved": _rate(resolved, total.resolved),
        })
    rows.sort(key=lambda r: (-r["resolved"], -r["handled"], r["label"]))
    return rows
