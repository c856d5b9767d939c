"""Why a pledge rate changed between two as-of dates (이행률 변동 요인): the change split by
indicator, and the imports and target revisions in between. Pure functions, pandas in and out;
the one store read is `load_changes` (a named query).

For a pledge between D0 (since) and D (as of):
  share_i        = weight_i ÷ Σ weights of the indicators with a rate on that date (0 without a rate)
  contribution_i = share_i(D) × rate_i(D) − share_i(D0) × rate_i(D0)
                 = (rate_i(D) − rate_i(D0)) × share_i when every indicator has a rate on both dates
  delta          = rate(D) − rate(D0) = Σ contribution_i, exactly (the pledge rate is Σ share × rate)
An indicator that gains a rate contributes share × its rate; one that loses it, − its old
share × rate; the others' shares change with it, and their contributions carry that re-weighting.
Display rounding rounds each figure on its own, so the rounded parts may miss the rounded delta
by a few hundredths (seed: 9.38 + 9.46 = 18.84 against 18.83); the exact values always add up.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from data.store import query

PLEDGE_KEY = ["city", "pledge_id"]
KEY = PLEDGE_KEY + ["indicator_id"]


def load_changes(con: duckdb.DuckDBPyConnection, since: dt.date, as_of: dt.date, city: str | None = None,
                 pledge_id: str | None = None) -> pd.DataFrame:
    """The imports (by their records dated in the window) and target revisions taking effect after
    `since` and on or before `as_of` (data/queries/changes_between.sql)."""
    return query(con, "changes_between", since=since, as_of=as_of, city=city, pledge_id=pledge_id)


def weight_share(indicators: pd.DataFrame) -> pd.Series:
    """share = weight ÷ Σ weights of the pledge's indicators with a rate; 0 for an indicator
    without a rate (NaN shares never occur). `indicators`: city, pledge_id, weight, rate."""
    weight = indicators["weight"].astype(float).where(indicators["rate"].notna(), 0.0)
    total = weight.groupby([indicators[k] for k in PLEDGE_KEY]).transform("sum")
    return (weight / total.where(total > 0)).fillna(0.0)


def indicator_contributions(before: pd.DataFrame, now: pd.DataFrame) -> pd.DataFrame:
    """contribution = share(D) × rate(D) − share(D0) × rate(D0), per indicator (a missing rate
    counts with share 0). `before`, `now`: the engine's Figures.indicators at D0 and D
    (city, pledge_id, indicator_id, weight, rate). One row per indicator present on either date:
    city, pledge_id, indicator_id, rate_before, rate, share_before, share, contribution."""
    cols = KEY + ["rate", "share"]
    b = before.assign(share=weight_share(before))[cols].rename(columns={"rate": "rate_before",
                                                                       "share": "share_before"})
    n = now.assign(share=weight_share(now))[cols]
    # Card order: the indicators of D as the engine lists them, then those only in D0.
    keys = pd.concat([now[KEY], before[KEY]]).drop_duplicates()
    frame = keys.merge(n, on=KEY, how="left").merge(b, on=KEY, how="left")
    frame[["share", "share_before"]] = frame[["share", "share_before"]].fillna(0.0)
    frame["contribution"] = (frame["share"] * frame["rate"].astype(float).fillna(0.0)
                             - frame["share_before"] * frame["rate_before"].astype(float).fillna(0.0))
    return frame[KEY + ["rate_before", "rate", "share_before", "share", "contribution"]].reset_index(drop=True)


def pledge_change(before: pd.DataFrame, now: pd.DataFrame, contributions: pd.DataFrame) -> pd.DataFrame:
    """delta = rate(D) − rate(D0) per pledge (NaN when either rate is missing; then the
    contributions are not a split of anything and `explained` is False).
    `before`, `now`: the engine's Figures.pledges at D0 and D (city, pledge_id, rate).
    Columns: city, pledge_id, rate_before, rate, delta, contributions (Σ contribution), explained."""
    frame = now[PLEDGE_KEY + ["rate"]].merge(
        before[PLEDGE_KEY + ["rate"]].rename(columns={"rate": "rate_before"}), on=PLEDGE_KEY, how="left")
    frame["delta"] = frame["rate"].astype(float) - frame["rate_before"].astype(float)
    sums = contributions.groupby(PLEDGE_KEY, sort=False)["contribution"].sum().rename("contributions")
    frame = frame.merge(sums.reset_index(), on=PLEDGE_KEY, how="left")
    frame["explained"] = frame["delta"].notna()
    return frame[PLEDGE_KEY + ["rate_before", "rate", "delta", "contributions", "explained"]]


def changes_for(changes: pd.DataFrame, city: str, pledge_id: str,
                definitions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of `load_changes` concerning one pledge, in date order, with affects_rate: True for
    a target revision, for records of a kind some indicator of the pledge counts (its source), and
    for reported figures of an indicator whose source is 'reported' (the card's printed figures of
    record-based indicators and e.g. budget executions do not move the rate). Without
    `definitions` (city, pledge_id, indicator_id, source) every row counts as affecting the rate."""
    mine = changes[(changes["city"] == city) & (changes["pledge_id"] == pledge_id)]
    mine = mine.sort_values(["on_date", "kind"], kind="stable").reset_index(drop=True)
    if definitions is None:
        return mine.assign(affects_rate=True)
    defs = definitions[(definitions["city"] == city) & (definitions["pledge_id"] == pledge_id)]
    sources = set(defs["source"])
    reported = set(defs.loc[defs["source"] == "reported", "indicator_id"])
    revision = mine["kind"] == "target_revision"
    counted = mine["indicator_id"].isna() & mine["import_kind"].isin(sources)
    return mine.assign(affects_rate=(revision | counted | mine["indicator_id"].isin(reported)).to_numpy())
