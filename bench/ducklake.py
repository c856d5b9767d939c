"""DuckLake with a PostgreSQL catalog, measured against the store we chose. Issue 13 asked for
PostgreSQL as the system of record with DuckDB running the queries through its postgres extension,
"or — if you measure it better — DuckLake with a PostgreSQL catalog". This measures that other road
(`python -m bench.ducklake`, or `python -m bench.run --ducklake`): it starts its own throwaway
PostgreSQL cluster (tests/pg.py) for the lakes' catalogs, keeps their Parquet files in a temporary
folder (bench/lake.py), and measures:

- the copy: every table and view of a national DuckDB file into a lake (seconds, files, bytes);
- the recompute: the bare aggregate (bench.run.BARE_SQL) and ours (metrics.engine.figures_for: the
  same named queries) with the lake as the connection's default database, interleaved with the same
  on the DuckDB file, and every figure compared with the file's;
- writers at once, like for like: the same 4 processes × 5 imports of 1,000 applications, all into
  one city and each into its own, on the four-city store of bench/writers.py — in a lake (our gate,
  then our import's writes as lake transactions: bench/lake_writers.py) and on PostgreSQL (our
  import as it runs there: bench/writers.py), in the same run;
- the same file from two processes at once, each COMMIT held until both have written: the rows
  stored twice (a lake has no unique key);
- small files: 20 imports of 1,000 rows one after another into the national lake of `--after-size`
  (the time of one), then its files and our recompute, and again after DuckLake's compaction.

The lines go to their own block of docs/benchmarks.md (<!-- ducklake:start --> … end).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.lake import copy_to_lake, lake_connect, lake_files, same_figures
from bench.lake_writers import same_file_twice, serial_imports, writer_targets, writers as lake_writers
from bench.run import AS_OF, BARE_SQL, OUT, SIZES, dataset, machine, timed
from bench.table import replace_block
from bench.writers import WRITER_CITIES, cities_build, writers as postgres_writers

START, END = "<!-- ducklake:start -->", "<!-- ducklake:end -->"


def recompute(lake, file, runs: int) -> dict:
    """Bare and ours on the lake and on the DuckDB file, interleaved run by run: medians; and
    whether every figure of the lake equals the file's."""
    from metrics.engine import figures_for

    fns = {"lake_bare": lambda: lake.execute(BARE_SQL, {"as_of": AS_OF}).to_arrow_table(),
           "lake_ours": lambda: figures_for(lake, AS_OF),
           "file_bare": lambda: file.execute(BARE_SQL, {"as_of": AS_OF}).to_arrow_table(),
           "file_ours": lambda: figures_for(file, AS_OF)}
    for fn in fns.values():     # warm the caches and the plans once
        fn()
    times = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            times[name].append(timed(fn))
    out = {name: statistics.median(values) for name, values in times.items()}
    out["equal"] = same_figures(figures_for(lake, AS_OF), figures_for(file, AS_OF))
    return out


# --- the run ---------------------------------------------------------------------------------

def small_files(url: str, folder: Path, runs: int) -> dict:
    """20 imports one after another into the lake (bench.lake_writers.serial_imports), then its
    files and our recompute, then the same after DuckLake's compaction (every figure kept?)."""
    from metrics.engine import figures_for

    def ours() -> float:
        return statistics.median(timed(lambda: figures_for(lake, AS_OF)) for _ in range(runs))

    lake = lake_connect(url)
    try:
        figures_for(lake, AS_OF)        # warm this connection's catalog and plans once, as recompute() does
        before = ours()
        city, pledge = writer_targets(lake, 1)[0]
        out = {"imports": serial_imports(url, city, pledge), "before": before, **lake_files(folder)}
        out["ours"] = ours()
        figures, t = figures_for(lake, AS_OF), time.perf_counter()
        lake.execute("CALL ducklake_merge_adjacent_files(current_database())")
        out["merge_seconds"] = time.perf_counter() - t
        out["merged"] = ours()
        out["kept"] = same_figures(figures, figures_for(lake, AS_OF))
    finally:
        lake.close()
    return out


def measure(sizes: list[str], runs: int, after_size: str | None = None) -> dict:
    """The writers on the four-city store (a lake and PostgreSQL, same run) and the same file twice
    in that lake; each size's copy and recompute; small files on `after_size`'s lake (default: the
    smallest of `sizes`)."""
    from tests import pg

    after_size = after_size or min(sizes, key=SIZES.get)
    result = {"machine": machine(), "sizes": {}}
    with pg.cluster() as cluster, tempfile.TemporaryDirectory(prefix="ducklake-") as scratch:
        store, folder = Path(scratch) / "cities.duckdb", Path(scratch) / "cities"
        cities_build(store, WRITER_CITIES)
        folder.mkdir()
        url = cluster.create_database("lake_cities")
        result["cities_copy"] = copy_to_lake(store, url, folder)
        result["writers"] = {"lake": lake_writers(url, runs=runs), "postgres": postgres_writers(cluster, runs=runs)}
        result["same_file"] = same_file_twice(url)
        print(f"[ducklake writers] {json.dumps(result['writers'])} {json.dumps(result['same_file'])}", file=sys.stderr)
        for label in sizes:
            source, folder = dataset(label), Path(scratch) / label
            folder.mkdir()
            url = cluster.create_database(f"lake_{label.lower()}")
            size = {"copy": copy_to_lake(source, url, folder)}
            lake, file = lake_connect(url), duckdb.connect(str(source), read_only=True)
            try:
                size["recompute"] = recompute(lake, file, runs)
            finally:
                lake.close()
                file.close()
            if label == after_size:
                size["after"] = small_files(url, folder, runs)
            result["sizes"][label] = size
            print(f"[ducklake {label}] {json.dumps(size)}", file=sys.stderr, flush=True)
    return result


