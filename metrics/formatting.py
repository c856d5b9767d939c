"""Korean display formats shared by the CLI and the pages."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd


def date_ko(value) -> str:
    """2024-05-31 → '2024. 5. 31.'; '—' when missing."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return "—"
    day = value if isinstance(value, dt.date) else pd.Timestamp(value).date()
    if isinstance(day, dt.datetime):
        day = day.date()
    return f"{day.year}. {day.month}. {day.day}."


def time_ko(value, missing: str = "—") -> str:
    """2024-06-01 09:30:12 → '2024. 6. 1. 09:30' (to the minute); `missing` when there is none."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return missing
    t = pd.Timestamp(value)
    return f"{t.year}. {t.month}. {t.day}. {t:%H:%M}"


def number(value, decimals: int = 0) -> str:
    """1344 → '1,344'; '—' when missing; decimals only where asked."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    value = float(value)
    if decimals == 0 and not value.is_integer():
        decimals = 1
    return f"{value:,.{decimals}f}"


def period_labels(term_periods: pd.DataFrame) -> dict:
    """period → its label from the store's periods table (periods.label, e.g. 2026 → '2026. 6.')."""
    return {int(p): str(label) for p, label in zip(term_periods["period"], term_periods["label"])}


def period_label(period: int | str, labels: Mapping | None = None) -> str:
    """The period's label from `labels` (see period_labels), its number as text when not listed."""
    if labels:
        try:
            return labels.get(int(period), str(period))
        except (TypeError, ValueError):
            pass
    return str(period)
