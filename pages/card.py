"""공약 카드: every block of the printed pledge card on one page, in the card's order, with
every figure computed from the records (never typed)."""
import streamlit as st

from metrics import schedule
from metrics.formatting import date_ko
from ui import cardfiles, navigation, safe, state, store, widgets
from ui.presenters import budget, card
from ui.presenters import schedule as schedule_view
from ui.presenters.common import one

navigation.guard(__file__)
v = state.view()
official = store.figures(v)
widgets.page_header("공약 카드", v, official)
cardfiles.card_downloads(store.card_document(v.as_of, v.city, v.pledge_id, v.policy), v.as_of, v.city, v.pledge_id,
                         v.policy)

p = one(official.pledges, v.city, v.pledge_id).iloc[0]
texts = store.table("pledge_texts", city=v.city, pledge_id=v.pledge_id)
contacts = store.table("contacts", city=v.city, pledge_id=v.pledge_id)
pledge_budget = one(official.budget, v.city, v.pledge_id)

with st.container(border=True, key="card"):
    st.header(f"{safe.md(p['pledge_id'])} {safe.md(p['title'])}")
    widgets.table(card.card_flags(p), hide_index=True, key="card_flags")
    widgets.table(card.card_status(p, v.policy), hide_index=True, key="card_status")
    st.caption(card.status_caption(p))

    st.markdown(f"**◆ 정책목표:** {safe.md(p['policy_goal'])}")

    st.markdown("**□ 현황 및 정책개요**")
    st.text(card.text_lines(texts, "overview"))

    st.markdown("**□ 추진계획**")
    st.text(card.text_lines(texts, "plan"))

    st.markdown("**< 연차별 추진일정 >**")
    quarters = schedule.term_quarters(p["term_start"].date(), p["term_end"].date())
    widgets.table(schedule_view.milestone_grid(store.table("milestones", city=v.city, pledge_id=v.pledge_id), quarters),
                  hide_index=True, key="card_schedule")
    if isinstance(p["milestones_note"], str):
        st.caption(safe.md(p["milestones_note"]))

    st.markdown(card.investment_title(p))
    widgets.table(budget.investment_table(pledge_budget), hide_index=True, key="card_investment")
    st.caption(f"집행액은 집행 기록에서 기준일({date_ko(v.as_of)})까지 합산한 값입니다.")

    st.markdown(card.progress_title(p, v.as_of))
    widgets.table(schedule_view.progress_log_table(store.table("progress_log", city=v.city, pledge_id=v.pledge_id),
                                                   as_of=v.as_of), hide_index=True, key="card_log")

    st.markdown(f"**< 공약달성 확인지표 >** {date_ko(v.as_of)} 기준")
    widgets.table(card.card_indicator_table(one(official.periods, v.city, v.pledge_id),
                                            one(official.indicators, v.city, v.pledge_id), v.policy,
                                            store.period_labels()),
                  hide_index=True, key="card_indicators")
    st.markdown(card.rate_line(p, v.policy))

    st.markdown("**□ 기대효과**")
    st.text(card.text_lines(texts, "effect"))

    widgets.table(card.department_row(p, contacts), hide_index=True, key="card_department")
