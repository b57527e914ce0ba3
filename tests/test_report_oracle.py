"""Random desks, built through the case services, against a model kept beside them.

The model records what the test did to each case (its dates, visits and
mediators) and computes every counter by brute force in Python; the report
computes them in SQL. They must agree exactly, for months, a quarter, a year
and an odd range.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pytest

from conftest import add_case, make_mediator, make_site
from redprop.domain import cases, report, report_period, vocab

TODAY = date(2026, 12, 15)
SITES = ("XH", "JLW", "HTY", "NONE")  # NONE never gets a case
CATEGORIES = ("leak", "noise", "ebike", "fee", "throwing", "parking")
STAT = {"leak": "damages", "noise": "neighbour", "ebike": "property", "fee": "property", "throwing": "damages",
        "parking": "property"}
MEDIATORS = {"XH": ("王建国", "李秀英"), "JLW": ("陈德明",), "HTY": ("赵志强",)}


@dataclass
class Model:
    site: str
    category: str
    source: str
    reported: date
    due: date
    resolved: date | None = None
    failed: date | None = None
    withdrawn: date | None = None
    closed: date | None = None
    agreed: int = 0
    visits: list[tuple[date, str, str]] = field(default_factory=list)
    mediators: list[str] = field(default_factory=list)

    def ended(self) -> date | None:
        return self.resolved or self.failed or self.withdrawn or self.closed


def _later(rng: random.Random, after: date, most: int = 40) -> date | None:
    d = after + timedelta(days=rng.randint(0, most))
    return d if d <= TODAY else None


def build_desk(store: Any, seed: int, n: int) -> list[Model]:
    rng = random.Random(seed)
    for code in SITES:
        make_site(store, code, f"小区{code}")
    for code, names in MEDIATORS.items():
        for i, name in enumerate(names):
            make_mediator(store, name, [code], title="party-member" if i == 0 else "full-time")
    models = []
    for _ in range(n):
        site = rng.choice(SITES[:3])
        reported = date(2025, 1, 1) + timedelta(days=rng.randrange((TODAY - date(2025, 1, 1)).days + 1))
        if rng.random() < 0.05:
            reported = rng.choice([date(2025, 10, 31), date(2026, 2, 28), date(2026, 10, 31)])
        m = Model(site, rng.choice(CATEGORIES), rng.choice(vocab.SOURCE.keys), reported,
                  reported + timedelta(days=30))
        meds = [x for x in MEDIATORS[site] if rng.random() < 0.6]
        number = add_case(store, site=site, category=m.category, source=m.source, reported=reported.isoformat(),
                          mediators=meds)
        m.mediators = meds
        last = reported
        for _round in range(3):
            roll = rng.random()
            on = _later(rng, last)
            if on is None or roll < 0.15:
                break
            if roll < 0.7:
                agreed = rng.choice([None, 1000, 250050])
                cases.resolve(store, number, "oral", on.isoformat(),
                              agreed=None if agreed is None else f"{agreed / 100:.2f}")
                m.resolved, m.agreed, last = on, agreed or 0, on
                if rng.random() < 0.6 and (v := _later(rng, on, 10)):
                    ful, sat = rng.choice(vocab.FULFILMENT.keys), rng.choice(vocab.SATISFACTION.keys)
                    cases.visit(store, number, ful, sat, v.isoformat())
                    m.visits.append((v, ful, sat))
                    last = v
                    if rng.random() < 0.5 and (c := _later(rng, v, 5)):
                        cases.close(store, number, c.isoformat())
                        m.closed, last = c, c
            elif roll < 0.85:
                cases.fail(store, number, "court", on.isoformat())
                m.failed, last = on, on
                if rng.random() < 0.3 and (c := _later(rng, on, 5)):
                    cases.close(store, number, c.isoformat())
                    m.closed, last = c, c
            else:
                cases.withdraw(store, number, on.isoformat())
                m.withdrawn = on
                break
            if rng.random() < 0.5:
                break
            again = _later(rng, last, 10)
            if again is None:
                break
            cases.reopen(store, number, again.isoformat())
            m.resolved = m.failed = m.withdrawn = m.closed = None
            m.agreed, last = 0, again
        models.append(m)
    return models


def _rate(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def oracle(models: list[Model], s: date, e: date, with_days: bool = True) -> dict[str, Any]:
    at = min(e, TODAY)

    def inside(d: date | None) -> bool:
        return d is not None and s <= d <= e

    resolved = [m for m in models if inside(m.resolved)]
    failed = sum(inside(m.failed) for m in models)
    opened = [m for m in models if m.reported <= at and not ((x := m.ended()) and x <= at)]
    visits = [v for m in models for v in m.visits if s <= v[0] <= e]
    days = sorted((m.resolved - m.reported).days for m in resolved if m.resolved)
    out = {
        "received": sum(s <= m.reported <= e for m in models),
        "resolved": len(resolved),
        "failed": failed,
        "withdrawn": sum(inside(m.withdrawn) for m in models),
        "closed": sum(inside(m.closed) for m in models),
        "success_rate": _rate(len(resolved), len(resolved) + failed),
        "open_at_end": len(opened),
        "overdue_at_end": sum(m.due < at for m in opened),
        "visits": len(visits),
        "satisfaction_rate": _rate(sum(v[2] in ("satisfied", "basically") for v in visits), len(visits)),
        "fulfilment_rate": _rate(sum(v[1] == "done" for v in visits), len(visits)),
        "amount": sum(m.agreed for m in resolved) / 100,
    }
    if with_days:
        out["median_days_to_resolve"] = float(statistics.median(days)) if days else None
        out["p90_days_to_resolve"] = float(days[math.ceil(0.9 * len(days)) - 1]) if days else None
    return out


def _pick(row: dict[str, Any], like: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in like}


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    import os

    from redprop.store.db import Store

    old = os.environ.get("REDPROP_TODAY")
    os.environ["REDPROP_TODAY"] = TODAY.isoformat()
    try:
        store = Store.open(tmp_path_factory.mktemp("oracle") / "r.db", create=True)
        store.actor = "oracle"
        models = build_desk(store, seed=7, n=260)
        yield store, models
        store.close()
    finally:
        if old is None:
            del os.environ["REDPROP_TODAY"]
        else:
            os.environ["REDPROP_TODAY"] = old


PERIODS = [
    report_period.month(2026, 10), report_period.month(2026, 2), report_period.month(2025, 12),
    report_period.month(2026, 12), report_period.quarter(2026, 3), report_period.year(2025),
    report_period.year(2026), report_period.span(date(2025, 11, 17), date(2026, 1, 9)),
]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.label)
def test_report_matches_the_model(desk: Any, period: report_period.Period) -> None:
    store, models = desk
    scope = report_period.resolve_scope(store)
    data = report.build(store, period, scope, "en", today=TODAY)
    s, e = period.start, period.end
    expected = oracle(models, s, e)
    assert data["totals"] == {k: data["totals"][k] for k in report.COUNTERS}
    assert _pick(data["totals"], expected) == expected

    for row in data["by_site"]:
        exp = oracle([m for m in models if m.site == row["site"]], s, e)
        assert _pick(row, exp) == exp, row["site"]
        ytd = [m for m in models if m.site == row["site"]]
        ys = date(e.year, 1, 1)
        assert row["ytd_received"] == sum(ys <= m.reported <= e for m in ytd)
        assert row["ytd_resolved"] == sum(m.resolved is not None and ys <= m.resolved <= e for m in ytd)
        assert row["zero_report"] == (not any(
            (exp["received"], exp["resolved"], exp["failed"], exp["withdrawn"], exp["closed"], exp["visits"])))
    assert {r["site"] for r in data["by_site"]} == set(SITES)

    for key, field_, rows in (("category", "category", data["by_category"]),
                              ("source", "source", data["by_source"])):
        got = {r["key"]: r for r in rows}
        for value in {getattr(m, field_) for m in models}:
            exp = oracle([m for m in models if getattr(m, field_) == value], s, e, with_days=False)
            if value in got:
                assert _pick(got[value], exp) == exp, (key, value)
            else:
                assert not any(exp[k] for k in ("received", "resolved", "failed", "withdrawn", "closed",
                                                "open_at_end", "visits")), (key, value)
    for row in data["by_type"]:
        exp = oracle([m for m in models if STAT[m.category] == row["key"]], s, e, with_days=False)
        assert _pick(row, exp) == exp, row["key"]

    for row in data["by_month"]:
        ms, me = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
        exp = oracle(models, ms, me)
        assert _pick(row, exp) == exp, row["key"]

    got_meds = {r["label"]: r for r in data["by_mediator"]}
    for name in {x for m in models for x in m.mediators}:
        mine = [m for m in models if name in m.mediators]
        handled = [m for m in mine if m.reported <= e and not ((x := m.ended()) and x < s)]
        if not handled:
            assert name not in got_meds
            continue
        exp = oracle(mine, s, e)
        row = got_meds[name]
        assert row["handled"] == len(handled), name
        assert (row["received"], row["resolved"], row["failed"], row["withdrawn"]) == (
            exp["received"], exp["resolved"], exp["failed"], exp["withdrawn"]), name
        assert row["party_member"] == (MEDIATORS[mine[0].site].index(name) == 0)

    prev = report_period.previous(period)
    exp_prev = oracle(models, prev.start, prev.end)
    counters = data["change"]["counters"]
    for name in ("received", "resolved", "failed", "withdrawn", "closed", "amount", "visits", "success_rate",
                 "satisfaction_rate"):
        assert counters[name]["previous"] == exp_prev[name], name
        ago = report_period.year_ago(period)
        assert counters[name]["year_ago"] == oracle(models, ago.start, ago.end)[name], name


def test_the_model_saw_the_edges(desk: Any) -> None:
    """The random desk really contains the awkward cases this file is meant to cover."""
    _, models = desk
    assert any(m.reported.month != m.resolved.month for m in models if m.resolved)
    assert any(m.resolved and m.resolved.day == 31 for m in models) or any(
        m.reported in (date(2025, 10, 31), date(2026, 10, 31)) for m in models)
    assert any(m.visits and m.resolved is None for m in models) or any(len(m.visits) > 1 for m in models)
