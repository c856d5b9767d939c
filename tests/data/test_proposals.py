"""data.proposals: a planner proposes, an approver decides; the official rate moves only after
approval and only from the effective date; nothing overwritten; conflicts as for revisions."""
import datetime as dt

import pandas as pd
import pytest

from data import proposals
from data.authority import Forbidden, Role
from data.revisions import RevisionConflict, RevisionError
from data.store import query
from tests.backends import backend  # noqa: F401 (fixture)
from tests.data.people import db_copy, fast_hash, people, people_db  # noqa: F401 (fixtures)

pytestmark = pytest.mark.both_backends

try:
    from metrics.engine import figures_for
except ImportError:                      # before metrics/engine.py landed
    from metrics.report import figures_for

AS_OF = dt.date(2024, 5, 31)
EFFECTIVE = dt.date(2024, 6, 1)


def change(period=2025, target=500.0, seen=None):
    return pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications", "period": period,
                          "target": target, "revision_id": seen}])


def rate(con, as_of) -> float:
    pledges = figures_for(con, as_of, "naju", "6-1-1").pledges
    return round(float(pledges["rate"].iloc[0]), 2)


def approve(con, people, ids, **kw):
    return proposals.decide(con, people[Role.APPROVER], ids, "approve", body="공약이행평가단",
                            decided_on=dt.date(2024, 5, 28), document_no="기획예산과-1234", **kw)


def test_a_pending_proposal_leaves_the_official_rate(write_con, people):
    june = rate(write_con, dt.date(2024, 6, 30))
    ids = proposals.propose(write_con, people[Role.PLANNER], change(), "신청 감소 반영", EFFECTIVE)
    assert len(ids) == 1
    assert rate(write_con, AS_OF) == 64.85
    assert rate(write_con, dt.date(2024, 6, 30)) == june
    assert write_con.execute("SELECT count(*) FROM target_revisions").fetchone()[0] == 0
    pending = proposals.pending_targets(write_con, "naju", "6-1-1")
    assert pending[["period", "target"]].values.tolist() == [[2025, 500.0]]
    row = proposals.proposals(write_con).iloc[0]
    assert (row["state"], row["previous_target"], row["proposed_by"]) == ("pending", 630.0, "planner")


def test_approval_changes_the_figures_only_from_the_effective_date(write_con, people):
    june = rate(write_con, dt.date(2024, 6, 30))
    ids = proposals.propose(write_con, people[Role.PLANNER], change(), "신청 감소 반영", EFFECTIVE)
    approve(write_con, people, ids)
    assert rate(write_con, AS_OF) == 64.85                         # before the effective date: unchanged
    assert rate(write_con, dt.date(2024, 6, 30)) == 66.76 != june         # (68.75 + 1,344 ÷ 2,075) ÷ 2
    history = query(write_con, "target_revisions", city="naju", pledge_id="6-1-1")
    assert history.iloc[0][["previous_target", "new_target"]].tolist() == [630.0, 500.0]
    assert history.iloc[0]["revised_on"].date() == EFFECTIVE
    row = proposals.proposals(write_con).iloc[0]
    assert (row["state"], row["decision"], row["body"], row["document_no"]) == (
        "approved", "approved", "공약이행평가단", "기획예산과-1234")
    assert row["revision_id"] == history.iloc[0]["revision_id"]
    # the card's target is never overwritten
    assert write_con.execute("SELECT target FROM indicator_targets WHERE indicator_id = 'applications' "
                             "AND period = 2025").fetchone()[0] == 630


def test_approval_is_in_force_on_the_effective_date_itself(write_con, people):
    ids = proposals.propose(write_con, people[Role.PLANNER], change(), "사유", EFFECTIVE)
    approve(write_con, people, ids)
    inputs = query(write_con, "indicator_periods", as_of=EFFECTIVE, city="naju", pledge_id="6-1-1")
    assert inputs.query("indicator_id == 'applications' and period == 2025")["target"].iloc[0] == 500.0
    inputs = query(write_con, "indicator_periods", as_of=AS_OF, city="naju", pledge_id="6-1-1")
    assert inputs.query("indicator_id == 'applications' and period == 2025")["target"].iloc[0] == 630.0


