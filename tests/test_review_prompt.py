"""Review finding: `case add` at a terminal checks each answer as it is typed.

Before, a wrong answer was only reported after the last question, and the
whole case had to be typed again. Driven through a real pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import TODAY

pty = pytest.importorskip("pty")
REDPROP = Path(sys.executable).parent / "redprop"


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "REDPROP_DB": str(db), "REDPROP_TODAY": TODAY, "REDPROP_LANG": "en",
            "REDPROP_USER": "desk"}


def _read_until(fd: int, seen: bytearray, marker: bytes, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < end, f"no {marker!r} in {seen.decode(errors='replace')!r}"
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            seen += chunk


def test_prompt_asks_again_until_each_answer_is_right(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    for argv in (["site", "add", "XH", "--name", "星河国际"], ["mediator", "add", "--name", "王建国", "--site", "XH"]):
        subprocess.run([str(REDPROP), *argv], env=_env(db), check=True, capture_output=True, timeout=60)
    # (prompt to wait for, answer): wrong answers are followed by the same question again.
    script = [
        (b"Site code", "QQ"), (b"Site code", "XH"),
        (b"Category", "unicorns"), (b"Category", "leak"),
        (b"Title", "12F 漏水到 11F"), (b"Description", ""),
        (b"Applicant", "张伟@12-1"), (b"Applicant", "张伟@12-1-1201"),
        (b"Respondent", ""), (b"Source", "gossip"), (b"Source", ""),
        (b"Mediator", "无名氏"), (b"Mediator", "王建国"),
    ]
    pid, fd = pty.fork()
    if pid == 0:  # the child: redprop at a terminal
        os.execve(str(REDPROP), [str(REDPROP), "case", "add"], _env(db))
    seen = bytearray()
    try:
        for marker, answer in script:
            _read_until(fd, seen, marker)
            del seen[: seen.index(marker) + len(marker)]
            os.write(fd, answer.encode() + b"\r")
        _read_until(fd, seen, b"XH-2026-0001")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    show = subprocess.run([str(REDPROP), "case", "show", "XH-2026-0001", "--json"], env=_env(db),
                          capture_output=True, text=True, timeout=60, encoding="utf-8")
    rec = json.loads(show.stdout)
    assert rec["category"] == "leak" and rec["title"] == "12F 漏水到 11F"
    assert [(p["name"], p["unit"]) for p in rec["parties"]] == [("张伟", "12-1-1201")]
    assert [m["name"] for m in rec["mediators"]] == ["王建国"]
