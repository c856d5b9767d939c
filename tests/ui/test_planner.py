"""ui/presenters/planner.py: the planner grid, the what-if changes and the rebase after a conflict."""
from __future__ import annotations

import datetime as dt

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
    wide = planner.planner_table(grid)
    assert list(wide.columns) == ["기간", "publicity", "applications"]
    assert list(wide["기간"]) == ["2022", "2023", "2024", "2025", "2026. 6."]
    wide.loc[wide["기간"] == "2025", "applications"] = 500
    changes = planner.whatif_changes(grid, planner.planner_targets(wide, grid), official)
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
    assert planner.whatif_changes(grid, planner.planner_targets(planner.planner_table(grid), grid), official).empty


def test_second_save_of_the_same_target_conflicts_and_keeps_the_edit(write_con):
    official = query(write_con, "current_targets", city="naju", pledge_id="6-1-1")
    grid = planner.planner_grid(official)               # both planners look at the same targets
    mine = planner.planner_targets(planner.planner_table(grid).assign(
        applications=lambda f: f["applications"].where(f["기간"] != "2025", 500)), grid)
    theirs = planner.planner_targets(planner.planner_table(grid).assign(
        applications=lambda f: f["applications"].where(f["기간"] != "2025", 600)), grid)
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
