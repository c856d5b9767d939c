"""The shared sidebar drawn by dashboard.py on every page: city (when several are loaded),
pledge, as-of date (bounded by the pledge's term, one click to the card's date or today), year
filter, rate policy and the planner panel. The choices are mirrored in the URL."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from metrics.formatting import date_ko
from ui import auth, planner, state, store
from ui.presenters import card, common

ROUNDING_LABELS = {"half_up": "반올림", "cut": "버림"}


def _choose_pledge(pledge_list):
    """The city (when several) and pledge selectors; returns the chosen pledge's key."""
    s = st.session_state
    cities = common.city_options(pledge_list)
    if len(cities) > 1:   # many cities: choose the city first, so the pledge list stays short
        if s.get(state.CITY) not in cities:
            s[state.CITY] = common.parse_pledge_key(s[state.PLEDGE])[0]
        st.selectbox("시군", list(cities), key=state.CITY, format_func=cities.get, help="시군 이름으로 검색할 수 있습니다.")
        pledge_list = common.of_city(pledge_list, s[state.CITY])
    options = common.pledge_options(pledge_list)
    if s[state.PLEDGE] not in options:
        s[state.PLEDGE] = next(iter(options))
    st.selectbox("공약", list(options), key=state.PLEDGE, format_func=options.get,
                 help="공약 번호·이름·부서로 검색할 수 있습니다.")
    return s[state.PLEDGE]


def _as_of(pledge) -> None:
    """The as-of date within the pledge's term (from the data), and the card-date and today buttons."""
    today = dt.date.today()
    low, high = common.as_of_bounds(pledge["term_start"], pledge["term_end"], today, st.session_state.get(state.AS_OF))
    card_day = card.card_as_of(pledge)
    st.date_input("기준일", key=state.AS_OF, format="YYYY/MM/DD", min_value=low, max_value=high)
    left, right = st.columns([3, 2])
    left.button(date_ko(card_day), key="as_of_card", on_click=state.set_as_of, args=(card_day,),
                width="stretch", icon=":material/description:", help="카드 기준일로 보기")
    right.button("오늘", key="as_of_today", on_click=state.set_as_of, args=(today,), width="stretch")


def draw() -> None:
    """Draw the sidebar and mirror its choices into the URL; stops the page when the store is empty."""
    s = st.session_state
    pledge_list = store.table("pledge_list", city=None)
    if pledge_list.empty:
        st.error("데이터베이스에 공약이 없습니다. 'python -m data build'로 카드를 불러오세요.")
        st.stop()
    all_keys = common.pledge_keys(pledge_list)
    periods = store.table("periods")
    years = common.year_options(periods)
    state.seed_from_url(all_keys, years)
    if s.get(state.PLEDGE) not in all_keys:
        s[state.PLEDGE] = all_keys[0]
    with st.sidebar:
        city, pledge_id = common.parse_pledge_key(_choose_pledge(pledge_list))
        _as_of(store.table("pledges", city=city, pledge_id=pledge_id).iloc[0])
        st.selectbox("연도", years, key=state.YEAR, format_func=common.year_labels(periods).get)
        with st.expander("산식 설정"):
            st.toggle("지표 이행률 100% 상한", key=state.CAP)
            st.radio("표시 자릿수 처리", list(ROUNDING_LABELS), key=state.ROUNDING, horizontal=True,
                     format_func=ROUNDING_LABELS.get)
        v = state.view()
        if auth.may(auth.actor(), auth.Action.PROPOSE):     # the what-if and 제안: planners only
            with st.expander("목표 조정 (기획)"):
                planner.saved_message()
                planner.panel(v)
        else:
            s[state.WHATIF] = None
    state.mirror_to_url()
