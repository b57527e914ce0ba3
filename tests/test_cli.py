"""`case list`: filters, sorting, limits and the four formats; labels by language."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from conftest import add_case, make_mediator, make_site
from redprop.domain import cases
from redprop.domain.case_view import CASE_KEYS


@pytest.fixture
def book(desk: Any) -> dict[str, str]:
    """Six cases over two sites, with mediators, notes and different states."""
    make_site(desk, "JL", "中海锦珑湾")
    make_mediator(desk, "刘芳", ["JL"])
    n = {
        "leak": add_case(desk, category="leak", title="12F 漏水到 11F", reported="2026-01-05",
                         source="application", mediators=["王建国"], amount="3200"),
        "camera": add_case(desk, category="throwing", title="摄像头对着窗户", reported="2026-02-10",
                           source="proactive", description="防高空抛物的摄像头"),
        "ebike": add_case(desk, category="ebike", title="楼道充电", reported="2026-03-01",
                          source="meeting"),
        "noise": add_case(desk, site="JL", category="noise", title="健身区噪音", reported="2026-02-20",
                          mediators=["刘芳"], source="hotline"),
        "fee": add_case(desk, site="JL", category="fee", title="拒交物业费 100%_off",
                        reported="2026-03-10", source="referral"),
        "rail": add_case(desk, category="retrofit", title="Walkway railing", reported="2026-03-12"),
    }
    cases.note(desk, n["ebike"], "业主同意搬到充电棚，楼道漏水也要看")
    cases.resolve(desk, n["leak"], "written-agreement", "2026-01-20", agreed="3200")
    cases.fail(desk, n["fee"], "court", "2026-03-14")
    return n


def numbers(cli: Any, *args: str) -> list[str]:
    r = cli("case", "list", *args, "--json")
    assert r.exit_code == 0, r
    return [c["number"] for c in r.json()]


def test_filters(cli: Any, book: dict[str, str]) -> None:
    b = book
    assert numbers(cli, "--site", "JL") == ["JL-2026-0001", "JL-2026-0002"]
    assert set(numbers(cli, "--site", "JL", "--site", "XH")) == set(b.values())
    assert numbers(cli, "--status", "resolved") == [b["leak"]]
    assert numbers(cli, "--status", "调解不成") == [b["fee"]]
    assert set(numbers(cli, "-s", "open", "-s", "mediating")) == {
        b["camera"], b["ebike"], b["noise"], b["rail"]}
    assert numbers(cli, "--category", "漏水") == [b["leak"]]
    assert set(numbers(cli, "-c", "noise", "-c", "fee")) == {b["noise"], b["fee"]}
    assert numbers(cli, "--mediator", "刘芳") == [b["noise"]]
    assert numbers(cli, "--mediator", "王建国") == [b["leak"]]
    assert numbers(cli, "--source", "排查") == [b["camera"]]
    assert numbers(cli, "--source", "hotline") == [b["noise"]]
    assert set(numbers(cli, "--from", "2026-02-10", "--to", "2026-03-01")) == {
        b["camera"], b["ebike"], b["noise"]}
    assert numbers(cli, "--from", "2026-03-11") == [b["rail"]]
    assert numbers(cli, "--to", "2026-01-05") == [b["leak"]]
    # due 2026-03-12 and 2026-03-22: only the camera case (open, due 03-12) is overdue
    assert numbers(cli, "--overdue") == [b["camera"]]
    assert numbers(cli, "--site", "XH", "--status", "open", "--category", "throwing") == [b["camera"]]


def test_search_title_description_and_notes(cli: Any, book: dict[str, str]) -> None:
    b = book
    assert set(numbers(cli, "--search", "漏水")) == {b["leak"], b["ebike"]}  # title and a note
    assert numbers(cli, "-q", "防高空") == [b["camera"]]                      # description
    assert numbers(cli, "-q", "充电棚") == [b["ebike"]]                       # note only
    assert numbers(cli, "-q", "railing") == [b["rail"]]
    assert numbers(cli, "-q", "RAILING") == [b["rail"]]
    # LIKE wildcards are literal
    assert numbers(cli, "-q", "100%_off") == [b["fee"]]
    assert numbers(cli, "-q", "%") == [b["fee"]]
    assert numbers(cli, "-q", "_") == [b["fee"]]
    assert numbers(cli, "-q", "没有这个") == []


def test_sort_and_limit(cli: Any, book: dict[str, str]) -> None:
    b = book
    assert numbers(cli, "--sort", "reported") == [b[k] for k in
                                                  ("leak", "camera", "noise", "ebike", "fee", "rail")]
    assert numbers(cli, "--sort", "-reported", "--limit", "2") == [b["rail"], b["fee"]]
    assert numbers(cli, "--sort", "due", "-n", "1") == [b["leak"]]
    assert numbers(cli, "--sort", "-number") == sorted(b.values(), reverse=True)
    assert len(numbers(cli, "--limit", "0")) == 6
    r = cli("case", "list", "--limit", "2")
    assert r.exit_code == 0
    assert "showing 2 of 6 cases" in r.stderr
    r = cli("--lang", "zh", "case", "list", "--limit", "2")
    assert r.exit_code == 0 and "共 6 件，显示 2 件" in r.stderr
    r = cli("case", "list", "--sort", "colour")
    assert r.exit_code == 2 and r.stderr.startswith("redprop: --sort:")


def test_formats_have_stable_keys(cli: Any, book: dict[str, str]) -> None:
    as_json = cli("case", "list", "--format", "json").json()
    assert isinstance(as_json, list) and len(as_json) == 6
    for rec in as_json:
        assert tuple(rec) == CASE_KEYS
    assert cli("case", "list", "--json").json() == as_json

    nd = cli("case", "list", "--format", "ndjson")
    assert nd.exit_code == 0
    lines = nd.stdout.splitlines()
    assert [json.loads(line) for line in lines] == as_json

    c = cli("case", "list", "-f", "CSV")
    assert c.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(c.stdout)))
    assert len(rows) == 6
    assert tuple(rows[0]) == CASE_KEYS
    by = {r["number"]: r for r in rows}
    leak = by[book["leak"]]
    assert leak["title"] == "12F 漏水到 11F" and leak["status"] == "resolved"
    assert leak["overdue"] == "false" and leak["amount"] == "3200.0"
    assert leak["mediators"] == "王建国"
    assert by[book["camera"]]["overdue"] == "true"
    assert by[book["camera"]]["resolved_on"] == ""

    t = cli("case", "list", "--format", "table")
    assert t.exit_code == 0
    for n in book.values():
        assert n in t.stdout


def test_empty_listing(cli: Any, desk: Any) -> None:
    assert cli("case", "list", "--json").json() == []
    assert cli("case", "list", "--format", "ndjson").stdout == ""
    r = cli("case", "list")
    assert r.exit_code == 0 and r.stdout == ""
    assert "no records" in r.stderr


# -- language ------------------------------------------------------------------

def test_tables_show_labels_in_the_chosen_language(cli: Any, book: dict[str, str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    en = cli("--lang", "en", "case", "list", "--site", "XH")
    assert en.exit_code == 0
    assert "Number" in en.stdout and "leak" in en.stdout and "resolved" in en.stdout
    assert "调解成功" not in en.stdout and "编号" not in en.stdout
    zh = cli("--lang", "zh", "case", "list", "--site", "XH")
    assert "编号" in zh.stdout and "漏水" in zh.stdout and "调解成功" in zh.stdout
    assert "resolved" not in zh.stdout
    monkeypatch.setenv("REDPROP_LANG", "zh-CN")
    assert "调解成功" in cli("case", "list").stdout
    monkeypatch.delenv("REDPROP_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "调解成功" in cli("case", "list").stdout
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert "resolved" in cli("case", "list").stdout
    monkeypatch.delenv("LANG")
    assert "调解成功" in cli("case", "list").stdout   # no hint at all: Chinese first
    assert "resolved" in cli("--lang", "EN", "case", "list").stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_always_uses_keys(cli: Any, book: dict[str, str], lang: str) -> None:
    out = cli("--lang", lang, "case", "show", book["leak"], "--json").json()
    assert (out["status"], out["category"], out["outcome"], out["source"]) == (
        "resolved", "leak", "written-agreement", "application")
    listing = cli("--lang", lang, "case", "list", "--format", "csv").stdout
    assert "调解成功" not in listing and "书面协议" not in listing


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_case_show_table_in_language(cli: Any, book: dict[str, str], lang: str) -> None:
    r = cli("--lang", lang, "case", "show", book["leak"])
    assert r.exit_code == 0, r
    if lang == "zh":
        assert "书面协议" in r.stdout and "调解成功" in r.stdout
    else:
        assert "written agreement" in r.stdout and "resolved" in r.stdout
    assert book["leak"] in r.stdout and "12F 漏水到 11F" in r.stdout


def test_other_listings_in_every_format(cli: Any, book: dict[str, str]) -> None:
    for group in ("site", "person", "mediator", "category"):
        for fmt in ("table", "json", "ndjson", "csv"):
            r = cli(group, "list", "--format", fmt)
            assert r.exit_code == 0, (group, fmt, r)
            assert r.stdout
        recs = cli(group, "list", "--json").json()
        assert recs and all(tuple(x) == tuple(recs[0]) for x in recs)
        rows = list(csv.DictReader(io.StringIO(cli(group, "list", "-f", "csv").stdout)))
        assert len(rows) == len(recs)
