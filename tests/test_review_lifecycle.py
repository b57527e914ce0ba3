"""Review findings on the life of a case: no move is dated before the previous move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import add_case, dump


@pytest.fixture
def started(desk: Any) -> str:
    """A case reported on 03-01 whose mediation started with a note on 03-05."""
    from redprop.domain import cases

    n = add_case(desk, reported="2026-03-01")
    cases.note(desk, n, "上门了解情况", "2026-03-05")
    return n


@pytest.mark.parametrize("move", [
    ["resolve", "--outcome", "fixed"], ["fail", "--referred-to", "court"], ["withdraw"],
])
def test_end_before_mediation_started_is_refused(cli: Any, started: str, db_path: Path,
                                                 move: list[str]) -> None:
    before = dump(db_path)
    run = cli("case", move[0], started, *move[1:], "--date", "2026-03-04")
    assert run.exit_code == 2, run
    assert run.stderr.startswith("redprop: --date: 2026-03-04 is before the previous step 2026-03-05")
    assert dump(db_path) == before
    assert cli("case", move[0], started, *move[1:], "--date", "2026-03-05").exit_code == 0


def test_after_a_reopen_nothing_is_dated_before_it(cli: Any, started: str) -> None:
    n = started
    assert cli("case", "resolve", n, "--outcome", "fixed", "--date", "2026-03-06").exit_code == 0
    assert cli("case", "visit", n, "--fulfilment", "done", "--satisfaction", "满意",
               "--date", "2026-03-07").exit_code == 0
    assert cli("case", "close", n, "--date", "2026-03-08").exit_code == 0
    assert cli("case", "reopen", n, "--date", "2026-03-10", "--reason", "又漏了").exit_code == 0
    # Before the fix a resolution (and its visit) could be dated before the reopen.
    run = cli("case", "resolve", n, "--outcome", "fixed", "--date", "2026-03-09")
    assert run.exit_code == 2 and "before the previous step 2026-03-10" in run.stderr, run
    assert cli("case", "resolve", n, "--outcome", "fixed", "--date", "2026-03-11").exit_code == 0
    # The visit before the reopen does not count for closing again.
    assert cli("case", "close", n).exit_code == 1
    assert cli("case", "visit", n, "--fulfilment", "done", "--satisfaction", "满意",
               "--date", "2026-03-12").exit_code == 0
    run = cli("case", "close", n, "--date", "2026-03-11")
    assert run.exit_code == 2 and "previous step 2026-03-12" in run.stderr, run
    assert cli("case", "close", n, "--date", "2026-03-12").exit_code == 0


def test_reopen_is_not_dated_before_the_close(cli: Any, started: str) -> None:
    n = started
    cli("case", "fail", n, "--referred-to", "court", "--date", "2026-03-06")
    cli("case", "close", n, "--date", "2026-03-08")
    run = cli("case", "reopen", n, "--date", "2026-03-07")
    assert run.exit_code == 2 and "previous step 2026-03-08" in run.stderr, run


def test_demo_still_fills(tmp_path: Path, cli: Any) -> None:
    """The demo writes through the same rules; none of its cases ends before it started."""
    run = cli("--db", str(tmp_path / "demo.db"), "demo", "--quiet")
    assert run.exit_code == 0, run
