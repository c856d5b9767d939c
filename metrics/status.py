"""Suggested status (추진상황) from the figures, its consistency with the recorded one, and the
date the check is made at. pandas Series in, Series out (one value per pledge); the words are
data/vocabulary.py's.

The check is made at the status basis date = min(as-of date, data date): past the newest data
the figures cannot have moved, so comparing them with the expected rate of a later date would
flag a false 일부추진; such a pledge is `stale` (자료 미갱신) instead. The recorded status checked
is the one in force on the as-of date (status_history), none before the first one was recorded.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

from data.vocabulary import DONE_STATUSES, Status, Suggested
from metrics.groups import grouped_sums, joined_keys, left_join, positions, run_lengths, run_sums, zero_nan
from metrics.indicators import Runs, elapsed_shares, pledge_rate, pledge_rate_figures, pledge_rate_terms
from metrics.rates import indicator_rates

_DONE = [str(s) for s in DONE_STATUSES]
_ON_TRACK_OR_DONE = [str(Suggested.ON_TRACK), str(Suggested.DONE)]
_NO_JUDGEMENT = [str(Suggested.TOO_EARLY)]
KEY = ["city", "pledge_id", "indicator_id"]
PLEDGE_KEY = ["city", "pledge_id"]
JUDGE_FROM = 5.0   # expected rate (%) below which no status is suggested: too early to judge


def suggested_status(rate, expected_rate, judge_from: float = JUDGE_FROM) -> pd.Series:
    """완료 if rate ≥ 100; 판단 유보 if the expected rate < `judge_from` (5%: at the start of a
    term a day's lag reads as 'behind'); else 정상추진 if rate ≥ expected rate (or no expected
    rate); else 일부추진; 자료 없음 without a rate."""
    return pd.Series(suggested_statuses(rate, expected_rate, judge_from))


def suggested_statuses(rate, expected_rate, judge_from: float = JUDGE_FROM) -> np.ndarray:
    """suggested_status as a numpy array of words."""
    rate = pd.to_numeric(pd.Series(rate), errors="coerce").astype(float).to_numpy()
    expected = pd.to_numeric(pd.Series(expected_rate), errors="coerce").astype(float).to_numpy()
    with np.errstate(invalid="ignore"):
        on_track = np.isnan(expected) | (rate >= expected)
        too_early = ~np.isnan(expected) & (expected < judge_from)
        return np.select([np.isnan(rate), rate >= 100, too_early, on_track],
                         [str(Suggested.NO_DATA), str(Suggested.DONE), str(Suggested.TOO_EARLY),
                          str(Suggested.ON_TRACK)],
                         str(Suggested.BEHIND))


SUGGESTED = [str(Suggested.NO_DATA), str(Suggested.DONE), str(Suggested.TOO_EARLY), str(Suggested.ON_TRACK),
             str(Suggested.BEHIND)]   # suggested_codes' words, by code


def suggested_codes(rate: np.ndarray, expected: np.ndarray, judge_from: float = JUDGE_FROM) -> np.ndarray:
    """suggested_statuses as positions in SUGGESTED, from float arrays (the same rules)."""
    with np.errstate(invalid="ignore"):
        on_track = np.isnan(expected) | (rate >= expected)
        too_early = ~np.isnan(expected) & (expected < judge_from)
        return np.select([np.isnan(rate), rate >= 100, too_early, on_track], [0, 1, 2, 3], 4)


def suggested_words(codes: np.ndarray) -> pd.Series:
    """The words of suggested_codes as a text column (what pandas makes of suggested_statuses'
    array), taken from the five words instead of converted one by one."""
    dtype = pd.Series(np.array(SUGGESTED)).dtype
    if not isinstance(dtype, pd.StringDtype) or dtype.storage != "pyarrow":
        return pd.Series(np.array(SUGGESTED)[codes])
    words = pa.array(SUGGESTED, pa.large_string()).take(pa.array(codes))
    return pd.Series(pd.array(words, dtype=dtype))


def consistent_codes(recorded, codes: np.ndarray) -> np.ndarray:
    """status_consistent with the suggestions as suggested_codes (a bool array)."""
    recorded = pd.Series(recorded)
    if recorded.isna().all():              # no status in force anywhere: nothing to disagree with
        return np.ones(len(codes), dtype=bool)
    done = recorded.isin(_DONE).to_numpy(dtype=bool)
    on_track = recorded.eq(str(Status.ON_TRACK)).to_numpy(dtype=bool)
    agrees = np.where(done, codes == 1, np.where(on_track, (codes == 3) | (codes == 1), True))
    return np.where(codes != 2, agrees, True).astype(bool)


def status_consistent(recorded, suggested) -> pd.Series:
    """consistent = (recorded done → suggested 완료) and (recorded 정상추진 → suggested 정상추진 or 완료);
    any other recorded status, no recorded status (None or NaN: none in force yet) and no
    judgement (판단 유보) are consistent."""
    recorded = pd.Series(recorded)
    suggested = suggested.to_numpy() if isinstance(suggested, pd.Series) else np.asarray(suggested)
    done = recorded.isin(_DONE).to_numpy(dtype=bool)
    on_track = recorded.eq(str(Status.ON_TRACK)).to_numpy(dtype=bool)
    judged = ~np.isin(suggested, _NO_JUDGEMENT)
    agrees = np.where(done, suggested == str(Suggested.DONE),
                      np.where(on_track, np.isin(suggested, _ON_TRACK_OR_DONE), True))
    return pd.Series(np.where(judged, agrees, True).astype(bool))


def basis_and_stale(data_until, as_of: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """(status_basis_date, stale) as arrays; the store's dates (datetime64[us]) compared in numpy."""
    until = data_until.to_numpy() if isinstance(data_until, pd.Series) else None
    if until is None or until.dtype != np.dtype("datetime64[us]"):
        return status_basis_date(data_until, as_of).to_numpy(), stale(data_until, as_of).to_numpy()
    day = np.datetime64(pd.Timestamp(as_of).to_datetime64(), "us")
    late = ~np.isnat(until) & (until < day)
    return np.where(late, until, day), late


