"""The app's reads and writes of the store: the one DuckDB connection, cached query results,
inputs and figures. Caching lives here and only here: `st.cache_resource` holds the connection
(one per database file) and the query results and official figures shared by every session,
`st.cache_data` the inputs; all keyed by the data version (a fingerprint of imports and target
revisions, see data/queries/data_version.sql, read once per script run), so an import or a
saved revision invalidates them without a restart. Nothing here computes a figure: that is
metrics/."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import threading
import time

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from data import read_model
from data.build import open_store
from data.postgres import is_url, redacted
from data.store import DB_ENV, StoreError, StoreUnreachable, connect, default_db_path, query
from metrics.engine import Figures, Inputs, compute, load_inputs
from metrics.rates import RatePolicy
from publish import render
from publish.model import CardDocument
from publish.source import load_card
from ui.presenters.common import period_labels as labels_of, pledge_keys as pledge_keys_of
from ui import outage
from ui.presenters import public as public_shape
from ui.state import View


_RUN_VERSION = "_pledge_data_version"   # attribute of the run context: (run's cursors, version)


def db_path() -> str:
    """The database file in use ($PLEDGE_DB or data/pledges.duckdb), as the cache key."""
    return _resolved(os.environ.get(DB_ENV))


@functools.lru_cache(maxsize=8)
def _resolved(setting: str | None) -> str:
    """The resolved location of one $PLEDGE_DB setting (a path's realpath costs file-system calls:
    resolved once per setting, not on every read of every run)."""
    return str(default_db_path().resolve())


READ_ONLY_ENV = "PLEDGE_DB_READ_ONLY"    # "1": a public process over a published snapshot


def read_only() -> bool:
    """True in a public process: the store is a snapshot opened read-only, so several processes
    can serve it at once (DuckDB admits one writing process, or any number of readers)."""
    return os.environ.get(READ_ONLY_ENV) == "1"


@st.cache_resource(show_spinner="데이터베이스를 여는 중…")
def _connection(path: str):
    return connect(path, read_only=True) if read_only() else open_store(path)


def connection():
    """The process-wide connection (built from data/ on first use); a StoreError stops the page
    with its Korean message instead of a traceback (an unreachable server's: ui/outage.py)."""
    try:
        return _connection(db_path())
    except StoreError as err:
        if isinstance(err, StoreUnreachable):
            raise
        st.error(str(err))
        st.stop()


def data_version() -> str:
    """The current data version (changes on every import, undo and target revision). Read once
    per script run: a page asks for it a dozen times (every cached read is keyed on it), and one
    run sees one version. The memo sits on the session's run context, tied to that run's
    `cursors` dict (a new one at every run and fragment run); the pages rerun after a write."""
    ctx = get_script_run_ctx()
    run = getattr(ctx, "cursors", None)
    memo = getattr(ctx, _RUN_VERSION, None)
    if run is not None and memo is not None and memo[0] is run:
        return memo[1]
    version = _current_version()
    if run is not None:
        setattr(ctx, _RUN_VERSION, (run, version))
    return version


_VERSIONS: dict[str, tuple[tuple, str]] = {}     # db path -> (file stamp, version) of the last query


def _file_stamp(path: str) -> tuple | None:
    """(mtime, size) of the DuckDB file and of its write-ahead log: every commit changes one of them (appended
    to the log, or checkpointed into the file). None for a PostgreSQL store (other servers write): always asked."""
    if is_url(path):
        return None
    stamp = []
    for name in (path, path + ".wal"):
        try:
            info = os.stat(name)
            stamp.append((info.st_mtime_ns, info.st_size))
        except OSError:
            stamp.append(None)
    return tuple(stamp)


def _current_version() -> str:
    """The data version from the store (data/queries/data_version.sql), asked again only when the
    DuckDB file or its log changed since the last answer: a run whose store nobody wrote to costs
    two stat calls instead of a query (~3 ms of CPU, a third of a public page's reads under load)."""
    path = db_path()
    stamp = _file_stamp(path)
    known = _VERSIONS.get(path)
    if stamp is not None and known is not None and known[0] == stamp:
        return known[1]
    version = str(query(connection(), "data_version").iloc[0]["version"])
    if stamp is not None:
        _VERSIONS[path] = (stamp, version)
    return version


# Results shared by every session of the process are held once (st.cache_resource: no pickling
# on each hit, which cost ~4 ms per Figures under load) and handed out as shallow copies: with
# pandas' copy-on-write (always on since pandas 3) a caller's change to its copy never reaches
# the shared frame.
@st.cache_resource(show_spinner=False, max_entries=512)
def _table(path: str, version: str, name: str, params: tuple) -> pd.DataFrame:
    return query(_connection(path), name, **dict(params))


def table(name: str, **params) -> pd.DataFrame:
    """The named query's result (data/queries/<name>.sql), cached per data version."""
    connection()
    return _table(db_path(), data_version(), name, tuple(sorted(params.items()))).copy(deep=False)


def key_problems() -> list[str]:
    """The record tables' broken keys, one Korean line each (data/imports/keys; the 감사 check, never cached)."""
    from data.imports import keys
    return keys.key_problems(connection().cursor())


@st.cache_data(show_spinner=False, max_entries=128)
def _inputs(path: str, version: str, as_of: dt.date, city: str | None, pledge_id: str | None) -> Inputs:
    return load_inputs(_reader(path), as_of, city, pledge_id)


def _reader(path: str):
    """The recompute's source: this server's caught-up copy of a PostgreSQL store (data/read_model.py), else the store.
    Its build starts once the warm-up is done (_warm; the probe's run then waits for it): the first run keeps the CPU."""
    model = read_model.for_store(path)
    return (model.reader(start=path not in _WARMED) if model is not None else None) or _connection(path)


def inputs(as_of: dt.date, city: str | None, pledge_id: str | None) -> Inputs:
    """The metrics' inputs for one pledge (or one city when pledge_id is None), cached."""
    connection()
    return _inputs(db_path(), data_version(), as_of, city, pledge_id)


@st.cache_resource(show_spinner="전체 공약의 이행률을 계산하는 중…", max_entries=16)
def _all_pledges(path: str, version: str, as_of: dt.date, cap: bool) -> pd.DataFrame:
    return compute(load_inputs(_reader(path), as_of), RatePolicy(cap=cap)).pledges


def _shallow(shared):
    """A shared result (a dataclass) handed out with shallow copies of its frames (see above)."""
    return dataclasses.replace(shared, **{f.name: getattr(shared, f.name).copy(deep=False) for f in dataclasses.fields(shared)
                                          if isinstance(getattr(shared, f.name), pd.DataFrame)})


def all_pledges(as_of: dt.date, policy: RatePolicy) -> pd.DataFrame:
    """Every pledge of the store with its figures (Figures.pledges), cached per data version: the
    전체 현황 page at national scale keeps 22 thousand rows, not the inputs behind them."""
    connection()
    return _all_pledges(db_path(), data_version(), as_of, bool(policy.cap)).copy(deep=False)


@st.cache_resource(show_spinner=False, max_entries=64)
def _public_summary(path: str, version: str, as_of: dt.date, city: str, rounding: str) -> public_shape.Summary:
    policy = public_shape.city_policy(rounding)
    # The city's own figures (a city's pledges alone, not the whole store's: at national scale the
    # first visit of a date computes ~100 pledges instead of 22 thousand; the same figures).
    figures = _figures(path, version, as_of, city, None, bool(policy.cap), str(policy.rounding), int(policy.decimals))
    return public_shape.summary(public_shape.of_city(figures.pledges, city), city, as_of, policy)


def public_summary(as_of: dt.date, city: str, policy: RatePolicy) -> public_shape.Summary:
    """공약 이행 현황's tables of one city (headline, status counts, areas, the pledge list with
    its card links; ui.presenters.public.summary), made once per data version, as-of date and the
    city's rounding and shared by every session (shallow copies, as for the figures)."""
    connection()
    return _shallow(_public_summary(db_path(), data_version(), as_of, city, str(policy.rounding)))


@st.cache_resource(show_spinner=False, max_entries=8)
def _public_places(path: str, version: str) -> public_shape.Places:
    return public_shape.places(_table(path, version, "pledge_list", (("city", None),)))


def public_places() -> public_shape.Places:
    """The citizen view's cities and pledge options (ui.presenters.public.places), shaped once per
    data version and shared by every session (read-only)."""
    connection()
    return _public_places(db_path(), data_version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _pledge_terms(path: str, version: str) -> dict[str, str]:
    pledge_list = _table(path, version, "pledge_list", (("city", None),))
    return dict(zip(pledge_keys_of(pledge_list), pledge_list["term"]))


def pledge_terms() -> dict[str, str]:
    """Every pledge's key → its term (민선 N기), in the list's order, once per data version and
    shared by every session (read-only): the sidebar's checks of a key (from the URL or the
    session) and its term, without building 22 thousand keys on every run at national scale."""
    connection()
    return _pledge_terms(db_path(), data_version())


@st.cache_resource(show_spinner=False, max_entries=512)
def _city_days(path: str, version: str, city: str) -> public_shape.CityDays:
    return public_shape.city_days(_table(path, version, "pledges", (("city", city), ("pledge_id", None))))


def city_days(city: str) -> public_shape.CityDays:
    """One city's term and latest data date (ui.presenters.public.city_days), once per data version."""
    connection()
    return _city_days(db_path(), data_version(), city)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figures(path: str, version: str, as_of: dt.date, city: str | None, pledge_id: str | None,
             cap: bool, rounding: str, decimals: int) -> Figures:
    policy = RatePolicy(cap=cap, rounding=rounding, decimals=decimals)
    return compute(_inputs(path, version, as_of, city, pledge_id), policy)


def _official(as_of: dt.date, city: str | None, pledge_id: str | None, policy: RatePolicy) -> Figures:
    """The official figures (targets in force), computed once per data version, as-of date,
    pledge (or city) and rate policy in this process and shared by every session."""
    connection()
    return _shallow(_figures(db_path(), data_version(), as_of, city, pledge_id,
                             bool(policy.cap), str(policy.rounding), int(policy.decimals)))


def figures(v: View, as_of: dt.date | None = None) -> Figures:
    """The official figures of the selected pledge (targets in force), cached."""
    return _official(as_of or v.as_of, v.city, v.pledge_id, v.policy)


@st.cache_resource(show_spinner=False, max_entries=128)
def _change_parts(path: str, version: str, since: dt.date, as_of: dt.date, city: str, pledge_id: str, cap: bool,
                  rounding: str, decimals: int) -> tuple[pd.DataFrame, pd.Series]:
    from ui.presenters.forecast import change_parts
    return change_parts(_figures(path, version, since, city, pledge_id, cap, rounding, decimals),
                        _figures(path, version, as_of, city, pledge_id, cap, rounding, decimals), city, pledge_id)


def change_parts(v: View, since: dt.date) -> tuple[pd.DataFrame, pd.Series]:
    """ui.presenters.forecast.change_parts of the official figures at `since` and at the as-of
    date (each indicator's contribution and the pledge's change), once per data version, dates,
    pledge and rate policy, shared by every session (copies handed out)."""
    connection()
    parts, change = _change_parts(db_path(), data_version(), since, v.as_of, v.city, v.pledge_id,
                                  bool(v.policy.cap), str(v.policy.rounding), int(v.policy.decimals))
    return parts.copy(deep=False), change.copy(deep=False)


def whatif_figures(v: View, as_of: dt.date | None = None) -> Figures | None:
    """The figures under the planner's what-if targets; None without a what-if."""
    if v.whatif is None:
        return None
    return compute(inputs(as_of or v.as_of, v.city, v.pledge_id), v.policy, targets=v.whatif)


def city_figures(v: View) -> Figures:
    """The official figures of every pledge of the selected city (for the portfolio table), cached."""
    return _official(v.as_of, v.city, None, v.policy)


def period_labels() -> dict[int, str]:
    """The store's period labels (query 'periods'), period → label."""
    return labels_of(table("periods"))


# --- the printable card (publish/): documents and files cached per data version ------------------

@st.cache_resource(show_spinner="공약 카드를 만드는 중…", max_entries=64)
def _card(path: str, version: str, as_of: dt.date, city: str, pledge_id: str, cap: bool, rounding: str,
          decimals: int) -> CardDocument:
    return load_card(_connection(path), as_of, city, pledge_id, RatePolicy(cap=cap, rounding=rounding, decimals=decimals))


@st.cache_resource(show_spinner=False, max_entries=64)
def _card_file(path: str, version: str, as_of: dt.date, city: str, pledge_id: str, cap: bool, rounding: str,
               decimals: int, fmt: str) -> bytes:
    return render(_card(path, version, as_of, city, pledge_id, cap, rounding, decimals), fmt)


def _card_key(as_of: dt.date, city: str, pledge_id: str, policy: RatePolicy) -> tuple:
    connection()
    return (db_path(), data_version(), as_of, city, pledge_id, bool(policy.cap), str(policy.rounding),
            int(policy.decimals))


def card_document(as_of: dt.date, city: str, pledge_id: str, policy: RatePolicy) -> CardDocument:
    """The printable card's document (publish.model.CardDocument: every block of the printed
    card, figures as of `as_of`), cached per data version."""
    return _card(*_card_key(as_of, city, pledge_id, policy))


def card_file(as_of: dt.date, city: str, pledge_id: str, policy: RatePolicy, fmt: str):
    """A callable returning the card as 'pdf' | 'hwpx' | 'xlsx' bytes (publish.render), made on the
    first click and cached per data version: st.download_button(data=card_file(…))."""
    key = _card_key(as_of, city, pledge_id, policy)
    return lambda: _card_file(*key, fmt)


# --- the warm-up: the staff's first screen computed before anyone asks ---------------------------

_WARMING = threading.Lock()
_WARMED: set[str] = set()        # the stores whose warm-up has started in this process
# The staff pages' modules, and Streamlit's emoji catalogue: an alert without an icon (st.info,
# st.success, … on 개요) looks for a leading emoji in its Korean text, and the catalogue's first
# import compiles one regular expression of every emoji (1.4–2 s, once per process).
WARM_MODULES = ("streamlit.emojis", "ui.widgets", "ui.planner", "ui.presenters.budget", "ui.presenters.forecast",
                "ui.presenters.overview", "ui.charts")


def warm_up() -> None:
    """Once per process and store, after the first script run (a readiness probe's — Streamlit's
    script health check, which draws the visitor's default page: there, before the probe answers;
    else the first visitor's: in a background thread), compute what 개요 shows first after a sign-in:
    the default pledge's official figures as of its data date and at the previous quarter's end, its
    city's figures, the tables the sidebar reads; import the staff pages' modules; then start a
    PostgreSQL store's read model (the probe's run waits for its build). Every result lands in the
    caches above under the keys a session would use; a failure only leaves them cold."""
    path = db_path()
    with _WARMING:
        if path in _WARMED or os.environ.get(WARM_ENV) == "0":
            return
        _WARMED.add(path)
    if outage.probe_run():  # the readiness probe waits: ready means warm (the read model built), no visitor beside it
        _warm(path, time.monotonic() + read_model.READY_WAIT)
    else:
        threading.Thread(target=_warm, args=(path,), name="pledge-warm-up", daemon=True).start()


WARM_ENV = "PLEDGE_WARM_UP"      # "0": no warm-up (e.g. to measure a cold server)


def _warm(path: str, until: float = 0.0) -> None:
    import importlib
    import logging
    import traceback

    try:
        for name in WARM_MODULES:
            importlib.import_module(name)
        _warm_figures(path, _current_version())
        if (model := read_model.for_store(path)) is not None:
            model.start(until)   # a PostgreSQL store's read model, built in the background (waited for until `until`)
    except Exception:            # noqa: BLE001 — a warm-up never breaks the app: the pages compute on demand
        logging.getLogger(__name__).warning("warm-up failed: %s", redacted(traceback.format_exc()))
        _WARMED.discard(path)    # e.g. the store was out of reach: the next run tries again


def _warm_figures(path: str, version: str) -> None:
    """The default staff view (ui.sidebar.draw without a URL: the first real pledge, its data date,
    the default rate policy) and 개요's reads of it."""
    from metrics.change import previous_quarter_end
    from ui.presenters import terms

    pledge_list = _table(path, version, "pledge_list", (("city", None),))
    _pledge_terms(path, version)
    key = terms.default_pledge(pledge_list)
    if key is None:
        return
    from ui.presenters.common import parse_pledge_key
    city, pledge_id = parse_pledge_key(key)
    _table(path, version, "terms", ())
    pledge = _table(path, version, "pledges", (("city", city), ("pledge_id", pledge_id))).iloc[0]
    _table(path, version, "periods", (("term", pledge["term"]),))
    as_of = terms.data_day(pledge, dt.date.today())
    policy = RatePolicy()
    key_of = (bool(policy.cap), str(policy.rounding), int(policy.decimals))
    since = previous_quarter_end(as_of)
    for day in (as_of, since):
        _figures(path, version, day, city, pledge_id, *key_of)
    _change_parts(path, version, since, as_of, city, pledge_id, *key_of)
    _figures(path, version, as_of, city, None, *key_of)
    _table(path, version, "record_provenance", (("city", city), ("pledge_id", pledge_id)))
    _table(path, version, "changes_between", (("as_of", as_of), ("city", city), ("pledge_id", pledge_id),
                                              ("since", since)))
