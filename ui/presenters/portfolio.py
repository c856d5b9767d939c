"""전체 현황: the portfolio summaries with Korean headers and rates rounded by the policy, the
pledge list, its search and pagination, and the page's captions (metrics.portfolio computes)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.formatting import date_ko
from metrics.portfolio import STATUSES, no_data, status_counts
from metrics.rates import RatePolicy, display_round

RATE_COLUMNS = ("completion_rate", "average_progress", "in_term_rate")
PAGE_SIZE = 50

COLUMN_LABELS = {
    "city": "시군 코드", "city_name": "시군", "area_no": "분야 번호", "area_name": "분야", "department": "주관부서",
    "pledges": "공약 수", "done": "완료 공약", "completion_rate": "완료율(%)",
    "with_rate": "이행률 있는 공약", "no_data": "자료 없음", "average_progress": "평균진행률(%)",
    "in_term_pledges": "임기내 공약", "in_term_rate": "임기내 이행률(%)",
    **{s: s for s in STATUSES}, "기타": "기타 추진상황",
}


def _rounded(values: pd.Series, policy: RatePolicy) -> pd.Series:
    return pd.Series([display_round(None if pd.isna(x) else float(x), policy) for x in values],
                     index=values.index, dtype=float)


def display_summary(frame: pd.DataFrame, policy: RatePolicy, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """A summary() frame with Korean headers and rates rounded by the policy (cut or half-up),
    without the columns in `drop`."""
    out = frame.drop(columns=[c for c in drop if c in frame.columns])
    for col in RATE_COLUMNS:
        if col in out:
            out[col] = _rounded(out[col], policy)
    return out.rename(columns=COLUMN_LABELS)


def pledge_list(pledges: pd.DataFrame, policy: RatePolicy, only_no_data: bool = False) -> pd.DataFrame:
    """One row per pledge with Korean headers: 시군, 공약번호, 공약명, 분야, 주관부서, 완료시기, 추진상황,
    이행률 (rounded by the policy when shown: round_rates; empty = 자료 없음). Without 이행률 for
    the pledges without data."""
    frame = no_data(pledges) if only_no_data else pledges
    out = pd.DataFrame({
        "시군": frame["city_name"], "공약번호": frame["pledge_id"], "공약명": frame["title"],
        "분야": frame["area_name"], "주관부서": frame["department"], "완료시기": frame["completion"],
        "추진상황": frame["status"], "이행률(%)": frame["rate"].astype(float),
    })
    return out.reset_index(drop=True)


def search(frame: pd.DataFrame, text: str | None) -> pd.DataFrame:
    """Rows where any text column contains every word of `text` (case-insensitive); all rows when empty."""
    words = (text or "").split()
    if not words:
        return frame
    text_cols = frame.select_dtypes(exclude="number").columns
    haystack = frame[text_cols[0]].astype(str)
    for col in text_cols[1:]:              # column-wise concatenation: vectorised at 22k rows
        haystack = haystack + " " + frame[col].astype(str)
    haystack = haystack.str.casefold()
    mask = pd.Series(True, index=frame.index)
    for w in words:
        mask &= haystack.str.contains(w.casefold(), regex=False)
    return frame[mask]


def pages(rows: int, size: int = PAGE_SIZE) -> int:
    """Number of pages of `size` rows (at least 1)."""
    return max(1, -(-rows // size))


def page_of(frame: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of page `page` (1-based; clipped to the last page)."""
    page = min(max(1, int(page)), pages(len(frame), size))
    return frame.iloc[(page - 1) * size: page * size]


def round_rates(frame: pd.DataFrame, column: str, policy: RatePolicy) -> pd.DataFrame:
    """The frame with `column` rounded by the policy (for the rows shown only)."""
    return frame.assign(**{column: _rounded(frame[column], policy)})


def shown_page(frame: pd.DataFrame, page: int, policy: RatePolicy, rate_column: str | None = None) -> pd.DataFrame:
    """The rows of one page, the rate column rounded by the policy."""
    rows = page_of(frame, page)
    return rows if rate_column is None else round_rates(rows, rate_column, policy)


def page_caption(rows: int, page: int) -> str:
    """'1,234행 · 25쪽 중 1쪽 (쪽당 50행)'."""
    return f"{rows:,}행 · {pages(rows)}쪽 중 {page}쪽 (쪽당 {PAGE_SIZE}행)"


def scope_caption(pledges: pd.DataFrame, as_of: dt.date, policy: RatePolicy) -> str:
    """'기준일 … · 시군 n곳 · 공약 n건 · 표시: 소수 2자리 반올림'."""
    return (f"기준일 {date_ko(as_of)} · 시군 {pledges['city'].nunique():,}곳 · 공약 {len(pledges):,}건 · "
            f"표시: 소수 2자리 {'버림' if policy.rounding == 'cut' else '반올림'} (사이드바 '산식 설정')")


def synthetic_warning(count: int) -> str | None:
    return None if not count else f"합성(가상) 자료가 포함되어 있습니다: 공약 {count:,}건. 실제 시군의 수치가 아닙니다."


def counts_caption(head: dict) -> str:
    return (f"완료 공약 {head.get('done', 0):,}건 ÷ 전체 {head.get('pledges', 0):,}건 · "
            f"이행률 있는 공약 {head.get('with_rate', 0):,}건 · 임기내 공약 {head.get('in_term_pledges', 0):,}건")


def status_table(pledges: pd.DataFrame) -> pd.DataFrame:
    """추진상황별 공약 수 (metrics.portfolio.status_counts) as a two-column table."""
    return status_counts(pledges).rename("공약 수").rename_axis("추진상황").reset_index()


def tab_labels(head: dict) -> list[str]:
    return ["시군별", "분야별", "부서별", "공약 목록", f"자료 없음 ({head.get('no_data', 0):,})"]


def no_data_text(head: dict) -> str:
    return f"{head.get('no_data', 0):,}건"
