"""Open a redprop database, keep its schema current and run write transactions."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from redprop.clock import now_iso
from redprop.errors import InvalidInput, NotFound, StoreError

#: Bumped by every migration; kept here so opening a current database never
#: imports sqlite-utils (its import alone costs ~80 ms per process).
SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 60.0
_SQLITE_MAGIC = b"SQLite format 3\x00"

Row = dict[str, Any]


def new_uuid() -> str:
    return str(uuid.uuid4())


def _check_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise InvalidInput("--db", f"{path} is a directory; give the path of a database file")
    if not path.exists():
        if not create:
            raise NotFound(
                f"database {path} does not exist; record something first "
                "(e.g. `redprop site add`) or run `redprop demo`"
            )
        if not path.parent.exists():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"--db: cannot create the folder {path.parent} ({exc.strerror})") from None
        return
    # An unreadable file (wrong owner, mode 000) is the user's to fix, not a crash.
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"--db: cannot read {path} ({exc.strerror})") from None
    if head and head != _SQLITE_MAGIC:
        raise InvalidInput("--db", f"{path} is not an SQLite database file")


class Store:
    """One open database. Reads run directly; writes go through ``write()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.actor = "unknown"
        self._in_write = False

    # -- opening ----------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = False) -> Store:
        path = Path(path)
        _check_file(path, create)
        try:
            conn = sqlite3.connect(
                str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                check_same_thread=False,
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InvalidInput("--db", f"{path} cannot be opened as SQLite ({exc})") from None
        store = cls(conn, path)
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"database {path} has schema version {version}, newer than this redprop "
                f"understands ({SCHEMA_VERSION}); upgrade redprop to use it"
            )
        if version < SCHEMA_VERSION:
            store._migrate()
        return store

    def _migrate(self) -> None:
        from redprop.store.migrations import apply_all

        try:
            # WAL cannot be switched on inside a transaction; it persists in the file.
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise InvalidInput("--db", f"{self.path} cannot be used as a database ({exc})") from None
        try:
            # Another process may have migrated while we waited for the lock.
            if self.conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                apply_all(self.conn)
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.conn.close()

    # -- reading ----------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[Row]:
        return [dict(r) for r in self.conn.execute(sql, params)]

    def row(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Row | None:
        r = self.conn.execute(sql, params).fetchone()
        return dict(r) if r is not None else None

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        r = self.conn.execute(sql, params).fetchone()
        return r[0] if r is not None else None

    def schema_version(self) -> int:
        return int(self.scalar("PRAGMA user_version"))

    # -- writing ----------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Store]:
        """One IMMEDIATE transaction: every change inside commits or none does."""
        if self._in_write:
            yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._in_write = True
        try:
            yield self
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._in_write = False

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        if not self._in_write:
            raise RuntimeError("writes must run inside Store.write()")
        return self.conn.execute(sql, params)

    def insert(self, table: str, record: Row) -> int:
        cols = ", ".join(record)
        marks = ", ".join("?" for _ in record)
        cur = self.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(record.values()))
        assert cur.lastrowid is not None
        return cur.lastrowid

    def update(self, table: str, row_id: int, changes: Row) -> None:
        if not changes:
            return
        sets = ", ".join(f"{c} = ?" for c in changes)
        self.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*changes.values(), row_id])

    def log(
        self,
        entity: str,
        entity_uuid: str,
        action: str,
        *,
        ref: str | None = None,
        case_id: int | None = None,
        changes: dict[str, Any] | None = None,
        at: str | None = None,
    ) -> None:
        """Append one event. ``changes`` maps a field to ``[old, new]`` or to a value."""
        self.insert(
            "events",
            {
                "uuid": new_uuid(),
                "at": at or now_iso(),
                "actor": self.actor,
                "entity": entity,
                "entity_uuid": entity_uuid,
                "ref": ref,
                "case_id": case_id,
                "action": action,
                "changes": json.dumps(changes or {}, ensure_ascii=False, sort_keys=True),
            },
        )
