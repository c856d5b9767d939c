"""metrics.status: the expected rate on a basis date through the engine's runs (by position) is
the one matched by keys row by row, as a frame and as an array by pledge."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from metrics.engine import compute, load_inputs
from metrics.groups import left_join
from metrics.indicators import indicator_runs
from metrics.status import expected_rate_on, expected_rates_by_pledge

PLEDGE_KEY = ["city", "pledge_id"]


@pytest.mark.parametrize("as_of, basis_day", [
    (dt.date(2025, 12, 31), "2023-06-30"), (dt.date(2024, 5, 31), "2024-01-15"), (dt.date(2024, 5, 31), "2022-06-30"),
])
def test_expected_rate_on_by_runs_is_by_rows(con, as_of, basis_day):
    inputs = load_inputs(con, as_of)
    indicators = compute(inputs).indicators
    runs = indicator_runs(inputs.periods, inputs.definitions, inputs.pledges)
    assert runs is not None and runs.pledge_rows is not None
    checked = np.arange(len(inputs.pledges)) % 2 == 0          # every other pledge is checked
    basis = inputs.pledges.loc[checked, PLEDGE_KEY].assign(status_basis_date=pd.Timestamp(basis_day))
    by_rows = expected_rate_on(inputs.periods, indicators, basis)
    by_runs = expected_rate_on(inputs.periods, indicators, basis, runs)
    pd.testing.assert_frame_equal(by_runs, by_rows, check_exact=True)
    days = np.full(len(inputs.pledges), np.datetime64(basis_day, "us"))
    by_pledge = expected_rates_by_pledge(inputs.periods, indicators, days, checked, runs)
    joined = left_join(inputs.pledges[PLEDGE_KEY], by_rows, PLEDGE_KEY)["status_expected_rate"].to_numpy()
    assert np.array_equal(by_pledge, np.where(checked, joined, np.nan), equal_nan=True)
    assert not np.isnan(by_pledge[checked]).all()
