"""Many writers on one PostgreSQL store (issue 13), each a separate process (tests/pg_workers.py):
importers and planners at once lose nothing and duplicate nothing, and end with the figures of a
serial run; the same file imported twice at once is added once; a writer killed mid-commit leaves
the store as the committed imports say. Needs PostgreSQL (a throwaway cluster, tests/pg.py)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal

import pandas as pd
import pytest

from data import imports
from data.authority import SYSTEM
from data.revisions import record_revisions
from data.store import connect
from metrics.engine import figures_for
from tests import import_corpus as corpus
from tests import pg_workers
from tests.pg_workers import finish, spawn

pytestmark = pytest.mark.postgres

IMPORTERS, PLANNERS, ROUNDS, ROWS = 4, 2, 20, 10
SEED_APPLICATIONS = 1344
AS_OF = dt.date(2024, 12, 31)


def figures(url: str):
    con = connect(url)
    try:
        f = figures_for(con, AS_OF, city="naju", pledge_id="6-1-1")
        columns = ["indicator_id", "actual_to_date", "target_total", "rate"]
        return f.indicators[columns].sort_values("indicator_id").reset_index(drop=True), float(f.pledges["rate"].iloc[0])
    finally:
        con.close()


def test_four_importers_and_two_planners_at_once(pg_cluster, pg_seed, tmp_path):
    url = pg_cluster.copy_database(pg_seed, "concurrent")
    go = tmp_path / "go"
    procs = [spawn("importer", url, str(w), str(ROUNDS), str(ROWS), str(go)) for w in range(IMPORTERS)]
    procs += [spawn("planner", url, str(p), str(ROUNDS), str(go)) for p in range(PLANNERS)]
    go.touch()                                                  # all start together
    results = [finish(p) for p in procs]
    imported, planned = results[:IMPORTERS], results[IMPORTERS:]

    con = connect(url)
    try:
        # 0 lost, 0 duplicated: every committed import's rows are there once, each import logged once
        assert all(r["added"] == ROWS for steps in imported for r in steps)
        count, distinct = con.execute("SELECT count(*), count(DISTINCT application_id) FROM applications").fetchone()
        assert count == distinct == SEED_APPLICATIONS + IMPORTERS * ROUNDS * ROWS
        ids = [r["import_id"] for steps in imported for r in steps]
        assert len(set(ids)) == IMPORTERS * ROUNDS
        logged = con.execute("SELECT count(*) FROM imports WHERE file_name LIKE 'w%-r%.csv' AND undone_at IS NULL"
                             ).fetchone()[0]
        assert logged == IMPORTERS * ROUNDS
        # target revisions: every save is there, and each one was based on the one before (no lost update)
        saved = [i for steps in planned for r in steps for i in r.get("saved", [])]
        assert len(saved) == PLANNERS * ROUNDS
        chain = con.execute("SELECT revision_id, based_on_revision, new_target FROM target_revisions "
                            "WHERE indicator_id = 'publicity' AND period = 2026 ORDER BY revision_id").fetchall()
        assert sorted(saved) == [r[0] for r in chain]
        assert all(later[1] == earlier[0] for earlier, later in zip(chain, chain[1:]))
        final_target = chain[-1][2]
    finally:
        con.close()

    # the figures equal those of a serial run: the same rows imported by one writer (in one file:
    # the validation of 80 files again would double the test's time) and the same final target
    serial = pg_cluster.copy_database(pg_seed, "serial")
    con = connect(serial)
    try:
        rows = [pg_workers.application_rows(w, r, ROWS) for w in range(IMPORTERS) for r in range(ROUNDS)]
        data = corpus.csv_bytes(corpus.APPLICATION_HEADERS, [line for part in rows for line in part])
        assert imports.commit(con, imports.prepare(con, data, "serial.csv"), SYSTEM).rows_added == IMPORTERS * ROUNDS * ROWS
        record_revisions(con, pd.DataFrame([{**pg_workers.TARGET, "target": final_target, "revision_id": None}]),
                         SYSTEM, "serial", pg_workers.REVISED_ON)
    finally:
        con.close()
    (ours, our_rate), (theirs, their_rate) = figures(url), figures(serial)
    pd.testing.assert_frame_equal(ours, theirs)
    assert our_rate == their_rate


def test_the_same_file_imported_twice_at_once_is_added_once(pg_cluster, pg_seed, tmp_path):
    url = pg_cluster.copy_database(pg_seed, "same_file")
    go = tmp_path / "go"
    procs = [spawn("same", url, str(go)) for _ in range(2)]
    for p in procs:                                             # both prepared: each saw 500 new rows
        assert json.loads(p.stdout.readline()) == {"prepared_new": 500}
    go.touch()
    results = [finish(p)[-1] for p in procs]
    assert sorted(r["added"] for r in results) == [0, 500]
    con = connect(url)
    try:
        assert con.execute("SELECT count(*) FROM applications").fetchone()[0] == SEED_APPLICATIONS + 500
    finally:
        con.close()


def test_a_writer_killed_mid_commit_leaves_the_store_consistent(pg_cluster, pg_seed):
    url = pg_cluster.copy_database(pg_seed, "killed")
    proc = spawn("big", url, "60000")
    for line in proc.stdout:                    # inside the transaction: some rows already sent
        if line.startswith("progress") and 0 < float(line.split()[1]) < 1:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    con = connect(url)
    try:
        committed = con.execute("SELECT coalesce(sum(rows_added), 0) FROM imports WHERE kind = 'applications' "
                                "AND undone_at IS NULL").fetchone()[0]
        assert con.execute("SELECT count(*) FROM applications").fetchone()[0] == committed == SEED_APPLICATIONS
        assert con.execute("SELECT count(*) FROM imports WHERE file_name = 'big.csv'").fetchone()[0] == 0
    finally:
        con.close()
    # the lock died with the killed writer's connection: the next writer goes through
    steps = finish(spawn("importer", url, "9", "1", "5"), timeout=120)
    assert steps == [{"round": 0, "import_id": steps[0]["import_id"], "added": 5}]