def table(result: dict) -> str:
    """The block's Markdown: one row per size, then the writers', the same file's and the small files' lines."""
    info = result["machine"]
    lines = [f"Measured {info['date']} on {info['cpu']}, {info['cores']} cores; DuckDB {info['duckdb']} with its "
             "ducklake and postgres extensions; the lakes' catalogs and the PostgreSQL store in one throwaway "
             "PostgreSQL cluster on this machine, the lakes' Parquet files on its disk. Medians of interleaved runs; "
             f"as-of date {AS_OF.isoformat()}.", "",
             "| data set | copy into the lake | files · size | bare on the lake (s) | ours on the lake (s) | ours ÷ bare "
             "| the file: bare · ours (s) | lake ÷ file, ours | every figure equal to the file's |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for label, size in result["sizes"].items():
        c, r = size["copy"], size["recompute"]
        lines.append(f"| {label} | {c['seconds']:.1f} s | {c['data_files']} · {c['bytes'] / 2**20:.0f} MiB "
                     f"| {r['lake_bare']:.3f} | {r['lake_ours']:.3f} | {r['lake_ours'] / r['lake_bare']:.2f} "
                     f"| {r['file_bare']:.3f} · {r['file_ours']:.3f} | {r['lake_ours'] / r['file_ours']:.2f} "
                     f"| {'yes' if r['equal'] else '**no**'} |")
    w, s = result["writers"], result["same_file"]
    lake, pg = w["lake"], w["postgres"]
    lines += ["", f"- Writers at once on the four-city store ({lake['processes']} processes × {lake['rounds']} imports "
                  f"of {lake['rows']:,} applications, medians of {lake['runs']} interleaved runs), rows/s together:"]
    for name, words in (("one_city", "all into one city"), ("own_city", "each into its own city")):
        lines.append(f"  - {words}: the lake **{lake[name]['rate']:,.0f}** ({lake[name]['wall']:.1f} s; "
                     f"{lake[name]['failed']} transactions failed on a conflict and were run again), PostgreSQL "
                     f"**{pg[name]['rate']:,.0f}** ({pg[name]['wall']:.1f} s, no transaction failed: they wait on "
                     f"their locks)")
    lost = sum(x[n][k] for x in (lake, pg) for n in ("one_city", "own_city") for k in ("lost", "duplicated"))
    error = lake["own_city"]["error"] or lake["one_city"]["error"]
    lines.append(f"  - lost or duplicated rows, both stores: {lost}" + (f"; a failure reads `{error}`" if error else ""))
    lines.append(f"- The same file of {s['rows']:,} rows from two processes at once in the lake (each COMMIT held "
                 f"until both had written): rows added {' and '.join(str(n) for n in s['added'])}, failed attempts "
                 f"{' and '.join(str(n) for n in s['failed'])}, **{s['duplicated']:,} rows stored twice**.")
    for label, size in result["sizes"].items():
        a = size.get("after")
        if not a:
            continue
        i = a["imports"]
        lines.append(f"- Small files ({label} lake): {i['count']} imports of {i['rows']:,} rows one after another "
                     f"({i['seconds']:.2f} s each, {i['rate']:,.0f} rows/s) leave {a['data_files']} data files and "
                     f"{a['delete_files']} delete files (from {size['copy']['data_files']} and 0); our recompute "
                     f"{a['ours']:.3f} s (before them {a['before']:.3f} s), after DuckLake's compaction "
                     f"(`ducklake_merge_adjacent_files`, {a['merge_seconds']:.1f} s) {a['merged']:.3f} s, every figure "
                     f"{'kept' if a['kept'] else '**changed**'}.")
    return "\n".join(lines)


def write_doc(text: str) -> None:
    replace_block(START, END, f"{START}\n{text}\n{END}", heading="## DuckLake with a PostgreSQL catalog, measured\n\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ducklake", description="DuckLake(PostgreSQL 카탈로그) 비교 측정")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["1m", "10m"])
    parser.add_argument("--runs", type=int, default=3, help="측정 반복 횟수 (중앙값)")
    parser.add_argument("--after-size", choices=list(SIZES), default=None,
                        help="연속 가져오기 뒤의 작은 파일을 잴 데이터 (기본: 가장 작은 것)")
    parser.add_argument("--no-write", action="store_true", help="docs/benchmarks.md를 고치지 않음")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result = measure(args.sizes, args.runs, args.after_size)
    (OUT / "ducklake.json").write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    text = table(result)
    print(text)
    if not args.no_write:
        write_doc(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
