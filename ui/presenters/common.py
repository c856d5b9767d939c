"""What every screen shares: pledge keys and selector options, the year filter, picking one
pledge's rows, period labels from the store's periods table, Korean headers, and the what-if and
당초/변경 comparisons shown on several pages."""
from __future__ import annotations

import math

import pandas as pd

from ui.safe import md
from data.vocabulary import SOURCE_LABELS
from metrics.change import difference
from metrics.formatting import number, time_ko
from metrics.rates import DEFAULT_POLICY, RatePolicy, display_round, format_percent
from ui.presenters.public_html import escape

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


def missing(value) -> bool:
    """True for None, NA, NaT and NaN."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def num(value) -> float | None:
    """The value as a float, None when missing."""
    return None if missing(value) else float(value)


def one(frame: pd.DataFrame, city: str, pledge_id: str) -> pd.DataFrame:
    """The rows of one pledge."""
    return frame[(frame["city"] == city) & (frame["pledge_id"] == pledge_id)]


def of_indicator(frame: pd.DataFrame, city: str, pledge_id: str, indicator_id: str) -> pd.DataFrame:
    """The rows of one indicator of one pledge (in period order when the frame has periods)."""
    rows = frame[(frame["city"] == city) & (frame["pledge_id"] == pledge_id) & (frame["indicator_id"] == indicator_id)]
    return rows.sort_values("period") if "period" in rows.columns else rows


def filter_year(frame: pd.DataFrame, column: str, year: int | None) -> pd.DataFrame:
    """The rows of `year` (all rows when no year is chosen)."""
    return frame if year is None else frame[frame[column] == year].reset_index(drop=True)


# --- periods and the year filter ---------------------------------------------------------------

def period_labels(periods: pd.DataFrame) -> dict[int, str]:
    """The store's period labels (query 'periods'): 2023 → '2023', 2026 → '2026. 6.'."""
    return {int(p): str(label) for p, label in zip(periods["period"], periods["label"])}


def label_of(period, labels: dict[int, str] | None) -> str:
    """A period's label from the store (its year when the store has none)."""
    return (labels or {}).get(int(period), str(int(period)))


def year_options(periods: pd.DataFrame) -> list:
    """The year filter's choices: '전체' then each term period."""
    return [ALL_YEARS, *[int(p) for p in periods["period"]]]


def year_labels(periods: pd.DataFrame) -> dict:
    """The year filter's labels: '전체', '2023년', and the store's label where it is not the bare
    year (the term's last half-year: '2026. 6.')."""
    out: dict = {ALL_YEARS: ALL_YEARS}
    for p, label in period_labels(periods).items():
        out[p] = f"{p}년" if label == str(p) else label
    return out


def selected_year(value) -> int | None:
    """The year filter's value as a year, None for '전체'."""
    return None if value in (None, ALL_YEARS, "") else int(value)


# --- rates and policy ------------------------------------------------------------------------------

def format_points(value: float | None, policy: RatePolicy = DEFAULT_POLICY, signed: bool = True) -> str:
    """A difference of rates as '+1.23%p' ('—' when missing), rounded by the policy."""
    shown = display_round(value, policy)
    if shown is None:
        return "—"
    return f"{shown:+.{policy.decimals}f}%p" if signed else f"{shown:.{policy.decimals}f}%p"


def change_text(now, before, policy: RatePolicy) -> str:
    """The change now − before as '+1.23%p'."""
    return format_points(difference(num(now), num(before)), policy)


def policy_text(policy: RatePolicy) -> str:
    """The cap and rounding policy in Korean."""
    cap = "지표 이행률 100% 상한 적용" if policy.cap else "상한 없음 (100% 초과 그대로 표시)"
    rounding = "반올림" if policy.rounding == "half_up" else "버림"
    return f"{cap} · 소수 {policy.decimals}자리 {rounding} · 공약 이행률 = 지표 이행률의 평균"


# --- comparisons shown on several pages --------------------------------------------------------------

