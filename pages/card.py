"""공약 카드: every block of the printed pledge card on one page, in the card's order, with
every figure computed from the records (never typed)."""
import streamlit as st

import ui
from metrics import schedule, views
from metrics.formatting import date_ko
from metrics.rates import format_percent

v = ui.view()
official = ui.figures(v)
ui.page_header("공약 카드", v, official)

p = views.one(official.pledges, v.city, v.pledge_id).iloc[0]
texts = ui.table("pledge_texts", city=v.city, pledge_id=v.pledge_id)
contacts = ui.table("contacts", city=v.city, pledge_id=v.pledge_id)
budget = views.one(official.budget, v.city, v.pledge_id)

with st.container(border=True, key="card"):
    st.header(f"{p['pledge_id']} {p['title']}")
    st.dataframe(views.card_flags(p), hide_index=True, key="card_flags")
    st.dataframe(views.card_status(p, v.policy), hide_index=True, key="card_status")
    st.caption(f"추진상황은 담당 부서가 입력한 값입니다 ({date_ko(p['status_date'])}). "
               f"이행률에서 제안되는 추진상황: {p['suggested_status']}")

    st.markdown(f"**◆ 정책목표:** {p['policy_goal']}")

    st.markdown("**□ 현황 및 정책개요**")
    st.text("\n".join(views.text_lines(texts, "overview")))

    st.markdown("**□ 추진계획**")
    st.text("\n".join(views.text_lines(texts, "plan")))

    st.markdown("**< 연차별 추진일정 >**")
    quarters = schedule.term_quarters(p["term_start"].date(), p["term_end"].date())
    st.dataframe(schedule.milestone_grid(ui.table("milestones", city=v.city, pledge_id=v.pledge_id), quarters),
                 hide_index=True, key="card_schedule")
    if isinstance(p["milestones_note"], str):
        st.caption(p["milestones_note"])

    st.markdown(f"**< 연도별 투자 계획 >** (단위: 백만원) — {p['investment_program'] or ''}")
    st.dataframe(views.investment_table(budget), hide_index=True, key="card_investment")
    st.caption(f"집행액은 집행 기록에서 기준일({date_ko(v.as_of)})까지 합산한 값입니다.")

    st.markdown(f"**□ 추진실적** (2022. 7. 1. ~ {date_ko(v.as_of)})")
    st.dataframe(schedule.progress_log_table(ui.table("progress_log", city=v.city, pledge_id=v.pledge_id),
                                             as_of=v.as_of), hide_index=True, key="card_log")

    st.markdown(f"**< 공약달성 확인지표 >** {date_ko(v.as_of)} 기준")
    st.dataframe(views.card_indicator_table(views.one(official.periods, v.city, v.pledge_id),
                                            views.one(official.indicators, v.city, v.pledge_id), v.policy),
                 hide_index=True, key="card_indicators")
    st.markdown(f"**{p['rate_note'] or '공약 이행률 (각 지표 이행률의 평균으로 산출)'}: "
                f"{format_percent(p['rate'], v.policy)}**")

    st.markdown("**□ 기대효과**")
    st.text("\n".join(views.text_lines(texts, "effect")))

    st.dataframe(views.department_row(p, contacts), hide_index=True, key="card_department")
