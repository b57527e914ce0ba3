"""Review findings on bad input: each gets one stderr line, the right exit code, no change."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from conftest import add_case, dump

ADD = ["case", "add", "--site", "XH", "--category", "leak", "--title", "漏水"]


def _one_line(run: Any, code: int, starts: str) -> None:
    assert run.exit_code == code, run
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"redprop: {starts}"), run


@pytest.mark.parametrize("amount", ["1e3", "1E3", "Infinity", "٣٢٠٠", "0x10"])
def test_amount_is_a_plain_decimal(cli: Any, desk: Any, db_path: Path, amount: str) -> None:
    before = dump(db_path)
    _one_line(cli(*ADD, "--amount", amount), 2, "--amount:")
    assert dump(db_path) == before


def test_amount_from_a_chinese_input_method(cli: Any, desk: Any) -> None:
    n = cli(*ADD, "--amount", "￥３，２００.５").stdout.strip()
    assert cli("case", "show", n, "--json").json()["amount"] == 3200.5


def test_full_width_date_is_read_and_other_digits_are_refused(cli: Any, desk: Any) -> None:
    n = cli(*ADD, "--reported", "２０２６－０３－０１").stdout.strip()
    assert cli("case", "show", n, "--json").json()["reported_on"] == "2026-03-01"
    run = cli(*ADD, "--reported", "٢٠٢٦-٠٣-٠١")
    _one_line(run, 2, "--reported:")
    assert "is not a date; use YYYY-MM-DD" in run.stderr


@pytest.mark.parametrize("unit", ["3-2-0", "0-1-101", "3-0-501"])
def test_unit_parts_start_at_one(cli: Any, desk: Any, db_path: Path, unit: str) -> None:
    before = dump(db_path)
    _one_line(cli(*ADD, "--applicant", f"张三@{unit}"), 2, "--applicant:")
    assert dump(db_path) == before


def test_huge_limit_means_all(cli: Any, desk: Any) -> None:
    add_case(desk)
    run = cli("case", "list", "--limit", "99999999999999999999", "--json")
    assert run.exit_code == 0, run
    assert len(run.json()) == 1


def test_empty_by_is_refused_not_ignored(cli: Any, desk: Any, db_path: Path) -> None:
    before = dump(db_path)
    _one_line(cli("--by", "", *ADD), 2, "--by:")
    _one_line(cli(*ADD, "--by", ""), 2, "--by:")
    assert dump(db_path) == before


def test_empty_db_option_is_refused_not_ignored(cli: Any, desk: Any, db_path: Path) -> None:
    add_case(desk)
    _one_line(cli("--db", "", "case", "list"), 2, "--db:")


def test_db_folder_that_cannot_be_created(cli: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    _one_line(cli("--db", str(blocker / "sub" / "x.db"), "site", "add", "XH", "--name", "星河国际"),
              1, "--db: cannot create the folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_db_file(cli: Any, desk: Any, db_path: Path) -> None:
    db_path.chmod(0)
    try:
        _one_line(cli("case", "list"), 1, "--db: cannot read")
    finally:
        db_path.chmod(0o600)


def test_same_person_cannot_be_both_sides(cli: Any, desk: Any, db_path: Path) -> None:
    before = dump(db_path)
    _one_line(cli(*ADD, "--applicant", "张三@3-2-501", "--respondent", "张三@3-2-501"), 2, "--respondent:")
    assert dump(db_path) == before
    # A bare name finds the one 张三 recorded at the site, so it is the same person too.
    cli(*ADD, "--applicant", "张三@3-2-501")
    _one_line(cli(*ADD, "--applicant", "张三@3-2-501", "--respondent", "张三"), 2, "--respondent:")


def test_same_party_twice_is_recorded_once(cli: Any, desk: Any) -> None:
    n = cli(*ADD, "--applicant", "张三@3-2-501", "--applicant", "张三@3-2-501").stdout.strip()
    rec = cli("case", "show", n, "--json").json()
    assert [p["name"] for p in rec["parties"]] == ["张三"]
    assert len(rec["events"][0]["changes"]["parties"]) == 1


@pytest.mark.parametrize("argv", [["case", "show", "--install-completion", "bash"],
                                  ["case", "--show-completion"]])
def test_group_commands_have_no_completion_installer(cli: Any, desk: Any, argv: list[str]) -> None:
    _one_line(cli(*argv), 2, "No such option")
    assert "completion" not in cli("case", "show", "--help").stdout