def whatif_comparison(official_pledges: pd.DataFrame, official_indicators: pd.DataFrame,
                      whatif_pledges: pd.DataFrame, whatif_indicators: pd.DataFrame,
                      city: str, pledge_id: str, policy: RatePolicy) -> pd.DataFrame:
    """Official beside what-if for one pledge: the pledge rate and each indicator's whole-term
    target and rate, with 차이 = what-if − official (metrics.change.difference)."""
    rows = []
    off_p, wi_p = one(official_pledges, city, pledge_id), one(whatif_pledges, city, pledge_id)
    if not off_p.empty and not wi_p.empty:
        a, b = num(off_p.iloc[0]["rate"]), num(wi_p.iloc[0]["rate"])
        rows.append({"구분": "공약 이행률", "공식 임기 목표": "", "가정 임기 목표": "",
                     "공식 이행률": format_percent(a, policy), "가정 이행률": format_percent(b, policy),
                     "차이": change_text(b, a, policy)})
    off_i, wi_i = one(official_indicators, city, pledge_id), one(whatif_indicators, city, pledge_id)
    merged = off_i.merge(wi_i[["indicator_id", "target_total", "rate"]], on="indicator_id", suffixes=("", "_wi"))
    for r in merged.sort_values("ord").itertuples(index=False):
        rows.append({"구분": r.name, "공식 임기 목표": number(r.target_total), "가정 임기 목표": number(r.target_total_wi),
                     "공식 이행률": format_percent(num(r.rate), policy),
                     "가정 이행률": format_percent(num(r.rate_wi), policy),
                     "차이": change_text(r.rate_wi, r.rate, policy)})
    return pd.DataFrame(rows)


COMPARISON_CSS = """<style>
.cmp-scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table.cmp{border-collapse:collapse;font-size:.875rem;width:100%}
table.cmp th,table.cmp td{border-bottom:1px solid rgba(128,132,149,.3);padding:.3rem .45rem;text-align:right;
 white-space:nowrap;font-variant-numeric:tabular-nums}
table.cmp th{font-weight:600;text-align:center;opacity:.8}
table.cmp th.g{border-bottom:1px solid rgba(128,132,149,.6)}
table.cmp th.l,table.cmp td.l{text-align:left;white-space:normal;min-width:7.5rem}
</style>"""


def comparison_html(comparison: pd.DataFrame, label: str = "가정") -> str:
    """A comparison (whatif_comparison's frame) as an HTML table for st.html: 구분, then the rates
    (공식 · `label` · 차이) before the whole-term targets (공식 · `label`) under two group headers,
    so that a phone (390 px) shows the rates and their difference without scrolling sideways; the
    names wrap. Every value escaped (indicator names come from card files)."""
    columns = ["구분", "공식 이행률", f"{label} 이행률", "차이", "공식 임기 목표", f"{label} 임기 목표"]
    frame = comparison.rename(columns={c: c.replace("가정", label) for c in comparison.columns})
    head = ('<tr><th rowspan="2" scope="col" class="l">구분</th><th colspan="3" scope="colgroup" class="g">이행률</th>'
            '<th colspan="2" scope="colgroup" class="g">임기 목표</th></tr>'
            "<tr>" + "".join(f'<th scope="col">{escape(h)}</th>' for h in ("공식", label, "차이", "공식", label)) + "</tr>")
    rows = "".join(
        '<tr><th scope="row" class="l">' + escape(values[0]) + "</th>"
        + "".join(f"<td>{escape(v)}</td>" for v in values[1:]) + "</tr>"
        for values in frame[columns].itertuples(index=False, name=None))
    return (f'{COMPARISON_CSS}<div class="cmp-scroll"><table class="cmp"><thead>{head}</thead>'
            f"<tbody>{rows}</tbody></table></div>")


def original_vs_revised(indicators: pd.DataFrame, original: pd.DataFrame, pledges: pd.DataFrame,
                        city: str, pledge_id: str, policy: RatePolicy) -> pd.DataFrame:
    """당초 목표 vs 변경 목표: each indicator's whole-term target and rate under the card's original
    targets and under the targets in force, and the pledge rate both ways (차이 = 변경 − 당초)."""
    cur, org = one(indicators, city, pledge_id), one(original, city, pledge_id)
    merged = cur.merge(org[["indicator_id", "target_total", "rate"]], on="indicator_id", suffixes=("", "_org"))
    rows = []
    for r in merged.sort_values("ord").itertuples(index=False):
        rows.append({"확인지표": r.name, "당초 임기 목표": number(r.target_total_org), "변경 임기 목표": number(r.target_total),
                     "당초 목표 기준 이행률": format_percent(num(r.rate_org), policy),
                     "변경 목표 기준 이행률": format_percent(num(r.rate), policy),
                     "차이": change_text(r.rate, r.rate_org, policy)})
    p = one(pledges, city, pledge_id)
    if not p.empty:
        a, b = num(p.iloc[0]["original_rate"]), num(p.iloc[0]["rate"])
        rows.append({"확인지표": "공약 이행률", "당초 임기 목표": "", "변경 임기 목표": "",
                     "당초 목표 기준 이행률": format_percent(a, policy), "변경 목표 기준 이행률": format_percent(b, policy),
                     "차이": change_text(b, a, policy)})
    return pd.DataFrame(rows)


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


