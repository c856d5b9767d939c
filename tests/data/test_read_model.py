"""data/read_model.py: an app server's copy of a PostgreSQL store holds every table the recompute
reads, gives the same figures as the store (the seed card's 64.85%), and catches up after each
kind of write — an import and its undo, a target revision (that city only), a rebuild of the
aggregates (everything) — in one transaction; an unreachable store leaves the app on direct reads."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from bench.postgres import application_csv
from bench.read_model import assert_same_figures
from data import imports, read_model
from data.authority import SYSTEM
from data.revisions import record_revisions
from data.store import StoreURL, connect, sql_text
from metrics.engine import figures_for

CITY, PLEDGE = "naju", "6-1-1"
DATES = (dt.date(2024, 5, 31), dt.date(2024, 5, 15), dt.date(2025, 12, 31))
# Every query the recompute runs (metrics.engine.load_inputs and its reconciliation).
RECOMPUTE = ("indicator_periods", "budget_by_year", "record_pace", "pledges", "reconciliation_reports",
             "indicators", "status_in_force", "periods", "reconciliation")


def applications_csv() -> bytes:
    """50 applications of the seed's pledge from 2024-03-04 on (the benchmark's synthetic file)."""
    return application_csv(50, PLEDGE, "RM", dt.date(2024, 3, 4), 50)


def test_the_copy_holds_every_table_the_recompute_reads(con):
    tables = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    read = set()
    for name in RECOMPUTE:
        text = re.sub(r"'[^']*'", "", re.sub(r"--[^\n]*", "", sql_text(name)))    # no comments, no literals
        read |= set(re.findall(r"\b\w+\b", text)) & tables
    assert read == set(read_model.TABLES)


def _same_figures(model_con, store_con, city=None, pledge=None) -> None:
    for day in DATES:
        assert_same_figures(figures_for(model_con, day, city, pledge), figures_for(store_con, day, city, pledge))


@pytest.fixture
def model_on_copy(pg_cluster, pg_seed, tmp_path):
    url = StoreURL(pg_cluster.copy_database(pg_seed, f"read_model_{os.getpid()}_{tmp_path.name[-8:]}"))
    model = read_model.ReadModel(url, tmp_path)
    store = connect(url)
    yield url, model, store
    model.close()
    store.close()


@pytest.mark.postgres
def test_the_copy_gives_the_stores_figures_and_follows_every_write(model_on_copy, tmp_path):
    url, model, store = model_on_copy
    assert model.reader() is None                   # not built yet: the caller reads the store …
    model._thread.join(timeout=120)                 # … while the build runs in the background
    copy = model.reader()
    assert copy is not None and model.refreshed == []
    assert model.path.exists() and model.path.parent == tmp_path
    assert round(float(figures_for(copy, DATES[0], CITY, PLEDGE).pledges["rate"].iloc[0]), 2) == 64.85
    _same_figures(copy, store)

    prepared = imports.prepare(store, applications_csv(), "신청.csv", city=CITY)
    assert prepared.ok, prepared.headline()
    summary = imports.commit(store, prepared, SYSTEM)
    assert summary.rows_added == 50
    assert model.reader() is copy and model.refreshed == [CITY]
    assert figures_for(copy, DATES[0], CITY, PLEDGE).pledges["rate"].iloc[0] != pytest.approx(64.85119, abs=1e-4)
    _same_figures(copy, store, CITY, PLEDGE)
    assert model.reader() is copy and model.refreshed == []         # nothing new: nothing copied

    imports.undo(store, summary.import_id, SYSTEM)
    model.reader()
    assert model.refreshed == [CITY]
    assert round(float(figures_for(copy, DATES[0], CITY, PLEDGE).pledges["rate"].iloc[0]), 2) == 64.85
    _same_figures(copy, store, CITY, PLEDGE)

    change = pd.DataFrame([{"city": CITY, "pledge_id": PLEDGE, "indicator_id": "applications", "period": 2025,
                            "target": 500.0, "revision_id": None}])
    assert record_revisions(store, change, SYSTEM, "공약이행평가단 승인 (테스트)", dt.date(2024, 6, 15), author="김기획")
    model.reader()
    assert model.refreshed == [CITY]
    _same_figures(copy, store, CITY, PLEDGE)

    # A rebuild of the aggregates (here after a repair by hand of one daily row) copies everything.
    store.execute("UPDATE daily_actuals SET records = records + 7 WHERE city = ? AND day = "
                  "(SELECT min(day) FROM daily_actuals WHERE city = ?)", [CITY, CITY])
    model.reader()
    assert model.refreshed == []                    # a change outside the writes the app makes is not seen …
    done = subprocess.run([sys.executable, "-m", "data", "aggregates", "rebuild", "--db", url],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert model.reader() is None                   # … until the rebuild, which is logged: a new copy is
    assert model.refreshed == [None] and not model.ready       # built in the background, the app
    model._thread.join(timeout=120)                             # reading the store meanwhile
    assert model.reader() is copy and model.refreshed == []
    _same_figures(copy, store)


@pytest.mark.postgres
def test_more_cities_changed_than_a_reader_should_wait_for_are_built_again_in_the_background(model_on_copy,
                                                                                               monkeypatch):
    """A reader's catch-up holds every reader of the server for ~0.15–0.3 s a city: with more cities
    changed than CATCH_UP_CITIES (here none may be), the copy is built again in the background and
    the reader reads the store meanwhile; the build's own catch-up copies any number."""
    url, model, store = model_on_copy
    model.build()
    copy = model.reader()
    monkeypatch.setattr(read_model, "CATCH_UP_CITIES", 0)
    prepared = imports.prepare(store, applications_csv(), "신청.csv", city=CITY)
    assert imports.commit(store, prepared, SYSTEM).rows_added == 50
    assert model.reader() is None and model.refreshed == [None] and not model.ready   # the caller reads the store
    model._thread.join(timeout=120)
    assert model.reader() is copy and model.refreshed == []
    _same_figures(copy, store, CITY, PLEDGE)


