"""개요 (managers): the live pledge rate with its change since the last quarter, each
indicator's rate, budget execution, recorded vs suggested status, and the portfolio."""

import streamlit as st

from metrics.change import previous_quarter_end
from metrics.formatting import date_ko
from ui import navigation, outage, state, store, widgets
from ui.presenters import budget, forecast, overview
from ui.presenters.common import one

navigation.guard(__file__)
v = state.view()
official = store.figures(v)
widgets.page_header("개요", v, official)


def live_rate(now: state.View) -> str:
    """The pledge rate with its change since the last quarter (and the what-if rate); returns the
    data basis for the live caption. Figures come from the cache shared by every session."""
    figs = store.figures(now)
    before_day = previous_quarter_end(now.as_of)
    before = store.figures(now, as_of=before_day)
    h = overview.headline(figs.pledges, now.city, now.pledge_id, now.policy, before.pledges, as_of=now.as_of)
    alt = store.whatif_figures(now)
    left, middle, right = st.columns([2, 2, 3])
    with left:
        st.metric("공약 이행률", h["rate_text"], delta=h["change_text"], border=True,
                  help=f"지난 분기 말({date_ko(before_day)}) {h['previous_rate_text']} 대비 변화. "
                       "공약 이행률 = 지표 이행률의 평균, 지표 이행률 = 누계 실적 ÷ 임기 총 목표")
        if alt is not None:
            w = overview.whatif_headline(figs.pledges, alt.pledges, now.city, now.pledge_id, now.policy)
            st.metric("가정 목표 적용 이행률", w["rate_text"], delta=w["change_text"], border=True,
                      help="사이드바 '목표 조정'의 가정 목표로 다시 계산한 값 (공식 이행률 대비 차이)")
    with middle:
        st.metric("기대 이행률 (목표 궤적)", h["expected_text"], border=True,
                  help="기준일까지 목표가 고르게 달성되었다면의 이행률")
        st.metric("임기 경과", h["elapsed_text"], border=True, help=h["elapsed_help"])
    with right.container(border=True, key="rate_bars"):     # native bars: no chart library on the first screen
        st.markdown(overview.RATE_BARS_TITLE)
        for fill, text in overview.rate_bars(h):
            st.progress(fill, text=text)
    return h["data_basis"]


@st.fragment(run_every="20s")
def live_check(seen: str, data_basis: str) -> None:
    """Every 20 s a cheap check of the data version (one small query): when an import, an undo or
    a target revision changed it, the whole page reruns with the new figures; otherwise only this
    caption is redrawn (an open tab costs next to nothing). A fragment's run is not inside
    dashboard.py's: it has its own guard for an unreachable store (ui/outage.py)."""
    with outage.guarded():
        version = store.data_version()
        if version != seen:
            st.rerun()
        st.caption(f"자료 기준 {data_basis} · 자동 갱신 (20초) · 데이터 버전 {version}")


live_check(store.data_version(), live_rate(v))

h = overview.headline(official.pledges, v.city, v.pledge_id, v.policy)
st.subheader("추진상황")
a, b = st.columns(2)
a.metric("기록된 추진상황 (기준일 현재)", h["status_in_force"], border=True,
         help=f"담당 부서 입력 ({h['status_in_force_date']}부터). 가장 최근 기록: {h['status']} ({h['status_date']})")
b.metric("제안 추진상황 (이행률 대비 임기 경과)", h["suggested_status"],
         help="이행률 ≥ 100%: 완료, 기대 이행률 이상: 정상추진, 미만: 일부추진", border=True)
kind, message = overview.status_notice(h)
{"success": st.success, "info": st.info, "error": st.error}[kind](message)

st.subheader("확인지표별 이행률")
with st.container(border=True, key="indicator_bars"):
    for fill, text in overview.indicator_bars(one(official.indicators, v.city, v.pledge_id), v.policy):
        st.progress(fill, text=text)
