"""metrics.rates: the small formulas, table-driven."""
import math

import pandas as pd
import pytest

from metrics.rates import RatePolicy, display_round, format_percent, indicator_rate, indicator_rates, pledge_rate, ratio


@pytest.mark.parametrize("actual, target, cap, expected", [
    (11, 16, True, 68.75),                 # the card's publicity indicator
    (1344, 2205, True, 1344 / 2205 * 100),  # the card's applications indicator
    (20, 16, True, 100.0),                 # over the whole-term target: capped
    (20, 16, False, 125.0),                # cap off
    (0, 16, True, 0.0),
    (None, 16, True, 0.0),                 # no actual yet counts as 0
    (5, 0, True, None),                    # zero target: no rate, not 0
    (5, None, True, None),                 # missing target: no rate
    (5, float("nan"), True, None),
])
def test_indicator_rate(actual, target, cap, expected):
    got = indicator_rate(actual, target, cap)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_vectorised_rates_agree_with_the_scalar_formula():
    actual = pd.Series([11, 1344, 20, 20, 0, None, 5, 5])
    target = pd.Series([16, 2205, 16, 16, 16, 16, 0, None])
    cap = pd.Series([True, True, True, False, True, True, True, True])
    got = indicator_rates(actual, target, cap)
    for a, t, c, g in zip(actual, target, cap, got):
        want = indicator_rate(None if pd.isna(a) else a, None if pd.isna(t) else t, c)
        assert (math.isnan(g) and want is None) or g == pytest.approx(want)


@pytest.mark.parametrize("rates, weights, expected", [
    ([68.75, 1344 / 2205 * 100], None, 64.85119047619048),   # the card: unweighted mean
    ([100.0, 50.0], [3, 1], 87.5),
    ([70.0, None], None, 70.0),            # an indicator without a rate is left out of the mean
    ([None, None], None, None),
    ([], None, None),
])
def test_pledge_rate(rates, weights, expected):
    got = pledge_rate(rates, weights)
    assert got == pytest.approx(expected) if expected is not None else got is None


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
