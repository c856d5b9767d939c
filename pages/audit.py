"""감사 (auditors): for the selected pledge and year, the records any figure is computed from
(pseudonymous ids), reported vs record-derived actuals, consistency checks and the target
revision history — every table downloadable as CSV and XLSX with Korean headers."""
import streamlit as st

import ui
from metrics import audit, views

v = ui.view()
official = ui.figures(v)
ui.page_header("감사", v, official)

p = views.one(official.pledges, v.city, v.pledge_id).iloc[0]
indicators = views.one(official.indicators, v.city, v.pledge_id)
periods = views.one(official.periods, v.city, v.pledge_id)
budget = views.one(official.budget, v.city, v.pledge_id)
st.caption("연도와 공약은 사이드바에서 고릅니다. 기록의 대상자 ID는 가명입니다 (이름·주민등록번호·연락처 없음).")

trace, recon, checks, history, imports = st.tabs(
    ["수치별 근거 기록", "보고 실적 vs 기록 집계", "일관성 점검", "목표 변경 이력", "가져오기 이력"])

with trace:
    choices = views.filter_year(audit.figure_choices(indicators, periods, budget), "period", v.year)
    if choices.empty:
        st.info("선택한 연도에 기록으로 계산된 수치가 없습니다.")
    else:
        pick = st.selectbox("수치", list(range(len(choices))), format_func=lambda i: choices.iloc[i]["label"],
                            key="audit_figure")
        chosen = choices.iloc[pick]
        source = audit.record_source(chosen)
        records = ui.table(source["name"], as_of=v.as_of, city=v.city, pledge_id=v.pledge_id, year=source["year"])
        st.markdown(views.records_title(audit.RECORD_KINDS[chosen["source"]], records, chosen["label"]))
        shown = views.korean_headers(records)
        st.dataframe(shown, hide_index=True, key="audit_records")
        ui.downloads(shown, f"근거기록_{chosen['source']}_{source['year'] or '누계'}", "records")

with recon:
    rec = views.filter_year(views.one(official.reconciliation, v.city, v.pledge_id), "period", v.year)
    shown = views.korean_headers(rec, drop=("city", "pledge_id"))
    st.dataframe(shown, hide_index=True, key="audit_reconciliation")
    ui.downloads(shown, "보고실적_기록집계_비교", "reconciliation")

with checks:
    printed = ui.table("printed_executions", city=v.city, pledge_id=v.pledge_id)
    table = audit.consistency_checks(p, periods, indicators, budget, printed,
                                     views.one(official.reconciliation, v.city, v.pledge_id), v.as_of, v.policy)
    st.markdown(f"**{audit.check_summary(table)}**")
    st.dataframe(table, hide_index=True, key="audit_checks")
    ui.downloads(table, "일관성_점검", "checks")

with history:
    revisions = views.filter_year(ui.table("target_revisions", city=v.city, pledge_id=v.pledge_id), "period", v.year)
    if revisions.empty:
        st.info("기록된 목표 변경이 없습니다 (카드의 당초 목표 적용 중).")
    shown = views.korean_headers(revisions, drop=("city", "pledge_id"))
    st.dataframe(shown, hide_index=True, key="audit_revisions")
    ui.downloads(shown, "목표변경_이력", "revisions")
    st.markdown("**당초 목표 vs 변경 목표**")
    st.caption("기준일에 적용 중인 변경만 반영됩니다 (적용일이 기준일보다 늦은 변경은 그 날짜부터 반영).")
    compare = views.original_vs_revised(official.indicators, official.original, official.pledges,
                                        v.city, v.pledge_id, v.policy)
    st.dataframe(compare, hide_index=True, key="audit_original")
    ui.downloads(compare, "당초목표_변경목표_비교", "original")

with imports:
    st.caption("모든 가져오기(빌드가 불러온 파일 포함): 언제, 누가, 어떤 파일(SHA-256)을, 몇 건 — 되돌린 가져오기도 남습니다.")
    log = views.korean_headers(views.imports_for(ui.table("import_log"), v.city))
    st.dataframe(log, hide_index=True, key="audit_imports")
    ui.downloads(log, "가져오기_이력", "imports")
    warnings = views.korean_headers(ui.table("import_warnings", import_id=None))
    st.markdown(f"**가져오기 경고 {len(warnings):,}건** (서비스 기준 등 — 가져오기는 되었고, 감사용으로 남긴 경고)")
    st.dataframe(warnings, hide_index=True, key="audit_import_warnings")
    ui.downloads(warnings, "가져오기_경고", "import_warnings")
