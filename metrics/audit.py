"""Audit checks: consistency checks over one pledge's figures. Pure functions over the Figures
frames; each check is a row (check, subject, value, expected, passed). ui/presenters/audit.py
shapes them for the 감사 page and lists the figures that trace to records."""
from __future__ import annotations

import math

import pandas as pd

from metrics.budget import plan_vs_execution
from metrics.formatting import number, period_label
from metrics.rates import RatePolicy, display_round, format_percent

TOLERANCE = 1e-6
COLUMNS = ["check", "subject", "value", "expected", "passed"]


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _check(area: str, subject: str, shown: str, expected: str, ok: bool) -> dict:
    return {"check": area, "subject": subject, "value": shown, "expected": expected, "passed": bool(ok)}


def yearly_sum_checks(periods: pd.DataFrame, indicators: pd.DataFrame) -> list[dict]:
    """Per indicator: Σ yearly actuals = 누계 실적 (actual to date) and Σ yearly targets = 임기 총 목표."""
    out = []
    for ind in indicators.sort_values("ord").itertuples(index=False):
        own = periods[periods["indicator_id"] == ind.indicator_id]
        actual_sum = float(own["actual"].astype(float).sum())
        target_sum = float(own["target"].astype(float).sum())
        out.append(_check("연도별 실적 합 = 누계", ind.name, number(actual_sum), number(ind.actual_to_date),
                          abs(actual_sum - float(ind.actual_to_date or 0)) < TOLERANCE))
        total = 0.0 if _missing(ind.target_total) else float(ind.target_total)
        out.append(_check("연도별 목표 합 = 임기 총 목표", ind.name, number(target_sum), number(total),
                          abs(target_sum - total) < TOLERANCE))
    return out


def execution_checks(budget: pd.DataFrame) -> list[dict]:
    """Execution ≤ plan, for each term year and for the whole plan (백만원)."""
    out = []
    for r in plan_vs_execution(budget).itertuples(index=False):
        out.append(_check("집행액 ≤ 계획액", f"{r.year}년", f"{number(round(r.executed, 6))} 백만원",
                          f"{number(r.planned)} 백만원 이하", r.executed <= r.planned + TOLERANCE))
    planned, executed = float(budget["planned"].sum()), float(budget["executed"].sum())
    out.append(_check("집행액 ≤ 계획액", "임기 전체", f"{number(round(executed, 6))} 백만원", f"{number(planned)} 백만원 이하",
                      executed <= planned + TOLERANCE))
    return out


def printed_execution_checks(budget: pd.DataFrame, printed: pd.DataFrame) -> list[dict]:
    """The card's printed 집행액 per year = execution summed from the execution records."""
    exe = plan_vs_execution(budget).set_index("year")["executed"]
    out = []
    for r in printed.itertuples(index=False):
        computed = float(exe.get(int(r.year), 0.0))
        out.append(_check("카드 집행액 = 집행 기록 합", f"{r.year}년", f"{number(round(computed, 6))} 백만원",
                          f"{number(r.amount)} 백만원", abs(computed - float(r.amount)) < 0.5))
    return out


def status_checks(pledge: pd.Series, policy: RatePolicy) -> list[dict]:
    """The recorded status (추진상황) agrees with the suggested one from rate vs trajectory."""
    shown = f"기록 {pledge['status']} / 이행률 {format_percent(pledge['rate'], policy)}"
    return [_check("추진상황 ↔ 이행률", pledge["pledge_id"], shown, f"제안 {pledge['suggested_status']}",
                   bool(pledge["status_consistent"]))]


def printed_rate_checks(pledge: pd.Series, indicators: pd.DataFrame, as_of, policy: RatePolicy) -> list[dict]:
    """On the card's own as-of date, the computed rates equal the printed ones (after display rounding)."""
    if _missing(pledge.get("printed_as_of")) or pd.Timestamp(pledge["printed_as_of"]).date() != as_of:
        return []
    out = []
    for ind in indicators.sort_values("ord").itertuples(index=False):
        if _missing(ind.printed_rate):
            continue
        shown = display_round(ind.rate, policy)
        out.append(_check("카드 이행률 = 계산 이행률", ind.name, format_percent(ind.rate, policy),
                          f"{ind.printed_rate:.2f}%", shown == ind.printed_rate))
    if not _missing(pledge.get("printed_rate")):
        out.append(_check("카드 이행률 = 계산 이행률", "공약 이행률", format_percent(pledge["rate"], policy),
                          f"{pledge['printed_rate']:.2f}%", display_round(pledge["rate"], policy) == pledge["printed_rate"]))
    return out


def reconciliation_checks(reconciliation: pd.DataFrame, definitions: pd.DataFrame) -> list[dict]:
    """Reported yearly actuals = the same figure counted from the records."""
    names = dict(zip(definitions["indicator_id"], definitions["name"]))
    return [_check("보고 실적 = 기록 집계", f"{names.get(r.indicator_id, r.indicator_id)} {period_label(r.period)}",
                   number(r.from_records), number(r.reported), bool(r.matches))
            for r in reconciliation.itertuples(index=False)]


def consistency_checks(pledge: pd.Series, periods: pd.DataFrame, indicators: pd.DataFrame, budget: pd.DataFrame,
                       printed_executions: pd.DataFrame, reconciliation: pd.DataFrame, as_of,
                       policy: RatePolicy) -> pd.DataFrame:
    """All checks of one pledge, one row each: check, subject, value, expected, passed."""
    rows = (yearly_sum_checks(periods, indicators) + execution_checks(budget)
            + printed_execution_checks(budget, printed_executions) + status_checks(pledge, policy)
            + printed_rate_checks(pledge, indicators, as_of, policy)
            + reconciliation_checks(reconciliation, indicators))
    return pd.DataFrame(rows, columns=COLUMNS)

