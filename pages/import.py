"""기록 가져오기 (department staff, auditors): templates to download, a file upload with its
preview and validation report, the import with a progress bar and its summary, and the
import log with undo. A thin view over data/importer.py (the CLI uses the same code)."""

import datetime as dt

import streamlit as st

import ui
from data import importer
from data.formats import CARD_KIND, IMPORT_FORMATS, KIND_LABELS
from data.templates import card_template, template_csv, template_name, template_xlsx

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUTO = "자동 판단"
state = st.session_state

st.title("기록 가져오기")
st.caption("부서의 신청·서비스 제공·홍보·집행 기록, 연도별 보고 실적, 목표 변경, 공약 관리카드를 올립니다. "
           "파일 전체를 검사한 뒤 문제가 없을 때만 한 번에 저장하며(전부 아니면 전무), 같은 파일을 다시 올려도 "
           "중복되지 않습니다. 이름·주민등록번호·전화번호가 있는 파일은 받지 않습니다 (가명 ID만).")

con = ui.connection()

# --- templates ---------------------------------------------------------------------------------
with st.expander("양식(템플릿) 내려받기", icon=":material/download:"):
    st.caption("첫 행의 열 이름(한글)을 그대로 두고 2행부터 한 행에 한 건씩 쓰세요. 날짜는 2024-05-31, "
               "2024.5.31, 2024. 5. 31. 모두 됩니다. 자세한 형식: docs/formats.md")
    for kind, fmt in IMPORT_FORMATS.items():
        label, xlsx, csv_ = st.columns([2, 1, 1], vertical_alignment="center")
        label.markdown(f"**{fmt.label}** — {', '.join(fmt.headers)}")
        xlsx.download_button("XLSX", template_xlsx(kind), file_name=template_name(kind, "xlsx"), mime=XLSX_MIME,
                             key=f"tpl_xlsx_{kind}", on_click="ignore", icon=":material/download:")
        csv_.download_button("CSV", template_csv(kind), file_name=template_name(kind, "csv"), mime="text/csv",
                             key=f"tpl_csv_{kind}", on_click="ignore", icon=":material/download:")
    label, yaml_ = st.columns([3, 1], vertical_alignment="center")
    label.markdown(f"**{KIND_LABELS[CARD_KIND]}** — YAML (예: 나주시 6-1-1 카드)")
    yaml_.download_button("YAML", card_template(), file_name=template_name(CARD_KIND, "yaml"), mime="text/yaml",
                          key="tpl_card", on_click="ignore", icon=":material/download:")

# --- upload, preview, report, import ---------------------------------------------------------------
st.subheader("파일 올리기")
if state.get("import_summary"):
    st.success(state.pop("import_summary"), icon=":material/check_circle:")

upload_key = f"import_file_{state.get('import_generation', 0)}"
left, right = st.columns(2)
user = left.text_input("가져오는 사람", key="import_user", placeholder="이름 또는 직원 번호 (가져오기 기록에 남습니다)")
kinds = [AUTO, *KIND_LABELS]
kind_choice = right.selectbox("기록 종류", kinds, key="import_kind",
                              format_func=lambda k: k if k == AUTO else f"{KIND_LABELS[k]} ({k})")
uploaded = st.file_uploader("CSV · XLSX · 카드(YAML) 파일", type=["csv", "txt", "tsv", "xlsx", "yaml", "yml"],
                            key=upload_key, help="CSV는 UTF-8·CP949(엑셀 기본) 모두 됩니다. XLSX는 첫 시트를 읽습니다.")

