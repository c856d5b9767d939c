"""전망 and 변동 요인 on 개요 and 확인지표: each indicator's forecast (metrics/forecast.py) as a table
with the method in words, and the change of the pledge rate between two dates (metrics/attribution.py)
as waterfall steps, a contributions table and the imports and target changes in between."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.attribution import changes_for, indicator_contributions, pledge_change
from metrics.forecast import PACE_WINDOW
from metrics.formatting import date_ko, number
from metrics.rates import RatePolicy, display_round, format_percent
from ui.presenters.common import format_points, missing, num, one

PACE_BASIS = {"records": "기록", "reported": "보고 실적"}


def _month(day) -> str:
    return "—" if missing(day) or day is None else f"{pd.Timestamp(day).year}. {pd.Timestamp(day).month}."


def reach_text(row) -> str:
    """The month 100% is reached at the pace: '2025. 3.', '도달함' (already), '임기 내 어려움' (after the
    term's last month), '속도 없음' (no pace)."""
    day = row["reaches_target_on"]
    if day is None or missing(day):
        return "속도 없음" if missing(row["pace_per_month"]) or not row["pace_per_month"] else "—"
    if num(row["needed_per_month"]) == 0:
        return "도달함"
    late = int(row["months_remaining"]) < _months_between(row["as_of"], day)
    return f"{_month(day)}" + (" (임기 후)" if late else "")


def _months_between(as_of, day) -> int:
    a, d = pd.Timestamp(as_of), pd.Timestamp(day)
    return (d.year * 12 + d.month) - (a.year * 12 + a.month)


def pace_text(row) -> str:
    """The method in words: '최근 12개월 월평균', '최근 5개월 월평균 (기록이 5개월뿐)', '보고 시작 이후 23개월 평균'."""
    months = int(row["pace_months"] or 0)
    if missing(row["pace_per_month"]):
        return "기록 없음" if row["no_pace_reason"] == "no_records" else "보고 실적 없음"
    if row["pace_basis"] == "reported":
        return f"보고 시작 이후 {months}개월 평균"
    if months < PACE_WINDOW:
        return f"최근 {months}개월 월평균 (자료가 {months}개월뿐 — {PACE_WINDOW}개월 미만)"
    return f"최근 {months}개월 월평균"


def _amount(value, unit: str, policy: RatePolicy) -> str:
    """A per-month figure rounded by the policy: '34.44 건' ('—' when missing)."""
    shown = display_round(num(value), policy)
    return "—" if shown is None else f"{shown:,.{policy.decimals}f}".rstrip("0").rstrip(".") + f" {unit}"


def forecast_table(forecast: pd.DataFrame, indicators: pd.DataFrame, as_of: dt.date, policy: RatePolicy) -> pd.DataFrame:
    """One row per indicator (card order): 확인지표, 전망 이행률 (임기 말), 현재 속도 (월), 속도 산정, 필요 속도 (월),
    100% 도달 예상, 남은 개월."""
    frame = indicators[["indicator_id", "ord", "name", "unit"]].merge(forecast, on="indicator_id").sort_values("ord")
    rows = []
    for r in frame.to_dict("records"):
        r["as_of"] = as_of
        rows.append({
            "확인지표": r["name"],
            "전망 이행률 (임기 말)": format_percent(num(r["projected_rate"]), policy),
            "현재 속도 (월)": _amount(r["pace_per_month"], r["unit"], policy),
            "속도 산정": pace_text(r),
            "필요 속도 (월)": _amount(r["needed_per_month"], r["unit"], policy),
            "100% 도달 예상": reach_text(r),
            "남은 개월": int(r["months_remaining"]),
        })
    return pd.DataFrame(rows)


def forecast_method(forecast: pd.DataFrame, as_of: dt.date, pledge_forecast: pd.DataFrame | None,
                    policy: RatePolicy) -> str:
    """The method in one paragraph: the pace window, the months remaining, the projected pledge rate."""
    months = int(forecast["months_remaining"].max()) if not forecast.empty else 0
    projected = None if pledge_forecast is None or pledge_forecast.empty else num(pledge_forecast.iloc[0]["projected_rate"])
    short = forecast[(forecast["pace_basis"] == "records") & (forecast["pace_months"] < PACE_WINDOW)]
    window = (f"최근 {PACE_WINDOW}개월(기준월 {_month(as_of)}까지)의 월평균 실적" if short.empty else
              f"최근 {PACE_WINDOW}개월의 월평균 실적 (자료가 더 짧은 지표는 있는 개월 수: "
              f"{', '.join(str(int(m)) for m in short['pace_months'])}개월)")
    return (f"**전망 방법** {window}이 임기 끝까지 남은 {months}개월 동안 이어진다고 보고 계산했습니다. "
            f"전망 실적 = 누계 실적 + 월평균 × 남은 개월, 필요 속도 = (임기 총 목표 − 누계 실적) ÷ 남은 개월. "
            f"공약 전망 이행률 {format_percent(projected, policy)}.")


# --- why it changed --------------------------------------------------------------------------------

def change_parts(before, now, city: str, pledge_id: str) -> tuple[pd.DataFrame, pd.Series]:
    """metrics.attribution for one pledge: per-indicator contributions and the pledge's change row.
    `before`, `now`: the engine's Figures at D0 and D."""
    parts = indicator_contributions(one(before.indicators, city, pledge_id), one(now.indicators, city, pledge_id))
    change = pledge_change(one(before.pledges, city, pledge_id), one(now.pledges, city, pledge_id), parts).iloc[0]
    return parts, change


def waterfall_steps(parts: pd.DataFrame, change: pd.Series, names: dict, since: dt.date, as_of: dt.date,
                    policy: RatePolicy) -> pd.DataFrame:
    """The waterfall's bars: the earlier rate (absolute), one relative step per indicator, the
    current rate (total). Values rounded by the policy. Columns: label, measure, value, text."""
    rows = [{"label": f"{date_ko(since)} 이행률", "measure": "absolute",
             "value": display_round(num(change["rate_before"]), policy) or 0.0,
             "text": format_percent(num(change["rate_before"]), policy)}]
    for r in parts.itertuples(index=False):
        rows.append({"label": names.get(r.indicator_id, r.indicator_id), "measure": "relative",
                     "value": display_round(num(r.contribution), policy) or 0.0,
                     "text": format_points(num(r.contribution), policy)})
    rows.append({"label": f"{date_ko(as_of)} 이행률", "measure": "total",
                 "value": display_round(num(change["rate"]), policy) or 0.0,
                 "text": format_percent(num(change["rate"]), policy)})
    return pd.DataFrame(rows)


def contributions_table(parts: pd.DataFrame, names: dict, policy: RatePolicy) -> pd.DataFrame:
    """Per indicator: 이전 이행률, 현재 이행률, 기여 (%p = 이행률 변화 × 가중치 비중)."""
    return pd.DataFrame({
        "확인지표": [names.get(i, i) for i in parts["indicator_id"]],
        "이전 이행률": [format_percent(num(v), policy) for v in parts["rate_before"]],
        "현재 이행률": [format_percent(num(v), policy) for v in parts["rate"]],
        "기여": [format_points(num(v), policy) for v in parts["contribution"]],
    })


def change_summary(change: pd.Series, since: dt.date, policy: RatePolicy) -> str:
    """'2024. 3. 31. 46.02% → 64.85% (+18.83%p)'; the rounded contributions may miss the delta by
    a few hundredths (each is rounded on its own)."""
    return (f"변화: {date_ko(since)} {format_percent(num(change['rate_before']), policy)} → "
            f"{format_percent(num(change['rate']), policy)} ({format_points(num(change['delta']), policy)})")


KIND_LABELS = {"records": "기록 가져오기", "reported": "보고 실적", "target_revision": "목표 변경 (승인)"}


def events_table(changes: pd.DataFrame, city: str, pledge_id: str, definitions: pd.DataFrame,
                 names: dict) -> pd.DataFrame:
    """The imports and approved target changes between the two dates (metrics.attribution.changes_for):
    날짜, 종류, 내용, 이행률 영향."""
    rows = changes_for(changes, city, pledge_id, definitions)
    out = []
    for r in rows.to_dict("records"):
        if r["kind"] == "target_revision":
            what = (f"{names.get(r['indicator_id'], r['indicator_id'])} {r['period']}년 목표 "
                    f"{number(r['previous_target'])} → {number(r['new_target'])} ({r.get('reason') or '사유 없음'})")
        else:
            name = r.get("file_name")
            label = name if isinstance(name, str) and name else (
                "카드 인쇄값" if missing(r.get("import_id")) else f"가져오기 {r['import_id']}")
            span = f"{date_ko(r.get('first_date'))} ~ {date_ko(r.get('last_date'))}"
            what = f"{label}: {number(r.get('records'))}건 ({span})"
        out.append({"날짜": date_ko(r["on_date"]), "종류": KIND_LABELS.get(r["kind"], r["kind"]), "내용": what,
                    "이행률 영향": "있음" if r["affects_rate"] else "없음"})
    return pd.DataFrame(out, columns=["날짜", "종류", "내용", "이행률 영향"])


def indicator_forecast_text(forecast: pd.DataFrame, indicator: dict, as_of: dt.date, policy: RatePolicy) -> str:
    """One indicator's forecast in words for 확인지표: '전망 (임기 말) 100.00% · 현재 속도 86.5 건/월 (최근 12개월
    월평균) · 필요 34.44 건/월 · 100% 도달 2025. 3.'."""
    rows = forecast[forecast["indicator_id"] == indicator["indicator_id"]]
    if rows.empty:
        return "전망 없음"
    r = {**rows.iloc[0].to_dict(), "as_of": as_of}
    unit = indicator["unit"]
    return (f"**전망 (임기 말)** {format_percent(num(r['projected_rate']), policy)} · 현재 속도 "
            f"{_amount(r['pace_per_month'], unit, policy)}/월 ({pace_text(r)}) · 필요 "
            f"{_amount(r['needed_per_month'], unit, policy)}/월 · 100% 도달 {reach_text(r)} · 남은 {int(r['months_remaining'])}개월")
