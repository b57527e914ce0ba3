"""The database file: where it is, what is refused, migrations, check and backup."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, dump, make_site
from redprop.errors import InvalidInput, NotFound, StoreError
from redprop.store.db import SCHEMA_VERSION, Store

REDPROP = str(Path(sys.executable).parent / "redprop")


# -- where the database is ---------------------------------------------------

def test_db_path_prefers_option_then_env_then_user_dir(
    cli: Any, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    r = cli("--db", str(other), "db", "path", "--json")
    assert r.exit_code == 0, r
    assert r.json() == {"path": str(other), "source": "--db", "exists": False}

    r = cli("db", "path", "--json")
    assert r.json() == {"path": str(db_path), "source": "REDPROP_DB", "exists": False}
    assert cli("db", "path").stdout == f"{db_path}\n"

    monkeypatch.delenv("REDPROP_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    r = cli("db", "path", "--json")
    assert r.json()["source"] == "default"
    assert r.json()["path"] == str(tmp_path / "xdg" / "redprop" / "redprop.db")


def test_writing_creates_the_file_and_its_directory(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "desk.db"
    r = cli("--db", str(target), "site", "add", "XH", "--name", "星河国际")
    assert r.exit_code == 0, r
    assert r.stdout == "XH\n"
    assert target.is_file()
    assert dump(target)["sites"][0][3] == "星河国际"


@pytest.mark.parametrize("args", [
    ("case", "list"), ("case", "show", "XH-2026-0001"), ("site", "list"), ("db", "check"),
    ("person", "list"), ("db", "backup", "copy.db"),
])
def test_read_command_on_missing_file_says_so_and_creates_nothing(
    cli: Any, db_path: Path, args: tuple[str, ...]
) -> None:
    r = cli(*args)
    assert r.exit_code == 1, r
    assert r.stdout == ""
    assert "does not exist" in r.stderr and str(db_path) in r.stderr
    assert r.stderr.count("\n") == 1
    assert not db_path.exists()
    assert not Path("copy.db").exists()


def test_directory_as_db_is_refused(cli: Any, tmp_path: Path) -> None:
    for args in (("case", "list"), ("site", "add", "XH", "--name", "x")):
        r = cli("--db", str(tmp_path), *args)
        assert r.exit_code == 2, r
        assert r.stderr.startswith("redprop: --db:") and "directory" in r.stderr
        assert r.stdout == ""


def test_non_sqlite_file_is_refused_and_left_alone(cli: Any, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("买菜 buy vegetables\n" * 20, encoding="utf-8")
    before = notes.read_bytes()
    for args in (("case", "list"), ("site", "add", "XH", "--name", "x")):
        r = cli("--db", str(notes), *args)
        assert r.exit_code == 2, r
        assert "--db" in r.stderr and "not an SQLite database" in r.stderr
        assert r.stdout == ""
    assert notes.read_bytes() == before
    assert not (tmp_path / "notes.txt-wal").exists()


def test_newer_schema_is_refused_with_a_clear_message(cli: Any, store: Any, db_path: Path) -> None:
    make_site(store)
    store.close()
    conn = sqlite3.connect(str(db_path))
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = dump(db_path)
    for args in (("case", "list"), ("site", "add", "YY", "--name", "x"), ("db", "check")):
        r = cli(*args)
        assert r.exit_code == 1, r
        assert f"schema version {SCHEMA_VERSION + 1}" in r.stderr and "newer" in r.stderr
        assert r.stdout == ""
    assert dump(db_path) == before
    with pytest.raises(StoreError):
        Store.open(db_path)


def test_store_open_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        Store.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(InvalidInput) as e:
        Store.open(tmp_path)
    assert e.value.field == "--db"


# -- schema and migrations ----------------------------------------------------

def test_migrations_are_applied_on_open(store: Any, db_path: Path) -> None:
    assert store.schema_version() == SCHEMA_VERSION
    names = [r["name"] for r in store.rows(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = 'redprop' ORDER BY id")]
    assert len(names) == SCHEMA_VERSION
    assert names[0] == "m001_case_desk"
    assert store.scalar("PRAGMA journal_mode") == "wal"
    # Opening again migrates nothing more.
    again = Store.open(db_path)
    assert again.scalar("SELECT count(*) FROM _sqlite_migrations") == SCHEMA_VERSION
    again.close()


def test_an_old_database_is_brought_up_to_date(db_path: Path) -> None:
    """A file left at schema version 1 gets every later migration on open."""
    from sqlite_utils import Database

    from redprop.store import migrations

    conn = sqlite3.connect(str(db_path), isolation_level=None)
    names = [m.name for m in migrations.migrations._migrations]
    migrations.migrations.apply(Database(conn), stop_before=names[1:])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO sites (uuid, code, name, created_at, updated_at) "
                 "VALUES ('u-1', 'OLD', '老小区', 'x', 'x')")
    conn.close()
    s = Store.open(db_path)
    assert s.schema_version() == SCHEMA_VERSION
    applied = [r["name"] for r in s.rows("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == names and len(names) == SCHEMA_VERSION
    assert s.scalar("SELECT name FROM sites WHERE code = 'OLD'") == "老小区"
    s.close()


def test_db_check_reports_schema_and_counts(cli: Any, store: Any) -> None:
    make_site(store)
    r = cli("db", "check", "--json")
    assert r.exit_code == 0, r
    out = r.json()
    assert out["schema_version"] == out["schema_expected"] == SCHEMA_VERSION
    assert out["integrity"] == "ok" and out["ok"] is True
    assert out["counts"]["sites"] == 1 and out["counts"]["categories"] == 19
    r = cli("db", "check")
    assert r.exit_code == 0
    assert f"schema version  {SCHEMA_VERSION}" in r.stdout


def test_writes_outside_a_transaction_are_refused(store: Any) -> None:
    with pytest.raises(RuntimeError):
        store.execute("INSERT INTO sites (uuid, code, name, created_at, updated_at) "
                      "VALUES ('u', 'X', 'x', 'a', 'b')")


def test_a_failed_write_rolls_back_everything(store: Any) -> None:
    make_site(store)
    with pytest.raises(InvalidInput), store.write():
        store.log("site", "x", "test.event")
        raise InvalidInput("--x", "boom")
    assert store.scalar("SELECT count(*) FROM events WHERE action = 'test.event'") == 0
    assert not store.conn.in_transaction


# -- backup -------------------------------------------------------------------

_WRITER = """
import os, sys
from redprop.domain import cases
from redprop.store.db import Store
s = Store.open(sys.argv[1])
s.actor = "writer"
print("ready", flush=True)
for i in range(100000):
    cases.add(s, cases.NewCase(site="XH", category="noise", title=f"loop {i}"))
