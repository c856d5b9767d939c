"""metrics.forecast: the seed card's forecast from the built store (hand-counted from the record
files), and hand-made frames for the edge cases (zero target, no records, a young service,
a target already reached, a term already ended, reported figures)."""
import datetime as dt

import pandas as pd
import pytest

from metrics.engine import load_inputs, compute
from metrics.forecast import (
    indicator_forecast, load_monthly, months_remaining, needed_per_month, pledge_forecast,
    reaches_target_on, record_pace, reported_pace,
)
from metrics.rates import RatePolicy

AS_OF = dt.date(2024, 5, 31)
TERM_END = dt.date(2026, 6, 30)


def seed_forecast(con, as_of=AS_OF, policy=RatePolicy()):
    inputs = load_inputs(con, as_of, city="naju", pledge_id="6-1-1")
    figures = compute(inputs, policy)
    forecast = indicator_forecast(figures.indicators, figures.pledges, load_monthly(con, as_of, "naju", "6-1-1"),
                                  figures.periods, inputs.term_periods, as_of, policy)
    return forecast.set_index("indicator_id"), pledge_forecast(forecast, figures.indicators)


def test_seed_forecast(con):
    fc, pledge = seed_forecast(con)
    pub, app = fc.loc["publicity"], fc.loc["applications"]
    assert pub.months_remaining == app.months_remaining == 25
    # needed per month = (whole-term target − actual to date) ÷ months remaining
    assert app.needed_per_month == pytest.approx(861 / 25) == 34.44
    assert pub.needed_per_month == pytest.approx(5 / 25) == 0.2
    # pace: Jun 2023 – May 2024, counted from applications.demo.csv / publicity.demo.csv
    assert (app.pace_months, app.pace_basis) == (12, "records")
    assert app.pace_per_month == pytest.approx(1038 / 12)          # 86.5 a month
    assert pub.pace_per_month == pytest.approx(4 / 12)             # Sep, Jan, Feb, Apr
    assert app.projected_total == pytest.approx(1344 + 86.5 * 25)  # 3,506.5
    assert pub.projected_total == pytest.approx(11 + 25 * 4 / 12)
    assert app.projected_rate == pub.projected_rate == 100.0       # capped by the default policy
    assert app.projected_rate_uncapped == pytest.approx(3506.5 / 2205 * 100)
    assert app.reaches_target_on == dt.date(2025, 3, 1)            # ⌈861 ÷ 86.5⌉ = 10 months
    assert pub.reaches_target_on == dt.date(2025, 8, 1)            # ⌈5 ÷ ⅓⌉ = 15 months
    assert pledge.set_index("pledge_id").loc["6-1-1", "projected_rate"] == 100.0


def test_seed_forecast_uncapped_policy(con):
    fc, pledge = seed_forecast(con, policy=RatePolicy(cap=False))
    expected = (3506.5 / 2205 * 100 + (11 + 25 / 3) / 16 * 100) / 2
    assert pledge["projected_rate"].iloc[0] == pytest.approx(expected)


@pytest.mark.parametrize("as_of, end, months", [
    (dt.date(2024, 5, 31), TERM_END, 25),
    (dt.date(2024, 5, 1), TERM_END, 25),         # whole months after the as-of month
    (dt.date(2026, 6, 30), TERM_END, 0),         # the term's last month
    (dt.date(2026, 11, 26), TERM_END, 0),        # after the term
    (dt.date(2026, 7, 1), dt.date(2030, 6, 30), 47),
])
def test_months_remaining(as_of, end, months):
    assert months_remaining(as_of, end) == months


def monthly(rows):
    return pd.DataFrame([("x", "1", "a", pd.Timestamp(m), float(v)) for m, v in rows],
                        columns=["city", "pledge_id", "indicator_id", "month", "value"])


def test_pace_uses_the_twelve_months_ending_with_the_as_of_month():
    rows = [("2023-05-01", 100), ("2023-06-01", 12), ("2024-05-01", 24)]   # May 2023 is outside
    pace = record_pace(monthly(rows), AS_OF).iloc[0]
    assert (pace.pace_months, pace.pace_per_month) == (12, 3.0)


def test_pace_of_a_service_younger_than_twelve_months():
    pace = record_pace(monthly([("2024-03-01", 6), ("2024-05-01", 3)]), AS_OF).iloc[0]
    assert one(9.0, 9.0, [("2024-03-01", 6), ("2024-05-01", 3)]).no_pace_reason is None
    assert (pace.pace_months, pace.pace_per_month) == (3, 3.0)   # March, April (0), May


