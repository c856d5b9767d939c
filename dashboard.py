"""The dashboard's entry point (`streamlit run dashboard.py`): page config, the navigation over
pages/, and the shared sidebar — pledge, as-of date, year filter, rate policy and the planner's
target panel. The sidebar's choices are mirrored in the URL (st.query_params) so that a link
opens the same view. Pages read the choices through `ui.view()`.

To add a page, add one `st.Page(...)` line to PAGES.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from data.revisions import RevisionConflict, RevisionError
from metrics import views
from metrics.formatting import date_ko

st.set_page_config(page_title="공약 이행 대시보드", page_icon=":material/task_alt:", layout="wide",
                   initial_sidebar_state=380)

PAGES = [
    st.Page("pages/overview.py", title="개요", icon=":material/dashboard:", default=True),
    st.Page("pages/portfolio.py", title="전체 현황", icon=":material/leaderboard:", url_path="portfolio"),
    st.Page("pages/card.py", title="공약 카드", icon=":material/description:", url_path="card"),
    st.Page("pages/indicators.py", title="확인지표", icon=":material/monitoring:", url_path="indicators"),
    st.Page("pages/budget.py", title="예산", icon=":material/payments:", url_path="budget"),
    st.Page("pages/schedule.py", title="추진일정", icon=":material/event:", url_path="schedule"),
    st.Page("pages/audit.py", title="감사", icon=":material/fact_check:", url_path="audit"),
    st.Page("pages/import.py", title="기록 가져오기", icon=":material/upload_file:", url_path="import"),
]

page = st.navigation(PAGES)

URL_KEYS = (ui.PLEDGE, ui.AS_OF, ui.YEAR, ui.CAP, ui.ROUNDING)
CITY = "city"   # derived from the pledge; shown only when several cities are loaded


def seed_from_url(pledge_keys: list[str], years: list) -> None:
    """On a session's first run, take the choices from the URL (invalid values are ignored)."""
    state, params = st.session_state, st.query_params
    if state.get(ui.SEEDED):
        return
    state[ui.SEEDED] = True
    if params.get(ui.PLEDGE) in pledge_keys:
        state[ui.PLEDGE] = params[ui.PLEDGE]
    try:
        state[ui.AS_OF] = dt.date.fromisoformat(params[ui.AS_OF]) if ui.AS_OF in params else dt.date.today()
    except ValueError:
        state[ui.AS_OF] = dt.date.today()
    year = params.get(ui.YEAR)
    state[ui.YEAR] = int(year) if year and year.isdigit() and int(year) in years else views.ALL_YEARS
    state[ui.CAP] = params.get(ui.CAP, "1") != "0"
    state[ui.ROUNDING] = params.get(ui.ROUNDING) if params.get(ui.ROUNDING) in ("half_up", "cut") else "half_up"


def mirror_to_url() -> None:
    """Write the choices into the URL (only the dashboard's own keys; others are left alone)."""
    state = st.session_state
    wanted = {
        ui.PLEDGE: state.get(ui.PLEDGE),
        ui.AS_OF: state[ui.AS_OF].isoformat(),
        ui.YEAR: str(state[ui.YEAR]) if state[ui.YEAR] != views.ALL_YEARS else None,
        ui.CAP: None if state[ui.CAP] else "0",
        ui.ROUNDING: None if state[ui.ROUNDING] == "half_up" else state[ui.ROUNDING],
    }
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


def set_card_date(day: dt.date) -> None:
    st.session_state[ui.AS_OF] = day


