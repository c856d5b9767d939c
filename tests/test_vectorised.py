"""The vectorised forms used at national scale agree with the scalar definitions, row by row."""
import datetime as dt
import math

import pandas as pd
import pytest

from metrics.indicators import term_elapsed, terms_elapsed
from metrics.status import status_consistent, statuses_consistent, suggested_status, suggested_statuses

RATES = [None, float("nan"), 0.0, 40.0, 50.0, 60.0, 99.99, 100.0, 120.0, 64.85]
EXPECTED = [50.0, 50.0, None, 50.0, 50.0, 50.0, float("nan"), 100.0, 80.0, 87.61]


def _opt(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else v


def test_suggested_statuses_match_the_scalar_rule():
    got = suggested_statuses(pd.Series(RATES, dtype=float), pd.Series(EXPECTED, dtype=float))
    assert list(got) == [suggested_status(_opt(r), _opt(e)) for r, e in zip(RATES, EXPECTED)]


@pytest.mark.parametrize("recorded", ["완료 종결", "완료 후 계속추진", "정상추진", "일부추진", "보류"])
def test_statuses_consistent_match_the_scalar_rule(recorded):
    suggested = ["완료", "정상추진", "일부추진", "자료 없음"]
    got = statuses_consistent(pd.Series([recorded] * 4), pd.Series(suggested))
    assert list(got) == [status_consistent(recorded, s) for s in suggested]


@pytest.mark.parametrize("as_of", [dt.date(2020, 1, 1), dt.date(2022, 7, 1), dt.date(2024, 5, 31),
                                   dt.date(2026, 6, 30), dt.date(2027, 1, 1)])
def test_terms_elapsed_match_the_scalar_formula(as_of):
    starts = pd.Series([dt.date(2022, 7, 1), dt.date(2018, 7, 1)])
    ends = pd.Series([dt.date(2026, 6, 30), dt.date(2022, 6, 30)])
    got = terms_elapsed(starts, ends, as_of)
    assert list(got) == pytest.approx([term_elapsed(s, e, as_of) for s, e in zip(starts, ends)])
