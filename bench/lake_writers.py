"""Writers at once on a DuckLake (bench/ducklake.py): our gate and our import's writes, as lake
transactions, from several processes at once, started together; and the same file from two
processes at once. Each writer is a process of its own:

    python -m bench.lake_writers URL WORKER ROUNDS ROWS GO_FILE CITY PLEDGE PREFIX [HOLD_FILE]

printing one JSON line per import.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from bench.lake import lake_connect
from bench.writers import application_counts

ROOT = Path(__file__).resolve().parents[1]
FIRST_ID = 1_000_000     # the writers' import ids: a lake has no sequence, so each writer numbers its own


def lake_commit(con, prep, import_id: int, hold: str | None = None) -> int:
    """Our import's writes for a prepared record file, as one lake transaction: its log row, its
    records (data/imports/kinds.py, which also keeps the aggregates: data.aggregates.apply_import).
    The log row is written with its id (a lake has neither sequences nor RETURNING). With `hold`,
    the COMMIT waits until that file exists. Returns the rows added; a conflict raises (the
    transaction rolled back)."""
    from data.imports.kinds import HANDLERS

    cur = con.cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        cur.execute("INSERT INTO imports (import_id, kind, file_name, file_hash, imported_by, imported_at, synthetic, "
                    "city, rows_in_file, rows_present, rows_refused, warnings) "
                    "VALUES ($id, $kind, $name, $hash, 'bench', now(), TRUE, $city, $rows, 0, 0, 0)",
                    {"id": import_id, "kind": prep.kind, "name": prep.file_name, "hash": prep.file_hash,
                     "city": prep.city, "rows": prep.rows_in_file})
        added = HANDLERS[prep.kind].commit(cur, prep, import_id, lambda fraction, text: None)
        cur.execute("UPDATE imports SET rows_added = $added WHERE import_id = $id", {"added": added, "id": import_id})
        if hold:
            Path(f"{hold}.{import_id}").touch()     # written: the parent lets both commit once both are here
        _wait_for(hold)
        cur.execute("COMMIT")
        return added
    except duckdb.Error:
        try:
            cur.execute("ROLLBACK")
        except duckdb.Error:
            pass            # a failed COMMIT has ended the transaction already
        raise
    finally:
        cur.close()


def _wait_for(path: str | None) -> None:
    while path and not Path(path).exists():
        time.sleep(0.01)


def writer(url: str, worker: int, rounds: int, rows: int, go: str, city: str, pledge: str, prefix: str,
           hold: str | None = None) -> None:
    """One writing process: `rounds` imports of `rows` applications of `city`'s `pledge` (application
    ids `prefix`R<round>-…, import ids from FIRST_ID + 1000 × `worker`), each gated and committed
    (`lake_commit`, its COMMIT held until `hold` exists); a transaction that fails is run again (at
    most 20 times). Prints one JSON line per import: its id, rows added, failed attempts and the last
    failure's message."""
    from bench.postgres import application_csv
    from data import imports

    con = lake_connect(url)
    _wait_for(go)
    for r in range(rounds):
        data = application_csv(rows, pledge=pledge, prefix=f"{prefix}R{r}", days=28)
        import_id, failed, error = FIRST_ID + 1000 * worker + r, 0, None
        while True:
            prep = imports.prepare(con, data, f"l{worker}-r{r}.csv", city=city)
            if not prep.ok:
                raise SystemExit(prep.headline())
            try:
                added = lake_commit(con, prep, import_id, hold)
                break
            except duckdb.Error as err:
                failed, error = failed + 1, " ".join(str(err).split())[:400]
                if failed >= 20:
                    raise SystemExit(f"{failed} conflicts: {str(err).splitlines()[0]}")
        print(json.dumps({"round": r, "import_id": import_id, "added": added, "failed": failed, "error": error}),
              flush=True)


def serial_imports(url: str, city: str, pledge: str, count: int = 20, rows: int = 1000) -> dict:
    """`count` imports of `rows` applications one after another in this process (no other writer):
    the median seconds of one (gate and commit) and rows/s."""
    from bench.postgres import application_csv
    from data import imports

    con = lake_connect(url)
    seconds = []
    try:
        for r in range(count):
            data = application_csv(rows, pledge=pledge, prefix=f"LSER{r}-", days=28)
            t = time.perf_counter()
            prep = imports.prepare(con, data, f"serial-{r}.csv", city=city)
            lake_commit(con, prep, FIRST_ID + 900_000 + r)
            seconds.append(time.perf_counter() - t)
    finally:
        con.close()
    one = statistics.median(seconds)
    return {"count": count, "rows": rows, "seconds": one, "rate": rows / one}


