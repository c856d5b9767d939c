"""Target-change proposals (목표 변경 제안) and their decisions (승인 / 반려).

A planner's saved change is a pending proposal: the official figures do not move. An approver
approves it — then data.revisions writes the target_revisions row with revised_on = the
proposal's effective date, so the figures engine (revisions with revised_on <= as_of) applies
it only from that date — or rejects it with a reason. Nothing is overwritten or deleted; each
call is one write transaction, and every call, done or refused, is in the action_log.

Conflicts as in data/revisions.py: a proposal names the revision its author saw; when the
target has been revised since, or another proposal for it is pending, nothing is written
(`RevisionConflict`, "이미 다른 사용자가 변경했습니다 …"). An approval re-checks the revision
it was based on, so two proposals from the same view cannot both come into force.
"""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

from data.authority import Action, Actor, Forbidden, log_action, log_refusal, require
from data.revisions import RevisionConflict, RevisionError, apply_revisions
from data.store import execute, query, sql_text, write_transaction

APPROVE, REJECT = "approve", "reject"
STATE_LABELS = {"pending": "승인 대기", "approved": "승인", "rejected": "반려"}
TEXT_LIMIT = 500


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def _text(value, what: str, *, required: bool) -> str | None:
    text = "" if _missing(value) else str(value).strip()
    if not text:
        if required:
            raise RevisionError(f"{what}을(를) 입력하세요")
        return None
    if len(text) > TEXT_LIMIT:
        raise RevisionError(f"{what}은(는) {TEXT_LIMIT}자 이내로 입력하세요")
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise RevisionError(f"{what}에 제어 문자를 쓸 수 없습니다")
    return text


def _date(value, what: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise RevisionError(f"{what}이(가) 날짜가 아닙니다: {value}") from None


def _target(value) -> float | None:
    if _missing(value):
        return None
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise RevisionError(f"목표는 0 이상의 수여야 합니다: {value}")
    return number


def _same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and float(a) == float(b))


def propose(con: duckdb.DuckDBPyConnection, actor: Actor, changes: pd.DataFrame, reason: str,
            effective_date: dt.date) -> list[int]:
    """Pending proposals, one per changed row of `changes` (city, pledge_id, indicator_id, period,
    target, revision_id = the revision the planner saw, NULL for the card's target), all or
    nothing. Rows equal to the target in force are skipped. Returns the new proposal ids."""
    planner = require(con, actor, Action.PROPOSE, target="목표 변경 제안")
    try:
        reason = _text(reason, "변경 사유", required=True)
        effective = _date(effective_date, "적용일")
        with write_transaction(con, scopes=set(map(str, changes["city"]))) as cur:     # the cities of the targets
            ids = [_propose_row(cur, planner, row, reason, effective) for row in changes.itertuples(index=False)]
            ids = [i for i in ids if i is not None]
            log_action(cur, planner.login, "propose", ",".join(map(str, ids)) or None, "ok",
                       f"{len(ids)}건, 적용일 {effective}")
    except RevisionError as err:
        log_refusal(con, planner.login, "propose", None, str(err))
        raise
    return ids


def _propose_row(cur, planner: Actor, row, reason: str, effective: dt.date) -> int | None:
    key = {"city": row.city, "pledge_id": row.pledge_id, "indicator_id": row.indicator_id, "period": int(row.period)}
    found = cur.execute(sql_text("proposals/target_in_force"), key).fetchone()
    if found is None:
        raise RevisionError(f"알 수 없는 확인지표입니다: {row.pledge_id} {row.indicator_id}")
    card_target, latest, latest_target = found
    seen = None if _missing(row.revision_id) else int(row.revision_id)
    if latest != seen:
        raise RevisionConflict(f"이미 다른 사용자가 변경했습니다: {row.indicator_id} {row.period}년 목표 "
                               f"(변경 번호 {latest}) — 새로 불러온 뒤 다시 제안하세요")
    pending = cur.execute(sql_text("proposals/pending_for_target"), key).fetchone()
    if pending is not None:
        raise RevisionConflict(f"이미 다른 사용자가 변경을 제안했습니다: {row.indicator_id} {row.period}년 목표 "
                               f"(제안 번호 {pending[0]}, {pending[1]}, 승인 대기) — 그 제안이 결정된 뒤 다시 제안하세요")
    previous = card_target if latest is None else latest_target
    new = _target(row.target)
    if _same(previous, new):
        return None
    return execute(cur, "proposals/insert_proposal", **key, previous_target=previous, proposed_target=new,
                   based_on_revision=seen, proposed_by=planner.login, reason=reason,
                   effective_date=effective).fetchone()[0]


