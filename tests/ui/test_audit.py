"""metrics/audit.py (the checks) and ui/presenters/audit.py (the checks table, figures traced to records)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from metrics import audit
from ui.presenters import audit as shape

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_consistency_checks_pass_on_the_seed_card(seed, con):
    _, figs = seed
    printed = query(con, "printed_executions", city="naju", pledge_id="6-1-1")
    checks = shape.checks_table(audit.consistency_checks(figs.pledges.iloc[0], figs.periods, figs.indicators, figs.budget, printed,
                                      figs.reconciliation, AS_OF, POLICY))
    assert set(checks["결과"]) == {shape.PASS}
    areas = set(checks["점검 항목"])
    assert {"연도별 실적 합 = 누계", "집행액 ≤ 계획액", "추진상황 ↔ 이행률", "카드 이행률 = 계산 이행률",
            "보고 실적 = 기록 집계", "카드 집행액 = 집행 기록 합"} <= areas
    assert shape.check_summary(checks) == f"점검 {len(checks)}건 중 {len(checks)}건 통과"


def test_overspending_and_wrong_status_fail(seed):
    _, figs = seed
    budget = figs.budget.copy()
    budget.loc[budget["year"] == 2024, "executed"] = 500.0
    pledge = figs.pledges.iloc[0].copy()
    pledge["status"], pledge["status_consistent"] = "완료 종결", False
    checks = shape.checks_table(audit.consistency_checks(pledge, figs.periods, figs.indicators, budget,
                                      pd.DataFrame(columns=["year", "amount"]), figs.reconciliation, AS_OF, POLICY))
    failed = checks[checks["결과"] == shape.FAIL]
    assert set(failed["대상"]) == {"2024년", "임기 전체", "6-1-1"}
    assert "불일치" in shape.check_summary(checks)


def test_figure_choices_trace_to_records(seed, con):
    _, figs = seed
    choices = shape.figure_choices(figs.indicators, figs.periods, figs.budget)
    assert list(choices["label"].iloc[:2]) == ["임신부 가사돌봄서비스 지원사업 홍보 · 누계 실적 11건",
                                               "임신부 가사돌봄서비스 지원사업 홍보 · 2022 실적 4건"]
    assert "집행액 · 2023년 62 백만원" in set(choices["label"])
    for _, row in choices.iterrows():
        source = shape.record_source(row)
        records = query(con, source["name"], as_of=AS_OF, city="naju", pledge_id="6-1-1", year=source["year"])
        if pd.notna(row["indicator_id"]):
            own = figs.indicators[figs.indicators["indicator_id"] == row["indicator_id"]].iloc[0]
            actual = own["actual_to_date"] if source["year"] is None else figs.periods[
                (figs.periods["indicator_id"] == row["indicator_id"])
                & (figs.periods["period"] == source["year"])]["actual"].iloc[0]
            assert len(records) == actual
        assert records.iloc[:, 0].str.startswith("DEMO-").all()


def test_import_warnings_read_the_same_on_the_audit_and_import_pages():
    """Rules by their Korean names and undo times as text (never NaT), each page with its headers."""
    from ui.presenters import imports

    warnings = pd.DataFrame({"import_id": [3, 4], "rule": ["hours_per_visit", "new_rule"],
                             "undone_at": pd.to_datetime(["2024-06-01 09:30", None])})
    audit_view, import_view = shape.import_warnings_table(warnings), imports.warnings_table(warnings)
    assert audit_view["규칙"].tolist() == import_view["규칙"].tolist() == ["1회 제공시간", "기타 점검"]
    assert audit_view["되돌린 일시"].tolist() == import_view["되돌린 일시"].tolist() == ["2024. 6. 1. 09:30", ""]
    assert "가져오기 번호" in audit_view.columns and "번호" in import_view.columns
