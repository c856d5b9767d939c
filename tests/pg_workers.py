"""Writer processes for the concurrency tests on PostgreSQL (tests/pg/test_concurrency.py), each a
separate Python process with its own DuckDB and its own PostgreSQL connections:

    python -m tests.pg_workers importer URL WORKER ROUNDS ROWS [GO_FILE [CITY]]
    python -m tests.pg_workers planner  URL WORKER ROUNDS [GO_FILE]
    python -m tests.pg_workers same     URL GO_FILE          # import applications_500_cp949 once
    python -m tests.pg_workers big      URL ROWS             # a big import, reporting its progress

Each prints one JSON line per finished step (or 'progress <fraction>' for `big`).
"""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from data import imports
from data.authority import SYSTEM
from data.revisions import RevisionConflict, record_revisions
from data.store import connect
from tests import import_corpus as corpus

ROOT = Path(__file__).resolve().parents[1]
REVISED_ON = dt.date(2024, 1, 1)
TARGET = {"city": "naju", "pledge_id": "6-1-1", "indicator_id": "publicity", "period": 2026}


def spawn(*args: str) -> subprocess.Popen:
    """Start a worker process (its stdout a text pipe)."""
    return subprocess.Popen([sys.executable, "-m", "tests.pg_workers", *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})


def finish(proc: subprocess.Popen, timeout: float = 300) -> list[dict]:
    """Wait for a worker; its JSON lines (AssertionError with its stderr when it failed)."""
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def application_rows(worker: int, round_no: int, rows: int) -> list[list]:
    """`rows` applications with ids unique to (worker, round), dated in 2024-07."""
    day = dt.date(2024, 7, 1) + dt.timedelta(days=round_no % 28)
    return [corpus.application(i, day, prefix=f"W{worker}R{round_no}") for i in range(rows)]


def application_file(worker: int, round_no: int, rows: int) -> bytes:
    return corpus.csv_bytes(corpus.APPLICATION_HEADERS, application_rows(worker, round_no, rows))


def wait_for(go: str | None) -> None:
    while go and not Path(go).exists():
        time.sleep(0.01)


def importer(url: str, worker: int, rounds: int, rows: int, go: str | None = None, city: str | None = None) -> None:
    con = connect(url)
    wait_for(go)
    for r in range(rounds):
        prepared = imports.prepare(con, application_file(worker, r, rows), f"w{worker}-r{r}.csv", city=city)
        summary = imports.commit(con, prepared, SYSTEM)
        print(json.dumps({"round": r, "import_id": summary.import_id, "added": summary.rows_added}), flush=True)


def seen_revision(con) -> int | None:
    return con.execute("SELECT max(revision_id) FROM target_revisions WHERE city = $city AND pledge_id = $pledge_id "
                       "AND indicator_id = $indicator_id AND period = $period", TARGET).fetchone()[0]


def planner(url: str, worker: int, rounds: int, go: str | None = None) -> None:
    """Each round: read the revision in force, save a new target based on it; a conflict (another
    planner saved first) is counted and retried from a fresh read, as a user would."""
    con = connect(url)
    wait_for(go)
    for r in range(rounds):
        while True:
            seen = seen_revision(con)
            change = pd.DataFrame([{**TARGET, "target": float(100 + worker * 1000 + r), "revision_id": seen}])
            try:
                ids = record_revisions(con, change, SYSTEM, f"planner {worker} round {r}", REVISED_ON,
                                       author=f"planner-{worker}")
                print(json.dumps({"round": r, "saved": ids, "seen": seen}), flush=True)
                break
            except RevisionConflict:
                print(json.dumps({"round": r, "conflict": True, "seen": seen}), flush=True)


def same(url: str, go: str) -> None:
    con = connect(url)
    prepared = imports.prepare(con, corpus.applications_500_cp949(), "same.csv")
    print(json.dumps({"prepared_new": prepared.rows_new}), flush=True)
    wait_for(go)
    summary = imports.commit(con, prepared, SYSTEM)
    print(json.dumps({"import_id": summary.import_id, "added": summary.rows_added}), flush=True)


def big(url: str, rows: int) -> None:
    con = connect(url)
    prepared = imports.prepare(con, corpus.big_applications(rows), "big.csv", today=dt.date(2025, 1, 1))
    imports.commit(con, prepared, SYSTEM, progress=lambda f, text: print(f"progress {f}", flush=True))
    print("committed", flush=True)


if __name__ == "__main__":
    command, url, *rest = sys.argv[1:]
    if command == "importer":
        importer(url, int(rest[0]), int(rest[1]), int(rest[2]), rest[3] if len(rest) > 3 else None,
                 rest[4] if len(rest) > 4 else None)
    elif command == "planner":
        planner(url, int(rest[0]), int(rest[1]), rest[2] if len(rest) > 2 else None)
    elif command == "same":
        same(url, rest[0])
    elif command == "big":
        big(url, int(rest[0]))
