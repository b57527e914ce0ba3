"""Shared fixtures: a real SQLite file in a tmp dir, a pinned day, and the CLI.

Every test gets ``REDPROP_DB`` pointing at a fresh (not yet created) file,
``REDPROP_TODAY`` pinned to ``TODAY``, ``REDPROP_LANG=en`` and ``REDPROP_USER``
set, so results never depend on the machine, the date or the locale.
"""

from __future__ import annotations

import json
import shlex
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

TODAY = "2026-03-15"
USER = "test-desk"


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Path of a database file that does not exist yet; REDPROP_DB points at it."""
    path = tmp_path / "redprop.db"
    monkeypatch.setenv("REDPROP_DB", str(path))
    monkeypatch.setenv("REDPROP_TODAY", TODAY)
    monkeypatch.setenv("REDPROP_LANG", "en")
    monkeypatch.setenv("REDPROP_USER", USER)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "FORCE_COLOR", "COLUMNS"):
        monkeypatch.delenv(var, raising=False)
    return path


@dataclass
class Run:
    """The outcome of one CLI invocation, stdout and stderr kept apart."""

    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None

    def json(self) -> Any:
        return json.loads(self.stdout)

    def __repr__(self) -> str:  # shows up in assertion messages
        return f"Run(exit={self.exit_code}, stdout={self.stdout!r}, stderr={self.stderr!r})"


CliFn = Callable[..., Run]


@pytest.fixture
def cli(db_path: Path) -> CliFn:
    """``cli("case", "list", "--json")`` or ``cli("case list --json")``; returns a ``Run``.

    ``input=`` feeds stdin; ``env=`` adds variables for this one call.
    Exceptions other than SystemExit are re-raised (a traceback is a bug).
    """
    from redprop.cli import app

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Run:
        argv: Sequence[str] = shlex.split(args[0]) if len(args) == 1 and " " in args[0] else args
        runner = CliRunner()
        result = runner.invoke(app, list(argv), input=input, env=env, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr, result.exception)

    return invoke


@pytest.fixture
def store(db_path: Path) -> Iterator[Any]:
    """An open library ``Store`` on the test database (created)."""
    from redprop.store.db import Store

    s = Store.open(db_path, create=True)
    s.actor = USER
    yield s
    s.close()


def make_site(store: Any, code: str = "XH", name: str = "星河国际", **extra: Any) -> dict[str, Any]:
    from redprop.domain import sites

    return sites.add(store, code=code, name=name, **extra)  # type: ignore[no-any-return]


def make_mediator(store: Any, name: str = "王建国", sites: Sequence[str] = ("XH",),
                  **extra: Any) -> dict[str, Any]:
    from redprop.domain import mediators

    return mediators.add(store, name, list(sites), **extra)  # type: ignore[no-any-return]


@pytest.fixture
def desk(store: Any) -> Any:
    """A database with site XH (星河国际) and mediator 王建国 serving it; returns the store."""
    make_site(store)
    make_mediator(store)
    return store


def add_case(store: Any, **values: Any) -> str:
    """Record a case through the library; returns its number."""
    from redprop.domain import cases

    values.setdefault("site", "XH")
    values.setdefault("category", "leak")
    values.setdefault("title", "12F 漏水到 11F")
    parties = values.pop("parties", [])
    new = cases.NewCase(**values, parties=[cases.PartyRef(*p) for p in parties])
    return str(cases.add(store, new)["number"])


def dump(path: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (a fresh connection), to prove "nothing changed"."""
    if not Path(path).exists():
        return {}
    conn = sqlite3.connect(str(path))
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    finally:
        conn.close()
