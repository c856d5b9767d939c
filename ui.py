"""The app's edge: the one DuckDB connection, cached query results and figures, the sidebar's
choices as one `View`, and small drawing helpers every page shares.

Caching lives here and only here: `st.cache_resource` holds the connection (one per database
file), `st.cache_data` holds query results and inputs keyed by the data version (a fingerprint
of imports and target revisions, see data/queries/data_version.sql), so an import or a saved
revision invalidates them without a restart. Nothing here computes a figure: that is metrics/.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from data.revisions import record_revisions
from data.store import StoreError, default_db_path, open_store, query
from metrics import views
from metrics.export import to_csv_bytes, to_xlsx_bytes
from metrics.formatting import date_ko
from metrics.rates import RatePolicy, format_percent
from metrics.engine import Figures, Inputs, compute, load_inputs

# Session-state keys shared by dashboard.py (which owns the widgets) and the pages.
PLEDGE, AS_OF, YEAR, CAP, ROUNDING = "pledge", "as_of", "year", "cap", "rounding"
WHATIF = "whatif_targets"
CARD_AS_OF = dt.date(2024, 5, 31)   # fallback when a pledge has no printed as-of date


# --- the store ---------------------------------------------------------------------------------

def db_path() -> str:
    """The database file in use ($PLEDGE_DB or data/pledges.duckdb), as the cache key."""
    return str(default_db_path().resolve())


@st.cache_resource(show_spinner="데이터베이스를 여는 중…")
def _connection(path: str):
    return open_store(path)


def connection():
    """The process-wide connection (built from data/ on first use); a StoreError stops the page
    with its Korean message instead of a traceback."""
    ensure_entrypoint()
    try:
        return _connection(db_path())
    except StoreError as err:
        st.error(str(err))
        st.stop()


def data_version() -> str:
    """The current data version (changes on every import, undo and target revision)."""
    return str(query(connection(), "data_version").iloc[0]["version"])


@st.cache_data(show_spinner=False, max_entries=512)
def _table(path: str, version: str, name: str, params: tuple) -> pd.DataFrame:
    return query(_connection(path), name, **dict(params))


def table(name: str, **params) -> pd.DataFrame:
    """The named query's result (data/queries/<name>.sql), cached per data version."""
    connection()
    return _table(db_path(), data_version(), name, tuple(sorted(params.items()))).copy()


@st.cache_data(show_spinner=False, max_entries=128)
def _inputs(path: str, version: str, as_of: dt.date, city: str | None, pledge_id: str | None) -> Inputs:
    return load_inputs(_connection(path), as_of, city, pledge_id)


def inputs(as_of: dt.date, city: str | None, pledge_id: str | None) -> Inputs:
    """The metrics' inputs for one pledge (or one city when pledge_id is None), cached."""
    connection()
    return _inputs(db_path(), data_version(), as_of, city, pledge_id)


@st.cache_data(show_spinner="전체 공약의 이행률을 계산하는 중…", max_entries=16)
def _all_pledges(path: str, version: str, as_of: dt.date, cap: bool) -> pd.DataFrame:
    return compute(load_inputs(_connection(path), as_of), RatePolicy(cap=cap)).pledges


def all_pledges(as_of: dt.date, policy: RatePolicy) -> pd.DataFrame:
    """Every pledge of the store with its figures (Figures.pledges), cached per data version: the
    전체 현황 page at national scale keeps 22 thousand rows, not the inputs behind them."""
    connection()
    return _all_pledges(db_path(), data_version(), as_of, bool(policy.cap))


def save_revisions(changes: pd.DataFrame, author: str, reason: str, revised_on: dt.date) -> list[int]:
    """Record the planner's target changes (append-only; RevisionConflict when somebody saved first)."""
    return record_revisions(connection(), changes, author, reason, revised_on)


# --- the sidebar's choices -----------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """What the sidebar selected: pledge, as-of date, year filter, rate policy, what-if targets."""
    city: str
    pledge_id: str
    as_of: dt.date
    year: int | None
    policy: RatePolicy
    whatif: pd.DataFrame | None

    @property
    def key(self) -> str:
        return views.pledge_key(self.city, self.pledge_id)


