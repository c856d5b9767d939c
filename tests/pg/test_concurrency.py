"""Many writers on one PostgreSQL store (issue 13), each a separate process (tests/pg_workers.py):
importers and planners at once lose nothing and duplicate nothing, and end with the figures of a
serial run, in one city and in two; the same file imported twice at once is added once; a writer
killed mid-commit leaves the store as the committed imports say. The writers' locks: writers of one
city take turns, writers of different cities do not wait for each other, a write of the whole store
waits for every writer and every writer for it. Needs PostgreSQL (a throwaway cluster, tests/pg.py)."""
from __future__ import annotations

import datetime as dt
import json
import os
import signal
import threading

import pandas as pd
import pytest

from data import imports, postgres
from data.authority import SYSTEM
from data.revisions import record_revisions
from data.build import CARDS_DIR, build
from data.store import ACCOUNTS, connect
from metrics.engine import figures_for
from tests import import_corpus as corpus
from tests import pg_workers
from tests.pg_workers import finish, spawn

pytestmark = pytest.mark.postgres

IMPORTERS, PLANNERS, ROUNDS, ROWS = 4, 2, 20, 10
SEED_APPLICATIONS = 1344
AS_OF = dt.date(2024, 12, 31)


def figures(url: str, city: str = "naju"):
    con = connect(url)
    try:
        f = figures_for(con, AS_OF, city=city, pledge_id="6-1-1")
        columns = ["indicator_id", "actual_to_date", "target_total", "rate"]
        return f.indicators[columns].sort_values("indicator_id").reset_index(drop=True), float(f.pledges["rate"].iloc[0])
    finally:
        con.close()


def revision_chain(con) -> list[tuple]:
    """The planners' target's revisions (revision_id, based_on_revision, new_target), oldest first,
    each based on the one before it: no lost update."""
    chain = con.execute("SELECT revision_id, based_on_revision, new_target FROM target_revisions WHERE city = $city "
                        "AND pledge_id = $pledge_id AND indicator_id = $indicator_id AND period = $period "
                        "ORDER BY revision_id", pg_workers.TARGET).fetchall()
    assert all(later[1] == earlier[0] for earlier, later in zip(chain, chain[1:]))
    return chain


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
        chain = revision_chain(con)
        assert sorted(saved) == [r[0] for r in chain]
        final_target = chain[-1][2]
    finally:
        con.close()

    same_as_serial(pg_cluster, pg_seed, url, {"naju": range(IMPORTERS)}, ROUNDS, final_target)


def same_as_serial(cluster, template: str, url: str, workers: dict, rounds: int, final_target: float) -> None:
    """The figures of each city of `workers` ({city: the importers' numbers}) at `url` equal those of
    a serial run on a copy of `template`: the same rows imported by one writer, one file per city
    (the validation of every worker's files again would double the test's time), and the planners'
    final target."""
    serial = cluster.copy_database(template, f"serial_{len(workers)}")
    con = connect(serial)
    try:
        for city, numbers in workers.items():
            rows = [pg_workers.application_rows(w, r, ROWS) for w in numbers for r in range(rounds)]
            data = corpus.csv_bytes(corpus.APPLICATION_HEADERS, [line for part in rows for line in part])
            added = imports.commit(con, imports.prepare(con, data, f"serial-{city}.csv", city=city), SYSTEM).rows_added
            assert added == len(numbers) * rounds * ROWS
        record_revisions(con, pd.DataFrame([{**pg_workers.TARGET, "target": final_target, "revision_id": None}]),
                         SYSTEM, "serial", pg_workers.REVISED_ON)
    finally:
        con.close()
    for city in workers:
        (ours, our_rate), (theirs, their_rate) = figures(url, city), figures(serial, city)
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


# --- the writers' locks: scope by scope ----------------------------------------------------------

WAITING = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"


