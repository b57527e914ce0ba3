"""Fill a redprop store with N synthetic cases by bulk SQL, for the report benchmark.

The schema comes from ``Store.open`` (the real migrations); the rows go in by
``executemany`` in one transaction, in reported-date order as a desk would
number them. Only what ``redprop report`` reads is filled: sites, mediators,
categories, cases, case mediators and return visits (no parties, notes or
events).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from redprop.store.db import Store

FIRST_DAY = date(2017, 1, 1)
LAST_DAY = date(2026, 10, 31)
TODAY = "2026-11-15"
N_SITES = 50
MEDIATORS_PER_SITE = 4
SOURCES = ("application", "proactive", "referral", "hotline", "meeting")
SOURCE_WEIGHTS = (40, 25, 5, 10, 20)
AT = "2026-11-15T09:00:00+08:00"


def _sites(rng: random.Random) -> list[tuple]:
    rows = []
    for i in range(N_SITES):
        district = ("武进区", "新北区", "天宁区", "钟楼区")[i % 4]
        street = f"{district[:2]}第{i % 8 + 1}街道"
        rows.append((f"bench-site-{i}", f"S{i:03d}", f"示范小区{i:03d}", f"社区{i % 20:02d}", street, district,
                     f"物业公司{i % 7}", "commercial", "none", None, AT, AT))
    return rows


def _case_rows(n: int, rng: random.Random, n_categories: int) -> Iterator[tuple]:
    span = (LAST_DAY - FIRST_DAY).days + 1
    # A skewed share per site, so the leading site is a clear leader.
    weights = [1.0 / (1 + i) ** 0.7 for i in range(N_SITES)]
    sites = rng.choices(range(1, N_SITES + 1), weights, k=n)
    days = sorted(rng.randrange(span) for _ in range(n))
    seq: dict[tuple[int, int], int] = {}
    today = date.fromisoformat(TODAY)
    for i in range(n):
        site = sites[i]
        reported = FIRST_DAY + timedelta(days=days[i])
        key = (site, reported.year)
        seq[key] = seq.get(key, 0) + 1
        took = min(90, max(0, int(rng.lognormvariate(2.2, 0.7))))
        done = reported + timedelta(days=took)
        roll = rng.random()
        resolved = failed = withdrawn = closed = agreed = None
        if done > today:
            status = "mediating"
        elif roll < 0.80:
            status, resolved = "resolved", done.isoformat()
            agreed = rng.randrange(0, 500000, 100) if roll < 0.15 else None
            if roll < 0.5 and done + timedelta(days=10) <= today:
                status, closed = "closed", (done + timedelta(days=10)).isoformat()
        elif roll < 0.90:
            status, failed = "failed", done.isoformat()
        elif roll < 0.95 or (today - reported).days > 120:
            status, withdrawn = "withdrawn", done.isoformat()
        else:
            status = "mediating"  # a few recent cases are still in hand, some overdue
        r = reported.isoformat()
        yield (
            f"bench-case-{i}", f"S{site - 1:03d}-{reported.year}-{seq[key]:04d}", site, reported.year, seq[key],
            rng.randrange(1, n_categories + 1), "楼道电动车停放、飞线充电", None,
            rng.choices(SOURCES, SOURCE_WEIGHTS)[0], r, (reported + timedelta(days=30)).isoformat(),
            status, resolved, failed, withdrawn, closed, None, agreed, AT, AT,
        )


def fill(path: Path, n: int, seed: int = 2020) -> None:
    """Create ``path`` (which must not exist) holding ``n`` cases."""
    store = Store.open(path, create=True)
    store.close()
    rng = random.Random(seed)
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    conn.execute("BEGIN")
    # Bulk load: drop the secondary indexes, insert in order, build them again (sorted, much faster).
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('cases', 'case_visits', 'case_mediators')").fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    conn.executemany(
        "INSERT INTO sites (uuid, code, name, community, street, district, company, housing, level, "
        "level_year, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", _sites(rng))
    n_categories = conn.execute("SELECT count(*) FROM categories").fetchone()[0]
    people, mediators, med_sites = [], [], []
    pid = 0
    for site in range(1, N_SITES + 1):
        for j in range(MEDIATORS_PER_SITE):
            pid += 1
            people.append((pid, f"bench-person-{pid}", site, f"调解员{pid:03d}", None, None,
                           1 if j % 4 != 3 else 0, AT, AT))
            mediators.append((pid, f"bench-mediator-{pid}", pid, AT))
            med_sites.append((pid, site))
    conn.executemany("INSERT INTO people (id, uuid, site_id, name, unit, phone, party_member, created_at, "
                     "updated_at) VALUES (?,?,?,?,?,?,?,?,?)", people)
    conn.executemany("INSERT INTO mediators (id, uuid, person_id, created_at) VALUES (?,?,?,?)", mediators)
    conn.executemany("INSERT INTO mediator_sites (mediator_id, site_id) VALUES (?,?)", med_sites)
    conn.executemany(
        "INSERT INTO cases (uuid, number, site_id, year, seq, category_id, title, description, source, "
        "reported_on, due_on, status, resolved_on, failed_on, withdrawn_on, closed_on, amount_cents, "
        "agreed_cents, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        _case_rows(n, rng, n_categories),
    )
    case_meds = []
    visits = []
    rows = conn.execute("SELECT id, site_id, reported_on, resolved_on FROM cases")
    for case_id, site, reported, resolved in rows:
        first = (site - 1) * MEDIATORS_PER_SITE + 1 + rng.randrange(MEDIATORS_PER_SITE)
        case_meds.append((case_id, first, reported))
        if rng.random() < 0.2:
            second = (site - 1) * MEDIATORS_PER_SITE + 1 + rng.randrange(MEDIATORS_PER_SITE)
            if second != first:
                case_meds.append((case_id, second, reported))
        if resolved and rng.random() < 0.7:
            on = (date.fromisoformat(resolved) + timedelta(days=rng.randint(2, 7))).isoformat()
            if on <= TODAY:
                sat = rng.choices(("satisfied", "basically", "dissatisfied"), (70, 24, 6))[0]
                ful = "done" if sat != "dissatisfied" else rng.choice(("partial", "not"))
                visits.append((f"bench-visit-{case_id}", case_id, on, ful, sat, AT, "bench"))
    conn.executemany("INSERT INTO case_mediators (case_id, mediator_id, assigned_on) VALUES (?,?,?)",
                     case_meds)
    conn.executemany("INSERT INTO case_visits (uuid, case_id, visited_on, fulfilment, satisfaction, at, actor) "
                     "VALUES (?,?,?,?,?,?,?)", visits)
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()
