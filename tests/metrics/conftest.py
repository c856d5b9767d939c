"""Fixtures of the metrics tests: the seed card's inputs and figures as of 2024-05-31."""
from __future__ import annotations

import datetime as dt

import pytest

from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy

CARD_DATE = dt.date(2024, 5, 31)
TERM_START = dt.date(2022, 7, 1)


@pytest.fixture(scope="module")
def seed_inputs(con):
    return load_inputs(con, CARD_DATE, "naju", "6-1-1")


@pytest.fixture(scope="module")
def seed_figures(seed_inputs):
    return compute(seed_inputs, RatePolicy())