class Writer(threading.Thread):
    """A write transaction on a connection of its own, holding its locks (data.postgres.begin_write)
    until released."""

    def __init__(self, url: str, scopes):
        super().__init__(daemon=True)
        self.con, self.scopes = connect(url), scopes
        self.locked, self.release = threading.Event(), threading.Event()

    def run(self):
        cur = self.con.cursor()
        cur.execute("BEGIN TRANSACTION")
        postgres.begin_write(cur, self.scopes)
        self.locked.set()
        self.release.wait(120)
        cur.execute("COMMIT")

    def finish(self):
        self.release.set()
        self.join(120)
        self.con.close()


def _waiting(cluster, database: str) -> int:
    return int(cluster.psql(WAITING, database).strip())


@pytest.mark.parametrize("first, second, waits", [
    (["naju"], ["test"], False),           # two cities: at the same time
    ([ACCOUNTS], ["naju"], False),         # accounts and a city: at the same time
    ((), ["naju"], False),                 # a line of the action log and a city
    (["naju"], ["test", "naju"], True),    # one city in common: in turn
    (["naju"], ["naju"], True),
    (["naju"], None, True),                # a write of the whole store waits for a city's writer …
    (None, ["test"], True),                # … and every writer for it
    ((), None, True),
], ids=["two-cities", "accounts-and-city", "log-and-city", "shared-city", "one-city", "city-then-store",
        "store-then-city", "log-then-store"])
def test_writers_of_one_scope_take_turns_and_of_others_do_not(pg_cluster, pg_seed, first, second, waits):
    url = pg_cluster.copy_database(pg_seed, "locks")
    database = url.rsplit("/", 1)[1]
    a = Writer(url, first)
    a.start()
    assert a.locked.wait(60)
    b = Writer(url, second)
    b.start()
    try:
        if waits:
            deadline = threading.Event()
            for _ in range(600):                                # the second writer is queued on a lock
                if _waiting(pg_cluster, database):
                    break
                deadline.wait(0.1)
            assert _waiting(pg_cluster, database) == 1 and not b.locked.is_set()
            a.finish()
            assert b.locked.wait(60)                            # and goes on once the first commits
        else:
            assert b.locked.wait(60)                            # while the first still holds its locks
            assert a.is_alive() and _waiting(pg_cluster, database) == 0
    finally:
        a.finish()
        b.finish()


@pytest.fixture(scope="module")
def pg_two_cities(pg_cluster, tmp_path_factory) -> str:
    """A PostgreSQL database (a template for copies) built from the seed card and the same card for
    a second city, 'test' (no records of its own)."""
    cards = tmp_path_factory.mktemp("two_cities")
    text = (CARDS_DIR / "naju-6-1-1.yaml").read_text(encoding="utf-8")
    (cards / "naju-6-1-1.yaml").write_text(text, encoding="utf-8")
    (cards / "test-6-1-1.yaml").write_text(
        text.replace("city: naju", "city: test").replace("city_name: 나주시", "city_name: 시험시"), encoding="utf-8")
    build(pg_cluster.create_database("two_cities"), cards_dir=cards)
    return "two_cities"


TWO_CITY_ROUNDS = 10


def test_importers_of_two_cities_and_planners_at_once(pg_cluster, pg_two_cities, tmp_path):
    url = pg_cluster.copy_database(pg_two_cities, "two_cities_at_once")
    cities = {0: "naju", 1: "naju", 2: "test", 3: "test"}
    go = tmp_path / "go"
    procs = [spawn("importer", url, str(w), str(TWO_CITY_ROUNDS), str(ROWS), str(go), city) for w, city in cities.items()]
    procs += [spawn("planner", url, str(p), str(TWO_CITY_ROUNDS), str(go)) for p in range(PLANNERS)]
    go.touch()
    results = [finish(p) for p in procs]
    imported, planned = results[:len(cities)], results[len(cities):]
    assert all(r["added"] == ROWS for steps in imported for r in steps)

    con = connect(url)
    try:
        counts = dict(con.execute("SELECT city, count(*) FROM applications GROUP BY city").fetchall())
        assert counts == {"naju": SEED_APPLICATIONS + 2 * TWO_CITY_ROUNDS * ROWS, "test": 2 * TWO_CITY_ROUNDS * ROWS}
        assert con.execute("SELECT count(DISTINCT (city, application_id)) FROM applications").fetchone()[0] == sum(counts.values())
        chain = revision_chain(con)
        assert sorted(i for steps in planned for r in steps for i in r.get("saved", [])) == [r[0] for r in chain]
        assert len(chain) == PLANNERS * TWO_CITY_ROUNDS
        final_target = chain[-1][2]
    finally:
        con.close()

    same_as_serial(pg_cluster, pg_two_cities, url, {"naju": (0, 1), "test": (2, 3)}, TWO_CITY_ROUNDS, final_target)


