"""공약 카드 (공개, citizens): every block of the printed pledge card (publish.model: flags, status
and rate, policy goal, overview, plan, quarterly schedule, investment and execution, progress log,
indicators with targets and actuals per period and 누계, expected effects, department) with the
figures computed as of the chosen date and the city's rounding, and the card as a PDF — no record,
no what-if, no staff tool."""
import streamlit as st

from ui import cardfiles, navigation, public, safe, store
from ui.presenters import public as shape
from ui.presenters import public_html

navigation.guard(__file__)
public.table_style()
st.title("공약 카드")
v = public.choose(with_pledge=True)
card = store.card_document(v.as_of, v.city, v.pledge_id, v.policy)

st.header(shape.card_heading(card))
st.caption(shape.card_caption(card))
left, right = st.columns(2)
left.metric("공약 이행률", shape.card_rate(card, v.policy), border=True,
            help="각 확인지표 이행률의 평균 (지표 이행률 = 누계 실적 ÷ 임기 전체 목표 × 100)")
right.metric("추진상황", safe.md(card.status) or "—", border=True, help="담당 부서가 입력한 추진상황")
cardfiles.card_downloads(card, v.as_of, v.city, v.pledge_id, v.policy, formats=("pdf",))

for block in card.blocks:
    st.html(public_html.block_html(block))
st.caption("기준일의 이행률은 그날까지의 실적으로 계산합니다. 개인 기록(신청·서비스 제공 내역)은 공개하지 않습니다.")
