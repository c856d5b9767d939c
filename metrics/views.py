"""Shapes of the figures for the dashboard's pages: small pure functions (pandas in, pandas or
plain values out) so that pages only draw. Every figure shown comes from `metrics.report.Figures`;
the arithmetic done here (differences, year attainment, quarter dates) says its formula.

Nothing here imports Streamlit.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from metrics.formatting import date_ko, number, period_label
from metrics.rates import DEFAULT_POLICY, RatePolicy, display_round, format_percent, ratio

PLEDGE_KEY = ["city", "pledge_id"]
TARGET_KEY = ["city", "pledge_id", "indicator_id", "period"]
KEY_SEPARATOR = ":"
ALL_YEARS = "전체"


# --- identifying pledges ---------------------------------------------------------------------

def pledge_key(city: str, pledge_id: str) -> str:
    """The URL-safe key of a pledge: 'naju:6-1-1'."""
    return f"{city}{KEY_SEPARATOR}{pledge_id}"


def parse_pledge_key(key: str | None) -> tuple[str, str] | None:
    """'naju:6-1-1' → ('naju', '6-1-1'); None when the key is malformed."""
    if not key or KEY_SEPARATOR not in key:
        return None
    city, pledge_id = key.split(KEY_SEPARATOR, 1)
    return (city, pledge_id) if city and pledge_id else None


def pledge_options(pledge_list: pd.DataFrame) -> dict[str, str]:
    """Selector options: pledge key → '나주시 6-1-1 출산 전·후 지원 돌봄서비스 제공 (보건행정과)'."""
    return {
        pledge_key(r.city, r.pledge_id): f"{r.city_name} {r.pledge_id} {r.title} ({r.department})"
        for r in pledge_list.itertuples(index=False)
    }


def pledge_keys(pledge_list: pd.DataFrame) -> list[str]:
    """Every pledge's key, in list order."""
    return [pledge_key(c, p) for c, p in zip(pledge_list["city"], pledge_list["pledge_id"])]


def city_options(pledge_list: pd.DataFrame) -> dict[str, str]:
    """The cities of the pledge list: code → '전라남도 나주시' (province omitted when unknown)."""
    cities = pledge_list.drop_duplicates("city")
    provinces = cities["province"] if "province" in cities.columns else [None] * len(cities)
    return {c: (f"{p} {n}" if isinstance(p, str) and p else n)
            for c, n, p in zip(cities["city"], cities["city_name"], provinces)}


def of_city(pledge_list: pd.DataFrame, city: str) -> pd.DataFrame:
    """The pledges of one city."""
    return pledge_list[pledge_list["city"] == city]


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _num(value) -> float | None:
    return None if _missing(value) else float(value)


def one(frame: pd.DataFrame, city: str, pledge_id: str) -> pd.DataFrame:
    """The rows of one pledge."""
    return frame[(frame["city"] == city) & (frame["pledge_id"] == pledge_id)]


# --- dates -----------------------------------------------------------------------------------

def quarter_start(day: dt.date) -> dt.date:
    """First day of the calendar quarter containing `day`."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter_end(as_of: dt.date) -> dt.date:
    """The last day of the quarter before the one containing the as-of date
    (2024-05-31 → 2024-03-31): the reference point of '지난 분기 대비'."""
    return quarter_start(as_of) - dt.timedelta(days=1)


def year_options(term_periods: pd.DataFrame) -> list:
    """The year filter's choices: '전체' then each term period."""
    return [ALL_YEARS, *[int(p) for p in term_periods["period"]]]


def year_label(value) -> str:
    """The year filter's labels: '전체', '2023년', and '2026. 6.' for the term's last half-year."""
    return value if value == ALL_YEARS else ("2026. 6." if int(value) == 2026 else f"{value}년")


def selected_year(value) -> int | None:
    """The year filter's value as a year, None for '전체'."""
    return None if value in (None, ALL_YEARS, "") else int(value)


