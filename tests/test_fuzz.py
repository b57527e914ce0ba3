"""Arbitrary text through the library: stored exactly (after stripping) or InvalidInput.

Rendering any stored text never raises and never emits a raw control character.
"""

from __future__ import annotations

import io
import json
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import add_case
from redprop.domain import case_view, cases, people, validate
from redprop.errors import InvalidInput

FUZZ = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# All of Unicode except surrogates (SQLite and JSON cannot carry lone surrogates).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
tricky = st.sampled_from(["[bold]", "[/]", ":smile:", "\x1b[2J", "\u202e", "\u200d", "\x00", "\r\n",
                          "\t", "漏水", "🧑‍🔧", "'; DROP TABLE cases; --", "%", "_", "\\", "@", "，"])
mixed = st.lists(st.one_of(any_text, tricky), max_size=6).map("".join)


def _acceptable(value: str, max_len: int, multiline: bool) -> bool:
    v = value.strip()
    if not v or len(v) > max_len:
        return False
    for ch in v:
        if multiline and ch in "\n\t":
            continue
        if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\u200d":
            return False
    return True


@FUZZ
@given(title=mixed)
def test_title_is_stored_exactly_or_refused(desk: Any, title: str) -> None:
    before = desk.scalar("SELECT count(*) FROM cases")
    try:
        n = add_case(desk, title=title)
    except InvalidInput as e:
        assert e.field == "--title"
        assert not _acceptable(title, validate.MAX_TITLE, multiline=False)
        assert desk.scalar("SELECT count(*) FROM cases") == before
        return
    assert _acceptable(title, validate.MAX_TITLE, multiline=False)
    assert desk.scalar("SELECT title FROM cases WHERE number = ?", [n]) == title.strip()
    assert case_view.show(desk, n)["title"] == title.strip()


@FUZZ
@given(body=mixed)
def test_note_is_stored_exactly_or_refused(desk: Any, body: str) -> None:
    n = desk.scalar("SELECT number FROM cases ORDER BY id LIMIT 1") or add_case(desk)
    count = desk.scalar("SELECT count(*) FROM case_notes")
    try:
        cases.note(desk, n, body)
    except InvalidInput as e:
        assert e.field == "TEXT"
        assert not _acceptable(body, validate.MAX_TEXT, multiline=True)
        assert desk.scalar("SELECT count(*) FROM case_notes") == count
        return
    assert _acceptable(body, validate.MAX_TEXT, multiline=True)
    stored = desk.scalar("SELECT body FROM case_notes ORDER BY id DESC LIMIT 1")
    assert stored == body.strip()
    logged = json.loads(desk.scalar("SELECT changes FROM events WHERE action = 'case.note' "
                                    "ORDER BY id DESC LIMIT 1"))
    assert logged["note"] == body.strip()


@FUZZ
@given(name=mixed)
def test_person_name_is_stored_exactly_or_refused(desk: Any, name: str) -> None:
    try:
        p = people.add(desk, "XH", name=name)
    except InvalidInput as e:
        assert e.field == "--name"
        return
    assert _acceptable(name, validate.MAX_NAME, multiline=False)
    assert p["name"] == name.strip()
    assert desk.scalar("SELECT name FROM people WHERE uuid = ?", [p["uuid"]]) == name.strip()


@FUZZ
@given(name=mixed)
def test_party_name_through_a_case_is_stored_exactly_or_refused(desk: Any, name: str) -> None:
    try:
        n = add_case(desk, parties=[("applicant", name, None)])
    except InvalidInput as e:
        assert e.field == "--applicant"
        return
    assert _acceptable(name, validate.MAX_NAME, multiline=False)
    assert case_view.show(desk, n)["parties"][0]["name"] == name.strip()


@FUZZ
@given(values=st.lists(st.one_of(mixed, st.none(), st.booleans(), st.integers(),
                                 st.lists(mixed, max_size=3)), min_size=3, max_size=3),
       lang=st.sampled_from(["zh", "en"]), width=st.integers(min_value=20, max_value=200))
def test_rendering_never_raises_or_leaks_control_characters(values: list[Any], lang: str,
                                                              width: int) -> None:
    from rich.console import Console

    from redprop.render.output import Column
    from redprop.render.tables import build_table

    record = dict(zip(("a", "b", "c"), values, strict=True))
    console = Console(file=io.StringIO(), width=width, markup=False, emoji=False, record=True)
    console.print(build_table([record], [Column("a"), Column("b"), Column("c")], lang, title="标题"))
    out = console.export_text()
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in out)
    assert "…" not in out
    json.loads(json.dumps(record, ensure_ascii=False))


@FUZZ
@given(title=mixed, note=mixed)
def test_case_show_table_renders_whatever_is_stored(cli: Any, desk: Any, title: str, note: str) -> None:
    """Even text that bypassed validation (another tool, an old file) prints safely."""
    n = desk.scalar("SELECT number FROM cases ORDER BY id LIMIT 1") or add_case(desk)
    with desk.write():
        desk.execute("UPDATE cases SET title = ?, description = ? WHERE number = ?", [title, note, n])
    for args in (("case", "show", n), ("case", "list")):
        r = cli(*args)
        assert r.exit_code == 0, r
        assert "\x1b" not in r.stdout and "\x00" not in r.stdout and "\x07" not in r.stdout
