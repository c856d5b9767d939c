"""ui/presenters/planner.py: the planner grid, the what-if changes and the rebase after a conflict."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from data.store import query
from metrics.engine import compute, load_inputs
from metrics.rates import RatePolicy
from data.authority import SYSTEM
from data.revisions import RevisionConflict, record_revisions
from ui.presenters import planner
from ui.presenters.common import whatif_comparison

AS_OF = dt.date(2024, 5, 31)
POLICY = RatePolicy()


def test_whatif_from_the_planner_grid_gives_the_issue_figures(seed, con):
    inputs, figs = seed
    official = query(con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = planner.planner_grid(official)
    table = planner.planner_table(grid)
    assert list(table.columns) == ["지표", "기간", "목표"]
    assert list(table["지표"]) == ["홍보"] * 5 + ["신청"] * 5
    assert list(table["기간"]) == ["2022", "2023", "2024", "2025", "2026. 6."] * 2
    assert str(table["목표"].dtype) == "float64"                    # an empty target is blank, not None
    assert planner.indicator_legend(grid) == ("홍보: " + grid["indicator_name"].iloc[0] + " · 신청: "
                                              + grid["indicator_name"].iloc[5])
    table.loc[(table["지표"] == "신청") & (table["기간"] == "2025"), "목표"] = 500
    changes = planner.whatif_changes(grid, planner.planner_targets(table), official)
    assert changes[["indicator_id", "period", "target"]].to_dict("records") == \
        [{"indicator_id": "applications", "period": 2025, "target": 500.0}]
    alt = compute(inputs, POLICY, targets=changes)
    comparison = whatif_comparison(figs.pledges, figs.indicators, alt.pledges, alt.indicators,
                                         "naju", "6-1-1", POLICY).set_index("구분")
    assert list(comparison.loc["공약 이행률", ["공식 이행률", "가정 이행률", "차이"]]) == ["64.85%", "66.76%", "+1.91%p"]
    apps = comparison.loc["임신부 가사돌봄서비스 지원사업 신청"]
    assert (apps["공식 임기 목표"], apps["가정 임기 목표"], apps["가정 이행률"]) == ("2,205", "2,075", "64.77%")


def test_unchanged_grid_has_no_whatif(con):
    official = query(con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = planner.planner_grid(official)
    assert planner.whatif_changes(grid, planner.planner_targets(planner.planner_table(grid)), official).empty


def test_second_save_of_the_same_target_conflicts_and_keeps_the_edit(write_con):
    official = query(write_con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = planner.planner_grid(official)               # both planners look at the same targets
    mine = planner.planner_targets(_typed(planner.planner_table(grid), "신청", "2025", 500))
    theirs = planner.planner_targets(_typed(planner.planner_table(grid), "신청", "2025", 600))
    record_revisions(write_con, planner.whatif_changes(grid, theirs, official), SYSTEM, "평가단 승인", AS_OF, author="김기획")
    now = query(write_con, "current_targets", city="naju", pledge_id="6-1-1")
    with pytest.raises(RevisionConflict, match="이미 다른 사용자가 변경했습니다"):
        record_revisions(write_con, planner.whatif_changes(grid, mine, now), SYSTEM, "재검토", AS_OF, author="이기획")
    # Rebasing keeps my 500 on top of the newest revision; saving then succeeds.
    rebased = planner.rebased_grid(now, mine, grid)
    changes = planner.whatif_changes(rebased, list(rebased["target"]), now)
    assert changes[["period", "target"]].to_dict("records") == [{"period": 2025, "target": 500.0}]
    ids = record_revisions(write_con, changes, SYSTEM, "재검토", AS_OF, author="이기획")
    history = query(write_con, "target_revisions", city="naju", pledge_id="6-1-1")
    assert list(history["new_target"]) == [500.0, 600.0] and list(history["revision_id"])[0] == ids[0]


def _typed(table: pd.DataFrame, indicator: str, period: str, value: float) -> pd.DataFrame:
    """The planner table with one target typed in (as the data editor returns it)."""
    cell = (table["지표"] == indicator) & (table["기간"] == period)
    assert cell.sum() == 1
    return table.assign(목표=table["목표"].where(~cell, value))


def test_indicators_sharing_a_short_name_are_labelled_by_their_full_names():
    grid = pd.DataFrame({"city": "c", "pledge_id": "1-1-1", "indicator_id": ["a", "a", "b", "b", "c", "c"],
                         "indicator_name": ["방문 서비스 제공", "방문 서비스 제공", "상담 서비스 제공", "상담 서비스 제공",
                                            "교육 참여", "교육 참여"],
                         "period": [2023, 2024] * 3, "target": [1.0, None, 3.0, 4.0, 5.0, 6.0],
                         "revision_id": None, "label": ["2023", "2024"] * 3})
    table = planner.planner_table(grid)
    assert list(table["지표"]) == ["방문 서비스 제공"] * 2 + ["상담 서비스 제공"] * 2 + ["참여"] * 2
    assert planner.indicator_legend(grid) == "참여: 교육 참여"
    assert table["목표"].isna().tolist() == [False, True, False, False, False, False]
    targets = planner.planner_targets(table.assign(목표=[1, -2, 3, 4.5, 5, 6]))
    assert planner.target_problems(grid, targets) == ["2024 방문 서비스 제공: 목표는 0 이상이어야 합니다 (입력 -2).",
                                                      "2024 상담 서비스 제공: 목표는 정수여야 합니다 (입력 4.5)."]


def test_the_planner_panel_shows_indicator_names_as_typed(built_db, tmp_path, monkeypatch):
    """The planner panel (AppTest, a planner signed in): its legend spells out the short labels,
    with an indicator name's Markdown specials escaped (card files are user text: nothing renders
    as markup)."""
    import shutil

    from streamlit.testing.v1 import AppTest

    from data.store import connect
    from tests.accounts import LOGINS, make_accounts

    db = tmp_path / "pledges.duckdb"
    shutil.copy(built_db, db)
    make_accounts(db)
    con = connect(db)
    try:
        con.execute("UPDATE indicators SET name = '임신부 *가사돌봄* 지원_사업 신청' WHERE indicator_id = 'applications'")
    finally:
        con.close()
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard.py"), default_timeout=90)
    at.query_params["as_of"] = "2024-05-31"
    at.session_state["auth_login"] = LOGINS["planner"]
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    panel = next(e for e in at.sidebar.expander if e.label == "목표 조정 (기획)")
    captions = [c.value for c in panel.caption]
    assert any(c.endswith(r"신청: 임신부 \*가사돌봄\* 지원\_사업 신청") for c in captions), captions
    assert [d.value.columns.tolist() for d in panel.data_editor] == [["지표", "기간", "목표"]]
