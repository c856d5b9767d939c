"""How the recompute and the bare scan grow with the records: `.venv/bin/python -m bench.scaling`.

The same 226 cities, 22,612 pledges and 56,516 indicators with 10, 30 and 50 million records
(the synthetic national set of data/national.py at those sizes: the cities stop growing at 226
from 10M records on, so only the records per pledge grow). For each: the bare scan
(bench.run.BARE_SQL) and our full recompute (metrics.engine.figures_for), medians of interleaved
runs, wall and CPU seconds, at the records' year end and at a date inside the year. Our
recompute reads the aggregates kept at write time, so it should stay flat while the bare scan
grows with the records: the ratio shows from how many records per pledge ours is the cheaper.

The table goes to its own block of docs/benchmarks.md (<!-- scaling:start --> … end). The data
sets are generated into bench/out/ on first use (50M: about 5 GB and a few minutes).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from bench.run import AS_OF, INSIDE_YEAR, BARE_SQL, SIZES, dataset, machine, timed
from bench.table import replace_block
from data.national import record_count
from data.store import connect

START, END = "<!-- scaling:start -->", "<!-- scaling:end -->"
HEADING = "## Scaling with the records per pledge\n\n"


def measure(label: str, runs: int) -> dict:
    """Bare and ours on one data set, interleaved run by run, at the year's end and inside it."""
    from metrics.engine import figures_for

    con = connect(dataset(label), read_only=True)
    try:
        records = record_count(con)
        pledges = con.execute("SELECT count(*) FROM pledges").fetchone()[0]
        row = {"label": label, "records": records, "pledges": pledges}
        for day in (AS_OF, INSIDE_YEAR[1]):
            fns = {"bare": lambda: con.execute(BARE_SQL, {"as_of": day}).to_arrow_table(),
                   "ours": lambda: figures_for(con, day)}
            for fn in fns.values():        # the file cache and the query plans warmed once
                fn()
            wall = {k: [] for k in fns}
            cpu = {k: [] for k in fns}
            for _ in range(runs):
                for name, fn in fns.items():
                    started = time.process_time()
                    wall[name].append(timed(fn))
                    cpu[name].append(time.process_time() - started)
            row[day] = {k: statistics.median(v) for k, v in wall.items()} | {
                f"{k}_cpu": statistics.median(v) for k, v in cpu.items()}
    finally:
        con.close()
    end = row[AS_OF]
    print(f"[{label}] records {records:,} · bare {end['bare']:.3f} s · ours {end['ours']:.3f} s · "
          f"ours ÷ bare {end['ours'] / end['bare']:.2f}", file=sys.stderr)
    return row


def table(rows: list[dict]) -> str:
    lines = ["| records | records per pledge | as of | bare scan (s) | our recompute (s) | ours ÷ bare | "
             "CPU: bare / ours (s) | CPU ours ÷ bare |",
             "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        for day in (AS_OF, INSIDE_YEAR[1]):
            m = r[day]
            lines.append(f"| {r['records']:,} | {r['records'] / r['pledges']:,.0f} | {day.isoformat()} | "
                         f"{m['bare']:.3f} | {m['ours']:.3f} | **{m['ours'] / m['bare']:.2f}** | "
                         f"{m['bare_cpu']:.2f} / {m['ours_cpu']:.2f} | {m['ours_cpu'] / m['bare_cpu']:.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["10m", "30m", "50m"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    from bench.browser import load_average

    before = load_average()
    rows = [measure(label, args.runs) for label in args.sizes]
    info = machine()
    text = table(rows)
    print(text)
    if not args.no_write:
        head = (f"Measured {info['date']} on {info['cpu']}, "
                f"{info['cores']} cores; DuckDB {info['duckdb']}. Medians of {args.runs} interleaved runs; the "
                f"machine's 1-minute load average {before} at the start, {load_average()} at the end.")
        replace_block(START, END, f"{START}\n{head}\n\n{text}\n{END}", heading=HEADING)
    return 0


if __name__ == "__main__":
    sys.exit(main())
