"""data.revisions and the what-if: append-only target revisions, conflicts, and rates under
edited and original targets."""
import datetime as dt

import pandas as pd
import pytest

from data.authority import SYSTEM
from data.revisions import RevisionConflict, RevisionError, record_revisions
from data.store import query
from metrics.engine import compute, load_inputs
from metrics.report import report
from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures: each test once per backend)

pytestmark = pytest.mark.both_backends

AS_OF = dt.date(2024, 5, 31)


def change(period, target, seen=None, indicator="applications"):
    return pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": indicator, "period": period,
                          "target": target, "revision_id": seen}])


def pledge(doc):
    return doc["pledges"][0]


def test_what_if_2025_applications_target_500(con):
    inputs = load_inputs(con, AS_OF, "naju", "6-1-1")
    doc = report(compute(inputs, targets=change(2025, 500.0)))
    apps = next(i for i in pledge(doc)["indicators"] if i["id"] == "applications")
    assert apps["target_total"] == 2075                       # 2,205 − 630 + 500
    assert apps["rate"] == 64.77                              # 1,344 ÷ 2,075
    assert pledge(doc)["rate"] == 66.76                       # (68.75 + 64.77…) ÷ 2
    assert pledge(doc)["original_rate"] == 64.85              # the card's targets still read 64.85


def test_saved_revision_changes_the_official_rate_from_its_date(write_con):
    ids = record_revisions(write_con, change(2025, 500.0), SYSTEM, "공약이행평가단 승인 (테스트)", dt.date(2024, 6, 15), author="김기획")
    assert len(ids) == 1
    before = report(compute(load_inputs(write_con, AS_OF, "naju", "6-1-1")))
    after = report(compute(load_inputs(write_con, dt.date(2024, 6, 30), "naju", "6-1-1")))
    assert pledge(before)["rate"] == 64.85                    # revision not yet in force on 2024-05-31
    assert pledge(after)["rate"] == 66.76
    assert pledge(after)["original_rate"] == 64.85            # 당초 목표 view
    history = query(write_con, "target_revisions", city="naju", pledge_id="6-1-1")
    assert history.iloc[0][["previous_target", "new_target", "author"]].tolist() == [630.0, 500.0, "김기획"]


def test_history_is_append_only(write_con):
    first = record_revisions(write_con, change(2025, 500.0), SYSTEM, "1차", AS_OF, author="김기획")[0]
    second = record_revisions(write_con, change(2025, 550.0, seen=first), SYSTEM, "2차", AS_OF, author="이계획")[0]
    history = query(write_con, "target_revisions", city="naju", pledge_id="6-1-1")
    assert history["revision_id"].tolist() == [second, first]
    assert history["new_target"].tolist() == [550.0, 500.0]
    assert history["previous_target"].tolist() == [500.0, 630.0]
    assert write_con.execute("SELECT target FROM indicator_targets WHERE indicator_id='applications' AND period=2025").fetchone()[0] == 630


def test_second_save_of_the_same_target_is_a_conflict(write_con):
    record_revisions(write_con, change(2025, 500.0), SYSTEM, "먼저 저장", AS_OF, author="김기획")
    with pytest.raises(RevisionConflict, match="이미 다른 사용자가 변경했습니다"):
        record_revisions(write_con, change(2025, 480.0), SYSTEM, "나중에 저장 (옛 값을 보고)", AS_OF, author="이계획")
    history = query(write_con, "target_revisions", city="naju", pledge_id="6-1-1")
    assert history["new_target"].tolist() == [500.0]           # the first save is not lost


def test_conflict_writes_nothing_of_a_batch(write_con):
    record_revisions(write_con, change(2026, 300.0), SYSTEM, "먼저", AS_OF, author="김기획")
    batch = pd.concat([change(2025, 500.0), change(2026, 250.0)])  # 2026 seen at the card value: stale
    with pytest.raises(RevisionConflict):
        record_revisions(write_con, batch, SYSTEM, "묶음", AS_OF, author="이계획")
    assert write_con.execute("SELECT count(*) FROM target_revisions").fetchone()[0] == 1


def test_unchanged_targets_are_not_recorded(write_con):
    assert record_revisions(write_con, change(2025, 630.0), SYSTEM, "변경 없음", AS_OF, author="김기획") == []


@pytest.mark.parametrize("author, reason, target, message", [
    ("", "사유", 500.0, "변경자 이름"),
    ("김기획", " ", 500.0, "변경 사유"),
    ("김기획", "사유", -1.0, "0 이상"),
])
def test_invalid_revisions(write_con, author, reason, target, message):
    with pytest.raises(RevisionError, match=message):
        record_revisions(write_con, change(2025, target), SYSTEM, reason, AS_OF, author=author)
    assert write_con.execute("SELECT count(*) FROM target_revisions").fetchone()[0] == 0