"""


def test_backup_is_consistent_while_another_process_writes(
    cli: Any, store: Any, db_path: Path, tmp_path: Path
) -> None:
    make_site(store)
    store.close()
    env = {**os.environ, "REDPROP_TODAY": TODAY}
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(db_path)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline() == "ready\n"
        deadline = time.monotonic() + 20
        while _count(db_path, "cases") < 20 and time.monotonic() < deadline:
            time.sleep(0.02)
        copies = []
        for i in range(3):
            target = tmp_path / f"copy{i}.db"
            r = cli("db", "backup", str(target), "--json")
            assert r.exit_code == 0, r
            copies.append((target, r.json()))
        assert writer.poll() is None, "the writer must still be running during the backups"
    finally:
        writer.kill()
        writer.wait()
    for target, reported in copies:
        conn = sqlite3.connect(str(target))
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
        assert n >= 20 and n == reported["cases"]
        seqs = [r[0] for r in conn.execute("SELECT seq FROM cases ORDER BY seq")]
        assert seqs == list(range(1, n + 1))
        # one add event per case: the copy is one snapshot, not a torn mixture
        adds = conn.execute("SELECT count(*) FROM events WHERE action = 'case.add'").fetchone()[0]
        assert adds == n
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        conn.close()
    assert _count(db_path, "cases") >= copies[-1][1]["cases"]


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(str(path), timeout=30)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_backup_refuses_to_overwrite_or_copy_onto_itself(cli: Any, store: Any, db_path: Path,
                                                         tmp_path: Path) -> None:
    make_site(store)
    existing = tmp_path / "exists.db"
    existing.write_bytes(b"keep me")
    r = cli("db", "backup", str(existing))
    assert r.exit_code == 2 and "already exists" in r.stderr
    assert existing.read_bytes() == b"keep me"
    r = cli("db", "backup", str(tmp_path))
    assert r.exit_code == 2 and "directory" in r.stderr
    r = cli("db", "backup", str(tmp_path / "no" / "such" / "dir.db"))
    assert r.exit_code == 2 and r.stderr.startswith("redprop: FILE:"), r
    assert not (tmp_path / "no").exists()
    r = cli("db", "backup", str(existing), "--force")
    assert r.exit_code == 0, r
    assert json.loads(cli("db", "check", "--json").stdout)["counts"]["sites"] == 1
    r = cli("db", "backup", str(db_path), "--force")
    assert r.exit_code == 2, r
    assert db_path.exists() and _count(db_path, "sites") == 1
