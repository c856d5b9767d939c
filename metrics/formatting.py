"""Korean display formats shared by the CLI and the pages."""
from __future__ import annotations

import datetime as dt

import pandas as pd


def date_ko(value) -> str:
    """2024-05-31 → '2024. 5. 31.'; '—' when missing."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return "—"
    day = value if isinstance(value, dt.date) else pd.Timestamp(value).date()
    if isinstance(day, dt.datetime):
        day = day.date()
    return f"{day.year}. {day.month}. {day.day}."


def number(value, decimals: int = 0) -> str:
    """1344 → '1,344'; '—' when missing; decimals only where asked."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    value = float(value)
    if decimals == 0 and not value.is_integer():
        decimals = 1
    return f"{value:,.{decimals}f}"


def period_label(period: int | str) -> str:
    """The term's last period reads '2026. 6.' (first half), the others their year."""
    return "2026. 6." if str(period) == "2026" else str(period)
