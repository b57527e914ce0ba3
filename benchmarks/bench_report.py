"""Time `redprop report --year` and `--month` as whole processes on stores of 10k, 100k and 1M cases.

    .venv/bin/python benchmarks/bench_report.py --sizes 10000 100000 1000000

Each store is filled by bulk SQL (benchmarks/report_fill.py) once and kept in
--dir for later runs. For each store and period the script runs the report in
every --format given, --runs times after one warm-up, and prints the medians.
In the same run it times the floor: the very SQL statements the report runs
(collected in-process), executed by the `sqlite3` command-line shell. The
ratio is report / floor. Without a `sqlite3` shell the floor is skipped.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import report_fill  # noqa: E402

PERIODS = {"year": ["--year", "2026"], "month": ["--month", "2026-10"]}


def _redprop() -> list[str]:
    exe = Path(sys.executable).with_name("redprop")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "redprop"]


def _quote(v: object) -> str:
    if v is None:
        return "NULL"
    if isinstance(v, int | float):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def floor_sql(db: Path, args: list[str]) -> str:
    """The report's own statements, with their parameters written in, for the sqlite3 shell."""
    from redprop.domain import report, report_period
    from redprop.store.db import Store

    today = date.fromisoformat(report_fill.TODAY)
    kw = {"year_": args[1]} if args[0] == "--year" else {"month_": args[1]}
    store = Store.open(db)
    trace: list[tuple[str, list[object]]] = []
    try:
        report.build(store, report_period.parse(today, **kw), report_period.resolve_scope(store), "zh",
                     trace=trace, today=today)
    finally:
        store.close()
    out = []
    for sql, params in trace:
        parts = sql.split("?")
        assert len(parts) == len(params) + 1, sql
        text = parts[0] + "".join(_quote(p) + rest for p, rest in zip(params, parts[1:], strict=True))
        out.append(text.replace("\n", " ") + ";")
    return "\n".join(out) + "\n"


def _time(cmd: list[str], runs: int, env: dict[str, str], stdin_path: Path | None = None) -> list[float]:
    times = []
    for i in range(runs + 1):
        stdin = stdin_path.open("rb") if stdin_path else subprocess.DEVNULL
        t0 = time.perf_counter()
        r = subprocess.run(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        elapsed = time.perf_counter() - t0
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
        if r.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {r.stderr.decode(errors='replace')}")
        if i:  # the first run warms the page cache
            times.append(elapsed)
    return times


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--runs", type=int, default=7, help="timed runs per measurement (after one warm-up)")
    ap.add_argument("--formats", nargs="+", default=["table", "json"], help="report formats to time")
    ap.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "redprop-bench-report",
                    help="where the filled stores are kept between runs")
    opts = ap.parse_args()
    opts.dir.mkdir(parents=True, exist_ok=True)
    sqlite3_cli = shutil.which("sqlite3")
    env = {**os.environ, "REDPROP_TODAY": report_fill.TODAY, "REDPROP_LANG": "zh"}
    env.pop("FORCE_COLOR", None)
    print(f"machine: {_machine()}")
    print(f"sqlite3 shell: {sqlite3_cli or 'not found; the floor is skipped'}")
    print(f"medians of {opts.runs} runs; today pinned to {report_fill.TODAY}\n")
    print(f"{'cases':>9} {'period':<6} {'format':<6} {'report ms':>10} {'floor ms':>9} {'ratio':>6}")
    for n in opts.sizes:
        db = opts.dir / f"cases-{n}.db"
        if not db.exists():
            t0 = time.perf_counter()
            tmp = db.with_suffix(".filling")
            for p in tmp.parent.glob(tmp.name + "*"):
                p.unlink()
            report_fill.fill(tmp, n)
            tmp.rename(db)
            print(f"(filled {n:,} cases in {time.perf_counter() - t0:.1f} s: {db})")
        for name, args in PERIODS.items():
            floor = None
            if sqlite3_cli:
                sql_file = opts.dir / f"floor-{n}-{name}.sql"
                sql_file.write_text(floor_sql(db, args), encoding="utf-8")
                floor = statistics.median(_time([sqlite3_cli, str(db)], opts.runs, env, sql_file)) * 1000
            for fmt in opts.formats:
                cmd = [*_redprop(), "--db", str(db), "report", *args, "--format", fmt]
                ms = statistics.median(_time(cmd, opts.runs, env)) * 1000
                ratio = f"{ms / floor:.1f}x" if floor else "-"
                floor_s = f"{floor:.0f}" if floor is not None else "-"
                print(f"{n:>9,} {name:<6} {fmt:<6} {ms:>10.0f} {floor_s:>9} {ratio:>6}", flush=True)


if __name__ == "__main__":
    main()
