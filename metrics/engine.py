"""The engine: the figures of one or many pledges as of a date.

`load_inputs` is the only function of metrics/ that reads the store (named queries, one call
each); everything after it is pure: `compute(inputs, policy, targets)` returns `Figures`, so the
planner's what-if (other targets) is `compute(inputs, policy, targets=edited)`.
`figures_for` is the two together. The JSON shaping lives in metrics/report.py.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from data.store import query_arrow, query_arrow_all
from metrics.groups import left_join, sorted_runs, take_rows, with_columns
from metrics.forecast import PACE_WINDOW, indicator_forecast, pledge_forecast
from metrics.indicators import (Runs, cumulative, indicator_runs, indicator_summaries, pledge_rate, pledge_rates,
                                term_elapsed)
from metrics.rates import DEFAULT_POLICY, RatePolicy
from metrics.reconcile import reconcile
from metrics.status import (basis_and_stale, consistent_codes, expected_rate_on, expected_rates_by_pledge, suggested_codes,
                            suggested_words)

KEY = ["city", "pledge_id", "indicator_id", "period"]
PLEDGE_KEY = ["city", "pledge_id"]


@dataclass(frozen=True)
class Inputs:
    """Everything read from the store for a set of pledges as of a date."""
    as_of: dt.date
    pledges: pd.DataFrame
    definitions: pd.DataFrame
    periods: pd.DataFrame          # indicator × period: original_target, target, actual
    term_periods: pd.DataFrame     # the store's periods table: period, label, starts, ends
    budget: pd.DataFrame
    reconciliation: pd.DataFrame
    monthly: pd.DataFrame | None = None   # record-based indicators' pace window totals (data/queries/record_pace.sql)
    statuses: pd.DataFrame | None = None  # the recorded status in force on the as-of date (status_history)


@dataclass(frozen=True)
class Figures:
    """Computed figures; every frame keyed by city and pledge_id."""
    as_of: dt.date
    policy: RatePolicy
    pledges: pd.DataFrame          # one row per pledge: rate, expected_rate, suggested_status, …
    indicators: pd.DataFrame       # one row per indicator: target_total, actual_to_date, rate, …
    periods: pd.DataFrame          # indicator × period with label, target_cumulative, actual_cumulative
    original: pd.DataFrame         # indicators under the card's original targets (당초 목표)
    budget: pd.DataFrame
    reconciliation: pd.DataFrame
    forecast: pd.DataFrame | None = None          # one row per indicator: metrics/forecast.py
    pledge_forecast: pd.DataFrame | None = None   # one row per pledge: projected_rate


def load_inputs(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None = None,
                pledge_id: str | None = None) -> Inputs:
    """Run the named queries for the pledges (all, one city's, or one) as of the date, side by
    side (data.store.query_arrow_all: the same frames as data.store.query, fetched through Arrow).
    The longest first: the pool starts them in this order. The reconciliation's reports come first
    and its figures from the records after them, when there is a report (_reconciliation)."""
    params = {"as_of": as_of, "city": city, "pledge_id": pledge_id}
    frames = query_arrow_all(con, {
        "periods": ("indicator_periods", params),
        "budget": ("budget_by_year", params),
        "monthly": ("record_pace", {**params, "pace_window": PACE_WINDOW}),   # forecast.record_pace sums them
        "pledges": ("pledges", params),
        "reconciliation": ("reconciliation_reports", params),
        "definitions": ("indicators", params),
        "statuses": ("status_in_force", params),
        "term_periods": ("periods", {}),
    })
    frames["reconciliation"] = _reconciliation(con, frames["reconciliation"], params)
    return Inputs(as_of=as_of, **frames)


RECONCILIATION_COLUMNS = ["city", "pledge_id", "indicator_id", "period", "reported", "reported_on", "note", "source"]


def _reconciliation(con, reports: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The reconciliation rows (data/queries/reconciliation.sql) given its reports
    (reconciliation_reports.sql): the query itself when there is a report, else the reports' empty
    frame with from_records (the same columns and dtypes as the query's empty result, without its
    sums over the aggregates: on PostgreSQL they pull the aggregate tables across the wire). The
    query is given the reports' bounds: over the reports made within their period's year
    (aggregates/up_to_report.sql) 1 January of the earliest period, the first day of the earliest
    report's month and the latest report's day; over those made in a later year
    (aggregates/year_of_report.sql) the earliest and the latest period. A kind without any report
    gets an empty range (its first bound after its last)."""
    if not len(reports):
        return reports[RECONCILIATION_COLUMNS].assign(from_records=np.array([], dtype=float))
    later = (reports["reported_on"].dt.year > reports["period"]).to_numpy()
    within, whole = reports[~later], reports[later]
    if len(within):
        first, last = within["reported_on"].min(), within["reported_on"].max()
        bounds = {"since": dt.date(int(within["period"].min()), 1, 1), "day_from": dt.date(first.year, first.month, 1),
                  "until": last.date()}
    else:
        bounds = {"since": dt.date(2000, 1, 2), "day_from": dt.date(2000, 1, 2), "until": dt.date(2000, 1, 1)}
    bounds.update({"year_from": int(whole["period"].min()), "year_until": int(whole["period"].max())} if len(whole)
                  else {"year_from": 1, "year_until": 0})
    return query_arrow(con, "reconciliation", **params, **bounds)


def apply_targets(periods: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """Replace the target in force by `targets` (city, pledge_id, indicator_id, period, target)
    where given: the planner's what-if."""
    if targets is None or targets.empty:
        return periods
    edits = targets[KEY + ["target"]].rename(columns={"target": "_new"}).assign(_edited=True)
    edited = periods.merge(edits, on=KEY, how="left")
    edited["target"] = edited["_new"].where(edited["_edited"].fillna(False).astype(bool), edited["target"])
    return edited.drop(columns=["_new", "_edited"])


def with_labels(periods: pd.DataFrame, term_periods: pd.DataFrame) -> pd.DataFrame:
    """The periods with the store's label of each period (periods.label, e.g. '2026. 6.')."""
    if "label" in periods.columns:   # indicator_periods.sql gives each row its own term's label
        return periods
    labels = dict(zip(term_periods["period"], term_periods["label"]))
    return periods.assign(label=[labels.get(p, str(p)) for p in periods["period"]])


def _revised(periods: pd.DataFrame) -> bool:
    """True when any target in force differs from the card's original target."""
    original, target = periods["original_target"].astype(float), periods["target"].astype(float)
    return bool((~((original == target) | (original.isna() & target.isna()))).any())


def with_status_check(pledges: pd.DataFrame, periods: pd.DataFrame, indicators: pd.DataFrame,
                      inputs: Inputs, runs: Runs | None = None) -> pd.DataFrame:
    """The status check of each pledge (metrics/status.py): status_basis_date = min(as-of, data
    date), stale (자료 미갱신), status_expected_rate (the expected rate on the basis date),
    suggested_status from the rate and that expected rate, the recorded status in force on the
    as-of date (status_in_force, status_in_force_date; the card's status without a history) and
    status_consistent between the two. `runs`: the rows' runs when known
    (metrics.indicators.indicator_runs)."""
    until = pledges["data_until"] if "data_until" in pledges.columns else pd.Series(pd.NaT, index=pledges.index)
    basis_date, late = basis_and_stale(until, inputs.as_of)
    expected = pledges["expected_rate"].to_numpy()
    if late.any():
        rows = periods if "starts" in periods.columns else periods.merge(
            inputs.term_periods[["period", "starts", "ends"]], on="period")
        then = None   # the expected rate on the basis date: by pledge row through the runs, else joined by key
        if rows is periods and runs is not None and len(pledges) == len(inputs.pledges):
            then = expected_rates_by_pledge(rows, indicators, basis_date, late, runs,
                                            indicators["target_total"].to_numpy())
        if then is None:
            basis = pledges.loc[late, PLEDGE_KEY].assign(status_basis_date=basis_date[late])
            then = expected_rate_on(rows, indicators, basis, runs if rows is periods else None)
            then = left_join(pledges[PLEDGE_KEY], then, PLEDGE_KEY)["status_expected_rate"].to_numpy()
        expected = np.where(late, then, expected)
    codes = suggested_codes(pledges["rate"].astype(float).to_numpy(), np.asarray(expected, dtype=float))
    new = {"status_basis_date": basis_date, "stale": late, "status_expected_rate": expected,
           "suggested_status": suggested_words(codes).set_axis(pledges.index)}
    if inputs.statuses is None:
        in_force = {"status_in_force": pledges["status"], "status_in_force_date": pledges["status_date"]}
    else:
        cols = ["city", "pledge_id", "status_in_force", "status_in_force_date"]
        if inputs.statuses.empty:           # none in force: each column's missing value, as the left join fills
            joined = take_rows(inputs.statuses[cols[2:]], np.full(len(pledges), -1))
        else:
            joined = left_join(pledges[PLEDGE_KEY], inputs.statuses[cols], PLEDGE_KEY)
        if len(joined[cols[2]]) == len(pledges):
            in_force = {c: joined[c].set_axis(pledges.index) for c in cols[2:]}
        else:                               # a pledge with two statuses in force: its rows as pandas merges them
            pledges = left_join(with_columns(pledges, new), inputs.statuses[cols], PLEDGE_KEY)
            consistent = consistent_codes(pledges["status_in_force"], suggested_codes(
                pledges["rate"].astype(float).to_numpy(), pledges["status_expected_rate"].astype(float).to_numpy()))
            return with_columns(pledges, {"status_consistent": consistent})
    consistent = consistent_codes(in_force["status_in_force"], codes)
    return with_columns(pledges, {**new, **in_force, "status_consistent": consistent})


def with_rates(pledges: pd.DataFrame, rates: pd.DataFrame, original: pd.DataFrame | None,
               runs: Runs | None = None) -> pd.DataFrame:
    """The pledges with their rates and original rates (the pledge rate under the card's original
    targets: `original`, the indicators under them; None when they are the targets in force): left
    joins on the pledge key, or by position when `runs` tells each pledge's run (the rates are the
    definitions' pledge runs: metrics.indicators.Runs.pledge_found)."""
    extra = [c for c in rates.columns if c not in PLEDGE_KEY]
    found = None if runs is None else runs.pledge_found
    if found is None or not len(pledges) or not len(rates) or {*extra, "original_rate"} & set(pledges.columns):
        original_rates = (rates if original is None else pledge_rate(original, None if runs is None else
                                                                     runs.pledge_starts))
        original_rates = original_rates[PLEDGE_KEY + ["rate"]].rename(columns={"rate": "original_rate"})
        return left_join(left_join(pledges, rates, PLEDGE_KEY), original_rates, PLEDGE_KEY)
    original_rate = rates["rate"].to_numpy() if original is None else pledge_rates(original, runs.pledge_starts)
    return with_columns(_default_index(pledges), {
        **take_rows(rates[extra], found), **take_rows(pd.DataFrame({"original_rate": original_rate}), found)})


def _default_index(frame: pd.DataFrame) -> pd.DataFrame:
    """frame.reset_index(drop=True), or the frame itself when its index already is 0, 1, …"""
    index = frame.index
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1 and index.name is None:
        return frame
    return frame.reset_index(drop=True)


def compute(inputs: Inputs, policy: RatePolicy = DEFAULT_POLICY, targets: pd.DataFrame | None = None) -> Figures:
    """All figures from the inputs; `targets` overrides the targets in force (what-if)."""
    periods = apply_targets(inputs.periods, targets)
    # The keys matched once: each indicator's run of periods (rows in the store's order) and each
    # pledge's run of indicators; None when the rows come in another order (each function then
    # groups by the keys itself).
    runs = indicator_runs(periods, inputs.definitions, inputs.pledges)
    pledge_starts = sorted_runs(inputs.definitions, PLEDGE_KEY) if runs is None else runs.pledge_starts
    table = with_labels(cumulative(periods, starts=None if runs is None else runs.starts), inputs.term_periods)
    # The targets in force and the card's original targets, summed in one grouping of the periods;
    # without any revision (nor what-if) they are the same figures: computed once.
    target_cols = ("target", "original_target") if _revised(periods) else ("target",)
    summaries = indicator_summaries(periods, inputs.definitions, inputs.term_periods, inputs.as_of, policy,
                                    target_cols, runs)
    indicators = summaries[0]
    original = summaries[1] if len(summaries) > 1 else None
    rates = pledge_rate(indicators, pledge_starts)
    pledges = with_rates(inputs.pledges, rates, original, runs)
    pledges = with_status_check(pledges, periods, indicators, inputs, runs)
    pledges["term_elapsed"] = term_elapsed(pledges["term_start"], pledges["term_end"], inputs.as_of).to_numpy()
    original = indicators.copy() if original is None else original
    forecast = by_pledge = None
    if inputs.monthly is not None:   # the forecast at the current pace, under the same targets
        forecast = indicator_forecast(indicators, inputs.pledges, inputs.monthly, periods, inputs.term_periods,
                                      inputs.as_of, policy, runs)
        by_pledge = pledge_forecast(forecast, indicators, pledge_starts)
    return Figures(inputs.as_of, policy, pledges, indicators, table, original, inputs.budget,
                   reconcile(inputs.reconciliation), forecast, by_pledge)


def figures_for(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None = None,
                pledge_id: str | None = None, policy: RatePolicy = DEFAULT_POLICY) -> Figures:
    """load_inputs then compute."""
    return compute(load_inputs(con, as_of, city, pledge_id), policy)
