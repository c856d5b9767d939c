"""Indicator figures: per-period and cumulative target and actual, whole-term rates, the
expected trajectory, and the pledge rate. Pure functions: pandas in, pandas out."""
from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa

from metrics.groups import (grouped, grouped_sums, joined_keys, positions, run_cumsums, run_lengths, run_positions, run_sums,
                            running_any, sorted_runs, with_columns, zero_nan)
from metrics.rates import DEFAULT_POLICY, RatePolicy, indicator_rates

KEY = ["city", "pledge_id", "indicator_id"]
PLEDGE_KEY = ["city", "pledge_id"]


def cumulative(periods: pd.DataFrame, target_col: str = "target", starts: np.ndarray | None = None) -> pd.DataFrame:
    """Add running totals (누계) per indicator, in period order:
    target_cumulative = Σ target of periods up to this one (NaN until the first target);
    actual_cumulative = Σ actual up to this one (NaN for periods not yet begun).
    `starts`: the first row of each indicator when the caller has found the rows sorted (sorted_runs)."""
    starts = sorted_runs(periods, KEY, then=["period"]) if starts is None else starts
    if starts is None:                 # not in the store's order: sorted, each indicator one run
        periods = periods.sort_values([*KEY, "period"])
        order, starts = grouped(periods, KEY)
        periods = periods if order is None else periods.iloc[order]
    target = periods[target_col].astype(float).to_numpy()
    seen = running_any(~np.isnan(target), starts)
    actual = periods["actual"].astype(float).to_numpy()
    return periods.assign(   # new columns on a lazy copy (copy-on-write): the periods' own columns not copied
        target_cumulative=np.where(seen, run_cumsums(zero_nan(target), starts), np.nan),
        actual_cumulative=np.where(np.isnan(actual), np.nan, run_cumsums(zero_nan(actual), starts)))


def elapsed_fraction(starts: pd.Series, ends: pd.Series, as_of: dt.date) -> pd.Series:
    """Share of each period elapsed on the as-of date (inclusive days), between 0 and 1."""
    starts = pd.Series(starts)
    return pd.Series(elapsed_shares(starts, ends, as_of), index=starts.index)


def elapsed_shares(starts, ends, as_of) -> np.ndarray:
    """elapsed_fraction as an array: (as-of − start + 1 day) ÷ (end − start + 1 day), clipped to
    0…1; NaN where a bound is missing. `as_of`: one date, or one per row."""
    starts = datetime_values(starts)
    unit = np.datetime_data(starts.dtype)[0]
    ends = datetime_values(ends).astype(f"datetime64[{unit}]", copy=False)
    day = (np.datetime64(pd.Timestamp(as_of).to_datetime64(), unit) if np.ndim(as_of) == 0
           else datetime_values(as_of).astype(f"datetime64[{unit}]", copy=False))
    known = ~(np.isnat(starts) | np.isnat(ends) | np.isnat(day))
    whole = int(np.timedelta64(1, "D") // np.timedelta64(1, unit))      # one day in the dates' unit
    start = starts.view(np.int64)
    days = (ends.view(np.int64) - start) // whole + 1          # whole days, rounded down (Timedelta.days)
    done = (np.asarray(day).view(np.int64) - start) // whole + 1
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        share = done / days if known.all() else np.where(known, done / np.where(known, days, 1), np.nan)
    return np.where(share < 0, 0.0, np.where(share > 1, 1.0, share))   # pandas' clip: NaN kept


def datetime_values(values) -> np.ndarray:
    """pd.to_datetime(pd.Series(values)).to_numpy(): dates in one of pandas' units (s, ms, us,
    ns) taken as they are, anything else converted by pandas."""
    array = values.to_numpy() if isinstance(values, pd.Series) else values
    if isinstance(array, np.ndarray) and array.dtype.kind == "M" and np.datetime_data(array.dtype)[0] in ("s", "ms", "us", "ns"):
        return array
    return pd.to_datetime(pd.Series(values)).to_numpy()


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
                        target_cols: tuple[str, ...] = ("target",), runs: Runs | None = None) -> list[pd.DataFrame]:
    """indicator_summary under each of several target columns (e.g. the targets in force and the
    card's original targets), grouping the periods once: one frame per target column. The period
    bounds are the rows' own starts/ends when `periods` has them (each pledge's term), else
    `term_periods` by period. `runs`: the periods' runs (`indicator_runs`) when the caller has them."""
    if {"starts", "ends"} <= set(periods.columns):   # each row carries its own term's period bounds
        share = zero_nan(elapsed_shares(periods["starts"], periods["ends"], as_of))
    else:
        bounds = term_periods.set_index("period")
        by_period = elapsed_fraction(bounds["starts"], bounds["ends"], as_of)
        share = periods["period"].map(by_period).astype(float).fillna(0).to_numpy()
    starts, found = (sorted_runs(periods, KEY), None) if runs is None else (runs.starts, runs.found)
    sums, first = _indicator_sums(periods, share, target_cols, starts)
    if found is None:
        found = positions(joined_keys(definitions, KEY), joined_keys(periods, KEY, starts) if first is None
                          else joined_keys(first, KEY))
    merged = {}
    for col, values in sums.items():      # a left join on the keys: NaN for an indicator without periods
        merged[col] = (np.where(found >= 0, values[np.maximum(found, 0)], np.nan) if len(values)
                       else np.full(len(found), np.nan))
    cap = definitions["cap"].astype(bool).to_numpy() & policy.cap
    base = definitions.reset_index(drop=True)
    actual = merged["actual_to_date"]
    out = []
    for i in range(len(target_cols)):
        target, expected = merged[f"target_total_{i}"], merged[f"expected_to_date_{i}"]
        out.append(with_columns(base, {"target_total": target, "actual_to_date": actual, "expected_to_date": expected,
                                       "rate": indicator_rates(actual, target, cap),
                                       "rate_uncapped": indicator_rates(actual, target, False),
                                       "expected_rate": indicator_rates(expected, target, True)}))
    return out