def decide(con: duckdb.DuckDBPyConnection, actor: Actor, proposal_ids: list[int], decision: str, *, body: str,
           decided_on: dt.date, document_no: str | None = None, note: str | None = None) -> list[int]:
    """Approve or reject pending proposals, all or nothing; returns the decision ids.

    Approval writes each proposal's target revision (revised_on = its effective date) through
    data.revisions; a rejection needs a reason (`note`). An approver may not decide a proposal
    of their own."""
    verb = decision if decision in (APPROVE, REJECT) else "decide"
    approver = require(con, actor, Action.DECIDE, target=",".join(map(str, proposal_ids)))
    try:
        if decision not in (APPROVE, REJECT):
            raise RevisionError(f"결정은 승인(approve) 또는 반려(reject)여야 합니다: {decision}")
        if not proposal_ids:
            raise RevisionError("결정할 제안을 고르세요")
        body = _text(body, "승인 기구", required=True)
        decided_on = _date(decided_on, "결정일")
        document_no = _text(document_no, "문서 번호", required=False)
        note = _text(note, "반려 사유" if decision == REJECT else "비고", required=decision == REJECT)
        with write_transaction(con, scopes=_cities_of(con, proposal_ids)) as cur:
            done = [_decide_one(cur, approver, int(pid), decision, body, decided_on, document_no, note)
                    for pid in proposal_ids]
            log_action(cur, approver.login, verb, ",".join(map(str, proposal_ids)), "ok",
                       f"{body} {decided_on}" + (f" {document_no}" if document_no else ""))
    except (RevisionError, Forbidden) as err:
        log_refusal(con, approver.login, verb, ",".join(map(str, proposal_ids)), str(err))
        raise
    return done


def _cities_of(con, proposal_ids: list[int]) -> set[str]:
    """The cities of the proposals (a proposal's city never changes): the scopes of their decision's
    transaction. A proposal not found adds none: its decision is refused inside the transaction."""
    cur = con.cursor()
    try:
        rows = [cur.execute(sql_text("proposals/proposal"), {"proposal_id": int(pid)}).fetchone() for pid in proposal_ids]
    finally:
        cur.close()
    return {row[1] for row in rows if row is not None}


def _decide_one(cur, approver: Actor, proposal_id: int, decision: str, body: str, decided_on: dt.date,
                document_no: str | None, note: str | None) -> int:
    row = cur.execute(sql_text("proposals/proposal"), {"proposal_id": proposal_id}).fetchone()
    if row is None:
        raise RevisionError(f"없는 제안입니다: 제안 번호 {proposal_id}")
    (_, city, pledge_id, indicator_id, period, _, proposed_target, based_on, proposed_by, proposer_name,
     reason, effective_date, state) = row
    if state != "pending":
        raise RevisionConflict(f"이미 결정된 제안입니다: 제안 번호 {proposal_id} ({STATE_LABELS.get(state, state)})")
    if proposed_by == approver.login:
        raise Forbidden(f"권한이 없습니다: 자기가 제안한 목표 변경은 승인하거나 반려할 수 없습니다 (제안 번호 {proposal_id})")
    revision_id = None
    if decision == APPROVE:
        change = pd.DataFrame([{"city": city, "pledge_id": pledge_id, "indicator_id": indicator_id,
                                "period": period, "target": proposed_target, "revision_id": based_on}])
        written = apply_revisions(cur, change, proposer_name, f"{reason} (제안 {proposal_id}, {body} 승인)",
                                  effective_date)
        revision_id = written[0] if written else None
    execute(cur, "proposals/set_state", proposal_id=proposal_id, state="approved" if decision == APPROVE else "rejected")
    return execute(cur, "proposals/insert_decision", proposal_id=proposal_id, decided_by=approver.login,
                   decision="approved" if decision == APPROVE else "rejected", body=body, decided_on=decided_on,
                   document_no=document_no, note=note, revision_id=revision_id).fetchone()[0]


def proposals(con: duckdb.DuckDBPyConnection, city: str | None = None, pledge_id: str | None = None,
              state: str | None = None) -> pd.DataFrame:
    """Every proposal with its decision, newest first (read API for the planner, approver and 감사 pages)."""
    return query(con, "proposals/proposals", city=city, pledge_id=pledge_id, state=state)


def pending_targets(con: duckdb.DuckDBPyConnection, city: str | None = None,
                    pledge_id: str | None = None) -> pd.DataFrame:
    """The pending proposals as what-if targets (city, pledge_id, indicator_id, period, target):
    `metrics.engine.compute(inputs, targets=…)` shows them beside the official figures (승인 대기)."""
    frame = proposals(con, city, pledge_id, "pending")
    return frame.rename(columns={"proposed_target": "target"})[
        ["city", "pledge_id", "indicator_id", "period", "target", "proposal_id", "effective_date"]]
