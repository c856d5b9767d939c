"""The read model of a PostgreSQL store: each app server keeps, in a DuckDB file of its own, a copy
of the tables the recompute reads (metrics.engine.load_inputs), and computes its figures there
instead of pulling the aggregates across the network on every recompute.

- Built once per process, in the background, when the server's warm-up is done (ui/store.py): the
  store's stamps (data/queries/read_model/stamps.sql) are read, every table of TABLES is copied
  from the store (attached read-only), then every city written to meanwhile is copied again
  (`build`); the copy is ready only then. The readiness probe's run waits for it (READY_WAIT at
  most), so a server behind a balancer is ready with its copy built; until it is ready the app
  reads the store directly, as without a read model.
- Kept in step before every read (`reader`): the stamps are read again (one small query) and
  compared with the copy's; every city whose imports, undos or target revisions changed has its
  rows of the city-keyed tables replaced (one transaction, from the store's index by city),
  the small whole tables are copied again; after a rebuild of the aggregates, or when more than
  CATCH_UP_CITIES cities changed (a catch-up holds every reader of the server, ~0.15–0.3 s a
  city), the copy is built again in the background, the app reading the store meanwhile. A
  reader never sees a half-applied catch-up: it runs on its own cursor, in one transaction.
- Only a cache: records, imports, revisions and every other read stay on PostgreSQL; the file is
  deleted when the process ends (and a dead process's file by the next one that starts).

$PLEDGE_READ_MODEL: the folder of the files (default: pledge-read-models-<uid> in the system's
temporary folder, readable by its user only); "0": none. A folder another user could read the copy
in or swap its file in (a link, another owner, writable by others; the default one also readable by
others) gets no read model. The copy holds no record table, so no personal identifier: pledges,
statuses, targets, reported figures and the aggregates' counts.
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import stat
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from data import postgres
from data.store import UNREACHABLE, sql_template

ENV = "PLEDGE_READ_MODEL"
PREFIX = "pledge-read-model-"
# The tables the recompute reads. Keyed by city: replaced city by city on a catch-up (in the order
# the store's file keeps them: the dated aggregates by their date). Whole: copied whole each time.
BY_CITY = {"cities": "city", "city_settings": "city", "status_history": "city", "target_revisions": "city",
           "pledges": "city", "record_spans": "city", "reported_actuals": "city", "indicators": "city",
           "budget_grid": "city", "indicator_grid": "city", "yearly_totals": "city", "monthly_totals": "month",
           "daily_actuals": "day"}
WHOLE = ("periods", "terms")
TABLES = (*WHOLE, *BY_CITY)
STAGED = "__staged"       # a table's name while its new copy is made (data/queries/read_model/swap_table.sql)
RETRY_SECONDS = 60.0     # after a failed build, the next reader starts another one this much later
# The readiness probe's run (its warm-up, then the first build: ui/store.warm_up) takes this long at
# most, so that a server is ready with its copy built; Streamlit's script health check gives up after 60 s.
READY_WAIT = 50.0
# A reader's catch-up copies each changed city's rows again (13 tables, from the store's index by city:
# 0.15 s a city at 1M records, 0.3 s at 10M) while every reader of the server waits: with more cities
# changed than this (many cities' uploads since the last read), the copy is built again in the
# background instead, the app reading the store meanwhile. A list of cities is not pushed down to
# PostgreSQL as one filter (DuckDB joins it: every row read), so the copies stay city by city.
CATCH_UP_CITIES = 8

log = logging.getLogger(__name__)


class ReadModel:
    """One server's copy of one PostgreSQL store (see the module notes)."""

    def __init__(self, url: str, folder: str | Path):
        self.url = url
        digest = hashlib.sha1(url.encode()).hexdigest()[:10]
        self.path = Path(folder) / f"{PREFIX}{os.getpid()}-{digest}.duckdb"
        self._con: duckdb.DuckDBPyConnection | None = None
        self._stamps: set[tuple] | None = None        # the store's stamps the copy holds
        self._lock = threading.Lock()                 # one build or catch-up at a time
        self._starting = threading.Lock()             # start()'s own: it never waits for a build
        self._failed_at: float | None = None
        self._thread: threading.Thread | None = None
        self.refreshed: list[str | None] = []         # the last catch-up's cities (None: everything)

    @property
    def ready(self) -> bool:
        return self._stamps is not None

    def start(self, until: float = 0.0) -> bool:
        """Build the copy in a background thread, unless one is built, building, or failed less
        than RETRY_SECONDS ago; then wait for the build until the time `until` (time.monotonic();
        0 or past: never waits, as a reader's start). True when the copy is ready."""
        self._start()
        thread, wait = self._thread, until - time.monotonic()
        if wait > 0 and thread is not None:
            thread.join(wait)
        return self.ready

    def _start(self) -> None:
        with self._starting:
            busy = self._thread is not None and self._thread.is_alive()
            recent = self._failed_at is not None and time.monotonic() - self._failed_at < RETRY_SECONDS
            if self.ready or busy or recent:
                return
            self._thread = threading.Thread(target=self._build_logged, name="pledge-read-model", daemon=True)
            self._thread.start()

    def _build_logged(self) -> None:
        try:    # the lowest priority for this thread (Linux: per thread): the visitors' runs go first
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass
        try:
            self.build()
        except Exception as err:     # noqa: BLE001 — the app reads the store directly meanwhile
            log.warning("read model not built: %s", postgres.error_line(err))

    def build(self) -> None:
        """Copy every table of TABLES (see the module notes): the stamps first, then each table into
        a staged table, committed one by one (a single transaction over all of them held 0.5–1.5 GB
        at 10M records, committed ones ~330 MB); then, in one short transaction, the staged tables
        take the tables' names (a reader of an earlier copy sees it whole, or the new one whole),
        and a catch-up with the store replaces every city written to during the copy — the tables
        were read at different moments, and every write that matters changes the stamps."""
        with self._lock:
            try:
                cur = self._connection().cursor()
                # One thread: the server's other work keeps its cores while the copy runs.
                cur.execute("SET threads = 1")
                try:
                    for _ in range(3):      # a rebuild of the store's aggregates during the copy: again
                        self._stamps = None
                        stamps = self._read_stamps(cur)
                        for table in TABLES:
                            cur.execute(sql_template("read_model/copy_table", target=f"{table}{STAGED}",
                                                     table=table, pg="pg"))
                        cur.execute("BEGIN")
                        for table in TABLES:
                            cur.execute(sql_template("read_model/swap_table", table=table, staged=f"{table}{STAGED}"))
                        cur.execute("COMMIT")
                        if self._catch_up(cur, since=stamps) != [None]:    # ready once caught up: a reader
                            break                                          # meanwhile reads the store
                    else:
                        raise RuntimeError("the store's aggregates were rebuilt during each copy")
                finally:
                    cur.execute("RESET threads")
                self.refreshed, self._failed_at = [None], None
            except Exception:
                self._stamps, self._failed_at = None, time.monotonic()
                self._rollback()
                raise

    def reader(self, start: bool = True) -> duckdb.DuckDBPyConnection | None:
        """The copy, caught up with the store; None while it is not built (the caller reads the
        store) — a build is started then, if `start`. An unreachable store raises, as a direct
        read would; a catch-up that fails otherwise (the store's tables changed under a newer
        version of the app, say) drops the copy and starts a new build."""
        if not self.ready:
            if start:
                self.start()
            return None
        try:
            if self.sync() == [None]:
                self.start()
                return None
        except UNREACHABLE:
            raise
        except Exception as err:     # noqa: BLE001
            log.warning("read model dropped: %s", postgres.error_line(err))
            self._stamps = None
            self.start()
            return None
        return self._con

    def sync(self) -> list[str | None]:
        """Catch up with the store (see the module notes); returns the cities refreshed, or [None]
        after a rebuild of the store's aggregates or when more than CATCH_UP_CITIES cities changed:
        the copy is then dropped (not ready) for a new build, which `reader` starts, instead of
        holding every reader for a whole copy."""
        with self._lock:
            if self._con is None or self._stamps is None:
                raise RuntimeError("read model not built")
            self.refreshed = self._catch_up(self._con.cursor(), CATCH_UP_CITIES)
            return self.refreshed

    def _catch_up(self, cur, most: int | None = None, since: set[tuple] | None = None) -> list[str | None]:
        """sync's work, under the caller's lock: the cities whose stamps changed since the copy's
        (`since`: the stamps a build copied, the copy not ready until this returns) copied again in
        one transaction (with the whole tables); [None] and the copy dropped after a rebuild, or when
        more than `most` cities changed (None: any number, as the build's own catch-up)."""
        try:
            cur.execute("BEGIN")
            stamps = self._read_stamps(cur)
            changed = {row[0] for row in stamps ^ (self._stamps if since is None else since)}
            if None in changed or (most is not None and len(changed) > most):
                cur.execute("ROLLBACK")
                self._stamps = None
                log.info("read model built again: %s",
                         "the aggregates rebuilt" if None in changed else f"{len(changed)} cities changed")
                return [None]
            if changed:
                for table in WHOLE:
                    cur.execute(sql_template("read_model/copy_table", target=table, table=table, pg="pg"))
                copies = {table: sql_template("read_model/copy_city", table=table, pg="pg", order=order,
                                              columns=self._columns(cur, table)) for table, order in BY_CITY.items()}
                for city in sorted(changed):
                    for table, copy in copies.items():
                        cur.execute(sql_template("read_model/delete_city", table=table), {"city": city})
                        cur.execute(copy, {"city": city})
            cur.execute("COMMIT")
        except Exception:
            self._rollback(cur)
            raise
        self._stamps = stamps
        return sorted(changed)

    def _columns(self, cur, table: str) -> str:
        """The copy's columns of `table`, comma-separated (read_model/columns.sql)."""
        rows = cur.execute(sql_template("read_model/columns"), {"table": table}).fetchall()
        return ", ".join(name for (name,) in rows)

    def _read_stamps(self, cur) -> set[tuple]:
        rows = cur.execute(sql_template("read_model/stamps", pg="pg")).fetchall()
        return {tuple(row) for row in rows}

    def _connection(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            postgres._installed()
            _remove(self.path)
            con = duckdb.connect(str(self.path))
            try:
                target = postgres.with_defaults(self.url).replace("'", "''")
                con.execute(f"ATTACH '{target}' AS pg (TYPE postgres, READ_ONLY)")
                # One COPY per city's read, answered from the store's index (data/postgres.connect).
                con.execute("SET GLOBAL pg_use_ctid_scan = false")
            except Exception:
                con.close()
                raise
            self._con = con
            atexit.register(self.close)
        return self._con

    def _rollback(self, cur=None) -> None:
        try:
            (cur or self._con).execute("ROLLBACK")
        except Exception:            # noqa: BLE001 — no transaction open, or no connection
            pass

    def close(self) -> None:
        """Close the copy and delete its file. At the process's exit a build still running is not
        waited for beyond a few seconds: its file is deleted all the same (the process ends)."""
        held = self._lock.acquire(timeout=5)
        try:
            if held and self._con is not None:
                self._con.close()
                self._con, self._stamps = None, None
            _remove(self.path)
        finally:
            if held:
                self._lock.release()


def _remove(path: Path) -> None:
    for name in (path, path.with_name(path.name + ".wal")):
        name.unlink(missing_ok=True)


def remove_stale(folder: str | Path) -> list[Path]:
    """Delete the read-model files of processes that no longer run (killed without their exit
    handlers); returns the files deleted."""
    gone = []
    for path in Path(folder).glob(f"{PREFIX}*.duckdb"):
        pid = path.name[len(PREFIX):].split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            _remove(path)
            gone.append(path)
    return gone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:      # another user's process
        return True
    return True


_MODELS: dict[str, ReadModel | None] = {}
_REGISTRY = threading.Lock()


def folder() -> Path | None:
    """Where the read models' files go: $PLEDGE_READ_MODEL, else a folder of the user's own in the
    temporary folder (made readable by that user only); None when the setting is "0" (no read
    model: every read goes to the store)."""
    setting = os.environ.get(ENV)
    if setting == "0":
        return None
    return Path(setting) if setting else Path(tempfile.gettempdir()) / f"pledge-read-models-{os.getuid()}"


def _check_folder(place: Path, private: bool) -> None:
    """Refuse (OSError) a folder that another user could use to read or swap the files: a symbolic
    link, one owned by another user, or one others may write to; the default folder (`private`, a
    name anyone could make first in the shared temporary folder) also one others may read."""
    info = os.lstat(place)
    if not stat.S_ISDIR(info.st_mode):
        raise OSError(f"not a folder of its own (a link or a file): {place}")
    if info.st_uid != os.getuid():
        raise OSError(f"owned by another user (uid {info.st_uid}): {place}")
    if info.st_mode & (0o077 if private else 0o022):
        raise OSError(f"open to other users (mode {stat.S_IMODE(info.st_mode):o}): {place}")


def for_store(location: str) -> ReadModel | None:
    """The process's read model of the store at `location`: None for a DuckDB file (it is its own
    fastest copy), when read models are off, or when their folder cannot be written (every read
    then goes to the store)."""
    place = folder()
    if not postgres.is_url(location) or place is None:
        return None
    with _REGISTRY:
        if location not in _MODELS:
            try:
                place.mkdir(mode=0o700, parents=True, exist_ok=True)
                _check_folder(place, private=not os.environ.get(ENV))
                remove_stale(place)
                _MODELS[location] = ReadModel(location, place)
            except OSError as err:      # a folder it cannot write: no read model, said once
                log.warning("no read model in %s: %s", place, err)
                _MODELS[location] = None
        return _MODELS[location]
