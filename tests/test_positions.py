"""Demonstration sites: red positions, zone suggestions, the six haves, scorecard and ranking."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import add_case, dump, make_mediator, make_site
from redprop.domain import cases, meetings, positions, scorecard
from redprop.errors import InvalidInput, NotAllowed


def test_zone_suggests_its_party_member(desk: Any) -> None:
    positions.add_position(desk, "XH", "zone", "王建国", buildings=["1-3"], start="2026-01-01")
    positions.add_position(desk, "XH", "党员责任区", "刘大姐", buildings=["7, 8"])
    n = add_case(desk, parties=[("applicant", "张伟", "2-1-301")])
    assert positions.suggestion_for_case(desk, n) == {
        "name": "王建国", "building": 2, "is_mediator": True, "assigned": False}
    other = add_case(desk, parties=[("applicant", "李娜", "8-2-101")])
    assert positions.suggestion_for_case(desk, other)["is_mediator"] is False
    assert positions.suggestion_for_case(desk, add_case(desk, parties=[("applicant", "赵", "5-1-101")])) is None
    assert positions.suggestion_for_case(desk, add_case(desk)) is None  # no unit, no building
    # The respondent's building counts when the applicant gave no unit.
    resp = add_case(desk, parties=[("applicant", "钱"), ("respondent", "孙", "3-1-1202")])
    assert positions.suggestion_for_case(desk, resp)["building"] == 3
    listed = positions.list_positions(desk, "XH")
    assert [(p["holder"], p["buildings"], p["mediator"]) for p in listed] == [
        ("王建国", [1, 2, 3], True), ("刘大姐", [7, 8], False)]
    positions.end_position(desk, listed[0]["uuid"])
    assert positions.suggestion_for_case(desk, n) is None
    with pytest.raises(NotAllowed):
        positions.end_position(desk, listed[0]["uuid"])


@pytest.mark.parametrize(
    ("kw", "field", "hint"),
    [
        ({"kind": "zone", "holder": "x"}, "--building", "names its buildings"),
        ({"kind": "demo-post", "holder": "x", "post": "窗口", "buildings": ["1"]}, "--building", "only a"),
        ({"kind": "demo-post", "holder": "x"}, "--post", "names the post"),
        ({"kind": "boss", "holder": "x"}, "--kind", "zone (党员责任区)"),
        ({"kind": "zone", "holder": "x", "buildings": ["3-1"]}, "--building", "not a valid range"),
        ({"kind": "zone", "holder": "x", "buildings": ["A座"]}, "--building", "not a building"),
        ({"kind": "zone", "holder": "x", "buildings": ["2"]}, "--building", "already in an active"),
    ],
)
def test_position_refusals(desk: Any, kw: dict[str, Any], field: str, hint: str) -> None:
    positions.add_position(desk, "XH", "zone", "王建国", buildings=["1-3"])
    before = dump(desk.path)
    with pytest.raises(InvalidInput) as err:
        positions.add_position(desk, "XH", **kw)
    assert err.value.field == field and hint in err.value.problem
    assert dump(desk.path) == before


def test_cli_case_add_suggests_mediator(cli: Any, desk: Any) -> None:
    positions.add_position(desk, "XH", "zone", "王建国", buildings=["1-6"])
    r = cli("case", "add", "--site", "XH", "-c", "leak", "-t", "漏水", "--applicant", "张伟@3-2-501")
    assert r.exit_code == 0 and r.stdout.strip() == "XH-2026-0001"
    assert "suggested mediator: 王建国" in r.stderr and "case assign XH-2026-0001 -m 王建国" in r.stderr
    r = cli("case", "add", "--site", "XH", "-c", "leak", "-t", "漏水", "--applicant", "张伟@3-2-501",
            "-m", "王建国")
    assert r.exit_code == 0 and r.stderr == ""
    r = cli("case", "add", "--site", "XH", "-c", "leak", "-t", "漏水", "--applicant", "张伟@9-2-501")
    assert r.exit_code == 0 and r.stderr == ""
    pos = cli("site", "position", "list", "XH", "--json").json()
    assert pos[0]["buildings"] == [1, 2, 3, 4, 5, 6]


def test_six_haves_checklist(desk: Any) -> None:
    positions.check(desk, "XH", "场所", True, "2026-01-05", "党群服务站 60 平方米")
    positions.check(desk, "XH", "flag", True, "2026-01-05", "悬挂党旗")
    positions.check(desk, "XH", "flag", False, "2026-02-01", "党旗破损待换")
    items = {c["item"]: c for c in positions.checklist(desk, "XH")}
    assert list(items) == ["place", "facilities", "signs", "flag", "books", "rules"]
    assert items["place"] == {"item": "place", "ticked": True, "checked_on": "2026-01-05",
                              "evidence": "党群服务站 60 平方米"}
    assert items["flag"]["ticked"] is False and items["facilities"]["checked_on"] is None
    assert desk.scalar("SELECT count(*) FROM site_checks") == 3  # history kept
    xh = desk.scalar("SELECT id FROM sites WHERE code = 'XH'")
    assert positions.ticked_count(desk, xh, date(2026, 1, 31)) == 2
    assert positions.ticked_count(desk, xh) == 1
    with pytest.raises(InvalidInput, match="place \\(场所\\)"):
        positions.check(desk, "XH", "wifi", True, evidence="x")
    with pytest.raises(InvalidInput, match="evidence"):
        positions.check(desk, "XH", "signs", True)
    with pytest.raises(NotAllowed, match="not ticked"):
        positions.check(desk, "XH", "books", False)
    with pytest.raises(InvalidInput, match="before the last check"):
        positions.check(desk, "XH", "flag", True, "2026-01-20", "新党旗")
    with pytest.raises(InvalidInput, match="future"):
        positions.check(desk, "XH", "rules", True, "2026-04-01", "制度上墙")


def test_demonstration_level(cli: Any, desk: Any) -> None:
    assert cli("site", "level", "XH", "--level", "省级", "--year", "2020").exit_code == 0
    assert cli("site", "show", "XH", "--json").json()["level"] == "province"
    for args, field in ((("--level", "city"), "--year"), (("--level", "national", "--year", "2020"), "--level"),
                        (("--level", "city", "--year", "2099"), "--year"),
                        (("--level", "province", "--year", "2020"), "--level")):
        r = cli("site", "level", "XH", *args)
        assert r.exit_code == 2 and field in r.stderr, (args, r)
    r = cli("site", "check", "XH", "制度", "--evidence", "议事规则上墙", "--date", "2026-03-01")
    assert r.exit_code == 0
    rows = cli("site", "checklist", "XH", "--format", "csv").stdout.splitlines()
    assert rows[0] == "item,ticked,checked_on,evidence" and rows[-1] == "rules,true,2026-03-01,议事规则上墙"


@pytest.fixture
def scored(desk: Any) -> Any:
    """Two sites with figures worked out by hand for 2025."""
    make_site(desk, "JLW", "中海锦珑湾", district="新北区")
    c1 = add_case(desk, reported="2025-01-10")
    c2 = add_case(desk, reported="2025-03-01")
    c3 = add_case(desk, reported="2025-06-01")
    c4 = add_case(desk, reported="2025-12-20")
    c5 = add_case(desk, reported="2024-12-25")
    cases.resolve(desk, c1, "fixed", "2025-01-15")  # 5 days, on time
    cases.resolve(desk, c2, "fixed", "2025-04-10")  # 40 days, late (due 03-31)
    cases.fail(desk, c3, "court", "2025-07-01")
    cases.resolve(desk, c4, "fixed", "2026-01-05")  # resolved after the period
    cases.resolve(desk, c5, "fixed", "2025-01-02")  # 8 days, received the year before
    j = add_case(desk, site="JLW", reported="2025-05-01")
    cases.resolve(desk, j, "fixed", "2025-05-03")
    for month in range(1, 7):
        n = meetings.add(desk, meetings.NewMeeting(sites=["XH"], on=f"2025-{month:02d}-05"))["number"]
        meetings.hold(desk, n)
    meetings.add(desk, meetings.NewMeeting(sites=["XH"], on="2025-08-05"))  # planned, never held
    for item in ("place", "facilities", "signs"):
        positions.check(desk, "XH", item, True, "2025-02-01", "ok")
    for item in ("place", "facilities", "signs", "flag", "books"):
        positions.check(desk, "JLW", item, True, "2025-02-01", "ok")
    positions.check(desk, "JLW", "rules", True, "2026-01-10", "after the period")
    positions.add_position(desk, "XH", "zone", "王建国", buildings=["1-3"])
    positions.add_position(desk, "XH", "demo-post", "陈敏", post="客服窗口")
    make_mediator(desk, "陈德明", ["JLW"])
    return desk


def test_scorecard_case_figures_known_numbers(scored: Any) -> None:
    # resolved in 2025: c1 (5 days, on time), c2 (40 days, late), c5 (8 days, on time); failed: c3.
    # score: 40×3/4 + 20×2/3 + 15×3/6 + 15×min(1, 6/12) + 10×2/3 = 65.0
    assert scorecard.case_figures(scored, "XH", date(2025, 1, 1), date(2025, 12, 31)) == {
        "received": 4, "resolved": 3, "failed": 1, "success_rate": 0.75, "timely_rate": 0.6667,
        "median_days_to_resolve": 8.0, "score": 65.0}
    card = scorecard.scorecard(scored, "XH", date(2025, 1, 1), date(2025, 12, 31))
    assert card["checklist_ticked"] == 3 and card["meetings"]["meetings_held"] == 6
    assert [m["name"] for m in card["mediators"]] == ["王建国"]
    assert [p["kind"] for p in card["positions"]] == ["demo-post", "zone"]
    # 2023: no cases, no checks yet, no meetings; only the two red positions (active now) count.
    empty = scorecard.case_figures(scored, "XH", date(2023, 1, 1), date(2023, 12, 31))
    assert empty == {"received": 0, "resolved": 0, "failed": 0, "success_rate": None, "timely_rate": None,
                     "median_days_to_resolve": None, "score": 6.7}


def test_rank_sites_score(scored: Any) -> None:
    ranked = scorecard.rank_sites(scored, date(2025, 1, 1), date(2025, 12, 31))
    # JLW: 40×1 + 20×1 + 15×5/6 + 15×0 + 10×0 = 72.5
    # XH:  40×3/4 + 20×2/3 + 15×3/6 + 15×min(1, 6/12) + 10×2/3 = 65.0
    assert [(r["rank"], r["site"], r["score"]) for r in ranked] == [(1, "JLW", 72.5), (2, "XH", 65.0)]
    assert ranked[1]["timely_rate"] == 0.6667 and ranked[1]["checklist_ticked"] == 3
    only = scorecard.rank_sites(scored, date(2025, 1, 1), date(2025, 12, 31), district="新北区")
    assert [r["site"] for r in only] == ["JLW"]
    with pytest.raises(InvalidInput):
        scorecard.rank_sites(scored, date(2025, 12, 31), date(2025, 1, 1))


def test_cli_scorecard_and_rank(cli: Any, scored: Any) -> None:
    card = cli("site", "scorecard", "XH", "--year", "2025", "--format", "json").json()
    assert card["cases"]["received"] == 4 and card["cases"]["median_days_to_resolve"] == 8.0
    assert card["period"] == {"from": "2025-01-01", "to": "2025-12-31"}
    table = cli("site", "scorecard", "XH", "--year", "2025")
    assert table.exit_code == 0 and "Six haves 3/6" in table.stdout and "75.0%" in table.stdout
    rank = cli("site", "rank", "--year", "2025", "--json").json()
    assert [r["site"] for r in rank] == ["JLW", "XH"]
    r = cli("site", "scorecard", "XH", "--from", "2025-12-01", "--to", "2025-01-01")
    assert r.exit_code == 2 and "--from" in r.stderr and r.stdout == ""
    r = cli("site", "scorecard", "NOPE")
    assert r.exit_code == 2 and "CODE" in r.stderr
