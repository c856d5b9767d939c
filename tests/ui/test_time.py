"""Issue 12 on screen, without a browser: the planner's checks (negative and non-whole targets
refused with a message, implausible values to confirm, 적용일 inside the term), the status notice
in time, the zero change without arrow, the term and data-date notices, forecast and waterfall
shaping for the seed card."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.engine import figures_for
from metrics.rates import DEFAULT_POLICY
from ui.presenters import forecast, overview, planner, terms

GRID = pd.DataFrame({"indicator_id": ["a", "a", "a"], "indicator_name": ["홍보", "홍보", "홍보"],
                     "label": ["2024", "2025", "2026. 6."], "period": [2024, 2025, 2026]})


def test_negative_and_non_whole_targets_are_refused_with_a_message():
    lines = planner.target_problems(GRID, [4, -5, 2.5])
    assert lines == ["2025 홍보: 목표는 0 이상이어야 합니다 (입력 -5).", "2026. 6. 홍보: 목표는 정수여야 합니다 (입력 2.5)."]
    assert planner.target_problems(GRID, [4, 5, None]) == []


def test_a_value_ten_times_the_largest_other_period_asks_first():
    assert planner.implausible_targets(GRID, [4, 99_999_999, 2])[0].startswith("2025 홍보: 99,999,999")
    assert planner.implausible_targets(GRID, [4, 40, 2]) == []
    assert planner.implausible_targets(GRID, [4, 5, 2], term_limit=10)[0].endswith("사업규모(10)를 넘습니다.")


def test_the_effective_date_falls_inside_the_term():
    assert planner.effective_problem(dt.date(2026, 11, 26), "2022-07-01", "2026-06-30").startswith("적용일은 임기")
    assert planner.effective_problem(dt.date(2024, 5, 31), "2022-07-01", "2026-06-30") is None


def seed(con, day):
    return figures_for(con, dt.date.fromisoformat(day), city="naju", pledge_id="6-1-1")


def test_past_the_data_the_status_is_checked_at_the_data_date(con):
    h = overview.headline(seed(con, "2026-11-26").pledges, "naju", "6-1-1", DEFAULT_POLICY)
    kind, text = overview.status_notice(h)
    assert kind == "info" and text.startswith("자료 미갱신 — 자료 기준일 2024. 5. 31.의 기대 이행률 44.16%")
    p = seed(con, "2026-11-26").pledges.iloc[0]
    assert terms.data_notice(p, dt.date(2026, 11, 26)).startswith("자료는 2024. 5. 31.까지")
    assert terms.term_notice(p, dt.date(2026, 11, 26), dt.date(2026, 11, 26)).startswith(
        "민선 8기 임기는 2026. 6. 30. 끝났습니다 — 최종 수치")
    assert terms.data_day(p, dt.date(2026, 11, 26)) == dt.date(2024, 5, 31)


def test_the_term_start_is_too_early_to_judge_and_no_status_was_in_force(con):
    h = overview.headline(seed(con, "2022-07-01").pledges, "naju", "6-1-1", DEFAULT_POLICY)
    kind, text = overview.status_notice(h)
    assert kind == "info" and h["suggested_status"] == "판단 유보" and "아직 기록된 추진상황이 없습니다" in text


def test_on_the_data_date_the_status_agrees(con):
    kind, _ = overview.status_notice(overview.headline(seed(con, "2024-05-31").pledges, "naju", "6-1-1",
                                                       DEFAULT_POLICY))
    assert kind == "success"


def test_a_zero_change_has_no_delta():
    assert overview.delta_text(64.851, 64.849, DEFAULT_POLICY) is None
    assert overview.delta_text(64.85, 46.02, DEFAULT_POLICY) == "+18.83%p"


def test_forecast_and_waterfall_of_the_seed(con):
    now, before = seed(con, "2024-05-31"), seed(con, "2023-12-31")
    table = forecast.forecast_table(now.forecast, now.indicators, now.as_of, DEFAULT_POLICY)
    assert table["필요 속도 (월)"].tolist() == ["0.2 건", "34.44 건"] and set(table["남은 개월"]) == {25}
    parts, change = forecast.change_parts(before, now, "naju", "6-1-1")
    steps = forecast.waterfall_steps(parts, change, {}, before.as_of, now.as_of, DEFAULT_POLICY)
    assert steps["value"].tolist() == [46.02, 9.38, 9.46, 64.85]
    assert steps["measure"].tolist() == ["absolute", "relative", "relative", "total"]
