"""Meetings: agenda building, carry-over, decisions moving cases, minutes and refusals."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from conftest import add_case, dump, make_site
from redprop.domain import cases, meetings
from redprop.errors import InvalidInput, NotAllowed


def _meeting(store: Any, on: str, sites: tuple[str, ...] = ("XH",), **kw: Any) -> str:
    return str(meetings.add(store, meetings.NewMeeting(sites=list(sites), on=on, **kw))["number"])


def _decide(store: Any, number: str, due: str, **kw: Any) -> str:
    kw.setdefault("text", "清理楼道")
    kw.setdefault("unit", "物业公司")
    return str(meetings.decide(store, number, meetings.NewDecision(due=due, **kw))["number"])


@pytest.fixture
def council(desk: Any) -> dict[str, str]:
    """XH with four cases and one at another site; TODAY is 2026-03-15."""
    make_site(desk, "JLW", "中海锦珑湾")
    nums = {
        "throwing": add_case(desk, category="throwing", title="高空抛物", reported="2026-01-10"),
        "ebike": add_case(desk, category="ebike", title="楼道电动车", reported="2026-03-01", due="2026-03-25"),
        "leak": add_case(desk, category="leak", title="漏水", reported="2026-03-10"),
        "done": add_case(desk, category="noise", title="噪音", reported="2026-02-01"),
        "other": add_case(desk, site="JLW", category="leak", title="别处漏水", reported="2026-03-02"),
    }
    cases.resolve(desk, nums["done"], "explained", "2026-02-10")
    return nums


def test_add_defaults_and_numbering(desk: Any) -> None:
    m = meetings.add(desk, meetings.NewMeeting(sites=["XH"], on="2026-03-05"))
    assert (m["number"], m["time"], m["status"], m["kind"]) == ("XH-M2026-01", "19:30", "planned", "council")
    assert _meeting(desk, "2026-03-20") == "XH-M2026-02"
    ev = desk.row("SELECT * FROM events WHERE entity = 'meeting' AND action = 'meeting.add' ORDER BY id LIMIT 1")
    assert json.loads(ev["changes"])["time"] == "19:30"
    assert desk.scalar("SELECT uuid FROM meetings WHERE number = 'XH-M2026-01'")


def test_agenda_sections_reasons_and_carry_over(council: dict[str, str], desk: Any) -> None:
    first = _meeting(desk, "2026-03-01")
    open_d = _decide(desk, first, "2026-03-10", text="拆除违建")
    done_d = _decide(desk, first, "2026-03-10", text="清理楼道")
    meetings.progress(desk, done_d, "done", "2026-03-05")
    second = _meeting(desk, "2026-03-15")

    _, props = meetings.propose_for(desk, second, lang="en")
    recs = [p.record() for p in props]
    assert [r["section"] for r in recs] == ["review", "current", "difficulties", "security"]
    assert recs[0]["decision"] == open_d and "overdue" in recs[0]["title"]
    by_section = {r["section"]: r for r in recs[1:]}
    assert [c["number"] for c in by_section["current"]["cases"]] == [council["ebike"]]
    assert by_section["current"]["cases"][0]["reasons"] == ["open", "due-before-next"]
    assert by_section["security"]["cases"][0]["reasons"] == ["open", "overdue"]
    assert by_section["difficulties"]["cases"][0]["reasons"] == ["open"]
    linked = {c["number"] for r in recs for c in r["cases"]}
    assert council["done"] not in linked and council["other"] not in linked

    # A past meeting sees the cases as they were: on 2026-02-05 the noise case was open.
    _, past = meetings.propose_for(desk, sites=["XH"], on="2026-02-05", lang="en")
    assert council["done"] in {c["number"] for p in past for c in p.cases}


def test_carry_over_until_done(council: dict[str, str], desk: Any) -> None:
    first = _meeting(desk, "2026-02-01")
    d = _decide(desk, first, "2026-02-10")
    second = _meeting(desk, "2026-02-16")
    third = _meeting(desk, "2026-03-01")
    assert [r["number"] for r in meetings.show(desk, second)["carried_over"]] == [d]
    meetings.progress(desk, d, "done", "2026-02-20", feedback="已公示", feedback_on="2026-02-21")
    # Still carried into the meeting before it was done; gone from the one after.
    assert [r["number"] for r in meetings.show(desk, second)["carried_over"]] == [d]
    assert meetings.show(desk, third)["carried_over"] == []
    _, props = meetings.propose_for(desk, third)
    assert all(p.section != "review" for p in props)
    rec = meetings.show_decision(desk, d)
    assert (rec["status"], rec["done_on"], rec["feedback_on"]) == ("done", "2026-02-20", "2026-02-21")


def test_save_agenda_drop_add_and_figures(council: dict[str, str], desk: Any) -> None:
    m = _meeting(desk, "2026-03-15")
    saved = meetings.save_agenda(desk, m, drop=[1])
    assert len(saved) == 2  # current, difficulties, security minus the dropped first
    seq = meetings.add_item(desk, m, "service", "物业费公示", proposer="业主代表",
                            case_numbers=[council["leak"]])["seq"]
    meetings.drop_item(desk, m, seq, "下次再议")
    with pytest.raises(NotAllowed, match="already dropped"):
        meetings.drop_item(desk, m, seq)
    with pytest.raises(NotAllowed, match="already has agenda items"):
        meetings.save_agenda(desk, m)
    with pytest.raises(InvalidInput, match="not at a site of this meeting"):
        meetings.add_item(desk, m, "current", "x", case_numbers=[council["other"]])
    _decide(desk, m, "2026-03-20")
    meetings.hold(desk, m)
    f = meetings.programme_figures(desk, date(2026, 3, 1), date(2026, 3, 31), [])
    assert f["meetings_held"] == 1 and f["items_discussed"] == 2 and f["decisions_made"] == 1
    assert f["decisions_done"] == 0 and f["completion_rate"] == 0.0 and f["overdue_decisions"] == 0


def test_decision_moves_case(council: dict[str, str], desk: Any) -> None:
    m = _meeting(desk, "2026-03-12")
    d = _decide(desk, m, "2026-03-20", case=council["leak"], resolves_case=True, outcome="oral-agreement")
    meetings.progress(desk, d, "in-progress", "2026-03-13")
    assert desk.scalar("SELECT status FROM cases WHERE number = ?", [council["leak"]]) == "mediating"
    meetings.progress(desk, d, "done", "2026-03-14", feedback="维修完成")
    row = desk.row("SELECT status, outcome, resolved_on FROM cases WHERE number = ?", [council["leak"]])
    assert row == {"status": "resolved", "outcome": "oral-agreement", "resolved_on": "2026-03-14"}
    acts = [r["action"] for r in desk.rows(
        "SELECT e.action FROM events e JOIN cases c ON c.id = e.case_id WHERE c.number = ? ORDER BY e.id",
        [council["leak"]])]
    assert acts[-2:] == ["case.move", "case.note"] and "decision.progress" in acts
    with pytest.raises(NotAllowed, match="done, which is final"):
        meetings.progress(desk, d, "open")


def test_decision_case_move_is_one_transaction(desk: Any) -> None:
    late = add_case(desk, reported="2026-03-12")
    m = _meeting(desk, "2026-03-10")
    d = _decide(desk, m, "2026-03-20", case=late, resolves_case=True)
    before = dump(desk.path)
    with pytest.raises(InvalidInput, match="before the reported date"):
        meetings.progress(desk, d, "done", "2026-03-11")
    assert dump(desk.path) == before


def test_decision_without_resolve_leaves_case(council: dict[str, str], desk: Any) -> None:
    m = _meeting(desk, "2026-03-12")
    d = _decide(desk, m, "2026-03-20", case=council["throwing"])
    meetings.progress(desk, d, "done", "2026-03-14")
    assert desk.scalar("SELECT status FROM cases WHERE number = ?", [council["throwing"]]) == "open"


def test_raise_case_from_meeting(council: dict[str, str], desk: Any) -> None:
    m = _meeting(desk, "2026-03-12")
    rec = meetings.raise_case(desk, m, cases.NewCase(site="XH", category="illegal-build", title="屋顶搭建",
                                                     parties=[cases.PartyRef("applicant", "张伟", "3-2-501")]))
    row = desk.row("SELECT source, reported_on FROM cases WHERE number = ?", [rec["number"]])
    assert row == {"source": "meeting", "reported_on": "2026-03-12"}
    items = meetings.show(desk, m)["items"]
    assert items[-1]["section"] == "difficulties" and items[-1]["cases"][0]["number"] == rec["number"]
    item = meetings.add_item(desk, m, "current", "楼道堆物")["seq"]
    rec2 = meetings.raise_case(desk, m, cases.NewCase(site="XH", category="waste", title="堆物"), item)
    assert [c["number"] for c in meetings.show(desk, m)["items"][item - 1]["cases"]] == [rec2["number"]]
    with pytest.raises(InvalidInput, match="not a site of meeting"):
        meetings.raise_case(desk, m, cases.NewCase(site="JLW", category="waste", title="x"))


def test_lifecycle_refusals(desk: Any) -> None:
    m = _meeting(desk, "2026-03-10")
    with pytest.raises(NotAllowed, match=r"held \(`meeting hold`\), cancelled"):
        meetings.close(desk, m)
    meetings.hold(desk, m, "2026-03-10")
    meetings.close(desk, m, "2026-03-11")
    with pytest.raises(NotAllowed, match="closed is final"):
        meetings.close(desk, m)
    with pytest.raises(NotAllowed, match="minutes are signed"):
        meetings.attend(desk, m, "钱伟", "police")
    with pytest.raises(NotAllowed, match="minutes are signed"):
        _decide(desk, m, "2026-03-20")
    future = _meeting(desk, "2026-04-01")
    with pytest.raises(NotAllowed, match="after today"):
        meetings.hold(desk, future)
    meetings.cancel(desk, future, "疫情")
    with pytest.raises(NotAllowed, match="cancelled is final"):
        meetings.hold(desk, future)


@pytest.mark.parametrize(
    ("call", "field", "hint"),
    [
        (lambda s, m: _decide(s, m, "2026-03-09"), "--due", "before the meeting date 2026-03-10"),
        (lambda s, m: meetings.attend(s, m, "钱伟", "boss"), "--role", "police (片区民警)"),
        (lambda s, m: meetings.attend(s, m, "钱伟", "police", absent=True), "--reason", "reason"),
        (lambda s, m: meetings.add_item(s, m, "gossip", "x"), "--section", "review"),
        (lambda s, m: _decide(s, m, "2026-03-20", resolves_case=True), "--resolves-case", "--case"),
        (lambda s, m: meetings.progress(s, _decide(s, m, "2026-03-20"), "overdue"), "--status", "computed"),
        (lambda s, m: meetings.edit_item(s, m, 9, vote="x"), "ITEM", "no item 9"),
    ],
)
def test_refused_input(desk: Any, call: Any, field: str, hint: str) -> None:
    m = _meeting(desk, "2026-03-10")
    with pytest.raises(InvalidInput) as err:
        call(desk, m)
    assert err.value.field == field and hint in err.value.problem


def test_bad_time_and_kind(desk: Any) -> None:
    for kw, field in (({"time": "25:00"}, "--time"), ({"kind": "party"}, "--kind"), ({"on": "2026-02-30"}, "--date")):
        with pytest.raises(InvalidInput) as err:
            meetings.add(desk, meetings.NewMeeting(sites=["XH"], **kw))
        assert err.value.field == field
    assert meetings.add(desk, meetings.NewMeeting(sites=["XH"], time="7:05"))["time"] == "07:05"


def test_programme_figures_known_numbers(desk: Any) -> None:
    make_site(desk, "JLW", "中海锦珑湾")
    a = _meeting(desk, "2026-01-05")
    b = _meeting(desk, "2026-02-05")
    c = _meeting(desk, "2026-02-20", sites=("JLW",))
    _meeting(desk, "2026-02-25")  # planned: not held, not counted
    for n in (a, b, c):
        meetings.add_item(desk, n, "current", "议题一")
        meetings.hold(desk, n)
    meetings.add_item(desk, b, "current", "议题二")
    d1 = _decide(desk, a, "2026-01-15")
    _decide(desk, a, "2026-03-30")
    d3 = _decide(desk, b, "2026-02-10")
    _decide(desk, c, "2026-02-22")
    meetings.progress(desk, d1, "done", "2026-01-14")
    meetings.progress(desk, d3, "done", "2026-03-01")
    xh = desk.scalar("SELECT id FROM sites WHERE code = 'XH'")
    f = meetings.programme_figures(desk, date(2026, 1, 1), date(2026, 2, 28), [xh])
    assert f == {"meetings_held": 2, "items_discussed": 3, "decisions_made": 3, "decisions_done": 1,
                 "completion_rate": 0.3333, "overdue_decisions": 1, "as_of": "2026-02-28"}
    everywhere = meetings.programme_figures(desk, date(2026, 1, 1), date(2026, 3, 31), [])
    assert everywhere["meetings_held"] == 3 and everywhere["decisions_made"] == 4
    assert everywhere["decisions_done"] == 2 and everywhere["overdue_decisions"] == 1  # JLW's, as of 03-15


def test_minutes_formats(council: dict[str, str], desk: Any) -> None:
    from redprop.render import minutes

    m = _meeting(desk, "2026-03-12", place="议事厅", host="周丽萍", recorder="吴晓东")
    meetings.attend(desk, m, "钱伟", "片区民警", "湖塘派出所")
    meetings.attend(desk, m, "孙建华", "committee", "物管会", absent_reason="出差", absent=True)
    meetings.add_item(desk, m, "security", "<script>alert(1)</script> | 高空抛物",
                      case_numbers=[council["throwing"]])
    _decide(desk, m, "2026-03-20", text="加装探头", unit="物业公司", person="马志刚")
    rec = meetings.show(desk, m)
    md = minutes.to_markdown(rec, "zh")
    assert "钱伟" in md and "出差" in md and "加装探头" in md and council["throwing"] in md
    assert "\\| 高空抛物" in md and "<script>" not in md
    page = minutes.to_html(rec, "en")
    assert page.startswith("<!DOCTYPE html>") and "&lt;script&gt;" in page and "<script>" not in page
    assert "http" not in page and "Signatures" not in page and "Recorder" in page


# -- through the command line -------------------------------------------------------------

def test_cli_meeting_life(cli: Any, desk: Any, council: dict[str, str]) -> None:
    r = cli("meeting", "add", "--site", "XH", "--date", "2026-03-15", "--place", "议事厅")
    assert r.exit_code == 0 and r.stdout.strip() == "XH-M2026-01"
    for name, role in (("周丽萍", "社区"), ("钱伟", "police"), ("马志刚", "物业")):
        assert cli("meeting", "attend", "XH-M2026-01", "--name", name, "--role", role).exit_code == 0
    prop = cli("meeting", "agenda", "XH-M2026-01", "--json").json()
    assert [p["section"] for p in prop] == ["current", "difficulties", "security"]
    saved = cli("meeting", "agenda", "XH-M2026-01", "--save", "--drop", "2", "--json").json()
    assert [p["section"] for p in saved] == ["current", "security"]
    r = cli("meeting", "raise", "XH-M2026-01", "--site", "XH", "-c", "throwing", "-t", "花盆坠落")
    assert r.exit_code == 0
    new_case = r.stdout.strip()
    d = cli("meeting", "decide", "XH-M2026-01", "--text", "加装探头", "--unit", "物业公司", "--due", "2026-03-25",
            "--case", new_case, "--resolves-case", "--item", "3")
    assert d.exit_code == 0 and d.stdout.strip() == "XH-M2026-01-D1"
    assert cli("meeting", "hold", "XH-M2026-01").exit_code == 0
    assert cli("decision", "update", "XH-M2026-01-D1", "--status", "done", "--feedback", "已公示").exit_code == 0
    assert cli("case", "show", new_case, "--json").json()["status"] == "resolved"
    assert cli("meeting", "close", "XH-M2026-01").exit_code == 0
    again = cli("meeting", "close", "XH-M2026-01")
    assert again.exit_code == 1 and "closed is final" in again.stderr and again.stdout == ""
    md = cli("meeting", "minutes", "XH-M2026-01", "--format", "markdown")
    assert md.exit_code == 0 and "XH-M2026-01-D1" in md.stdout and "周丽萍" in md.stdout
    shown = cli("meeting", "show", "XH-M2026-01", "--json").json()
    assert shown["status"] == "closed" and shown["present"] == 3 and shown["decisions"][0]["status"] == "done"


def test_cli_refusals_change_nothing(cli: Any, desk: Any) -> None:
    assert cli("meeting", "add", "--site", "XH", "--date", "2026-03-10").exit_code == 0
    before = dump(desk.path)
    cases_ = [
        (("meeting", "attend", "XH-M2026-01", "--name", "钱伟", "--role", "boss"), 2, "--role"),
        (("meeting", "decide", "XH-M2026-01", "--text", "x", "--unit", "社区", "--due", "2026-03-01"), 2,
         "--due: 2026-03-01 is before the meeting date"),
        (("meeting", "close", "XH-M2026-01"), 1, "can move to: held"),
        (("meeting", "show", "XH-M2026-99"), 1, "no meeting"),
        (("meeting", "show", "nonsense"), 2, "not a meeting number"),
        (("meeting", "add", "--site", "ZZ"), 2, "--site"),
        (("decision", "update", "XH-M2026-01-D9", "--status", "done"), 1, "no decision"),
        (("meeting", "list", "--format", "xml"), 2, "--format"),
        (("meeting", "agenda"), 2, "--site"),
    ]
    for args, code, text in cases_:
        r = cli(*args)
        assert r.exit_code == code, (args, r)
        assert text in r.stderr and r.stderr.count("\n") == 1 and r.stdout == "", (args, r)
    assert dump(desk.path) == before


def test_cli_listing_formats(cli: Any, desk: Any) -> None:
    cli("meeting", "add", "--site", "XH", "--date", "2026-03-01", "--kind", "联席会议")
    cli("meeting", "add", "--site", "XH", "--date", "2026-03-10")
    rows = cli("meeting", "list", "--kind", "joint", "--json").json()
    assert [r["number"] for r in rows] == ["XH-M2026-01"] and rows[0]["kind"] == "joint"
    csv = cli("meeting", "list", "--format", "csv", "--from", "2027-01-01").stdout
    assert csv.strip() == ",".join(("number", "uuid", "sites", "kind", "date", "time", "place", "host",
                                    "recorder", "status", "status_on", "present", "absent", "items",
                                    "decisions", "note"))
    nd = cli("meeting", "list", "--format", "ndjson").stdout.strip().splitlines()
    assert [json.loads(x)["date"] for x in nd] == ["2026-03-01", "2026-03-10"]
    dec = cli("decision", "list", "--format", "csv").stdout.splitlines()[0]
    assert dec.startswith("number,uuid,meeting,meeting_on,item,text,unit,person,due_on,status")


def test_every_change_is_logged_and_rows_never_deleted(council: dict[str, str], desk: Any) -> None:
    import sqlite3

    m = _meeting(desk, "2026-03-12")
    meetings.attend(desk, m, "钱伟", "police")
    meetings.save_agenda(desk, m)
    d = _decide(desk, m, "2026-03-20")
    meetings.progress(desk, d, "in-progress", "2026-03-13")
    meetings.hold(desk, m)
    meetings.close(desk, m)
    actions = [r["action"] for r in desk.rows(
        "SELECT action FROM events WHERE entity IN ('meeting', 'decision') ORDER BY id")]
    assert actions == ["meeting.add", "meeting.attend", "meeting.item", "meeting.item", "meeting.item",
                       "decision.add", "decision.progress", "meeting.move", "meeting.move"]
    for table in ("meetings", "meeting_attendees", "agenda_items", "decisions"):
        with pytest.raises(sqlite3.IntegrityError, match="never deletes"), desk.write():
            desk.execute(f"DELETE FROM {table}")


def test_cli_minutes_html_file_and_agenda_for_a_site(cli: Any, desk: Any, council: dict[str, str],
                                                     tmp_path: Any) -> None:
    cli("meeting", "add", "--site", "XH", "--date", "2026-03-10", "--host", "周丽萍")
    out = tmp_path / "minutes.html"
    r = cli("meeting", "minutes", "XH-M2026-01", "--format", "html", "-o", str(out))
    assert r.exit_code == 0 and r.stdout.strip() == str(out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "周丽萍" in page
    r = cli("meeting", "minutes", "XH-M2026-01", "--format", "html", "-o", str(tmp_path / "no" / "x.html"))
    assert r.exit_code == 2 and "--output" in r.stderr
    agenda = cli("meeting", "agenda", "--site", "XH", "--date", "2026-03-15", "--json").json()
    assert {c["number"] for item in agenda for c in item["cases"]} == {
        council["throwing"], council["ebike"], council["leak"]}