@dataclass(frozen=True)
class Runs:
    """The engine's rows matched by their keys once: the periods (sorted by the keys and period,
    as the store gives them) in runs, one per indicator; the definitions' place among them; the
    definitions' runs per pledge and the pledges' place among those. Later steps look rows up
    through these positions instead of matching text keys again."""
    starts: np.ndarray          # the first period row of each indicator's run
    found: np.ndarray           # per definition (indicator row): its run, −1 without periods
    pledge_starts: np.ndarray | None   # the first definition of each pledge's run (None: not sorted)
    pledge_found: np.ndarray | None = None     # per pledges row: its pledge run (−1: no indicators)
    pledge_rows: np.ndarray | None = None      # per pledge run: its pledges row (−1: none; None: a key twice)
    definitions: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @cached_property
    def keys(self) -> pa.Array:
        """The definitions' joined keys (to look other rows up by indicator)."""
        return joined_keys(self.definitions, KEY)

    @cached_property
    def pledge_keys(self) -> pa.Array | None:
        """The joined keys of the definitions' pledge runs (None without the pledges)."""
        return None if self.pledge_found is None else joined_keys(self.definitions, PLEDGE_KEY, self.pledge_starts)

    def run_owners(self) -> np.ndarray | None:
        """Per run of periods, its definition; None unless every run has exactly one."""
        owners = np.full(len(self.starts), -1)
        has = self.found >= 0
        owners[self.found[has]] = np.flatnonzero(has)
        if (owners < 0).any() or has.sum() != len(self.starts):
            return None
        return owners

    def pledge_of(self, n: int) -> np.ndarray:
        """Per definition (n of them), its pledge run."""
        return np.repeat(np.arange(len(self.pledge_starts)), run_lengths(self.pledge_starts, n))


def indicator_runs(periods: pd.DataFrame, definitions: pd.DataFrame, pledges: pd.DataFrame | None = None) -> Runs | None:
    """The periods' runs, each definition's run, and with `pledges` each pledge's run of
    definitions (`Runs`); None when the periods are not sorted by the keys and period."""
    starts = sorted_runs(periods, KEY, then=["period"])
    if starts is None:
        return None
    found = run_positions(definitions, KEY, periods, starts)
    pledge_starts = sorted_runs(definitions, PLEDGE_KEY)
    if pledge_starts is None or pledges is None:
        return Runs(starts, found, pledge_starts, definitions=definitions)
    pledge_found = run_positions(pledges, PLEDGE_KEY, definitions, pledge_starts)
    matched = pledge_found >= 0
    pledge_rows = np.full(len(pledge_starts), -1)
    pledge_rows[pledge_found[matched]] = np.flatnonzero(matched)
    unique = (pledge_rows >= 0).sum() == matched.sum()          # no pledge key twice among the pledges
    return Runs(starts, found, pledge_starts, pledge_found, pledge_rows if unique else None, definitions)


def _indicator_sums(periods: pd.DataFrame, share: np.ndarray, target_cols,
                    starts: np.ndarray | None) -> tuple[dict, pd.DataFrame | None]:
    """Per indicator (a run of the periods, grouped once): actual_to_date = Σ actual (NaN counts 0),
    target_total_i = Σ target (NaN when all missing), expected_to_date_i = Σ target × share elapsed.
    Also the indicators' keys when the rows were not in runs (`starts` None: pandas grouped them)."""
    columns = {"actual_to_date": periods["actual"].astype(float).to_numpy()}
    for i, col in enumerate(target_cols):     # NaN targets are skipped (all NaN → NaN), NaN actuals count as 0
        target = periods[col].astype(float).to_numpy()
        columns[f"target_total_{i}"] = target
        columns[f"expected_to_date_{i}"] = zero_nan(target) * share
    min_count = tuple(f"target_total_{i}" for i in range(len(target_cols)))
    if starts is not None:
        return run_sums(columns, starts, len(periods), min_count), None
    first, sums = grouped_sums(periods, KEY, columns, min_count=min_count)
    return sums, first