def header_line(pledge: pd.Series, as_of_text: str, year: int | None, rate_text: str) -> str:
    """The page header's caption: city, pledge, title, as-of date, year filter and pledge rate."""
    year_text = "전체 연도" if year is None else f"{year}년"
    return (f"{md(pledge['city_name'])} {md(pledge['pledge_id'])} · {md(pledge['title'])} · 기준일 {as_of_text} · {year_text}"
            f" · 공약 이행률 {rate_text}")


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


KIND_LABELS = {**{str(k): v for k, v in SOURCE_LABELS.items()}, "reported_actuals": "보고 실적", "targets": "목표",
               "card": "공약 카드"}


# How an imported file was read (data/imports/read.py RawTable.encoding, "yaml" for a card).
ENCODING_LABELS = {"utf-8": "UTF-8 (유니코드)", "utf-8-sig": "UTF-8 BOM (유니코드)", "utf-16": "UTF-16 (유니코드)",
                   "cp949": "CP949 (한글 윈도)", "xlsx": "엑셀(XLSX)", "yaml": "카드(YAML)"}


# The import checks' warning rules (data/imports: Prepared.add), as an auditor reads them.
RULE_LABELS = {
    "unused_source": "계산에 쓰이지 않는 기록", "same_file": "같은 파일", "card_replaced": "카드 교체",
    "differs_from_store": "저장된 값과 다름", "hours_per_visit": "1회 제공시간", "pregnancy_week": "임신주수",
    "reported_for_records": "기록으로 계산하는 지표의 보고 실적", "visits_per_person": "1인당 제공 횟수",
}


def rule_label(code) -> str:
    """The Korean name of a warning rule ('기타 점검' for one this list does not know yet)."""
    return "" if missing(code) else RULE_LABELS.get(str(code), "기타 점검")


def times_text(values: pd.Series) -> pd.Series:
    """Timestamps as '2024. 6. 1. 09:30' text (metrics.formatting.time_ko), none as '' (never NaT)."""
    return pd.Series([time_ko(t, missing="") for t in values], index=values.index, dtype=object)


def warning_texts(warnings: pd.DataFrame) -> pd.DataFrame:
    """The import warnings (English headers kept) with rules by their Korean names and undo
    times as text (never NaT); each page puts its own headers on top."""
    shown = warnings.copy()
    if "rule" in shown.columns:
        shown["rule"] = shown["rule"].map(rule_label)
    if "undone_at" in shown.columns:
        shown["undone_at"] = times_text(shown["undone_at"])
    return shown


def encoding_label(code) -> str:
    """'UTF-8 (유니코드)' for 'utf-8'; an unknown encoding keeps its name, none is ''."""
    return "" if missing(code) else ENCODING_LABELS.get(str(code).lower(), str(code))


def korean_headers(frame: pd.DataFrame, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """The same table with Korean column headers (unknown columns keep their names); date
    columns (timestamps at midnight) become plain dates, yes/no columns 예/아니오, codes
    (kinds, encodings) their Korean labels."""
    out = frame.drop(columns=[c for c in drop if c in frame.columns])
    for col in out.columns:
        values = out[col]
        if col in ("source", "kind"):                    # codes shown by their Korean labels
            out[col] = values.map(lambda x: KIND_LABELS.get(x, x))
            continue
        if col == "encoding":
            out[col] = values.map(encoding_label)
            continue
        if pd.api.types.is_bool_dtype(values):          # yes/no in Korean, never True/False
            out[col] = values.map({True: "예", False: "아니오"})
            continue
        if pd.api.types.is_datetime64_any_dtype(values) and not isinstance(values.dtype, pd.DatetimeTZDtype):
            if (values.dropna() == values.dropna().dt.normalize()).all():
                out[col] = values.dt.date
    return out.rename(columns={c: HEADERS.get(c, c) for c in out.columns})


def as_of_bounds(term_start, term_end, *days) -> tuple:
    """The as-of date input's range: the pledge's term, widened to hold the given days (today,
    the date chosen now) so that no valid choice falls outside it."""
    start, end = pd.Timestamp(term_start).date(), pd.Timestamp(term_end).date()
    days = [d for d in days if d is not None]
    return min([start, *days]), max([end, *days])