# --- headline --------------------------------------------------------------------------------

def difference(now: float | None, before: float | None) -> float | None:
    """difference = now − before (percentage points); None when either is missing."""
    if _missing(now) or _missing(before):
        return None
    return float(now) - float(before)


def format_points(value: float | None, policy: RatePolicy = DEFAULT_POLICY, signed: bool = True) -> str:
    """A difference of rates as '+1.23%p' ('—' when missing), rounded by the policy."""
    shown = display_round(value, policy)
    if shown is None:
        return "—"
    return f"{shown:+.{policy.decimals}f}%p" if signed else f"{shown:.{policy.decimals}f}%p"


def headline(pledges: pd.DataFrame, city: str, pledge_id: str, policy: RatePolicy,
             before: pd.DataFrame | None = None, as_of: dt.date | None = None) -> dict:
    """The overview's big numbers for one pledge, formatted: rate, change since `before`
    (change = rate now − rate at the end of the previous quarter), expected rate on the
    target trajectory, term elapsed, recorded and suggested status, and the data basis
    (the newest data on or before the as-of date: min(as-of, newest record))."""
    row = one(pledges, city, pledge_id).iloc[0]
    prev = None
    if before is not None and not one(before, city, pledge_id).empty:
        prev = _num(one(before, city, pledge_id).iloc[0]["rate"])
    change = difference(_num(row["rate"]), prev)
    return {
        "rate": _num(row["rate"]),
        "rate_text": format_percent(_num(row["rate"]), policy),
        "rate_shown": display_round(_num(row["rate"]), policy),
        "expected_shown": display_round(_num(row["expected_rate"]), policy),
        "previous_rate_text": format_percent(prev, policy),
        "change": change,
        "change_text": None if change is None else format_points(change, policy),
        "expected_text": format_percent(_num(row["expected_rate"]), policy),
        "elapsed_text": format_percent(_num(row["term_elapsed"]), policy),
        "status": row["status"],
        "status_date": date_ko(row["status_date"]),
        "suggested_status": row["suggested_status"],
        "status_consistent": bool(row["status_consistent"]),
        "data_until": date_ko(row["data_until"]),
        "data_basis": date_ko(_data_basis(row["data_until"], as_of)),
        "title": row["title"],
        "city_name": row["city_name"],
        "department": row["department"],
        "team": row["team"],
        "area": f"{int(row['area_no'])}. {row['area_name']}",
    }


def _data_basis(data_until, as_of: dt.date | None):
    if as_of is None or _missing(data_until):
        return data_until if as_of is None else as_of
    return min(pd.Timestamp(data_until).date(), as_of)


def indicator_rates_table(indicators: pd.DataFrame, policy: RatePolicy) -> pd.DataFrame:
    """One row per indicator, Korean headers: 누계 실적, 임기 총 목표, 이행률 (= 누계 실적 ÷ 임기 총 목표),
    기대 이행률 (on the target trajectory)."""
    return pd.DataFrame({
        "확인지표": indicators["name"],
        "단위": indicators["unit"],
        "누계 실적": [number(v) for v in indicators["actual_to_date"]],
        "임기 총 목표": [number(v) for v in indicators["target_total"]],
        "이행률": [format_percent(_num(v), policy) for v in indicators["rate"]],
        "기대 이행률": [format_percent(_num(v), policy) for v in indicators["expected_rate"]],
    }).reset_index(drop=True)


def rate_formula(indicator: pd.Series, policy: RatePolicy) -> str:
    """The rate in words and numbers: '누계 실적 11 ÷ 임기 총 목표 16 = 68.75%'."""
    return (f"누계 실적 {number(indicator['actual_to_date'])} ÷ 임기 총 목표 {number(indicator['target_total'])}"
            f" = {format_percent(_num(indicator['rate']), policy)}")


