"""기록 가져오기 (department staff for their own pledges, admins): templates to download, a file upload with its
preview and validation report, the import with a progress bar and its summary, and the
import log with undo. A thin view over ui/imports.py (the CLI uses the same import code)."""

import datetime as dt

import streamlit as st

from ui import imports, navigation, safe, store, widgets
from ui.presenters import imports as shape

actor = navigation.guard(__file__)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
state = st.session_state

st.title("기록 가져오기")
st.caption("부서의 신청·서비스 제공·홍보·집행 기록, 연도별 보고 실적, 목표 변경, 공약 관리카드를 올립니다. "
           "파일 전체를 검사한 뒤 문제가 없을 때만 한 번에 저장하며(전부 아니면 전무), 같은 파일을 다시 올려도 "
           "중복되지 않습니다. 이름·주민등록번호·전화번호가 있는 파일은 받지 않습니다 (가명 ID만).")

store.connection()

with st.expander("올릴 수 있는 파일의 한도", icon=":material/rule:"):
    st.markdown(shape.limits_text(imports.korean_lines()))

# --- templates ---------------------------------------------------------------------------------
with st.expander("양식(템플릿) 내려받기", icon=":material/download:"):
    st.caption("첫 행의 열 이름(한글)을 그대로 두고 2행부터 한 행에 한 건씩 쓰세요. 날짜는 2024-05-31, "
               "2024.5.31, 2024. 5. 31. 모두 됩니다. 자세한 형식: docs/formats.md")
    for kind, fmt in imports.IMPORT_FORMATS.items():
        label, xlsx, csv_ = st.columns([2, 1, 1], vertical_alignment="center")
        label.markdown(shape.template_line(fmt))
        xlsx.download_button("XLSX", imports.template_xlsx(kind), file_name=imports.template_name(kind, "xlsx"),
                             mime=XLSX_MIME, key=f"tpl_xlsx_{kind}", on_click="ignore", icon=":material/download:")
        csv_.download_button("CSV", imports.template_csv(kind), file_name=imports.template_name(kind, "csv"),
                             mime="text/csv", key=f"tpl_csv_{kind}", on_click="ignore", icon=":material/download:")
    label, yaml_ = st.columns([3, 1], vertical_alignment="center")
    label.markdown(f"**{imports.KIND_LABELS[imports.CARD_KIND]}** — YAML (예: 나주시 6-1-1 카드)")
    yaml_.download_button("YAML", imports.card_template(), file_name=imports.template_name(imports.CARD_KIND, "yaml"),
                          mime="text/yaml", key="tpl_card", on_click="ignore", icon=":material/download:")

# --- upload, preview, report, import ---------------------------------------------------------------
st.subheader("파일 올리기")
notice = imports.pop_notice()
if notice:
    st.success(safe.md(notice), icon=":material/check_circle:")

left, right = st.columns(2)
left.markdown(f"**가져오는 사람:** {safe.md(actor.display_name or actor.login)} ({safe.md(actor.login)}) — 가져오기 기록과 작업 기록에 남습니다")
kind_choice = right.selectbox("기록 종류", [shape.AUTO, *imports.KIND_LABELS], key="import_kind",
                              format_func=lambda k: shape.kind_label(k, imports.KIND_LABELS))
uploaded = st.file_uploader("CSV · XLSX · 카드(YAML) 파일", type=["csv", "txt", "tsv", "xlsx", "yaml", "yml"],
                            key=imports.upload_key(), help="CSV는 UTF-8·CP949(엑셀 기본) 모두 됩니다. XLSX는 첫 시트를 읽습니다.")

if uploaded is not None:
    sheet_key = f"import_sheet_{uploaded.file_id}"
    prepared = imports.prepare(
        uploaded.file_id, uploaded.getvalue(), uploaded.name,
        kind=None if kind_choice == shape.AUTO else kind_choice, sheet=state.get(sheet_key),
        author=state.get("import_author") or None, reason=state.get("import_reason") or None,
        revised_on=state.get("import_revised_on"))
    if len(prepared.sheets) > 1:
        st.selectbox("시트", prepared.sheets, key=sheet_key, help="XLSX의 어느 시트를 읽을지 고르세요 (기본: 첫 시트)")
    if prepared.kind == "targets":
        st.markdown("**목표 변경** — 변경자·사유·적용일이 함께 기록됩니다")
        a, b, c = st.columns(3)
        a.text_input("변경자", key="import_author")
        b.text_input("변경 사유", key="import_reason", placeholder="예: 공약이행평가단 승인 (2024. 6.)")
        if "import_revised_on" not in state:
            state["import_revised_on"] = dt.date.today()
        c.date_input("적용일", key="import_revised_on", format="YYYY/MM/DD")

    if prepared.ok:
        st.success(shape.headline(prepared), icon=":material/task_alt:")
    else:
        st.error(shape.refusal(prepared), icon=":material/block:")
    st.caption(shape.facts(prepared))
    if prepared.preview is not None:
        st.markdown("**미리보기** (처음 20행, 파일에 쓰인 그대로)")
        widgets.table(prepared.preview, hide_index=True, key="import_preview")
    report = prepared.report_frame()
    if not report.empty:
        st.markdown(shape.report_title(prepared))
        widgets.table(report, hide_index=True, key="import_report",
                      column_config={"행": st.column_config.NumberColumn("행", format="%d", width="small"),
                                     "구분": st.column_config.TextColumn("구분", width="small")})

    if st.button("가져오기", type="primary", disabled=not prepared.ok, key="import_go", icon=":material/upload:"):
        bar = st.progress(0.0, text="가져오는 중…")
        try:
            summary = imports.commit(prepared, bar)
        except imports.Refused as err:
            st.error(safe.md(str(err)))
        except Exception:  # noqa: BLE001 — a Korean line, never a traceback (the commit is one transaction)
            st.error(imports.FAILED)
        else:
            imports.done(summary.text())
            st.rerun()

# --- the log and undo ----------------------------------------------------------------------------
st.subheader("가져오기 기록")
show_build = st.toggle("빌드가 불러온 파일도 보기", key="import_log_build")
log = imports.import_log(show_build)
if log.empty:
    st.caption("아직 가져온 파일이 없습니다.")
else:
    shown_log = shape.log_table(log, imports.KIND_LABELS)
    widgets.table(shown_log, "import_log", column_config=widgets.counts(shown_log, shape.COUNT_COLUMNS))
    warnings = imports.import_warnings()
    if not warnings.empty:
        with st.expander(shape.warnings_title(warnings)):
            widgets.table(shape.warnings_table(warnings), "import_warnings")
    undoable = shape.undoable(log)
    if undoable:
        with st.form("import_undo"):
            st.markdown("**가져오기 되돌리기** — 그 가져오기로 추가된 기록을 모두 지웁니다 (한 번에).")
            choices = list(undoable)
            a, b = st.columns(2)
            chosen = a.selectbox("가져오기", choices, format_func=undoable.get, key=f"undo_choice_{choices[0]}")  # newest first
            b.caption("자기가 가져온 것만 되돌릴 수 있습니다 (관리자는 누구의 것이든).")
            if st.form_submit_button("되돌리기", icon=":material/undo:"):
                try:
                    removed = imports.undo(chosen)
                except imports.Refused as err:
                    st.error(safe.md(str(err)))
                except Exception:  # noqa: BLE001 — a Korean line, never a traceback
                    st.error(imports.FAILED)
                else:
                    imports.notice(shape.undone_text(chosen, removed))
                    st.rerun()
