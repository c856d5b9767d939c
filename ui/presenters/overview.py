"""개요: the headline figures of one pledge (formatted), each indicator's rate, the year's
attainment, the what-if headline and the city's portfolio table."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from data.vocabulary import Suggested
from metrics.change import data_basis, difference, year_attainment as attainment
from metrics.formatting import date_ko, number
from metrics.rates import RatePolicy, display_round, format_percent
from metrics.status import JUDGE_FROM
from ui.presenters.common import change_text, missing, num, one, pledge_key
from ui.safe import md


def headline(pledges: pd.DataFrame, city: str, pledge_id: str, policy: RatePolicy,
             before: pd.DataFrame | None = None, as_of: dt.date | None = None) -> dict:
    """The overview's big numbers for one pledge, formatted: rate, change since `before`
    (metrics.change.difference), expected rate, term elapsed, recorded and suggested status, the
    data basis (metrics.change.data_basis) and the term's dates."""
    row = one(pledges, city, pledge_id).iloc[0]
    prev = None
    if before is not None and not one(before, city, pledge_id).empty:
        prev = num(one(before, city, pledge_id).iloc[0]["rate"])
    change = None if prev is None or num(row["rate"]) is None else delta_text(row["rate"], prev, policy)
    return {
        "rate": num(row["rate"]),
        "rate_text": format_percent(num(row["rate"]), policy),
        "rate_shown": display_round(num(row["rate"]), policy),
        "expected_shown": display_round(num(row["expected_rate"]), policy),
        "previous_rate_text": format_percent(prev, policy),
        "change_text": change,
        "expected_text": format_percent(num(row["expected_rate"]), policy),
        "elapsed_text": format_percent(num(row["term_elapsed"]), policy),
        "elapsed_help": f"{term_text(row)} 중 기준일까지 지난 비율",
        "status": row["status"],
        "status_date": date_ko(row["status_date"]),
        **status_in_time(row, policy),
        "suggested_status": row["suggested_status"],
        "status_consistent": bool(row["status_consistent"]),
        "data_until": date_ko(row["data_until"]),
        "data_basis": date_ko(data_basis(row["data_until"], as_of)),
        "title": row["title"],
        "city_name": row["city_name"],
        "department": row["department"],
        "team": row["team"],
        "area": f"{int(row['area_no'])}. {row['area_name']}",
    }


RATE_BARS_TITLE = "**공약 이행률과 기대 이행률** (0 ~ 100%)"


def rate_bars(h: dict) -> list[tuple[float, str]]:
    """The headline's gauge as two bars (st.progress: a fill from 0 to 1 and its text): the pledge
    rate and the expected rate on the target trajectory, each with its figure as shown; a rate
    past 100% fills the bar, no figure leaves it empty."""
    return [(_fill(h["rate_shown"]), f"공약 이행률 {h['rate_text']}"),
            (_fill(h["expected_shown"]), f"기대 이행률 (목표 궤적) {h['expected_text']}")]


def _fill(shown: float | None) -> float:
    """A percentage as shown (e.g. 64.85) as a progress bar's fill, 0 … 1."""
    return 0.0 if shown is None else min(max(float(shown) / 100, 0.0), 1.0)


def delta_text(now, before, policy: RatePolicy) -> str | None:
    """The change now − before as '+1.23%p' for st.metric's delta; None (no arrow, no colour) when
    the change rounds to zero."""
    shown = display_round(difference(num(now), num(before)), policy)
    return None if shown is None or shown == 0 else change_text(now, before, policy)


def status_in_time(row: pd.Series, policy: RatePolicy) -> dict:
    """The status check in time (metrics/status.py): the recorded status in force on the as-of
    date ('없음' before the first), the basis date and its expected rate, the stale flag."""
    in_force = row.get("status_in_force", row["status"])
    recorded = None if missing(in_force) else str(in_force)
    return {
        "status_in_force": recorded or "없음",
        "status_in_force_date": date_ko(row.get("status_in_force_date")) if recorded else "—",
        "status_recorded": recorded is not None,
        "stale": bool(row.get("stale", False)),
        "status_basis": date_ko(row.get("status_basis_date")),
        "status_expected_text": format_percent(num(row.get("status_expected_rate", row["expected_rate"])), policy),
        "too_early": row["suggested_status"] == str(Suggested.TOO_EARLY),
        "judge_from": f"{JUDGE_FROM:g}%",
    }


def status_notice(h: dict) -> tuple[str, str]:
    """How the status check is shown: ('success' | 'info' | 'error', sentence). Never an error for
    a status not yet recorded, a too-early judgement (판단 유보) or data that stop before the as-of
    date (자료 미갱신: the check is made at the data date)."""
    if not h["status_recorded"]:
        return "info", (f"기준일에는 아직 기록된 추진상황이 없습니다 (처음 기록: {h['status_date']} {h['status']}). "
                        f"제안: {h['suggested_status']}.")
    if h["too_early"]:
        return "info", (f"판단 유보: 기대 이행률이 {h['status_expected_text']}로 {h['judge_from']} 미만이라 "
                        "추진상황을 제안하기에 이릅니다.")
    stale = (f"자료 미갱신 — 자료 기준일 {h['status_basis']}의 기대 이행률 {h['status_expected_text']}과 "
             f"비교했습니다. ") if h["stale"] else ""
    if h["status_consistent"]:
        text = (f"기록된 추진상황 '{h['status_in_force']}'이(가) 이행률({h['rate_text']})과 맞습니다 "
                f"(기대 이행률 {h['status_expected_text']}).")
        return ("info" if h["stale"] else "success"), stale + text
    return "error", stale + (f"기록된 추진상황 '{h['status_in_force']}'이(가) 이행률 {h['rate_text']}과 맞지 않습니다 "
                             f"— 제안: {h['suggested_status']}.")


