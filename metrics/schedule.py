"""The schedule (연차별 추진일정): the term's quarters, milestone states on the as-of date (late
against plan or not) and the Gantt's date range. Pure functions; ui/presenters/schedule.py
shapes the tables."""
from __future__ import annotations

import datetime as dt
import re

import pandas as pd


_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")

DONE = "완료"
DONE_LATE = "완료 (지연)"
LATE = "지연"
RUNNING = "진행 중"
PLANNED = "예정"


def quarter_bounds(quarter: str) -> tuple[dt.date, dt.date]:
    """'2023Q1' → (2023-01-01, 2023-03-31)."""
    m = _QUARTER.match(quarter)
    if not m:
        raise ValueError(f"분기는 2023Q1 형식이어야 합니다: {quarter!r}")
    year, q = int(m.group(1)), int(m.group(2))
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def quarter_of(day: dt.date) -> str:
    """2024-05-31 → '2024Q2'."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def term_quarters(term_start: dt.date, term_end: dt.date) -> pd.DataFrame:
    """The quarters of the term (the card's schedule columns): quarter, start, end, year, label ('2022 3분기')."""
    rows = []
    day = term_start
    while day <= term_end:
        q = quarter_of(day)
        start, end = quarter_bounds(q)
        rows.append({"quarter": q, "start": start, "end": end, "year": start.year,
                     "label": f"{start.year} {q[-1]}분기"})
        day = end + dt.timedelta(days=1)
    return pd.DataFrame(rows)


def milestone_state(start_quarter: str, end_quarter: str, done_quarter: str | None, as_of: dt.date) -> str:
    """완료 when done by its planned end quarter; 완료 (지연) when done after it; 지연 when the planned
    end quarter is over on the as-of date and it is not done; 진행 중 once started; else 예정.
    A milestone done after the as-of date reads as not done yet."""
    _, planned_end = quarter_bounds(end_quarter)
    start, _ = quarter_bounds(start_quarter)
    if done_quarter:
        done_start, _ = quarter_bounds(done_quarter)
        if done_start <= as_of:
            return DONE if done_quarter <= end_quarter else DONE_LATE
    if planned_end < as_of:
        return LATE
    return RUNNING if start <= as_of else PLANNED


def milestone_table(milestones: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Milestones with dates for a Gantt chart and their state on the as-of date.
    Columns: name, start, finish (day after the planned end quarter), duration_ms (finish − start,
    for a bar on a date axis), start_quarter, end_quarter, done_quarter, state, late (지연 or 완료 (지연))."""
    rows = []
    for m in milestones.sort_values("ord").itertuples(index=False):
        start, _ = quarter_bounds(m.start_quarter)
        _, end = quarter_bounds(m.end_quarter)
        done = m.done_quarter if isinstance(m.done_quarter, str) else None
        state = milestone_state(m.start_quarter, m.end_quarter, done, as_of)
        finish = end + dt.timedelta(days=1)
        rows.append({"name": m.name, "start": pd.Timestamp(start), "finish": pd.Timestamp(finish),
                     "duration_ms": (finish - start).days * 86_400_000,
                     "start_quarter": m.start_quarter, "end_quarter": m.end_quarter, "done_quarter": done,
                     "state": state, "late": state in (LATE, DONE_LATE)})
    return pd.DataFrame(rows, columns=["name", "start", "finish", "duration_ms", "start_quarter", "end_quarter", "done_quarter",
                                       "state", "late"])


def chart_range(quarters: pd.DataFrame, *days: dt.date) -> tuple[dt.date, dt.date]:
    """The Gantt's date range: the term's quarters, widened to show the given days (today, the
    as-of date) with a month's margin when they fall outside the term."""
    start, end = quarters["start"].iloc[0], quarters["end"].iloc[-1]
    margin = dt.timedelta(days=31)
    return min([start, *[d - margin for d in days if d < start]]), max([end, *[d + margin for d in days if d > end]])
