"""Acceptance audit of issue 4's cross-cutting rules through the CLI.

User text in meetings, decisions, alliances, activities and red positions is shown literally in
every view and language; every listing takes table, json, ndjson, csv and --json with the same
keys; a closed meeting refuses to close again; `redprop demo` reports the figures it wrote.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY, USER, add_case, dump
from redprop.store.db import SCHEMA_VERSION

TRICKY = "[bold]x[/] [/] :smile: [link=file:///etc/passwd]点我[/link]"
M, D, CASE = "XH-M2026-01", "XH-M2026-01-D1", "XH-2026-0001"


def _build_programme(path: Path) -> None:
    """One meeting, an alliance and red positions whose every free-text field holds TRICKY,
    and a second meeting, held and closed."""
    from typer.testing import CliRunner

    from redprop.cli import app

    env = {"REDPROP_DB": str(path), "REDPROP_TODAY": TODAY, "REDPROP_LANG": "en", "REDPROP_USER": USER,
           "COLUMNS": None, "LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "FORCE_COLOR": None}
    t = TRICKY

    def ok(*args: str) -> None:
        r = CliRunner().invoke(app, list(args), env=env)
        assert r.exit_code == 0, (args, r.output)

    ok("site", "add", "XH", "--name", "星河国际")
    ok("mediator", "add", "--name", "王建国", "--site", "XH")
    ok("case", "add", "--site", "XH", "-c", "noise", "-t", "噪音", "--reported", "2026-03-01")
    ok("site", "add", "HTY", "--name", "横塘雅苑", "--community", "横塘社区", "--company", f"物业{t}")
    ok("meeting", "add", "--site", "XH", "--date", "2026-03-15", "--place", f"地点{t}",
       "--host", f"主持{t}", "--recorder", f"记录{t}", "--note", f"备注{t}")
    ok("meeting", "attend", M, "--name", f"出席{t}", "--role", "片区民警", "--org", f"单位{t}")
    ok("meeting", "attend", M, "--name", f"缺席{t}", "--role", "owner-rep", "--absent", "--reason", f"原因{t}")
    ok("meeting", "item", M, "--title", f"议题{t}", "--section", "治安情况", "--proposer", f"提出{t}",
       "--discussion", f"讨论{t}", "--vote", f"表决{t}", "--case", CASE)
    ok("meeting", "decide", M, "--text", f"事项{t}", "--unit", f"责任{t}", "--person", f"责任人{t}",
       "--due", "2026-03-20", "--case", CASE)
    ok("decision", "update", D, "--status", "in-progress", "--feedback", f"公示{t}")
    ok("alliance", "add", "HT", "--name", f"联盟{t}", "--site", "XH", "--site", "HTY")
    ok("alliance", "appoint", "HT", "--person", f"任职{t}", "--from-org", f"来自{t}", "--role", f"职务{t}",
       "--to-org", f"去向{t}")
    ok("activity", "add", "--kind", "垃圾分类", "-t", f"活动{t}", "--organiser", f"组织{t}", "--alliance", "HT",
       "--participants", "12", "--note", f"活动备注{t}")
    ok("site", "position", "add", "XH", "--kind", "党员示范岗", "--holder", f"岗位人{t}", "--post", f"岗位{t}")
    ok("site", "check", "XH", "党旗", "--evidence", f"佐证{t}")
    ok("meeting", "add", "--site", "XH", "--date", "2026-03-01")
    ok("meeting", "hold", "XH-M2026-02")
    ok("meeting", "close", "XH-M2026-02")


@pytest.fixture(scope="module")
def programme_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("programme") / "template.db"
    _build_programme(path)
    return path


@pytest.fixture
def programme(programme_template: Path, db_path: Path) -> dict[str, str]:
    """A fresh copy of the template for each test (the CLI is slow to build it every time)."""
    src, dst = sqlite3.connect(str(programme_template)), sqlite3.connect(str(db_path))
    src.backup(dst)
    src.close()
    dst.close()
    return {"meeting": M, "decision": D, "case": CASE}


VIEWS = [
    ("meeting", "list"), ("meeting", "show", "{meeting}"), ("meeting", "minutes", "{meeting}"),
    ("meeting", "minutes", "{meeting}", "--format", "markdown"),
    ("decision", "list"), ("decision", "show", "{decision}"), ("alliance", "list"), ("alliance", "show", "HT"),
    ("activity", "list"), ("site", "position", "list"), ("site", "checklist", "XH"),
    ("site", "scorecard", "XH"), ("site", "list"), ("site", "show", "HTY"),
    ("meeting", "agenda", "--site", "XH", "--date", "2026-03-30"),
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: " ".join(v))
def test_programme_text_is_shown_literally(cli: Any, programme: dict[str, str], view: tuple[str, ...],
                                           lang: str) -> None:
    r = cli("--lang", lang, *[a.format(**programme) for a in view])
    assert r.exit_code == 0, r
    # Markdown escapes brackets; undo that to compare with what the user typed.
    shown = r.stdout.replace("\\[", "[").replace("\\]", "]") if "markdown" in view else r.stdout
    # Tables fold long cells over several lines; the text survives once the folds are joined.
    joined = re.sub(r"\s*[│┃]\s*\n[│┃\s]*", "", shown)
    assert "[bold]x[/]" in joined and ":smile:" in shown and "[/link]" in joined, shown
    assert "😄" not in shown and "\x1b" not in shown


def test_programme_text_round_trips_in_json(cli: Any, programme: dict[str, str]) -> None:
    m = cli("meeting", "show", programme["meeting"], "--json").json()
    assert m["place"] == f"地点{TRICKY}" and m["host"] == f"主持{TRICKY}"
    assert m["items"][0]["title"] == f"议题{TRICKY}" and m["items"][0]["vote"] == f"表决{TRICKY}"
    assert m["decisions"][0]["text"] == f"事项{TRICKY}"
    assert [a["absence_reason"] for a in m["attendees"] if not a["present"]] == [f"原因{TRICKY}"]
    d = cli("decision", "show", programme["decision"], "--json").json()
    assert d["feedback"] == f"公示{TRICKY}" and d["unit"] == f"责任{TRICKY}"
    acts = cli("activity", "list", "--json").json()
    assert acts[0]["title"] == f"活动{TRICKY}" and acts[0]["organisers"] == [f"组织{TRICKY}"]
    assert cli("alliance", "show", "HT", "--json").json()["name"] == f"联盟{TRICKY}"
    assert cli("site", "position", "list", "--json").json()[0]["post"] == f"岗位{TRICKY}"
    minutes = cli("meeting", "minutes", programme["meeting"], "--json")
    assert minutes.exit_code == 0 and minutes.json() == m


LISTINGS = [
    ("case", "list"), ("site", "list"), ("person", "list"), ("mediator", "list"), ("category", "list"),
    ("meeting", "list"), ("decision", "list"), ("alliance", "list"), ("activity", "list"),
    ("site", "rank", "--year", "2026"), ("site", "checklist", "XH"), ("site", "position", "list"),
    ("meeting", "agenda", "--site", "XH"),
]


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda v: " ".join(v))
def test_every_listing_takes_every_format_with_the_same_keys(cli: Any, programme: dict[str, str],
                                                              listing: tuple[str, ...]) -> None:
    rows = cli(*listing, "--format", "json").json()
    assert isinstance(rows, list) and rows, listing
    assert cli(*listing, "--json").json() == rows
    # JSON carries keys, never the labels of the user's language. A proposed agenda item's title
    # is the text `--save` would store, so it is written in the user's language.
    zh = cli("--lang", "zh", *listing, "--json").json()
    if listing[:2] == ("meeting", "agenda"):
        zh = [{**z, "title": r["title"]} for z, r in zip(zh, rows, strict=True)]
    assert zh == rows
    nd = cli(*listing, "--format", "ndjson").stdout.splitlines()
    assert [json.loads(line) for line in nd] == rows
    header = next(csv.reader(io.StringIO(cli(*listing, "--format", "csv").stdout)))
    assert header == list(rows[0]), listing
    table = cli(*listing, "--format", "table")
    assert table.exit_code == 0 and table.stdout.strip()


def test_closing_a_meeting_twice_is_refused(cli: Any, programme: dict[str, str], db_path: Path) -> None:
    m = programme["meeting"]
    assert cli("meeting", "hold", m).exit_code == 0
    assert cli("meeting", "close", m).exit_code == 0
    before = dump(db_path)
    r = cli("meeting", "close", m)
    assert r.exit_code == 1 and r.stdout == "" and r.stderr.count("\n") == 1, r
    assert "is closed and cannot move to closed" in r.stderr and "final" in r.stderr
    assert dump(db_path) == before


def test_demo_reports_what_the_file_holds(cli: Any, db_path: Path) -> None:
    first = cli("--lang", "en", "demo")
    assert first.exit_code == 0, first
    conn = sqlite3.connect(str(db_path))
    total = conn.execute("SELECT count(*) FROM cases").fetchone()[0]
    overdue = conn.execute(
        "SELECT count(*) FROM cases WHERE status IN ('open', 'mediating') AND due_on < '2026-03-15'"
    ).fetchone()[0]
    xh_resolved = conn.execute(
        "SELECT count(*) FROM cases WHERE number LIKE 'XH-%' AND resolved_on BETWEEN '2025-01-01' AND '2025-12-31'"
    ).fetchone()[0]
    conn.close()
    lines = first.stdout.splitlines()
    assert f"{total} cases" in lines[0] and "written" in lines[0]
    counts = [int(c) for c in re.findall(r"^│ [a-z]+\s+│\s+(\d+) │$", first.stdout, flags=re.M)]
    assert sum(counts) == total, first.stdout
    shown = f"Overdue cases ({overdue}, first 10 shown)" if overdue > 10 else f"Overdue cases ({overdue})"
    assert shown in first.stdout
    assert f"星河国际 in 2025: 24 council meetings, {xh_resolved} cases resolved" in first.stdout
    assert xh_resolved > 300 and "redprop meeting agenda XH-M2026-" in first.stdout
    again = cli("--lang", "en", "demo")
    assert "already holds the demo" in again.stdout and "written" not in again.stdout
    assert f"{total} cases" in again.stdout


def test_control_character_message_reads_plainly(cli: Any, desk: Any) -> None:
    n = add_case(desk)
    r = cli("case", "note", n, "a\x1b[2Jb")
    assert r.exit_code == 2
    assert r.stderr == "redprop: TEXT: contains a control character; only newlines and tabs are allowed\n"
    r = cli("case", "add", "--site", "XH", "-c", "leak", "-t", "a\x07b")
    assert r.stderr == "redprop: --title: contains a control character; none are allowed\n"


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_every_earlier_schema_version_is_brought_up_to_date(cli: Any, db_path: Path, version: int) -> None:
    """Version 0 is an empty (0-byte) file; each later one has exactly its migrations applied."""
    from sqlite_utils import Database

    from redprop.store import migrations

    db_path.touch()
    names = [m.name for m in migrations.migrations._migrations]
    if version:
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        migrations.migrations.apply(Database(conn), stop_before=names[version])
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("INSERT INTO sites (uuid, code, name, created_at, updated_at) "
                     "VALUES ('u-old', 'OLD', '老小区', 'x', 'x')")
        conn.close()
    r = cli("db", "check", "--json")
    assert r.exit_code == 0, r
    assert r.json()["schema_version"] == SCHEMA_VERSION
    # The upgraded file takes every kind of record.
    assert cli("site", "add", "XH", "--name", "星河国际").exit_code == 0
    assert cli("meeting", "add", "--site", "XH").exit_code == 0
    assert cli("case", "add", "--site", "XH", "-c", "leak", "-t", "漏水").stdout == "XH-2026-0001\n"
    conn = sqlite3.connect(str(db_path))
    applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    old = conn.execute("SELECT name FROM sites WHERE code = 'OLD'").fetchone()
    conn.close()
    assert applied == names
    assert (old == ("老小区",)) == bool(version)


def test_decision_show_speaks_the_users_language(cli: Any, programme: dict[str, str]) -> None:
    d = programme["decision"]
    assert cli("meeting", "decide", programme["meeting"], "--text", "修好路灯", "--unit", "物业",
               "--due", "2026-03-20", "--case", programme["case"], "--resolves-case",
               "--outcome", "口头协议").exit_code == 0
    zh = cli("--lang", "zh", "decision", "show", d).stdout
    assert "推进中" in zh and "会议日期" in zh and "公示日期" in zh
    assert not re.search(r"\b(in-progress|meeting_on|done_on|feedback_on|resolves_case)\b", zh), zh
    second = cli("--lang", "zh", "decision", "show", d[:-1] + "2").stdout
    assert "口头协议" in second and "oral-agreement" not in second
    en = cli("--lang", "en", "decision", "show", d).stdout
    assert "in progress" in en.lower() and "Meeting date" in en and "meeting_on" not in en
    assert cli("decision", "show", d, "--json").json()["status"] == "in-progress"


def test_report_markdown_shows_names_as_typed(cli: Any, desk: Any) -> None:
    """A site or mediator name never becomes a link, HTML, emphasis or an extra cell in the bulletin."""
    name = "a|b [点我](http://evil) <img src=x> *em* [bold]x[/]"
    assert cli("site", "add", "PP", "--name", name).exit_code == 0
    assert cli("mediator", "add", "--name", f"调解{name}", "--site", "PP").exit_code == 0
    assert cli("case", "add", "--site", "PP", "-c", "noise", "-t", "吵", "-m", f"调解{name}").exit_code == 0
    md = cli("report", "--month", "2026-03", "--format", "markdown").stdout
    escaped = r"a\|b \[点我\](http://evil) &lt;img src=x&gt; \*em\* \[bold\]x\[/\]"
    site_row = next(line for line in md.splitlines() if "| PP |" in line)
    assert escaped in site_row and "<img" not in md and "](http" not in md.replace("\\](http", "")
    # Escaped pipes do not split the row: it has as many cells as the by_site table's heading.
    lines = md.splitlines()
    at = lines.index(site_row)
    while not re.fullmatch(r"\|[-:|]+\|", lines[at]):
        at -= 1
    cells = len(re.split(r"(?<!\\)\|", site_row))
    assert cells == len(re.split(r"(?<!\\)\|", lines[at - 1])) > 10
    assert f"调解{escaped}" in md


def test_lists_in_a_cell_are_joined_in_the_users_language(cli: Any, programme: dict[str, str]) -> None:
    assert "XH, HTY" in cli("--lang", "en", "alliance", "list").stdout.replace("HTY, XH", "XH, HTY")
    zh = cli("--lang", "zh", "alliance", "list").stdout
    assert "HTY、XH" in zh or "XH、HTY" in zh


PROGRAMME_BAD: list[tuple[str, list[str], int, str]] = [
    # (id, argv, exit code, what the stderr line starts with after "redprop: ")
    ("close twice", ["meeting", "close", "XH-M2026-02"], 1, "meeting XH-M2026-02 is closed"),
    ("close a planned meeting", ["meeting", "close", M], 1, f"meeting {M} is planned"),
    ("cancel a closed meeting", ["meeting", "cancel", "XH-M2026-02"], 1, "meeting XH-M2026-02 is closed"),
    ("item on a closed meeting", ["meeting", "item", "XH-M2026-02", "--title", "x"], 1, "meeting XH-M2026-02"),
    ("deadline before meeting", ["meeting", "decide", M, "--text", "x", "--unit", "u", "--due", "2026-03-01"], 2,
     "--due:"),
    ("unknown attendee role", ["meeting", "attend", M, "--name", "x", "--role", "路人"], 2, "--role:"),
    ("absent without reason", ["meeting", "attend", M, "--name", "x", "--role", "police", "--absent"], 2,
     "--reason:"),
    ("unknown meeting kind", ["meeting", "add", "--site", "XH", "--kind", "party"], 2, "--kind:"),
    ("bad meeting time", ["meeting", "add", "--site", "XH", "--time", "25:00"], 2, "--time:"),
    ("bad meeting date", ["meeting", "add", "--site", "XH", "--date", "2026-02-30"], 2, "--date:"),
    ("one unknown site of two", ["meeting", "add", "--site", "XH", "--site", "ZZ"], 2, "--site:"),
    ("unknown section", ["meeting", "item", M, "--title", "x", "--section", "gossip"], 2, "--section:"),
    ("malformed linked case", ["meeting", "item", M, "--title", "x", "--case", "bad"], 2, "--case:"),
    ("ESC in item", ["meeting", "item", M, "--title", "a\x1b[2Jb"], 2, "--title:"),
    ("ESC in decision", ["meeting", "decide", M, "--text", "a\x1b[2Jb", "--unit", "u", "--due", "2026-03-20"],
     2, "--text:"),
    ("resolves no case", ["meeting", "decide", M, "--text", "x", "--unit", "u", "--due", "2026-03-20",
                          "--resolves-case"], 2, "--resolves-case:"),
    ("unknown meeting", ["meeting", "show", "XH-M2026-99"], 1, "no meeting"),
    ("unknown decision", ["decision", "update", "XH-M2026-01-D9", "--status", "done"], 1, "no decision"),
    ("decision set overdue", ["decision", "update", D, "--status", "overdue"], 2, "--status:"),
    ("later deadline without reason", ["decision", "update", D, "--due", "2026-04-30"], 2, "--reason:"),
    ("meeting list from after to", ["meeting", "list", "--from", "2026-03-02", "--to", "2026-03-01"], 2, "--from:"),
    ("unknown alliance", ["alliance", "show", "ZZ"], 1, "no alliance"),
    ("duplicate alliance", ["alliance", "add", "HT", "--name", "x", "--site", "XH"], 2, "CODE:"),
    ("appointment ends before start", ["alliance", "appoint", "HT", "--person", "x", "--from-org", "a",
                                       "--role", "b", "--to-org", "c", "--start", "2026-03-01",
                                       "--end", "2026-01-01"], 2, "--end:"),
    ("unknown activity kind", ["activity", "add", "--kind", "dance", "-t", "x", "--organiser", "o",
                               "--alliance", "HT"], 2, "--kind:"),
    ("negative participants", ["activity", "add", "--kind", "patrol", "-t", "x", "--organiser", "o",
                               "--alliance", "HT", "--participants", "-3"], 2, "--participants:"),
    ("future activity", ["activity", "add", "--kind", "patrol", "-t", "x", "--organiser", "o",
                         "--alliance", "HT", "--date", "2026-12-01"], 2, "--date:"),
    ("unknown position kind", ["site", "position", "add", "XH", "--kind", "boss", "--holder", "x"], 2, "--kind:"),
    ("zone without buildings", ["site", "position", "add", "XH", "--kind", "zone", "--holder", "x"], 2,
     "--building:"),
    ("unknown checklist item", ["site", "check", "XH", "garden", "--evidence", "x"], 2, "ITEM:"),
    ("unknown level", ["site", "level", "XH", "--level", "world", "--year", "2020"], 2, "--level:"),
    ("listing format", ["activity", "list", "--format", "xml"], 2, "--format:"),
    ("rank format", ["site", "rank", "--format", "xml"], 2, "--format:"),
]


@pytest.mark.parametrize(("argv", "code", "start"), [c[1:] for c in PROGRAMME_BAD],
                         ids=[c[0] for c in PROGRAMME_BAD])
def test_programme_bad_input(cli: Any, programme: dict[str, str], db_path: Path, argv: list[str], code: int,
                             start: str) -> None:
    before = dump(db_path)
    r = cli(*argv)
    assert r.exit_code == code, r
    assert r.stdout == "" and r.stderr.startswith(f"redprop: {start}"), r
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and "\x1b" not in r.stderr
    assert dump(db_path) == before


def test_csv_never_passes_a_control_character_through(cli: Any, programme: dict[str, str],
                                                       db_path: Path) -> None:
    """Data written by another tool may hold ESC; CSV read in a terminal shows it escaped, like tables."""
    conn = sqlite3.connect(str(db_path))
    conn.execute("UPDATE decisions SET text = 'D\x1b[2J' WHERE number = ?", [D])
    conn.execute("UPDATE activities SET title = 'A\x1b]0;x\x07'")
    conn.execute("UPDATE sites SET name = 'S\x1b[2J' WHERE code = 'XH'")
    conn.execute("UPDATE cases SET title = 'C\x1b[2J'")
    conn.commit()
    conn.close()
    for args in (("decision", "list"), ("activity", "list"), ("site", "list"), ("case", "list"),
                 ("site", "rank", "--year", "2026"), ("report", "--month", "2026-03")):
        out = cli(*args, "--format", "csv").stdout
        assert "\x1b" not in out and "\x07" not in out, args
        assert "\\x1b" in out, args
    # JSON keeps the stored value exactly (escaped by the JSON encoder itself).
    assert cli("decision", "show", D, "--json").json()["text"] == "D\x1b[2J"
