"""공약 이행 현황 (citizens, no sign-in): the city's 완료율, 평균진행률 and 임기내 이행률 with the
city's own rounding, the status counts, the figures by policy area, the searchable pledge list
with each pledge's status and rate and a link to its public card (real HTML tables: read aloud
by screen readers, printed, light to load), and the figures as CSV/XLSX with a description of
every column. Pledge-level figures only: no record, no staff tool."""
import streamlit as st

from ui import navigation, public, store
from ui.presenters import public as shape

navigation.guard(__file__)
public.table_style()
st.title("공약 이행 현황")
v = public.choose()
made = store.public_summary(v.as_of, v.city, v.policy)      # shared per data version, date and city
st.caption(shape.scope_line(v.city_name, v.as_of, made.pledges, v.policy))

row = st.container(horizontal=True)           # one block, the three figures side by side (wrapping on a phone)
for label, value, formula in made.headline:
    row.metric(label, value, help=formula, border=True)
st.expander("산식 보기").markdown("\n".join(f"- {formula}" for _, _, formula in made.headline))

st.subheader("추진상황별 공약 수")
st.html(made.html["statuses"])

st.subheader("분야별 현황")
st.html(made.html["areas"])
public.downloads(made.areas, "분야별_이행현황", "areas",
                 shape.context("분야별 이행 현황", v.city_name, v.as_of, v.policy, made.areas))

st.subheader("공약 목록")
query = st.text_input("검색", key="public_search", placeholder="공약번호·공약명·분야·부서 (예: 출산)")
found = public.search(made.listing, query)
st.html(made.listing_html(found))
st.caption(f"{len(found):,}건 · 이행률이 빈 칸이면 자료 없음 (확인지표에 목표가 없음) · '카드 보기'로 공약 카드를 엽니다.")
table = shape.without_links(found)
public.downloads(table, "공약별_이행현황", "pledges",
                 shape.context("공약별 이행 현황", v.city_name, v.as_of, v.policy, table, shape.search_filter(query)))
