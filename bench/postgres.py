"""The PostgreSQL column of the benchmark: `python -m bench.run` (after the file's part; or
`python -m bench.postgres --sizes 100k 1m`). Starts its own throwaway PostgreSQL cluster
(tests/pg.py), copies each national data set into it the way `python -m data build --db
postgresql://…` does (data.build.copy_to_postgres), and measures, with DuckDB running the same
named queries through its postgres extension:

- bare ÷ ours: the bare aggregate (bench.run.BARE_SQL) and the product's full recompute
  (metrics.engine.figures_for), medians of interleaved runs, next to the same on the DuckDB file;
- pandas ÷ ours: pandas over the raw tables in memory (bench/pandas_impl.py) against our recompute;
- import rows/s: a 100,000-row applications CSV (the import's row limit) into a PostgreSQL copy of the seed;
- first cold render: a fresh server, a fresh browser, the default page (for a visitor: 공약 이행
  현황) until its figures are shown and the script is idle — on the DuckDB file and on PostgreSQL,
  once without the readiness probe and, behind it, on `--runs` fresh servers of each (the median);
- writers at once: 4 processes × 5 imports of 1,000 rows (tests/pg_workers.py), all into one city
  and each into its own (a store of four cities), interleaved: wall time, rows/s, and the check
  that nothing was lost or duplicated;
- one pledge's figures (its card) and one city's as of a day inside a month, and an import of
  1,000 applications of one pledge into (a copy of) the national store with its undo: the work a
  city does every day, on both stores;
- the app server's read model of the PostgreSQL store (data/read_model.py): its build (seconds,
  the building process's peak memory, the file's size), the full recompute and one pledge's
  figures read from it (each read after its check of the store's stamps, as the app reads it),
  pandas ÷ ours against it, whether every figure equals the DuckDB file's, and its catch-up after
  the import of 1,000 applications and after its undo.

The table goes to its own block of docs/benchmarks.md (<!-- postgres:start --> … end).
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.run import AS_OF, INSIDE_YEAR, OUT, SIZES, dataset, machine, recompute_medians, seed_store
from bench.read_model import read_model_figures, timed_sync
from bench.writers import writers
from bench.table import replace_block
from data.build import copy_to_postgres
from data.national import record_count
from data.store import StoreURL, connect

START, END = "<!-- postgres:start -->", "<!-- postgres:end -->"


def recompute(con, runs: int) -> dict:
    """Medians of bare, ours and pandas (compute only) on one connection, interleaved."""
    med, load = recompute_medians(con, runs)
    return {**med, "pandas_load": load, "ours_vs_bare": med["ours"] / med["bare"],
            "pandas_vs_ours": med["pandas"] / med["ours"]}


def application_csv(rows: int, pledge: str = "6-1-1", prefix: str = "SYN-IMP", start: dt.date = dt.date(2023, 1, 2),
                    days: int = 500) -> bytes:
    """The same synthetic applications file as bench.run.import_bench (by default): `rows` applications
    of `pledge`, numbered `prefix`-0000000 on, made over `days` days from `start`."""
    lines = ["공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정"]
    for i in range(rows):
        day = start + dt.timedelta(days=i % days)
        lines.append(f"{pledge},{prefix}-{i:07d},{day.isoformat()},SYN-P-{i % 90000:05d},빛가람동,{22 + i % 15},"
                     f"{(day + dt.timedelta(days=100)).isoformat()},승인")
    return ("\n".join(lines) + "\n").encode("utf-8")


def import_rate(cluster, seed_db: str, rows: int = 100_000, runs: int = 2) -> dict:
    """Rows/s of prepare + commit of a `rows`-row CSV into a fresh PostgreSQL copy of the seed."""
    from data import imports
    from data.authority import SYSTEM

    data, rates = application_csv(rows), []
    for i in range(runs):
        con = connect(cluster.copy_database(seed_db, f"import_{i}"))
        try:
            t = time.perf_counter()
            prepared = imports.prepare(con, data, "신청-합성.csv", city="naju")
            if not prepared.ok:
                return {"pending": prepared.headline()}
            imports.commit(con, prepared, SYSTEM, synthetic=True)
            rates.append(rows / (time.perf_counter() - t))
        finally:
            con.close()
    return {"rows": rows, "import_rate": statistics.median(rates)}


ONE_PLEDGE_DAY = INSIDE_YEAR[0]      # a day inside a month: the dashboard's default as-of date is such a day


def middle_pledge(con) -> tuple[str, str]:
    """The (city, pledge_id) in the middle of the store's pledges in key order."""
    count = con.execute("SELECT count(*) FROM pledges").fetchone()[0]
    return con.execute("SELECT city, pledge_id FROM pledges ORDER BY city, pledge_id LIMIT 1 OFFSET ?",
                       [count // 2]).fetchone()


def one_pledge(con, runs: int) -> dict:
    """Median seconds of one pledge's figures and of one city's, as of ONE_PLEDGE_DAY."""
    from metrics.engine import figures_for

    city, pledge = middle_pledge(con)
    times = {"pledge": [], "city": []}
    for _ in range(runs):
        t = time.perf_counter()
        figures_for(con, ONE_PLEDGE_DAY, city, pledge)
        times["pledge"].append(time.perf_counter() - t)
        t = time.perf_counter()
        figures_for(con, ONE_PLEDGE_DAY, city)
        times["city"].append(time.perf_counter() - t)
    return {k: statistics.median(v) for k, v in times.items()}


def national_import(db, runs: int = 3, rows: int = 1000, model: bool = False) -> dict:
    """Median seconds of prepare, commit and undo of a `rows`-row applications file of one pledge
    imported into `db` (a copy of a national store: each run's import is undone); `model`: also
    of a read model's catch-up (data/read_model.py, built first) after the commit and after the undo."""
    from data import imports
    from data.authority import SYSTEM
    from data.read_model import ReadModel

    con = connect(db)
    folder = tempfile.TemporaryDirectory(prefix="read-model-")
    copy = ReadModel(db, folder.name) if model else None
    try:
        if copy is not None:
            copy.build()
        city, pledge = middle_pledge(con)
        times = {"prepare": [], "commit": [], "undo": [], "catch_up": [], "catch_up_undo": []}
        for run in range(runs):     # the 300 days before ONE_PLEDGE_DAY; each run's numbers new
            data = application_csv(rows, pledge, f"BENCH-{run}", ONE_PLEDGE_DAY - dt.timedelta(days=299), 300)
            t = time.perf_counter()
            prepared = imports.prepare(con, data, "신청-합성.csv", city=city)
            if not prepared.ok:
                return {"pending": prepared.headline()}
            t1 = time.perf_counter()
            summary = imports.commit(con, prepared, SYSTEM, synthetic=True)
            t2 = time.perf_counter()
            if copy is not None:
                times["catch_up"].append(timed_sync(copy, city))
            t3 = time.perf_counter()
            imports.undo(con, summary.import_id, SYSTEM)
            times["prepare"].append(t1 - t), times["commit"].append(t2 - t1), times["undo"].append(time.perf_counter() - t3)
            if copy is not None:
                times["catch_up_undo"].append(timed_sync(copy, city))
        return {"rows": rows, **{k: statistics.median(v) for k, v in times.items() if v}}
    finally:
        con.close()
        if copy is not None:
            copy.close()
        folder.cleanup()


def settle(pid: int, quiet: float = 2.0, timeout: float = 180.0) -> float:
    """Seconds until the process has used under 2% of a core for `quiet` seconds (a server's
    background work done: on PostgreSQL, its read model built), at most `timeout`."""
    import os

    def cpu() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    t = time.perf_counter()
    while time.perf_counter() - t < timeout:
        before = cpu()
        time.sleep(quiet)
        if cpu() - before < 0.02 * quiet:
            break
    return time.perf_counter() - t - quiet


def cold_render(db, label: str, ready: bool = False) -> dict:
    """Seconds from the first request to a fresh server (empty caches) until the default page shows
    its figures and the script is idle: {"render": …, "ready": seconds from launch to ready,
    "settled": seconds from the request until the server is idle, "memory_mb": its peak memory then}.
    `ready`: the server is first asked once for Streamlit's script health check, the readiness
    probe a deployment puts before its balancer (bench.server.wait_healthy), as bench.run's browser
    part measures the file; without it the first visitor pays for the app's first run."""
    from playwright.sync_api import sync_playwright

    from bench.server import launch_chromium, streamlit_server, wait_for_app

    log = OUT / f"streamlit-cold-{label}{'-probed' if ready else ''}.log"
    with streamlit_server(db, log=log, timeout=180, ready=ready) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t = time.perf_counter()
            page.goto(f"{server.url}/?as_of={AS_OF.isoformat()}")
            page.locator("[data-testid=stMetricValue]").first.wait_for(state="visible", timeout=300_000)
            wait_for_app(page, 300_000)
            render = time.perf_counter() - t
            return {"render": render, "ready": server.ready_s, "settled": settle(server.pid) + render,
                    "memory_mb": server.peak_rss_mb()}
        finally:
            browser.close()


def probed_renders(stores: dict, runs: int) -> dict:
    """The cold render behind the readiness probe on `runs` fresh servers of each store, interleaved
    store by store (one fresh server's render swings by ±0.4 s on this shared machine): per store,
    the run with the median render, with every run's render ("renders")."""
    done: dict[str, list] = {name: [] for name in stores}
    for _ in range(runs):
        for name, (db, tag) in stores.items():
            done[name].append(cold_render(db, tag, ready=True))
    out = {}
    for name, results in done.items():
        ranked = sorted(results, key=lambda r: r["render"])
        out[f"{name}_probed"] = {**ranked[(len(ranked) - 1) // 2], "renders": [r["render"] for r in results]}
    return out


def measure(sizes: list[str], runs: int, browser: bool = True) -> dict:
    import json

    from tests import pg

    out: dict = {"sizes": []}
    with pg.cluster() as cluster:
        for label in sizes:
            path = dataset(label)
            url = cluster.create_database(f"national_{label}")
            t = time.perf_counter()
            copy_to_postgres(path, url)
            copy_s = time.perf_counter() - t
            con = connect(path, read_only=True)
            try:
                records = record_count(con)     # as bench.run counts them (reported actuals included)
                duck = recompute(con, runs)
            finally:
                con.close()
            con = connect(url)
            try:
                post = recompute(con, runs)
                post["one"] = one_pledge(con, runs)
            finally:
                con.close()
            post["model"] = read_model_figures(url, path, runs, post["pandas"], one_pledge)
            con = connect(path, read_only=True)
            try:
                duck["one"] = one_pledge(con, runs)
            finally:
                con.close()
            with tempfile.TemporaryDirectory(prefix="national-import-") as folder:
                copy = Path(folder) / "national.duckdb"
                shutil.copy(path, copy)
                duck["import"] = national_import(copy)
            post["import"] = national_import(StoreURL(cluster.copy_database(f"national_{label}", f"import_{label}")),
                                             model=True)
            cluster.psql(f'DROP DATABASE "import_{label}" WITH (FORCE)')
            row = {"label": label, "records": records, "copy_s": copy_s, "duckdb": duck, "postgres": post}
            print(f"[postgres {label}] {row}", file=sys.stderr)
            out["sizes"].append(row)
        seed_db = "seed"
        copy_to_postgres(seed_store(), cluster.create_database(seed_db))
        out["import"] = import_rate(cluster, seed_db)
        print(f"[postgres import] {out['import']}", file=sys.stderr)
        out["writers"] = writers(cluster, runs=runs)
        print(f"[postgres writers] {out['writers']}", file=sys.stderr)
        if browser:
            label = sizes[-1]
            stores = {"duckdb": (dataset(label), label), "postgres": (StoreURL(cluster.url(f"national_{label}")), f"pg-{label}")}
            out["browser"] = {"label": label, **{name: cold_render(db, tag) for name, (db, tag) in stores.items()},
                              **probed_renders(stores, runs)}
            print(f"[postgres browser] {out['browser']}", file=sys.stderr)
    (OUT / "postgres.json").write_text(json.dumps(out, indent=1))
    return out


def table(result: dict) -> str:
    rows = ["| size (records) | store | bare scan | our recompute | ours ÷ bare (goal ≤ 1.0) | pandas ÷ ours (goal ≥ 5) |",
            "| --- | --- | --- | --- | --- | --- |"]
    for r in result["sizes"]:
        for name in ("duckdb", "postgres"):
            m = r[name]
            store = "DuckDB file" if name == "duckdb" else f"PostgreSQL (loaded in {r['copy_s']:.0f} s)"
            rows.append(f"| {r['label']} ({r['records']:,}) | {store} | {m['bare']:.3f} s | {m['ours']:.3f} s | "
                        f"{m['ours_vs_bare']:.2f} | {m['pandas_vs_ours']:.1f} |")
        model = r["postgres"].get("model")
        if model:
            rows.append(f"| {r['label']} ({r['records']:,}) | PostgreSQL, read from the app server's read model | "
                        f"{r['postgres']['bare']:.3f} s | {model['ours']:.3f} s | "
                        f"{model['ours'] / r['postgres']['bare']:.2f} | {model['pandas_vs_ours']:.1f} |")
    imp, w = result.get("import", {}), result.get("writers", {})
    lines = ["\n".join(rows), ""]
    for r in result["sizes"]:
        d, p = r["duckdb"], r["postgres"]
        if "one" in d and "one" in p:
            lines.append(f"- {r['label']}: one pledge's figures (its card) as of {ONE_PLEDGE_DAY.isoformat()}, a day inside a month: "
                         f"DuckDB file **{d['one']['pledge']:.2f} s**, PostgreSQL **{p['one']['pledge']:.2f} s**; "
                         f"one city's: {d['one']['city']:.2f} s / {p['one']['city']:.2f} s")
        model = p.get("model")
        if model:
            lines.append(f"- {r['label']}: the read model — built in **{model['build']:.1f} s** (one thread; the building "
                         f"process's peak memory {model['rss_mib']:,.0f} MiB, the file {model['file_mib']:,.0f} MiB); "
                         f"every figure equal to the DuckDB file's: {'yes' if model.get('same') else 'NO'}; one pledge's "
                         f"figures from it **{model['one']['pledge']:.2f} s**, one city's {model['one']['city']:.2f} s")
        if "catch_up" in p.get("import", {}):
            pi = p["import"]
            lines.append(f"- {r['label']}: the read model's catch-up with that import (the city's rows of 13 tables "
                         f"copied again): **{pi['catch_up']:.2f} s** after the commit, {pi['catch_up_undo']:.2f} s after the undo")
        if "prepare" in d.get("import", {}) and "prepare" in p.get("import", {}):
            di, pi = d["import"], p["import"]
            lines.append(f"- {r['label']}: an import of {di['rows']:,} applications of one pledge into the national store "
                         f"(prepare / commit / undo): DuckDB file {di['prepare']:.2f} / {di['commit']:.2f} / {di['undo']:.2f} s, "
                         f"PostgreSQL **{pi['prepare']:.2f} / {pi['commit']:.2f} / {pi['undo']:.2f} s**")
    if "import_rate" in imp:
        lines.append(f"- CSV import into PostgreSQL ({imp['rows']:,} applications, validate + one transaction): "
                     f"**{imp['import_rate']:,.0f} rows/s** (goal ≥ 200,000 rows/s, set for the embedded store)")
    if w:
        one, own = w["one_city"], w["own_city"]
        lines.append(f"- {w['processes']} importing processes at once, {w['rounds']} files of {w['rows']:,} rows each "
                     f"(medians of {w['runs']} interleaved runs): all into one city (in turn, on its lock) "
                     f"{one['wall']:.1f} s wall, {one['rate']:,.0f} rows/s together; each into its own city (at the same "
                     f"time) {own['wall']:.1f} s, **{own['rate']:,.0f} rows/s** ({w['speedup']:.2f}×); lost "
                     f"{one['lost'] + own['lost']}, duplicated {one['duplicated'] + own['duplicated']}")
    b = result.get("browser")
    if b:
        lines.append(f"- first cold render of the default page at {b['label']} (fresh server and browser; goal ≤ 2 s), "
                     f"without the readiness probe (the first visitor runs the app first): "
                     f"DuckDB file **{b['duckdb']['render']:.2f} s**, PostgreSQL **{b['postgres']['render']:.2f} s**")
        if "duckdb_probed" in b:
            d, p = b["duckdb_probed"], b["postgres_probed"]
            spread = (f"; the median of {len(d['renders'])} fresh servers each, interleaved: "
                      f"{_span(d['renders'])} / {_span(p['renders'])} s" if len(d.get("renders", ())) > 1 else "")
            lines.append(f"- the same behind the readiness probe (as deployed, and as `bench.run` measures the file): "
                         f"DuckDB file **{d['render']:.2f} s**, PostgreSQL **{p['render']:.2f} s** "
                         f"(ready {d['ready']:.1f} s / {p['ready']:.1f} s after the launch{spread})")
            if "memory_mb" in p:
                lines.append(f"- the server's peak memory (VmHWM) once its background work is done, {p['settled']:.0f} s after "
                             f"the request on PostgreSQL (its read model built; {d['settled']:.0f} s on the file): "
                             f"DuckDB file **{d['memory_mb']:,.0f} MiB**, PostgreSQL **{p['memory_mb']:,.0f} MiB** (goal ≤ 1,024 MiB)")
    return "\n".join(lines)


def _span(values: list[float]) -> str:
    return f"{min(values):.2f}–{max(values):.2f}"


def write_doc(text: str, info: dict, runs: int) -> None:
    block = (f"{START}\nMeasured {info['date']} on {info['cpu']}, {info['cores']} cores, {info['ram_gib']:.1f} GiB RAM; "
             f"PostgreSQL from Debian in a throwaway cluster on the same machine (fsync off); DuckDB {info['duckdb']} "
             f"with duckdb-extension-postgres. Medians of {runs} interleaved runs; as-of date {AS_OF.isoformat()}.\n\n"
             f"{text}\n{END}")
    replace_block(START, END, block)


def run(sizes: list[str], runs: int, browser: bool = True, write: bool = True) -> dict:
    from bench.browser import load_average

    info = machine()
    before = load_average()
    result = measure(sizes, runs, browser)
    text = table(result) + f"\n- the machine's 1-minute load average: {before} at the start, {load_average()} at the end"
    print(text)
    if write:
        write_doc(text, info, runs)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.postgres", description="PostgreSQL 저장소 성능 측정")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["100k", "1m"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    run(args.sizes, args.runs, not args.no_browser, not args.no_write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