def test_rejection_keeps_the_figures_and_needs_a_reason(write_con, people):
    june = rate(write_con, dt.date(2024, 6, 30))
    ids = proposals.propose(write_con, people[Role.PLANNER], change(), "사유", EFFECTIVE)
    with pytest.raises(RevisionError, match="반려 사유"):
        proposals.decide(write_con, people[Role.APPROVER], ids, "reject", body="공약이행평가단",
                         decided_on=dt.date(2024, 5, 28))
    proposals.decide(write_con, people[Role.APPROVER], ids, "reject", body="공약이행평가단",
                     decided_on=dt.date(2024, 5, 28), note="근거 자료 부족")
    assert rate(write_con, AS_OF) == 64.85
    assert rate(write_con, dt.date(2024, 6, 30)) == june
    assert write_con.execute("SELECT count(*) FROM target_revisions").fetchone()[0] == 0
    row = proposals.proposals(write_con).iloc[0]
    assert (row["state"], row["note"]) == ("rejected", "근거 자료 부족")
    with pytest.raises(RevisionConflict, match="이미 결정된 제안"):
        approve(write_con, people, ids)


def test_a_proposal_from_a_stale_view_is_a_conflict(write_con, people):
    first = proposals.propose(write_con, people[Role.PLANNER], change(), "먼저", EFFECTIVE)
    approve(write_con, people, first)
    with pytest.raises(RevisionConflict, match="이미 다른 사용자가 변경했습니다"):
        proposals.propose(write_con, people["planner2"], change(target=480.0), "옛 값을 보고", EFFECTIVE)
    revision = write_con.execute("SELECT max(revision_id) FROM target_revisions").fetchone()[0]
    assert proposals.propose(write_con, people["planner2"], change(target=480.0, seen=revision), "새 값을 보고", EFFECTIVE)


def test_a_second_proposal_for_a_pending_target_is_a_conflict(write_con, people):
    proposals.propose(write_con, people[Role.PLANNER], change(), "먼저", EFFECTIVE)
    with pytest.raises(RevisionConflict, match="이미 다른 사용자가 변경을 제안했습니다"):
        proposals.propose(write_con, people["planner2"], change(target=480.0), "나중", EFFECTIVE)
    assert len(proposals.proposals(write_con)) == 1


def test_approving_a_batch_is_all_or_nothing(write_con, people):
    a = proposals.propose(write_con, people[Role.PLANNER], change(2025, 500.0), "a", EFFECTIVE)
    b = proposals.propose(write_con, people["planner2"], change(2026, 300.0), "b", EFFECTIVE)
    proposals.decide(write_con, people[Role.APPROVER], b, "reject", body="공약이행평가단",
                     decided_on=dt.date(2024, 5, 28), note="보류")
    with pytest.raises(RevisionConflict):
        approve(write_con, people, a + b)                      # b already decided: nothing of a is written
    assert write_con.execute("SELECT count(*) FROM target_revisions").fetchone()[0] == 0
    assert proposals.proposals(write_con, state="pending")["proposal_id"].tolist() == a


def test_an_approver_does_not_decide_their_own_proposal(write_con, people):
    from data import accounts
    accounts.set_roles(write_con, people[Role.ADMIN], "planner", ["planner", "approver"])
    ids = proposals.propose(write_con, people[Role.PLANNER], change(), "사유", EFFECTIVE)
    with pytest.raises(Forbidden, match="자기가 제안한"):
        approve(write_con, {Role.APPROVER: people[Role.PLANNER]}, ids)
    assert write_con.execute("SELECT count(*) FROM target_revisions").fetchone()[0] == 0


def test_every_call_is_logged(write_con, people):
    ids = proposals.propose(write_con, people[Role.PLANNER], change(), "사유", EFFECTIVE)
    with pytest.raises(RevisionError):
        proposals.propose(write_con, people[Role.PLANNER], change(2026, 1.0), " ", EFFECTIVE)
    approve(write_con, people, ids)
    log = query(write_con, "actions/action_log")
    assert log[["actor", "action", "outcome"]].values.tolist()[:3] == [
        ["approver", "approve", "ok"], ["planner", "propose", "refused"], ["planner", "propose", "ok"]]


def test_a_planner_cannot_write_a_revision_directly(write_con, people):
    from data.revisions import record_revisions
    with pytest.raises(Forbidden, match="승인권자 역할만"):
        record_revisions(write_con, change(), people[Role.PLANNER], "승인 없이", EFFECTIVE)
    assert record_revisions(write_con, change(), people[Role.APPROVER], "평가단 서면 결정", EFFECTIVE)
    assert query(write_con, "target_revisions", city="naju", pledge_id="6-1-1").iloc[0]["author"] == "approver 이름"
