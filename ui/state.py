"""The sidebar's choices: session-state and URL keys, the `View` the pages read, the first run's
seeding from the URL and the mirroring back into it, and the guard that serves every page
through dashboard.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from metrics.rates import RatePolicy
from ui import urlparams
from ui.presenters.common import ALL_YEARS, parse_pledge_key, pledge_key, selected_year

# Session-state keys shared by the sidebar (which owns the widgets) and the pages.
PLEDGE, AS_OF, YEAR, CAP, ROUNDING = "pledge", "as_of", "year", "cap", "rounding"
CITY = "city"            # derived from the pledge; shown only when several cities are loaded
TERM = "term"            # the term (민선 N기) chosen first; the pledge list is that term's
AS_OF_AUTO = "_as_of_auto"   # the pledge whose data date the as-of date defaulted to (None once chosen)
WHATIF = "whatif_targets"
SEEDED = "_seeded"       # this session's choices have been taken from the URL
URL_KEYS = (PLEDGE, AS_OF, YEAR, CAP, ROUNDING)
ROUNDINGS = ("half_up", "cut")


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
        return pledge_key(self.city, self.pledge_id)


def ensure_entrypoint() -> None:
    """Run pages only through dashboard.py. A fresh server whose first visitor opens a page URL
    (e.g. /card?pledge=…) runs that page in Streamlit's old pages/-folder mode, without the
    sidebar; switch that mode off for the process and rerun, so dashboard.py's st.navigation
    serves the same page. Every page's url_path is its file's name (ui/navigation.py): in that
    mode Streamlit finds a page only by its file name, and shows "Page not found" over the page
    when none matches. Only before dashboard.py has
    run in this session (SEEDED unset): a rerun then loses no widget action."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory and not st.session_state.get(SEEDED):
        PagesManager.uses_pages_directory = False
        st.rerun()


def served_by_dashboard() -> None:
    """dashboard.py's first call: this process serves its pages through st.navigation, which
    switches Streamlit's pages/-folder mode off when it is called a few lines later. Said before
    the first read, so the process's first run (a readiness probe's or a visitor's) goes on to
    its page instead of stopping for ensure_entrypoint's rerun."""
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


def view() -> View:
    """The current choices (set by the sidebar, ui.sidebar.draw)."""
    state = st.session_state
    city, pledge_id = parse_pledge_key(state.get(PLEDGE)) or ("", "")
    whatif = state.get(WHATIF)
    return View(
        city=city, pledge_id=pledge_id,
        as_of=state.get(AS_OF) or dt.date.today(),
        year=selected_year(state.get(YEAR)),
        policy=RatePolicy(cap=bool(state.get(CAP, True)), rounding=state.get(ROUNDING, "half_up")),
        whatif=whatif if isinstance(whatif, pd.DataFrame) and not whatif.empty else None,
    )


def seed_from_url(pledge_keys: list[str], years: list | None = None) -> None:
    """On a session's first run, take the choices from the URL (invalid values are ignored). Without
    an as-of date in the URL none is set here: the sidebar defaults it to the chosen pledge's data
    date (default_as_of). A year outside `years` (when given) is ignored; the sidebar checks the
    year against the chosen term's periods."""
    state, params = st.session_state, st.query_params
    if state.get(SEEDED):
        urlparams.show_again()
        return
    state[SEEDED] = True
    notices: list[str] = []          # values ignored: one Korean warning (ui/urlparams.py)
    pledge = urlparams.parse_choice(params.get(PLEDGE), pledge_keys, PLEDGE, notices, "목록에 있는 공약")
    if pledge is not None:
        state[PLEDGE] = pledge
    state[AS_OF] = urlparams.parse_as_of(params.get(AS_OF), notices)
    year = urlparams.parse_year(params.get(YEAR), years, notices)
    state[YEAR] = ALL_YEARS if year is None else year
    state[CAP] = urlparams.parse_cap(params.get(CAP), notices)
    state[ROUNDING] = urlparams.parse_rounding(params.get(ROUNDING), notices)
    urlparams.show(notices)


def mirror_to_url() -> None:
    """Write the choices into the URL (only the dashboard's own keys; others are left alone)."""
    state = st.session_state
    wanted = {
        PLEDGE: state.get(PLEDGE),
        AS_OF: state[AS_OF].isoformat(),
        YEAR: str(state[YEAR]) if state[YEAR] != ALL_YEARS else None,
        CAP: None if state[CAP] else "0",
        ROUNDING: None if state[ROUNDING] == "half_up" else state[ROUNDING],
    }
    urlparams.mirror(wanted)


def set_as_of(day: dt.date) -> None:
    """A button's callback: view the figures as of `day` (a choice: no longer the default)."""
    st.session_state[AS_OF] = day
    st.session_state[AS_OF_AUTO] = None


def as_of_chosen() -> None:
    """The date input's callback: the user chose the as-of date (no longer the data date default)."""
    st.session_state[AS_OF_AUTO] = None


def default_as_of(pledge_key_now: str, data_day: dt.date) -> None:
    """Default the as-of date to the pledge's data date: when none is set yet, or when it was the
    default of another pledge (a date the user chose stays)."""
    state = st.session_state
    auto = state.get(AS_OF_AUTO)
    if state.get(AS_OF) is None or (auto is not None and auto != pledge_key_now):
        state[AS_OF] = data_day
        state[AS_OF_AUTO] = pledge_key_now