@pytest.mark.postgres
def test_a_failed_catch_up_drops_the_copy_and_the_app_reads_the_store(model_on_copy):
    url, model, store = model_on_copy
    model.build()
    model._con.execute("DROP TABLE main.daily_actuals")        # a copy that no longer fits the store
    prepared = imports.prepare(store, applications_csv(), "신청.csv", city=CITY)
    imports.commit(store, prepared, SYSTEM)
    assert model.reader() is None and not model.ready          # the caller reads the store …
    model._thread.join(timeout=120)
    copy = model.reader()                                      # … until the new copy is built
    assert copy is not None
    _same_figures(copy, store, CITY, PLEDGE)


@pytest.mark.postgres
def test_an_unreachable_store_builds_nothing_and_is_retried_later(pg_cluster, tmp_path):
    url = pg_cluster.url("postgres").rsplit(":", 1)[0] + ":1/nowhere?connect_timeout=2"
    model = read_model.ReadModel(url, tmp_path)
    with pytest.raises(duckdb.Error):
        model.build()
    assert not model.ready and model.reader() is None
    assert model._thread is None                               # within RETRY_SECONDS: no new attempt
    model.close()
    assert not model.path.exists()


def test_a_dead_process_file_is_removed_and_a_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f"{read_model.PREFIX}{int(dead.stdout)}-0123456789.duckdb"
    live = tmp_path / f"{read_model.PREFIX}{os.getppid()}-0123456789.duckdb"
    for path in (stale, stale.with_name(stale.name + ".wal"), live):
        path.write_bytes(b"")
    assert read_model.remove_stale(tmp_path) == [stale]
    assert sorted(p.name for p in tmp_path.iterdir()) == [live.name]


def test_a_file_store_or_the_setting_0_has_no_copy(monkeypatch, tmp_path):
    monkeypatch.setenv(read_model.ENV, str(tmp_path))
    assert read_model.for_store(str(tmp_path / "pledges.duckdb")) is None
    monkeypatch.setenv(read_model.ENV, "0")
    assert read_model.for_store("postgresql://postgres@127.0.0.1:1/x") is None


