"""The approval workflow, accounts and the action log at the app's edge: every write goes to the
data layer with the signed-in actor (data.proposals.propose / decide, data.accounts.*), which
checks authority itself and logs; reads of proposals, accounts and the action log for the pages;
the figures with the pending proposals applied (승인 대기), and the logging of downloads ('export')."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from data import accounts, proposals
from data.authority import GRANTABLE_ROLES, ROLE_LABELS, Action, Actor, Forbidden, log_action, require
from data.revisions import RevisionConflict, RevisionError
from data.store import query, write_transaction
from metrics.engine import Figures, compute
from metrics.formatting import date_ko
from ui import auth, store
from ui.presenters import approvals as shape
from ui.state import View

Refused = (Forbidden, RevisionError, accounts.AccountError)
__all__ = ["Refused", "RevisionConflict", "propose", "decide", "all_proposals", "pending", "pending_figures",
           "action_log", "accounts_list", "log_export", "ROLE_LABELS", "APPROVE", "REJECT"]
APPROVE, REJECT = proposals.APPROVE, proposals.REJECT
GRANTABLE = tuple(str(r) for r in GRANTABLE_ROLES)


# --- proposals and decisions -------------------------------------------------------------------

def propose(changes: pd.DataFrame, reason: str, effective: dt.date) -> list[int]:
    """The planner's changes as pending proposals (Forbidden without the propose role)."""
    return proposals.propose(store.connection(), auth.actor(), changes, reason, effective)


def decide(ids: list[int], approve: bool, body: str, decided_on: dt.date, document_no: str | None,
           note: str | None) -> list[int]:
    """Approve or reject pending proposals (Forbidden without the decide role)."""
    return proposals.decide(store.connection(), auth.actor(), [int(i) for i in ids], APPROVE if approve else REJECT,
                            body=body, decided_on=decided_on, document_no=document_no, note=note)


def all_proposals(city: str | None = None, pledge_id: str | None = None, state: str | None = None) -> pd.DataFrame:
    """Every proposal with its decision, newest first (not cached: proposals are not in the data version)."""
    return proposals.proposals(store.connection(), city, pledge_id, state)


def pending(v: View) -> pd.DataFrame:
    """The selected pledge's pending proposals as targets (city, pledge_id, indicator_id, period, target, …)."""
    return proposals.pending_targets(store.connection(), v.city, v.pledge_id)


def pending_figures(v: View, targets: pd.DataFrame) -> Figures | None:
    """The figures as if the given pending targets were approved; None without any."""
    if targets.empty:
        return None
    return compute(store.inputs(v.as_of, v.city, v.pledge_id), v.policy, targets=targets)


def _proposal(proposal_id: int) -> pd.Series:
    frame = all_proposals()
    return frame[frame["proposal_id"] == int(proposal_id)].iloc[0]


def proposal_pledge(proposal_id: int) -> tuple[str, str]:
    row = _proposal(proposal_id)
    return str(row["city"]), str(row["pledge_id"])


def proposal_effect(v: View, proposal_id: int) -> tuple[Figures, Figures, str]:
    """The proposal's pledge as of the later of the sidebar's as-of date and the effective date:
    the official figures, the figures as if this proposal were approved, and that date's text."""
    row = _proposal(proposal_id)
    day = max(v.as_of, pd.Timestamp(row["effective_date"]).date())
    view = dataclasses.replace(v, city=str(row["city"]), pledge_id=str(row["pledge_id"]), as_of=day, whatif=None)
    targets = pd.DataFrame([{"city": row["city"], "pledge_id": row["pledge_id"], "indicator_id": row["indicator_id"],
                             "period": int(row["period"]), "target": row["proposed_target"]}])
    return store.figures(view), pending_figures(view, targets), date_ko(day)


# --- accounts (admin) ---------------------------------------------------------------------------

def accounts_list() -> pd.DataFrame:
    return accounts.list_accounts(store.connection())


def departments() -> list[str]:
    frame = query(store.connection(), "accounts/pledge_departments", city=None)
    return sorted({str(d) for d in frame["department"].dropna()})


def create_account(login: str, name: str, password: str | None, roles: list[str], department: str | None,
                   email: str | None) -> None:
    accounts.create_account(store.connection(), auth.actor(), login, name, password=password or None, roles=roles,
                            department=department or None, email=email or None)


def set_roles(login: str, roles: list[str]) -> None:
    accounts.set_roles(store.connection(), auth.actor(), login, roles)


def set_disabled(login: str, disabled: bool) -> None:
    accounts.set_disabled(store.connection(), auth.actor(), login, disabled)


def reset_password(login: str, password: str) -> None:
    accounts.reset_password(store.connection(), auth.actor(), login, password)


# --- the action log and downloads ---------------------------------------------------------------

def action_log() -> pd.DataFrame:
    """The action log, newest first (the 감사 page checks read_audit before it asks)."""
    require(store.connection(), auth.actor(), Action.READ_AUDIT, target="작업 기록")
    return query(store.connection(), "actions/action_log", actor=None, action=None)


def may_export(who: Actor) -> bool:
    return auth.may(who, Action.EXPORT)


def log_export(name: str) -> None:
    """A download button's callback: the download in the action log (refused ones too)."""
    con = store.connection()
    try:
        who = require(con, auth.actor(), Action.EXPORT, target=name)
    except Forbidden:
        return
    with write_transaction(con, scopes=()) as cur:      # one line appended: no scope of the store's to wait for
        log_action(cur, who.login, "export", name, "ok")


def refresh_after_write() -> None:
    st.rerun()
