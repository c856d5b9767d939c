"""Target revisions (목표 변경): append-only, with optimistic conflict detection.

The approved path: a planner's change is a proposal (data/proposals.py) until an approver
approves it, which writes its revision here (`apply_revisions` inside the decision's
transaction). `record_revisions` records changes decided outside the product (e.g. by the
approval body on paper) directly, so it needs the `decide` authority. Each save records one
row per changed (indicator, period) in one transaction. If somebody saved a newer revision of
any of those targets meanwhile, nothing is written and `RevisionConflict` says so in Korean.
"""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import pandas as pd

from data.authority import Action, Actor, log_action, require
from data.store import execute, write_transaction

KEY = ["city", "pledge_id", "indicator_id", "period"]


class RevisionError(ValueError):
    """A revision that cannot be recorded; str() is a Korean one-line message."""


class RevisionConflict(RevisionError):
    """Somebody else changed the same target since the author looked at it."""


def _same(a, b) -> bool:
    a_missing = a is None or (isinstance(a, float) and math.isnan(a))
    b_missing = b is None or (isinstance(b, float) and math.isnan(b))
    return (a_missing and b_missing) or (not a_missing and not b_missing and float(a) == float(b))


def record_revisions(con: duckdb.DuckDBPyConnection, changes: pd.DataFrame, actor: Actor, reason: str,
                     revised_on: dt.date, author: str | None = None) -> list[int]:
    """Append one revision per row of `changes` (city, pledge_id, indicator_id, period, target,
    revision_id = the revision the author saw, NULL for the card's target), all or nothing.
    The actor needs the `decide` authority (Forbidden otherwise); `author` (변경자) defaults to
    the actor's name.

    Rows whose target equals the one in force are skipped. Returns the new revision ids.
    """
    actor = require(con, actor, Action.DECIDE, target="목표 변경")
    author = author if author is not None else (actor.display_name or actor.login)
    if not author or not author.strip():
        raise RevisionError("변경자 이름을 입력하세요")
    if not reason or not reason.strip():
        raise RevisionError("변경 사유를 입력하세요")
    with write_transaction(con, scopes=set(map(str, changes["city"]))) as cur:    # the cities of the targets changed
        ids = apply_revisions(cur, changes, author, reason, revised_on)
        log_action(cur, actor.login, "revise", ",".join(map(str, ids)) or None, "ok", f"{len(ids)}건, 적용일 {revised_on}")
        return ids


def apply_revisions(cur, changes: pd.DataFrame, author: str, reason: str, revised_on: dt.date) -> list[int]:
    """The body of `record_revisions` inside the caller's write_transaction:
    the target import (data/imports/kinds.py) records its revisions and its log row together."""
    new_ids: list[int] = []
    for row in changes.itertuples(index=False):
        if row.target is not None and not (isinstance(row.target, float) and math.isnan(row.target)) and row.target < 0:
            raise RevisionError(f"목표는 0 이상이어야 합니다: {row.indicator_id} {row.period}년 {row.target}")
        found = execute(cur, "revisions/target_state", city=row.city, pledge_id=row.pledge_id,
                        indicator_id=row.indicator_id, period=int(row.period)).fetchone()
        if found is None:
            raise RevisionError(f"알 수 없는 확인지표입니다: {row.pledge_id} {row.indicator_id}")
        card_target, latest = found
        seen = None if pd.isna(row.revision_id) else int(row.revision_id)
        if latest != seen:
            raise RevisionConflict(
                f"이미 다른 사용자가 변경했습니다: {row.indicator_id} {row.period}년 목표 "
                f"(변경 번호 {latest}) — 새로 불러온 뒤 다시 저장하세요")
        previous = card_target if latest is None else execute(
            cur, "revisions/revision_target", revision_id=latest).fetchone()[0]
        new = None if pd.isna(row.target) else float(row.target)
        if _same(previous, new):
            continue
        new_ids.append(execute(
            cur, "revisions/insert_revision", city=row.city, pledge_id=row.pledge_id, indicator_id=row.indicator_id,
            period=int(row.period), previous_target=previous, new_target=new, based_on_revision=seen,
            author=author.strip(), reason=reason.strip(), revised_on=revised_on).fetchone()[0])
    return new_ids
