"""The installed `redprop` console script and `python -m redprop`, as a desk runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import TODAY

REDPROP = Path(sys.executable).parent / "redprop"


def run(*args: str, db: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "REDPROP_DB": str(db), "REDPROP_TODAY": TODAY, "REDPROP_LANG": "en",
            "REDPROP_USER": "desk", **env}
    return subprocess.run([str(REDPROP), *args], env=full, capture_output=True, text=True,
                          timeout=60, encoding="utf-8")


def test_add_a_case_and_read_it_back(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    assert REDPROP.exists()
    assert run("site", "add", "XH", "--name", "星河国际", db=db).returncode == 0
    assert run("mediator", "add", "--name", "王建国", "--site", "XH", db=db).returncode == 0
    r = run("case", "add", "--site", "XH", "-c", "漏水", "-t", "12F 漏水到 11F", "--applicant",
            "张伟@12-1-1201", "-m", "王建国", "--source", "申请", db=db)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "XH-2026-0001\n" and r.stderr == ""
    r = run("case", "show", "XH-2026-0001", "--json", db=db)
    assert r.returncode == 0, r.stderr
    rec = json.loads(r.stdout)
    assert rec["title"] == "12F 漏水到 11F" and rec["category"] == "leak"
    assert rec["status"] == "mediating" and rec["parties"][0]["name"] == "张伟"
    assert [e["actor"] for e in rec["events"]] == ["desk"] * len(rec["events"])
    assert "12F 漏水到 11F" in run("case", "list", db=db).stdout


def test_errors_exit_nonzero_with_one_line(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    r = run("case", "list", db=db)
    assert r.returncode == 1 and r.stdout == "" and "does not exist" in r.stderr
    assert not db.exists()
    assert run("site", "add", "XH", "--name", "星河国际", db=db).returncode == 0
    r = run("case", "show", "XH-2026-0042", db=db)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr.startswith("redprop: no case") and r.stderr.count("\n") == 1
    r = run("case", "add", "--site", "XH", "-c", "leak", "-t", "x", "--reported", "2026-13-40", db=db)
    assert r.returncode == 2 and r.stderr.startswith("redprop: --reported:")
    assert "Traceback" not in r.stderr
    r = run("--db", str(tmp_path), "case", "list", db=db)
    assert r.returncode == 2


def test_python_dash_m(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "redprop", "--help"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert "case" in r.stdout and "site" in r.stdout
    r = subprocess.run([sys.executable, "-m", "redprop", "--version"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("redprop ")


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    assert run("site", "add", "XH", "--name", "星河国际", db=db).returncode == 0
    env = {**os.environ, "REDPROP_DB": str(db), "REDPROP_TODAY": TODAY}
    p = subprocess.run(f"'{REDPROP}' category list --format ndjson | head -n 1", shell=True, env=env,
                       capture_output=True, text=True, timeout=60)
    assert p.stdout.count("\n") == 1
    assert "Traceback" not in p.stderr