def indicator_names(indicators: pd.DataFrame) -> dict:
    """indicator_id → its name (the waterfall's and tables' labels)."""
    return dict(zip(indicators["indicator_id"], indicators["name"]))


def term_text(pledge: pd.Series) -> str:
    """The pledge's term from the data: '2022. 7. 1. ~ 2026. 6. 30.'."""
    return f"{date_ko(pledge['term_start'])} ~ {date_ko(pledge['term_end'])}"


def indicator_bars(indicators: pd.DataFrame, policy: RatePolicy) -> list[tuple[float, str]]:
    """Each indicator as a bar (st.progress: a fill from 0 to 1 and its text, card order): its rate
    (= 누계 실적 ÷ 임기 총 목표) as shown, what it is made of, and the expected rate; the name is
    escaped (card text is not markup)."""
    rows = indicators.sort_values("ord") if "ord" in indicators.columns else indicators
    return [(_fill(display_round(num(rate), policy)),
             f"{md(name)} **{format_percent(num(rate), policy)}** · 누계 {number(actual)} / 임기 총 목표 "
             f"{number(target)}{'' if missing(unit) else md(unit)} · 기대 {format_percent(num(expected), policy)}")
            for name, unit, actual, target, rate, expected in zip(
                rows["name"], rows["unit"], rows["actual_to_date"], rows["target_total"], rows["rate"],
                rows["expected_rate"])]


def year_attainment(periods: pd.DataFrame, definitions: pd.DataFrame, year: int, policy: RatePolicy) -> pd.DataFrame:
    """Per indicator, the chosen year: 연간 목표, 연간 실적 and 연간 달성률 (metrics.change.year_attainment,
    not capped: a year may exceed its target)."""
    rows = periods[periods["period"] == year].merge(definitions[["indicator_id", "ord", "name", "unit"]],
                                                     on="indicator_id").sort_values("ord")
    return pd.DataFrame({
        "확인지표": rows["name"],
        "연간 목표": [number(v) for v in rows["target"]],
        "연간 실적": [number(v) for v in rows["actual"]],
        "연간 달성률": [format_percent(attainment(a, t), policy) for a, t in zip(rows["actual"], rows["target"])],
    }).reset_index(drop=True)


def year_attainment_title(year: int) -> str:
    return f"**{year}년 목표 달성률** (연간 실적 ÷ 연간 목표)"


def whatif_headline(official_pledges: pd.DataFrame, whatif_pledges: pd.DataFrame, city: str, pledge_id: str,
                    policy: RatePolicy) -> dict:
    """The what-if pledge rate and its 차이 = what-if − official (percentage points), formatted."""
    a = one(official_pledges, city, pledge_id).iloc[0]["rate"]
    b = one(whatif_pledges, city, pledge_id).iloc[0]["rate"]
    return {"rate_text": format_percent(num(b), policy), "change_text": delta_text(b, a, policy)}


def status_message(h: dict) -> tuple[bool, str]:
    """Whether the recorded status agrees with the rate, and the sentence saying so."""
    if h["status_consistent"]:
        return True, f"기록된 추진상황이 이행률({h['rate_text']})과 맞습니다 (기대 이행률 {h['expected_text']})."
    return False, (f"기록된 추진상황 '{h['status']}'이(가) 이행률 {h['rate_text']}과 맞지 않습니다 "
                   f"— 제안: {h['suggested_status']}.")


def portfolio_table(pledges: pd.DataFrame, policy: RatePolicy, link_base: str = "card", query: str = "") -> pd.DataFrame:
    """One row per pledge: 공약, 이행률 (a number, so the column sorts), 추진상황, 제안 상황,
    주관부서, 분야, and a link that opens the pledge's card."""
    return pd.DataFrame({
        "공약번호": pledges["pledge_id"],
        "공약명": pledges["title"],
        "이행률": [display_round(num(v), policy) for v in pledges["rate"]],
        "추진상황": pledges["status"],
        "제안 상황": pledges["suggested_status"],
        "주관부서": pledges["department"],
        "분야": [f"{int(n)}. {a}" for n, a in zip(pledges["area_no"], pledges["area_name"])],
        "바로가기": [f"{link_base}?pledge={pledge_key(c, p)}{query}" for c, p in zip(pledges["city"], pledges["pledge_id"])],
    }).reset_index(drop=True)


def portfolio_title(pledges: pd.DataFrame) -> str | None:
    """'공약 목록 (98건)' when several pledges are loaded; None for a single pledge."""
    return None if len(pledges) <= 1 else f"공약 목록 ({number(len(pledges))}건)"


def link_query(as_of: dt.date) -> str:
    """The query string the portfolio's links carry (the same as-of date)."""
    return f"&as_of={as_of.isoformat()}"
