"""Recording a case: numbers, parties, vocabularies, JSON record and history."""

from __future__ import annotations

import getpass
import json
import re
import sqlite3
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, USER, add_case, make_mediator, make_site
from redprop.domain import cases
from redprop.errors import InvalidInput

REQUIRED_KEYS = {
    "number", "uuid", "site", "category", "title", "status", "outcome", "source", "reported_on",
    "due_on", "resolved_on", "closed_on", "overdue", "mediators", "parties",
}


def test_case_add_prints_only_the_number(cli: Any, desk: Any) -> None:
    r = cli("case", "add", "--site", "XH", "--category", "leak", "--title", "12F 漏水")
    assert r.exit_code == 0, r
    assert r.stdout == "XH-2026-0001\n"
    assert r.stderr == ""
    row = desk.row("SELECT * FROM cases")
    assert row["number"] == "XH-2026-0001" and row["title"] == "12F 漏水"
    assert row["status"] == "open" and row["source"] == "application"
    assert row["reported_on"] == TODAY and row["due_on"] == "2026-04-14"


def test_case_add_json_record(cli: Any, desk: Any) -> None:
    assert cli("person", "add", "--name", "张伟", "--site", "XH", "--unit", "12-1-1201",
               "--phone", "13812345678").exit_code == 0
    r = cli("case", "add", "--site", "xh", "-c", "漏水", "-t", "12F→11F 漏水", "--source", "申请",
            "--applicant", "李娜@11-1-1101", "--respondent", "张伟@12-1-1201", "-m", "王建国",
            "--amount", "3200", "--reported", "2026-03-01", "--tag", "漏水,楼上", "--json")
    assert r.exit_code == 0, r
    out = r.json()
    assert set(out) >= REQUIRED_KEYS
    assert uuid.UUID(out["uuid"]).version == 4
    assert out["number"] == "XH-2026-0001"
    assert (out["site"], out["category"], out["source"], out["status"]) == (
        "XH", "leak", "application", "mediating")
    assert out["title"] == "12F→11F 漏水"
    assert (out["reported_on"], out["due_on"]) == ("2026-03-01", "2026-03-31")
    assert out["resolved_on"] is None and out["closed_on"] is None and out["outcome"] is None
    assert out["overdue"] is False
    assert out["amount"] == 3200.0
    assert out["tags"] == ["漏水", "楼上"]
    assert [m["name"] for m in out["mediators"]] == ["王建国"]
    parties = {p["role"]: p for p in out["parties"]}
    assert parties["applicant"]["name"] == "李娜" and parties["applicant"]["unit"] == "11-1-1101"
    assert parties["respondent"]["phone"] == "138****5678"
    assert "13812345678" not in r.stdout
    assert "events" in out and out["events"][0]["action"] == "case.add"


def test_numbers_per_site_per_year_of_the_reported_date(desk: Any) -> None:
    make_site(desk, "JL", "中海锦珑湾")
    got = [
        add_case(desk, reported="2025-12-30"),
        add_case(desk, reported="2026-01-02"),
        add_case(desk, reported="2025-12-31"),
        add_case(desk, site="JL"),
        add_case(desk, reported="2026-03-15"),
        add_case(desk, site="jl", reported="2025-06-01"),
    ]
    assert got == ["XH-2025-0001", "XH-2026-0001", "XH-2025-0002", "JL-2026-0001", "XH-2026-0002",
                   "JL-2025-0001"]
    for n in got:
        assert re.fullmatch(r"[A-Z][A-Z0-9]*-\d{4}-\d{4}", n)