def policy_text(policy: RatePolicy) -> str:
    """The cap and rounding policy in Korean."""
    cap = "지표 이행률 100% 상한 적용" if policy.cap else "상한 없음 (100% 초과 그대로 표시)"
    rounding = "반올림" if policy.rounding == "half_up" else "버림"
    return f"{cap} · 소수 {policy.decimals}자리 {rounding} · 공약 이행률 = 지표 이행률의 평균"


# --- year attainment ---------------------------------------------------------------------------

def year_attainment(periods: pd.DataFrame, definitions: pd.DataFrame, year: int, policy: RatePolicy) -> pd.DataFrame:
    """Per indicator, the chosen year: 연간 목표, 연간 실적 and 연간 달성률 = 연간 실적 ÷ 연간 목표 × 100
    (not capped: a year may exceed its target)."""
    rows = periods[periods["period"] == year].merge(definitions[["indicator_id", "ord", "name", "unit"]],
                                                     on="indicator_id").sort_values("ord")
    return pd.DataFrame({
        "확인지표": rows["name"],
        "연간 목표": [number(v) for v in rows["target"]],
        "연간 실적": [number(v) for v in rows["actual"]],
        "연간 달성률": [format_percent(ratio(a, t), policy) for a, t in zip(rows["actual"], rows["target"])],
    }).reset_index(drop=True)


# --- the card's indicator table -----------------------------------------------------------------

def _with_total(value, total) -> str:
    """'4 (10)' — the period's figure with the running total (누계) in brackets; '–' without a figure."""
    if _missing(value):
        return "–"
    if _missing(total) or float(total) == float(value):
        return number(value)
    return f"{number(value)} ({number(total)})"


def card_indicator_table(periods: pd.DataFrame, indicators: pd.DataFrame, policy: RatePolicy) -> pd.DataFrame:
    """The card's 공약달성 확인지표 table: per indicator a 목표 (누계) row and an 이행 (누계) row,
    one column per period, the rate on the 목표 row. A period with neither target nor actual
    reads '–'; periods not yet begun are blank."""
    rows = []
    labels = [period_label(p) for p in sorted(periods["period"].unique())]
    for ind in indicators.sort_values("ord").itertuples(index=False):
        own = periods[periods["indicator_id"] == ind.indicator_id].sort_values("period")
        target_row = {"확인지표": ind.name, "단위": ind.unit, "구분": "목표 (누계)"}
        actual_row = {"확인지표": "", "단위": "", "구분": "이행 (누계)"}
        for label, r in zip(labels, own.itertuples(index=False)):
            target_row[label] = _with_total(r.target, r.target_cumulative)
            no_target_yet = _missing(r.target_cumulative) and (_missing(r.actual) or float(r.actual) == 0)
            actual_row[label] = "" if _missing(r.actual) else ("–" if no_target_yet else
                                                             _with_total(r.actual, r.actual_cumulative))
        target_row["이행률 (%)"] = format_percent(_num(ind.rate), policy).rstrip("%")
        actual_row["이행률 (%)"] = ""
        rows += [target_row, actual_row]
    return pd.DataFrame(rows)


# --- what-if -----------------------------------------------------------------------------------

def planner_grid(current_targets: pd.DataFrame) -> pd.DataFrame:
    """The planner's editable grid: one row per indicator × period with the target in force
    and the revision it comes from (the revision the planner 'saw')."""
    grid = current_targets[["city", "pledge_id", "indicator_id", "indicator_name", "period", "target",
                            "revision_id"]].copy()
    grid["label"] = [period_label(p) for p in grid["period"]]
    grid["target"] = grid["target"].astype(float)
    return grid.reset_index(drop=True)