SEEDED = "_seeded"   # session_state key: dashboard.py has taken this session's choices from the URL


def ensure_entrypoint() -> None:
    """Run pages only through dashboard.py. A fresh server whose first visitor opens a page URL
    (e.g. /card?pledge=…) runs that page in Streamlit's old pages/-folder mode, without the
    sidebar; switch that mode off for the process and rerun, so dashboard.py's st.navigation
    serves the same page (its url_path equals the file name). Only before dashboard.py has
    run in this session (SEEDED unset): a rerun then loses no widget action."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(SEEDED):
        PagesManager.uses_pages_directory = False
        st.rerun()


def view() -> View:
    """The current choices (set by the sidebar in dashboard.py)."""
    ensure_entrypoint()
    state = st.session_state
    city, pledge_id = views.parse_pledge_key(state.get(PLEDGE)) or ("", "")
    whatif = state.get(WHATIF)
    return View(
        city=city, pledge_id=pledge_id,
        as_of=state.get(AS_OF) or dt.date.today(),
        year=views.selected_year(state.get(YEAR)),
        policy=RatePolicy(cap=bool(state.get(CAP, True)), rounding=state.get(ROUNDING, "half_up")),
        whatif=whatif if isinstance(whatif, pd.DataFrame) and not whatif.empty else None,
    )


def figures(v: View, as_of: dt.date | None = None) -> Figures:
    """The official figures of the selected pledge (targets in force)."""
    return compute(inputs(as_of or v.as_of, v.city, v.pledge_id), v.policy)


def whatif_figures(v: View, as_of: dt.date | None = None) -> Figures | None:
    """The figures under the planner's what-if targets; None without a what-if."""
    if v.whatif is None:
        return None
    return compute(inputs(as_of or v.as_of, v.city, v.pledge_id), v.policy, targets=v.whatif)


def city_figures(v: View) -> Figures:
    """The official figures of every pledge of the selected city (for the portfolio table)."""
    return compute(inputs(v.as_of, v.city, None), v.policy)


# --- shared drawing ------------------------------------------------------------------------------

def page_header(title: str, v: View, official: Figures) -> None:
    """Title, the pledge and as-of line, the synthetic-data warning and the what-if comparison."""
    st.title(title)
    row = views.one(official.pledges, v.city, v.pledge_id)
    if row.empty:
        st.warning("선택한 공약을 찾을 수 없습니다.")
        st.stop()
    p = row.iloc[0]
    year = "전체 연도" if v.year is None else f"{v.year}년"
    st.caption(f"{p['city_name']} {p['pledge_id']} · {p['title']} · 기준일 {date_ko(v.as_of)} · {year}"
               f" · 공약 이행률 {format_percent(p['rate'], v.policy)}")
    note = views.synthetic_note(table("record_provenance", city=v.city, pledge_id=v.pledge_id), bool(p["synthetic"]))
    if note:
        st.warning(note, icon=":material/science:")
    whatif_block(v, official)


def whatif_block(v: View, official: Figures) -> Figures | None:
    """When the planner has what-if targets: the what-if figures beside the official ones."""
    alt = whatif_figures(v)
    if alt is None:
        return None
    with st.container(border=True, key="whatif_block"):
        st.markdown("**가정 목표(기획) 적용 시 — 공식 수치와 비교**")
        st.dataframe(views.whatif_comparison(official.pledges, official.indicators, alt.pledges, alt.indicators,
                                             v.city, v.pledge_id, v.policy), hide_index=True)
        st.caption("가정 목표는 저장 전까지 공식 수치에 반영되지 않습니다 (사이드바 '목표 조정'에서 저장).")
    return alt


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV and XLSX download buttons for a table (Korean headers as shown)."""
    left, right = st.columns(2)
    left.download_button("CSV 내려받기", to_csv_bytes(frame), file_name=f"{name}.csv", mime="text/csv",
                         key=f"csv_{key}", on_click="ignore", icon=":material/download:")
    right.download_button("XLSX 내려받기", to_xlsx_bytes(frame, name), file_name=f"{name}.xlsx",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                          key=f"xlsx_{key}", on_click="ignore", icon=":material/download:")