def indicators_frame(target, actual, source="applications", cap=True):
    return pd.DataFrame({"city": ["x"], "pledge_id": ["1"], "indicator_id": ["a"], "source": [source],
                         "cap": [cap], "weight": [1.0], "target_total": [target], "actual_to_date": [actual]})


PLEDGES = pd.DataFrame({"city": ["x"], "pledge_id": ["1"], "term_end": [TERM_END]})
TERM_PERIODS = pd.DataFrame({"period": [2022, 2023, 2024, 2025, 2026],
                             "starts": pd.to_datetime(["2022-07-01", "2023-01-01", "2024-01-01",
                                                       "2025-01-01", "2026-01-01"])})
NO_PERIODS = pd.DataFrame(columns=["city", "pledge_id", "indicator_id", "period", "actual"])


def one(target, actual, rows=(), source="applications", periods=NO_PERIODS, as_of=AS_OF):
    fc = indicator_forecast(indicators_frame(target, actual, source), PLEDGES, monthly(rows),
                            periods, TERM_PERIODS, as_of)
    return fc.iloc[0]


def test_zero_target_has_no_rate_no_need_and_no_month():
    fc = one(0.0, 5.0, [("2024-05-01", 5)])
    assert pd.isna(fc.projected_rate) and pd.isna(fc.needed_per_month) and fc.reaches_target_on is None
    assert (fc.pace_months, fc.projected_total) == (1, 5 + 25 * 5)  # one month of records


def test_no_records_has_no_pace_and_says_why():
    fc = one(100.0, 0.0)
    assert pd.isna(fc.pace_per_month) and fc.pace_months == 0 and fc.no_pace_reason == "no_records"
    assert fc.pace_basis is None
    assert pd.isna(fc.projected_total) and pd.isna(fc.projected_rate) and fc.reaches_target_on is None
    assert fc.needed_per_month == 4.0                               # 100 ÷ 25


def test_pace_zero_never_reaches():
    fc = one(100.0, 10.0, [("2022-01-01", 10)])                    # records, none in the last 12 months
    assert (fc.pace_per_month, fc.pace_months) == (0.0, 12)
    assert fc.projected_total == 10 and fc.projected_rate == 10.0 and fc.reaches_target_on is None


def test_already_reached():
    fc = one(10.0, 12.0, [("2024-05-01", 12)])
    assert fc.needed_per_month == 0 and fc.reaches_target_on == dt.date(2024, 5, 1)
    assert fc.projected_rate == 100.0


def test_term_ended_with_a_shortfall():
    fc = one(100.0, 60.0, [("2025-07-01", 20), ("2026-06-01", 40)], as_of=dt.date(2026, 6, 30))
    assert fc.months_remaining == 0 and pd.isna(fc.needed_per_month)
    assert fc.projected_total == 60 and fc.projected_rate == 60.0
    assert fc.pace_per_month == 5.0                                   # 60 over Jul 2025 – Jun 2026
    assert fc.reaches_target_on == dt.date(2027, 2, 1)                # 40 ÷ 5 = 8 months after June


def test_reported_figures_pace_from_the_first_reported_period():
    periods = pd.DataFrame({"city": "x", "pledge_id": "1", "indicator_id": "a", "period": [2023, 2024],
                            "actual": [12.0, 5.0]})
    fc = one(100.0, 17.0, source="reported", periods=periods)
    assert fc.pace_basis == "reported" and fc.pace_months == 17       # Jan 2023 – May 2024
    assert fc.pace_per_month == pytest.approx(1.0)
    assert reported_pace(periods.iloc[:0], TERM_PERIODS, AS_OF).empty
    assert one(100.0, None, source="reported").no_pace_reason == "no_reported_figure"


def test_needed_and_reach_helpers():
    assert needed_per_month([861.0 + 1344], [1344.0], [25]).iloc[0] == pytest.approx(34.44)
    assert reaches_target_on(3.0, 0.0, 1.0, AS_OF) == dt.date(2024, 8, 1)    # exactly 3 months
    assert reaches_target_on(1e9, 0.0, 1e-3, AS_OF) is None                   # beyond the horizon
    assert reaches_target_on(None, 0.0, 1.0, AS_OF) is None