def planner_panel(v: ui.View) -> None:
    """The planner's targets: a data editor of the targets in force; edits become what-if targets
    shown on every page; 저장 appends target revisions (conflicts reported, nothing lost)."""
    state = st.session_state
    official = ui.table("current_targets", city=v.city, pledge_id=v.pledge_id)
    version = ui.data_version()
    snaps = state.setdefault("_planner", {})
    snap = snaps.get(v.key)
    editor_key = f"planner_{v.key}_{snap['gen']}" if snap else None
    untouched = not (editor_key and state.get(editor_key, {}).get("edited_rows"))
    if snap is None or (snap["version"] != version and untouched and not snap.get("conflict")):
        snap = {"grid": views.planner_grid(official), "gen": snap["gen"] + 1 if snap else 0, "version": version}
        snaps[v.key] = snap
        editor_key = f"planner_{v.key}_{snap['gen']}"
    st.caption("지표·기간별 목표를 고치면 모든 화면에 가정 수치가 공식 수치와 나란히 표시됩니다.")
    names = snap["grid"].drop_duplicates("indicator_id")
    edited = st.data_editor(
        views.planner_table(snap["grid"]), key=editor_key, hide_index=True, disabled=["기간"], num_rows="fixed",
        column_config={
            "기간": st.column_config.TextColumn("기간", width="small"),
            **{r.indicator_id: st.column_config.NumberColumn(views.short_name(r.indicator_name), help=r.indicator_name, min_value=0,
                                                             step=1, width="small") for r in names.itertuples(index=False)},
        },
    )
    targets = views.planner_targets(edited, snap["grid"])
    changes = views.whatif_changes(snap["grid"], targets, official)
    state[ui.WHATIF] = changes if not changes.empty else None
    if snap.get("conflict"):
        st.error(snap["conflict"])
        if st.button("최신 목표 불러오기 (내 입력 유지)", key="planner_rebase"):
            snaps[v.key] = {"grid": views.rebased_grid(official, targets, snap["grid"]),
                            "gen": snap["gen"] + 1, "version": version}
            st.rerun()
    if changes.empty:
        return
    st.info(f"가정 목표 {len(changes)}건 적용 중", icon=":material/edit_note:")
    if st.button("가정 목표 지우기", key="planner_reset"):
        snaps[v.key] = {"grid": views.planner_grid(official), "gen": snap["gen"] + 1, "version": version}
        st.rerun()
    with st.form("planner_save", clear_on_submit=False, border=True):
        st.markdown("**목표 변경 저장**")
        author = st.text_input("변경자", key="planner_author")
        reason = st.text_input("변경 사유", key="planner_reason", placeholder="예: 공약이행평가단 승인 (2024. 6.)")
        revised_on = st.date_input("적용일", value=dt.date.today(), key="planner_date", format="YYYY/MM/DD")
        if st.form_submit_button("저장", type="primary"):
            try:
                ids = ui.save_revisions(changes, author, reason, revised_on)
            except RevisionConflict as err:
                snap["conflict"] = f"{err} (입력한 가정 목표는 그대로 남아 있습니다)"
                st.rerun()
            except RevisionError as err:
                st.error(str(err))
            else:
                snaps[v.key] = {"grid": views.planner_grid(ui.table("current_targets", city=v.city,
                                                                     pledge_id=v.pledge_id)),
                                "gen": snap["gen"] + 1, "version": ui.data_version()}
                state["_planner_saved"] = f"목표 변경 {len(ids)}건을 저장했습니다 (적용일 {date_ko(revised_on)})."
                st.rerun()


def sidebar() -> None:
    state = st.session_state
    pledge_list = ui.table("pledge_list", city=None)
    if pledge_list.empty:
        st.error("데이터베이스에 공약이 없습니다. 'python -m data build'로 카드를 불러오세요.")
        st.stop()
    all_keys = views.pledge_keys(pledge_list)
    years = views.year_options(ui.table("periods"))
    seed_from_url(all_keys, years)
    if state.get(ui.PLEDGE) not in all_keys:
        state[ui.PLEDGE] = all_keys[0]
    cities = views.city_options(pledge_list)
    with st.sidebar:
        if len(cities) > 1:   # many cities: choose the city first, so the pledge list stays short
            if state.get(CITY) not in cities:
                state[CITY] = views.parse_pledge_key(state[ui.PLEDGE])[0]
            st.selectbox("시군", list(cities), key=CITY, format_func=cities.get, help="시군 이름으로 검색할 수 있습니다.")
            pledge_list = views.of_city(pledge_list, state[CITY])
        options = views.pledge_options(pledge_list)
        if state[ui.PLEDGE] not in options:
            state[ui.PLEDGE] = next(iter(options))
        st.selectbox("공약", list(options), key=ui.PLEDGE, format_func=options.get,
                     help="공약 번호·이름·부서로 검색할 수 있습니다.")
        city, pledge_id = views.parse_pledge_key(state[ui.PLEDGE])
        chosen = pledge_list[(pledge_list["city"] == city) & (pledge_list["pledge_id"] == pledge_id)].iloc[0]
        card_day = pd.Timestamp(chosen["printed_as_of"]).date() if pd.notna(chosen["printed_as_of"]) else ui.CARD_AS_OF
        st.date_input("기준일", key=ui.AS_OF, format="YYYY/MM/DD", min_value=dt.date(2022, 7, 1),
                      max_value=dt.date(2030, 12, 31))
        left, right = st.columns([3, 2])
        left.button(date_ko(card_day), key="as_of_card", on_click=set_card_date, args=(card_day,),
                    width="stretch", icon=":material/description:", help="카드 기준일로 보기")
        right.button("오늘", key="as_of_today", on_click=set_card_date, args=(dt.date.today(),), width="stretch")
        st.selectbox("연도", years, key=ui.YEAR, format_func=views.year_label)
        with st.expander("산식 설정"):
            st.toggle("지표 이행률 100% 상한", key=ui.CAP)
            st.radio("표시 자릿수 처리", ["half_up", "cut"], key=ui.ROUNDING, horizontal=True,
                     format_func={"half_up": "반올림", "cut": "버림"}.get)
        v = ui.view()
        with st.expander("목표 조정 (기획)"):
            if state.get("_planner_saved"):
                st.success(state.pop("_planner_saved"))
            planner_panel(v)
    mirror_to_url()


sidebar()
page.run()
