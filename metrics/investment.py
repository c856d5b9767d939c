"""The investment plan laid out as the card prints it, and execution per year and funding source
(백만원). Numbers only; ui/presenters/budget.py formats them."""
from __future__ import annotations

import pandas as pd

from data.vocabulary import FUNDING_SOURCES
from metrics.budget import by_source, plan_vs_execution
from metrics.rates import ratio

TOTAL = "total"


def investment_plan(budget: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    """The plan per funding source (rows: total = Σ funding sources, then each source; columns as
    metrics.budget.by_source) and the execution per term year (year label → executed, 백만원)."""
    table = by_source(budget)
    years = [c for c in table.columns if str(c).isdigit()]
    table.loc[TOTAL] = table.sum()
    table = table.loc[[TOTAL, *FUNDING_SOURCES]]
    exe = plan_vs_execution(budget).set_index("year")["executed"]
    return table, {y: float(exe.get(int(y), 0.0)) for y in years}


def total_executed(executed_by_year: dict[str, float]) -> float:
    """executed = Σ execution over the term years."""
    return sum(executed_by_year.values())


def execution_by_source(budget: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Per term year × funding source (in the vocabulary's order): planned, executed and
    execution_rate = executed ÷ planned × 100; only `year` when given."""
    term = budget[budget["phase"] == "term"].copy()
    if year is not None:
        term = term[term["year"] == year]
    grouped = term.groupby(["year", "funding_source"], as_index=False)[["planned", "executed"]].sum()
    order = list(FUNDING_SOURCES)
    grouped["order"] = [order.index(s) if s in order else len(order) for s in grouped["funding_source"]]
    grouped = grouped.sort_values(["year", "order"]).drop(columns=["order"])
    grouped["execution_rate"] = [ratio(e, p) for e, p in zip(grouped["executed"], grouped["planned"])]
    return grouped.reset_index(drop=True)


def executed_in(budget: pd.DataFrame, year: int | None = None) -> float:
    """executed = Σ execution of the term year `year`, or of the whole budget to the as-of date."""
    if year is None:
        return float(budget["executed"].sum())
    term = budget[budget["phase"] == "term"]
    return float(term.loc[term["year"] == year, "executed"].sum())
