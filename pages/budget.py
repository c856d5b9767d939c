"""예산: the investment plan by year × funding source against execution; execution rate against
the whole plan and against the plan to date; cost per application served."""
import streamlit as st

from metrics.budget import plan_vs_execution
from ui import charts, navigation, state, store, widgets
from ui.presenters import budget as shape
from ui.presenters.common import one

navigation.guard(__file__)
v = state.view()
official = store.figures(v)
widgets.page_header("예산", v, official)

budget = one(official.budget, v.city, v.pledge_id)
bh = shape.budget_headline(budget, v.as_of, v.policy)
c1, c2, c3, c4 = st.columns(4)
c1.metric("투자 계획 총액 (백만원)", bh["planned"], border=True)
c2.metric(bh["executed_label"], bh["executed"], border=True)
c3.metric("집행률 (계획 총액 대비)", bh["rate"], border=True, help="집행액 ÷ 투자 계획 총액")
c4.metric(bh["to_date_label"], bh["rate_to_date"], border=True,
          help=f"집행액 ÷ 기준일이 속한 연도까지의 계획액 {bh['planned_to_date']} 백만원")
if v.year is not None:
    st.markdown(shape.year_budget(budget, v.year, v.policy))

left, right = st.columns([3, 2])
with left:
    st.subheader("연도별 계획 대비 집행")
    st.plotly_chart(charts.budget_chart(plan_vs_execution(budget)), key="budget_chart")
with right:
    st.subheader("사업 단위당 비용")
    services = store.table("service_counts", as_of=v.as_of, city=v.city, pledge_id=v.pledge_id, year=v.year)
    widgets.table(shape.unit_costs(budget, services, v.year), hide_index=True, key="unit_costs")
    st.caption(shape.unit_costs_caption(v.year))

st.subheader("연도별 투자 계획 (재원별)")
investment = shape.investment_table(budget)
widgets.table(investment, hide_index=True, key="investment")
widgets.downloads(investment, "연도별_투자계획", "investment")

st.subheader(shape.execution_title(v.year))
execution = shape.execution_table(budget, v.policy, v.year)
widgets.table(execution, hide_index=True, key="execution")
widgets.downloads(execution, "연도별_재원별_집행", "execution")
