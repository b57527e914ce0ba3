"""`redprop report`: every counter against figures worked out by hand, the edges, formats, bad input.

The hand-built desk below is small enough to count on paper; each expected
figure has its reason next to it. test_report_oracle.py checks random desks
against an independent model.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import add_case, make_mediator, make_site
from redprop.domain import cases, report, report_period

TODAY = "2026-12-15"


@pytest.fixture
def book(store: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Sites XH and JLW with cases, ZERO with none. Returns case numbers by name."""
    monkeypatch.setenv("REDPROP_TODAY", TODAY)
    make_site(store, "XH", "星河国际", community="星河社区", street="湖塘镇", district="武进区")
    make_site(store, "JLW", "中海锦珑湾", community="锦珑社区", street="龙虎塘街道", district="新北区")
    make_site(store, "ZERO", "横塘小苑", community="横塘社区", street="青龙街道", district="天宁区")
    make_mediator(store, "王建国", ["XH"])
    make_mediator(store, "李四", ["JLW"], title="full-time")
    n: dict[str, str] = {}
    # c1: reported in October, resolved in November (23 days), agreed ¥3,200.
    n["c1"] = add_case(store, category="leak", reported="2026-10-10", mediators=["王建国"])
    cases.resolve(store, n["c1"], "written", "2026-11-02", agreed="3200")
    # c2: resolved in October, reopened, resolved again in November: counts once, in November.
    n["c2"] = add_case(store, category="noise", reported="2026-10-05", source="proactive", mediators=["王建国"])
    cases.resolve(store, n["c2"], "oral", "2026-10-20")
    cases.reopen(store, n["c2"], "2026-10-25", "申请人反映又有噪音")
    cases.resolve(store, n["c2"], "oral", "2026-11-10")
    # c3: resolved on the last day of October (30 days); its return visit is in November.
    n["c3"] = add_case(store, category="ebike", reported="2026-10-01", source="meeting", mediators=["王建国"])
    cases.resolve(store, n["c3"], "fixed", "2026-10-31")
    cases.visit(store, n["c3"], "partial", "basically", "2026-11-03")
    # c4: reported on a leap day, resolved the next day.
    n["c4"] = add_case(store, site="JLW", category="throwing", reported="2024-02-29")
    cases.resolve(store, n["c4"], "oral", "2024-03-01")
    # c5: failed in October; c6: reported in September, withdrawn in October.
    n["c5"] = add_case(store, site="JLW", category="fee", reported="2026-10-15", source="hotline",
                       mediators=["李四"])
    cases.fail(store, n["c5"], "court", "2026-10-28")
    n["c6"] = add_case(store, site="JLW", category="pets", reported="2026-09-20")
    cases.withdraw(store, n["c6"], "2026-10-03")
    # c7: reported 1 September, due 1 October, still open: overdue at the end of October.
    n["c7"] = add_case(store, category="parking", reported="2026-09-01", mediators=["王建国"])
    # c8: resolved in 2 days with ¥500 agreed, visited (satisfied, done) and closed, all in October.
    n["c8"] = add_case(store, category="leak", reported="2026-10-20")
    cases.resolve(store, n["c8"], "written", "2026-10-22", agreed="500")
    cases.visit(store, n["c8"], "done", "satisfied", "2026-10-25")
    cases.close(store, n["c8"], "2026-10-26")
    # c9: November only.
    n["c9"] = add_case(store, category="noise", reported="2026-11-05")
    return n


def run(store: Any, lang: str = "en", **period: str) -> dict[str, Any]:
    p = report_period.parse(date.fromisoformat(TODAY), **period)
    scope = report_period.resolve_scope(store)
    return report.build(store, p, scope, lang, today=date.fromisoformat(TODAY))


def counters(**given: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "received": 0, "resolved": 0, "failed": 0, "withdrawn": 0, "closed": 0, "success_rate": None,
        "open_at_end": 0, "overdue_at_end": 0, "median_days_to_resolve": None, "p90_days_to_resolve": None,
        "visits": 0, "satisfaction_rate": None, "fulfilment_rate": None, "amount": 0.0,
    }
    base.update(given)
    return base


