"""The planner panel in the sidebar (목표 조정, planners only): a data editor of the targets in
force; edits become what-if targets shown on every page; 제안 turns them into pending proposals
(data.proposals.propose with the signed-in actor, a reason and 적용일 = effective date) that an
approver decides — the official figures do not move until then. Conflicts reported, nothing the
planner typed is lost."""
from __future__ import annotations

import streamlit as st

from data.authority import Forbidden
from data.revisions import RevisionConflict, RevisionError
from metrics.formatting import date_ko
from ui import safe, store, workflow
from ui.presenters import planner as shape
from ui.presenters.approvals import proposed_text
from ui.state import WHATIF, View

SNAPSHOTS = "_planner"
SAVED = "_planner_saved"


def _fresh(official, gen: int, version: str) -> dict:
    return {"grid": shape.planner_grid(official), "gen": gen, "version": version}


def saved_message() -> None:
    """The success line of the last save (shown once)."""
    if st.session_state.get(SAVED):
        st.success(st.session_state.pop(SAVED))


def panel(v: View) -> None:
    """Draw the planner for the selected pledge and publish its what-if targets (state[WHATIF])."""
    state = st.session_state
    official = store.table("current_targets", city=v.city, pledge_id=v.pledge_id, as_of=v.as_of)  # in force then
    version = store.data_version()
    snaps = state.setdefault(SNAPSHOTS, {})
    snap_key = f"{v.key}@{v.as_of.isoformat()}"
    snap = snaps.get(snap_key)
    editor_key = f"planner_{snap_key}_{snap['gen']}" if snap else None
    untouched = not (editor_key and state.get(editor_key, {}).get("edited_rows"))
    if snap is None or (snap["version"] != version and untouched and not snap.get("conflict")):
        snap = _fresh(official, snap["gen"] + 1 if snap else 0, version)
        snaps[snap_key] = snap
        editor_key = f"planner_{snap_key}_{snap['gen']}"
    st.caption("지표·기간별 목표를 고치면 모든 화면에 가정 수치가 공식 수치와 나란히 표시됩니다.")
    edited = st.data_editor(
        shape.planner_table(snap["grid"]), key=editor_key, hide_index=True, disabled=["지표", "기간"],
        num_rows="fixed", height="content", placeholder="—", alt="지표·기간별 목표 (목표 열을 고칩니다)",
        column_config={   # three narrow columns: the sidebar's width on a phone too
            "지표": st.column_config.TextColumn("지표", width=64),
            "기간": st.column_config.TextColumn("기간", width=64),
            "목표": st.column_config.NumberColumn("목표", help="빈 칸(—): 카드에 그 기간의 목표가 없습니다"),
        },
    )
    if legend := shape.indicator_legend(snap["grid"]):
        st.caption(safe.md(legend))
    targets = shape.planner_targets(edited)
    changes = shape.whatif_changes(snap["grid"], targets, official)
    state[WHATIF] = changes if not changes.empty else None
    if snap.get("conflict"):
        st.error(safe.md(snap["conflict"]))
        if st.button("최신 목표 불러오기 (내 입력 유지)", key="planner_rebase"):
            snaps[snap_key] = {"grid": shape.rebased_grid(official, targets, snap["grid"]),
                            "gen": snap["gen"] + 1, "version": version}
            st.rerun()
    if changes.empty:
        return
    refused = shape.target_problems(snap["grid"], targets)
    if refused:
        state[WHATIF] = None     # a refused value is not shown as a what-if either (nor said to apply)
    else:
        st.info(shape.applied_text(changes), icon=":material/edit_note:")
    if st.button("가정 목표 지우기", key="planner_reset"):
        snaps[snap_key] = _fresh(official, snap["gen"] + 1, version)
        st.rerun()
    for line in refused:
        st.error(safe.md(line), icon=":material/block:")   # indicator names come from card files
    if refused:
        return
    doubtful = shape.implausible_targets(snap["grid"], targets)
    pledge = store.table("pledges", city=v.city, pledge_id=v.pledge_id).iloc[0]
    with st.form("planner_save", clear_on_submit=False, border=True):
        st.markdown("**목표 변경 제안** — 승인권자가 승인하면 적용일부터 공식 수치에 반영됩니다")
        reason = st.text_input("변경 사유", key="planner_reason", placeholder="예: 사업 대상 확대 (공약이행평가단 심의 요청)")
        effective = st.date_input("적용일", value=v.as_of, key=f"planner_date_{v.as_of}", format="YYYY/MM/DD",
                                  help="기본: 기준일. 공약의 임기 안이어야 합니다.")
        for line in doubtful:
            st.warning(safe.md(line), icon=":material/warning:")
        sure = st.checkbox("위의 큰 값이 맞습니다", key="planner_confirm") if doubtful else True
        if st.form_submit_button("제안", type="primary"):
            outside = shape.effective_problem(effective, pledge["term_start"], pledge["term_end"])
            if outside or not sure:
                st.error(outside or "비정상적으로 큰 값입니다: 확인란에 표시한 뒤 다시 제안하세요.")
                return
            try:
                ids = workflow.propose(changes, reason, effective)
            except RevisionConflict as err:
                snap["conflict"] = f"{err} (입력한 가정 목표는 그대로 남아 있습니다)"
                st.rerun()
            except (RevisionError, Forbidden) as err:
                st.error(safe.md(str(err)))
            else:
                snaps[snap_key] = _fresh(store.table("current_targets", city=v.city, pledge_id=v.pledge_id,
                                                     as_of=v.as_of),
                                      snap["gen"] + 1, store.data_version())
                state[SAVED] = proposed_text(ids, date_ko(effective))
                st.rerun()
