"""목표 변경 승인 (approvers): the pending target-change proposals with the figures before and
after (like the what-if: the official figures beside the figures as if approved), and the
decision — 승인 or 반려 with the approval body (승인 기구), decision date, document number and
note (a rejection needs its reason). data.proposals.decide checks the approver itself."""
import datetime as dt

import streamlit as st

from ui import navigation, state, store, widgets, workflow
from ui.presenters import approvals as shape
from ui.presenters.common import comparison_html, whatif_comparison

navigation.guard(__file__)
v = state.view()
st.title("목표 변경 승인")
st.caption("기획 담당자가 제안한 목표 변경입니다. 승인하면 적용일 이후 기준일부터 공식 이행률에 반영되고, "
           "반려하면 공식 수치는 그대로입니다. 어느 쪽이든 기록으로 남고 지워지지 않습니다.")
notice = st.session_state.pop("approvals_notice", None)
if notice:
    st.success(notice, icon=":material/check_circle:")

pending = workflow.all_proposals(state="pending")
if pending.empty:
    st.info("승인 대기 중인 제안이 없습니다.")
    st.stop()

labels = store.period_labels()
st.subheader(f"승인 대기 {len(pending)}건")
widgets.table(shape.proposal_table(pending, labels), hide_index=True, key="pending_proposals")

options = {int(r["proposal_id"]): shape.proposal_option(r) for _, r in pending.iterrows()}
st.subheader("승인하면 달라지는 수치")
shown = st.selectbox("제안", list(options), format_func=options.get, key="approval_preview")
before, after, day = workflow.proposal_effect(v, shown)
st.caption(f"기준일 {day} (사이드바의 기준일과 제안의 적용일 중 늦은 날): 공식 수치와 이 제안이 승인되면의 수치")
st.html(comparison_html(whatif_comparison(before.pledges, before.indicators, after.pledges, after.indicators,
                                          *workflow.proposal_pledge(shown), v.policy), shape.APPROVED))

st.subheader("결정")
with st.form("decide", border=True):
    chosen = st.multiselect("결정할 제안", list(options), default=[shown], format_func=options.get, key="decide_ids")
    verdict = st.radio("결정", ["승인", "반려"], horizontal=True, key="decide_verdict")
    a, b, c = st.columns(3)
    body = a.text_input("승인 기구", value="공약이행평가단", key="decide_body")
    decided_on = b.date_input("결정일", value=dt.date.today(), format="YYYY/MM/DD", key="decide_on")
    document_no = c.text_input("문서 번호", key="decide_doc", placeholder="예: 기획예산과-1234")
    note = st.text_input("비고 (반려할 때는 반려 사유를 꼭 쓰세요)", key="decide_note")
    if st.form_submit_button("결정 기록", type="primary", icon=":material/gavel:"):
        approve = verdict == "승인"
        try:
            ids = workflow.decide(chosen, approve, body, decided_on, document_no, note)
        except workflow.Refused as err:
            st.error(str(err), icon=":material/block:")
        else:
            st.session_state["approvals_notice"] = shape.decided_text(ids, approve)
            st.rerun()
