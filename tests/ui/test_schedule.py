"""metrics/schedule.py (quarters, milestone states) and ui/presenters/schedule.py (grid, late summary, progress log)."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from metrics import schedule
from ui.presenters import schedule as shape

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


@pytest.mark.parametrize("quarter, bounds", [
    ("2022Q3", (dt.date(2022, 7, 1), dt.date(2022, 9, 30))),
    ("2023Q4", (dt.date(2023, 10, 1), dt.date(2023, 12, 31))),
    ("2026Q2", (dt.date(2026, 4, 1), dt.date(2026, 6, 30))),
])
def test_quarter_bounds(quarter, bounds):
    assert schedule.quarter_bounds(quarter) == bounds


@pytest.mark.parametrize("start, end, done, as_of, state", [
    ("2022Q3", "2022Q4", "2022Q4", dt.date(2024, 5, 31), schedule.DONE),
    ("2022Q3", "2022Q4", "2023Q2", dt.date(2024, 5, 31), schedule.DONE_LATE),
    ("2022Q3", "2023Q1", None, dt.date(2024, 5, 31), schedule.LATE),
    ("2023Q1", "2026Q2", None, dt.date(2024, 5, 31), schedule.RUNNING),
    ("2025Q1", "2025Q2", None, dt.date(2024, 5, 31), schedule.PLANNED),
    ("2022Q3", "2022Q4", "2022Q4", dt.date(2022, 8, 1), schedule.RUNNING),   # done later than the as-of date
])
def test_milestone_state(start, end, done, as_of, state):
    assert schedule.milestone_state(start, end, done, as_of) == state


def test_term_has_sixteen_quarters_and_the_seed_schedule_is_on_time(con):
    quarters = schedule.term_quarters(dt.date(2022, 7, 1), dt.date(2026, 6, 30))
    assert len(quarters) == 16 and quarters["label"].iloc[0] == "2022 3분기" and quarters["quarter"].iloc[-1] == "2026Q2"
    table = schedule.milestone_table(query(con, "milestones", city="naju", pledge_id="6-1-1"), AS_OF)
    assert not table["late"].any() and shape.late_summary(table) is None
    grid = shape.milestone_grid(query(con, "milestones", city="naju", pledge_id="6-1-1"), quarters)
    assert list(grid.iloc[0][["2022 3분기", "2022 4분기", "2023 1분기"]]) == ["■", "■", ""]


def test_late_milestone_is_flagged():
    milestones = pd.DataFrame([{"ord": 0, "name": "웹 개발", "start_quarter": "2022Q3", "end_quarter": "2022Q4",
                                "done_quarter": None}])
    table = schedule.milestone_table(milestones, dt.date(2023, 3, 1))
    assert bool(table["late"].iloc[0]) and "웹 개발 (지연)" in shape.late_summary(table)


def test_progress_log_by_year(con):
    log = query(con, "progress_log", city="naju", pledge_id="6-1-1")
    in_2024 = shape.progress_log_table(log, year=2024, as_of=AS_OF)
    # The open-ended lines ('2023. 1.~') run into 2024; '2024. 1.~2.' too.
    assert "임신부 가사돌봄서비스 지원사업 변경 시행" in set(in_2024["내용"])
    assert "임신부 가사돌봄서비스 지원사업 실시" in set(in_2024["내용"])
    assert "보건복지부 사회보장제도 신설 협의 요청" not in set(in_2024["내용"])
    assert len(shape.progress_log_table(log, as_of=dt.date(2022, 7, 31))) == 2


def test_milestone_display_names_quarters(con):
    table = schedule.milestone_table(query(con, "milestones", city="naju", pledge_id="6-1-1"), AS_OF)
    shown = shape.milestone_display(table)
    assert list(shown.columns) == ["세부 추진상황", "계획 시작", "계획 종료", "완료", "상태"]
    assert shown["계획 시작"].iloc[0] == "2022 3분기"
