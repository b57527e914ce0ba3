"""Review finding: the `case show` timeline spoke English keys (case.move, status: open →
mediating, satisfaction: satisfied) to a Chinese desk. It now uses the labels of the
user's language, like every other table, and still shows user text literally."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import add_case


@pytest.fixture
def lived(desk: Any) -> str:
    from redprop.domain import cases

    n = add_case(desk, reported="2026-03-01", title="[bold]漏水[/] :smile:",
                 parties=[("applicant", "张伟", "12-1-1201")])
    cases.resolve(desk, n, "oral-agreement", "2026-03-03")
    cases.visit(desk, n, "done", "satisfied", "2026-03-05", note="[i]已修好[/i]")
    return n


def _timeline(out: str) -> str:
    return out[out.index("经过" if "经过" in out else "Timeline"):]


def test_timeline_in_chinese(cli: Any, lived: str) -> None:
    out = _timeline(cli("--lang", "zh", "case", "show", lived, env={"COLUMNS": "400"}).stdout)
    for label in ("登记", "状态变更", "回访", "待受理 → 调解中", "调解中 → 调解成功", "口头协议",
                  "满意度：满意", "履行情况：已履行", "类别：漏水", "申请人 张伟@12-1-1201"):
        assert label in out, label
    for key in ("case.move", "case.add", "status:", "satisfied", "oral-agreement", "applicant"):
        assert key not in out, key
    assert "[bold]漏水[/] :smile:" in out and "[i]已修好[/i]" in out


def test_timeline_in_english(cli: Any, lived: str) -> None:
    out = _timeline(cli("--lang", "en", "case", "show", lived, env={"COLUMNS": "400"}).stdout)
    for label in ("recorded", "moved", "return visit", "Status: open → mediating", "oral agreement",
                  "Satisfaction: satisfied", "applicant 张伟@12-1-1201"):
        assert label in out, label
    assert "case.move" not in out


def test_json_keeps_the_keys(cli: Any, lived: str) -> None:
    events = cli("case", "show", lived, "--json").json()["events"]
    assert [e["action"] for e in events][:2] == ["case.add", "case.move"]
    assert events[1]["changes"]["status"] == ["open", "mediating"]
