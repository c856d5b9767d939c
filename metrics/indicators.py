"""Indicator figures: per-period and cumulative target and actual, whole-term rates, the
expected trajectory, and the pledge rate. Pure functions: pandas in, pandas out."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.rates import DEFAULT_POLICY, RatePolicy, indicator_rate

KEY = ["city", "pledge_id", "indicator_id"]
PLEDGE_KEY = ["city", "pledge_id"]


def cumulative(periods: pd.DataFrame, target_col: str = "target") -> pd.DataFrame:
    """Add running totals (누계) per indicator, in period order:
    target_cumulative = Σ target of periods up to this one (NaN until the first target);
    actual_cumulative = Σ actual up to this one (NaN for periods not yet begun)."""
    out = periods.sort_values([*KEY, "period"]).copy()
    by = out.groupby(KEY, sort=False).ngroup().to_numpy()   # the indicators as integers, grouped once
    target = out[target_col].astype(float)
    seen_target = target.notna().astype(int).groupby(by, sort=False).cumsum() > 0
    out["target_cumulative"] = target.fillna(0).groupby(by, sort=False).cumsum().where(seen_target)
    actual = out["actual"].astype(float)
    out["actual_cumulative"] = actual.fillna(0).groupby(by, sort=False).cumsum().where(actual.notna())
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
    columns = {k: periods[k] for k in KEY}
    columns["actual_to_date"] = periods["actual"].astype(float)
    for i, col in enumerate(target_cols):
        target = periods[col].astype(float)
        columns[f"target_total_{i}"] = target
        columns[f"expected_to_date_{i}"] = target.fillna(0) * period_share
    grouped = pd.DataFrame(columns).groupby(KEY, sort=False)
    # One grouping: NaN targets are skipped (all NaN → NaN), NaN actuals count as 0.
    sums = grouped["actual_to_date"].sum().reset_index()
    for i in range(len(target_cols)):   # the same grouping: the same order
        sums[f"target_total_{i}"] = grouped[f"target_total_{i}"].sum(min_count=1).to_numpy()
        sums[f"expected_to_date_{i}"] = grouped[f"expected_to_date_{i}"].sum().to_numpy()
    merged = definitions.merge(sums, on=KEY, how="left")
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


def pledge_rate(indicators: pd.DataFrame) -> pd.DataFrame:
    """pledge rate = Σ(weight × indicator rate) ÷ Σ weight over the indicators with a rate (공약 이행률).

    One row per pledge: rate (equal weights: the plain mean of the indicator rates; NaN when no
    indicator has a rate), expected_rate likewise, indicators, indicators_with_rate,
    indicators_without_rate."""
    rate = indicators["rate"]
    weight = indicators["weight"].astype(float).where(rate.notna())
    frame = pd.DataFrame({"city": indicators["city"], "pledge_id": indicators["pledge_id"],
                          "_wr": weight * rate, "_we": weight * indicators["expected_rate"], "_w": weight,
                          "indicators": indicators["indicator_id"].notna(), "indicators_with_rate": rate.notna()})
    grouped = frame.groupby(PLEDGE_KEY, sort=False)   # one grouping; each column summed on its own
    out = grouped["_wr"].sum().reset_index()
    for col in ["_we", "_w", "indicators", "indicators_with_rate"]:   # the same grouping: the same order
        out[col] = grouped[col].sum().to_numpy()
    has = out["_w"] > 0
    out["rate"] = (out["_wr"] / out["_w"]).where(has)
    out["expected_rate"] = (out["_we"] / out["_w"]).where(has)
    out["indicators_without_rate"] = out["indicators"] - out["indicators_with_rate"]
    return out.drop(columns=["_wr", "_we", "_w"])


def term_elapsed(term_start: pd.Series, term_end: pd.Series, as_of: dt.date) -> pd.Series:
    """term elapsed = days of the term up to the as-of date ÷ days of the term × 100 (%), 0 to 100."""
    term_start, term_end = pd.to_datetime(term_start), pd.to_datetime(term_end)
    as_of = pd.Timestamp(as_of)
    total = (term_end - term_start).dt.days + 1
    done = (as_of - term_start).dt.days + 1
    return (done / total).clip(lower=0, upper=1).astype(float) * 100
