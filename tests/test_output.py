"""User text is shown literally; CJK columns line up; JSON is UTF-8."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from conftest import add_case, make_mediator
from redprop.domain import cases

TRICKY = ["[bold]x[/]", "[/]", ":smile:", "[red]红[/red]", "[link=http://evil]点我[/link]"]


def table_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.strip()]


def assert_aligned(out: str) -> None:
    lines = table_lines(out)
    assert lines
    widths = {cell_len(line) for line in lines}
    assert len(widths) == 1, [(cell_len(line), line) for line in lines]
    assert "…" not in out and "..." not in out


@pytest.mark.parametrize("text", TRICKY)
def test_markup_and_emoji_codes_are_shown_literally(cli: Any, desk: Any, text: str) -> None:
    make_mediator(desk, text, ["XH"])
    n = add_case(desk, title=f"标题 {text}", description=text, mediators=[text],
                 parties=[("applicant", text, "3-2-501")])
    cases.note(desk, n, f"记录 {text}")
    party = desk.scalar("SELECT uuid FROM people WHERE name = ? AND unit = '3-2-501'", [text])
    for args in (("case", "list"), ("case", "show", n), ("person", "list"), ("mediator", "list"),
                 ("person", "show", party), ("mediator", "show", f"{text}@XH")):
        for lang in ("en", "zh"):
            r = cli("--lang", lang, *args)
            assert r.exit_code == 0, (args, r)
            assert text in r.stdout, (args, r.stdout)
            assert "😄" not in r.stdout
            assert "\x1b" not in r.stdout
    r = cli("case", "show", n, "--json")
    assert r.json()["title"] == f"标题 {text}"


def test_control_characters_already_in_the_file_are_made_visible(cli: Any, desk: Any,
                                                                 db_path: Path) -> None:
    """Data written by another tool may hold ESC; tables show it escaped, never raw."""
    n = add_case(desk)
    conn = sqlite3.connect(str(db_path))
    conn.execute("UPDATE cases SET title = ?, description = ? WHERE number = ?",
                 ["清屏\x1b[2J标题", "响铃\x07 and \x9b31m", n])
    conn.execute("UPDATE people SET name = ? WHERE name = '王建国'", ["王\x1b]0;x\x07建国"])
    conn.commit()
    conn.close()
    for args in (("case", "list"), ("case", "show", n), ("person", "list"), ("mediator", "list")):
        r = cli(*args)
        assert r.exit_code == 0, r
        assert "\x1b" not in r.stdout and "\x07" not in r.stdout and "\x9b" not in r.stdout
    out = cli("case", "list").stdout
    assert "清屏\\x1b[2J标题" in out
    show = cli("case", "show", n).stdout
    assert "响铃\\x07" in show and "\\x9b31m" in show
    assert "王\\x1b]0;x\\x07建国" in cli("person", "list").stdout
    # JSON carries the exact text, escaped the JSON way
    assert cli("case", "show", n, "--json").json()["title"] == "清屏\x1b[2J标题"


def test_render_helpers_never_pass_control_characters() -> None:
    from rich.console import Console

    from redprop.render.output import Column
    from redprop.render.tables import build_table
    from redprop.render.text import literal, visible

    assert visible("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert visible("行1\n行2\t") == "行1\n行2\t"
    assert visible(None) == ""
    assert visible("👨\u200d👩") == "👨\u200d👩"
    assert literal("[bold]x[/]").plain == "[bold]x[/]"
    table = build_table([{"a": "\x1b[2J[b]x[/b]:smile:", "b": ["甲", "乙"], "c": True, "d": None}],
                        [Column("a"), Column("b"), Column("c"), Column("d")], "zh")
    console = Console(width=80, record=True, markup=False, emoji=False, file=io.StringIO())
    console.print(table)
    text = console.export_text()
    assert "\\x1b[2J[b]x[/b]:smile:" in text and "\x1b" not in text
    assert "甲、乙" in text and "是" in text


def test_cjk_columns_align(cli: Any, desk: Any) -> None:
    add_case(desk, title="12F 漏水到 11F，楼下天花板发霉", parties=[("applicant", "欧阳娜娜", "12-1-1201")],
             mediators=["王建国"])
    add_case(desk, title="Walkway railing reinforcement on the high-rise", category="retrofit")
    add_case(desk, title="高空抛物摄像头 📷 对着窗户", category="throwing")
    for lang in ("zh", "en"):
        for args in (("case", "list"), ("person", "list"), ("mediator", "list"), ("category", "list"),
                     ("site", "list")):
            r = cli("--lang", lang, *args)
            assert r.exit_code == 0, r
            assert_aligned(r.stdout)


@pytest.mark.parametrize("columns", ["40", "60", "100"])
def test_narrow_tables_fold_instead_of_cutting(cli: Any, desk: Any, monkeypatch: pytest.MonkeyPatch,
                                               columns: str) -> None:
    long_title = "电动车在楼道充电，物业与业主协商后搬到充电棚，一周内回访确认" * 2
    add_case(desk, title=long_title, category="ebike")
    monkeypatch.setenv("COLUMNS", columns)
    r = cli("--lang", "zh", "case", "list")
    assert r.exit_code == 0
    assert_aligned(r.stdout)
    assert max(cell_len(line) for line in r.stdout.splitlines()) <= int(columns)
    # every character of the title is still there, folded over several lines
    joined = "".join(ch for ch in r.stdout if ch not in "│┃ \n")
    for ch in set(long_title) - {"，"}:
        assert ch in joined
    show = cli("--lang", "zh", "case", "show", "XH-2026-0001")
    assert show.exit_code == 0 and "…" not in show.stdout


def test_json_is_utf8_unescaped(cli: Any, desk: Any) -> None:
    n = add_case(desk, title="星河国际 漏水", parties=[("applicant", "张伟", "3-2-501")],
                 mediators=["王建国"])
    for args in (("case", "show", n, "--json"), ("case", "list", "--json"),
                 ("case", "list", "-f", "ndjson"), ("case", "list", "-f", "csv"),
                 ("site", "list", "--json"), ("person", "list", "--json"),
                 ("mediator", "show", "王建国", "--json"), ("category", "list", "--json")):
        r = cli(*args)
        assert r.exit_code == 0, r
        assert "\\u" not in r.stdout, args
        assert any(word in r.stdout for word in ("星河国际", "张伟", "王建国", "漏水")), args
    assert "星河国际 漏水" in cli("case", "show", n, "--json").stdout
