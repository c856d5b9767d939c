"""ui/presenters/budget.py: the investment table, the budget headline, unit costs."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from ui.presenters import budget

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_investment_table_totals_and_execution(seed):
    _, figs = seed
    table = budget.investment_table(figs.budget).set_index("재원")
    assert table.loc["총 계", "총계"] == "504" and table.loc["시 비", "2025"] == "109"
    assert table.loc["국 비", "총계"] == "0"
    assert (table.loc["집행액", "총계"], table.loc["집행액", "2023"], table.loc["집행액", "2024"]) == ("83", "62", "21")
    assert table.loc["집행액", "2025"] == "-"


def test_budget_headline(seed):
    _, figs = seed
    b = budget.budget_headline(figs.budget, AS_OF, POLICY)
    assert (b["planned"], b["executed"], b["rate"], b["rate_to_date"], b["planned_to_date"]) == \
        ("504", "83", "16.47%", "29.02%", "286")


def test_unit_costs(seed, con):
    _, figs = seed
    services = query(con, "service_counts", as_of=AS_OF, city="naju", pledge_id="6-1-1", year=None)
    costs = budget.unit_costs(figs.budget, services).set_index("구분")
    served = int(services.iloc[0]["served"])
    assert costs.loc["서비스 받은 신청 1건당", "단위 수"] == f"{served:,}건"
    assert costs.loc["서비스 받은 신청 1건당", "단위당 비용(원)"] == f"{round(83_000_000 / served):,}"


def test_execution_table_per_year_and_source(seed):
    _, figs = seed
    table = budget.execution_table(figs.budget, POLICY, 2023)
    assert set(table["연도"]) == {2023} and "집행률" in table.columns
    assert budget.year_budget(figs.budget, 2023, POLICY).startswith("**2023년**: 계획 ")
