"""The shared sidebar drawn by dashboard.py on every page of signed-in staff: term (민선 N기, when several hold
pledges), city (when several are loaded), pledge, as-of date (defaulting to the pledge's data
date, bounded by its term, one click to the card's date or today), year filter (the term's
periods), rate policy and the planner panel. The choices are mirrored in the URL."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from metrics.formatting import date_ko
from ui import auth, planner, state, store
from ui.presenters import card, common, terms

ROUNDING_LABELS = {"half_up": "반올림", "cut": "버림"}
READ_ONLY_NOTE = ("이 주소는 공개 현황만 보여 줍니다 (게시된 자료, 읽기 전용). 직원은 직원용 주소에서 로그인해 "
                  "가져오기·목표 조정 등 업무 화면을 쓰세요.")


def _choose_pledge(pledge_list):
    """The city (when several) and pledge selectors; returns the chosen pledge's key."""
    s = st.session_state
    cities = common.city_options(pledge_list)
    if len(cities) > 1:   # many cities: choose the city first, so the pledge list stays short
        if s.get(state.CITY) not in cities:
            s[state.CITY] = common.parse_pledge_key(s[state.PLEDGE])[0]
        st.selectbox("시군", list(cities), key=state.CITY, persist_state="session", format_func=cities.get, help="시군 이름으로 검색할 수 있습니다.")
        pledge_list = common.of_city(pledge_list, s[state.CITY])
    options = common.pledge_options(pledge_list)
    if s[state.PLEDGE] not in options:
        s[state.PLEDGE] = next(iter(options))
    st.selectbox("공약", list(options), key=state.PLEDGE, persist_state="session", format_func=options.get,
                 help="공약 번호·이름·부서로 검색할 수 있습니다.")
    return s[state.PLEDGE]


def _choose_term(pledge_list):
    """The term selector (shown when several terms hold pledges; the chosen pledge's term first);
    returns that term's pledges."""
    s = st.session_state
    options = terms.term_options(store.table("terms"), dt.date.today())
    if s.get(state.TERM) not in options:
        s[state.TERM] = store.pledge_terms().get(s[state.PLEDGE]) or next(iter(options), None)
    if len(options) > 1:
        st.selectbox("임기", list(options), key=state.TERM, persist_state="session", format_func=options.get,
                     help="민선 기수를 먼저 고르면 그 임기의 공약만 목록에 나옵니다.")
    own = pledge_list[pledge_list["term"] == s[state.TERM]]
    return own if not own.empty else pledge_list


def _as_of(pledge) -> None:
    """The as-of date within the pledge's term (from the data; by default the pledge's data date),
    and the card-date and today buttons."""
    today = dt.date.today()
    state.default_as_of(st.session_state[state.PLEDGE], terms.data_day(pledge, today))
    low, high = common.as_of_bounds(pledge["term_start"], pledge["term_end"], today, st.session_state.get(state.AS_OF))
    card_day = card.card_as_of(pledge)
    st.date_input("기준일", key=state.AS_OF, persist_state="session", format="YYYY/MM/DD", min_value=low, max_value=high,
                  on_change=state.as_of_chosen, help="처음에는 공약의 자료 기준일(마지막 자료 날짜)로 열립니다.")
    left, right = st.columns([3, 2])
    left.button(date_ko(card_day), key="as_of_card", on_click=state.set_as_of, args=(card_day,),
                width="stretch", icon=":material/description:", help="카드 기준일로 보기")
    right.button("오늘", key="as_of_today", on_click=state.set_as_of, args=(today,), width="stretch")


# persist_state="session": Streamlit 1.67 drops a keyed widget's value on a page switch (its id
# carries the page), which left the next staff page with no pledge ("선택한 공약을 찾을 수 없습니다").
def draw(who: auth.Actor | None = None) -> None:
    """Draw the sidebar and mirror its choices into the URL; stops the page when the store is empty.
    Only for signed-in staff: a visitor who is not signed in sees the public pages, which have their
    own choices in the page (ui/public.py), so the staff choices (공약, 기준일, 연도, 산식 설정) are not
    drawn for them; nor in a read-only public process (a line says staff use the staff address)."""
    s = st.session_state
    if store.read_only() or not auth.signed_in(who if who is not None else auth.actor()):
        # The URL's choices are still taken once (kept for a sign-in later in the session; this
        # also marks the session as served by dashboard.py, see state.ensure_entrypoint).
        if not s.get(state.SEEDED):
            state.seed_from_url(store.pledge_terms())       # the keys (a shared dict: checks in O(1))
        if store.read_only():
            st.sidebar.caption(READ_ONLY_NOTE)
        return
    pledge_list = store.table("pledge_list", city=None)
    if pledge_list.empty:
        st.error("데이터베이스에 공약이 없습니다. 'python -m data build'로 카드를 불러오세요.")
        st.stop()
    all_keys = store.pledge_terms()
    state.seed_from_url(all_keys)
    if s.get(state.PLEDGE) not in all_keys:
        s[state.PLEDGE] = terms.default_pledge(pledge_list)
    with st.sidebar:
        city, pledge_id = common.parse_pledge_key(_choose_pledge(_choose_term(pledge_list)))
        pledge = store.table("pledges", city=city, pledge_id=pledge_id).iloc[0]
        _as_of(pledge)
        periods = store.table("periods", term=pledge["term"])
        years = common.year_options(periods)
        if s.get(state.YEAR) not in years:
            s[state.YEAR] = common.ALL_YEARS
        st.selectbox("연도", years, key=state.YEAR, persist_state="session", format_func=common.year_labels(periods).get)
        with st.expander("산식 설정"):
            st.toggle("지표 이행률 100% 상한", key=state.CAP, persist_state="session")
            st.radio("표시 자릿수 처리", list(ROUNDING_LABELS), key=state.ROUNDING, persist_state="session", horizontal=True,
                     format_func=ROUNDING_LABELS.get)
        v = state.view()
        if auth.may(auth.actor(), auth.Action.PROPOSE):     # the what-if and 제안: planners only
            with st.expander("목표 조정 (기획)"):
                planner.saved_message()
                planner.panel(v)
        else:
            s[state.WHATIF] = None
    state.mirror_to_url()
