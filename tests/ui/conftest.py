"""Fixtures of the presenter tests: the seed card's inputs and figures as of 2024-05-31."""
from __future__ import annotations

import datetime as dt

import pytest

from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy


@pytest.fixture(scope="module")
def seed(con):
    inputs = load_inputs(con, dt.date(2024, 5, 31), "naju", "6-1-1")
    return inputs, compute(inputs, RatePolicy())
