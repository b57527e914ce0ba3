"""`redprop report`: meetings, joint activities, `--by company` and `--by ranking`.

Every expected figure below is counted by hand from the fixture, not by the code under test.
Today is pinned to 2026-03-15 (conftest).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from conftest import add_case, make_site
from redprop.domain import alliances, cases, meetings, positions


@pytest.fixture
def programme(desk: Any) -> Any:
    """XH and JLW in January–February 2026.

    Meetings: XH holds 2026-01-05 (2 items, one dropped) and 2026-02-05 (1 item); a planned
    meeting on 2026-02-20 is never held. JLW holds a joint meeting with XH on 2026-01-20.
    Decisions: D1 (01-05, due 01-31, done 01-20), D2 (01-05, due 02-10, never done),
    D3 (02-05, due 02-28, done 03-01: after February).
    Activities: 2026-01-10 at XH+JLW (50 people), 2026-02-14 at JLW (30), 2025-12-20 at XH (99).
    Service complaints: against 星河物业 reported 01-03 resolved 01-10,
    reported 01-15 never resolved (due 02-14); against 中海物业 at JLW reported 02-01 resolved 03-02.
    """
    make_site(desk, "JLW", "中海锦珑湾", district="新北区", company="中海物业")
    m1 = meetings.add(desk, meetings.NewMeeting(sites=["XH"], on="2026-01-05"))["number"]
    meetings.add_item(desk, m1, "current", "电动车进楼")
    meetings.add_item(desk, m1, "security", "高空抛物排查")
    meetings.drop_item(desk, m1, 2, "并入下次")
    meetings.hold(desk, m1)
    d1 = meetings.decide(desk, m1, meetings.NewDecision("装充电桩", "物业", "2026-01-31"))["number"]
    meetings.decide(desk, m1, meetings.NewDecision("修门禁", "物业", "2026-02-10"))["number"]
    meetings.progress(desk, d1, "done", "2026-01-20")
    m2 = meetings.add(desk, meetings.NewMeeting(sites=["XH"], on="2026-02-05"))["number"]
    meetings.add_item(desk, m2, "service", "绿化补种")
    meetings.hold(desk, m2)
    d3 = meetings.decide(desk, m2, meetings.NewDecision("补种", "物业", "2026-02-28"))["number"]
    meetings.progress(desk, d3, "done", "2026-03-01")
    meetings.add(desk, meetings.NewMeeting(sites=["XH"], on="2026-02-20"))
    m4 = meetings.add(desk, meetings.NewMeeting(sites=["XH", "JLW"], kind="joint", on="2026-01-20"))["number"]
    meetings.hold(desk, m4)
    alliances.add_activity(desk, "safety", "消防演练", "2026-01-10", sites=["XH", "JLW"],
                           organisers=["星河社区"], participants=50)
    alliances.add_activity(desk, "festival", "元宵游园", "2026-02-14", sites=["JLW"],
                           organisers=["星河社区"], participants=30)
    alliances.add_activity(desk, "patrol", "冬季巡逻", "2025-12-20", sites=["XH"],
                           organisers=["星河社区"], participants=99)
    c1 = alliances.complain(desk, "XH", "电梯困人", "星河物业", reported="2026-01-03")["number"]
    cases.resolve(desk, c1, "fixed", "2026-01-10")
    alliances.complain(desk, "XH", "保洁不到位", "星河物业", reported="2026-01-15")
    c3 = alliances.complain(desk, "JLW", "门岗脱岗", reported="2026-02-01")["number"]
    cases.resolve(desk, c3, "fixed", "2026-03-02")
    # An ordinary case at XH, failed in February, and one at JLW resolved late.
    c4 = add_case(desk, reported="2026-01-08")
    cases.fail(desk, c4, "court", "2026-02-02")
    c5 = add_case(desk, site="JLW", reported="2026-01-02")
    cases.resolve(desk, c5, "fixed", "2026-02-20")  # due 02-01: late
    for item in ("place", "facilities", "signs", "flag"):
        positions.check(desk, "XH", item, True, "2026-01-01", "ok")
    positions.check(desk, "JLW", "place", True, "2026-03-10", "after the period")
    positions.add_position(desk, "XH", "zone", "王建国", buildings=["1-3"])
    return desk


def _report(cli: Any, *args: str) -> dict[str, Any]:
    r = cli("report", "--from", "2026-01-01", "--to", "2026-02-28", *args, "--json")
    assert r.exit_code == 0, r
    return r.json()  # type: ignore[no-any-return]


def test_meetings_and_activities_in_the_report(cli: Any, programme: Any) -> None:
    data = _report(cli)
    # Held: 01-05, 02-05 at XH and the joint 01-20; items: 1 + 1 (one dropped) + 0; decisions D1-D3,
    # done by 02-28: D1; overdue on 02-28: D2 (due 02-10). D3 was due 02-28, not before it.
    assert data["meetings"] == {"meetings_held": 3, "items_discussed": 2, "decisions_made": 3,
                                "decisions_done": 1, "completion_rate": 0.3333, "overdue_decisions": 1,
                                "as_of": "2026-02-28"}
    assert data["activities"] == {"held": 2, "participants": 80}
    jlw = _report(cli, "--site", "JLW")
    assert jlw["meetings"]["meetings_held"] == 1 and jlw["meetings"]["decisions_made"] == 0
    assert jlw["activities"] == {"held": 2, "participants": 80}
    xh = _report(cli, "--site", "XH")
    assert xh["activities"] == {"held": 1, "participants": 50}
    assert "by_company" not in data and "ranking" not in data


def test_by_company(cli: Any, programme: Any) -> None:
    rows = _report(cli, "--by", "company")["by_company"]
    # 星河物业: two complaints, one resolved, the other due 02-14 and open on 02-28.
    # 中海物业: one complaint, resolved 03-02, after the period; due 03-03, not overdue on 02-28.
    assert rows == [
        {"key": "星河物业", "label": "星河物业", "received": 2, "resolved": 1, "overdue": 1, "resolve_rate": 0.5,
         "share": 0.6667},
        {"key": "中海物业", "label": "中海物业", "received": 1, "resolved": 0, "overdue": 0, "resolve_rate": 0.0,
         "share": 0.3333},
    ]
    assert _report(cli, "--by", "物业公司")["by_company"] == rows
    table = cli("--lang", "zh", "report", "--from", "2026-01-01", "--to", "2026-02-28", "--by", "company")
    assert table.exit_code == 0 and "各物业公司投诉" in table.stdout and "星河物业" in table.stdout
    assert "各小区情况" not in table.stdout  # --by shows the sections named, and only those


def test_by_ranking_scores(cli: Any, programme: Any) -> None:
    ranking = _report(cli, "--by", "ranking")["ranking"]
    # XH: resolved c1, failed c4 → 1/2; on time 1/1; checklist 4/6; meetings 3 in 2 months → 1;
    #     positions 1/3.  40×0.5 + 20×1 + 15×4/6 + 15×1 + 10×1/3 = 68.3
    # JLW: resolved c5 (late), no failures → 1; on time 0/1; checklist 0 (ticked after the period);
    #     meetings 1 in 2 months → 0.5; positions 0.  40 + 0 + 0 + 7.5 + 0 = 47.5
    assert [(r["rank"], r["site"], r["score"]) for r in ranking] == [(1, "XH", 68.3), (2, "JLW", 47.5)]
    xh = ranking[0]
    assert (xh["received"], xh["resolved"], xh["failed"], xh["success_rate"], xh["timely_rate"]) == (3, 1, 1, 0.5,
                                                                                                    1.0)
    assert (xh["meetings_held"], xh["checklist_ticked"], xh["positions"]) == (3, 4, 1)
    assert ranking[1]["timely_rate"] == 0.0 and ranking[1]["median_days_to_resolve"] == 49
    by_site = {r["site"]: r for r in _report(cli)["by_site"]}
    for r in ranking:  # the ranking and the report's site rows never disagree
        s = by_site[r["site"]]
        assert (r["received"], r["resolved"], r["failed"], r["success_rate"]) == (
            s["received"], s["resolved"], s["failed"], s["success_rate"])
    assert cli("site", "rank", "--from", "2026-01-01", "--to", "2026-02-28", "--json").json() == ranking


def test_sections_in_every_format(cli: Any, programme: Any) -> None:
    args = ("report", "--from", "2026-01-01", "--to", "2026-02-28", "--by", "company", "--by", "ranking")
    md = cli("--lang", "en", *args, "-f", "markdown")
    assert md.exit_code == 0
    assert "## Meetings and the alliance" in md.stdout and "| Overdue decisions | 1 |" in md.stdout
    assert "| 星河物业 | 2 | 1 | 50.0% | 1 | 66.7% |" in md.stdout
    assert "| 1 | XH | 星河国际 | 68.3 |" in md.stdout and "## By category" not in md.stdout
    html = cli("--lang", "en", *args, "-f", "html").stdout
    assert "Property service complaints by company" in html and "68.3" in html and "Joint activities" in html
    csv_lines = cli(*args, "-f", "csv").stdout.splitlines()
    header = csv_lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in csv_lines[1:]]
    assert {(r["key"], r["value"]) for r in rows if r["section"] == "meetings"} >= {
        ("meetings_held", "3"), ("overdue_decisions", "1")}
    assert [(r["site"], r["score"]) for r in rows if r["section"] == "ranking"] == [("XH", "68.3"),
                                                                                   ("JLW", "47.5")]
    assert [r["key"] for r in rows if r["section"] == "by_company"] == ["星河物业", "中海物业"]


def test_bad_section(cli: Any, programme: Any) -> None:
    r = cli("report", "--by", "weather")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "--by" in r.stderr and "company" in r.stderr


def test_ndjson_carries_the_csv_rows(cli: Any, programme: Any) -> None:
    args = ("report", "--from", "2026-01-01", "--to", "2026-02-28", "--by", "ranking")
    lines = cli(*args, "--format", "ndjson").stdout.splitlines()
    recs = [json.loads(line) for line in lines]
    csv_rows = list(csv.DictReader(io.StringIO(cli(*args, "--format", "csv").stdout)))
    assert [(r["section"], r["key"]) for r in recs] == [(r["section"], r["key"]) for r in csv_rows]
    ranking = [r for r in recs if r["section"] == "ranking"]
    assert [(r["site"], r["score"], r["timely_rate"]) for r in ranking] == [("XH", 68.3, 1.0), ("JLW", 47.5, 0.0)]
    assert next(r for r in recs if r["section"] == "totals")["median_days_to_resolve"] is not None
    assert {"section": "meetings", "key": "overdue_decisions", "value": 1}.items() <= next(
        r for r in recs if r["key"] == "overdue_decisions").items()


def test_html_shows_control_characters_from_a_tampered_file(cli: Any, programme: Any) -> None:
    # The CLI refuses control characters; a file edited by other tools may still hold them.
    programme.conn.execute("UPDATE sites SET name = 'A\x1b[2JB<i>' WHERE code = 'JLW'")
    html = cli("report", "--from", "2026-01-01", "--to", "2026-02-28", "--by", "ranking", "-f", "html").stdout
    assert "\x1b" not in html and "A\\x1b[2JB&lt;i&gt;" in html
