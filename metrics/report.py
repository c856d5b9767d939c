"""The JSON document of `python -m metrics report --json`: the engine's Figures shaped as plain
values, every rate in percent and rounded by the figures' RatePolicy (half-up or cut).
The figures themselves come from metrics/engine.py."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from metrics.budget import budget_summary, plan_vs_execution
from metrics.engine import Figures
from metrics.rates import RatePolicy, display_round

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
            "budget": _budget(budget, figures.as_of, policy),
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
            {"period": str(r.period), "label": r.label, "target": _whole(r.target), "target_cumulative": _whole(r.target_cumulative),
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


def _budget(budget: pd.DataFrame, as_of: dt.date, policy: RatePolicy) -> dict:
    """Plan and execution (백만원); both execution rates rounded by the policy like every other rate."""
    summary = budget_summary(budget, as_of)
    by_year = plan_vs_execution(budget)
    return {
        "unit": summary["unit"],
        **{k: _whole(round(summary[k], 6)) for k in ("planned_total", "executed_total", "planned_to_date")},
        **{k: display_round(summary[k], policy) for k in ("execution_rate", "execution_rate_to_date")},
        "by_year": [{"year": int(r.year), "planned": _whole(r.planned), "executed": _whole(round(r.executed, 6))}
                    for r in by_year.itertuples(index=False)],
    }
