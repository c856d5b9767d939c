"""metrics/series.py behind the indicator charts, and ui/presenters/indicators.py."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from metrics import series
from ui.presenters import indicators
from ui.presenters.common import period_labels

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_target_path_and_actual_path(seed, con):
    inputs, figs = seed
    own = figs.periods[figs.periods["indicator_id"] == "publicity"]
    path = series.target_path(own, inputs.term_periods, dt.date(2022, 7, 1))
    assert list(path["target_cumulative"]) == [0, 2, 6, 10, 14, 16]
    monthly = query(con, "monthly_actuals", as_of=AS_OF, city="naju", pledge_id="6-1-1")
    actual = series.actual_path(monthly[monthly["indicator_id"] == "publicity"], own, inputs.term_periods,
                                dt.date(2022, 7, 1), AS_OF)
    assert actual["actual_cumulative"].iloc[-1] == 11 and actual["date"].iloc[-1] == pd.Timestamp(AS_OF)
    assert actual["actual_cumulative"].is_monotonic_increasing


def test_actual_path_without_records_uses_period_totals(seed):
    inputs, figs = seed
    own = figs.periods[figs.periods["indicator_id"] == "applications"]
    actual = series.actual_path(pd.DataFrame(columns=["month", "value"]), own, inputs.term_periods,
                                dt.date(2022, 7, 1), AS_OF)
    assert list(actual["actual_cumulative"]) == [0, 0, 927, 1344]


def test_rate_formula_and_period_table(seed, con):
    _, figs = seed
    ind = figs.indicators[figs.indicators["indicator_id"] == "publicity"].iloc[0]
    assert indicators.rate_formula(ind, POLICY) == "누계 실적 11 ÷ 임기 총 목표 16 = 68.75%"
    own = figs.periods[figs.periods["indicator_id"] == "publicity"].sort_values("period")
    table = indicators.indicator_period_table(own, labels=period_labels(query(con, "periods")))
    assert list(table["기간"]) == ["2022", "2023", "2024", "2025", "2026. 6."]
    assert list(indicators.indicator_period_table(own, 2023)["기간"]) == ["2023"]