def status_basis_date(data_until, as_of: dt.date) -> pd.Series:
    """status basis date = min(as-of date, data date); the as-of date without a data date."""
    until = pd.to_datetime(pd.Series(data_until))
    day = pd.Timestamp(as_of)
    return until.where(until.notna() & (until < day), day)


def stale(data_until, as_of: dt.date) -> pd.Series:
    """stale (자료 미갱신) = the data date lies before the as-of date."""
    until = pd.to_datetime(pd.Series(data_until))
    return (until.notna() & (until < pd.Timestamp(as_of))).astype(bool)


def expected_rate_on(periods: pd.DataFrame, indicators: pd.DataFrame, basis: pd.DataFrame,
                     runs: Runs | None = None) -> pd.DataFrame:
    """The pledge's expected rate on its own basis date (the expected-rate formula of
    metrics.indicators at another date): per indicator expected = Σ target × share of the period
    elapsed on the basis date ÷ Σ target × 100; per pledge the weighted mean over the indicators
    with a rate (metrics.indicators.pledge_rate).

    periods: city, pledge_id, indicator_id, target, starts, ends; indicators: the engine's
    (city, pledge_id, indicator_id, weight, rate); basis: city, pledge_id, status_basis_date.
    runs: the rows' runs (metrics.indicators.indicator_runs; `indicators` the definitions' rows in
    their order) when the caller has them: the periods looked up per indicator, not per row.
    Returns city, pledge_id, status_expected_rate."""
    basis = basis[PLEDGE_KEY + ["status_basis_date"]]
    at = None if runs is None else _basis_by_run(runs, basis, len(indicators))
    if at is None:
        return _expected_rate_by_rows(periods, indicators, basis)
    firsts, _, expected = _expected_by_pledge_run(periods, indicators, runs, at,
                                                  pd.to_datetime(basis["status_basis_date"]).to_numpy())
    if firsts is None:
        return basis[PLEDGE_KEY].assign(status_expected_rate=np.nan)
    return indicators[PLEDGE_KEY].iloc[firsts].reset_index(drop=True).assign(status_expected_rate=expected)


def expected_rates_by_pledge(periods: pd.DataFrame, indicators: pd.DataFrame, basis_date: np.ndarray,
                             checked: np.ndarray, runs: Runs, target_total: np.ndarray | None = None) -> np.ndarray | None:
    """expected_rate_on for the pledges `runs` was built with, as an array by pledge row: the
    expected rate of each `checked` pledge on its `basis_date` (NaN for the others and for a
    pledge without an indicator with periods); None when the runs cannot tell (then expected_rate_on).
    `target_total`: per indicator row Σ target of its periods as indicator_summaries gave it, when
    known (then not summed again where the same sum would come out)."""
    owners = runs.run_owners() if runs.pledge_rows is not None else None
    if owners is None:
        return None
    row = runs.pledge_rows[runs.pledge_of(len(indicators))[owners]]     # per run of periods: its pledge row
    at = np.where((row >= 0) & checked[np.maximum(row, 0)], row, -1)
    totals = None if target_total is None else np.asarray(target_total, dtype=float)[owners]
    _, pledge_runs, expected = _expected_by_pledge_run(periods, indicators, runs, at, np.asarray(basis_date), totals)
    out = np.full(len(checked), np.nan)
    if pledge_runs is not None:
        out[runs.pledge_rows[pledge_runs]] = expected
    return out


