"""공약 카드: the printed card's blocks as tables and lines — the ○ flags, the status row, the
text blocks, the indicator table with 누계 in brackets, the department line, block titles."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from ui.safe import md
from data.vocabulary import Status
from metrics.formatting import date_ko, number
from metrics.rates import RatePolicy, format_percent
from ui.presenters.common import label_of, missing, num

CARD_STATUSES = (Status.DONE_CLOSED, Status.DONE_CONTINUING, Status.ON_TRACK, Status.PARTIAL)
DEFAULT_RATE_NOTE = "공약 이행률 (각 지표 이행률의 평균으로 산출)"


def card_as_of(pledge: pd.Series) -> dt.date:
    """The date to view the card at: its printed as-of date, else the pledge's newest data date,
    else the end of its term."""
    for column in ("printed_as_of", "data_until", "term_end"):
        value = pledge.get(column)
        if not missing(value):
            return pd.Timestamp(value).date()
    return dt.date.today()


def card_flags(pledge: pd.Series) -> pd.DataFrame:
    """The card's first row as printed: ○ under 완료시기, 사업주체, 신규여부, 예산구분, and 소요예산."""
    city = pledge["city_name"]
    groups = [("완료시기", ["임기내", "임기후"], pledge["completion"]),
              ("사업주체", ["국가", "도", city, "민간"], pledge["implementer"]),
              ("신규여부", ["신규", "계속"], pledge["novelty"]),
              ("예산구분", ["예산", "비예산"], pledge["budget_type"])]
    row = {}
    for group, choices, value in groups:
        for choice in choices:
            row[f"{group} {choice}"] = "○" if value == choice else ""
    row["소요예산 (백만원)"] = number(pledge["required_budget"])
    return pd.DataFrame([row])


def card_status(pledge: pd.Series, policy: RatePolicy) -> pd.DataFrame:
    """The card's 추진상황 row: ○ under the recorded status, and the computed 이행률."""
    row = {str(s): ("○" if pledge["status"] == s else "") for s in CARD_STATUSES}
    row["이행률"] = format_percent(num(pledge["rate"]), policy)
    return pd.DataFrame([row])


def status_caption(pledge: pd.Series) -> str:
    return (f"추진상황은 담당 부서가 입력한 값입니다 ({date_ko(pledge['status_date'])}). "
            f"이행률에서 제안되는 추진상황: {md(pledge['suggested_status'])}")


def text_lines(texts: pd.DataFrame, block: str) -> str:
    """A card text block as printed lines: '- (label) text', '    - text' for level 2, '- text : when'."""
    out = []
    for t in texts[texts["block"] == block].sort_values("ord").itertuples(index=False):
        label = f"({t.label}) " if isinstance(t.label, str) and t.label else ""
        when = f" : {t.note}" if isinstance(t.note, str) and t.note else ""
        prefix = "    - " if t.level == 2 else "- "
        out.append(f"{prefix}{label}{t.text}{when}")
    return "\n".join(out)


def department_row(pledge: pd.Series, contacts: pd.DataFrame) -> pd.DataFrame:
    """The card's 주관부서 line: department, then each contact's role and name, and phone."""
    row = {"주관부서": pledge["department"]}
    for c in contacts.sort_values("ord").itertuples(index=False):
        row[f"담당 {c.ord + 1}"] = " ".join(x for x in (c.role, c.name) if isinstance(x, str))
        row[f"연락처 {c.ord + 1}"] = c.phone if isinstance(c.phone, str) else ""
    return pd.DataFrame([row])


def _with_total(value, total) -> str:
    """'4 (10)' — the period's figure with the running total (누계) in brackets; '–' without a figure."""
    if missing(value):
        return "–"
    if missing(total) or float(total) == float(value):
        return number(value)
    return f"{number(value)} ({number(total)})"


def card_indicator_table(periods: pd.DataFrame, indicators: pd.DataFrame, policy: RatePolicy,
                         labels: dict[int, str] | None = None) -> pd.DataFrame:
    """The card's 공약달성 확인지표 table: per indicator a 목표 (누계) row and an 이행 (누계) row,
    one column per period (labelled from the store's periods), the rate on the 목표 row. A period
    with neither target nor actual reads '–'; periods not yet begun are blank."""
    rows = []
    columns = [label_of(p, labels) for p in sorted(periods["period"].unique())]
    for ind in indicators.sort_values("ord").itertuples(index=False):
        own = periods[periods["indicator_id"] == ind.indicator_id].sort_values("period")
        target_row = {"확인지표": ind.name, "단위": ind.unit, "구분": "목표 (누계)"}
        actual_row = {"확인지표": "", "단위": "", "구분": "이행 (누계)"}
        for label, r in zip(columns, own.itertuples(index=False)):
            target_row[label] = _with_total(r.target, r.target_cumulative)
            no_target_yet = missing(r.target_cumulative) and (missing(r.actual) or float(r.actual) == 0)
            actual_row[label] = "" if missing(r.actual) else ("–" if no_target_yet else
                                                            _with_total(r.actual, r.actual_cumulative))
        target_row["이행률 (%)"] = format_percent(num(ind.rate), policy).rstrip("%")
        actual_row["이행률 (%)"] = ""
        rows += [target_row, actual_row]
    return pd.DataFrame(rows)


def investment_title(pledge: pd.Series) -> str:
    return f"**< 연도별 투자 계획 >** (단위: 백만원) — {md(pledge['investment_program'] or '')}"


def progress_title(pledge: pd.Series, as_of: dt.date) -> str:
    """'**□ 추진실적** (2022. 7. 1. ~ 2024. 5. 31.)' — from the start of the pledge's term."""
    return f"**□ 추진실적** ({date_ko(pledge['term_start'])} ~ {date_ko(as_of)})"


def rate_line(pledge: pd.Series, policy: RatePolicy) -> str:
    return f"**{md(pledge['rate_note'] or DEFAULT_RATE_NOTE)}: {format_percent(pledge['rate'], policy)}**"
