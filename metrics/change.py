"""Changes between two figures and the reference dates they are measured against. Pure functions."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def difference(now: float | None, before: float | None) -> float | None:
    """difference = now − before (percentage points for rates); None when either is missing."""
    if _missing(now) or _missing(before):
        return None
    return float(now) - float(before)


def quarter_start(day: dt.date) -> dt.date:
    """First day of the calendar quarter containing `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter_end(as_of: dt.date) -> dt.date:
    """The last day of the quarter before the one containing the as-of date
    (2024-05-31 → 2024-03-31): the reference point of '지난 분기 대비'."""
    return quarter_start(as_of) - dt.timedelta(days=1)


def data_basis(data_until, as_of: dt.date | None):
    """data basis = min(as-of date, newest data date): the newest data on or before the as-of date
    (the as-of date when there is no data date; the data date when there is no as-of date)."""
    if as_of is None or _missing(data_until):
        return data_until if as_of is None else as_of
    return min(pd.Timestamp(data_until).date(), as_of)


def year_attainment(actual: float | None, target: float | None) -> float | None:
    """year attainment = the year's actual ÷ the year's target × 100 (not capped); None without a target."""
    from metrics.rates import ratio
    return ratio(actual, target)
