"""Korean shapes of the approval workflow: proposals (목표 변경 제안) and their decisions as
tables, the 승인 대기 comparison's headers, the action log, the accounts list, and the lines the
planner, approver and admin see. Numbers only formatted here, never computed."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from data.authority import ROLE_LABELS
from metrics.formatting import date_ko, number
from ui.presenters.common import times_text

STATE_LABELS = {"pending": "승인 대기", "approved": "승인", "rejected": "반려"}
DECISION_LABELS = {"approved": "승인", "rejected": "반려"}
OUTCOME_LABELS = {"ok": "완료", "refused": "거부"}
APPROVED = "승인 시"    # the comparison's column of the figures as if the pending proposals were approved
ACTION_LABELS = {
    "sign_in": "로그인", "sign_in_failed": "로그인 실패", "sign_out": "로그아웃", "import": "가져오기",
    "undo": "되돌리기", "propose": "목표 변경 제안", "approve": "승인", "reject": "반려", "decide": "결정",
    "role_change": "역할 변경", "account_create": "계정 생성", "account_disable": "계정 중지",
    "account_enable": "계정 재사용", "password_reset": "비밀번호 재설정", "department_add": "부서 추가",
    "export": "내려받기", "read": "열람", "admin": "관리", "rebuild": "집계 다시 만들기",
}


def _target(value) -> str:
    return "" if value is None or pd.isna(value) else number(value)


def _day(value) -> str:
    return "" if value is None or pd.isna(value) else date_ko(pd.Timestamp(value).date())


def proposal_table(frame: pd.DataFrame, labels: dict[int, str] | None = None) -> pd.DataFrame:
    """Every proposal with its decision: the target before and after, reason, effective date,
    state and, when decided, body, date, document number and note."""
    labels = labels or {}
    rows = [{
        "제안 번호": int(r.proposal_id), "공약": r.pledge_id, "확인지표": r.indicator_name or r.indicator_id,
        "기간": labels.get(int(r.period), str(r.period)), "변경 전 목표": _target(r.previous_target),
        "변경 후 목표": _target(r.proposed_target), "사유": r.reason, "적용일": _day(r.effective_date),
        "제안자": r.proposed_by, "상태": STATE_LABELS.get(r.state, r.state),
        "결정자": "" if pd.isna(r.decided_by) else r.decided_by, "승인 기구": "" if pd.isna(r.body) else r.body,
        "결정일": _day(r.decided_on), "문서 번호": "" if pd.isna(r.document_no) else r.document_no,
        "비고·반려 사유": "" if pd.isna(r.note) else r.note,
    } for r in frame.itertuples(index=False)]
    return pd.DataFrame(rows, columns=["제안 번호", "공약", "확인지표", "기간", "변경 전 목표", "변경 후 목표", "사유",
                                       "적용일", "제안자", "상태", "결정자", "승인 기구", "결정일", "문서 번호",
                                       "비고·반려 사유"])


def proposal_option(row) -> str:
    """One pending proposal as a choice: '#3 6-1-1 신청 건수 2025년 360 → 400 (적용일 2024. 6. 1., 김기획)'."""
    return (f"#{int(row['proposal_id'])} {row['pledge_id']} {row['indicator_name'] or row['indicator_id']} "
            f"{int(row['period'])}년 {_target(row['previous_target'])} → {_target(row['proposed_target'])} "
            f"(적용일 {_day(row['effective_date'])}, {row['proposed_by']})")


def in_force_by(pending: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """The pending targets whose effective date is on or before the as-of date (what approval would change)."""
    if pending.empty:
        return pending
    return pending[pd.to_datetime(pending["effective_date"]).dt.date <= as_of]


def pending_caption(pending: pd.DataFrame, counted: pd.DataFrame, as_of_text: str) -> str:
    later = len(pending) - len(counted)
    text = f"승인 대기 중인 목표 변경 제안 {len(pending)}건 — 공식 수치에는 승인 뒤 적용일부터 반영됩니다."
    if later:
        text += f" 적용일이 기준일({as_of_text})보다 늦은 {later}건은 이 비교에 들어가지 않습니다."
    return text


def proposed_text(ids: list[int], effective_text: str) -> str:
    if not ids:
        return "바뀐 목표가 없어 제안하지 않았습니다."
    return (f"목표 변경 제안 {len(ids)}건을 올렸습니다 (제안 번호 {', '.join(map(str, ids))}, 적용일 {effective_text}). "
            "승인권자가 승인하기 전까지 공식 수치는 그대로입니다 (승인 대기).")


def decided_text(ids: list[int], approve: bool) -> str:
    return f"{len(ids)}건을 {'승인' if approve else '반려'}했습니다."


ROLE_CODE = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(str(r) for r in ROLE_LABELS) + r")(?![A-Za-z0-9_])")


def detail_text(detail) -> str:
    """An action's detail with role codes by their Korean names ('역할: planner' → '역할: 기획')."""
    if detail is None or (not isinstance(detail, str) and pd.isna(detail)):
        return ""
    return ROLE_CODE.sub(lambda m: ROLE_LABELS.get(m.group(1), m.group(1)), str(detail))


def action_log_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The action log with Korean headers and words (never a password or hash: none is stored)."""
    out = pd.DataFrame({
        "번호": frame["action_id"], "일시": frame["acted_at"], "행위자": frame["actor"],
        "작업": [ACTION_LABELS.get(a, a) for a in frame["action"]], "대상": frame["target"],
        "결과": [OUTCOME_LABELS.get(o, o) for o in frame["outcome"]], "내용": [detail_text(d) for d in frame["detail"]],
    })
    return out


def accounts_table(frame: pd.DataFrame, role_labels: dict) -> pd.DataFrame:
    """Accounts for the admin: login, name, roles, department, e-mail, sign-in kind, lock, state."""
    def roles(text):
        return "·".join(role_labels.get(r, r) for r in str(text or "").split(",") if r) or "없음"
    return pd.DataFrame({
        "아이디": frame["login"], "이름": frame["display_name"], "역할": [roles(r) for r in frame["roles"]],
        "부서": frame["department"].fillna(""), "이메일": frame["email"].fillna(""),
        "로그인 방식": ["비밀번호" if p else "OIDC" for p in frame["has_password"]],
        "OIDC 연결": ["연결됨" if b else "" for b in frame["oidc_bound"]],
        "연속 실패": frame["failed_attempts"],
        "잠김 해제 시각": times_text(frame["locked_until"]).to_numpy(),
        "상태": ["중지" if d else "사용" for d in frame["disabled"]],
    })
