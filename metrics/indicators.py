"""Indicator figures: per-period and cumulative target and actual, whole-term rates, the
expected trajectory, and the pledge rate. Pure functions: pandas in, pandas out."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from metrics.groups import grouped, grouped_sums, joined_keys, positions, run_cumsums, sorted_runs
from metrics.rates import DEFAULT_POLICY, RatePolicy, indicator_rate

KEY = ["city", "pledge_id", "indicator_id"]
PLEDGE_KEY = ["city", "pledge_id"]


def cumulative(periods: pd.DataFrame, target_col: str = "target") -> pd.DataFrame:
    """Add running totals (누계) per indicator, in period order:
    target_cumulative = Σ target of periods up to this one (NaN until the first target);
    actual_cumulative = Σ actual up to this one (NaN for periods not yet begun)."""
    starts = sorted_runs(periods, KEY, then=["period"])
    if starts is None:                 # not in the store's order: sorted, each indicator one run
        periods = periods.sort_values([*KEY, "period"])
        order, starts = grouped(periods, KEY)
        periods = periods if order is None else periods.iloc[order]
    out = periods.copy()
    target = out[target_col].astype(float).to_numpy()
    seen = run_cumsums(~np.isnan(target), starts) > 0
    out["target_cumulative"] = np.where(seen, run_cumsums(np.nan_to_num(target, nan=0.0), starts), np.nan)
    actual = out["actual"].astype(float).to_numpy()
    out["actual_cumulative"] = np.where(np.isnan(actual), np.nan, run_cumsums(np.nan_to_num(actual, nan=0.0), starts))
    return out


def elapsed_fraction(starts: pd.Series, ends: pd.Series, as_of: dt.date) -> pd.Series:
    """Share of each period elapsed on the as-of date (inclusive days), between 0 and 1."""
    starts = pd.to_datetime(starts)
    ends = pd.to_datetime(ends)
    as_of = pd.Timestamp(as_of)
    days = (ends - starts).dt.days + 1
    done = (as_of - starts).dt.days + 1
    return (done / days).clip(lower=0, upper=1)


def indicator_summary(periods: pd.DataFrame, definitions: pd.DataFrame, term_periods: pd.DataFrame,
                      as_of: dt.date, policy: RatePolicy = DEFAULT_POLICY,
                      target_col: str = "target") -> pd.DataFrame:
    """One row per indicator:
    target_total = Σ targets over the whole term; actual_to_date = Σ actuals to the as-of date;
    rate = actual_to_date ÷ target_total × 100 (capped at 100 when the policy and the indicator cap);
    expected_to_date = Σ target × share of its period elapsed; expected_rate = expected ÷ target_total × 100."""
    return indicator_summaries(periods, definitions, term_periods, as_of, policy, (target_col,))[0]


def indicator_summaries(periods: pd.DataFrame, definitions: pd.DataFrame, term_periods: pd.DataFrame,
                        as_of: dt.date, policy: RatePolicy = DEFAULT_POLICY,
                        target_cols: tuple[str, ...] = ("target",)) -> list[pd.DataFrame]:
    """indicator_summary under each of several target columns (e.g. the targets in force and the
    card's original targets), grouping the periods once: one frame per target column. The period
    bounds are the rows' own starts/ends when `periods` has them (each pledge's term), else
    `term_periods` by period."""
    if {"starts", "ends"} <= set(periods.columns):   # each row carries its own term's period bounds
        period_share = elapsed_fraction(periods["starts"], periods["ends"], as_of).astype(float).fillna(0)
    else:
        bounds = term_periods.set_index("period")
        share = elapsed_fraction(bounds["starts"], bounds["ends"], as_of)
        period_share = periods["period"].map(share).astype(float).fillna(0)
    sums = _indicator_sums(periods, period_share, target_cols)
    merged = definitions.reset_index(drop=True)
    found = positions(joined_keys(merged, KEY), sums.pop("_keys"))
    for col, values in sums.items():      # a left join on the keys: NaN for an indicator without periods
        merged[col] = np.where(found >= 0, values[np.maximum(found, 0)], np.nan) if len(values) else np.nan
    cap = merged["cap"].astype(bool).to_numpy() & policy.cap
    base = list(definitions.columns)
    out = []
    for i in range(len(target_cols)):
        frame = merged[base].copy()
        frame["target_total"] = merged[f"target_total_{i}"]
        frame["actual_to_date"] = merged["actual_to_date"]
        frame["expected_to_date"] = merged[f"expected_to_date_{i}"]
        frame["rate"] = indicator_rate(frame["actual_to_date"], frame["target_total"], cap)
        frame["rate_uncapped"] = indicator_rate(frame["actual_to_date"], frame["target_total"], False)
        frame["expected_rate"] = indicator_rate(frame["expected_to_date"], frame["target_total"], True)
        out.append(frame)
    return out


def _indicator_sums(periods: pd.DataFrame, period_share: pd.Series, target_cols) -> dict:
    """Per indicator (a run of the periods, grouped once): actual_to_date = Σ actual (NaN counts 0),
    target_total_i = Σ target (NaN when all missing), expected_to_date_i = Σ target × share elapsed;
    `_keys`: the indicators' joined keys."""
    share = period_share.to_numpy(dtype=float)
    columns = {"actual_to_date": periods["actual"].astype(float).to_numpy()}
    targets = {}
    for i, col in enumerate(target_cols):     # NaN targets are skipped (all NaN → NaN), NaN actuals count as 0
        targets[i] = periods[col].astype(float).to_numpy()
        columns[f"target_total_{i}"] = targets[i]
        columns[f"expected_to_date_{i}"] = np.nan_to_num(targets[i], nan=0.0) * share
    first, sums = grouped_sums(periods, KEY, columns, min_count=tuple(f"target_total_{i}" for i in targets))
    sums["_keys"] = joined_keys(first, KEY)
    return sums


