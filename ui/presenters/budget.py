"""예산: the budget headline, one year's plan and execution, the card's investment table,
plan × funding source × year against execution, and the cost per unit served — formatted
(백만원); every figure comes from metrics.budget and metrics.investment."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.budget import budget_summary, cost_per_unit, plan_vs_execution
from metrics.formatting import date_ko, number
from metrics.investment import TOTAL, execution_by_source, executed_in, investment_plan, total_executed
from metrics.rates import RatePolicy, format_percent

SOURCE_ROWS = {TOTAL: "총 계", "국비": "국 비", "도비": "도 비", "시비": "시 비", "기타": "기 타"}


def _million(value: float) -> str:
    """An amount in 백만원 as shown (float noise of sums removed)."""
    return number(round(value, 6))


def budget_headline(budget: pd.DataFrame, as_of: dt.date, policy: RatePolicy) -> dict:
    """Budget figures formatted (백만원): 계획 총액, 집행액, 집행률, 기준일까지 계획 and its 집행률
    (metrics.budget.budget_summary)."""
    s = budget_summary(budget, as_of)
    return {
        "planned": number(s["planned_total"]),
        "executed": _million(s["executed_total"]),
        "planned_to_date": number(s["planned_to_date"]),
        "rate": format_percent(s["execution_rate"], policy),
        "rate_to_date": format_percent(s["execution_rate_to_date"], policy),
        "as_of_year": as_of.year,
        "executed_label": f"집행액 (백만원, {date_ko(as_of)}까지)",
        "to_date_label": f"집행률 ({as_of.year}년까지 계획 대비)",
    }


def year_budget(budget: pd.DataFrame, year: int, policy: RatePolicy) -> str:
    """One term year's plan, execution and 집행률 (metrics.budget.plan_vs_execution), as a line."""
    rows = plan_vs_execution(budget)
    row = rows[rows["year"] == year]
    if row.empty:
        planned = executed = rate = "—"
    else:
        r = row.iloc[0]
        planned, executed, rate = number(r["planned"]), _million(r["executed"]), format_percent(r["execution_rate"], policy)
    return f"**{year}년**: 계획 {planned} 백만원 · 집행 {executed} 백만원 · 집행률 {rate}"


def investment_table(budget: pd.DataFrame) -> pd.DataFrame:
    """The card's 연도별 투자 계획 (백만원): rows 총 계, 국 비, 도 비, 시 비, 기 타 and 집행액; columns
    총계, 기 투자, 소계 (임기내), each term year, 입기후 투자 (metrics.investment.investment_plan)."""
    table, executed = investment_plan(budget)
    total = total_executed(executed)
    return pd.DataFrame({
        "재원": [*[SOURCE_ROWS[str(s)] for s in table.index], "집행액"],
        "총계": [*[number(v) for v in table["total"]], _million(total)],
        "기 투자": [*[number(v) for v in table["before"]], ""],
        "소계": [*[number(v) for v in table["term_total"]], _million(total)],
        **{str(y): [*[number(v) for v in table[y]], _million(executed[y]) if executed[y] else "-"]
           for y in executed},
        "입기후 투자": [*[number(v) for v in table["after"]], ""],
    })


def execution_table(budget: pd.DataFrame, policy: RatePolicy, year: int | None = None) -> pd.DataFrame:
    """Plan against execution per term year × funding source (백만원), with 집행률; only `year` when given."""
    rows = execution_by_source(budget, year)
    return pd.DataFrame({
        "연도": [int(y) for y in rows["year"]],
        "재원": rows["funding_source"],
        "계획(백만원)": [number(v) for v in rows["planned"]],
        "집행(백만원)": [_million(v) for v in rows["executed"]],
        "집행률": [format_percent(r, policy) for r in rows["execution_rate"]],
    }).reset_index(drop=True)


def execution_title(year: int | None) -> str:
    return "연도 × 재원별 계획·집행" + ("" if year is None else f" ({year}년)")


def unit_costs(budget: pd.DataFrame, services: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Cost per unit served (원, metrics.budget.cost_per_unit) for applications served (with at
    least one visit), approved applications, visits and service hours — over the term to the
    as-of date, or within `year`."""
    executed = executed_in(budget, year)
    s = services.iloc[0]
    units = [("서비스 받은 신청 1건당", s["served"], "건"), ("승인된 신청 1건당", s["approved"], "건"),
             ("서비스 제공 1회당", s["visits"], "회"), ("서비스 1시간당", s["hours"], "시간")]
    return pd.DataFrame({
        "구분": [u[0] for u in units],
        "집행액(백만원)": _million(executed),
        "단위 수": [f"{number(u[1])}{u[2]}" for u in units],
        "단위당 비용(원)": [number(round(c)) if c is not None else "—"
                       for c in (cost_per_unit(executed, float(u[1])) for u in units)],
    })


def unit_costs_caption(year: int | None) -> str:
    return ("단위당 비용 = 집행액 ÷ 단위 수 (서비스 받은 신청 = 서비스 제공 기록이 1회 이상 있는 신청)"
            + ("" if year is None else f" · {year}년 기준"))
