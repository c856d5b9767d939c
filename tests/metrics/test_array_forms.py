"""The metric functions' array forms give the same figures as the Series forms they stand for
(the forecast's needed per month and the month a target is reached, the term elapsed), edge
cases included: no target, zero or negative target, a shortfall with no month left, a target
already passed, NaN actuals, a term ended before it began, dates before and after the term."""
import numpy as np
import pandas as pd

from metrics.forecast import (_month_start_objects, month_starts, needed_per_month, needed_per_month_values,
                              reaches_target_months)


def cases(seed):
    rng = np.random.default_rng(seed)
    n = 400
    target = rng.choice([np.nan, 0.0, -5.0, 10.0, 120.0, 3.5], n)
    actual = rng.choice([np.nan, 0.0, 4.0, 10.0, 200.0, 7.25, -0.0], n)
    months = rng.choice([0, 1, 6, 25], n)
    pace = rng.choice([np.nan, 0.0, 0.5, 3.0, 1e-9], n)
    return target, actual, months, pace


def test_needed_per_month_values_is_needed_per_month():
    for seed in range(3):
        target, actual, months, _ = cases(seed)
        expected = needed_per_month(target, actual, months).to_numpy()
        got = needed_per_month_values(target, actual, months)
        assert np.array_equal(got, expected, equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(expected))


def test_month_start_objects_is_month_starts():
    for seed in range(3):
        target, actual, _, pace = cases(seed)
        months = reaches_target_months(target, actual, pace, 24292)
        got = _month_start_objects(months.to_numpy(dtype="int64", na_value=0), months.notna().to_numpy())
        assert list(got) == month_starts(months)
    far = pd.Series([12, 24292, None, 9000 * 12], dtype="Int64")   # months far apart: the sorted path
    assert list(_month_start_objects(far.to_numpy(dtype="int64", na_value=0), far.notna().to_numpy())) == [
        month_starts(pd.Series([m], dtype="Int64"))[0] for m in far]


def test_term_elapsed_in_numpy_is_pandas():
    import datetime as dt

    from metrics.indicators import _term_elapsed_values, term_elapsed
    starts = pd.Series(pd.to_datetime(["2022-07-01", "2022-07-01", "2026-07-01", "2022-07-01", "2024-03-10"])).astype("datetime64[us]")
    ends = pd.Series(pd.to_datetime(["2026-06-30", "2022-06-30", "2030-06-30", "2022-07-01", "2024-03-09"])).astype("datetime64[us]")
    for as_of in (dt.date(2021, 1, 1), dt.date(2022, 7, 1), dt.date(2024, 5, 31), dt.date(2031, 1, 1)):
        got = _term_elapsed_values(starts, ends, as_of)
        expected = pd.to_datetime(starts), pd.to_datetime(ends)
        day = pd.Timestamp(as_of)
        expected = (((day - expected[0]).dt.days + 1) / ((expected[1] - expected[0]).dt.days + 1)).clip(
            lower=0, upper=1).astype(float) * 100
        assert np.array_equal(got, expected.to_numpy(), equal_nan=True)
        assert np.array_equal(np.signbit(got), np.signbit(expected.to_numpy()))
        pd.testing.assert_series_equal(term_elapsed(starts, ends, as_of), expected, check_exact=True)
    assert _term_elapsed_values(starts.where(starts.index != 1), ends, dt.date(2024, 5, 31)) is None   # NaT: pandas


def test_consistent_codes_is_status_consistent():
    from data.vocabulary import Status
    from metrics.status import SUGGESTED, consistent_codes, status_consistent
    rng = np.random.default_rng(5)
    codes = rng.integers(0, len(SUGGESTED), 300)
    words = np.array(SUGGESTED)[codes]
    statuses = [str(s) for s in Status] + [None, np.nan]
    for recorded in (rng.choice(np.array(statuses, dtype=object), 300), np.full(300, np.nan, dtype=object),
                     np.full(300, None, dtype=object)):
        assert np.array_equal(consistent_codes(recorded, codes), status_consistent(recorded, words).to_numpy())


def test_zero_nan_is_nan_to_num():
    from metrics.groups import zero_nan
    for values in (np.array([1.5, np.nan, -0.0, 3.0]), np.array([np.inf, np.nan, -np.inf, 2.0]), np.array([]),
                   np.array([1, 2, 3]), np.array([np.nan], dtype=np.float32)):
        got, expected = zero_nan(values), np.nan_to_num(values, nan=0.0)
        assert got.dtype == expected.dtype and np.array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(expected))
