"""Re-run every command of a Markdown walkthrough and write its real output back.

    .venv/bin/python examples/walkthrough.py examples/MEETINGS.md          # rewrite in place
    .venv/bin/python examples/walkthrough.py examples/MEETINGS.md --check  # exit 1 if out of date

In each ```console block, a line starting with ``$ `` is a command. ``export``
lines set variables for the commands after them (setting ``REDPROP_DB`` deletes
that file, so every run starts afresh); any other command runs in
bash with the venv's ``redprop`` first on PATH, and what it prints (stdout,
then stderr) replaces the lines up to the next command. A failing command is
followed by ``# exit code N``. Text outside the blocks is left alone.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path


def _run(cmd: str, env: dict[str, str]) -> list[str]:
    if cmd.startswith("export "):
        for part in shlex.split(cmd[len("export "):]):
            name, _, value = part.partition("=")
            env[name] = value
            if name == "REDPROP_DB":  # every run starts from a fresh database
                for suffix in ("", "-wal", "-shm"):
                    Path(value + suffix).unlink(missing_ok=True)
        return []
    if "REDPROP_DB" in env:
        Path(env["REDPROP_DB"]).parent.mkdir(parents=True, exist_ok=True)
    p = subprocess.run(["bash", "-c", cmd], env=env, capture_output=True, text=True)
    out = (p.stdout + p.stderr).splitlines()
    if p.returncode:
        out.append(f"# exit code {p.returncode}")
    return out


def render(text: str) -> str:
    bindir = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDPROP_")}
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.pop("COLUMNS", None)
    out: list[str] = []
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = line.strip() == "```console" if not in_block else False
            out.append(line)
        elif in_block and line.startswith("$ "):
            out.append(line)
            out.extend(_run(line[2:], env))
        elif not in_block:
            out.append(line)
    return "\n".join(out) + "\n"


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)")


def _stable(text: str) -> str:
    """The text with UUIDs and timestamps blanked: they are new on every run."""
    return _STAMP.sub("<time>", _UUID.sub("<uuid>", text))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = ap.parse_args()
    old = args.file.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        if _stable(new) != _stable(old):
            sys.exit(f"{args.file} is out of date: run examples/walkthrough.py {args.file}")
        return
    args.file.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    main()
