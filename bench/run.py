"""The national-scale benchmark: `.venv/bin/python -m bench.run` (a script, not a test).

For each size (default 100k, 1M and 10M records) it generates the synthetic national data set
into bench/out/ (reused when present), then measures side by side, in one process, the median
of several interleaved runs of:

- bare:   the bare DuckDB aggregate over the same records: count per indicator × period (records
          grouped by pledge × kind × year, joined to the indicators), fetched as Arrow;
- ours:   the product's full recompute of every figure of every pledge
          (metrics.engine.figures_for: named queries + pure metric functions);
- pandas: a straightforward pandas implementation of the same rates (bench/pandas_impl.py),
          over the raw tables already in memory (their loading is timed separately).

Then, on the largest size, the dashboard in headless Chromium (bench/browser.py): first paint, time to
full render of the overview and of the 전체 현황 page, time after changing the year filter, the
server's peak memory (VmHWM), and the CSV import rate (data/imports). The table is printed
and written to docs/benchmarks.md with the machine it ran on. Then the same measures on the
other backend, PostgreSQL (bench/postgres.py, its own process and its own block of the same
document: recompute ÷ bare, pandas ÷ ours, import rows/s, first cold render and the writers at
once), on a throwaway cluster of Debian's `postgresql` package, which the test command installs;
without it the run stops before measuring anything and says so (`--no-postgres`: the file only).

    .venv/bin/python -m bench.run                     # 100k, 1M, 10M, the file then PostgreSQL; ~20 minutes
    .venv/bin/python -m bench.run --sizes 100k 1m --runs 3 --no-browser --no-write --no-postgres
    .venv/bin/python -m bench.run --sizes 10m --runs 3 --browser-only --no-write   # the browser part alone
                                                         # (--unprobed: no readiness probe, no warm-up)
    .venv/bin/python -m bench.run --load                 # also: 1, 10, 25, 50 concurrent sessions (bench/load.py)
    .venv/bin/python -m bench.run --load-only            # only those (its own block of docs/benchmarks.md)
    .venv/bin/python -m bench.run --no-postgres          # the DuckDB file only (no PostgreSQL block)
    .venv/bin/python -m bench.run --ducklake             # also: DuckLake with a PostgreSQL catalog (bench/ducklake.py)
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from bench import load, load_report, pandas_impl
from bench.browser import browser_bench, floor_bench, load_average
from bench.server import CHROMIUM
from bench.table import DOC, GOALS, _goal, table, write_doc  # noqa: F401  (the table and the doc block)
from data.national import DATA_END, generate, record_count
from data.store import connect, open_store

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000,
         "30m": 30_000_000, "50m": 50_000_000}     # the last two: bench/scaling.py (226 cities, more records each)
DEFAULT_SIZES = ["100k", "1m", "10m"]
AS_OF = DATA_END
# As-of dates inside the records' last year, one on each side of July (the queries read the as-of
# year up to the date before July, and the whole year less what lies after it from July on).
INSIDE_YEAR = (dt.date(DATA_END.year, 3, 15), dt.date(DATA_END.year, 9, 15))

# The grouped scans are a MATERIALIZED CTE: DuckDB 1.5.5's Python client never returns from
# con.execute() of a UNION ALL of three or more GROUP BYs with large outputs (all threads parked;
# any thread count; con.sql(), CREATE TABLE AS and an ORDER BY return): this query hung from 30M
# records on (and at 10M with one thread). Materialized, the same rows come back; at 10M it took
# 0.245 s against 0.236 s (medians of 9, interleaved): no advantage to our side of the ratio.
BARE_SQL = """
WITH rec AS MATERIALIZED (
    SELECT city, pledge_id, 'publicity' AS source, year(action_date) AS period, count(*) AS n
    FROM publicity WHERE action_date <= $as_of GROUP BY ALL
    UNION ALL SELECT city, pledge_id, 'applications', year(applied_on), count(*)
    FROM applications WHERE applied_on <= $as_of GROUP BY ALL
    UNION ALL SELECT city, pledge_id, 'visits', year(visit_date), count(*)
    FROM visits WHERE visit_date <= $as_of GROUP BY ALL
    UNION ALL SELECT city, pledge_id, 'executions', year(executed_on), count(*)
    FROM executions WHERE executed_on <= $as_of GROUP BY ALL
)
SELECT i.city, i.pledge_id, i.indicator_id, r.period, r.n
FROM indicators i JOIN rec r USING (city, pledge_id, source)
"""


def dataset(label: str) -> Path:
    """bench/out/national-<label>.duckdb, generated when missing."""
    path = OUT / f"national-{label}.duckdb"
    if not path.exists():
        t = time.perf_counter()
        generate(path, SIZES[label])
        print(f"[{label}] generated in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    open_store(path).close()     # a set generated before the newest migration (e.g. 006's aggregates) migrates once
    return path


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def recompute_medians(con, runs: int, cpu: dict | None = None) -> tuple[dict, float]:
    """Median seconds of bare, ours and pandas (compute only) on one connection, interleaved run
    by run, and the seconds pandas took to read the raw tables (also used by bench/postgres.py).
    `cpu`, when given, receives the median CPU seconds of each (the process's, all threads)."""
    from metrics.engine import figures_for

    t = time.perf_counter()
    tables = pandas_impl.read_tables(con)
    load = time.perf_counter() - t
    bare_fn = lambda: con.execute(BARE_SQL, {"as_of": AS_OF}).to_arrow_table()   # noqa: E731
    ours_fn = lambda: figures_for(con, AS_OF)                                   # noqa: E731
    pandas_fn = lambda: pandas_impl.compute(tables, AS_OF)                       # noqa: E731
    for fn in (bare_fn, ours_fn):   # warm the file cache and the query plans once
        fn()
    times = {"bare": [], "ours": [], "pandas": [], "bare_cpu": [], "ours_cpu": [], "pandas_cpu": []}
    for _ in range(runs):
        for name, fn in (("bare", bare_fn), ("ours", ours_fn), ("pandas", pandas_fn)):
            started = time.process_time()     # CPU of all of the process's threads: less sensitive to the neighbours
            times[name].append(timed(fn)), times[f"{name}_cpu"].append(time.process_time() - started)
    medians = {k: statistics.median(v) for k, v in times.items()}
    (cpu if cpu is not None else {}).update({k: medians.pop(f"{k}_cpu") for k in ("bare", "ours", "pandas")})
    return medians, load


def compute_bench(label: str, runs: int) -> dict:
    """Median seconds of bare, ours and pandas on one data set, interleaved run by run."""
    path = dataset(label)
    con = connect(path, read_only=True)
    try:
        records = record_count(con)
        pledges = con.execute("SELECT count(*) FROM pledges").fetchone()[0]
        cities = con.execute("SELECT count(*) FROM cities").fetchone()[0]
        indicators = con.execute("SELECT count(*) FROM indicators").fetchone()[0]
        med, load = recompute_medians(con, runs, cpu := {})
        breakdown = _breakdown(con, runs)
    finally:
        con.close()
    breakdown.update({"CPU: bare": cpu["bare"], "CPU: ours": cpu["ours"], "CPU: pandas": cpu["pandas"],
                      "CPU ours ÷ bare": cpu["ours"] / cpu["bare"], "CPU pandas ÷ ours": cpu["pandas"] / cpu["ours"]})
    row = {"label": label, "breakdown": breakdown, "records": records, "cities": cities, "pledges": pledges, "indicators": indicators,
           "runs": runs, "pandas_load": load, **med,
           "ours_vs_bare": med["ours"] / med["bare"], "pandas_vs_ours": med["pandas"] / med["ours"],
           "pandas_load_vs_ours": (med["pandas"] + load) / med["ours"], "load_average": load_average()}
    print(f"[{label}] records {records:,} · bare {med['bare']:.3f} s · ours {med['ours']:.3f} s · "
          f"pandas {med['pandas']:.3f} s (+ load {load:.2f} s) · ours/bare {row['ours_vs_bare']:.2f} · "
          f"pandas/ours {row['pandas_vs_ours']:.1f} · CPU {cpu}", file=sys.stderr)
    return row


INPUT_QUERIES = ["pledges", "indicators", "indicator_periods", "periods", "budget_by_year", "reconciliation_reports",
                 "record_pace", "status_in_force"]


def _breakdown(con, runs: int) -> dict:
    """Where our recompute spends its time (wall seconds): each named query, fetched as load_inputs does, and compute()."""
    from data.store import query_arrow
    from metrics.engine import compute, load_inputs

    out = {}
    for name in INPUT_QUERIES:
        out[name] = statistics.median(
            timed(lambda: query_arrow(con, name, as_of=AS_OF, city=None, pledge_id=None, pace_window=12))
            for _ in range(runs))
    inputs = load_inputs(con, AS_OF)
    out["compute"] = statistics.median(timed(lambda: compute(inputs)) for _ in range(runs))
    for day in INSIDE_YEAR:         # the full recompute and the bare scan at a date inside a year, interleaved
        times = {"ours": [], "bare": []}
        for _ in range(runs):
            times["bare"].append(timed(lambda: con.execute(BARE_SQL, {"as_of": day}).to_arrow_table()))
            times["ours"].append(timed(lambda: compute(load_inputs(con, day))))
        ours, bare = statistics.median(times["ours"]), statistics.median(times["bare"])
        out.update({f"ours at {day}": ours, f"bare at {day}": bare, f"ours ÷ bare at {day}": ours / bare})
    return out


# --- the dashboard in a browser --------------------------------------------------------------

# --- CSV import --------------------------------------------------------------------------------

def import_bench(rows: int = 100_000, runs: int = 3) -> dict:    # the import's row limit
    """Rows per second of data/imports (prepare + commit) for an applications CSV of `rows`
    rows into a copy of the seed store; {'pending': reason} when the import refuses the file.
    Interleaved run by run with the floor (`import_floor`): the same bytes stored by DuckDB alone."""
    from data import imports
    from data.authority import SYSTEM
    from data.build import build

    base = OUT / "import-base.duckdb"
    if not base.exists():
        build(base)
    start = dt.date(2023, 1, 2)
    lines = ["공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정"]
    for i in range(rows):
        day = start + dt.timedelta(days=i % 500)
        due = day + dt.timedelta(days=100)
        lines.append(f"6-1-1,SYN-IMP-{i:07d},{day.isoformat()},SYN-P-{i % 90000:05d},빛가람동,{22 + i % 15},"
                     f"{due.isoformat()},승인")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    rates, cpu, added, floor = [], [], 0, []
    for _ in range(runs):
        floor.append(rows / import_floor(base, data))
        target = OUT / "import-run.duckdb"
        shutil.copy(base, target)
        con = connect(target)
        try:
            from data.store import migrate
            migrate(con)
            t, c = time.perf_counter(), time.process_time()
            prepared = imports.prepare(con, data, "신청-합성.csv", city="naju")
            if not prepared.ok:
                return {"pending": f"가져오기 거부: {prepared.headline()}"}
            c_prepared = time.process_time()
            summary = imports.commit(con, prepared, SYSTEM, synthetic=True)
            elapsed = time.perf_counter() - t
            cpu.append((c_prepared - c, time.process_time() - c_prepared))   # CPU s (all threads): prepare, commit
            added = summary.rows_added
            rates.append(rows / elapsed)
        finally:
            con.close()
            target.unlink(missing_ok=True)
    result = {"rows": rows, "rows_added": added, "import_rate": statistics.median(rates), "import_best": max(rates),
              "prepare_cpu_s": statistics.median(p for p, _ in cpu), "commit_cpu_s": statistics.median(c for _, c in cpu),
              "floor_rate": statistics.median(floor)}
    print(f"[import] {result}", file=sys.stderr)
    return result


# The import's floor: the same CSV bytes stored by DuckDB alone, as a file's rows reach the store
# at best — written to a temporary file, read with the store's column types (no detection), inserted
# into `applications` of a copy of the same store and committed. No gate (personal data, formulas,
# strict typing, keys, service rules), no log, no aggregates: what the import adds is the rate's
# distance from this.
FLOOR_SQL = """
INSERT INTO applications (city, pledge_id, application_id, applied_on, person_id, emd, pregnancy_week, due_date,
                          decision)
SELECT 'naju', c0, c1, c2, c3, c4, c5, c6, c7
FROM read_csv($path, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
              columns = {'c0': 'VARCHAR', 'c1': 'VARCHAR', 'c2': 'DATE', 'c3': 'VARCHAR', 'c4': 'VARCHAR',
                         'c5': 'INTEGER', 'c6': 'DATE', 'c7': 'VARCHAR'})
"""


def import_floor(base: Path, data: bytes) -> float:
    """Seconds DuckDB alone takes to store the CSV bytes (FLOOR_SQL) in a copy of `base` (made in
    a temporary folder, removed after)."""
    import tempfile

    from data.store import migrate

    with tempfile.TemporaryDirectory(prefix="import-floor-") as folder:
        target, csv_path = Path(folder) / "floor.duckdb", Path(folder) / "floor.csv"
        shutil.copy(base, target)
        con = connect(target)
        try:
            migrate(con)
            t = time.perf_counter()
            csv_path.write_bytes(data)
            con.execute("BEGIN TRANSACTION")
            con.execute(FLOOR_SQL, {"path": str(csv_path)})
            con.execute("COMMIT")
            return time.perf_counter() - t
        finally:
            con.close()


# --- the report --------------------------------------------------------------------------------

def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    import pandas
    import streamlit
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": mem / 1024 / 1024, "os": platform.platform(),
            "python": platform.python_version(), "duckdb": duckdb.__version__, "pandas": pandas.__version__,
            "streamlit": streamlit.__version__, "chromium": _chromium_version(), "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def _chromium_version() -> str:
    try:
        out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout
        return out.strip().split()[1] if out.strip() else "?"
    except (OSError, subprocess.SubprocessError, IndexError):
        return "?"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="전국 규모 성능 측정")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=DEFAULT_SIZES)
    parser.add_argument("--runs", type=int, default=5, help="측정 반복 횟수 (중앙값)")
    parser.add_argument("--browser-size", choices=list(SIZES), default=None, help="브라우저 측정 데이터 (기본: 가장 큰 것)")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--browser-only", action="store_true",
                        help="브라우저 측정만 (최소 앱, 가장 큰 데이터, 시드 저장소): 재계산·가져오기 측정 생략")
    parser.add_argument("--unprobed", action="store_true",
                        help="브라우저 측정에서 준비 확인(스크립트 점검)과 예열 없이: 첫 방문자가 서버의 첫 실행을 기다림")
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="docs/benchmarks.md를 고치지 않음")
    parser.add_argument("--load", action="store_true", help="동시 접속 부하 측정도 함 (bench/load.py, 기본 저장소)")
    parser.add_argument("--load-only", action="store_true", help="동시 접속 부하 측정만 함")
    parser.add_argument("--no-postgres", action="store_true",
                        help="PostgreSQL 저장소 측정 생략 (기본: 파일 저장소 다음에 PostgreSQL로도 측정, bench/postgres.py)")
    parser.add_argument("--ducklake", action="store_true", help="DuckLake(PostgreSQL 카탈로그)와 비교 측정 (bench/ducklake.py)")
    parser.add_argument("--load-sessions", type=int, nargs="+", default=list(load.LEVELS), help="동시 세션 수 (단계별)")
    parser.add_argument("--load-processes", type=int, nargs="+", default=[1, 2],
                        help="부하 측정의 서버 프로세스 수 (2 이상: 읽기 전용 스냅숏; 여러 개면 차례로)")
    return parser