def test_the_data_version_follows_an_import_that_commits_after_a_newer_one(pg_cluster, pg_two_cities):
    """Writers of two cities commit in any order: an import whose number is older than the newest
    import's can commit last, and the app's caches must still see it (data/queries/data_version.sql)."""
    from data.store import execute, query

    url = pg_cluster.copy_database(pg_two_cities, "version_order")
    older = connect(url)
    cur = older.cursor()
    cur.execute("BEGIN TRANSACTION")
    postgres.begin_write(cur, ["naju"])
    older_id = execute(cur, "imports/insert_import", kind="applications", file_name="older.csv", file_hash="0" * 64,
                       imported_by="build", synthetic=True, city="naju", encoding="utf-8", sheet=None, rows_in_file=0,
                       pledge_id=None, content=None, previous_content=None).fetchone()[0]
    con = connect(url)
    try:
        data = corpus.csv_bytes(corpus.APPLICATION_HEADERS, pg_workers.application_rows(7, 0, 5))
        newer = imports.commit(con, imports.prepare(con, data, "newer.csv", city="test"), SYSTEM)
        assert newer.import_id > older_id                    # committed first, with the newer number
        before = query(con, "data_version").iloc[0, 0]
        cur.execute("COMMIT")
        assert query(con, "data_version").iloc[0, 0] != before
    finally:
        older.close()
        con.close()


@pytest.mark.parametrize("second, waits", [("test", False), ("naju", True)], ids=["other-city", "same-city"])
def test_two_sessions_of_one_server_import_two_cities_at_once(pg_cluster, pg_two_cities, second, waits):
    """On PostgreSQL the advisory locks order the writers of one process too (data.store.write_transaction
    takes no lock of its own there): two sessions of one app server importing at once, on cursors of
    its one connection — the first held inside its transaction (its progress callback waits)."""
    url = pg_cluster.copy_database(pg_two_cities, "one_server")
    database = url.rsplit("/", 1)[1]
    con = connect(url)
    files = [imports.prepare(con, corpus.csv_bytes(corpus.APPLICATION_HEADERS, pg_workers.application_rows(w, 0, 50)),
                             f"{city}-{w}.csv", city=city) for w, city in ((1, "naju"), (2, second))]
    inside, release, done = threading.Event(), threading.Event(), threading.Event()

    def held(fraction, text):
        if fraction < 1:
            inside.set()
            release.wait(120)
    first = threading.Thread(target=lambda: imports.commit(con, files[0], SYSTEM, progress=held), daemon=True)
    first.start()
    assert inside.wait(60)
    other = threading.Thread(target=lambda: (imports.commit(con, files[1], SYSTEM), done.set()), daemon=True)
    other.start()
    try:
        if waits:
            for _ in range(600):
                if _waiting(pg_cluster, database):
                    break
                release.wait(0.1)
            assert _waiting(pg_cluster, database) == 1 and not done.is_set()
        else:
            assert done.wait(60) and first.is_alive()          # committed while the first still holds its city
    finally:
        release.set()
        first.join(60)
        other.join(60)
    assert done.is_set()
    counts = dict(con.execute("SELECT city, count(*) FROM applications WHERE application_id LIKE 'W%' GROUP BY city").fetchall())
    assert counts == ({"naju": 50, "test": 50} if second == "test" else {"naju": 100})
    con.close()