def whatif_changes(grid: pd.DataFrame, edited_targets, official: pd.DataFrame) -> pd.DataFrame:
    """The planner's what-if: the cells whose edited target differs from the target in force now
    (`official` = current_targets), with the revision the planner saw (from `grid`).
    Columns: city, pledge_id, indicator_id, period, target, revision_id, official_target."""
    edited = grid[TARGET_KEY + ["revision_id"]].copy()
    edited["target"] = pd.to_numeric(pd.Series(list(edited_targets), index=grid.index), errors="coerce").astype(float)
    now = official[TARGET_KEY + ["target"]].rename(columns={"target": "official_target"})
    merged = edited.merge(now, on=TARGET_KEY, how="left")
    changed = [not _same(a, b) for a, b in zip(merged["target"], merged["official_target"])]
    return merged[changed].reset_index(drop=True)


def _same(a, b) -> bool:
    if _missing(a) and _missing(b):
        return True
    return not _missing(a) and not _missing(b) and float(a) == float(b)


def rebased_grid(official: pd.DataFrame, edited_targets, grid: pd.DataFrame) -> pd.DataFrame:
    """After a conflict: the newest targets and revisions, with the planner's own edited values
    kept in place (nothing the planner typed is lost)."""
    fresh = planner_grid(official)
    mine = grid[TARGET_KEY].assign(mine=pd.to_numeric(pd.Series(list(edited_targets), index=grid.index),
                                                      errors="coerce").astype(float))
    fresh = fresh.merge(mine, on=TARGET_KEY, how="left")
    fresh["target"] = fresh["mine"]
    return fresh.drop(columns=["mine"])


def whatif_comparison(official_pledges: pd.DataFrame, official_indicators: pd.DataFrame,
                      whatif_pledges: pd.DataFrame, whatif_indicators: pd.DataFrame,
                      city: str, pledge_id: str, policy: RatePolicy) -> pd.DataFrame:
    """Official beside what-if for one pledge: the pledge rate and each indicator's whole-term
    target and rate, with 차이 = what-if − official."""
    rows = []
    off_p, wi_p = one(official_pledges, city, pledge_id), one(whatif_pledges, city, pledge_id)
    if not off_p.empty and not wi_p.empty:
        a, b = _num(off_p.iloc[0]["rate"]), _num(wi_p.iloc[0]["rate"])
        rows.append({"구분": "공약 이행률", "공식 임기 목표": "", "가정 임기 목표": "",
                     "공식 이행률": format_percent(a, policy), "가정 이행률": format_percent(b, policy),
                     "차이": format_points(difference(b, a), policy)})
    off_i, wi_i = one(official_indicators, city, pledge_id), one(whatif_indicators, city, pledge_id)
    merged = off_i.merge(wi_i[["indicator_id", "target_total", "rate"]], on="indicator_id", suffixes=("", "_wi"))
    for r in merged.sort_values("ord").itertuples(index=False):
        rows.append({"구분": r.name, "공식 임기 목표": number(r.target_total), "가정 임기 목표": number(r.target_total_wi),
                     "공식 이행률": format_percent(_num(r.rate), policy),
                     "가정 이행률": format_percent(_num(r.rate_wi), policy),
                     "차이": format_points(difference(_num(r.rate_wi), _num(r.rate)), policy)})
    return pd.DataFrame(rows)


def whatif_rate_text(pledges: pd.DataFrame, city: str, pledge_id: str, policy: RatePolicy) -> str:
    """The pledge rate under the what-if targets, formatted."""
    row = one(pledges, city, pledge_id)
    return "—" if row.empty else format_percent(_num(row.iloc[0]["rate"]), policy)