def _spawn(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bench.lake_writers", *map(str, args)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})


def _finish(proc: subprocess.Popen, timeout: float = 1800) -> list[dict]:
    out, err = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else f"writer exit {proc.returncode}")
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def writer_targets(con, processes: int) -> list[tuple[str, str]]:
    """(city, pledge) of the first `processes` cities, each a pledge counted from applications."""
    return [tuple(r) for r in con.execute(
        "SELECT city, min(pledge_id) FROM indicators WHERE source = 'applications' GROUP BY city ORDER BY city "
        "LIMIT $n", {"n": processes}).fetchall()]


def writers_run(url: str, targets: list[tuple[str, str]], rounds: int, rows: int, prefix: str) -> dict:
    """One process per target, started together: wall, rows/s together, failed attempts, and the
    rows stored of those written (lost, duplicated)."""
    with tempfile.TemporaryDirectory(prefix="lake-writers-") as folder:
        go = Path(folder) / "go"
        procs = [_spawn(url, w, rounds, rows, go, city, pledge, f"{prefix}{w}") for w, (city, pledge) in enumerate(targets)]
        time.sleep(3)                                        # let every process connect first
        t = time.perf_counter()
        go.touch()
        steps = [_finish(p) for p in procs]
        wall = time.perf_counter() - t
    count, distinct = application_counts(lake_connect(url), prefix)
    expected = len(targets) * rounds * rows
    errors = [s["error"] for lines in steps for s in lines if s["error"]]
    return {"wall": wall, "rate": expected / wall, "failed": sum(s["failed"] for lines in steps for s in lines),
            "lost": expected - distinct, "duplicated": count - distinct, "error": errors[0] if errors else None}


def writers(url: str, processes: int = 4, rounds: int = 5, rows: int = 1000, runs: int = 3) -> dict:
    """`processes` writers all into one city and each into its own, interleaved `runs` times:
    medians of wall and rows/s, failed attempts, lost and duplicated summed."""
    con = lake_connect(url)
    try:
        targets = writer_targets(con, processes)
    finally:
        con.close()
    layouts = {"one_city": [targets[0]] * processes, "own_city": targets}
    found = {name: [] for name in layouts}
    for run in range(runs):
        for name, chosen in layouts.items():
            prefix = f"L{'O' if name == 'one_city' else 'C'}{run}W"
            found[name].append(writers_run(url, chosen, rounds, rows, prefix))
    out = {"processes": processes, "rounds": rounds, "rows": rows, "runs": runs}
    for name, results in found.items():
        out[name] = {"wall": statistics.median(r["wall"] for r in results),
                     "rate": statistics.median(r["rate"] for r in results),
                     **{k: sum(r[k] for r in results) for k in ("failed", "lost", "duplicated")},
                     "error": next((r["error"] for r in results if r["error"]), None)}
    return out


def same_file_twice(url: str, rows: int = 1000) -> dict:
    """Two processes importing one file (the same application ids) into one city at the same moment,
    each transaction open while the other writes (their COMMITs held until both have written): the
    rows stored twice."""
    con = lake_connect(url)
    try:
        city, pledge = writer_targets(con, 1)[0]
    finally:
        con.close()
    with tempfile.TemporaryDirectory(prefix="lake-writers-") as folder:
        go, hold = Path(folder) / "go", Path(folder) / "commit"
        procs = [_spawn(url, w + 900, 1, rows, go, city, pledge, "LSAME", hold) for w in range(2)]
        written = [Path(f"{hold}.{FIRST_ID + 1000 * (w + 900)}") for w in range(2)]
        go.touch()
        deadline = time.monotonic() + 600
        while not all(p.exists() for p in written) and time.monotonic() < deadline \
                and all(p.poll() is None for p in procs):        # one that ended early failed: _finish says why
            time.sleep(0.05)
        hold.touch()        # both have checked the stored keys and written their rows: both commit now
        steps = [_finish(p) for p in procs]
    count, distinct = application_counts(lake_connect(url), "LSAME")
    return {"rows": rows, "added": [s["added"] for lines in steps for s in lines],
            "failed": [s["failed"] for lines in steps for s in lines], "stored": count, "duplicated": count - distinct}


if __name__ == "__main__":
    url, worker, rounds, rows, go, city, pledge, prefix = sys.argv[1:9]
    writer(url, int(worker), int(rounds), int(rows), go, city, pledge, prefix, *sys.argv[9:10])
