"""The 红色物业联盟: alliances, cross-appointments, activities and service supervision."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conftest import add_case, dump, make_site
from redprop.domain import alliances, cases
from redprop.errors import InvalidInput, NotFound


@pytest.fixture
def hengtang(store: Any) -> Any:
    make_site(store, "HTY", "横塘雅苑", community="横塘社区", district="天宁区", company="景瑞物业")
    make_site(store, "HTH", "横塘花园", community="横塘社区", district="天宁区", company="新城物业")
    make_site(store, "HTM", "横塘名邸", community="横塘社区", district="天宁区", company="新城物业")
    alliances.add(store, "HT", "横塘社区红色物业联盟", ["HTY", "HTH"], founded="2025-06-01")
    return store


def test_alliance_joins_sites_and_their_companies(hengtang: Any) -> None:
    alliances.join(hengtang, "HT", ["HTM"])
    rec = alliances.show(hengtang, "ht")
    assert rec["community"] == "横塘社区" and rec["sites"] == ["HTH", "HTM", "HTY"]
    assert rec["companies"] == ["新城物业", "景瑞物业"]
    with pytest.raises(InvalidInput, match="already in the alliance"):
        alliances.join(hengtang, "HT", ["HTM"])
    with pytest.raises(InvalidInput, match="already exists"):
        alliances.add(hengtang, "HT", "重复", ["HTY"])
    with pytest.raises(NotFound, match="known alliances: HT"):
        alliances.show(hengtang, "XX")


def test_cross_appointments(hengtang: Any) -> None:
    alliances.appoint(hengtang, "HT", "张红梅", "横塘社区党委", "党建指导员", "景瑞物业党支部", "2025-06-01")
    alliances.appoint(hengtang, "HT", "孙立", "景瑞物业党支部", "兼职副书记", "横塘社区第二党支部",
                      "2025-06-01", "2026-01-31")
    rec = alliances.show(hengtang, "HT")
    assert [(a["person"], a["current"]) for a in rec["appointments"]] == [("张红梅", True), ("孙立", False)]
    with pytest.raises(InvalidInput) as err:
        alliances.appoint(hengtang, "HT", "x", "A", "r", "B", "2026-02-01", "2026-01-01")
    assert err.value.field == "--end"
    with pytest.raises(InvalidInput) as err:
        alliances.appoint(hengtang, "HT", "x", "A", "r", "A")
    assert err.value.field == "--to-org"
    ev = hengtang.rows("SELECT action FROM events WHERE entity = 'alliance' ORDER BY id")
    assert [e["action"] for e in ev] == ["alliance.add", "alliance.appoint", "alliance.appoint"]


def test_activities_are_not_cases(hengtang: Any) -> None:
    alliances.add_activity(hengtang, "garbage", "垃圾分类宣传", "2026-03-05", "HT", None,
                           ["横塘社区", "景瑞物业"], 85)
    alliances.add_activity(hengtang, "义务巡逻", "夜间巡逻", "2026-03-10", None, ["HTY"], ["横塘社区"], 20)
    assert hengtang.scalar("SELECT count(*) FROM cases") == 0
    all_ = alliances.list_activities(hengtang)
    assert [(a["kind"], a["sites"], a["participants"]) for a in all_] == [
        ("garbage", ["HTH", "HTY"], 85), ("patrol", ["HTY"], 20)]
    assert [a["title"] for a in alliances.list_activities(hengtang, sites=["HTH"])] == ["垃圾分类宣传"]
    assert [a["title"] for a in alliances.list_activities(hengtang, kind="patrol")] == ["夜间巡逻"]
    assert alliances.list_activities(hengtang, date_from="2026-03-06", date_to="2026-03-31")[0]["kind"] == "patrol"
    for kw, field in (({"kind": "dance"}, "--kind"), ({"on": "2026-04-01"}, "--date"),
                      ({"organisers": []}, "--organiser"), ({"participants": -1}, "--participants")):
        args: dict[str, Any] = {"kind": "safety", "title": "t", "on": "2026-03-01", "alliance": "HT",
                                "organisers": ["横塘社区"], **kw}
        with pytest.raises(InvalidInput) as err:
            alliances.add_activity(hengtang, **args)
        assert err.value.field == field


def test_complaint_is_a_service_case_against_the_company(hengtang: Any) -> None:
    c = alliances.complain(hengtang, "HTY", "绿化无人修剪", reported="2026-03-01")
    rec = hengtang.row("SELECT k.key, c.source FROM cases c JOIN categories k ON k.id = c.category_id "
                       "WHERE c.number = ?", [c["number"]])
    assert rec == {"key": "service", "source": "proactive"}
    party = hengtang.row("SELECT p.name, p.kind, cp.role FROM case_parties cp JOIN people p "
                         "ON p.id = cp.person_id WHERE cp.case_id = ?", [c["id"]])
    assert party == {"name": "景瑞物业", "kind": "company", "role": "respondent"}
    # The company person is reused, not duplicated.
    alliances.complain(hengtang, "HTY", "车库照明损坏", reported="2026-03-02")
    assert hengtang.scalar("SELECT count(*) FROM people WHERE name = '景瑞物业'") == 1
    make_site(hengtang, "NOCO", "无物业小区")
    with pytest.raises(InvalidInput) as err:
        alliances.complain(hengtang, "NOCO", "x")
    assert err.value.field == "--company"


def test_company_figures_known_numbers(hengtang: Any) -> None:
    # HTY: 3 complaints against 景瑞物业 (1 resolved, 1 overdue, 1 open not yet due).
    a = alliances.complain(hengtang, "HTY", "a", reported="2026-01-05")["number"]
    alliances.complain(hengtang, "HTY", "b", reported="2026-01-10")  # due 02-09: overdue at 03-15
    alliances.complain(hengtang, "HTY", "c", reported="2026-03-01")  # due 03-31: not overdue
    cases.resolve(hengtang, a, "fixed", "2026-01-20")
    # HTH: one against an explicitly named company, one tied by the site's company.
    b = alliances.complain(hengtang, "HTH", "d", company="碧桂园服务", reported="2026-02-01")["number"]
    cases.resolve(hengtang, b, "fixed", "2026-02-03")
    add_case(hengtang, site="HTH", category="service", title="e", reported="2026-02-02")
    add_case(hengtang, site="HTH", category="noise", title="not service", reported="2026-02-02")
    add_case(hengtang, site="HTY", category="service", title="last year", reported="2025-12-30")
    figs = alliances.company_figures(hengtang, date(2026, 1, 1), date(2026, 3, 31))
    assert figs == [
        {"company": "景瑞物业", "received": 3, "resolved": 1, "overdue": 1},
        {"company": "新城物业", "received": 1, "resolved": 0, "overdue": 1},
        {"company": "碧桂园服务", "received": 1, "resolved": 1, "overdue": 0},
    ]
    hty = hengtang.scalar("SELECT id FROM sites WHERE code = 'HTY'")
    # On 01-31 case b (due 02-09) was not yet overdue.
    assert alliances.company_figures(hengtang, date(2026, 1, 1), date(2026, 1, 31), [hty]) == [
        {"company": "景瑞物业", "received": 2, "resolved": 1, "overdue": 0}]


def test_cli_alliance_and_activity(cli: Any, hengtang: Any) -> None:
    rows = cli("alliance", "list", "--json").json()
    assert rows[0]["code"] == "HT" and rows[0]["companies"] == ["新城物业", "景瑞物业"]
    r = cli("activity", "add", "--alliance", "HT", "--kind", "垃圾分类", "--title", "宣传周",
            "--organiser", "横塘社区", "--participants", "40", "--date", "2026-03-01")
    assert r.exit_code == 0 and len(r.stdout.strip()) == 36
    listed = cli("activity", "list", "--alliance", "HT", "--format", "ndjson").stdout.strip().splitlines()
    assert len(listed) == 1
    csv = cli("activity", "list", "--format", "csv").stdout.splitlines()[0]
    assert csv == "uuid,date,kind,title,alliance,sites,organisers,participants,note"
    r = cli("alliance", "complain", "--site", "HTH", "--title", "保洁不到位")
    assert r.exit_code == 0 and r.stdout.strip().startswith("HTH-2026-")
    before = dump(hengtang.path)
    for args, code, field in ((("activity", "add", "--kind", "dance", "--title", "x", "--organiser", "a",
                                "--site", "HTY"), 2, "--kind"),
                              (("alliance", "show", "NOPE"), 1, "no alliance"),
                              (("activity", "list", "--alliance", "NOPE"), 2, "--alliance"),
                              (("alliance", "appoint", "HT", "--person", "x", "--from-org", "a", "--role", "r",
                                "--to-org", "b", "--start", "2026-13-01"), 2, "--start")):
        r = cli(*args)
        assert r.exit_code == code and field in r.stderr and r.stdout == "", (args, r)
    assert dump(hengtang.path) == before
