"""Forecast (전망): where each indicator and pledge ends the term at the current pace.
Pure functions, pandas in and out; the one store read is `load_monthly` (a named query).

Per indicator:
  months_remaining = whole calendar months after the as-of month up to the term's last month
                     (as of 2024-05-31, term ending 2026-06-30: 25); 0 once the term has ended
  pace_per_month   = records: Σ monthly actuals of the 12 calendar months ending with the as-of
                     month ÷ months used (fewer than 12 when the first record is younger:
                     pace_months says how many); reported figures (no dates per record): the
                     actual to date ÷ months from the start of the first period with a reported
                     figure to the as-of month (pace_basis tells which)
  projected_total  = actual to date + pace × months remaining
  projected_rate   = projected total ÷ whole-term target × 100, capped like the indicator rate
                     (projected_rate_uncapped: the same without the cap)
  needed_per_month = (whole-term target − actual to date) ÷ months remaining (0 once reached)
  reaches_target_on = the month the whole-term target is reached at the pace (the as-of month if
                     already reached; None without a target, without a pace or with pace 0)
Per pledge: projected_rate = Σ(weight × indicator projected rate) ÷ Σ weight over the indicators
with a projected rate (the pledge-rate formula, metrics.indicators.pledge_rate).
"""
from __future__ import annotations

import datetime as dt
import math

import duckdb
import numpy as np
import pandas as pd

from data.store import query
from metrics.groups import (as_arrow, grouped_sums, joined_keys, left_join, positions, run_lengths, run_sums, with_columns,
                            zero_nan)
from metrics.indicators import Runs, datetime_values, pledge_rate, pledge_rate_terms, weighted_mean
from metrics.rates import DEFAULT_POLICY, RatePolicy, indicator_rates

KEY = ["city", "pledge_id", "indicator_id"]
PACE_WINDOW = 12        # calendar months ending with the as-of month
HORIZON = 1200          # months: a target further away than 100 years at the pace is "never"
COLUMNS = KEY + ["months_remaining", "pace_per_month", "pace_months", "pace_basis", "no_pace_reason",
                 "projected_total", "projected_rate", "projected_rate_uncapped", "needed_per_month", "reaches_target_on"]


def load_monthly(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None = None,
                 pledge_id: str | None = None) -> pd.DataFrame:
    """Monthly actuals (city, pledge_id, indicator_id, month, value) up to the as-of date
    (data/queries/monthly_actuals_all.sql)."""
    return query(con, "monthly_actuals_all", as_of=as_of, city=city, pledge_id=pledge_id)


