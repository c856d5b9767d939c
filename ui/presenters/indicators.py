"""확인지표: the rate formula in words and numbers, one indicator's periods as a table, the
what-if metric beside the official one."""
from __future__ import annotations

import pandas as pd

from ui.safe import md
from data.vocabulary import SOURCE_LABELS
from metrics.formatting import number
from metrics.rates import RatePolicy, format_percent
from ui.presenters.common import change_text, label_of, missing, num, policy_text

FORMULA_TEXT = "**산식** 지표 이행률 = 누계 실적 ÷ 임기 총 목표 × 100 · {policy} (사이드바 '산식 설정'에서 바꿀 수 있음)"


def formula_banner(policy: RatePolicy) -> str:
    return FORMULA_TEXT.format(policy=policy_text(policy))


def rate_formula(indicator: pd.Series, policy: RatePolicy) -> str:
    """The rate in words and numbers: '누계 실적 11 ÷ 임기 총 목표 16 = 68.75%'."""
    return (f"누계 실적 {number(indicator['actual_to_date'])} ÷ 임기 총 목표 {number(indicator['target_total'])}"
            f" = {format_percent(num(indicator['rate']), policy)}")


def indicator_title(indicator: dict) -> str:
    return f"{md(indicator['name'])} ({md(indicator['unit'])})"


def rate_notes(indicator: dict, policy: RatePolicy) -> str:
    """기대 이행률, the uncapped rate and where the actual comes from."""
    return (f"기대 이행률 {format_percent(indicator['expected_rate'], policy)} · "
            f"상한 없는 이행률 {format_percent(indicator['rate_uncapped'], policy)} · 실적 출처: {SOURCE_LABELS.get(indicator['source'], indicator['source'])}")


def whatif_metric(whatif: pd.Series, official: dict, policy: RatePolicy) -> dict:
    """The what-if rate of an indicator and its 차이 from the official rate (delta)."""
    return {"value": format_percent(whatif["rate"], policy),
            "delta": change_text(whatif["rate"], official["rate"], policy)}


def indicator_period_table(periods: pd.DataFrame, year: int | None = None,
                           labels: dict[int, str] | None = None) -> pd.DataFrame:
    """One indicator's periods as a table: 기간, 목표, 목표 누계, 실적, 실적 누계 (blank for periods
    not yet begun); only `year` when given."""
    rows = periods if year is None else periods[periods["period"] == year]
    return pd.DataFrame({
        "기간": [label_of(p, labels) for p in rows["period"]],
        "목표": [number(v) for v in rows["target"]],
        "목표 누계": [number(v) for v in rows["target_cumulative"]],
        "실적": ["" if missing(v) else number(v) for v in rows["actual"]],
        "실적 누계": ["" if missing(v) else number(v) for v in rows["actual_cumulative"]],
    }).reset_index(drop=True)
