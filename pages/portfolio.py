"""전체 현황 (managers): portfolio figures over every loaded pledge — 완료율, 평균진행률, 임기내
이행률 and the status counts, per city, policy area and department, with the formulas on screen;
pledges without data listed, not dropped. Tables are paginated (national scale: 22 thousand pledges)."""

import streamlit as st

import ui
from metrics import portfolio
from metrics.formatting import date_ko
from metrics.rates import format_percent


v = ui.view()
pledges = ui.all_pledges(v.as_of, v.policy)

st.title("전체 현황")
cities = pledges["city"].nunique()
st.caption(f"기준일 {date_ko(v.as_of)} · 시군 {cities:,}곳 · 공약 {len(pledges):,}건 · "
           f"표시: 소수 2자리 {'버림' if v.policy.rounding == 'cut' else '반올림'} (사이드바 '산식 설정')")
synthetic = portfolio.synthetic_count(pledges)
if synthetic:
    st.warning(f"합성(가상) 자료가 포함되어 있습니다: 공약 {synthetic:,}건. "
               "실제 시군의 수치가 아닙니다.", icon=":material/science:")

head = portfolio.overall(pledges)
c1, c2, c3, c4 = st.columns(4)
c1.metric("완료율", format_percent(head.get("completion_rate"), v.policy), border=True,
          help=portfolio.FORMULAS["completion_rate"])
c2.metric("평균진행률", format_percent(head.get("average_progress"), v.policy), border=True,
          help=portfolio.FORMULAS["average_progress"])
c3.metric("임기내 이행률", format_percent(head.get("in_term_rate"), v.policy), border=True,
          help=portfolio.FORMULAS["in_term_rate"])
c4.metric("자료 없는 공약", f"{head.get('no_data', 0):,}건", border=True,
          help="확인지표에 목표가 없어 이행률을 계산할 수 없는 공약 — 0%로 치지 않고 따로 표시합니다")
with st.container(border=True):
    st.markdown("**산식** (세 수치는 서로 다릅니다)")
    for text in portfolio.FORMULAS.values():
        st.markdown(f"- {text}")
    st.caption(f"완료 공약 {head.get('done', 0):,}건 ÷ 전체 {head.get('pledges', 0):,}건 · "
               f"이행률 있는 공약 {head.get('with_rate', 0):,}건 · 임기내 공약 {head.get('in_term_pledges', 0):,}건")

st.subheader("추진상황별 공약 수")
counts = portfolio.status_counts(pledges)
st.dataframe(counts.rename("공약 수").rename_axis("추진상황").reset_index(), hide_index=True, key="status_counts")


def page_number(key: str, rows: int) -> int:
    """The page-number input of a table (kept within the pages there are)."""
    total = portfolio.pages(rows)
    if st.session_state.get(key, 1) > total:
        st.session_state[key] = total
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    page = left.number_input("쪽", min_value=1, max_value=total, step=1, key=key)
    right.caption(f"{rows:,}행 · {total}쪽 중 {page}쪽 (쪽당 {portfolio.PAGE_SIZE}행)")
    return page


def paginated(frame, key: str) -> None:
    """A table shown one page at a time."""
    page = page_number(f"{key}_page", len(frame))
    st.dataframe(portfolio.page_of(frame, page), hide_index=True, key=f"{key}_table")


city_tab, area_tab, dept_tab, list_tab, none_tab = st.tabs(
    ["시군별", "분야별", "부서별", "공약 목록", f"자료 없음 ({head.get('no_data', 0):,})"])
with city_tab:
    st.subheader("시군별 현황")
    paginated(portfolio.display_summary(portfolio.by_city(pledges), v.policy).drop(columns=["시군 코드"]), "by_city")
with area_tab:
    st.subheader("분야별 현황")
    paginated(portfolio.display_summary(portfolio.by_area(pledges), v.policy), "by_area")
with dept_tab:
    st.subheader("부서별 현황")
    paginated(portfolio.display_summary(portfolio.by_department(pledges), v.policy), "by_department")
with list_tab:
    st.subheader("공약 목록")
    found = portfolio.search(portfolio.pledge_list(pledges, v.policy), st.text_input(
        "검색", key="portfolio_search", placeholder="시군·공약번호·공약명·부서 (예: 합성001시 복지)"))
    page = page_number("pledges_page", len(found))
    st.dataframe(portfolio.round_rates(portfolio.page_of(found, page), "이행률(%)", v.policy),
                 hide_index=True, key="pledges_table")
    st.caption("이행률이 빈 칸이면 자료 없음")
with none_tab:
    st.subheader("자료 없는 공약")
    st.caption("확인지표에 목표가 설정되지 않았거나 지표가 없어 이행률을 계산할 수 없는 공약입니다. "
               "평균진행률·임기내 이행률의 분모에서는 빠지고, 완료율의 분모에는 들어갑니다.")
    paginated(portfolio.pledge_list(pledges, v.policy, only_no_data=True).drop(columns=["이행률(%)"]), "no_data")
