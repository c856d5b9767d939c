"""Portfolio figures: many pledges at once, per city, policy area and department, and overall.

Pure functions over the `Figures.pledges` frame (one row per pledge, with at least `status`,
`completion` and `rate`; grouping columns such as `city`, `city_name`, `area_no`, `area_name`,
`department`). Every result is an exact percentage (0-100); rounding for display is the
policy's (`metrics.rates.display_round`): Naju publishes 66 of 98 as 67.34% (cut), while
half-up gives 67.35%.

The three figures cities publish side by side, and which readers confuse:

- 완료율 (completion_rate) = (완료 종결 + 완료 후 계속추진) ÷ all pledges × 100 — counts recorded
  statuses; a pledge without a rate still counts in the denominator.
- 평균진행률 (average_progress) = Σ pledge rate ÷ pledges with a rate — the mean of the pledge
  rates; pledges without a rate (no indicators with a target yet) are listed as no data,
  never counted as 0% and never silently dropped.
- 임기내 이행률 (in_term_rate) = Σ pledge rate ÷ pledges due within the term (완료시기 임기내)
  with a rate — 평균진행률 over the 임기내 pledges only.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from data.vocabulary import DONE_STATUSES, Status

# The statuses counted one by one, in the card's order (others are counted under 기타).
STATUSES = tuple(str(s) for s in (*DONE_STATUSES, Status.ON_TRACK, Status.PARTIAL))
IN_TERM = "임기내"

FORMULAS = {
    "completion_rate": "완료율 = (완료 종결 + 완료 후 계속추진) 공약 수 ÷ 전체 공약 수 × 100",
    "average_progress": "평균진행률 = 공약 이행률의 합 ÷ 이행률이 있는 공약 수 (자료 없는 공약은 따로 표시)",
    "in_term_rate": "임기내 이행률 = 임기내(완료시기) 공약의 이행률 합 ÷ 이행률이 있는 임기내 공약 수",
}

GROUPINGS = {
    "city": ["city", "city_name"],
    "area": ["area_no", "area_name"],
    "department": ["department"],
}


def _pct(numerator: float, denominator: float) -> float | None:
    return float(numerator) / float(denominator) * 100 if denominator else None


def is_done(pledges: pd.DataFrame, status_col: str = "status") -> pd.Series:
    """True where the recorded status is 완료 종결 or 완료 후 계속추진."""
    return pledges[status_col].isin(DONE_STATUSES)


def completion_rate(pledges: pd.DataFrame, status_col: str = "status") -> float | None:
    """완료율 = (완료 종결 + 완료 후 계속추진) ÷ all pledges × 100; None without pledges."""
    return _pct(is_done(pledges, status_col).sum(), len(pledges))


def average_progress(pledges: pd.DataFrame) -> float | None:
    """평균진행률 = Σ pledge rate ÷ number of pledges with a rate; None when none has a rate."""
    rates = pd.to_numeric(pledges["rate"], errors="coerce").dropna()
    return float(rates.mean()) if len(rates) else None


def in_term_rate(pledges: pd.DataFrame) -> float | None:
    """임기내 이행률 = Σ pledge rate ÷ pledges with a rate among those due within the term
    (completion == '임기내'); None when none has a rate."""
    return average_progress(pledges[pledges["completion"] == IN_TERM])


def synthetic_count(pledges: pd.DataFrame) -> int:
    """The number of pledges marked synthetic (generated data, not a real city's)."""
    return int(pledges["synthetic"].astype(bool).sum())


def no_data(pledges: pd.DataFrame) -> pd.DataFrame:
    """The pledges without a rate (no indicator with a target): shown as 자료 없음, not as 0%."""
    return pledges[pd.to_numeric(pledges["rate"], errors="coerce").isna()]


def status_counts(pledges: pd.DataFrame, status_col: str = "status") -> pd.Series:
    """Number of pledges per recorded status, in the card's order (other values under 기타)."""
    status = pledges[status_col].where(pledges[status_col].isin(STATUSES), "기타")
    counts = status.value_counts().reindex([*STATUSES, "기타"], fill_value=0)
    return counts if counts["기타"] else counts.drop("기타")


def summary(pledges: pd.DataFrame, by: list[str] | None = None, status_col: str = "status") -> pd.DataFrame:
    """One row per group (or one row overall when `by` is empty): pledges, done, completion_rate,
    with_rate, no_data, average_progress, in_term_pledges, in_term_rate, and a count per status.
    Vectorised: one groupby whatever the number of pledges."""
    by = list(by or [])
    rate = pd.to_numeric(pledges["rate"], errors="coerce").astype(float)
    in_term = (pledges["completion"] == IN_TERM).to_numpy()
    frame = pd.DataFrame({
        "_one": 1,
        "_done": is_done(pledges, status_col).astype(int).to_numpy(),
        "_has": rate.notna().astype(int).to_numpy(),
        "_rate": rate.fillna(0).to_numpy(),
        "_it": in_term.astype(int),
        "_it_has": (rate.notna().to_numpy() & in_term).astype(int),
        "_it_rate": np.where(in_term, rate.fillna(0).to_numpy(), 0.0),
    }, index=pledges.index)
    status = pledges[status_col].where(pledges[status_col].isin(STATUSES), "기타")
    for s in [*STATUSES, "기타"]:
        frame[s] = (status == s).astype(int).to_numpy()
    if by:
        for col in by:
            frame[col] = pledges[col].to_numpy()
        sums = frame.groupby(by, sort=True, dropna=False).sum().reset_index()
    else:
        sums = frame.sum().to_frame().T
    out = sums[by].copy() if by else pd.DataFrame(index=sums.index)
    out["pledges"] = sums["_one"].astype(int)
    out["done"] = sums["_done"].astype(int)
    out["completion_rate"] = (sums["_done"] / sums["_one"] * 100).where(sums["_one"] > 0)
    out["with_rate"] = sums["_has"].astype(int)
    out["no_data"] = (sums["_one"] - sums["_has"]).astype(int)
    out["average_progress"] = (sums["_rate"] / sums["_has"].where(sums["_has"] > 0)).astype(float)
    out["in_term_pledges"] = sums["_it"].astype(int)
    out["in_term_rate"] = (sums["_it_rate"] / sums["_it_has"].where(sums["_it_has"] > 0)).astype(float)
    for s in STATUSES:
        out[s] = sums[s].astype(int)
    if sums["기타"].sum():
        out["기타"] = sums["기타"].astype(int)
    return out.reset_index(drop=True)


def overall(pledges: pd.DataFrame, status_col: str = "status") -> dict:
    """The portfolio's headline figures as a dict (the one-row summary)."""
    row = summary(pledges, None, status_col)
    if row.empty:
        return {}
    record = row.to_dict("records")[0]          # keeps each column's type (counts stay integers)
    return {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in record.items()}


def by_city(pledges: pd.DataFrame) -> pd.DataFrame:
    """summary() per city."""
    return summary(pledges, GROUPINGS["city"])


def by_area(pledges: pd.DataFrame) -> pd.DataFrame:
    """summary() per policy area (분야)."""
    return summary(pledges, GROUPINGS["area"])


def by_department(pledges: pd.DataFrame) -> pd.DataFrame:
    """summary() per owning department (주관부서)."""
    return summary(pledges, GROUPINGS["department"])

