"""Bad input: one line on stderr naming the field, the right exit code, nothing changed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import add_case, dump

N = "XH-2026-0001"   # the case the ``bad`` fixture records
ADD = ["case", "add", "--site", "XH", "--category", "leak"]


@pytest.fixture
def bad(desk: Any) -> Any:
    add_case(desk, reported="2026-03-01")
    return desk


CASES: list[tuple[str, list[str], int, str]] = [
    # (id, argv, exit code, text the stderr line starts with after "redprop: ")
    ("unknown site", ["case", "add", "--site", "ZZ", "-c", "leak", "-t", "x"], 2, "--site:"),
    ("malformed site", ["case", "add", "--site", "星河", "-c", "leak", "-t", "x"], 2, "--site:"),
    ("unknown category", [*ADD[:4], "--category", "unicorns", "-t", "x"], 2, "--category:"),
    ("unknown mediator", [*ADD, "-t", "x", "-m", "无名氏"], 2, "--mediator:"),
    ("month 13", [*ADD, "-t", "x", "--reported", "2026-13-40"], 2, "--reported:"),
    ("yesterday", [*ADD, "-t", "x", "--reported", "yesterday"], 2, "--reported:"),
    ("Feb 30", [*ADD, "-t", "x", "--reported", "2026-02-30"], 2, "--reported:"),
    ("future", [*ADD, "-t", "x", "--reported", "2027-01-01"], 2, "--reported:"),
    ("due before reported", [*ADD, "-t", "x", "--due", "2026-01-01"], 2, "--due:"),
    ("empty title", [*ADD, "--title", ""], 2, "--title:"),
    ("blank title", [*ADD, "--title", "   "], 2, "--title:"),
    ("long title", [*ADD, "--title", "漏" * 10_000], 2, "--title:"),
    ("ESC in title", [*ADD, "--title", "a\x1b[2Jb"], 2, "--title:"),
    ("NUL-ish in title", [*ADD, "--title", "a\x07b"], 2, "--title:"),
    ("newline in title", [*ADD, "--title", "a\nb"], 2, "--title:"),
    ("RTL override in title", [*ADD, "--title", "a\u202eb"], 2, "--title:"),
    ("ESC in description", [*ADD, "-t", "x", "--description", "\x1b]0;pwned\x07"], 2, "--description:"),
    ("negative amount", [*ADD, "-t", "x", "--amount", "-5"], 2, "--amount:"),
    ("negative amount =", [*ADD, "-t", "x", "--amount=-0.01"], 2, "--amount:"),
    ("amount not a number", [*ADD, "-t", "x", "--amount", "三千"], 2, "--amount:"),
    ("amount NaN", [*ADD, "-t", "x", "--amount", "NaN"], 2, "--amount:"),
    ("amount 3 decimals", [*ADD, "-t", "x", "--amount", "1.005"], 2, "--amount:"),
    ("bad source", [*ADD, "-t", "x", "--source", "gossip"], 2, "--source:"),
    ("bad unit", [*ADD, "-t", "x", "--applicant", "张三@楼上"], 2, "--applicant:"),
    ("empty party", [*ADD, "-t", "x", "--respondent", "@3-2-501"], 2, "--respondent:"),
    ("missing title", ADD, 2, "--title:"),
    ("unknown case", ["case", "show", "XH-2026-0099"], 1, "no case"),
    ("unknown case move", ["case", "resolve", "XH-2026-0099", "--outcome", "fixed"], 1, "no case"),
    ("malformed case number", ["case", "show", "hello"], 2, "NUMBER:"),
    ("illegal move", ["case", "close", N], 1, f"case {N} is open"),
    ("resolution before reported", ["case", "resolve", N, "--outcome", "fixed", "--date", "2026-02-01"],
     2, "--date:"),
    ("resolution date nonsense", ["case", "resolve", N, "--outcome", "fixed", "--date", "2026-1-5"],
     2, "--date:"),
    ("bad outcome", ["case", "resolve", N, "--outcome", "won"], 2, "--outcome:"),
    ("bad referral", ["case", "fail", N, "--referred-to", "the moon"], 2, "--referred-to:"),
    ("bad satisfaction", ["case", "visit", N, "--fulfilment", "done", "--satisfaction", "meh"], 2,
     "--satisfaction:"),
    ("empty note", ["case", "note", N, "  "], 2, "TEXT:"),
    ("extension without reason", ["case", "edit", N, "--due", "2026-05-01"], 2, "--reason:"),
    ("negative edit amount", ["case", "edit", N, "--amount", "-1"], 2, "--amount:"),
    ("unknown format", ["case", "list", "--format", "xml"], 2, "--format:"),
    ("unknown show format", ["case", "show", N, "--format", "csv"], 2, "--format:"),
    ("bad lang", ["--lang", "fr", "case", "list"], 2, "--lang:"),
    ("bad from", ["case", "list", "--from", "2026-03-xx"], 2, "--from:"),
    ("from after to", ["case", "list", "--from", "2026-03-02", "--to", "2026-03-01"], 2, "--from:"),
    ("negative limit", ["case", "list", "--limit", "-1"], 2, "--limit:"),
    ("blank by", ["case", "note", N, "x", "--by", "  "], 2, "--by:"),
    ("bad phone", ["person", "add", "--name", "张三", "--site", "XH", "--phone", "12345"], 2, "--phone:"),
    ("bad housing", ["site", "add", "YY", "--name", "x", "--housing", "castle"], 2, "--housing:"),
    ("duplicate site", ["site", "add", "XH", "--name", "x"], 2, "CODE:"),
    ("bad site code", ["site", "add", "星河", "--name", "x"], 2, "CODE:"),
    ("unknown option", ["case", "list", "--colour"], 2, "No such option"),
    ("unknown command", ["case", "explode"], 2, "No such command"),
]


@pytest.mark.parametrize(("argv", "code", "start"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input(cli: Any, bad: Any, db_path: Path, argv: list[str], code: int, start: str) -> None:
    before = dump(db_path)
    r = cli(*argv)
    assert r.exit_code == code, r
    assert r.stdout == ""
    assert r.stderr.startswith(f"redprop: {start}"), r.stderr
    assert r.stderr.endswith("\n") and r.stderr.count("\n") == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert "\x1b" not in r.stderr
    assert len(r.stderr) < 1000   # the 10,000-character title is not echoed back
    assert dump(db_path) == before


def test_bad_redprop_lang_env(cli: Any, bad: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDPROP_LANG", "klingon")
    r = cli("case", "list")
    assert r.exit_code == 2 and r.stderr.startswith("redprop: REDPROP_LANG:")
    assert r.stdout == ""


def test_bad_today_pin_is_reported(cli: Any, bad: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDPROP_TODAY", "someday")
    r = cli("case", "add", "--site", "XH", "-c", "leak", "-t", "x")
    assert r.exit_code == 2, r
    assert r.stderr.startswith("redprop: REDPROP_TODAY:")
    assert r.stdout == ""


def test_error_messages_say_what_is_allowed(cli: Any, bad: Any) -> None:
    r = cli(*ADD, "-t", "x", "--source", "gossip")
    assert "application (申请)" in r.stderr and "proactive (排查)" in r.stderr
    r = cli(*ADD[:4], "--category", "unicorns", "-t", "x")
    assert "leak" in r.stderr and "noise" in r.stderr
    r = cli("case", "add", "--site", "ZZ", "-c", "leak", "-t", "x")
    assert "known sites: XH" in r.stderr
    r = cli(*ADD, "--title", "漏" * 10_000)
    assert "10000 characters" in r.stderr and "200" in r.stderr