def month_index(day) -> int:
    """A calendar month as one integer: year × 12 + month − 1 (2024-05-31 → 24292)."""
    day = pd.Timestamp(day)
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    """The first day of the month with that month_index."""
    return dt.date(index // 12, index % 12 + 1, 1)


def month_indices(days) -> np.ndarray:
    """month_index of every day of a Series or array (vectorised)."""
    days = datetime_values(days)
    return days.astype("datetime64[M]").astype("int64") + 1970 * 12   # months since 1970-01 + 1970 years


_NAT_MONTH = np.array(["NaT"], dtype="datetime64[us]").astype("datetime64[M]").astype("int64")[0] + 1970 * 12  # month_indices of NaT


def month_starts(indices) -> list:
    """month_start of every month_index (None where missing)."""
    indices = pd.Series(indices, dtype="Int64")
    return list(_month_start_objects(indices.to_numpy(dtype="int64", na_value=0), indices.notna().to_numpy()))


def _month_start_objects(values: np.ndarray, known: np.ndarray) -> np.ndarray:
    """month_start of each month index `values` where `known` (None elsewhere), an object array;
    each distinct month made once (a few dozen months)."""
    out = np.full(len(values), None, dtype=object)
    if not known.any():
        return out
    values = values[known]
    low, high = int(values.min()), int(values.max())
    if high - low < 100_000:               # months within a range: looked up by their offset, not sorted
        present = np.zeros(high - low + 1, dtype=bool)
        present[values - low] = True
        firsts = np.empty(len(present), dtype=object)
        months = np.flatnonzero(present)
        firsts[months] = [month_start(low + int(i)) for i in months]
        out[known] = firsts[values - low]
        return out
    months, which = np.unique(values, return_inverse=True)
    firsts = np.empty(len(months), dtype=object)
    firsts[:] = [month_start(int(i)) for i in months]
    out[known] = firsts[which]
    return out


def months_remaining(as_of: dt.date, term_end) -> int:
    """months remaining = month_index(term's last day) − month_index(as-of date), at least 0
    (whole calendar months after the as-of month up to the term's last month)."""
    return max(month_index(term_end) - month_index(as_of), 0)


def window_pace(first_month, window_total, now: int, window: int = PACE_WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """months used = now − max(first month, now − window + 1) + 1 (month indices);
    pace = window total ÷ months used. Returns (pace_per_month, pace_months)."""
    months = now - np.maximum(np.asarray(first_month, dtype="int64"), now - window + 1) + 1
    return np.asarray(window_total, dtype=float) / months, months.astype(int)


def record_pace(monthly: pd.DataFrame, as_of: dt.date, window: int = PACE_WINDOW) -> pd.DataFrame:
    """pace = Σ monthly actuals of the `window` calendar months ending with the as-of month
    ÷ months used, where months used = months from max(window start, first record's month) to the
    as-of month (inclusive); months without records inside count as 0 (`window_pace`).

    `monthly`: city, pledge_id, indicator_id, month, value (all months up to the as-of date), or
    the same already summed per indicator: first_month, window_total (data/queries/record_pace.sql,
    read by metrics.engine.load_inputs).
    Returns one row per indicator with records: pace_per_month, pace_months."""
    if monthly.empty:
        return pd.DataFrame(columns=KEY + ["pace_per_month", "pace_months"])
    if "window_total" in monthly.columns:
        out, pace, months = _window_paces(monthly, as_of, window)
        return with_columns(out, {"pace_per_month": pace, "pace_months": months})
    now = month_index(as_of)
    if "window_total" in monthly.columns:
        out = monthly[KEY]
        first, total = month_indices(monthly["first_month"]), monthly["window_total"].to_numpy(dtype=float)
    else:
        frame = monthly[KEY].assign(_m=month_indices(monthly["month"]), _v=monthly["value"].astype(float))
        frame = frame[frame["_m"] <= now]
        in_window = frame["_v"].where(frame["_m"] > now - window, 0.0)
        grouped = frame.assign(_w=in_window).groupby(KEY, sort=False)
        out = grouped.agg(_first=("_m", "min"), _total=("_w", "sum")).reset_index()
        first, total = out.pop("_first").to_numpy(), out.pop("_total").to_numpy()
    pace, months = window_pace(first, total, now, window)
    return with_columns(out, {"pace_per_month": pace, "pace_months": months})


def _window_paces(totals: pd.DataFrame, as_of: dt.date, window: int = PACE_WINDOW) -> tuple:
    """record_pace of the window totals (data/queries/record_pace.sql) as (keys, pace_per_month, pace_months)."""
    first = month_indices(totals["first_month"])
    pace, months = window_pace(first, totals["window_total"].to_numpy(dtype=float), month_index(as_of), window)
    return totals[KEY], pace, months


def reported_pace(periods: pd.DataFrame, term_periods: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """For indicators whose actuals are reported figures (one per period, no dated records):
    pace = actual to date ÷ months from the start month of the first period with a reported figure
    to the as-of month (inclusive) — the average month since reporting began. A figure reported
    before the as-of date (a lag) makes the pace an underestimate.

    `periods`: city, pledge_id, indicator_id, period, actual (and starts: then `term_periods`,
    period → starts, is not needed). Returns one row per indicator with a reported figure: pace_per_month, pace_months."""
    columns = KEY + ["actual"] + (["starts"] if "starts" in periods.columns else ["period"])
    frame = periods[columns][periods["actual"].notna().to_numpy()]   # only the columns used: a cheaper filter
    if frame.empty:
        return pd.DataFrame(columns=KEY + ["pace_per_month", "pace_months"])
    if "starts" in frame.columns:   # each row's own term's period start
        firsts = frame["starts"]
    else:
        firsts = frame["period"].map(term_periods.set_index("period")["starts"])
    out, sums = grouped_sums(frame, KEY, {"_a": frame["actual"].astype(float).to_numpy()},
                             minima={"_first": month_indices(firsts)})   # per indicator, in order of first appearance
    first, total = sums["_first"], sums["_a"]
    out["pace_months"] = pd.Series(month_index(as_of) - first + 1).clip(lower=1).astype(int)
    out["pace_per_month"] = total / out["pace_months"]
    return out


def projected_total(actual, pace, months):
    """projected total = actual to date + pace × months remaining (None/NaN without a pace)."""
    return actual + pace * months


def needed_per_month(target, actual, months):
    """needed per month = (whole-term target − actual to date) ÷ months remaining; 0 once the
    target is reached; NaN without a target (or zero target), or with a shortfall and no month left."""
    target = pd.Series(target, dtype=float)
    actual = pd.Series(actual, dtype=float).fillna(0.0).set_axis(target.index)
    months = pd.Series(months, dtype=float).set_axis(target.index)
    short = (target - actual).clip(lower=0)
    needed = short / months.where(months > 0)
    needed = needed.where(short > 0, 0.0)
    return needed.where(target > 0)


def needed_per_month_values(target: np.ndarray, actual: np.ndarray, months: np.ndarray) -> np.ndarray:
    """needed_per_month on float arrays (numpy in and out): (target − actual, at least 0) ÷ months
    remaining; 0 once reached; NaN without a target > 0 or with a shortfall and no month left."""
    target = np.asarray(target, dtype=float)
    actual = zero_nan(np.asarray(actual, dtype=float))
    months = np.asarray(months, dtype=float)
    short = target - actual
    short = np.where(np.isnan(short) | (short >= 0), short, 0.0)      # pandas' clip(lower=0): NaN kept
    needed = short / np.where(months > 0, months, np.nan)
    needed = np.where(short > 0, needed, 0.0)
    with np.errstate(invalid="ignore"):
        return np.where(target > 0, needed, np.nan)


def reaches_target_on(target, actual, pace, as_of: dt.date, horizon: int = HORIZON) -> dt.date | None:
    """The month (its first day) the whole-term target is reached at the pace:
    as-of month + ⌈(target − actual to date) ÷ pace⌉ months; the as-of month when already reached;
    None without a target (or zero), without a pace, with pace 0, or beyond `horizon` months."""
    if _missing(target) or target <= 0:
        return None
    actual = 0.0 if _missing(actual) else float(actual)
    if actual >= target:
        return month_start(month_index(as_of))
    if _missing(pace) or pace <= 0:
        return None
    months = math.ceil(round((target - actual) / pace, 9))
    return None if months > horizon else month_start(month_index(as_of) + months)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def reaches_target_months(target, actual, pace, now: int, horizon: int = HORIZON) -> pd.Series:
    """`reaches_target_on` for arrays, as month indices (<NA> for None): now when already
    reached, else now + ⌈round((target − actual) ÷ pace, 9)⌉ when within `horizon`."""
    values, known = _reach_months(target, actual, pace, now, horizon)
    out = pd.array(values, dtype="Int64")
    out[~known] = pd.NA
    return pd.Series(out)


def _reach_months(target, actual, pace, now: int, horizon: int = HORIZON) -> tuple[np.ndarray, np.ndarray]:
    """reaches_target_months as (month indices, known) arrays."""
    target = np.asarray(target, dtype=float)
    actual = zero_nan(np.asarray(actual, dtype=float))
    pace = np.asarray(pace, dtype=float)
    has_target = ~np.isnan(target) & (target > 0)
    reached = has_target & (actual >= target)
    moving = has_target & ~reached & ~np.isnan(pace) & (pace > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(moving, (target - actual) / np.where(moving, pace, 1.0), 0.0)
    months = np.ceil(np.round(ratio, 9))
    # Near an integer boundary Python's round, as the scalar (an exact small integer rounds to itself either way)
    near = moving & (np.abs(ratio - np.round(ratio)) < 1e-6) & ~((ratio == np.floor(ratio)) & (np.abs(ratio) < 2 ** 20))
    months[near] = [math.ceil(round(float(x), 9)) for x in ratio[near]]
    moving &= months <= horizon
    return np.where(reached, now, now + np.where(moving, months, 0)).astype("int64"), reached | moving


def _reach_starts(target, actual, pace, now: int) -> np.ndarray:
    """month_starts(reaches_target_months(…)) as an object array."""
    values, known = _reach_months(target, actual, pace, now)
    return _month_start_objects(np.where(known, values, 0), known)


def indicator_forecast(indicators: pd.DataFrame, pledges: pd.DataFrame, monthly: pd.DataFrame,
                       periods: pd.DataFrame, term_periods: pd.DataFrame, as_of: dt.date,
                       policy: RatePolicy = DEFAULT_POLICY, runs: Runs | None = None) -> pd.DataFrame:
    """The forecast of every indicator (formulas in the module docstring).

    indicators: the engine's Figures.indicators (city, pledge_id, indicator_id, source, cap,
    target_total, actual_to_date); pledges: city, pledge_id, term_end; monthly: load_monthly;
    periods: city, pledge_id, indicator_id, period, actual; term_periods: period, starts.
    runs: the periods' runs (metrics.indicators.indicator_runs of these pledges; `indicators` the
    definitions' rows in order) when the caller has them.
    no_pace_reason: 'no_records' (a record-based indicator without any record up to the as-of
    date) or 'no_reported_figure'; None when there is a pace."""
    frame = indicators[KEY + ["source", "cap", "target_total", "actual_to_date"]].reset_index(drop=True)
    if runs is not None and runs.pledge_rows is not None:    # each indicator's pledge row, known
        row = runs.pledge_rows[runs.pledge_of(len(frame))]
        by_pledge = month_indices(pledges["term_end"])
        term_months = np.where(row >= 0, by_pledge[np.maximum(row, 0)], _NAT_MONTH)
    else:
        frame = left_join(frame, pledges[["city", "pledge_id", "term_end"]], ["city", "pledge_id"])
        term_months = month_indices(frame["term_end"])
    reported = (frame["source"] == "reported").to_numpy()
    # A reported indicator's pace comes from its figures only, a record-based one's from records:
    # each kind looked up once per indicator (NaN without a pace), the indicator's own kind kept.
    by_records = _per_indicator(frame, monthly, as_of, runs)
    by_reports = (_per_indicator(frame, reported_pace(periods, term_periods, as_of), as_of, None) if runs is None
                  else _reported_pace_by_run(periods, runs, as_of, reported))
    pace = np.where(reported, by_reports["pace_per_month"], by_records["pace_per_month"])
    has_pace = ~np.isnan(pace)
    months = np.maximum(term_months - month_index(as_of), 0)
    actual = frame["actual_to_date"].astype(float).fillna(0.0).to_numpy()
    target = frame["target_total"].astype(float).to_numpy()
    total = projected_total(actual, pace, months)
    cap = frame["cap"].astype(bool).to_numpy() & policy.cap
    projected = {k: np.where(np.isnan(total), np.nan, indicator_rates(total, target, c))
                 for k, c in (("projected_rate", cap), ("projected_rate_uncapped", False))}
    months_used = np.where(reported, by_reports["pace_months"], by_records["pace_months"])
    out = with_columns(frame[KEY].reset_index(drop=True), {
        "months_remaining": months, "pace_per_month": pace,
        "pace_months": zero_nan(months_used).astype(int),
        "pace_basis": pd.Series(_words(reported, "reported", "records", has_pace), dtype=object),
        "no_pace_reason": pd.Series(_words(reported, "no_reported_figure", "no_records", ~has_pace), dtype=object),
        "projected_total": total, **projected,
        "needed_per_month": needed_per_month_values(target, actual, months),
        "reaches_target_on": _reach_starts(target, actual, pace, month_index(as_of))})
    return out if list(out.columns) == COLUMNS else out[COLUMNS]


def _words(flags: np.ndarray, yes: str, no: str, shown: np.ndarray) -> np.ndarray:
    """`yes` where the flag is set, else `no`; None where not `shown` (an object array)."""
    words = np.array([no, yes], dtype=object)[flags.astype(np.int64)]
    words[~shown] = None
    return words


def _per_indicator(frame: pd.DataFrame, pace: pd.DataFrame, as_of: dt.date, runs: Runs | None) -> dict:
    """pace_per_month and pace_months of each indicator of `frame` (NaN where `pace` has no row):
    a left join on the keys (through the definitions' joined keys when `runs` has them). `pace`:
    record_pace's or reported_pace's rows, or the window totals record_pace takes."""
    if "window_total" in pace.columns and not pace.empty:
        keys, per_month, months = _window_paces(pace, as_of)
        values = {"pace_per_month": per_month, "pace_months": months}
    else:
        pace = record_pace(pace, as_of) if "pace_per_month" not in pace.columns else pace
        keys, values = pace[KEY], {c: pace[c] for c in ["pace_per_month", "pace_months"]}
    if not len(keys):
        return {c: np.full(len(frame), np.nan) for c in values}
    found = None
    if runs is not None:
        at = positions(joined_keys(keys, KEY), runs.keys)
        if (at >= 0).all() and np.bincount(at, minlength=len(frame)).max(initial=0) <= 1:   # one row each
            found = np.full(len(frame), -1)
            found[at] = np.arange(len(at))
    if found is None:
        joined = left_join(frame[KEY], with_columns(keys, values), KEY)
        return {c: joined[c].astype(float).to_numpy() for c in values}
    return {c: np.where(found >= 0, np.asarray(v, dtype=float)[np.maximum(found, 0)], np.nan) for c, v in values.items()}


def _reported_pace_by_run(periods: pd.DataFrame, runs: Runs, as_of: dt.date, reported: np.ndarray | None = None) -> dict:
    """reported_pace of each indicator (definitions row; NaN without a reported figure) from the
    periods' runs: the same sums over the rows with a figure, without matching keys; with
    `reported` (per definition), only those indicators' (NaN for the others)."""
    lengths = run_lengths(runs.starts, len(periods))
    wanted = np.arange(len(runs.starts))               # the runs looked at: every one, or the reported indicators'
    if reported is not None:
        flags = np.zeros(len(runs.starts), dtype=bool)
        flags[runs.found[reported & (runs.found >= 0)]] = True
        wanted = np.flatnonzero(flags)
    size = lengths[wanted]
    rows = np.repeat(runs.starts[wanted] - np.r_[0, np.cumsum(size)[:-1]], size) + np.arange(int(size.sum()))
    actual = periods["actual"].astype(float).to_numpy()[rows]
    kept = ~np.isnan(actual)
    run = np.repeat(wanted, size)[kept]
    out = {"pace_per_month": np.full(len(runs.starts), np.nan), "pace_months": np.full(len(runs.starts), np.nan)}
    if len(run):
        starts = np.flatnonzero(np.r_[True, run[1:] != run[:-1]])
        # the month of the earliest start (month_index rises with the date: the min's month is the months' min)
        first = month_indices(np.minimum.reduceat(periods["starts"].to_numpy()[rows[kept]], starts))
        months = np.maximum(month_index(as_of) - first + 1, 1)
        out["pace_months"][run[starts]] = months
        out["pace_per_month"][run[starts]] = run_sums({"a": actual[kept]}, starts, len(run))["a"] / months
    found = runs.found
    return {c: np.where(found >= 0, v[np.maximum(found, 0)], np.nan) for c, v in out.items()}


def pledge_forecast(forecast: pd.DataFrame, indicators: pd.DataFrame,
                    pledge_starts: np.ndarray | None = None) -> pd.DataFrame:
    """projected pledge rate = Σ(weight × indicator projected rate) ÷ Σ weight over the indicators
    with a projected rate (metrics.indicators.pledge_rate). One row per pledge: city, pledge_id,
    projected_rate, indicators_with_projection. `pledge_starts`: the indicators' runs per pledge."""
    aligned = len(forecast) == len(indicators) and all(   # the engine's: one row per indicator, same order
        as_arrow(forecast[k]).equals(as_arrow(indicators[k])) for k in KEY)
    if aligned and pledge_starts is not None:      # summed over the pledge runs: only the sums read
        terms = pledge_rate_terms(forecast["projected_rate"], indicators["weight"], forecast["projected_rate"],
                                  indicators["indicator_id"].notna())
        sums = run_sums({k: terms[k] for k in ("wr", "w", "n_rate")}, pledge_starts, len(indicators))
        return with_columns(indicators[["city", "pledge_id"]].iloc[pledge_starts].reset_index(drop=True), {
            "projected_rate": weighted_mean(sums["wr"], sums["w"]),
            "indicators_with_projection": sums["n_rate"].astype(np.int64)})
    if aligned:
        projected = forecast["projected_rate"].to_numpy()
        frame = with_columns(indicators[KEY + ["weight"]], {"rate": projected, "expected_rate": projected})
    else:
        frame = indicators[KEY + ["weight"]].merge(forecast[KEY + ["projected_rate"]], on=KEY, how="left")
        frame = frame.assign(rate=frame["projected_rate"], expected_rate=frame["projected_rate"])
    rates = pledge_rate(frame, pledge_starts if aligned else None)
    return rates.rename(columns={"rate": "projected_rate", "indicators_with_rate": "indicators_with_projection"})[
        ["city", "pledge_id", "projected_rate", "indicators_with_projection"]]
