"""examples/MEETINGS.md shows real output: re-running every command reproduces it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_meetings_walkthrough_is_current(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "MEETINGS.md").read_text(encoding="utf-8")
    assert "/tmp/ex2/" in text and "```console" in text
    copy = tmp_path / "MEETINGS.md"
    copy.write_text(text.replace("/tmp/ex2/", f"{tmp_path}/ex2/"), encoding="utf-8")
    p = subprocess.run([sys.executable, str(ROOT / "examples" / "walkthrough.py"), str(copy), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "ex2" / "XH-M2026-11.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
