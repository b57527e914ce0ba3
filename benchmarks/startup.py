"""Whole-process start-up timings: `redprop --help` and `redprop case add`.

Run from the repository root after the quick start:

    .venv/bin/python benchmarks/startup.py --runs 30

Each command is run as a fresh process, alternating between them so that
machine load affects all alike; the script prints medians and the ratio of
`case add` to `python -c pass` from the same venv (the target is 7x).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _time(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - t0) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    redprop = str(bindir / "redprop")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "REDPROP_DB": str(Path(tmp) / "bench.db"), "REDPROP_LANG": "en"}
        # An installed program runs from cached bytecode; a shell that forbids writing
        # it would time the compiler instead, so the warm-up below must be allowed to.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([redprop, "site", "add", "XH", "--name", "星河国际"], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "redprop --help": [redprop, "--help"],
            "redprop case add": [redprop, "case", "add", "--site", "XH", "--category", "leak",
                                 "--title", "楼上漏水", "--applicant", "张伟@3-2-501"],
        }
        for cmd in commands.values():  # warm the OS file cache and .pyc files
            _time(cmd, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                samples[name].append(_time(cmd, env))
    med = {name: statistics.median(v) for name, v in samples.items()}
    print(f"machine: {os.cpu_count()} cores, {_cpu()}, Python {platform.python_version()}")
    print(f"runs: {args.runs} of each, interleaved; median wall time per whole process")
    for name, m in med.items():
        print(f"  {name:<18} {m:7.1f} ms   (min {min(samples[name]):.1f})")
    base = med["python -c pass"]
    print(f"  case add / python -c pass = {med['redprop case add'] / base:.1f}x (target 7x)")
    print(f"  --help median {med['redprop --help']:.1f} ms (target < 120 ms)")


if __name__ == "__main__":
    main()
