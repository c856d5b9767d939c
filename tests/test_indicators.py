"""metrics.indicators, metrics.budget and metrics.status on small hand-made frames."""
import datetime as dt

import pandas as pd
import pytest

from metrics.budget import budget_summary, by_source, cost_per_unit, plan_vs_execution
from metrics.indicators import cumulative, elapsed_fraction, indicator_summary, pledge_rate, term_elapsed
from metrics.rates import RatePolicy
from metrics.status import status_consistent, suggested_status

TERM = pd.DataFrame({"period": [2022, 2023], "starts": pd.to_datetime(["2022-07-01", "2023-01-01"]),
                     "ends": pd.to_datetime(["2022-12-31", "2023-12-31"])})


def periods(targets, actuals, indicator="x"):
    return pd.DataFrame({"city": "c", "pledge_id": "1-1-1", "indicator_id": indicator, "period": [2022, 2023],
                         "target": targets, "original_target": targets, "actual": actuals})


def definitions(*ids, cap=True, weights=None):
    return pd.DataFrame({"city": "c", "pledge_id": "1-1-1", "indicator_id": list(ids), "cap": cap,
                         "weight": weights or [1.0] * len(ids), "name": list(ids)})


def test_cumulative_keeps_blanks_blank():
    out = cumulative(periods([None, 630.0], [0.0, None]))
    assert out["target_cumulative"].isna().tolist() == [True, False]
    assert out["target_cumulative"].iloc[1] == 630
    assert out["actual_cumulative"].iloc[0] == 0 and pd.isna(out["actual_cumulative"].iloc[1])


@pytest.mark.parametrize("as_of, expected", [
    (dt.date(2022, 6, 30), [0.0, 0.0]), (dt.date(2022, 12, 31), [1.0, 0.0]),
    (dt.date(2023, 7, 2), [1.0, 183 / 365]), (dt.date(2030, 1, 1), [1.0, 1.0]),
])
def test_elapsed_fraction(as_of, expected):
    assert elapsed_fraction(TERM["starts"], TERM["ends"], as_of).tolist() == pytest.approx(expected)


def test_summary_caps_and_weights():
    frame = pd.concat([periods([2.0, 2.0], [3.0, 2.0], "a"), periods([10.0, 10.0], [5.0, 0.0], "b")])
    summary = indicator_summary(frame, definitions("a", "b", weights=[1.0, 3.0]), TERM, dt.date(2023, 12, 31))
    assert summary.set_index("indicator_id")["rate"].to_dict() == {"a": 100.0, "b": 25.0}       # 5/4 capped
    assert summary.set_index("indicator_id")["rate_uncapped"]["a"] == 125.0
    assert pledge_rate(summary)["rate"].iloc[0] == pytest.approx((100 + 3 * 25) / 4)
    uncapped = indicator_summary(frame, definitions("a", "b"), TERM, dt.date(2023, 12, 31), RatePolicy(cap=False))
    assert uncapped.set_index("indicator_id")["rate"]["a"] == 125.0


def test_pledge_without_any_target_has_no_rate():
    summary = indicator_summary(periods([None, None], [1.0, 1.0]), definitions("x"), TERM, dt.date(2023, 12, 31))
    rates = pledge_rate(summary)
    assert pd.isna(rates["rate"].iloc[0]) and rates["indicators_without_rate"].iloc[0] == 1


def indicator_rows(rates, weights=None):
    """An indicators frame of one pledge with the given rates (None: no rate) and weights."""
    return pd.DataFrame({"city": "c", "pledge_id": "1-1-1", "indicator_id": [f"i{n}" for n in range(len(rates))],
                         "weight": weights or [1.0] * len(rates), "rate": pd.Series(rates, dtype=float),
                         "expected_rate": pd.Series(rates, dtype=float)})