def original_vs_revised(indicators: pd.DataFrame, original: pd.DataFrame, pledges: pd.DataFrame,
                        city: str, pledge_id: str, policy: RatePolicy) -> pd.DataFrame:
    """당초 목표 vs 변경 목표: each indicator's whole-term target and rate under the card's original
    targets and under the targets in force, and the pledge rate both ways (차이 = 변경 − 당초)."""
    cur, org = one(indicators, city, pledge_id), one(original, city, pledge_id)
    merged = cur.merge(org[["indicator_id", "target_total", "rate"]], on="indicator_id", suffixes=("", "_org"))
    rows = []
    for r in merged.sort_values("ord").itertuples(index=False):
        rows.append({"확인지표": r.name, "당초 임기 목표": number(r.target_total_org), "변경 임기 목표": number(r.target_total),
                     "당초 목표 기준 이행률": format_percent(_num(r.rate_org), policy),
                     "변경 목표 기준 이행률": format_percent(_num(r.rate), policy),
                     "차이": format_points(difference(_num(r.rate), _num(r.rate_org)), policy)})
    p = one(pledges, city, pledge_id)
    if not p.empty:
        a, b = _num(p.iloc[0]["original_rate"]), _num(p.iloc[0]["rate"])
        rows.append({"확인지표": "공약 이행률", "당초 임기 목표": "", "변경 임기 목표": "",
                     "당초 목표 기준 이행률": format_percent(a, policy), "변경 목표 기준 이행률": format_percent(b, policy),
                     "차이": format_points(difference(b, a), policy)})
    return pd.DataFrame(rows)


# --- portfolio ---------------------------------------------------------------------------------

def portfolio_table(pledges: pd.DataFrame, policy: RatePolicy, link_base: str = "card", query: str = "") -> pd.DataFrame:
    """One row per pledge: 공약, 이행률 (a number, so the column sorts), 추진상황, 제안 상황,
    주관부서, 분야, and a link that opens the pledge's card."""
    return pd.DataFrame({
        "공약번호": pledges["pledge_id"],
        "공약명": pledges["title"],
        "이행률": [display_round(_num(v), policy) for v in pledges["rate"]],
        "추진상황": pledges["status"],
        "제안 상황": pledges["suggested_status"],
        "주관부서": pledges["department"],
        "분야": [f"{int(n)}. {a}" for n, a in zip(pledges["area_no"], pledges["area_name"])],
        "바로가기": [f"{link_base}?pledge={pledge_key(c, p)}{query}" for c, p in zip(pledges["city"], pledges["pledge_id"])],
    }).reset_index(drop=True)


# --- provenance ----------------------------------------------------------------------------------

def synthetic_note(provenance: pd.DataFrame, pledge_synthetic: bool = False) -> str | None:
    """A warning when the pledge itself or any of its records is synthetic (demo), else None."""
    synthetic = int(provenance["synthetic_records"].sum()) if not provenance.empty else 0
    if pledge_synthetic:
        return "합성 데모 자료: 이 공약과 그 기록은 시연·성능 시험용으로 만든 가상 자료입니다. 실제 공약이 아닙니다."
    if synthetic == 0:
        return None
    total = int(provenance["records"].sum())
    return (f"합성 데모 자료: 이 공약의 기록 {number(total)}건 중 {number(synthetic)}건은 시연용으로 만든 가상 자료입니다 "
            f"(기록 ID가 DEMO-로 시작). 실제 실적이 아닙니다.")


# --- Korean headers for tables shown and downloaded -----------------------------------------------

HEADERS = {
    "city": "시군", "pledge_id": "공약번호", "indicator_id": "지표 ID", "indicator_name": "확인지표",
    "name": "확인지표", "period": "연도", "label": "기간", "target": "목표", "original_target": "당초 목표",
    "revision_id": "변경 번호", "actual": "실적", "target_cumulative": "목표 누계", "actual_cumulative": "실적 누계",
    "reported": "보고 실적", "reported_on": "보고일", "note": "비고", "source": "출처", "from_records": "기록 집계 실적",
    "difference": "차이 (보고 − 기록)", "matches": "일치",
    "previous_target": "이전 목표", "new_target": "변경 목표", "based_on_revision": "기준 변경 번호",
    "author": "변경자", "reason": "변경 사유", "revised_on": "적용일", "recorded_at": "기록 시각",
    "publicity_id": "홍보번호", "action_date": "홍보일", "channel": "매체", "title": "내용",
    "application_id": "신청번호", "applied_on": "신청일", "person_id": "대상자ID", "emd": "읍면동",
    "pregnancy_week": "임신주수", "due_date": "출산예정일", "decision": "결정",
    "visit_id": "제공번호", "visit_date": "제공일", "hours": "제공시간", "service": "서비스",
    "execution_id": "집행번호", "executed_on": "집행일", "amount_krw": "집행액(원)", "funding_source": "재원",
    "description": "적요", "import_id": "가져오기 번호", "file_name": "파일", "synthetic": "합성 자료",
    "year": "연도", "planned": "계획(백만원)", "executed": "집행(백만원)", "execution_rate": "집행률(%)",
    "kind": "종류", "file_hash": "SHA-256", "imported_by": "가져온 사람", "imported_at": "가져온 일시",
    "encoding": "인코딩", "sheet": "시트", "rows_in_file": "파일 행 수", "rows_added": "추가",
    "rows_present": "이미 있음", "rows_refused": "거부", "warnings": "경고", "undone_at": "되돌린 일시",
    "undone_by": "되돌린 사람", "row_no": "행", "column_name": "열", "rule": "규칙", "message": "내용",
}