def test_parties_are_matched_or_created(desk: Any) -> None:
    a = add_case(desk, parties=[("applicant", "张三", "3-2-501"), ("respondent", "物业公司", None)])
    assert desk.scalar("SELECT count(*) FROM people WHERE name = '张三'") == 1
    # same name and unit (written differently): the same person
    b = add_case(desk, parties=[("applicant", "张三", "03-02-0501")])
    # a bare name matches the one person of that name at the site
    c = add_case(desk, parties=[("respondent", "张三", None)])
    assert desk.scalar("SELECT count(*) FROM people WHERE name = '张三'") == 1
    pid = desk.scalar("SELECT id FROM people WHERE name = '张三'")
    linked = desk.rows("SELECT c.number, cp.role FROM case_parties cp JOIN cases c ON c.id = cp.case_id "
                       "WHERE cp.person_id = ? ORDER BY c.id", [pid])
    assert [(r["number"], r["role"]) for r in linked] == [(a, "applicant"), (b, "applicant"),
                                                          (c, "respondent")]
    # another unit: a new person; then the bare name is ambiguous and refused
    add_case(desk, parties=[("applicant", "张三", "5-1-101")])
    assert desk.scalar("SELECT count(*) FROM people WHERE name = '张三'") == 2
    before = desk.scalar("SELECT count(*) FROM cases")
    with pytest.raises(InvalidInput) as e:
        add_case(desk, parties=[("applicant", "张三", None)])
    assert e.value.field == "--applicant" and "NAME@UNIT" in e.value.problem
    assert desk.scalar("SELECT count(*) FROM cases") == before
    # people are per site: 张三 at another site is someone else
    make_site(desk, "JL", "中海锦珑湾")
    add_case(desk, site="JL", parties=[("applicant", "张三", "3-2-501")])
    assert desk.scalar("SELECT count(*) FROM people WHERE name = '张三'") == 3


def test_party_created_by_a_case_is_logged(desk: Any) -> None:
    add_case(desk, parties=[("applicant", "赵敏", "1-1-101")])
    ev = desk.row("SELECT * FROM events WHERE action = 'person.add' AND ref = '赵敏'")
    assert ev["ref"] == "赵敏" and json.loads(ev["changes"])["unit"] == "1-1-101"


@pytest.mark.parametrize(("option", "value", "column", "key"), [
    ("--source", "申请", "source", "application"),
    ("--source", "proactive sweep", "source", "proactive"),
    ("--source", "主动", "source", "proactive"),
    ("--source", "12345", "source", "hotline"),
    ("--source", "REFERRAL", "source", "referral"),
    ("--category", "漏水", "category", "leak"),
    ("--category", "Leak", "category", "leak"),
    ("--category", "high-altitude throwing", "category", "throwing"),
    ("--category", "电动车停放充电", "category", "ebike"),
])
def test_enums_accept_key_or_either_label(cli: Any, desk: Any, option: str, value: str,
                                          column: str, key: str) -> None:
    args = {"--site": "XH", "--category": "other", "--title": "t", option: value}
    r = cli("case", "add", *[x for kv in args.items() for x in kv], "--json")
    assert r.exit_code == 0, r
    assert r.json()[column] == key


@pytest.mark.parametrize(("value", "key"), [("口头协议", "oral-agreement"), ("written", "written-agreement"),
                                            ("问题已整改", "fixed"), ("Explained", "explained")])
def test_outcome_accepts_labels(cli: Any, desk: Any, value: str, key: str) -> None:
    n = add_case(desk)
    r = cli("case", "resolve", n, "--outcome", value, "--json")
    assert r.exit_code == 0, r
    assert r.json()["outcome"] == key


@pytest.mark.parametrize(("ful", "sat", "keys"), [
    ("已履行", "基本满意", ("done", "basically")),
    ("partly", "不满意", ("partial", "dissatisfied")),
    ("not", "satisfied", ("not", "satisfied")),
])
def test_visit_accepts_labels(cli: Any, desk: Any, ful: str, sat: str, keys: tuple[str, str]) -> None:
    n = add_case(desk)
    cases.resolve(desk, n, "fixed")
    r = cli("case", "visit", n, "--fulfilment", ful, "--satisfaction", sat, "--json")
    assert r.exit_code == 0, r
    v = r.json()["visits"][0]
    assert (v["fulfilment"], v["satisfaction"]) == keys


def test_mediator_by_name_at_site(cli: Any, desk: Any) -> None:
    make_site(desk, "JL", "中海锦珑湾")
    make_mediator(desk, "王建国", ["JL"])  # a namesake at another site
    r = cli("case", "add", "--site", "JL", "-c", "noise", "-t", "健身区噪音", "-m", "王建国", "--json")
    assert r.exit_code == 0, r
    jl = desk.scalar("SELECT m.uuid FROM mediators m JOIN mediator_sites ms ON ms.mediator_id = m.id "
                     "JOIN sites s ON s.id = ms.site_id WHERE s.code = 'JL'")
    assert [m["uuid"] for m in r.json()["mediators"]] == [jl]
    r = cli("case", "list", "--mediator", "王建国@JL", "--json")
    assert [c["site"] for c in r.json()] == ["JL"]
    r = cli("case", "list", "--mediator", "王建国")
    assert r.exit_code == 2 and "NAME@SITE" in r.stderr