def test_the_default_folder_is_the_users_own(monkeypatch, tmp_path):
    monkeypatch.delenv(read_model.ENV, raising=False)
    monkeypatch.setattr(read_model.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(read_model, "_MODELS", {})
    model = read_model.for_store("postgresql://postgres@127.0.0.1:1/x")
    assert model.path.parent == tmp_path / f"pledge-read-models-{os.getuid()}"
    assert model.path.parent.stat().st_mode & 0o777 == 0o700 and not model.path.exists()


def test_a_reader_never_waits_for_a_build_in_progress(tmp_path):
    """While a build holds the copy (here: its lock held), a reader is told at once to read the store
    (a first page run with the readiness probe waited 19 s for the build at 10M records)."""
    import threading

    model = read_model.ReadModel("postgresql://postgres@127.0.0.1:1/nowhere?connect_timeout=1", tmp_path)
    answers = []
    with model._lock:                               # a build in progress
        reading = threading.Thread(target=lambda: answers.append(model.reader()))
        reading.start()
        reading.join(timeout=5)
        assert not reading.is_alive() and answers == [None]
    model._thread.join(timeout=30)                  # the build it started fails (nothing listens) …
    assert not model.ready and model._failed_at is not None
    model.close()


@pytest.mark.postgres
def test_an_import_during_the_build_is_caught_up_before_the_copy_is_read(model_on_copy, monkeypatch):
    """The tables are copied one by one: an import committed between two of them leaves the copy
    mixed (the grids before it, the dated aggregates after it) until the build's catch-up copies
    that city again, the copy not ready meanwhile (a reader reads the store instead of waiting for
    it); the first reader already sees the store's figures."""
    url, model, store = model_on_copy
    template, caught_up, catch_up = read_model.sql_template, [], model._catch_up

    def import_midway(name, **parts):
        if parts.get("target") == f"yearly_totals{read_model.STAGED}" and not caught_up:
            prepared = imports.prepare(store, applications_csv(), "신청.csv", city=CITY)
            assert imports.commit(store, prepared, SYSTEM).rows_added == 50
        return template(name, **parts)

    ready_then = []

    def watched(cur, *args, **kwargs):
        ready_then.append(model.ready)
        caught_up.append(catch_up(cur, *args, **kwargs))
        return caught_up[-1]
    monkeypatch.setattr(read_model, "sql_template", import_midway)
    monkeypatch.setattr(model, "_catch_up", watched)
    model.build()
    assert caught_up == [[CITY]]
    assert ready_then == [False]        # during the build's catch-up a reader reads the store, not waiting for it
    _same_figures(model.reader(), store)


@pytest.mark.postgres
def test_start_waits_for_the_build_when_asked_and_no_longer(model_on_copy):
    """The readiness probe's run waits for the first build (ui/store.warm_up: start(until), READY_WAIT
    after the warm-up began), so that a server is ready with its copy built; a longer build is waited
    for only until then."""
    import time

    url, model, store = model_on_copy
    with model._lock:                               # a build that cannot finish yet
        t = time.monotonic()
        assert model.start(until=t + 0.5) is False
        assert 0.5 <= time.monotonic() - t < 5 and model._thread.is_alive()
    assert model.start(until=time.monotonic() + 120) is True and model.ready and not model._thread.is_alive()
    _same_figures(model.reader(), store)
    assert model.start() is True                    # built: nothing started again, nothing waited for


def test_a_reader_during_the_warm_up_starts_no_build(tmp_path):
    """ui/store reads with start=False while the server's warm-up runs (the warm-up starts the build
    when it is done): the readiness probe's run and the first visitor's keep the CPU."""
    model = read_model.ReadModel("postgresql://postgres@127.0.0.1:1/nowhere", tmp_path)
    assert model.reader(start=False) is None and model._thread is None


@pytest.mark.parametrize("case", ["link", "writable by others", "another user's", "default readable by others"])
def test_a_folder_another_user_could_read_or_swap_is_refused(monkeypatch, tmp_path, caplog, case):
    """The default folder's name is known in the shared temporary folder: someone who makes it first
    (or a link in its place) would read the copy or swap its file between its removal and its
    creation. Such a folder gets no read model (one warning) and the reads stay on the store."""
    monkeypatch.setattr(read_model, "_MODELS", {})
    place = tmp_path / "models"
    if case == "default readable by others":
        monkeypatch.delenv(read_model.ENV, raising=False)
        monkeypatch.setattr(read_model.tempfile, "gettempdir", lambda: str(tmp_path))
        place = tmp_path / f"pledge-read-models-{os.getuid()}"
        place.mkdir(mode=0o755)
        place.chmod(0o755)
    else:
        monkeypatch.setenv(read_model.ENV, str(place))
        if case == "link":
            (tmp_path / "elsewhere").mkdir(mode=0o700)
            place.symlink_to(tmp_path / "elsewhere")
        else:
            place.mkdir(mode=0o700)
            if case == "writable by others":
                place.chmod(0o777)
            else:
                uid = os.getuid()
                monkeypatch.setattr(os, "getuid", lambda: uid + 1)
    assert read_model.for_store("postgresql://postgres@127.0.0.1:1/x") is None
    assert "no read model in" in caplog.text and not list(tmp_path.rglob(f"{read_model.PREFIX}*"))


def test_a_folder_of_ones_own_readable_by_others_is_kept_when_chosen(monkeypatch, tmp_path):
    """$PLEDGE_READ_MODEL names a folder the operator chose: others may read it (no identifier is in
    the copy), only not write to it."""
    monkeypatch.setattr(read_model, "_MODELS", {})
    (tmp_path / "models").mkdir(mode=0o755)
    monkeypatch.setenv(read_model.ENV, str(tmp_path / "models"))
    model = read_model.for_store("postgresql://postgres@127.0.0.1:1/x")
    assert model is not None and model.path.parent == tmp_path / "models"


def test_a_folder_that_cannot_be_written_leaves_the_reads_on_the_store(monkeypatch, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(read_model.ENV, str(blocked / "models"))
    monkeypatch.setattr(read_model, "_MODELS", {})
    assert read_model.for_store("postgresql://postgres@127.0.0.1:1/x") is None
    assert read_model.for_store("postgresql://postgres@127.0.0.1:1/x") is None      # asked once