def imports_for(log: pd.DataFrame, city: str) -> pd.DataFrame:
    """The imports that concern a city (or every city: build loads and card imports carry none)."""
    if "city" not in log.columns:
        return log
    return log[log["city"].isna() | (log["city"] == city)]


def korean_headers(frame: pd.DataFrame, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """The same table with Korean column headers (unknown columns keep their names); date
    columns (timestamps at midnight) become plain dates."""
    out = frame.drop(columns=[c for c in drop if c in frame.columns])
    for col in out.columns:
        values = out[col]
        if pd.api.types.is_datetime64_any_dtype(values) and not isinstance(values.dtype, pd.DatetimeTZDtype):
            if (values.dropna() == values.dropna().dt.normalize()).all():
                out[col] = values.dt.date
    return out.rename(columns={c: HEADERS.get(c, c) for c in out.columns})


# --- budget ---------------------------------------------------------------------------------------

def budget_headline(budget: pd.DataFrame, as_of: dt.date, policy: RatePolicy) -> dict:
    """Budget figures formatted (백만원): 계획 총액, 집행액, 집행률 = 집행 ÷ 계획 총액,
    기준일까지 계획 = Σ plan of term years ≤ the as-of year, 기준일까지 집행률 = 집행 ÷ 그 계획."""
    from metrics.budget import budget_summary

    s = budget_summary(budget, as_of)
    return {
        "planned": number(s["planned_total"]),
        "executed": number(round(s["executed_total"], 6)),
        "planned_to_date": number(s["planned_to_date"]),
        "rate": format_percent(s["execution_rate"], policy),
        "rate_to_date": format_percent(s["execution_rate_to_date"], policy),
        "as_of_year": as_of.year,
    }


def year_budget(budget: pd.DataFrame, year: int, policy: RatePolicy) -> dict:
    """One term year's plan, execution and 집행률 = 집행 ÷ 계획 (백만원), formatted."""
    from metrics.budget import plan_vs_execution

    rows = plan_vs_execution(budget)
    row = rows[rows["year"] == year]
    if row.empty:
        return {"planned": "—", "executed": "—", "rate": "—"}
    r = row.iloc[0]
    return {"planned": number(r["planned"]), "executed": number(round(r["executed"], 6)),
            "rate": format_percent(r["execution_rate"], policy)}


def investment_table(budget: pd.DataFrame) -> pd.DataFrame:
    """The card's 연도별 투자 계획 (백만원): rows 총 계, 국 비, 도 비, 시 비, 기 타 and 집행액; columns
    총계, 기 투자, 소계 (임기내), each term year, 입기후 투자. 총 계 = Σ funding sources;
    집행액 = execution to the as-of date per year."""
    from metrics.budget import by_source, plan_vs_execution

    table = by_source(budget)
    years = [c for c in table.columns if str(c).isdigit()]
    table.loc["총 계"] = table.sum()
    table = table.loc[["총 계", "국비", "도비", "시비", "기타"]]
    exe = plan_vs_execution(budget).set_index("year")["executed"]
    executed = {y: float(exe.get(int(y), 0.0)) for y in years}
    total = sum(executed.values())
    out = pd.DataFrame({
        "재원": ["총 계", "국 비", "도 비", "시 비", "기 타", "집행액"],
        "총계": [*[number(v) for v in table["total"]], number(round(total, 6))],
        "기 투자": [*[number(v) for v in table["before"]], ""],
        "소계": [*[number(v) for v in table["term_total"]], number(round(total, 6))],
        **{str(y): [*[number(v) for v in table[y]], number(round(executed[y], 6)) if executed[y] else "-"]
           for y in years},
        "입기후 투자": [*[number(v) for v in table["after"]], ""],
    })
    return out


def execution_table(budget: pd.DataFrame, policy: RatePolicy, year: int | None = None) -> pd.DataFrame:
    """Plan against execution per term year × funding source (백만원), with 집행률 = 집행 ÷ 계획;
    only `year` when given."""
    from data.vocabulary import FUNDING_SOURCES as SOURCES

    term = budget[budget["phase"] == "term"].copy()
    if year is not None:
        term = term[term["year"] == year]
    grouped = term.groupby(["year", "funding_source"], as_index=False)[["planned", "executed"]].sum()
    grouped["order"] = [SOURCES.index(s) if s in SOURCES else len(SOURCES) for s in grouped["funding_source"]]
    grouped = grouped.sort_values(["year", "order"])
    return pd.DataFrame({
        "연도": [int(y) for y in grouped["year"]],
        "재원": grouped["funding_source"],
        "계획(백만원)": [number(v) for v in grouped["planned"]],
        "집행(백만원)": [number(round(v, 6)) for v in grouped["executed"]],
        "집행률": [format_percent(ratio(e, p), policy) for e, p in zip(grouped["executed"], grouped["planned"])],
    }).reset_index(drop=True)


def unit_costs(budget: pd.DataFrame, services: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """Cost per unit served (원) = executed (백만원) × 1,000,000 ÷ units, for applications served
    (with at least one visit), approved applications, visits and service hours — over the term to
    the as-of date, or within `year`."""
    from metrics.budget import cost_per_unit

    term = budget[budget["phase"] == "term"]
    executed = float(term.loc[term["year"] == year, "executed"].sum() if year is not None else budget["executed"].sum())
    s = services.iloc[0]
    units = [("서비스 받은 신청 1건당", s["served"], "건"), ("승인된 신청 1건당", s["approved"], "건"),
             ("서비스 제공 1회당", s["visits"], "회"), ("서비스 1시간당", s["hours"], "시간")]
    return pd.DataFrame({
        "구분": [u[0] for u in units],
        "집행액(백만원)": number(round(executed, 6)),
        "단위 수": [f"{number(u[1])}{u[2]}" for u in units],
        "단위당 비용(원)": [number(round(c)) if c is not None else "—"
                       for c in (cost_per_unit(executed, float(u[1])) for u in units)],
    })


# --- the card's header blocks -------------------------------------------------------------------

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
    from data.cardfile import STATUSES

    row = {s: ("○" if pledge["status"] == s else "") for s in STATUSES[:4]}
    row["이행률"] = format_percent(_num(pledge["rate"]), policy)
    return pd.DataFrame([row])


def text_lines(texts: pd.DataFrame, block: str) -> list[str]:
    """A card text block as printed lines: '- (label) text', '  - text' for level 2, '- text : when'."""
    out = []
    for t in texts[texts["block"] == block].sort_values("ord").itertuples(index=False):
        label = f"({t.label}) " if isinstance(t.label, str) and t.label else ""
        when = f" : {t.note}" if isinstance(t.note, str) and t.note else ""
        prefix = "    - " if t.level == 2 else "- "
        out.append(f"{prefix}{label}{t.text}{when}")
    return out


def department_row(pledge: pd.Series, contacts: pd.DataFrame) -> pd.DataFrame:
    """The card's 주관부서 line: department, then each contact's role and name, and phone."""
    row = {"주관부서": pledge["department"]}
    for c in contacts.sort_values("ord").itertuples(index=False):
        row[f"담당 {c.ord + 1}"] = " ".join(x for x in (c.role, c.name) if isinstance(x, str))
        row[f"연락처 {c.ord + 1}"] = c.phone if isinstance(c.phone, str) else ""
    return pd.DataFrame([row])


def filter_year(frame: pd.DataFrame, column: str, year: int | None) -> pd.DataFrame:
    """The rows of `year` (all rows when no year is chosen)."""
    return frame if year is None else frame[frame[column] == year].reset_index(drop=True)


def whatif_headline(official_pledges: pd.DataFrame, whatif_pledges: pd.DataFrame, city: str, pledge_id: str,
                    policy: RatePolicy) -> dict:
    """The what-if pledge rate and its 차이 = what-if − official (percentage points), formatted."""
    a = _num(one(official_pledges, city, pledge_id).iloc[0]["rate"])
    b = _num(one(whatif_pledges, city, pledge_id).iloc[0]["rate"])
    return {"rate_text": format_percent(b, policy), "change_text": format_points(difference(b, a), policy)}


def of_indicator(frame: pd.DataFrame, city: str, pledge_id: str, indicator_id: str) -> pd.DataFrame:
    """The rows of one indicator of one pledge (in period order when the frame has periods)."""
    rows = frame[(frame["city"] == city) & (frame["pledge_id"] == pledge_id) & (frame["indicator_id"] == indicator_id)]
    return rows.sort_values("period") if "period" in rows.columns else rows


def indicator_period_table(periods: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """One indicator's periods as a table: 기간, 목표, 목표 누계, 실적, 실적 누계 (blank for periods
    not yet begun); only `year` when given."""
    rows = periods if year is None else periods[periods["period"] == year]
    return pd.DataFrame({
        "기간": [period_label(p) for p in rows["period"]],
        "목표": [number(v) for v in rows["target"]],
        "목표 누계": [number(v) for v in rows["target_cumulative"]],
        "실적": ["" if _missing(v) else number(v) for v in rows["actual"]],
        "실적 누계": ["" if _missing(v) else number(v) for v in rows["actual_cumulative"]],
    }).reset_index(drop=True)


def planner_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The planner grid laid out for editing: one row per period ('기간'), one column per
    indicator (by indicator_id, in card order)."""
    order = list(dict.fromkeys(grid["indicator_id"]))
    wide = grid.pivot(index="period", columns="indicator_id", values="target")[order]
    wide.insert(0, "기간", [period_label(p) for p in wide.index])
    return wide.reset_index(drop=True)


def planner_targets(edited: pd.DataFrame, grid: pd.DataFrame) -> list:
    """The edited wide table back in the grid's row order (indicator × period)."""
    periods = sorted(grid["period"].unique())
    by_cell = {(ind, p): edited.iloc[i][ind] for ind in dict.fromkeys(grid["indicator_id"])
               for i, p in enumerate(periods)}
    return [by_cell[(r.indicator_id, r.period)] for r in grid.itertuples(index=False)]


def short_name(name: str) -> str:
    """A column-sized label for an indicator: its last word ('… 지원사업 신청' → '신청')."""
    words = str(name).split()
    return words[-1] if words else str(name)


def portfolio_title(pledges: pd.DataFrame) -> str | None:
    """'공약 목록 (98건)' when several pledges are loaded; None for a single pledge."""
    return None if len(pledges) <= 1 else f"공약 목록 ({number(len(pledges))}건)"


def records_title(kind: str, records: pd.DataFrame, label: str) -> str:
    """'홍보 기록 3건 — <figure label>'."""
    return f"**{kind} {number(len(records))}건** — {label}"