def pledge_rate(indicators: pd.DataFrame, starts: np.ndarray | None = None) -> pd.DataFrame:
    """pledge rate = Σ(weight × indicator rate) ÷ Σ weight over the indicators with a rate (공약 이행률).

    One row per pledge: rate (equal weights: the plain mean of the indicator rates; NaN when no
    indicator has a rate), expected_rate likewise, indicators, indicators_with_rate,
    indicators_without_rate. `starts`: the first row of each pledge's run when the caller has them."""
    terms = pledge_rate_terms(indicators["rate"], indicators["weight"], indicators["expected_rate"],
                              indicators["indicator_id"].notna())
    out, sums = grouped_sums(indicators, PLEDGE_KEY, terms, starts=starts)   # in order of first appearance
    return with_columns(out, pledge_rate_figures(sums))


def pledge_rate_terms(rate, weight, expected_rate, counted) -> dict:
    """The terms pledge_rate sums per pledge: wr = weight × rate, we = weight × expected rate and
    w = weight over the indicators with a rate (NaN for the others), n = indicators counted,
    n_rate = indicators with a rate. Arrays or Series in, arrays out."""
    rate = _floats(rate)
    with_rate = ~np.isnan(rate)
    weight = np.where(with_rate, _floats(weight), np.nan)
    expected = _floats(expected_rate)
    terms = {"wr": weight * rate, "w": weight, "n": np.asarray(counted, dtype=float), "n_rate": with_rate.astype(float)}
    if not np.array_equal(expected.view(np.int64), rate.view(np.int64)):   # equal bit for bit (the forecast's): Σ once
        terms["we"] = weight * expected
    return terms


def _floats(values) -> np.ndarray:
    """A Series (any numeric dtype, missing → NaN) or array as float64."""
    return values.astype(float).to_numpy() if isinstance(values, pd.Series) else np.asarray(values, dtype=float)


def pledge_rate_figures(sums: dict) -> dict:
    """pledge_rate's columns from the sums of its terms: rate = Σwr ÷ Σw, expected_rate = Σwe ÷ Σw
    (NaN without weight), indicators, indicators_with_rate, indicators_without_rate."""
    wr, w = sums["wr"], sums["w"]
    n, n_rate = sums["n"].astype(np.int64), sums["n_rate"].astype(np.int64)
    return {"indicators": n, "indicators_with_rate": n_rate, "rate": weighted_mean(wr, w),
            "expected_rate": weighted_mean(sums.get("we", wr), w), "indicators_without_rate": n - n_rate}


def weighted_mean(weighted: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ(weight × value) ÷ Σ weight per pledge; NaN where the weights sum to 0 or are missing."""
    has = weights > 0
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(has, weighted / np.where(has, weights, 1.0), np.nan)


def pledge_rates(indicators: pd.DataFrame, starts: np.ndarray) -> np.ndarray:
    """pledge_rate's rate alone, per pledge run (`starts`: the indicators' runs per pledge, sorted)."""
    terms = pledge_rate_terms(indicators["rate"], indicators["weight"], indicators["rate"], np.ones(len(indicators)))
    sums = run_sums({"wr": terms["wr"], "w": terms["w"]}, starts, len(indicators))
    return weighted_mean(sums["wr"], sums["w"])


def term_elapsed(term_start: pd.Series, term_end: pd.Series, as_of: dt.date) -> pd.Series:
    """term elapsed = days of the term up to the as-of date ÷ days of the term × 100 (%), 0 to 100."""
    fast = _term_elapsed_values(term_start, term_end, as_of)
    if fast is not None:
        return pd.Series(fast, index=term_start.index)
    term_start, term_end = pd.to_datetime(term_start), pd.to_datetime(term_end)
    as_of = pd.Timestamp(as_of)
    total = (term_end - term_start).dt.days + 1
    done = (as_of - term_start).dt.days + 1
    return (done / total).clip(lower=0, upper=1).astype(float) * 100


def _term_elapsed_values(term_start: pd.Series, term_end: pd.Series, as_of: dt.date) -> np.ndarray | None:
    """term_elapsed in numpy for the store's dates (datetime64[us], none missing): whole days by
    floor division as Timedelta.days, the same division and clip; None otherwise."""
    start, end = term_start.to_numpy(), term_end.to_numpy()
    us = np.dtype("datetime64[us]")
    if start.dtype != us or end.dtype != us or np.isnat(start).any() or np.isnat(end).any():
        return None
    day = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "us").view(np.int64)
    whole = 86_400_000_000                                      # microseconds in a day
    total = (end.view(np.int64) - start.view(np.int64)) // whole + 1
    done = (day - start.view(np.int64)) // whole + 1
    with np.errstate(invalid="ignore", divide="ignore"):
        share = done / total
    share = np.where(np.isnan(share) | (share >= 0), share, 0.0)     # pandas' clip: NaN kept
    share = np.where(np.isnan(share) | (share <= 1), share, 1.0)
    return share * 100
