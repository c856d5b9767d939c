"""metrics/audit.py: the consistency checks over the seed card's figures, each one shown to fail
when its figure is off."""
from __future__ import annotations

import pandas as pd
import pytest

from data.store import query
from metrics import audit
from metrics.rates import RatePolicy

from .conftest import CARD_DATE

POLICY = RatePolicy()


@pytest.fixture(scope="module")
def printed(con):
    return query(con, "printed_executions", city="naju", pledge_id="6-1-1")


def all_checks(figures, printed, as_of=CARD_DATE, policy=POLICY, **replace):
    parts = {"pledge": figures.pledges.iloc[0], "periods": figures.periods, "indicators": figures.indicators,
             "budget": figures.budget, "printed_executions": printed, "reconciliation": figures.reconciliation}
    parts.update(replace)
    return audit.consistency_checks(parts["pledge"], parts["periods"], parts["indicators"], parts["budget"],
                                    parts["printed_executions"], parts["reconciliation"], as_of, policy)


def test_every_check_passes_on_the_seed_card(seed_figures, printed):
    checks = all_checks(seed_figures, printed)
    assert list(checks.columns) == audit.COLUMNS
    assert checks["passed"].all()
    # 2 indicators × 2 sums, 5 term years + the whole plan, 2 printed years, 1 status,
    # 2 indicators + the pledge printed rates, 5 reconciled periods.
    assert len(checks) == 4 + 6 + 2 + 1 + 3 + 5


def test_yearly_sums(seed_figures):
    rows = audit.yearly_sum_checks(seed_figures.periods, seed_figures.indicators)
    assert [r["passed"] for r in rows] == [True] * 4
    publicity = [r for r in rows if r["subject"] == "임신부 가사돌봄서비스 지원사업 홍보"]
    assert [r["value"] for r in publicity] == ["11", "16"]
    off = seed_figures.indicators.assign(actual_to_date=seed_figures.indicators["actual_to_date"] + 1)
    assert not all(r["passed"] for r in audit.yearly_sum_checks(seed_figures.periods, off))


def test_execution_not_over_plan(seed_figures):
    rows = audit.execution_checks(seed_figures.budget)
    assert all(r["passed"] for r in rows) and rows[-1]["value"] == "83 백만원" and rows[-1]["expected"] == "504 백만원 이하"
    over = seed_figures.budget.assign(executed=seed_figures.budget["executed"] * 100)
    assert not audit.execution_checks(over)[-1]["passed"]


def test_printed_executions_match_the_records(seed_figures, printed):
    rows = audit.printed_execution_checks(seed_figures.budget, printed)
    assert [(r["subject"], r["passed"]) for r in rows] == [("2023년", True), ("2024년", True)]
    wrong = printed.assign(amount=printed["amount"] + 1)
    assert not any(r["passed"] for r in audit.printed_execution_checks(seed_figures.budget, wrong))


def test_status_check_follows_the_consistency_flag(seed_figures):
    pledge = seed_figures.pledges.iloc[0]
    assert audit.status_checks(pledge, POLICY)[0]["passed"]
    inconsistent = pledge.copy()
    inconsistent["status"], inconsistent["status_consistent"] = "완료 종결", False
    assert not audit.status_checks(inconsistent, POLICY)[0]["passed"]


def test_printed_rates_only_on_the_card_date(seed_figures):
    pledge = seed_figures.pledges.iloc[0]
    rows = audit.printed_rate_checks(pledge, seed_figures.indicators, CARD_DATE, POLICY)
    assert [r["expected"] for r in rows] == ["68.75%", "60.95%", "64.85%"] and all(r["passed"] for r in rows)
    assert audit.printed_rate_checks(pledge, seed_figures.indicators, pd.Timestamp("2024-06-30").date(), POLICY) == []
    moved = pledge.copy()
    moved["printed_rate"] = 64.84
    assert not audit.printed_rate_checks(moved, seed_figures.indicators, CARD_DATE, POLICY)[-1]["passed"]


def test_reconciliation_checks(seed_figures):
    rows = audit.reconciliation_checks(seed_figures.reconciliation, seed_figures.indicators)
    assert len(rows) == 5 and all(r["passed"] for r in rows)
    off = seed_figures.reconciliation.assign(matches=[False] + [True] * 4)
    assert [r["passed"] for r in audit.reconciliation_checks(off, seed_figures.indicators)] == [False] + [True] * 4