if v.year is not None:
    st.markdown(overview.year_attainment_title(v.year))
    widgets.table(overview.year_attainment(one(official.periods, v.city, v.pledge_id),
                                           one(official.indicators, v.city, v.pledge_id), v.year, v.policy),
                  hide_index=True, key="year_attainment")

st.subheader("예산 집행")
bh = budget.budget_headline(one(official.budget, v.city, v.pledge_id), v.as_of, v.policy)
c1, c2, c3, c4 = st.columns(4)
c1.metric("투자 계획 (백만원)", bh["planned"], border=True)
c2.metric("집행액 (백만원)", bh["executed"], border=True)
c3.metric("집행률 (계획 총액 대비)", bh["rate"], border=True)
c4.metric(bh["to_date_label"], bh["rate_to_date"], border=True,
          help=f"집행액 ÷ {bh['as_of_year']}년까지 계획액 {bh['planned_to_date']} 백만원")

# The sections below run only when opened (each keeps its state for the session): the first
# screen sends no table and no chart, so the browser loads no table or chart code for it.
with st.expander("전망 (현재 속도가 이어질 때)", key="forecast_open", on_change="rerun",
                 icon=":material/trending_up:") as section:
    if section.open:
        st.markdown(forecast.forecast_method(one(official.forecast, v.city, v.pledge_id), v.as_of,
                                             one(official.pledge_forecast, v.city, v.pledge_id), v.policy))
        widgets.table(forecast.forecast_table(one(official.forecast, v.city, v.pledge_id),
                                              one(official.indicators, v.city, v.pledge_id), v.as_of, v.policy),
                      hide_index=True, key="forecast")

with st.expander("이행률 변동 요인 (확인지표별 기여, 그 사이의 가져오기와 목표 변경)", key="change_open",
                 on_change="rerun", icon=":material/bar_chart:") as section:
    if section.open:
        since = st.date_input("비교 기준일", value=previous_quarter_end(v.as_of), max_value=v.as_of,
                              key=f"change_since_{v.as_of}", format="YYYY/MM/DD",
                              help="기본: 지난 분기 말. 이 날짜부터 기준일까지의 변화를 확인지표별로 나눕니다.")
        parts, change = store.change_parts(v, since)
        names = overview.indicator_names(one(official.indicators, v.city, v.pledge_id))
        st.caption(forecast.change_summary(change, since, v.policy))
        from ui import charts      # the chart library loads with the first opened section, not with the page
        st.plotly_chart(charts.waterfall(forecast.waterfall_steps(parts, change, names, since, v.as_of, v.policy),
                                         "확인지표별 기여 (%p)"), key="waterfall", config={"displayModeBar": False})
        widgets.table(forecast.contributions_table(parts, names, v.policy), hide_index=True, key="contributions")
        st.markdown("**그 사이의 가져오기와 승인된 목표 변경**")
        widgets.table(forecast.events_table(store.table("changes_between", since=since, as_of=v.as_of, city=v.city,
                                                        pledge_id=v.pledge_id),
                                            v.city, v.pledge_id, one(official.indicators, v.city, v.pledge_id), names),
                      hide_index=True, key="change_events")

portfolio = store.city_figures(v)
title = overview.portfolio_title(portfolio.pledges)
if title:
    with st.expander(title, key="portfolio_open", on_change="rerun", icon=":material/list:") as section:
        if section.open:
            widgets.table(
                overview.portfolio_table(portfolio.pledges, v.policy, query=overview.link_query(v.as_of)),
                hide_index=True, key="portfolio",
                column_config={
                    "이행률": st.column_config.NumberColumn("이행률", format="%.2f%%"),
                    "바로가기": st.column_config.LinkColumn("바로가기", display_text="카드 열기"),
                },
            )
else:
    st.caption("공약이 여러 건 불러와지면 여기에 공약 목록(이행률·추진상황·부서·분야)이 표시됩니다.")