def _expected_by_pledge_run(periods: pd.DataFrame, indicators: pd.DataFrame, runs: Runs, at: np.ndarray,
                            dates: np.ndarray, totals: np.ndarray | None = None) -> tuple:
    """The formula of expected_rate_on over the runs: `at` per run of periods the position of its
    basis date in `dates` (−1: not checked); `totals` per run Σ target over all the periods when
    known. Returns (each pledge's first kept indicator row, its pledge run, its expected rate),
    pledges in order; (None, None, None) when nothing is checked."""
    starts, found, pledge_starts = runs.starts, runs.found, runs.pledge_starts
    lengths = run_lengths(starts, len(periods))
    checked = at >= 0                          # the indicators (runs) of the pledges checked
    checked[checked] = ~np.isnat(dates[at[checked]])
    if not checked.any():
        return None, None, None
    rows = np.repeat(checked, lengths)
    day = dates[np.repeat(at[checked], lengths[checked])]
    share = elapsed_shares(periods["starts"].to_numpy()[rows], periods["ends"].to_numpy()[rows], day)
    every = periods["target"].astype(float).to_numpy()
    target = every[rows]
    columns = {"_t": target, "_e": zero_nan(target) * share}
    if totals is not None and np.isnan(target).any() == np.isnan(every).any():
        del columns["_t"]   # the checked runs summed the same way as all of them (grouped sum with/without NaN)
    total = run_sums(columns, np.r_[0, np.cumsum(lengths[checked])[:-1]], len(target), ("_t",))
    if "_t" not in total:
        total["_t"] = totals[checked]
    by_run = np.full(len(starts), np.nan)
    by_run[checked] = indicator_rates(total["_e"], total["_t"], True)
    kept = np.flatnonzero((found >= 0) & checked[np.maximum(found, 0)])   # an inner join on the indicator
    if not len(kept):
        return None, None, None
    pledge = np.repeat(np.arange(len(pledge_starts)), run_lengths(pledge_starts, len(indicators)))[kept]
    firsts = np.flatnonzero(np.r_[True, pledge[1:] != pledge[:-1]])      # the kept indicators' pledge runs
    terms = pledge_rate_terms(indicators["rate"].to_numpy()[kept], indicators["weight"].to_numpy()[kept],
                              by_run[found[kept]], np.ones(len(kept)))
    return kept[firsts], pledge[firsts], pledge_rate_figures(run_sums(terms, firsts, len(kept)))["expected_rate"]


def _basis_by_run(runs: Runs, basis: pd.DataFrame, n: int) -> np.ndarray | None:
    """Per run of periods, the row of `basis` of its pledge (−1: not checked), through the runs'
    definitions and their pledges; None when that cannot be told (a run without exactly one
    definition, definitions not in pledge runs, a pledge twice in `basis`)."""
    owners = runs.run_owners() if runs.pledge_keys is not None else None
    if owners is None:
        return None
    at = positions(joined_keys(basis, PLEDGE_KEY), runs.pledge_keys)      # per basis row: its pledge run
    known = at >= 0
    if np.bincount(at[known], minlength=len(runs.pledge_starts)).max(initial=0) > 1:
        return None
    by_pledge = np.full(len(runs.pledge_starts), -1)
    by_pledge[at[known]] = np.flatnonzero(known)
    return by_pledge[runs.pledge_of(n)[owners]]


def _expected_rate_by_rows(periods: pd.DataFrame, indicators: pd.DataFrame, basis: pd.DataFrame) -> pd.DataFrame:
    """expected_rate_on for periods in any order: each row looked up by its keys."""
    day = left_join(periods[PLEDGE_KEY], basis, PLEDGE_KEY)["status_basis_date"]
    checked = day.notna().to_numpy()           # the rows of the pledges checked (an inner join on the pledge)
    if not checked.any():
        return basis[PLEDGE_KEY].assign(status_expected_rate=np.nan)
    rows = periods[KEY + ["target", "starts", "ends"]][checked].reset_index(drop=True)
    share = pd.Series(elapsed_shares(rows["starts"], rows["ends"], day[checked]))
    target = rows["target"].astype(float)
    sums, total = grouped_sums(rows, KEY, {"_t": target.to_numpy(), "_e": (target.fillna(0) * share).to_numpy()},
                               min_count=("_t",))
    sums["expected_rate"] = indicator_rates(total["_e"], total["_t"], True)
    found = positions(joined_keys(indicators, KEY), joined_keys(sums, KEY))   # an inner join on the indicator
    frame = indicators.loc[found >= 0, KEY + ["weight", "rate"]].reset_index(drop=True)
    frame["expected_rate"] = sums["expected_rate"].to_numpy()[found[found >= 0]]
    out = pledge_rate(frame)[PLEDGE_KEY + ["expected_rate"]]
    return out.rename(columns={"expected_rate": "status_expected_rate"})
