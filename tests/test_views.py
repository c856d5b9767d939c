"""The dashboard's pure view functions (metrics/views.py, schedule.py, audit.py, series.py,
export.py), on the seed card's figures and on small hand-made frames."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from data.revisions import RevisionConflict, record_revisions
from data.store import query
from metrics import audit, schedule, series, views
from metrics.export import to_csv_bytes, to_xlsx_bytes
from metrics.rates import RatePolicy
from metrics.report import compute, load_inputs

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


@pytest.fixture(scope="module")
def seed(con):
    inputs = load_inputs(con, AS_OF, "naju", "6-1-1")
    return inputs, compute(inputs, POLICY)


# --- keys and dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("key, expected", [
    ("naju:6-1-1", ("naju", "6-1-1")),
    ("seoul:1-2-3", ("seoul", "1-2-3")),
    ("naju", None), ("", None), (None, None), (":6-1-1", None),
])
def test_parse_pledge_key(key, expected):
    assert views.parse_pledge_key(key) == expected


@pytest.mark.parametrize("as_of, expected", [
    (dt.date(2024, 5, 31), dt.date(2024, 3, 31)),
    (dt.date(2024, 4, 1), dt.date(2024, 3, 31)),
    (dt.date(2024, 1, 15), dt.date(2023, 12, 31)),
    (dt.date(2024, 12, 31), dt.date(2024, 9, 30)),
])
def test_previous_quarter_end(as_of, expected):
    assert views.previous_quarter_end(as_of) == expected


@pytest.mark.parametrize("now, before, expected", [(64.85, 58.07, "+6.78%p"), (50.0, 60.0, "-10.00%p"),
                                                    (None, 10.0, "—"), (10.0, None, "—")])
def test_difference_in_points(now, before, expected):
    assert views.format_points(views.difference(now, before)) == expected


# --- the seed card --------------------------------------------------------------------------------

def test_headline_of_the_seed_card(seed):
    _, figs = seed
    h = views.headline(figs.pledges, "naju", "6-1-1", POLICY)
    assert h["rate_text"] == "64.85%" and h["status"] == "정상추진" and h["suggested_status"] == "정상추진"
    assert h["change_text"] is None


def test_card_indicator_table_matches_the_printed_card(seed):
    _, figs = seed
    table = views.card_indicator_table(figs.periods, figs.indicators, POLICY)
    assert list(table["구분"]) == ["목표 (누계)", "이행 (누계)"] * 2
    assert list(table.iloc[0][["2022", "2023", "2024", "2025", "2026. 6."]]) == ["2", "4 (6)", "4 (10)", "4 (14)", "2 (16)"]
    assert list(table.iloc[1][["2022", "2023", "2024", "2025"]]) == ["4", "4 (8)", "3 (11)", ""]
    assert list(table.iloc[2][["2022", "2023", "2026. 6."]]) == ["–", "630", "315 (2,205)"]
    assert list(table.iloc[3][["2022", "2023", "2024"]]) == ["–", "927", "417 (1,344)"]
    assert list(table["이행률 (%)"]) == ["68.75", "", "60.95", ""]


def test_investment_table_totals_and_execution(seed):
    _, figs = seed
    table = views.investment_table(figs.budget).set_index("재원")
    assert table.loc["총 계", "총계"] == "504" and table.loc["시 비", "2025"] == "109"
    assert table.loc["국 비", "총계"] == "0"
    assert (table.loc["집행액", "총계"], table.loc["집행액", "2023"], table.loc["집행액", "2024"]) == ("83", "62", "21")
    assert table.loc["집행액", "2025"] == "-"


def test_budget_headline(seed):
    _, figs = seed
    b = views.budget_headline(figs.budget, AS_OF, POLICY)
    assert (b["planned"], b["executed"], b["rate"], b["rate_to_date"], b["planned_to_date"]) == \
        ("504", "83", "16.47%", "29.02%", "286")


def test_unit_costs(seed, con):
    _, figs = seed
    services = query(con, "service_counts", as_of=AS_OF, city="naju", pledge_id="6-1-1", year=None)
    costs = views.unit_costs(figs.budget, services).set_index("구분")
    served = int(services.iloc[0]["served"])
    assert costs.loc["서비스 받은 신청 1건당", "단위 수"] == f"{served:,}건"
    assert costs.loc["서비스 받은 신청 1건당", "단위당 비용(원)"] == f"{round(83_000_000 / served):,}"


def test_year_attainment_is_not_capped(seed):
    _, figs = seed
    year = views.year_attainment(figs.periods, figs.indicators, 2023, POLICY)
    assert list(year["연간 달성률"]) == ["100.00%", "147.14%"]


# --- the planner's what-if ------------------------------------------------------------------------

def test_whatif_from_the_planner_grid_gives_the_issue_figures(seed, con):
    inputs, figs = seed
    official = query(con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = views.planner_grid(official)
    wide = views.planner_table(grid)
    assert list(wide.columns) == ["기간", "publicity", "applications"]
    assert list(wide["기간"]) == ["2022", "2023", "2024", "2025", "2026. 6."]
    wide.loc[wide["기간"] == "2025", "applications"] = 500
    changes = views.whatif_changes(grid, views.planner_targets(wide, grid), official)
    assert changes[["indicator_id", "period", "target"]].to_dict("records") == \
        [{"indicator_id": "applications", "period": 2025, "target": 500.0}]
    alt = compute(inputs, POLICY, targets=changes)
    comparison = views.whatif_comparison(figs.pledges, figs.indicators, alt.pledges, alt.indicators,
                                         "naju", "6-1-1", POLICY).set_index("구분")
    assert list(comparison.loc["공약 이행률", ["공식 이행률", "가정 이행률", "차이"]]) == ["64.85%", "66.76%", "+1.91%p"]
    apps = comparison.loc["임신부 가사돌봄서비스 지원사업 신청"]
    assert (apps["공식 임기 목표"], apps["가정 임기 목표"], apps["가정 이행률"]) == ("2,205", "2,075", "64.77%")


def test_unchanged_grid_has_no_whatif(con):
    official = query(con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = views.planner_grid(official)
    assert views.whatif_changes(grid, views.planner_targets(views.planner_table(grid), grid), official).empty


def test_second_save_of_the_same_target_conflicts_and_keeps_the_edit(write_con):
    official = query(write_con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = views.planner_grid(official)               # both planners look at the same targets
    mine = views.planner_targets(views.planner_table(grid).assign(
        applications=lambda f: f["applications"].where(f["기간"] != "2025", 500)), grid)
    theirs = views.planner_targets(views.planner_table(grid).assign(
        applications=lambda f: f["applications"].where(f["기간"] != "2025", 600)), grid)
    record_revisions(write_con, views.whatif_changes(grid, theirs, official), "김기획", "평가단 승인", AS_OF)
    now = query(write_con, "current_targets", city="naju", pledge_id="6-1-1")
    with pytest.raises(RevisionConflict, match="이미 다른 사용자가 변경했습니다"):
        record_revisions(write_con, views.whatif_changes(grid, mine, now), "이기획", "재검토", AS_OF)
    # Rebasing keeps my 500 on top of the newest revision; saving then succeeds.
    rebased = views.rebased_grid(now, mine, grid)
    changes = views.whatif_changes(rebased, list(rebased["target"]), now)
    assert changes[["period", "target"]].to_dict("records") == [{"period": 2025, "target": 500.0}]
    ids = record_revisions(write_con, changes, "이기획", "재검토", AS_OF)
    history = query(write_con, "target_revisions", city="naju", pledge_id="6-1-1")
    assert list(history["new_target"]) == [500.0, 600.0] and list(history["revision_id"])[0] == ids[0]


def test_original_vs_revised(write_con):
    record_revisions(write_con, pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications",
                                               "period": 2025, "target": 500.0, "revision_id": None}]),
                     "김기획", "평가단 승인", dt.date(2024, 1, 1))
    figs = compute(load_inputs(write_con, AS_OF, "naju", "6-1-1"), POLICY)
    table = views.original_vs_revised(figs.indicators, figs.original, figs.pledges, "naju", "6-1-1", POLICY)
    table = table.set_index("확인지표")
    assert list(table.loc["공약 이행률", ["당초 목표 기준 이행률", "변경 목표 기준 이행률"]]) == ["64.85%", "66.76%"]


# --- schedule --------------------------------------------------------------------------------------

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
    assert not table["late"].any() and schedule.late_summary(table) is None
    grid = schedule.milestone_grid(query(con, "milestones", city="naju", pledge_id="6-1-1"), quarters)
    assert list(grid.iloc[0][["2022 3분기", "2022 4분기", "2023 1분기"]]) == ["■", "■", ""]


def test_late_milestone_is_flagged():
    milestones = pd.DataFrame([{"ord": 0, "name": "웹 개발", "start_quarter": "2022Q3", "end_quarter": "2022Q4",
                                "done_quarter": None}])
    table = schedule.milestone_table(milestones, dt.date(2023, 3, 1))
    assert bool(table["late"].iloc[0]) and "웹 개발 (지연)" in schedule.late_summary(table)


def test_progress_log_by_year(con):
    log = query(con, "progress_log", city="naju", pledge_id="6-1-1")
    in_2024 = schedule.progress_log_table(log, year=2024, as_of=AS_OF)
    # The open-ended lines ('2023. 1.~') run into 2024; '2024. 1.~2.' too.
    assert "임신부 가사돌봄서비스 지원사업 변경 시행" in set(in_2024["내용"])
    assert "임신부 가사돌봄서비스 지원사업 실시" in set(in_2024["내용"])
    assert "보건복지부 사회보장제도 신설 협의 요청" not in set(in_2024["내용"])
    assert len(schedule.progress_log_table(log, as_of=dt.date(2022, 7, 31))) == 2


# --- series ------------------------------------------------------------------------------------------

def test_target_path_and_actual_path(seed, con):
    inputs, figs = seed
    own = figs.periods[figs.periods["indicator_id"] == "publicity"]
    path = series.target_path(own, inputs.term_periods, dt.date(2022, 7, 1))
    assert list(path["target_cumulative"]) == [0, 2, 6, 10, 14, 16]
    monthly = query(con, "monthly_actuals", as_of=AS_OF, city="naju", pledge_id="6-1-1")
    actual = series.actual_path(monthly[monthly["indicator_id"] == "publicity"], own, inputs.term_periods,
                                dt.date(2022, 7, 1), AS_OF)
    assert actual["actual_cumulative"].iloc[-1] == 11 and actual["date"].iloc[-1] == pd.Timestamp(AS_OF)
    assert actual["actual_cumulative"].is_monotonic_increasing


def test_actual_path_without_records_uses_period_totals(seed):
    inputs, figs = seed
    own = figs.periods[figs.periods["indicator_id"] == "applications"]
    actual = series.actual_path(pd.DataFrame(columns=["month", "value"]), own, inputs.term_periods,
                                dt.date(2022, 7, 1), AS_OF)
    assert list(actual["actual_cumulative"]) == [0, 0, 927, 1344]


# --- audit ----------------------------------------------------------------------------------------------

def test_consistency_checks_pass_on_the_seed_card(seed, con):
    _, figs = seed
    printed = query(con, "printed_executions", city="naju", pledge_id="6-1-1")
    checks = audit.consistency_checks(figs.pledges.iloc[0], figs.periods, figs.indicators, figs.budget, printed,
                                      figs.reconciliation, AS_OF, POLICY)
    assert set(checks["결과"]) == {audit.PASS}
    areas = set(checks["점검 항목"])
    assert {"연도별 실적 합 = 누계", "집행액 ≤ 계획액", "추진상황 ↔ 이행률", "카드 이행률 = 계산 이행률",
            "보고 실적 = 기록 집계", "카드 집행액 = 집행 기록 합"} <= areas
    assert audit.check_summary(checks) == f"점검 {len(checks)}건 중 {len(checks)}건 통과"


def test_overspending_and_wrong_status_fail(seed):
    _, figs = seed
    budget = figs.budget.copy()
    budget.loc[budget["year"] == 2024, "executed"] = 500.0
    pledge = figs.pledges.iloc[0].copy()
    pledge["status"], pledge["status_consistent"] = "완료 종결", False
    checks = audit.consistency_checks(pledge, figs.periods, figs.indicators, budget,
                                      pd.DataFrame(columns=["year", "amount"]), figs.reconciliation, AS_OF, POLICY)
    failed = checks[checks["결과"] == audit.FAIL]
    assert set(failed["대상"]) == {"2024년", "임기 전체", "6-1-1"}
    assert "불일치" in audit.check_summary(checks)


def test_figure_choices_trace_to_records(seed, con):
    _, figs = seed
    choices = audit.figure_choices(figs.indicators, figs.periods, figs.budget)
    assert list(choices["label"].iloc[:2]) == ["임신부 가사돌봄서비스 지원사업 홍보 · 누계 실적 11건",
                                               "임신부 가사돌봄서비스 지원사업 홍보 · 2022 실적 4건"]
    assert "집행액 · 2023년 62 백만원" in set(choices["label"])
    for _, row in choices.iterrows():
        source = audit.record_source(row)
        records = query(con, source["name"], as_of=AS_OF, city="naju", pledge_id="6-1-1", year=source["year"])
        if pd.notna(row["indicator_id"]):
            own = figs.indicators[figs.indicators["indicator_id"] == row["indicator_id"]].iloc[0]
            actual = own["actual_to_date"] if source["year"] is None else figs.periods[
                (figs.periods["indicator_id"] == row["indicator_id"])
                & (figs.periods["period"] == source["year"])]["actual"].iloc[0]
            assert len(records) == actual
        assert records.iloc[:, 0].str.startswith("DEMO-").all()


# --- export --------------------------------------------------------------------------------------------

def test_csv_and_xlsx_keep_korean_headers(con):
    records = views.korean_headers(query(con, "records_publicity", as_of=AS_OF, city="naju", pledge_id="6-1-1",
                                         year=2024))
    csv = to_csv_bytes(records)
    assert csv.startswith(b"\xef\xbb\xbf") and "홍보번호,홍보일" in csv.decode("utf-8-sig")
    assert "2024-01-08" in csv.decode("utf-8-sig")           # plain dates, not timestamps
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(records, "근거기록")))
    sheet = book["근거기록"]
    assert [c.value for c in sheet[1]][:3] == ["홍보번호", "홍보일", "매체"]
    assert sheet.max_row == 4


@pytest.mark.parametrize("as_of, basis", [(dt.date(2023, 12, 31), "2023. 12. 31."), (AS_OF, "2024. 5. 31."),
                                          (dt.date(2025, 3, 1), "2024. 5. 31.")])
def test_data_basis_is_the_newest_data_on_or_before_the_as_of_date(con, as_of, basis):
    figs = compute(load_inputs(con, as_of, "naju", "6-1-1"), POLICY)
    assert views.headline(figs.pledges, "naju", "6-1-1", POLICY, as_of=as_of)["data_basis"] == basis