OCTOBER = counters(
    received=5,            # c1 c2 c3 c5 c8
    resolved=2,            # c3 (31 Oct) and c8; c2's October resolution was undone by the reopen
    failed=1,              # c5
    withdrawn=1,           # c6
    closed=1,              # c8
    success_rate=0.6667,   # 2 / (2 + 1)
    open_at_end=3,         # c1 c2 c7
    overdue_at_end=1,      # c7, due 1 October
    median_days_to_resolve=16.0,  # (2 + 30) / 2
    p90_days_to_resolve=30.0,     # nearest rank ceil(0.9 * 2) = 2nd
    visits=1, satisfaction_rate=1.0, fulfilment_rate=1.0,  # c8's visit
    amount=500.0,          # c8; c1's ¥3,200 is November's
)
NOVEMBER = counters(
    received=1,            # c9
    resolved=2,            # c1 (23 days) and c2 (36 days)
    success_rate=1.0,
    open_at_end=2,         # c7 and c9 at 30 November
    overdue_at_end=1,      # c7
    median_days_to_resolve=29.5, p90_days_to_resolve=36.0,
    visits=1, satisfaction_rate=1.0, fulfilment_rate=0.0,  # c3: basically satisfied, partly done
    amount=3200.0,
)


def test_october_totals(book: Any, store: Any) -> None:
    data = run(store, month_="2026-10")
    assert data["totals"] == OCTOBER
    assert data["period"] == {"start": "2026-10-01", "end": "2026-10-31", "label": "2026-10", "kind": "month",
                              "state_on": "2026-10-31"}


def test_november_totals_and_change(book: Any, store: Any) -> None:
    data = run(store, month_="2026-11")
    assert data["totals"] == NOVEMBER
    ch = data["change"]
    assert ch["previous"]["label"] == "2026-10" and ch["year_ago"]["label"] == "2025-11"
    assert ch["counters"]["received"] == {"value": 1, "previous": 5, "year_ago": 0, "mom": -0.8, "yoy": None,
                                          "kind": "relative"}
    assert ch["counters"]["resolved"]["mom"] == 0.0
    assert ch["counters"]["success_rate"] == {"value": 1.0, "previous": 0.6667, "year_ago": None,
                                              "mom": 0.3333, "yoy": None, "kind": "points"}
    assert ch["counters"]["amount"]["mom"] == 5.4  # 3200 vs 500


def test_by_site_ranking_zero_report_and_ytd(book: Any, store: Any) -> None:
    data = run(store, month_="2026-10")
    rows = {r["site"]: r for r in data["by_site"]}
    assert [r["site"] for r in data["by_site"]] == ["XH", "JLW", "ZERO"]
    assert [r["rank"] for r in data["by_site"]] == [1, 2, 3]
    xh = rows["XH"]
    assert {k: xh[k] for k in OCTOBER} == counters(
        received=4, resolved=2, closed=1, success_rate=1.0, open_at_end=3, overdue_at_end=1,
        median_days_to_resolve=16.0, p90_days_to_resolve=30.0, visits=1, satisfaction_rate=1.0,
        fulfilment_rate=1.0, amount=500.0)
    assert xh["key"] == "XH" and xh["label"] == "星河国际" and not xh["zero_report"]
    assert xh["share"] == 0.8 and xh["share_resolved"] == 1.0
    assert (xh["ytd_received"], xh["ytd_resolved"]) == (5, 2)  # c1 c2 c3 c7 c8; c3 c8
    jlw = rows["JLW"]
    assert {k: jlw[k] for k in OCTOBER} == counters(received=1, failed=1, withdrawn=1, success_rate=0.0)
    assert (jlw["ytd_received"], jlw["ytd_resolved"]) == (2, 0)  # c5 c6
    zero = rows["ZERO"]
    assert zero["zero_report"] is True
    assert {k: zero[k] for k in OCTOBER} == counters()
    assert (zero["ytd_received"], zero["ytd_resolved"]) == (0, 0)


