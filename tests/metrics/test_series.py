"""metrics/series.py: the charts' series for the seed card (cumulative target, cumulative actual,
yearly bars), with the period labels of the store's periods table."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics import series

from .conftest import CARD_DATE, TERM_START


def own(figures, indicator_id):
    return figures.periods[figures.periods["indicator_id"] == indicator_id]


def monthly(con, indicator_id, as_of=CARD_DATE):
    rows = query(con, "monthly_actuals", as_of=as_of, city="naju", pledge_id="6-1-1")
    return rows[rows["indicator_id"] == indicator_id]


def test_target_path_is_the_card_cumulative_target(seed_figures, seed_inputs):
    path = series.target_path(own(seed_figures, "publicity"), seed_inputs.term_periods, TERM_START)
    assert path["target_cumulative"].tolist() == [0.0, 2.0, 6.0, 10.0, 14.0, 16.0]
    assert path["date"].tolist() == [pd.Timestamp(d) for d in
                                     ("2022-07-01", "2022-12-31", "2023-12-31", "2024-12-31", "2025-12-31", "2026-06-30")]
    assert path["label"].tolist() == ["임기 시작", "2022", "2023", "2024", "2025", "2026. 6."]   # periods.label


def test_target_path_without_a_first_year_target(seed_figures, seed_inputs):
    path = series.target_path(own(seed_figures, "applications"), seed_inputs.term_periods, TERM_START)
    assert path["target_cumulative"].tolist() == [0.0, 0.0, 630.0, 1260.0, 1890.0, 2205.0]


def test_actual_path_from_records_ends_at_the_card_figure(con, seed_figures, seed_inputs):
    path = series.actual_path(monthly(con, "publicity"), own(seed_figures, "publicity"), seed_inputs.term_periods,
                              TERM_START, CARD_DATE)
    assert path["date"].iloc[0] == pd.Timestamp(TERM_START) and path["actual_cumulative"].iloc[0] == 0
    assert path["date"].iloc[-1] == pd.Timestamp(CARD_DATE) and path["actual_cumulative"].iloc[-1] == 11
    assert path["actual_cumulative"].is_monotonic_increasing and path["date"].is_unique
    apps = series.actual_path(monthly(con, "applications"), own(seed_figures, "applications"),
                              seed_inputs.term_periods, TERM_START, CARD_DATE)
    assert apps["actual_cumulative"].iloc[-1] == 1344


def test_actual_path_without_records_uses_the_period_totals(seed_figures, seed_inputs):
    empty = pd.DataFrame(columns=["month", "value"])
    path = series.actual_path(empty, own(seed_figures, "publicity"), seed_inputs.term_periods, TERM_START, CARD_DATE)
    assert path["actual_cumulative"].tolist() == [0.0, 4.0, 8.0, 11.0]
    assert path["date"].tolist() == [pd.Timestamp(d) for d in ("2022-07-01", "2022-12-31", "2023-12-31", "2024-05-31")]


def test_actual_path_before_any_record_is_flat_zero(seed_inputs):
    periods = pd.DataFrame({"period": [2022], "target": [2.0], "actual": [None]})
    path = series.actual_path(pd.DataFrame(columns=["month", "value"]), periods, seed_inputs.term_periods,
                              TERM_START, dt.date(2022, 6, 30))
    assert path["actual_cumulative"].tolist() == [0.0, 0.0]


def test_yearly_bars_of_the_card(seed_figures):
    bars = series.yearly_bars(own(seed_figures, "publicity"))
    target = bars[bars["kind"] == "목표"]
    actual = bars[bars["kind"] == "실적"]
    assert target["label"].tolist() == ["2022", "2023", "2024", "2025", "2026. 6."]
    assert target["value"].tolist() == [2.0, 4.0, 4.0, 4.0, 2.0]
    assert actual["value"].tolist()[:3] == [4.0, 4.0, 3.0] and actual["value"].iloc[3:].isna().all()


def test_yearly_bars_without_labels_use_the_period():
    periods = pd.DataFrame({"period": [2024, 2023], "target": [1.0, 2.0], "actual": [0.0, 1.0]})
    bars = series.yearly_bars(periods)
    assert bars["label"].tolist() == ["2023", "2024", "2023", "2024"]
    assert bars["value"].tolist() == [2.0, 1.0, 1.0, 0.0]


@pytest.mark.parametrize("as_of, last", [(dt.date(2022, 12, 31), 4), (dt.date(2023, 12, 31), 8)])
def test_actual_path_follows_the_as_of_date(con, as_of, last):
    from metrics.engine import compute, load_inputs
    inputs = load_inputs(con, as_of, "naju", "6-1-1")
    figures = compute(inputs)
    path = series.actual_path(monthly(con, "publicity", as_of), own(figures, "publicity"), inputs.term_periods,
                              TERM_START, as_of)
    assert path["actual_cumulative"].iloc[-1] == last and path["date"].iloc[-1] == pd.Timestamp(as_of)
