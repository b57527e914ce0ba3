"""Several desks writing at once: no lost rows, no gaps, no "database is locked"."""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import TODAY, make_site

WORKERS = 8
PER_WORKER = 5
REDPROP = str(Path(sys.executable).parent / "redprop")


def _adder(path: str, barrier: Any, worker: int, queue: Any) -> None:
    """One desk in its own process: wait for the others, then add cases."""
    os.environ["REDPROP_TODAY"] = TODAY
    from redprop.domain import cases
    from redprop.store.db import Store

    try:
        barrier.wait(timeout=30)
        store = Store.open(path, create=True)
        store.actor = f"desk-{worker}"
        numbers = []
        for i in range(PER_WORKER):
            rec = cases.add(store, cases.NewCase(
                site="XH", category="漏水", title=f"desk {worker} case {i}",
                parties=[cases.PartyRef("applicant", f"住户{worker}", "3-2-501")]))
            numbers.append(rec["number"])
        store.close()
        queue.put(("ok", worker, numbers))
    except BaseException as exc:  # report, do not hang the parent
        queue.put(("error", worker, repr(exc)))


def _run_workers(path: Path) -> list[tuple[str, int, Any]]:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_adder, args=(str(path), barrier, w, queue)) for w in range(WORKERS)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    return results


def _check_numbers(path: Path, expected: int) -> None:
    conn = sqlite3.connect(str(path))
    try:
        rows = conn.execute("SELECT number, seq, uuid FROM cases ORDER BY seq").fetchall()
        assert len(rows) == expected
        assert [r[1] for r in rows] == list(range(1, expected + 1))  # no gaps, no duplicates
        assert [r[0] for r in rows] == [f"XH-2026-{i:04d}" for i in range(1, expected + 1)]
        assert len({r[2] for r in rows}) == expected
        added = conn.execute("SELECT count(*) FROM events WHERE action = 'case.add'").fetchone()[0]
        assert added == expected
        # every case has its own add event, linked by case_id
        orphans = conn.execute(
            "SELECT count(*) FROM cases c WHERE NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.case_id = c.id AND e.action = 'case.add')").fetchone()[0]
        assert orphans == 0
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_eight_processes_add_cases_at_once(store: Any, db_path: Path) -> None:
    make_site(store)
    store.close()
    results = _run_workers(db_path)
    errors = [r for r in results if r[0] != "ok"]
    assert not errors, errors
    numbers = [n for r in results for n in r[2]]
    assert len(numbers) == len(set(numbers)) == WORKERS * PER_WORKER
    _check_numbers(db_path, WORKERS * PER_WORKER)
    conn = sqlite3.connect(str(db_path))
    # 8 distinct applicants, each created once despite 5 cases each
    assert conn.execute("SELECT count(*) FROM people").fetchone()[0] == WORKERS
    conn.close()


def test_eight_processes_create_a_fresh_database_at_once(tmp_path: Path, db_path: Path) -> None:
    """The very first open of a new file races the migration in 8 processes."""
    from redprop.store.db import SCHEMA_VERSION

    fresh = tmp_path / "sub" / "fresh.db"
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(WORKERS)
    queue = ctx.Queue()
    procs = [ctx.Process(target=_open_fresh, args=(str(fresh), barrier, w, queue))
             for w in range(WORKERS)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    errors = [r for r in results if r[0] != "ok"]
    assert not errors, errors
    conn = sqlite3.connect(str(fresh))
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM categories WHERE builtin = 1").fetchone()[0] == 19
    assert conn.execute("SELECT count(*) FROM sites").fetchone()[0] == WORKERS
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def _open_fresh(path: str, barrier: Any, worker: int, queue: Any) -> None:
    os.environ["REDPROP_TODAY"] = TODAY
    from redprop.domain import sites
    from redprop.store.db import Store

    try:
        barrier.wait(timeout=30)
        store = Store.open(path, create=True)
        sites.add(store, code=f"S{worker}", name=f"小区{worker}")
        store.close()
        queue.put(("ok", worker, None))
    except BaseException as exc:
        queue.put(("error", worker, repr(exc)))


def test_eight_cli_processes_add_cases_at_once(cli: Any, db_path: Path) -> None:
    """The installed console script, 8 copies started together."""
    assert cli("site", "add", "XH", "--name", "星河国际").exit_code == 0
    env = {**os.environ, "REDPROP_DB": str(db_path), "REDPROP_TODAY": TODAY}
    procs = [
        subprocess.Popen(
            [REDPROP, "case", "add", "--site", "XH", "--category", "noise", "--title", f"噪音 {i}",
             "--by", f"desk-{i}"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(WORKERS)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (_out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "locked" not in err
        assert err == ""
    numbers = sorted(out.strip() for out, _ in outs)
    assert numbers == [f"XH-2026-{i:04d}" for i in range(1, WORKERS + 1)]
    _check_numbers(db_path, WORKERS)
    conn = sqlite3.connect(str(db_path))
    actors = {r[0] for r in conn.execute("SELECT actor FROM events WHERE action = 'case.add'")}
    assert actors == {f"desk-{i}" for i in range(WORKERS)}
    conn.close()