def test_breakdowns_by_category_type_source(book: Any, store: Any) -> None:
    data = run(store, month_="2026-10")
    cat = {r["key"]: r for r in data["by_category"]}
    assert set(cat) == {"leak", "noise", "ebike", "fee", "pets", "parking"}
    assert (cat["leak"]["received"], cat["leak"]["resolved"], cat["leak"]["open_at_end"]) == (2, 1, 1)
    assert cat["leak"]["stat_type"] == "damages" and cat["leak"]["label"] == "leak"
    assert cat["leak"]["amount"] == 500.0 and cat["leak"]["visits"] == 1
    assert (cat["ebike"]["resolved"], cat["pets"]["withdrawn"], cat["fee"]["failed"]) == (1, 1, 1)
    assert (cat["parking"]["received"], cat["parking"]["overdue_at_end"]) == (0, 1)
    types = {r["key"]: r for r in data["by_type"]}
    # property: ebike, fee, parking; damages: leak x2; neighbour: noise, pets
    assert {k: r["received"] for k, r in types.items()} == {"property": 2, "damages": 2, "neighbour": 1}
    assert types["neighbour"]["withdrawn"] == 1 and types["neighbour"]["label"] == "neighbourhood"
    src = {r["key"]: r for r in data["by_source"]}
    assert list(src) == ["application", "proactive", "referral", "hotline", "meeting"]
    assert {k: r["received"] for k, r in src.items()} == {
        "application": 2, "proactive": 1, "referral": 0, "hotline": 1, "meeting": 1}
    assert src["meeting"]["resolved"] == 1 and src["hotline"]["failed"] == 1
    assert sum(r["received"] for r in data["by_source"]) == data["totals"]["received"]


def test_by_mediator(book: Any, store: Any) -> None:
    data = run(store, month_="2026-10")
    med = {r["label"]: r for r in data["by_mediator"]}
    # 王建国: c1 c2 c3 c7 in hand in October; received c1 c2 c3; resolved c3.
    assert {k: med["王建国"][k] for k in ("handled", "received", "resolved", "failed", "party_member")} == {
        "handled": 4, "received": 3, "resolved": 1, "failed": 0, "party_member": True}
    assert {k: med["李四"][k] for k in ("handled", "received", "resolved", "failed", "party_member")} == {
        "handled": 1, "received": 1, "resolved": 0, "failed": 1, "party_member": False}


def test_by_month_counts_each_month_on_its_own(book: Any, store: Any) -> None:
    data = run(store, year_="2026")
    months = {m["key"]: m for m in data["by_month"]}
    assert list(months) == [f"2026-{m:02d}" for m in range(1, 13)]
    for key, expected in (("2026-10", OCTOBER), ("2026-11", NOVEMBER)):
        assert {k: months[key][k] for k in OCTOBER} == expected, key
    # December is not over on 15 December: its state is counted today; c7 and c9 still open.
    assert data["period"]["state_on"] == TODAY
    assert months["2026-12"]["open_at_end"] == 2 and months["2026-12"]["overdue_at_end"] == 2
    assert sum(m["received"] for m in data["by_month"]) == data["totals"]["received"] == 8
    assert sum(m["resolved"] for m in data["by_month"]) == data["totals"]["resolved"] == 4


def test_year_ytd_is_the_year(book: Any, store: Any) -> None:
    data = run(store, year_="2026")
    xh = next(r for r in data["by_site"] if r["site"] == "XH")
    assert (xh["received"], xh["ytd_received"], xh["resolved"], xh["ytd_resolved"]) == (6, 6, 4, 4)


