"""ui/presenters/overview.py: the headline figures, the year's attainment, the data basis, the term from the data."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from ui.presenters import overview

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_headline_of_the_seed_card(seed):
    _, figs = seed
    h = overview.headline(figs.pledges, "naju", "6-1-1", POLICY)
    assert h["rate_text"] == "64.85%" and h["status"] == "정상추진" and h["suggested_status"] == "정상추진"
    assert h["change_text"] is None


def test_year_attainment_is_not_capped(seed):
    _, figs = seed
    year = overview.year_attainment(figs.periods, figs.indicators, 2023, POLICY)
    assert list(year["연간 달성률"]) == ["100.00%", "147.14%"]


@pytest.mark.parametrize("as_of, basis", [(dt.date(2023, 12, 31), "2023. 12. 31."), (AS_OF, "2024. 5. 31."),
                                          (dt.date(2025, 3, 1), "2024. 5. 31.")])
def test_data_basis_is_the_newest_data_on_or_before_the_as_of_date(con, as_of, basis):
    figs = compute(load_inputs(con, as_of, "naju", "6-1-1"), POLICY)
    assert overview.headline(figs.pledges, "naju", "6-1-1", POLICY, as_of=as_of)["data_basis"] == basis


def test_the_term_elapsed_help_names_the_term_of_the_data(seed):
    _, figs = seed
    h = overview.headline(figs.pledges, "naju", "6-1-1", POLICY)
    assert h["elapsed_help"] == "2022. 7. 1. ~ 2026. 6. 30. 중 기준일까지 지난 비율"
    other = figs.pledges.assign(term_start=pd.Timestamp("2026-07-01"), term_end=pd.Timestamp("2030-06-30"))
    assert overview.term_text(other.iloc[0]) == "2026. 7. 1. ~ 2030. 6. 30."
