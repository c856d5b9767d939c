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

from data.vocabulary import DONE_STATUSES, Status, Suggested
from metrics.groups import grouped_sums, joined_keys, left_join, positions
from metrics.indicators import pledge_rate
from metrics.rates import indicator_rate

_DONE = [str(s) for s in DONE_STATUSES]
_ON_TRACK_OR_DONE = [str(Suggested.ON_TRACK), str(Suggested.DONE)]
_NO_JUDGEMENT = [str(Suggested.TOO_EARLY)]
JUDGE_FROM = 5.0   # expected rate (%) below which no status is suggested: too early to judge


def suggested_status(rate, expected_rate, judge_from: float = JUDGE_FROM) -> pd.Series:
    """완료 if rate ≥ 100; 판단 유보 if the expected rate < `judge_from` (5%: at the start of a
    term a day's lag reads as 'behind'); else 정상추진 if rate ≥ expected rate (or no expected
    rate); else 일부추진; 자료 없음 without a rate."""
    rate = pd.to_numeric(pd.Series(rate), errors="coerce").astype(float).to_numpy()
    expected = pd.to_numeric(pd.Series(expected_rate), errors="coerce").astype(float).to_numpy()
    with np.errstate(invalid="ignore"):
        on_track = np.isnan(expected) | (rate >= expected)
        too_early = ~np.isnan(expected) & (expected < judge_from)
        return pd.Series(np.select([np.isnan(rate), rate >= 100, too_early, on_track],
                                   [str(Suggested.NO_DATA), str(Suggested.DONE), str(Suggested.TOO_EARLY),
                                    str(Suggested.ON_TRACK)],
                                   str(Suggested.BEHIND)))


def status_consistent(recorded, suggested) -> pd.Series:
    """consistent = (recorded done → suggested 완료) and (recorded 정상추진 → suggested 정상추진 or 완료);
    any other recorded status, no recorded status (None: none in force yet) and no judgement
    (판단 유보) are consistent."""
    recorded, suggested = pd.Series(recorded).to_numpy(), pd.Series(suggested).to_numpy()
    done = np.isin(recorded, _DONE)
    on_track = recorded == str(Status.ON_TRACK)
    judged = ~np.isin(suggested, _NO_JUDGEMENT)
    agrees = np.where(done, suggested == str(Suggested.DONE),
                      np.where(on_track, np.isin(suggested, _ON_TRACK_OR_DONE), True))
    return pd.Series(np.where(judged, agrees, True).astype(bool))


def status_basis_date(data_until, as_of: dt.date) -> pd.Series:
    """status basis date = min(as-of date, data date); the as-of date without a data date."""
    until = pd.to_datetime(pd.Series(data_until))
    day = pd.Timestamp(as_of)
    return until.where(until.notna() & (until < day), day)


def stale(data_until, as_of: dt.date) -> pd.Series:
    """stale (자료 미갱신) = the data date lies before the as-of date."""
    until = pd.to_datetime(pd.Series(data_until))
    return (until.notna() & (until < pd.Timestamp(as_of))).astype(bool)


def expected_rate_on(periods: pd.DataFrame, indicators: pd.DataFrame, basis: pd.DataFrame) -> pd.DataFrame:
    """The pledge's expected rate on its own basis date (the expected-rate formula of
    metrics.indicators at another date): per indicator expected = Σ target × share of the period
    elapsed on the basis date ÷ Σ target × 100; per pledge the weighted mean over the indicators
    with a rate (metrics.indicators.pledge_rate).

    periods: city, pledge_id, indicator_id, target, starts, ends; indicators: the engine's
    (city, pledge_id, indicator_id, weight, rate); basis: city, pledge_id, status_basis_date.
    Returns city, pledge_id, status_expected_rate."""
    key = ["city", "pledge_id", "indicator_id"]
    day = left_join(periods[["city", "pledge_id"]], basis[["city", "pledge_id", "status_basis_date"]],
                    ["city", "pledge_id"])["status_basis_date"]
    checked = day.notna().to_numpy()           # the rows of the pledges checked (an inner join on the pledge)
    if not checked.any():
        return basis[["city", "pledge_id"]].assign(status_expected_rate=np.nan)
    rows = periods[checked].reset_index(drop=True)
    starts, ends = pd.to_datetime(rows["starts"]), pd.to_datetime(rows["ends"])
    share = (((day[checked].reset_index(drop=True) - starts).dt.days + 1) / ((ends - starts).dt.days + 1)).clip(0, 1)
    target = rows["target"].astype(float)
    sums, total = grouped_sums(rows, key, {"_t": target.to_numpy(), "_e": (target.fillna(0) * share).to_numpy()},
                               min_count=("_t",))
    sums["expected_rate"] = indicator_rate(pd.Series(total["_e"]), pd.Series(total["_t"]), True).to_numpy()
    found = positions(joined_keys(indicators, key), joined_keys(sums, key))   # an inner join on the indicator
    frame = indicators.loc[found >= 0, key + ["weight", "rate"]].reset_index(drop=True)
    frame["expected_rate"] = sums["expected_rate"].to_numpy()[found[found >= 0]]
    out = pledge_rate(frame)[["city", "pledge_id", "expected_rate"]]
    return out.rename(columns={"expected_rate": "status_expected_rate"})

