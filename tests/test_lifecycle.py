"""The life of a case: every allowed move, every refused move, dates and flags."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, add_case, dump
from redprop.domain import cases, lifecycle
from redprop.errors import InvalidInput, NotAllowed

STATES = ("open", "mediating", "resolved", "failed", "withdrawn", "closed")


def to_state(store: Any, state: str, reported: str = "2026-03-01") -> str:
    """A new case brought to ``state`` through the library; returns its number."""
    n = add_case(store, reported=reported)
    if state == "mediating":
        cases.assign(store, n, ["王建国"], "2026-03-02")
    elif state == "resolved":
        cases.resolve(store, n, "oral-agreement", "2026-03-05")
    elif state == "failed":
        cases.fail(store, n, "court", "2026-03-05")
    elif state == "withdrawn":
        cases.withdraw(store, n, "2026-03-05")
    elif state == "closed":
        cases.resolve(store, n, "oral-agreement", "2026-03-05")
        cases.visit(store, n, "done", "satisfied", "2026-03-08")
        cases.close(store, n, "2026-03-09")
    assert store.scalar("SELECT status FROM cases WHERE number = ?", [n]) == state
    return n


def events(store: Any, number: str) -> list[dict[str, Any]]:
    rows = store.rows("SELECT e.* FROM events e JOIN cases c ON c.id = e.case_id "
                      "WHERE c.number = ? ORDER BY e.id", [number])
    return [{**r, "changes": json.loads(r["changes"])} for r in rows]


def moves(store: Any, number: str) -> list[list[str]]:
    return [e["changes"]["status"] for e in events(store, number) if e["action"] == "case.move"]


# The command line for each move; {n} is the case number.
COMMANDS = {
    "assign": "case assign {n} --mediator 王建国",
    "note": "case note {n} 双方到场",
    "resolve": "case resolve {n} --outcome 口头协议",
    "fail": "case fail {n}",
    "withdraw": "case withdraw {n}",
    "reopen": "case reopen {n}",
    "close": "case close {n}",
    "visit": "case visit {n} --fulfilment done --satisfaction 满意",
}

# (state, command) -> resulting state, for every command that is allowed.
ALLOWED = {
    ("open", "assign"): "mediating", ("open", "note"): "mediating",
    ("open", "resolve"): "resolved", ("open", "fail"): "failed", ("open", "withdraw"): "withdrawn",
    ("mediating", "assign"): "mediating", ("mediating", "note"): "mediating",
    ("mediating", "resolve"): "resolved", ("mediating", "fail"): "failed",
    ("mediating", "withdraw"): "withdrawn",
    ("resolved", "reopen"): "mediating", ("resolved", "visit"): "resolved",
    ("resolved", "note"): "resolved", ("resolved", "assign"): "resolved",
    ("failed", "reopen"): "mediating", ("failed", "close"): "closed", ("failed", "note"): "failed",
    ("failed", "assign"): "failed",
    ("closed", "reopen"): "mediating", ("closed", "visit"): "closed", ("closed", "note"): "closed",
    ("closed", "assign"): "closed",
}
REFUSED = [(s, c) for s in STATES for c in COMMANDS if (s, c) not in ALLOWED]


@pytest.mark.parametrize(("state", "command"), sorted(ALLOWED))
def test_allowed_move(cli: Any, desk: Any, state: str, command: str) -> None:
    n = to_state(desk, state)
    r = cli(*COMMANDS[command].format(n=n).split(), "--json")
    assert r.exit_code == 0, r
    out = r.json()
    assert out["number"] == n and out["status"] == ALLOWED[(state, command)]
    row = desk.row("SELECT * FROM cases WHERE number = ?", [n])
    assert row["status"] == ALLOWED[(state, command)]


@pytest.mark.parametrize(("state", "command"), REFUSED)
def test_refused_move_changes_nothing(cli: Any, desk: Any, db_path: Path, state: str,
                                      command: str) -> None:
    n = to_state(desk, state)
    before = dump(db_path)
    r = cli(*COMMANDS[command].format(n=n).split())
    assert r.exit_code == 1, r
    assert r.stdout == ""
    assert r.stderr.startswith("redprop: ") and r.stderr.count("\n") == 1
    assert n in r.stderr
    assert "Traceback" not in r.stderr
    assert dump(db_path) == before


@pytest.mark.parametrize("state", STATES)
def test_refusal_names_the_allowed_moves(desk: Any, state: str) -> None:
    allowed = lifecycle.TRANSITIONS[state]
    target = next(s for s in STATES if s not in allowed)
    with pytest.raises(NotAllowed) as e:
        lifecycle.check_move("XH-2026-0001", state, target)
    msg = e.value.message
    assert f"is {state} and cannot move to {target}" in msg
    for t in allowed:
        assert t in msg and f"redprop case {lifecycle.command_for(state, t)}" in msg
    if not allowed:
        assert "final" in msg


def test_cli_refusal_message_names_allowed_moves(cli: Any, desk: Any) -> None:
    n = to_state(desk, "resolved")
    r = cli("case", "fail", n)
    assert r.exit_code == 1
    assert "cannot move to failed" in r.stderr
    assert "closed (`redprop case close`)" in r.stderr
    assert "mediating (`redprop case reopen`)" in r.stderr


@pytest.mark.parametrize("command", ["assign", "note", "resolve", "fail", "withdraw"])
def test_commands_on_an_open_case_log_two_moves(cli: Any, desk: Any, command: str) -> None:
    n = add_case(desk, reported="2026-03-01")
    r = cli(*COMMANDS[command].format(n=n).split(), "--date", "2026-03-04")
    assert r.exit_code == 0, r
    got = moves(desk, n)
    if command in ("assign", "note"):
        assert got == [["open", "mediating"]]
    else:
        assert got == [["open", "mediating"], ["mediating", ALLOWED[("open", command)]]]
    on = [e["changes"]["on"] for e in events(desk, n) if e["action"] == "case.move"]
    assert set(on) == {"2026-03-04"}


def test_resolve_carries_outcome_and_agreed_amount(cli: Any, desk: Any) -> None:
    n = add_case(desk, reported="2026-03-01", amount="5000")
    r = cli("case", "resolve", n, "--outcome", "书面协议", "--agreed", "3200", "--date", "2026-03-10",
            "--note", "12F 赔偿 11F", "--json")
    assert r.exit_code == 0, r
    out = r.json()
    assert out["outcome"] == "written-agreement"
    assert out["agreed_amount"] == 3200.0 and out["amount"] == 5000.0
    assert out["resolved_on"] == "2026-03-10" and out["closed_on"] is None
    assert [x["body"] for x in out["notes"]] == ["12F 赔偿 11F"]
    last_move = [e for e in out["events"] if e["action"] == "case.move"][-1]
    assert last_move["changes"]["outcome"] == [None, "written-agreement"]
    assert last_move["changes"]["status"] == ["mediating", "resolved"]


def test_fail_carries_referred_to_default_none(desk: Any) -> None:
    a = add_case(desk)
    cases.fail(desk, a)
    assert desk.scalar("SELECT referred_to FROM cases WHERE number = ?", [a]) == "none"
    b = add_case(desk)
    cases.fail(desk, b, "法院")
    row = desk.row("SELECT referred_to, failed_on FROM cases WHERE number = ?", [b])
    assert row == {"referred_to": "court", "failed_on": TODAY}


def test_visit_records_fulfilment_and_satisfaction(cli: Any, desk: Any) -> None:
    n = to_state(desk, "resolved")
    r = cli("case", "visit", n, "--fulfilment", "部分履行", "--satisfaction", "基本满意",
            "--date", "2026-03-12", "--note", "还差一次维修", "--json")
    assert r.exit_code == 0, r
    visits = r.json()["visits"]
    assert len(visits) == 1
    v = visits[0]
    assert (v["visited_on"], v["fulfilment"], v["satisfaction"], v["note"]) == (
        "2026-03-12", "partial", "basically", "还差一次维修")
    assert v["actor"] == "test-desk"
    ev = [e for e in r.json()["events"] if e["action"] == "case.visit"]
    assert ev[0]["changes"]["satisfaction"] == "basically"


@pytest.mark.parametrize("state", ["open", "mediating", "failed", "withdrawn"])
def test_visit_requires_a_resolution(desk: Any, state: str) -> None:
    n = to_state(desk, state)
    with pytest.raises(NotAllowed, match="return visit follows a resolution"):
        cases.visit(desk, n, "done", "satisfied")
    assert desk.scalar("SELECT count(*) FROM case_visits") == 0


def test_visit_on_a_case_closed_after_failure_is_refused(desk: Any) -> None:
    n = to_state(desk, "failed")
    cases.close(desk, n, "2026-03-06")
    with pytest.raises(NotAllowed):
        cases.visit(desk, n, "done", "satisfied")


def test_closing_a_resolved_case_needs_a_visit(cli: Any, desk: Any, db_path: Path) -> None:
    n = to_state(desk, "resolved")
    before = dump(db_path)
    r = cli("case", "close", n)
    assert r.exit_code == 1
    assert "return visit" in r.stderr and f"redprop case visit {n}" in r.stderr
    assert dump(db_path) == before
    cases.visit(desk, n, "done", "satisfied", "2026-03-06")
    r = cli("case", "close", n, "--date", "2026-03-07", "--json")
    assert r.exit_code == 0, r
    assert r.json()["status"] == "closed" and r.json()["closed_on"] == "2026-03-07"


def test_reopen_clears_dates_and_outcome(cli: Any, desk: Any) -> None:
    n = to_state(desk, "closed")
    r = cli("case", "reopen", n, "--reason", "漏水复发", "--date", "2026-03-10", "--json")
    assert r.exit_code == 0, r
    out = r.json()
    assert out["status"] == "mediating"
    for k in ("resolved_on", "closed_on", "failed_on", "withdrawn_on", "outcome", "referred_to",
              "agreed_amount"):
        assert out[k] is None, k
    ev = [e for e in out["events"] if e["action"] == "case.move"][-1]
    assert ev["changes"]["reopened"] is True
    assert ev["changes"]["closed_on"] == ["2026-03-09", None]
    assert ev["changes"]["resolved_on"] == ["2026-03-05", None]
    assert out["notes"][-1]["body"] == "漏水复发"
    # the visit stays in the file; a new resolution can follow
    assert len(out["visits"]) == 1
    cases.resolve(desk, n, "fixed", "2026-03-11")
    assert desk.scalar("SELECT resolved_on FROM cases WHERE number = ?", [n]) == "2026-03-11"


def test_reopen_date_not_before_the_last_step(desk: Any) -> None:
    n = to_state(desk, "failed")
    with pytest.raises(InvalidInput) as e:
        cases.reopen(desk, n, "2026-03-04")
    assert e.value.field == "--date" and "previous step" in e.value.problem


@pytest.mark.parametrize("state", ["open", "mediating"])
def test_reopen_of_an_active_case_is_refused(desk: Any, state: str) -> None:
    """Reopen is for resolved, failed and closed cases; an open one is not "reopened"."""
    n = to_state(desk, state)
    with pytest.raises(NotAllowed):
        cases.reopen(desk, n)
    assert desk.scalar("SELECT status FROM cases WHERE number = ?", [n]) == state


def test_withdrawn_is_final(desk: Any) -> None:
    n = to_state(desk, "withdrawn")
    for move in (lambda: cases.reopen(desk, n), lambda: cases.close(desk, n),
                 lambda: cases.note(desk, n, "x"), lambda: cases.resolve(desk, n, "fixed"),
                 lambda: cases.assign(desk, n, ["王建国"])):
        with pytest.raises(NotAllowed):
            move()


# -- due dates, extension, overdue -----------------------------------------------

def test_due_date_defaults_to_reported_plus_30(desk: Any) -> None:
    n = add_case(desk, reported="2026-02-10")
    assert desk.row("SELECT reported_on, due_on FROM cases WHERE number = ?", [n]) == {
        "reported_on": "2026-02-10", "due_on": "2026-03-12"}
    m = add_case(desk)
    assert desk.scalar("SELECT due_on FROM cases WHERE number = ?", [m]) == "2026-04-14"


def test_extension_requires_a_reason_and_records_it(cli: Any, desk: Any, db_path: Path) -> None:
    n = add_case(desk, reported="2026-03-01")
    before = dump(db_path)
    r = cli("case", "edit", n, "--due", "2026-04-05")
    assert r.exit_code == 2 and r.stderr.startswith("redprop: --reason:")
    assert dump(db_path) == before
    r = cli("case", "edit", n, "--due", "2026-04-05", "--reason", "双方同意延期", "--json")
    assert r.exit_code == 0, r
    out = r.json()
    assert out["due_on"] == "2026-04-05" and out["extension_reason"] == "双方同意延期"
    ev = out["events"][-1]
    assert ev["action"] == "case.edit"
    assert ev["changes"]["due_on"] == ["2026-03-31", "2026-04-05"]
    assert ev["changes"]["extension_reason"] == [None, "双方同意延期"]
    # an earlier due date is not an extension and needs no reason
    r = cli("case", "edit", n, "--due", "2026-03-20")
    assert r.exit_code == 0, r


def test_overdue_is_a_flag_not_a_state(cli: Any, desk: Any) -> None:
    late = add_case(desk, reported="2026-01-02", title="逾期")     # due 2026-02-01
    fresh = add_case(desk, reported="2026-03-10", title="未逾期")
    done = add_case(desk, reported="2026-01-02", title="已解决")
    cases.resolve(desk, done, "fixed", "2026-03-01")
    r = cli("case", "list", "--json")
    by_number = {c["number"]: c for c in r.json()}
    assert by_number[late]["overdue"] is True and by_number[late]["status"] == "open"
    assert by_number[fresh]["overdue"] is False
    assert by_number[done]["overdue"] is False
    r = cli("case", "list", "--overdue", "--json")
    assert [c["number"] for c in r.json()] == [late]
    # due today is not overdue yet
    today = add_case(desk, reported="2026-02-13")
    assert desk.scalar("SELECT due_on FROM cases WHERE number = ?", [today]) == TODAY
    assert cli("case", "show", today, "--json").json()["overdue"] is False


def test_move_dates_are_checked(desk: Any) -> None:
    n = add_case(desk, reported="2026-03-01")
    with pytest.raises(InvalidInput, match="before the reported date"):
        cases.resolve(desk, n, "fixed", "2026-02-28")
    with pytest.raises(InvalidInput, match="in the future"):
        cases.resolve(desk, n, "fixed", "2026-03-16")
    assert desk.scalar("SELECT status FROM cases WHERE number = ?", [n]) == "open"
    assert moves(desk, n) == []


def test_close_needs_a_visit_after_the_current_resolution(desk: Any) -> None:
    n = to_state(desk, "closed")                      # resolved 03-05, visited 03-08, closed 03-09
    cases.reopen(desk, n, "2026-03-10")
    cases.resolve(desk, n, "fixed", "2026-03-11")
    with pytest.raises(NotAllowed, match="no return visit"):
        cases.close(desk, n, "2026-03-12")
    cases.visit(desk, n, "done", "satisfied", "2026-03-12")
    with pytest.raises(InvalidInput, match="previous step"):
        cases.close(desk, n, "2026-03-11")              # not before the visit
    cases.close(desk, n, "2026-03-13")
    assert desk.scalar("SELECT status FROM cases WHERE number = ?", [n]) == "closed"
