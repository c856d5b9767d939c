"""metrics/change.py: the difference of two rates, the previous quarter's end, the data basis,
a year's attainment — table-driven."""
from __future__ import annotations

import datetime as dt

import pytest

from metrics.change import data_basis, difference, previous_quarter_end, year_attainment


@pytest.mark.parametrize("as_of, expected", [
    (dt.date(2024, 5, 31), dt.date(2024, 3, 31)),
    (dt.date(2024, 4, 1), dt.date(2024, 3, 31)),
    (dt.date(2024, 1, 15), dt.date(2023, 12, 31)),
    (dt.date(2024, 12, 31), dt.date(2024, 9, 30)),
])
def test_previous_quarter_end(as_of, expected):
    assert previous_quarter_end(as_of) == expected


@pytest.mark.parametrize("now, before, expected", [(64.85, 58.07, 64.85 - 58.07), (50.0, 60.0, -10.0),
                                                    (None, 10.0, None), (10.0, None, None)])
def test_difference(now, before, expected):
    assert difference(now, before) == expected


@pytest.mark.parametrize("data_until, as_of, expected", [
    (dt.date(2024, 5, 31), dt.date(2025, 3, 1), dt.date(2024, 5, 31)),
    (dt.date(2024, 5, 31), dt.date(2023, 12, 31), dt.date(2023, 12, 31)),
    (None, dt.date(2023, 12, 31), dt.date(2023, 12, 31)),
])
def test_data_basis(data_until, as_of, expected):
    assert data_basis(data_until, as_of) == expected


def test_year_attainment_is_not_capped_and_needs_a_target():
    assert year_attainment(1030, 700) == pytest.approx(147.142857, rel=1e-6)
    assert year_attainment(5, 0) is None and year_attainment(5, None) is None
