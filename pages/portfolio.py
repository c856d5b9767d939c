"""전체 현황 (managers): portfolio figures over every loaded pledge — 완료율, 평균진행률, 임기내
이행률 and the status counts, per city, policy area and department, with the formulas on screen;
pledges without data listed, not dropped. Tables are paginated (national scale: 22 thousand pledges)."""

import streamlit as st

from metrics import portfolio
from metrics.rates import format_percent
from ui import navigation, state, store, widgets
from ui.presenters import portfolio as shape

navigation.guard(__file__)
RATE = "이행률(%)"

v = state.view()
pledges = store.all_pledges(v.as_of, v.policy)

st.title("전체 현황")
st.caption(shape.scope_caption(pledges, v.as_of, v.policy))
warning = shape.synthetic_warning(portfolio.synthetic_count(pledges))
if warning:
    st.warning(warning, icon=":material/science:")

head = portfolio.overall(pledges)
c1, c2, c3, c4 = st.columns(4)
c1.metric("완료율", format_percent(head.get("completion_rate"), v.policy), border=True,
          help=portfolio.FORMULAS["completion_rate"])
c2.metric("평균진행률", format_percent(head.get("average_progress"), v.policy), border=True,
          help=portfolio.FORMULAS["average_progress"])
c3.metric("임기내 이행률", format_percent(head.get("in_term_rate"), v.policy), border=True,
          help=portfolio.FORMULAS["in_term_rate"])
c4.metric("자료 없는 공약", shape.no_data_text(head), border=True,
          help="확인지표에 목표가 없어 이행률을 계산할 수 없는 공약 — 0%로 치지 않고 따로 표시합니다")
with st.container(border=True):
    st.markdown("**산식** (세 수치는 서로 다릅니다)")
    for text in portfolio.FORMULAS.values():
        st.markdown(f"- {text}")
    st.caption(shape.counts_caption(head))

st.subheader("추진상황별 공약 수")
widgets.table(shape.status_table(pledges), hide_index=True, key="status_counts")


def page_number(key: str, rows: int) -> int:
    """The page-number input of a table (kept within the pages there are)."""
    total = shape.pages(rows)
    if st.session_state.get(key, 1) > total:
        st.session_state[key] = total
    left, right = st.columns([1, 4], vertical_alignment="bottom")
    page = left.number_input("쪽", min_value=1, max_value=total, step=1, key=key)
    right.caption(shape.page_caption(rows, page))
    return page


def paginated(frame, key: str, rate_column: str | None = None) -> None:
    """A table shown one page at a time."""
    page = page_number(f"{key}_page", len(frame))
    widgets.table(shape.shown_page(frame, page, v.policy, rate_column), hide_index=True, key=f"{key}_table")


city_tab, area_tab, dept_tab, list_tab, none_tab = st.tabs(shape.tab_labels(head))
with city_tab:
    st.subheader("시군별 현황")
    paginated(shape.display_summary(portfolio.by_city(pledges), v.policy, drop=("city",)), "by_city")
with area_tab:
    st.subheader("분야별 현황")
    paginated(shape.display_summary(portfolio.by_area(pledges), v.policy), "by_area")
with dept_tab:
    st.subheader("부서별 현황")
    paginated(shape.display_summary(portfolio.by_department(pledges), v.policy), "by_department")
with list_tab:
    st.subheader("공약 목록")
    found = shape.search(shape.pledge_list(pledges, v.policy), st.text_input(
        "검색", key="portfolio_search", placeholder="시군·공약번호·공약명·부서 (예: 합성001시 복지)"))
    page = page_number("pledges_page", len(found))
    widgets.table(shape.shown_page(found, page, v.policy, RATE), hide_index=True, key="pledges_table")
    st.caption("이행률이 —이면 자료 없음 (확인지표에 목표가 없음)")
with none_tab:
    st.subheader("자료 없는 공약")
    st.caption("확인지표에 목표가 설정되지 않았거나 지표가 없어 이행률을 계산할 수 없는 공약입니다. "
               "평균진행률·임기내 이행률의 분모에서는 빠지고, 완료율의 분모에는 들어갑니다.")
    paginated(shape.pledge_list(pledges, v.policy, only_no_data=True).drop(columns=[RATE]), "no_data")
