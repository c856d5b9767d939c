"""감사 (auditors): for the selected pledge and year, the records any figure is computed from
(pseudonymous ids), reported vs record-derived actuals, consistency checks and the target
revision history, every target-change proposal and decision (targets before and after) and the
action log — every table downloadable as CSV and XLSX with Korean headers (downloads logged).
Auditors and admins only (read_audit)."""
import streamlit as st

from metrics import audit
from ui import navigation, state, store, widgets, workflow
from ui.presenters import approvals
from ui.presenters import audit as shape
from ui.presenters.common import filter_year, korean_headers, one, original_vs_revised
from ui.presenters.imports import COUNT_COLUMNS

navigation.guard(__file__)
v = state.view()
official = store.figures(v)
widgets.page_header("감사", v, official)

p = one(official.pledges, v.city, v.pledge_id).iloc[0]
indicators = one(official.indicators, v.city, v.pledge_id)
periods = one(official.periods, v.city, v.pledge_id)
budget = one(official.budget, v.city, v.pledge_id)
reconciliation = one(official.reconciliation, v.city, v.pledge_id)
st.caption("연도와 공약은 사이드바에서 고릅니다. 기록의 대상자 ID는 가명입니다 (이름·주민등록번호·연락처 없음).")

trace, recon, checks, history, proposals, imports, actions = st.tabs(
    ["수치별 근거 기록", "보고 실적과 기록 집계", "일관성 점검", "목표 변경 이력", "목표 변경 제안·결정", "가져오기 이력",
     "작업 기록"])

with trace:
    choices = shape.figure_choices(indicators, periods, budget, v.year, store.period_labels())
    if choices.empty:
        st.info("선택한 연도에 기록으로 계산된 수치가 없습니다.")
    else:
        pick = st.selectbox("수치", list(range(len(choices))), format_func=lambda i: choices.iloc[i]["label"],
                            key="audit_figure")
        chosen = choices.iloc[pick]
        source = shape.record_source(chosen)
        records = store.table(source["name"], as_of=v.as_of, city=v.city, pledge_id=v.pledge_id, year=source["year"])
        st.markdown(shape.records_title(chosen, records))
        shown = korean_headers(records)
        widgets.table(shown, "audit_records")
        widgets.downloads(shown, shape.records_file(chosen, source["year"]), "records")

with recon:
    shown = shape.reconciliation_table(filter_year(reconciliation, "period", v.year), indicators)
    widgets.table(shown, "audit_reconciliation")
    widgets.downloads(shown, "보고실적_기록집계_비교", "reconciliation")

with checks:
    printed = store.table("printed_executions", city=v.city, pledge_id=v.pledge_id)
    table = shape.checks_table(audit.consistency_checks(p, periods, indicators, budget, printed, reconciliation,
                                                        v.as_of, v.policy))
    st.markdown(f"**{shape.check_summary(table)}**")
    widgets.table(table, "audit_checks")
    widgets.downloads(table, "일관성_점검", "checks")
    st.markdown("**기록 집계 점검**")
    st.caption("이행 실적은 가져오기·되돌리기 때마다 같은 트랜잭션에서 갱신되는 일별·월별 집계에서 읽습니다. "
               "그 집계를 기록 전체와 다시 대조하고, 기록 번호가 겹치거나 등록되지 않은 시군·가져오기의 것인지 봅니다 "
               "(기록이 많으면 몇 초 걸립니다).")
    if st.button("기록 집계 점검", key="audit_aggregates"):
        summary, differences = shape.aggregate_check(store.table("aggregates/differences"), store.key_problems())
        st.markdown(f"**{summary}**")
        if not differences.empty:
            widgets.table(differences, "audit_aggregate_differences")

with history:
    revisions = filter_year(store.table("target_revisions", city=v.city, pledge_id=v.pledge_id), "period", v.year)
    if revisions.empty:
        st.info("기록된 목표 변경이 없습니다 (카드의 당초 목표 적용 중).")
    shown = korean_headers(revisions, drop=("city", "pledge_id"))
    widgets.table(shown, "audit_revisions")
    widgets.downloads(shown, "목표변경_이력", "revisions")
    st.markdown("**당초 목표와 변경 목표**")
    st.caption("기준일에 적용 중인 변경만 반영됩니다 (적용일이 기준일보다 늦은 변경은 그 날짜부터 반영).")
    compare = original_vs_revised(official.indicators, official.original, official.pledges,
                                  v.city, v.pledge_id, v.policy)
    widgets.table(compare, "audit_original")
    widgets.downloads(compare, "당초목표_변경목표_비교", "original")

with imports:
    st.caption("모든 가져오기(빌드가 불러온 파일 포함): 언제, 누가, 어떤 파일(SHA-256)을, 몇 건 — 되돌린 가져오기도 남습니다.")
    log = shape.import_log_table(store.table("import_log"), v.city, {v.city: str(p["city_name"])})
    widgets.table(log, "audit_imports", column_config=widgets.counts(log, COUNT_COLUMNS))
    widgets.downloads(log, "가져오기_이력", "imports")
    warnings = shape.import_warnings_table(store.table("import_warnings", import_id=None))
    st.markdown(shape.warnings_title(len(warnings)))
    widgets.table(warnings, "audit_import_warnings")
    widgets.downloads(warnings, "가져오기_경고", "import_warnings")

with proposals:
    st.caption("모든 목표 변경 제안과 그 결정(승인·반려): 변경 전·후 목표, 사유, 적용일, 승인 기구, 결정일, 문서 번호. "
               "아무것도 덮어쓰거나 지우지 않습니다. 승인된 제안은 적용일 이후 기준일부터 공식 수치에 반영됩니다.")
    every = approvals.proposal_table(workflow.all_proposals(), store.period_labels())
    widgets.table(every, "audit_proposals")
    widgets.downloads(every, "목표변경_제안_결정", "proposals")

with actions:
    st.caption("로그인·로그인 실패·로그아웃·가져오기·되돌리기·제안·승인·반려·역할 변경·내려받기 — 누가, 언제, 무엇을, 결과. "
               "추가만 되며 고치거나 지울 수 없습니다. 비밀번호나 해시는 남기지 않습니다.")
    log = approvals.action_log_table(workflow.action_log())
    widgets.table(log, "audit_actions")
    widgets.downloads(log, "작업_기록", "actions")
