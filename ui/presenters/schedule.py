"""추진일정: the milestone table and the card's quarterly grid with Korean headers, the late
milestones sentence and the progress log (추진실적) as a table. States and quarters come from
metrics.schedule."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.formatting import date_ko


def quarter_text(value) -> str:
    """'2022Q3' → '2022 3분기' ('—' when missing)."""
    return "—" if not isinstance(value, str) else f"{value[:4]} {value[-1]}분기"


def milestone_display(table: pd.DataFrame) -> pd.DataFrame:
    """The milestone table (metrics.schedule.milestone_table) with Korean headers and quarters as '2022 3분기'."""
    return pd.DataFrame({
        "세부 추진상황": table["name"],
        "계획 시작": [quarter_text(v) for v in table["start_quarter"]],
        "계획 종료": [quarter_text(v) for v in table["end_quarter"]],
        "완료": [quarter_text(v) for v in table["done_quarter"]],
        "상태": table["state"],
    })


def milestone_grid(milestones: pd.DataFrame, quarters: pd.DataFrame) -> pd.DataFrame:
    """The card's quarterly schedule grid: one row per milestone, one column per term quarter
    ('2022 3분기' …), '■' where the milestone is planned."""
    rows = []
    for m in milestones.sort_values("ord").itertuples(index=False):
        row = {"세부 추진상황": m.name}
        for q in quarters.itertuples(index=False):
            row[q.label] = "■" if m.start_quarter <= q.quarter <= m.end_quarter else ""
        rows.append(row)
    return pd.DataFrame(rows)


def late_summary(table: pd.DataFrame) -> str | None:
    """'계획보다 늦은 일정 1건: …' listing milestones late against plan; None when none is late."""
    late = table[table["late"]]
    if late.empty:
        return None
    return f"계획보다 늦은 일정 {len(late)}건: " + ", ".join(f"{n} ({s})" for n, s in zip(late["name"], late["state"]))


def progress_log_table(log: pd.DataFrame, year: int | None = None, as_of: dt.date | None = None) -> pd.DataFrame:
    """The progress log (추진실적), optionally only entries touching `year` and begun by the as-of
    date. Columns: 시기 (as printed), 내용 (with detail lines), 시작."""
    frame = log.copy()
    starts = pd.to_datetime(frame["starts"])
    ends = pd.to_datetime(frame["ends"])
    keep = pd.Series(True, index=frame.index)
    if as_of is not None:
        keep &= starts.isna() | (starts <= pd.Timestamp(as_of))
    if year is not None:
        keep &= (starts.dt.year <= year) & (ends.isna() | (ends.dt.year >= year))
    frame = frame[keep]
    text = [t + "".join(f"\n  - {d}" for d in (details if details is not None else []))
            for t, details in zip(frame["text"], frame["details"])]
    return pd.DataFrame({"시기": frame["date_text"], "내용": text,
                         "시작": [date_ko(d) for d in frame["starts"]]}).reset_index(drop=True)


def progress_title(year: int | None) -> str:
    return "추진실적" + ("" if year is None else f" ({year}년)")
