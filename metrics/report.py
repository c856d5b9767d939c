"""The figures of one or many pledges as of a date: read the inputs from the store once, compute
them with the pure functions, and shape them for the CLI (JSON or a Korean table) and the pages.

`load_inputs` is the only function here that touches the store; `compute` is pure, so the
planner's what-if (other targets) is `compute(inputs, ..., targets=edited)`.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from data.store import query_arrow
from metrics.budget import budget_summary, plan_vs_execution
from metrics.formatting import period_label
from metrics.indicators import cumulative, indicator_summaries, indicator_summary, pledge_rates, terms_elapsed
from metrics.rates import DEFAULT_POLICY, RatePolicy, display_round
from metrics.reconcile import reconcile
from metrics.status import statuses_consistent, suggested_statuses


@dataclass(frozen=True)
class Inputs:
    """Everything read from the store for a set of pledges as of a date."""
    as_of: dt.date
    pledges: pd.DataFrame
    definitions: pd.DataFrame
    periods: pd.DataFrame          # indicator × period: original_target, target, actual
    term_periods: pd.DataFrame
    budget: pd.DataFrame
    reconciliation: pd.DataFrame


@dataclass(frozen=True)
class Figures:
    """Computed figures; every frame keyed by city and pledge_id."""
    as_of: dt.date
    policy: RatePolicy
    pledges: pd.DataFrame          # one row per pledge: rate, expected_rate, suggested_status, …
    indicators: pd.DataFrame       # one row per indicator: target_total, actual_to_date, rate, …
    periods: pd.DataFrame          # indicator × period with target_cumulative, actual_cumulative
    original: pd.DataFrame         # indicators under the card's original targets (당초 목표)
    budget: pd.DataFrame
    reconciliation: pd.DataFrame


def load_inputs(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None = None,
                pledge_id: str | None = None) -> Inputs:
    """Run the named queries for the pledges (all, one city's, or one) as of the date."""
    params = {"as_of": as_of, "city": city, "pledge_id": pledge_id}
    query = query_arrow   # the same frames as data.store.query, fetched through Arrow (faster)
    return Inputs(
        as_of=as_of,
        pledges=query(con, "pledges", **params),
        definitions=query(con, "indicators", **params),
        periods=query(con, "indicator_periods", **params),
        term_periods=query(con, "periods"),
        budget=query(con, "budget_by_year", **params),
        reconciliation=query(con, "reconciliation", **params),
    )


def apply_targets(periods: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """Replace the target in force by `targets` (city, pledge_id, indicator_id, period, target)
    where given: the planner's what-if."""
    if targets is None or targets.empty:
        return periods
    key = ["city", "pledge_id", "indicator_id", "period"]
    edits = targets[key + ["target"]].rename(columns={"target": "_new"}).assign(_edited=True)
    edited = periods.merge(edits, on=key, how="left")
    edited["target"] = edited["_new"].where(edited["_edited"].fillna(False).astype(bool), edited["target"])
    return edited.drop(columns=["_new", "_edited"])


def compute(inputs: Inputs, policy: RatePolicy = DEFAULT_POLICY, targets: pd.DataFrame | None = None) -> Figures:
    """All figures from the inputs; `targets` overrides the targets in force (what-if)."""
    periods = apply_targets(inputs.periods, targets)
    table = cumulative(periods)
    # The targets in force and the card's original targets, summed in one grouping of the periods;
    # without any revision (nor what-if) they are the same figures: computed once.
    revised = ~((periods["original_target"].astype(float) == periods["target"].astype(float))
                | (periods["original_target"].isna() & periods["target"].isna()))
    if revised.any():
        indicators, original = indicator_summaries(periods, inputs.definitions, inputs.term_periods, inputs.as_of,
                                                   policy, ("target", "original_target"))
    else:
        indicators = indicator_summary(periods, inputs.definitions, inputs.term_periods, inputs.as_of, policy)
        original = None
    rates = pledge_rates(indicators)
    original_rates = (rates if original is None else pledge_rates(original))[
        ["city", "pledge_id", "rate"]].rename(columns={"rate": "original_rate"})
    pledges = inputs.pledges.merge(rates, on=["city", "pledge_id"], how="left").merge(
        original_rates, on=["city", "pledge_id"], how="left")
    # Vectorised forms of suggested_status, status_consistent and term_elapsed (22 thousand pledges).
    pledges["suggested_status"] = suggested_statuses(pledges["rate"], pledges["expected_rate"]).to_numpy()
    pledges["status_consistent"] = statuses_consistent(pledges["status"], pledges["suggested_status"]).to_numpy()
    pledges["term_elapsed"] = terms_elapsed(pledges["term_start"], pledges["term_end"], inputs.as_of).to_numpy()
    original = indicators.copy() if original is None else original
    return Figures(inputs.as_of, policy, pledges, indicators, table, original, inputs.budget,
                   reconcile(inputs.reconciliation))


def figures_for(con: duckdb.DuckDBPyConnection, as_of: dt.date, city: str | None = None,
                pledge_id: str | None = None, policy: RatePolicy = DEFAULT_POLICY) -> Figures:
    """load_inputs then compute."""
    return compute(load_inputs(con, as_of, city, pledge_id), policy)


# --- shaping --------------------------------------------------------------------------------

def _num(value) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)


def _whole(value) -> float | int | None:
    """A count as int when it is whole (11, not 11.0); other numbers as they are."""
    value = _num(value)
    if value is None:
        return None
    return int(value) if value.is_integer() else value


def _date(value) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    return pd.Timestamp(value).date().isoformat()


def report(figures: Figures) -> dict:
    """The JSON document of `python -m metrics report --json`: rates in percent, rounded by the policy."""
    policy = figures.policy
    pledges = []
    for p in figures.pledges.itertuples(index=False):
        key = (p.city, p.pledge_id)
        inds = figures.indicators[(figures.indicators["city"] == p.city) & (figures.indicators["pledge_id"] == p.pledge_id)]
        budget = figures.budget[(figures.budget["city"] == p.city) & (figures.budget["pledge_id"] == p.pledge_id)]
        pledges.append({
            "id": p.pledge_id, "city": p.city, "city_name": p.city_name, "title": p.title,
            "area": {"number": int(p.area_no), "name": p.area_name},
            "department": p.department, "team": p.team,
            "completion": p.completion, "synthetic": bool(p.synthetic),
            "rate": display_round(_num(p.rate), policy),
            "rate_exact": _num(p.rate),
            "expected_rate": display_round(_num(p.expected_rate), policy),
            "original_rate": display_round(_num(p.original_rate), policy),
            "term_elapsed": display_round(p.term_elapsed, policy),
            "status": p.status, "status_date": _date(p.status_date),
            "suggested_status": p.suggested_status, "status_consistent": bool(p.status_consistent),
            "data_until": _date(p.data_until),
            "printed": {"as_of": _date(p.printed_as_of), "rate": _num(p.printed_rate)},
            "indicators": [_indicator(figures, key, i) for i in inds.itertuples(index=False)],
            "budget": _budget(budget, figures.as_of),
            "reconciliation": _reconciliation(figures.reconciliation, key),
        })
    return {
        "as_of": figures.as_of.isoformat(),
        "policy": {"cap": policy.cap, "rounding": policy.rounding, "decimals": policy.decimals,
                   "formula": "지표 이행률 = 누계 실적 ÷ 임기 총 목표 × 100, 공약 이행률 = 지표 이행률의 평균"},
        "pledges": pledges,
    }


def _indicator(figures: Figures, key: tuple[str, str], ind) -> dict:
    rows = figures.periods[(figures.periods["city"] == key[0]) & (figures.periods["pledge_id"] == key[1])
                           & (figures.periods["indicator_id"] == ind.indicator_id)]
    return {
        "id": ind.indicator_id, "name": ind.name, "unit": ind.unit, "source": ind.source,
        "cap": bool(ind.cap), "weight": float(ind.weight),
        "target_total": _whole(ind.target_total), "actual_to_date": _whole(ind.actual_to_date),
        "rate": display_round(_num(ind.rate), figures.policy),
        "rate_exact": _num(ind.rate),
        "rate_uncapped": display_round(_num(ind.rate_uncapped), figures.policy),
        "expected_rate": display_round(_num(ind.expected_rate), figures.policy),
        "printed_rate": _num(ind.printed_rate),
        "periods": [
            {"period": str(r.period), "label": period_label(r.period), "target": _whole(r.target), "target_cumulative": _whole(r.target_cumulative),
             "original_target": _whole(r.original_target),
             "actual": _whole(r.actual), "actual_cumulative": _whole(r.actual_cumulative)}
            for r in rows.itertuples(index=False)
        ],
    }


def _reconciliation(rows: pd.DataFrame, key: tuple[str, str]) -> list[dict]:
    mine = rows[(rows["city"] == key[0]) & (rows["pledge_id"] == key[1])]
    return [{"indicator_id": r.indicator_id, "period": str(r.period), "reported": _whole(r.reported),
             "reported_on": _date(r.reported_on), "from_records": _whole(r.from_records),
             "difference": _whole(r.difference), "matches": bool(r.matches)}
            for r in mine.itertuples(index=False)]


def _budget(budget: pd.DataFrame, as_of: dt.date) -> dict:
    summary = budget_summary(budget, as_of)
    by_year = plan_vs_execution(budget)
    return {
        "unit": summary["unit"],
        **{k: _whole(round(summary[k], 6)) for k in ("planned_total", "executed_total", "planned_to_date")},
        **{k: display_round(summary[k]) for k in ("execution_rate", "execution_rate_to_date")},
        "by_year": [{"year": int(r.year), "planned": _whole(r.planned), "executed": _whole(round(r.executed, 6))}
                    for r in by_year.itertuples(index=False)],
    }
