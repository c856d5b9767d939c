"""공약 이행 현황 (citizens, no sign-in): the city's 완료율, 평균진행률 and 임기내 이행률 with the
city's own rounding, the status counts, the figures by policy area, the searchable pledge list
with each pledge's status and rate and a link to its public card, and the figures as CSV/XLSX
with a description of every column. Pledge-level figures only: no record, no staff tool."""
import streamlit as st

from ui import navigation, public, store
from ui.presenters import public as shape

navigation.guard(__file__)
st.title("공약 이행 현황")
v = public.choose()
pledges = shape.of_city(store.all_pledges(v.as_of, v.policy), v.city)
st.caption(shape.scope_line(v.city_name, v.as_of, pledges, v.policy))

columns = st.columns(3)
for column, (label, value, formula) in zip(columns, shape.headline(pledges, v.policy)):
    column.metric(label, value, help=formula, border=True)
with st.expander("산식 보기"):
    for _, _, formula in shape.headline(pledges, v.policy):
        st.markdown(f"- {formula}")

st.subheader("추진상황별 공약 수")
st.dataframe(shape.status_table(pledges), hide_index=True, key="public_status")

st.subheader("분야별 현황")
areas = shape.area_table(pledges, v.policy)
st.dataframe(areas, hide_index=True, key="public_areas")
public.downloads(areas, "분야별_이행현황", "areas", shape.context("분야별 이행 현황", v.city_name, v.as_of, v.policy, areas))

st.subheader("공약 목록")
query = st.text_input("검색", key="public_search", placeholder="공약번호·공약명·분야·부서 (예: 출산)")
found = public.search(shape.pledge_table(pledges, v.policy), query)
st.dataframe(shape.with_links(found, v.city, v.as_of), hide_index=True, key="public_pledges",
             column_config=public.LIST_COLUMNS)
st.caption(f"{len(found):,}건 · 이행률이 빈 칸이면 자료 없음 (확인지표에 목표가 없음) · '카드 보기'로 공약 카드를 엽니다.")
public.downloads(found, "공약별_이행현황", "pledges",
                 shape.context("공약별 이행 현황", v.city_name, v.as_of, v.policy, found, shape.search_filter(query)))