def postgres_missing() -> str | None:
    """One Korean line when the PostgreSQL server the second backend's measures start is not
    installed (None when it is)."""
    from tests import pg
    if pg.available():
        return None
    return ("PostgreSQL 서버가 설치되어 있지 않아 두 번째 저장소를 잴 수 없습니다 — 테스트 명령(bash scripts/test.sh)이 "
            "Debian의 postgresql 패키지를 설치합니다. 파일 저장소만 재려면 --no-postgres")


def seed_store() -> Path:
    """bench/out/seed.duckdb: the store built from the repository's cards and records."""
    seed = OUT / "seed.duckdb"
    if not seed.exists():
        from data.build import build
        build(seed)
    return seed


def load_bench(args, info: dict) -> dict:
    """Concurrent sessions on the seed store (bench/load.py); its table printed and written to
    its own block of docs/benchmarks.md."""
    results = load_report.combined([load.measure(seed_store(), args.load_sessions, processes=n)
                                    for n in args.load_processes])
    text = load.table(results)
    print(text)
    if not args.no_write:
        load.write_doc(text, info, results)
        print(f"\nwritten to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return results


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    info = machine()
    if args.load_only:
        load_bench(args, info)
        return 0
    postgres = not (args.no_postgres or args.browser_only)
    if postgres and (missing := postgres_missing()):
        print(missing, file=sys.stderr)
        return 2
    rows = [] if args.browser_only else [compute_bench(label, args.runs) for label in args.sizes]
    browser = baseline = floor = None
    if not args.no_browser:
        cold = {"ready": False, "env": {"PLEDGE_WARM_UP": "0"}} if args.unprobed else {}
        floor = floor_bench(max(3, args.runs))      # Streamlit's own frontend: one st.write, timed alike
        label = args.browser_size or args.sizes[-1]
        browser = browser_bench(label, max(3, args.runs), db=dataset(label), **cold)
        # The same screens on the seed store (one pledge): what the browser costs without any scale.
        baseline = browser_bench("seed", max(3, args.runs), db=seed_store(), **cold)
    if args.browser_only:
        print(table([], browser, None, baseline, floor))
        print(json.dumps({"floor": floor, "browser": browser, "seed": baseline}, ensure_ascii=False, default=str))
        return 0
    imp = None if args.no_import else import_bench(runs=max(args.runs, 3))
    text = table(rows, browser, imp, baseline, floor)
    print(text)
    if not args.no_write:
        write_doc(text, info, args.runs)
        print(f"\nwritten to {DOC.relative_to(ROOT)}", file=sys.stderr)
    from bench import hostile          # the worst refusal of the hostile import corpus (its own doc block)
    print(hostile.report(write=not args.no_write))
    if args.load:
        load_bench(args, info)
    if postgres:
        _block("bench.postgres", args, *(["--no-browser"] if args.no_browser else []))
    if args.ducklake:
        _block("bench.ducklake", args)
    return 0


def _block(module: str, args, *flags: str) -> None:
    """Another backend's block (bench/postgres.py, bench/ducklake.py) at the same sizes and runs, in
    its own process: those modules build on this one (no import cycle)."""
    subprocess.run([sys.executable, "-m", module, "--sizes", *args.sizes, "--runs", str(args.runs), *flags,
                    *(["--no-write"] if args.no_write else [])], cwd=ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main())
