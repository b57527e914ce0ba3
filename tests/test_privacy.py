"""Phones are masked everywhere except `show --show-pii`."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from conftest import add_case, make_mediator
from redprop.domain import validate

PHONE = "13812345678"
MASKED = "138****5678"
LANDLINE = "0519-86123456"


@pytest.fixture
def private(cli: Any, desk: Any) -> str:
    assert cli("person", "add", "--name", "张伟", "--site", "XH", "--unit", "12-1-1201",
               "--phone", PHONE).exit_code == 0
    assert cli("person", "add", "--name", "李娜", "--site", "XH", "--unit", "11-1-1101",
               "--phone", LANDLINE).exit_code == 0
    make_mediator(desk, "陈老师", ["XH"], phone="+86 139 1234 0000")
    return add_case(desk, parties=[("applicant", "张伟", "12-1-1201"), ("respondent", "李娜", "11-1-1101")],
                    mediators=["陈老师"])


def test_mask_phone() -> None:
    assert validate.mask_phone(PHONE) == MASKED
    assert validate.mask_phone(LANDLINE) == "051*****3456"
    assert validate.mask_phone("1234567") == "*******"
    assert validate.mask_phone(None) is None
    assert validate.phone("--phone", "+86 138 1234 5678") == PHONE


@pytest.mark.parametrize("args", [
    ("person", "list"), ("person", "list", "--json"), ("person", "list", "-f", "csv"),
    ("person", "list", "-f", "ndjson"), ("person", "show", "张伟@XH"),
    ("person", "show", "张伟@XH", "--json"), ("case", "show", "{n}"), ("case", "show", "{n}", "--json"),
    ("case", "list"), ("case", "list", "--json"), ("case", "list", "-f", "csv"),
    ("case", "list", "-f", "ndjson"), ("mediator", "list", "--json"), ("mediator", "show", "陈老师"),
    ("mediator", "show", "陈老师", "--json"), ("mediator", "list", "-f", "csv"),
])
def test_phones_are_masked(cli: Any, private: str, args: tuple[str, ...]) -> None:
    r = cli(*[a.format(n=private) for a in args])
    assert r.exit_code == 0, r
    for secret in (PHONE, "12345678", "86123456", "13912340000", "1234 5678"):
        assert secret not in r.stdout, (args, secret)


def test_masked_values_are_present(cli: Any, private: str) -> None:
    people = {p["name"]: p for p in cli("person", "list", "--json").json()}
    assert people["张伟"]["phone"] == MASKED
    assert people["李娜"]["phone"] == "051*****3456"
    assert people["陈老师"]["phone"] == "139****0000"
    assert MASKED in cli("person", "show", "张伟@XH").stdout
    shown = cli("case", "show", private, "--json").json()
    assert {p["name"]: p["phone"] for p in shown["parties"]} == {"张伟": MASKED, "李娜": "051*****3456"}
    listed = cli("case", "list", "--json").json()[0]
    assert {p["name"]: p["phone"] for p in listed["parties"]} == {"张伟": MASKED, "李娜": "051*****3456"}
    rows = list(csv.DictReader(io.StringIO(cli("person", "list", "-f", "csv").stdout)))
    assert {r["name"]: r["phone"] for r in rows}["张伟"] == MASKED
    assert MASKED in cli("case", "show", private).stdout


def test_show_pii_reveals_on_show_only(cli: Any, private: str) -> None:
    r = cli("person", "show", "张伟@XH", "--show-pii", "--json")
    assert r.json()["phone"] == PHONE
    assert PHONE in cli("person", "show", "张伟@XH", "--show-pii").stdout
    shown = cli("case", "show", private, "--show-pii", "--json").json()
    assert {p["name"]: p["phone"] for p in shown["parties"]} == {"张伟": PHONE, "李娜": "0519-86123456"}
    assert PHONE in cli("case", "show", private, "--show-pii").stdout
    assert cli("mediator", "show", "陈老师", "--show-pii", "--json").json()["phone"] == "13912340000"
    # listings have no such switch
    r = cli("case", "list", "--show-pii")
    assert r.exit_code == 2 and r.stdout == ""
    r = cli("person", "list", "--show-pii")
    assert r.exit_code == 2 and r.stdout == ""


def test_the_event_log_never_holds_a_phone(cli: Any, private: str, db_path: Path) -> None:
    conn = sqlite3.connect(str(db_path))
    rows = conn.execute("SELECT changes FROM events").fetchall()
    conn.close()
    blob = "\n".join(r[0] for r in rows)
    assert MASKED in blob and "139****0000" in blob
    for secret in (PHONE, "86123456", "13912340000"):
        assert secret not in blob
    # the timeline shown by `case show` comes from the same log
    for e in cli("case", "show", private, "--json").json()["events"]:
        assert PHONE not in str(e)


def test_a_bad_phone_is_not_echoed_in_full(cli: Any, desk: Any) -> None:
    r = cli("person", "add", "--name", "王五", "--site", "XH", "--phone", "138123456789")
    assert r.exit_code == 2
    assert "138123456789" not in r.stderr and r.stderr.startswith("redprop: --phone:")
