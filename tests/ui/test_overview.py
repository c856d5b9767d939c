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


def test_indicator_bars_of_the_seed_card(seed):
    _, figs = seed
    bars = overview.indicator_bars(figs.indicators, POLICY)
    assert [round(fill, 4) for fill, _ in bars] == [0.6875, 0.6095]
    assert "**68.75%** · 누계 11 / 임기 총 목표 16건" in bars[0][1]
    assert "**60.95%** · 누계 1,344 / 임기 총 목표 2,205건" in bars[1][1]


def test_indicator_bars_fill_within_the_bar_and_show_names_as_text():
    frame = pd.DataFrame({"ord": [2, 1], "name": ["[링크](http://x) **굵게**", "홍보"], "unit": [None, "회"],
                          "actual_to_date": [30.0, None], "target_total": [20.0, 10.0], "rate": [150.0, None],
                          "expected_rate": [50.0, None]})
    (fill_a, text_a), (fill_b, text_b) = overview.indicator_bars(frame, POLICY)
    assert (fill_a, fill_b) == (0.0, 1.0)                      # card order; no figure → empty, past 100% → full
    assert text_a.startswith("홍보 ") and "/ 임기 총 목표 10회" in text_a
    assert r"\[링크\]\(http://x\) \*\*굵게\*\*" in text_b and "150.00%" in text_b and "임기 총 목표 20 ·" in text_b
