"""Budget figures: investment plan by year × funding source against execution (백만원)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data.vocabulary import FUNDING_SOURCES
from metrics.rates import ratio


def plan_vs_execution(budget: pd.DataFrame) -> pd.DataFrame:
    """Per term year: planned = Σ plan over funding sources, executed = Σ execution (백만원),
    execution_rate = executed ÷ planned × 100."""
    term = budget[budget["phase"] == "term"]
    out = term.groupby("year", as_index=False)[["planned", "executed"]].sum()
    out["year"] = out["year"].astype(int)
    out["execution_rate"] = [ratio(e, p) for e, p in zip(out["executed"], out["planned"])]
    return out.sort_values("year", ignore_index=True)


def by_source(budget: pd.DataFrame) -> pd.DataFrame:
    """The card's investment table: rows = funding sources, columns = before (기 투자), each
    term year, after (입기후); total = before + term + after per source."""
    frame = budget.assign(column=budget["phase"].where(budget["phase"] != "term", budget["year"].astype("Int64").astype(str)))
    table = frame.pivot_table(index="funding_source", columns="column", values="planned", aggfunc="sum", fill_value=0)
    table = table.reindex([str(s) for s in FUNDING_SOURCES], fill_value=0)
    years = sorted(c for c in table.columns if c.isdigit())
    for col in ("before", "after"):
        if col not in table:
            table[col] = 0.0
    table["term_total"] = table[years].sum(axis=1)
    table["total"] = table["before"] + table["term_total"] + table["after"]
    return table[["total", "before", "term_total", *years, "after"]]


def budget_summary(budget: pd.DataFrame, as_of: dt.date) -> dict:
    """planned_total = Σ plan (all phases); executed_total = Σ execution to the as-of date;
    execution_rate = executed ÷ planned_total × 100; planned_to_date = Σ plan of term years ≤ the
    as-of year; execution_rate_to_date = executed ÷ planned_to_date × 100."""
    planned_total = float(budget["planned"].sum())
    executed_total = float(budget["executed"].sum())
    term = budget[budget["phase"] == "term"]
    planned_to_date = float(term.loc[term["year"] <= as_of.year, "planned"].sum())
    return {
        "unit": "백만원",
        "planned_total": planned_total,
        "executed_total": executed_total,
        "planned_to_date": planned_to_date,
        "execution_rate": ratio(executed_total, planned_total),
        "execution_rate_to_date": ratio(executed_total, planned_to_date),
    }


def cost_per_unit(executed_million: float, units: float | None) -> float | None:
    """cost per unit (원) = executed (백만원) × 1,000,000 ÷ units; None when there are no units."""
    if not units:
        return None
    return executed_million * 1_000_000 / units
