"""The scopes each write takes on PostgreSQL (data.store.write_transaction → data.postgres.begin_write):
an import, its undo, a target revision, a proposal and its decision the city they write; a card the
whole store (it may add a term and its periods, which every city shares); an account the accounts.
Writers of other scopes then go on at the same time (tests/pg/test_concurrency.py)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data import accounts, imports, postgres, proposals
from data.authority import SYSTEM, Role
from data.build import CARDS_DIR
from data.revisions import record_revisions
from data.store import ACCOUNTS
from tests import import_corpus as corpus
from tests.data.people import PASSWORD, db_copy, fast_hash, people, people_db  # noqa: F401 (fixtures)

pytestmark = pytest.mark.postgres


@pytest.fixture
def scopes(monkeypatch) -> list:
    """The scopes of every write transaction begun from here on (sorted; None: the whole store)."""
    seen, begin = [], postgres.begin_write

    def recording(cur, scopes=None):
        seen.append(None if scopes is None else tuple(sorted(scopes)))
        return begin(cur, scopes)
    monkeypatch.setattr(postgres, "begin_write", recording)
    return seen


def target(value: float, seen=None) -> pd.DataFrame:
    return pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications", "period": 2025,
                          "target": value, "revision_id": seen}])


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)
def test_each_write_takes_the_scopes_it_writes(write_con, people, scopes):
    done = imports.commit(write_con, imports.prepare(write_con, corpus.applications_500_cp949(), "a.csv"), SYSTEM)
    imports.undo(write_con, done.import_id, SYSTEM)
    assert scopes == [("naju",), ("naju",)]

    card = (CARDS_DIR / "naju-6-1-1.yaml").read_text(encoding="utf-8").replace(
        "title: 출산 전·후 지원 돌봄서비스 제공", "title: 출산 전·후 지원 돌봄서비스 제공 (개정)")
    done = imports.commit(write_con, imports.prepare(write_con, card.encode("utf-8"), "naju-6-1-1.yaml"), SYSTEM)
    imports.undo(write_con, done.import_id, SYSTEM)
    assert scopes[2:] == [None, None]

    [revision] = record_revisions(write_con, target(2000.0), people[Role.APPROVER], "조정", dt.date(2024, 6, 1))
    ids = proposals.propose(write_con, people[Role.PLANNER], target(1900.0, revision), "재조정", dt.date(2024, 7, 1))
    proposals.decide(write_con, people[Role.APPROVER], ids, "approve", body="공약이행평가단",
                     decided_on=dt.date(2024, 6, 20))
    assert scopes[4:] == [("naju",)] * 3

    accounts.change_password(write_con, people[Role.AUDITOR], PASSWORD, "새 비밀번호 5678 바꿈")
    assert scopes[7:] and set(scopes[7:]) == {(ACCOUNTS,)}       # the check of the old password, the change