def test_leap_day(book: Any, store: Any) -> None:
    feb = run(store, month_="2024-02")
    assert feb["period"]["end"] == "2024-02-29"
    assert feb["totals"] == counters(received=1, open_at_end=1)  # c4 reported 29 February
    mar = run(store, month_="2024-03")
    assert mar["totals"] == counters(resolved=1, success_rate=1.0, median_days_to_resolve=1.0,
                                     p90_days_to_resolve=1.0)
    assert mar["change"]["year_ago"]["end"] == "2023-03-31"
    rng = run(store, date_from="2024-02-29", date_to="2024-02-29")
    assert rng["totals"]["received"] == 1 and rng["change"]["year_ago"]["start"] == "2023-02-28"


def test_quarter_and_range_agree_with_months(book: Any, store: Any) -> None:
    q4 = run(store, quarter_="2026Q4")
    rng = run(store, date_from="2026-10-01", date_to="2026-12-31")
    assert q4["totals"] == rng["totals"]
    assert q4["totals"]["received"] == 6 and q4["totals"]["resolved"] == 4
    assert q4["change"]["previous"]["label"] == "2026Q3"
    assert rng["change"]["previous"] == {"start": "2026-07-01", "end": "2026-09-30",
                                         "label": "2026-07-01..2026-09-30", "kind": "range"}


def test_period_with_no_cases(book: Any, store: Any) -> None:
    data = run(store, month_="2025-06")
    assert data["totals"] == counters(open_at_end=0)
    assert all(r["zero_report"] for r in data["by_site"]) and len(data["by_site"]) == 3
    assert data["by_category"] == [] and data["by_mediator"] == []


def test_empty_database(store: Any) -> None:
    data = run(store, month_="2026-10")
    assert data["totals"] == counters()
    assert data["by_site"] == [] and data["scope"]["sites"] == []
    assert [m["received"] for m in data["by_month"]] == [0]


def test_scope_filters(book: Any, store: Any) -> None:
    p = report_period.month(2026, 10)
    for kwargs, sites in (({"sites": ["jlw"]}, ["JLW"]), ({"community": "星河社区"}, ["XH"]),
                          ({"district": "天宁区"}, ["ZERO"]), ({"sites": ["XH", "ZERO"]}, ["XH", "ZERO"])):
        scope = report_period.resolve_scope(store, **kwargs)
        data = report.build(store, p, scope, "en", today=date.fromisoformat(TODAY))
        assert sorted(r["site"] for r in data["by_site"]) == sites
        assert data["totals"]["received"] == sum(r["received"] for r in data["by_site"])
        assert data["scope"]["all"] is False
    scope = report_period.resolve_scope(store, sites=["XH"])
    data = report.build(store, p, scope, "en", today=date.fromisoformat(TODAY))
    assert data["totals"]["visits"] == 1 and data["by_month"][0]["visits"] == 1


def test_queries_use_indexes_never_a_table_scan(book: Any, store: Any) -> None:
    trace: list[tuple[str, list[Any]]] = []
    p = report_period.year(2026)
    report.build(store, p, report_period.resolve_scope(store), "en", trace=trace, today=date(2026, 12, 15))
    for sql, params in trace:
        plan = " ".join(r[3] for r in store.conn.execute("EXPLAIN QUERY PLAN " + sql, params))
        assert not re.search(r"\bSCAN (cases|case_visits|case_mediators)\b", plan), (sql, plan)


def test_labels_follow_the_language(book: Any, store: Any) -> None:
    data = run(store, lang="zh", month_="2026-10")
    assert {r["key"]: r["label"] for r in data["by_category"]}["leak"] == "漏水"
    assert {r["key"]: r["label"] for r in data["by_type"]}["damages"] == "损害赔偿"


# -- the command line --------------------------------------------------------------------------

