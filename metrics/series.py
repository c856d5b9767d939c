"""Time series behind the indicator charts: the cumulative target (누계 목표), the expected
trajectory and the cumulative actual over the term. Pure functions, pandas in and out."""
from __future__ import annotations

import datetime as dt

import pandas as pd


def _with_bounds(periods: pd.DataFrame, term_periods: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The periods in order with their label/ends: their own (the engine's rows carry their term's),
    else from `term_periods` by period (one term's periods)."""
    if set(columns) <= set(periods.columns):
        return periods.sort_values("period")
    return periods.drop(columns=columns, errors="ignore").merge(
        term_periods[["period", *columns]], on="period").sort_values("period")


def target_path(periods: pd.DataFrame, term_periods: pd.DataFrame, term_start: dt.date) -> pd.DataFrame:
    """The expected trajectory of one indicator: cumulative target reached at each period's end
    (누계 목표), 0 at the term start, linear within a period — the same model as the expected
    rate (expected to date = Σ target × share of its period elapsed).
    Columns: date, target_cumulative, label."""
    frame = _with_bounds(periods, term_periods, ["label", "ends"])
    cumulative = frame["target"].astype(float).fillna(0).cumsum()
    out = pd.DataFrame({
        "date": [pd.Timestamp(term_start), *pd.to_datetime(frame["ends"])],
        "target_cumulative": [0.0, *cumulative],
        "label": ["임기 시작", *frame["label"].astype(str)],
    })
    return out.reset_index(drop=True)


def actual_path(monthly: pd.DataFrame, periods: pd.DataFrame, term_periods: pd.DataFrame,
                term_start: dt.date, as_of: dt.date) -> pd.DataFrame:
    """The cumulative actual of one indicator over time, up to the as-of date.
    From records: running Σ of the monthly actuals, at each month's end (the last month at the
    as-of date). Without records (reported figures): the running total (누계) at each period's
    end, the current period at the as-of date. Columns: date, actual_cumulative."""
    start = pd.Timestamp(term_start)
    as_of = pd.Timestamp(as_of)
    if not monthly.empty:
        frame = monthly.sort_values("month")
        ends = (pd.to_datetime(frame["month"]) + pd.offsets.MonthEnd(0)).clip(upper=as_of)
        points = pd.DataFrame({"date": ends, "actual_cumulative": frame["value"].astype(float).cumsum()})
    else:
        frame = _with_bounds(periods, term_periods, ["ends"])
        frame = frame[frame["actual"].notna()]
        points = pd.DataFrame({"date": pd.to_datetime(frame["ends"]).clip(upper=as_of),
                               "actual_cumulative": frame["actual"].astype(float).cumsum()})
    last = points["actual_cumulative"].iloc[-1] if not points.empty else 0.0
    out = pd.concat([
        pd.DataFrame({"date": [start], "actual_cumulative": [0.0]}),
        points[points["date"] >= start],
        pd.DataFrame({"date": [as_of], "actual_cumulative": [last]}),
    ], ignore_index=True)
    return out.drop_duplicates("date", keep="last").reset_index(drop=True)


def yearly_bars(periods: pd.DataFrame) -> pd.DataFrame:
    """Per period of one indicator: 목표 and 실적 side by side (long format for a grouped bar
    chart). Labels from the periods' `label` column (the engine's Figures.periods carry the
    store's labels), else the period number. Columns: label, kind ('목표' | '실적'), value."""
    frame = periods.sort_values("period")
    labels = (frame["label"].astype(str) if "label" in frame else frame["period"].astype(str)).tolist()
    target = pd.DataFrame({"label": labels, "kind": "목표", "value": frame["target"].astype(float).to_numpy()})
    actual = pd.DataFrame({"label": labels, "kind": "실적", "value": frame["actual"].astype(float).to_numpy()})
    return pd.concat([target, actual], ignore_index=True)
