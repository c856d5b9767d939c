"""The JSON document of `python -m metrics report --json`: the engine's Figures shaped as plain
values, every rate in percent and rounded by the figures' RatePolicy (half-up or cut).
The figures themselves come from metrics/engine.py."""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from metrics.attribution import changes_for, indicator_contributions, pledge_change
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


def report(figures: Figures, before: Figures | None = None, changes: pd.DataFrame | None = None) -> dict:
    """The JSON document of `python -m metrics report --json`: rates in percent, rounded by the policy.
    With `before` (the figures at an earlier date, --since) each pledge also gets `change`, with
    `changes` (metrics.attribution.load_changes) listing the imports and target revisions in between."""
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
            **_time(p, policy),
            "printed": {"as_of": _date(p.printed_as_of), "rate": _num(p.printed_rate)},
            "indicators": [_indicator(figures, key, i) for i in inds.itertuples(index=False)],
            "budget": _budget(budget, figures.as_of, policy),
            "reconciliation": _reconciliation(figures.reconciliation, key),
        })
        if figures.pledge_forecast is not None:
            pledges[-1]["forecast"] = _pledge_forecast(figures, key)
        if before is not None:
            pledges[-1]["change"] = _change(before, figures, key, changes)
    return {
        "as_of": figures.as_of.isoformat(),
        "policy": {"cap": policy.cap, "rounding": policy.rounding, "decimals": policy.decimals,
                   "formula": "지표 이행률 = 누계 실적 ÷ 임기 총 목표 × 100, 공약 이행률 = 지표 이행률의 평균"},
        "pledges": pledges,
    }


def _time(p, policy: RatePolicy) -> dict:
    """The pledge's term and the status check's date (metrics/status.py): the check is made at the
    data date when the as-of date lies past it (stale = 자료 미갱신); the status in force then."""
    term = getattr(p, "term", None)
    return {
        "term": None if term is None else {"name": term, "start": _date(p.term_start), "end": _date(p.term_end)},
        "status_basis_date": _date(getattr(p, "status_basis_date", None)),
        "stale": bool(getattr(p, "stale", False)),
        "status_expected_rate": display_round(_num(getattr(p, "status_expected_rate", None)), policy),
        "status_in_force": _text(getattr(p, "status_in_force", None)),
        "status_in_force_date": _date(getattr(p, "status_in_force_date", None)),
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
        **({} if figures.forecast is None else {"forecast": _forecast(figures, key, ind.indicator_id)}),
    }


def _forecast(figures: Figures, key: tuple[str, str], indicator_id: str) -> dict:
    """metrics/forecast.py per indicator: rates and figures rounded by the policy; the month the
    target is reached as 'YYYY-MM'."""
    fc = figures.forecast
    (row,) = fc[(fc["city"] == key[0]) & (fc["pledge_id"] == key[1]) & (fc["indicator_id"] == indicator_id)
                ].itertuples(index=False)
    policy = figures.policy
    return {
        "months_remaining": int(row.months_remaining),
        "pace_per_month": display_round(_num(row.pace_per_month), policy),
        "pace_months": int(row.pace_months), "pace_basis": _text(row.pace_basis),
        "no_pace_reason": _text(row.no_pace_reason),
        "projected_total": display_round(_num(row.projected_total), policy),
        "projected_rate": display_round(_num(row.projected_rate), policy),
        "projected_rate_uncapped": display_round(_num(row.projected_rate_uncapped), policy),
        "needed_per_month": display_round(_num(row.needed_per_month), policy),
        "reaches_target_on": None if row.reaches_target_on is None else row.reaches_target_on.strftime("%Y-%m"),
    }


def _pledge_forecast(figures: Figures, key: tuple[str, str]) -> dict:
    fc = figures.pledge_forecast
    rate = fc.loc[(fc["city"] == key[0]) & (fc["pledge_id"] == key[1]), "projected_rate"]
    return {"projected_rate": display_round(_num(rate.iloc[0]) if len(rate) else None, figures.policy)}


def _change(before: Figures, now: Figures, key: tuple[str, str], changes: pd.DataFrame | None) -> dict:
    """metrics/attribution.py for one pledge. Each figure is rounded on its own by the policy, so
    the rounded contributions may miss the rounded delta: `rounding_difference` = delta − Σ rounded
    contributions (e.g. −0.01); the *_exact values add up exactly."""
    def mine(frame):
        return frame[(frame["city"] == key[0]) & (frame["pledge_id"] == key[1])]
    parts = indicator_contributions(mine(before.indicators), mine(now.indicators))
    (row,) = pledge_change(mine(before.pledges), mine(now.pledges), parts).itertuples(index=False)
    policy = now.policy
    by_indicator = [{"id": r.indicator_id, "rate_before": display_round(_num(r.rate_before), policy),
                     "rate": display_round(_num(r.rate), policy),
                     "contribution": display_round(_num(r.contribution), policy),
                     "contribution_exact": _num(r.contribution)} for r in parts.itertuples(index=False)]
    delta = display_round(_num(row.delta), policy)
    rounded = sum(p["contribution"] or 0.0 for p in by_indicator)
    return {
        "since": before.as_of.isoformat(),
        "rate_before": display_round(_num(row.rate_before), policy), "rate": display_round(_num(row.rate), policy),
        "delta": delta, "delta_exact": _num(row.delta),
        "by_indicator": by_indicator,
        "rounding_difference": None if delta is None else round(delta - rounded, policy.decimals),
        "events": [] if changes is None else _events(changes_for(changes, *key, now.indicators)),
    }


def _events(rows: pd.DataFrame) -> list[dict]:
    """The imports (by their records in the window) and target revisions between the two dates."""
    out = []
    for r in rows.itertuples(index=False):
        if r.kind == "target_revision":
            out.append({"kind": r.kind, "on": _date(r.on_date), "revision_id": _whole(r.revision_id),
                        "indicator_id": r.indicator_id, "period": str(r.period),
                        "previous_target": _whole(r.previous_target), "new_target": _whole(r.new_target),
                        "author": r.author, "reason": r.reason, "affects_rate": bool(r.affects_rate)})
        else:
            out.append({"kind": r.kind, "on": _date(r.on_date), "import_id": _whole(r.import_id),
                        "import_kind": _text(r.import_kind), "file_name": _text(r.file_name),
                        "indicator_id": _text(r.indicator_id), "records": _whole(r.records),
                        "first_date": _date(r.first_date), "last_date": _date(r.last_date),
                        "affects_rate": bool(r.affects_rate)})
    return out


def _text(value) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)


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