if uploaded is not None:
    data = uploaded.getvalue()
    sheet_key = f"import_sheet_{uploaded.file_id}"
    kind = None if kind_choice == AUTO else kind_choice
    revised_on = state.get("import_revised_on")
    args = dict(kind=kind, sheet=state.get(sheet_key), author=state.get("import_author") or None,
                reason=state.get("import_reason") or None, revised_on=revised_on)
    # The check runs once per file, choices and data version (a big file is not re-read on every click).
    cache_key = (uploaded.file_id, tuple(sorted(args.items())), ui.data_version())
    cached = state.get("_import_prepared")
    if cached and cached[0] == cache_key:
        prepared = cached[1]
    else:
        with st.spinner("파일을 읽고 검사하는 중…"):
            prepared = importer.prepare(con, data, uploaded.name, **args)
        state["_import_prepared"] = (cache_key, prepared)
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
        st.success(prepared.headline(), icon=":material/task_alt:")
    else:
        st.error("\n".join([prepared.headline(), "", *prepared.error_summary()]), icon=":material/block:")
    facts = [f"종류: {prepared.label}", f"행: {prepared.rows_in_file:,}"]
    if prepared.encoding:
        facts.append(f"인코딩: {prepared.encoding}")
    if prepared.sheet:
        facts.append(f"시트: {prepared.sheet}")
    st.caption(" · ".join(facts))
    if prepared.preview is not None:
        st.markdown("**미리보기** (처음 20행, 파일에 쓰인 그대로)")
        st.dataframe(prepared.preview, hide_index=True, key="import_preview")
    report = prepared.report_frame()
    if not report.empty:
        st.markdown(f"**검사 결과** — 오류 {prepared.error_count:,}건, 경고 {prepared.warning_count:,}건")
        st.dataframe(report, hide_index=True, key="import_report",
                     column_config={"행": st.column_config.NumberColumn("행", format="%d", width="small"),
                                    "구분": st.column_config.TextColumn("구분", width="small")})

    ready = prepared.ok and bool(user and user.strip())
    if prepared.ok and not ready:
        st.info("가져오는 사람을 입력하면 가져올 수 있습니다.")
    if st.button("가져오기", type="primary", disabled=not ready, key="import_go", icon=":material/upload:"):
        bar = st.progress(0.0, text="가져오는 중…")
        try:
            summary = importer.commit(con, prepared, user=user, progress=lambda f, t: bar.progress(min(f, 1.0), text=t))
        except importer.ImportRefused as err:
            st.error(str(err))
        else:
            state["import_summary"] = summary.text()
            state["import_generation"] = state.get("import_generation", 0) + 1
            state.pop("_import_prepared", None)
            st.rerun()

# --- the log and undo ----------------------------------------------------------------------------
st.subheader("가져오기 기록")
show_build = st.toggle("빌드가 불러온 파일도 보기", key="import_log_build")
log = importer.import_log(con, include_build=show_build)
if log.empty:
    st.caption("아직 가져온 파일이 없습니다.")
else:
    shown = log.rename(columns={
        "import_id": "번호", "kind": "종류", "file_name": "파일", "imported_by": "가져온 사람", "imported_at": "일시",
        "rows_added": "추가", "rows_present": "이미 있음", "rows_refused": "거부", "warnings": "경고",
        "undone_at": "되돌린 일시", "undone_by": "되돌린 사람", "file_hash": "SHA-256", "encoding": "인코딩",
        "sheet": "시트", "city": "시군", "pledge_id": "공약", "rows_in_file": "파일 행 수", "synthetic": "합성"})
    shown["종류"] = shown["종류"].map(lambda k: KIND_LABELS.get(k, k))
    shown["되돌린 일시"] = shown["되돌린 일시"].dt.strftime("%Y-%m-%d %H:%M").fillna("")
    shown["되돌린 사람"] = shown["되돌린 사람"].fillna("")
    shown["시트"] = shown["시트"].fillna("")
    st.dataframe(shown[["번호", "일시", "가져온 사람", "종류", "파일", "추가", "이미 있음", "거부", "경고",
                        "되돌린 일시", "되돌린 사람", "인코딩", "시트", "SHA-256"]],
                 hide_index=True, key="import_log")
    warnings = importer.import_warnings(con)
    if not warnings.empty:
        with st.expander(f"가져오기 경고 {len(warnings):,}건 (감사용)"):
            st.dataframe(warnings.rename(columns={"import_id": "번호", "file_name": "파일", "row_no": "행",
                                                 "column_name": "열", "message": "내용", "rule": "규칙",
                                                 "imported_at": "일시", "undone_at": "되돌린 일시"}),
                         hide_index=True, key="import_warnings")
    undoable = log[log["undone_at"].isna() & (log["imported_by"] != "build")]
    if not undoable.empty:
        with st.form("import_undo"):
            st.markdown("**가져오기 되돌리기** — 그 가져오기로 추가된 기록을 모두 지웁니다 (한 번에).")
            choices = undoable["import_id"].tolist()
            labels = {r.import_id: f"#{r.import_id} {r.file_name} ({r.imported_by}, 추가 {r.rows_added:,}행)"
                      for r in undoable.itertuples(index=False)}
            a, b = st.columns(2)
            chosen = a.selectbox("가져오기", choices, format_func=labels.get, key=f"undo_choice_{choices[0]}")  # newest first
            undo_user = b.text_input("되돌리는 사람", key="undo_user")
            if st.form_submit_button("되돌리기", icon=":material/undo:"):
                try:
                    removed = importer.undo(con, int(chosen), user=undo_user)
                except importer.ImportRefused as err:
                    st.error(str(err))
                else:
                    state["import_summary"] = f"가져오기 #{chosen}을(를) 되돌렸습니다 ({removed:,}건)."
                    st.rerun()
