"""metrics.rates: the indicator rate, ratio and display rounding, table-driven.
(The pledge rate is metrics.indicators.pledge_rate: tests/test_indicators.py.)"""
import math

import pandas as pd
import pytest

from metrics.rates import RatePolicy, display_round, format_percent, indicator_rate, ratio


INDICATOR_RATES = [                          # actual, target, cap → rate (None: no rate)
    (11, 16, True, 68.75),                 # the card's publicity indicator
    (1344, 2205, True, 1344 / 2205 * 100),  # the card's applications indicator
    (20, 16, True, 100.0),                 # over the whole-term target: capped
    (20, 16, False, 125.0),                # cap off
    (0, 16, True, 0.0),
    (None, 16, True, 0.0),                 # no actual yet counts as 0
    (5, 0, True, None),                    # zero target: no rate, not 0
    (5, None, True, None),                 # missing target: no rate
    (5, float("nan"), True, None),
]


@pytest.mark.parametrize("actual, target, cap, expected", INDICATOR_RATES)
def test_indicator_rate(actual, target, cap, expected):
    got = indicator_rate(pd.Series([actual], dtype=float), pd.Series([target], dtype=float), cap).iloc[0]
    assert got == pytest.approx(expected) if expected is not None else math.isnan(got)


def test_indicator_rate_row_by_row_with_a_cap_per_row():
    actual, target, cap, expected = zip(*INDICATOR_RATES)
    got = indicator_rate(pd.Series(actual, dtype=float), pd.Series(target, dtype=float), pd.Series(cap))
    assert [None if math.isnan(g) else pytest.approx(g) for g in got] == list(expected)


@pytest.mark.parametrize("value, rounding, expected", [
    (64.85119047619048, "half_up", 64.85),
    (60.95238095238095, "half_up", 60.95),
    (66 / 98 * 100, "cut", 67.34),         # Naju published 66 of 98 cut, not rounded
    (66 / 98 * 100, "half_up", 67.35),
    (80 / 98 * 100, "half_up", 81.63),
    (64.845, "half_up", 64.85),            # half-up, not banker's rounding
    (64.845, "cut", 64.84),
    (None, "half_up", None),
])
def test_display_round(value, rounding, expected):
    assert display_round(value, RatePolicy(rounding=rounding)) == expected


def test_format_percent():
    assert format_percent(64.85119047619048) == "64.85%"
    assert format_percent(None) == "—"


@pytest.mark.parametrize("num, den, expected", [(83, 504, 83 / 504 * 100), (83, 0, None), (83, None, None)])
def test_ratio(num, den, expected):
    got = ratio(num, den)
    assert got == pytest.approx(expected) if expected is not None else got is None