# -- history -------------------------------------------------------------------

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def test_every_change_is_logged_with_when_who_what_and_old_new(cli: Any, desk: Any) -> None:
    n = cli("case", "add", "--site", "XH", "-c", "noise", "-t", "噪音", "--by", "李主任").stdout.strip()
    assert cli("case", "edit", n, "--title", "健身区噪音", "-c", "噪音").exit_code == 0
    assert cli("--by", "王建国", "case", "note", n, "上门了解").exit_code == 0
    assert cli("case", "resolve", n, "--outcome", "explained", "--by", "老娘舅").exit_code == 0
    r = cli("case", "show", n, "--json")
    evs = r.json()["events"]
    assert [e["action"] for e in evs] == ["case.add", "case.edit", "case.move", "case.note",
                                          "case.move"]
    assert [e["actor"] for e in evs] == ["李主任", USER, "王建国", "王建国", "老娘舅"]
    for e in evs:
        assert ISO_WITH_OFFSET.match(e["at"]), e["at"]
        datetime.fromisoformat(e["at"])
    # the category given is the one it already had: only the title changed
    assert evs[1]["changes"] == {"title": ["噪音", "健身区噪音"]}
    assert evs[2]["changes"]["status"] == ["open", "mediating"]
    assert evs[3]["changes"]["note"] == "上门了解"
    assert evs[4]["changes"]["status"] == ["mediating", "resolved"]
    assert evs[4]["changes"]["outcome"] == [None, "explained"]


def test_actor_falls_back_to_the_os_user(cli: Any, desk: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDPROP_USER")
    n = add_case(desk)
    assert cli("case", "note", n, "x").exit_code == 0
    assert desk.scalar("SELECT actor FROM events WHERE action = 'case.note'") == getpass.getuser()


def test_edit_with_nothing_changed_is_refused(cli: Any, desk: Any) -> None:
    n = add_case(desk)
    r = cli("case", "edit", n)
    assert r.exit_code == 2 and r.stdout == ""
    assert desk.scalar("SELECT count(*) FROM events WHERE action = 'case.edit'") == 0


def test_events_are_append_only_and_main_tables_never_delete(desk: Any, db_path: Path) -> None:
    n = add_case(desk, parties=[("applicant", "张三", "3-2-501")])
    cases.note(desk, n, "记录")
    cases.resolve(desk, n, "fixed")
    cases.visit(desk, n, "done", "satisfied")
    conn = sqlite3.connect(str(db_path))
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE events SET actor = 'someone else'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM events")
        for table in ("sites", "people", "mediators", "categories", "cases", "case_notes", "case_visits"):
            with pytest.raises(sqlite3.IntegrityError, match="never deletes"):
                conn.execute(f"DELETE FROM {table}")
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
        conn.rollback()
    finally:
        conn.close()


def test_every_record_has_a_uuid(desk: Any) -> None:
    n = add_case(desk, parties=[("applicant", "张三", "3-2-501")], mediators=["王建国"])
    cases.note(desk, n, "记录")
    cases.resolve(desk, n, "fixed")
    cases.visit(desk, n, "done", "satisfied")
    tables = [r["name"] for r in desk.rows(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    with_uuid = [t for t in tables
                 if any(c["name"] == "uuid" for c in desk.rows(f"PRAGMA table_info({t})"))]
    assert {"sites", "people", "mediators", "categories", "cases", "case_notes", "case_visits",
            "events"} <= set(with_uuid)
    for t in with_uuid:
        values = [r["uuid"] for r in desk.rows(f"SELECT uuid FROM {t}")]
        for v in values:
            assert str(uuid.UUID(v)) == v
        assert len(set(values)) == len(values)
    for ev in desk.rows("SELECT entity, entity_uuid FROM events"):
        table = {"case": "cases", "person": "people", "site": "sites", "mediator": "mediators",
                 "category": "categories"}[ev["entity"]]
        assert desk.scalar(f"SELECT 1 FROM {table} WHERE uuid = ?", [ev["entity_uuid"]])


def test_case_show_by_uuid(cli: Any, desk: Any) -> None:
    n = add_case(desk)
    u = desk.scalar("SELECT uuid FROM cases WHERE number = ?", [n])
    r = cli("case", "show", u, "--json")
    assert r.exit_code == 0 and r.json()["number"] == n
    r = cli("case", "show", n.lower(), "--json")
    assert r.exit_code == 0 and r.json()["number"] == n