@pytest.mark.parametrize("args, field", [
    (["--month", "2026-13"], "--month"),
    (["--month", "Oct"], "--month"),
    (["--quarter", "2026Q5"], "--quarter"),
    (["--year", "26"], "--year"),
    (["--from", "2026-10-05", "--to", "2026-10-01"], "--from"),
    (["--from", "2026-02-30"], "--from"),
    (["--to", "2026-10-01"], "--from"),
    (["--month", "2026-10", "--year", "2026"], "--month"),
    (["--site", "NOPE"], "--site"),
    (["--community", "无此社区"], "--community"),
    (["--format", "pdf"], "--format"),
])
def test_bad_input_is_one_line_exit_2(cli: Any, book: Any, args: list[str], field: str) -> None:
    r = cli("report", *args)
    assert r.exit_code == 2, r
    assert r.stdout == ""
    assert r.stderr.count("\n") == 1 and r.stderr.startswith(f"redprop: {field}")


def test_default_period_is_the_last_full_month(cli: Any, book: Any) -> None:
    r = cli("report", "--json")
    assert r.exit_code == 0, r
    assert r.json()["period"]["label"] == "2026-11"
    assert r.json()["totals"] == NOVEMBER


def test_json_contract(cli: Any, book: Any) -> None:
    data = cli("report", "--month", "2026-10", "--format", "json").json()
    for key in ("period", "scope", "generated_at", "totals", "by_site", "by_category", "by_type", "by_source",
                "by_mediator", "by_month", "change"):
        assert key in data
    assert set(data["period"]) >= {"start", "end", "label"}
    for section in ("by_site", "by_category", "by_type", "by_source", "by_month"):
        for row in data[section]:
            assert {"key", "label", "share"} <= set(row) and set(report.COUNTERS) <= set(row), section
    assert all("site" in r for r in data["by_site"])
    assert data["totals"] == OCTOBER


def test_csv_has_every_row(cli: Any, book: Any) -> None:
    r = cli("report", "--month", "2026-10", "-f", "csv")
    assert r.exit_code == 0, r
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    sections = [x["section"] for x in rows]
    assert sections[0] == "totals" and sections.count("by_site") == 3 and sections.count("change") == 9
    total = rows[0]
    assert (total["received"], total["resolved"], total["success_rate"]) == ("5", "2", "0.6667")
    zero = next(x for x in rows if x["section"] == "by_site" and x["key"] == "ZERO")
    assert zero["zero_report"] == "true"


def test_table_for_people(cli: Any, book: Any) -> None:
    r = cli("--lang", "zh", "report", "--month", "2026-10")
    assert r.exit_code == 0, r
    out = r.stdout
    for text in ("矛盾纠纷调解工作统计", "2026-10", "各小区情况", "星河国际", "零报告", "横塘小苑", "漏水",
                 "月度趋势", "█"):
        assert text in out, text
    assert "王建国" in out  # mediator names are fine; residents never appear


def test_markdown(cli: Any, book: Any) -> None:
    r = cli("report", "--month", "2026-10", "-f", "markdown")
    assert r.exit_code == 0, r
    assert r.stdout.startswith("# ") and "| 1 | XH | 星河国际 |" in r.stdout and "(zero report)" in r.stdout


def test_html_is_self_contained_and_escaped(cli: Any, store: Any, book: Any, tmp_path: Path) -> None:
    make_site(store, "ESC", "<script>alert(1)</script> & 小区")
    r = cli("report", "--month", "2026-10", "-f", "html")
    assert r.exit_code == 0, r
    page = r.stdout
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<svg" in page
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 小区" in page
    urls = set(re.findall(r"(?:https?:)?//[^\s\"'<>)]+", page))
    assert urls <= {"http://www.w3.org/2000/svg"}, urls
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert "@import" not in page and "url(" not in page


def test_no_resident_names_or_phones(cli: Any, store: Any, book: Any) -> None:
    add_case(store, category="noise", reported="2026-10-09", parties=[("applicant", "张三丰", "1-1-101")])
    for fmt in ("json", "csv", "markdown", "html", "table"):
        r = cli("report", "--month", "2026-10", "-f", fmt)
        assert r.exit_code == 0 and "张三丰" not in r.stdout and "1-1-101" not in r.stdout, fmt
    data = json.loads(cli("report", "--month", "2026-10", "--json").stdout)
    assert data["totals"]["received"] == 6
