"""metrics/schedule.py: the term's quarters and the milestone states, table-driven, and the seed
card's schedule (연차별 추진일정) on several as-of dates."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from data.store import query
from metrics import schedule
from metrics.schedule import DONE, DONE_LATE, LATE, PLANNED, RUNNING

D = dt.date


@pytest.mark.parametrize("quarter, bounds", [
    ("2023Q1", (D(2023, 1, 1), D(2023, 3, 31))),
    ("2024Q1", (D(2024, 1, 1), D(2024, 3, 31))),
    ("2022Q3", (D(2022, 7, 1), D(2022, 9, 30))),
    ("2022Q4", (D(2022, 10, 1), D(2022, 12, 31))),     # the year boundary
    ("2026Q2", (D(2026, 4, 1), D(2026, 6, 30))),
])
def test_quarter_bounds(quarter, bounds):
    assert schedule.quarter_bounds(quarter) == bounds


@pytest.mark.parametrize("bad", ["2023Q5", "2023Q0", "2023-Q1", "23Q1", "", "2023q1"])
def test_quarter_bounds_refuses_other_shapes(bad):
    with pytest.raises(ValueError, match="2023Q1 형식"):
        schedule.quarter_bounds(bad)


@pytest.mark.parametrize("day, quarter", [
    (D(2024, 5, 31), "2024Q2"), (D(2024, 1, 1), "2024Q1"), (D(2024, 3, 31), "2024Q1"),
    (D(2022, 7, 1), "2022Q3"), (D(2022, 12, 31), "2022Q4"),
])
def test_quarter_of(day, quarter):
    assert schedule.quarter_of(day) == quarter
    start, end = schedule.quarter_bounds(quarter)
    assert start <= day <= end


def test_term_quarters_cover_the_term_without_gaps():
    q = schedule.term_quarters(D(2022, 7, 1), D(2026, 6, 30))
    assert len(q) == 16
    assert (q["quarter"].iloc[0], q["quarter"].iloc[-1]) == ("2022Q3", "2026Q2")
    assert (q["start"].iloc[0], q["end"].iloc[-1]) == (D(2022, 7, 1), D(2026, 6, 30))
    assert all(b == e + dt.timedelta(days=1) for e, b in zip(q["end"][:-1], q["start"][1:]))
    assert q["year"].tolist() == [2022] * 2 + [2023] * 4 + [2024] * 4 + [2025] * 4 + [2026] * 2
    assert q["label"].iloc[0] == "2022 3분기"


@pytest.mark.parametrize("start, end, done, as_of, state", [
    ("2022Q3", "2022Q4", "2022Q4", D(2024, 5, 31), DONE),          # done in its planned end quarter
    ("2022Q3", "2022Q4", "2022Q3", D(2024, 5, 31), DONE),          # done early
    ("2022Q3", "2022Q4", "2023Q2", D(2024, 5, 31), DONE_LATE),     # done after its planned end
    ("2022Q3", "2022Q4", None, D(2024, 5, 31), LATE),              # over and not done
    ("2022Q3", "2022Q4", "2024Q3", D(2024, 5, 31), LATE),          # done after the as-of date: not yet
    ("2023Q1", "2026Q2", None, D(2024, 5, 31), RUNNING),
    ("2024Q2", "2024Q2", None, D(2024, 5, 31), RUNNING),           # last day of its quarter still runs
    ("2024Q3", "2025Q1", None, D(2024, 5, 31), PLANNED),
    ("2024Q2", "2024Q2", None, D(2024, 7, 1), LATE),               # the day after its end quarter
])
def test_milestone_state(start, end, done, as_of, state):
    assert schedule.milestone_state(start, end, done, as_of) == state


@pytest.mark.parametrize("as_of, states", [
    (D(2022, 6, 30), [PLANNED] * 5),                                             # before the term
    (D(2022, 11, 15), [DONE, DONE, RUNNING, PLANNED, PLANNED]),      # done in the quarter under way
    (D(2022, 9, 30), [RUNNING, RUNNING, PLANNED, PLANNED, PLANNED]),
    (D(2023, 2, 1), [DONE, DONE, DONE, DONE, RUNNING]),
    (D(2024, 5, 31), [DONE, DONE, DONE, DONE, RUNNING]),                         # the card's date
    (D(2026, 7, 1), [DONE, DONE, DONE, DONE, LATE]),                             # after the term
])
def test_seed_card_schedule(con, as_of, states):
    milestones = query(con, "milestones", city="naju", pledge_id="6-1-1")
    table = schedule.milestone_table(milestones, as_of)
    assert table["name"].tolist()[0] == "사회보장제도 신설 협의" and len(table) == 5
    assert table["state"].tolist() == states
    assert table["late"].tolist() == [s in (LATE, DONE_LATE) for s in states]


def test_milestone_table_dates_for_a_gantt(con):
    milestones = query(con, "milestones", city="naju", pledge_id="6-1-1")
    row = schedule.milestone_table(milestones, D(2024, 5, 31)).iloc[0]       # 2022Q3 … 2022Q4
    assert (row["start"], row["finish"]) == (pd.Timestamp("2022-07-01"), pd.Timestamp("2023-01-01"))
    assert row["duration_ms"] == 184 * 86_400_000
    assert row["done_quarter"] == "2022Q4"


def test_milestone_table_without_milestones_has_its_columns():
    empty = pd.DataFrame(columns=["ord", "name", "start_quarter", "end_quarter", "done_quarter"])
    table = schedule.milestone_table(empty, D(2024, 5, 31))
    assert table.empty and "state" in table and "late" in table


@pytest.mark.parametrize("days, bounds", [
    ((D(2024, 5, 31),), (D(2022, 7, 1), D(2026, 6, 30))),                          # inside the term
    ((D(2026, 11, 26),), (D(2022, 7, 1), D(2026, 11, 26) + dt.timedelta(days=31))),  # today after the term
    ((D(2022, 1, 1), D(2024, 5, 31)), (D(2022, 1, 1) - dt.timedelta(days=31), D(2026, 6, 30))),
])
def test_chart_range(days, bounds):
    quarters = schedule.term_quarters(D(2022, 7, 1), D(2026, 6, 30))
    assert schedule.chart_range(quarters, *days) == bounds