def pledge_rate(indicators: pd.DataFrame) -> pd.DataFrame:
    """pledge rate = Σ(weight × indicator rate) ÷ Σ weight over the indicators with a rate (공약 이행률).

    One row per pledge: rate (equal weights: the plain mean of the indicator rates; NaN when no
    indicator has a rate), expected_rate likewise, indicators, indicators_with_rate,
    indicators_without_rate."""
    rate = indicators["rate"].astype(float).to_numpy()
    with_rate = ~np.isnan(rate)
    weight = np.where(with_rate, indicators["weight"].astype(float).to_numpy(), np.nan)
    values = {"wr": weight * rate, "we": weight * indicators["expected_rate"].astype(float).to_numpy(), "w": weight,
              "n": indicators["indicator_id"].notna().to_numpy(dtype=float), "n_rate": with_rate.astype(float)}
    out, sums = grouped_sums(indicators, PLEDGE_KEY, values)   # one grouping, in order of first appearance
    wr, we, w = sums["wr"], sums["we"], sums["w"]
    out["indicators"] = sums["n"].astype(np.int64)
    out["indicators_with_rate"] = sums["n_rate"].astype(np.int64)
    has = w > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out["rate"] = np.where(has, wr / np.where(has, w, 1.0), np.nan)
        out["expected_rate"] = np.where(has, we / np.where(has, w, 1.0), np.nan)
    out["indicators_without_rate"] = out["indicators"] - out["indicators_with_rate"]
    return out


def term_elapsed(term_start: pd.Series, term_end: pd.Series, as_of: dt.date) -> pd.Series:
    """term elapsed = days of the term up to the as-of date ÷ days of the term × 100 (%), 0 to 100."""
    term_start, term_end = pd.to_datetime(term_start), pd.to_datetime(term_end)
    as_of = pd.Timestamp(as_of)
    total = (term_end - term_start).dt.days + 1
    done = (as_of - term_start).dt.days + 1
    return (done / total).clip(lower=0, upper=1).astype(float) * 100
