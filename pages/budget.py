"""예산: the investment plan by year × funding source against execution; execution rate against
the whole plan and against the plan to date; cost per application served."""
import streamlit as st

import charts
import ui
from metrics import views
from metrics.budget import plan_vs_execution
from metrics.formatting import date_ko

v = ui.view()
official = ui.figures(v)
ui.page_header("예산", v, official)

budget = views.one(official.budget, v.city, v.pledge_id)
bh = views.budget_headline(budget, v.as_of, v.policy)
c1, c2, c3, c4 = st.columns(4)
c1.metric("투자 계획 총액 (백만원)", bh["planned"], border=True)
c2.metric(f"집행액 (백만원, {date_ko(v.as_of)}까지)", bh["executed"], border=True)
c3.metric("집행률 (계획 총액 대비)", bh["rate"], border=True, help="집행액 ÷ 투자 계획 총액")
c4.metric(f"집행률 ({bh['as_of_year']}년까지 계획 대비)", bh["rate_to_date"], border=True,
          help=f"집행액 ÷ 기준일이 속한 연도까지의 계획액 {bh['planned_to_date']} 백만원")
if v.year is not None:
    yb = views.year_budget(budget, v.year, v.policy)
    st.markdown(f"**{v.year}년**: 계획 {yb['planned']} 백만원 · 집행 {yb['executed']} 백만원 · 집행률 {yb['rate']}")

left, right = st.columns([3, 2])
with left:
    st.subheader("연도별 계획 대비 집행")
    st.plotly_chart(charts.budget_chart(plan_vs_execution(budget)), key="budget_chart")
with right:
    st.subheader("사업 단위당 비용")
    services = ui.table("service_counts", as_of=v.as_of, city=v.city, pledge_id=v.pledge_id, year=v.year)
    costs = views.unit_costs(budget, services, v.year)
    st.dataframe(costs, hide_index=True, key="unit_costs")
    st.caption("단위당 비용 = 집행액 ÷ 단위 수 (서비스 받은 신청 = 서비스 제공 기록이 1회 이상 있는 신청)"
               + ("" if v.year is None else f" · {v.year}년 기준"))

st.subheader("연도별 투자 계획 (재원별)")
st.dataframe(views.investment_table(budget), hide_index=True, key="investment")
ui.downloads(views.investment_table(budget), "연도별_투자계획", "investment")

st.subheader("연도 × 재원별 계획·집행" + ("" if v.year is None else f" ({v.year}년)"))
execution = views.execution_table(budget, v.policy, v.year)
st.dataframe(execution, hide_index=True, key="execution")
ui.downloads(execution, "연도별_재원별_집행", "execution")