@pytest.mark.parametrize("rates, weights, expected", [
    ([68.75, 1344 / 2205 * 100], None, 64.85119047619048),   # the card: unweighted mean
    ([100.0, 50.0], [3.0, 1.0], 87.5),
    ([70.0, None], None, 70.0),            # an indicator without a rate is left out of the mean
    ([None, None], None, None),
])
def test_pledge_rate(rates, weights, expected):
    got = pledge_rate(indicator_rows(rates, weights))["rate"].iloc[0]
    assert got == pytest.approx(expected) if expected is not None else pd.isna(got)


@pytest.mark.parametrize("as_of, expected", [
    (dt.date(2024, 6, 30), [731 / 1461 * 100, 100.0]), (dt.date(2020, 1, 1), [0.0, 550 / 1461 * 100]),
    (dt.date(2022, 7, 1), [1 / 1461 * 100, 100.0]), (dt.date(2026, 6, 30), [100.0, 100.0]),
    (dt.date(2027, 1, 1), [100.0, 100.0]),
])
def test_term_elapsed(as_of, expected):
    starts = pd.Series([dt.date(2022, 7, 1), dt.date(2018, 7, 1)])
    ends = pd.Series([dt.date(2026, 6, 30), dt.date(2022, 6, 30)])
    assert list(term_elapsed(starts, ends, as_of)) == pytest.approx(expected)


@pytest.mark.parametrize("rate, expected_rate, status", [
    (100.0, 40.0, "완료"), (120.0, 80.0, "완료"), (64.85, 44.16, "정상추진"), (30.0, 44.16, "일부추진"),
    (None, 40.0, "자료 없음"), (float("nan"), 50.0, "자료 없음"), (40.0, None, "정상추진"),
    (50.0, 50.0, "정상추진"), (99.99, float("nan"), "정상추진"), (0.0, None, "정상추진"),
])
def test_suggested_status(rate, expected_rate, status):
    assert suggested_status(pd.Series([rate], dtype=float), pd.Series([expected_rate], dtype=float)).iloc[0] == status


@pytest.mark.parametrize("recorded, suggested, ok", [
    ("완료 종결", "정상추진", False), ("완료 종결", "완료", True), ("완료 후 계속추진", "완료", True),
    ("정상추진", "일부추진", False), ("정상추진", "정상추진", True), ("정상추진", "완료", True),
    ("정상추진", "자료 없음", False), ("일부추진", "정상추진", True), ("보류", "자료 없음", True),
])
def test_status_consistent(recorded, suggested, ok):
    assert bool(status_consistent(pd.Series([recorded]), pd.Series([suggested])).iloc[0]) is ok


def test_status_rules_apply_row_by_row():
    got = status_consistent(pd.Series(["완료 종결", "정상추진", "일부추진"]), pd.Series(["정상추진", "완료", "일부추진"]))
    assert list(got) == [False, True, True]


BUDGET = pd.DataFrame({
    "phase": ["before", "term", "term", "term", "term", "after"],
    "year": [None, 2023, 2024, 2025, 2024, None],
    "funding_source": ["시비", "시비", "시비", "시비", "국비", "시비"],
    "planned": [0.0, 197.0, 89.0, 109.0, 0.0, 0.0],
    "executed": [0.0, 62.0, 21.0, 0.0, 0.0, 0.0],
})


def test_budget_summary_and_tables():
    s = budget_summary(BUDGET, dt.date(2024, 5, 31))
    assert (s["planned_total"], s["executed_total"], s["planned_to_date"]) == (395.0, 83.0, 286.0)
    assert s["execution_rate_to_date"] == pytest.approx(83 / 286 * 100)
    years = plan_vs_execution(BUDGET)
    assert years["year"].tolist() == [2023, 2024, 2025] and years["planned"].tolist() == [197, 89, 109]
    table = by_source(BUDGET)
    assert table.loc["시비", "total"] == 395 and table.loc["국비", "total"] == 0 and table.loc["도비", "2024"] == 0


def test_cost_per_unit():
    assert cost_per_unit(83, 1000) == 83_000
    assert cost_per_unit(83, 0) is None
