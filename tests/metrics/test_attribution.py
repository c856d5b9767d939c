"""metrics.attribution ("why it changed"): the seed card between 2023-12-31 and 2024-05-31 from
the built store, and hand-made frames where indicators gain or lose a rate or weigh differently."""
import datetime as dt

import pandas as pd
import pytest

from metrics.attribution import changes_for, indicator_contributions, load_changes, pledge_change
from metrics.engine import figures_for
from metrics.rates import display_round

SINCE, AS_OF = dt.date(2023, 12, 31), dt.date(2024, 5, 31)


def test_seed_change_since_the_end_of_2023(con):
    before = figures_for(con, SINCE, city="naju", pledge_id="6-1-1")
    now = figures_for(con, AS_OF, city="naju", pledge_id="6-1-1")
    parts = indicator_contributions(before.indicators, now.indicators).set_index("indicator_id")
    change = pledge_change(before.pledges, now.pledges, parts.reset_index()).iloc[0]
    assert display_round(change.rate_before) == 46.02 and display_round(change.rate) == 64.85
    assert display_round(change.delta) == 18.83
    assert [display_round(r) for r in parts.loc["publicity", ["rate_before", "rate"]]] == [50.00, 68.75]
    assert [display_round(r) for r in parts.loc["applications", ["rate_before", "rate"]]] == [42.04, 60.95]
    assert display_round(parts.loc["publicity", "contribution"]) == 9.38       # 18.75 × ½
    assert display_round(parts.loc["applications", "contribution"]) == 9.46    # (1344 − 927) ÷ 2205 × 100 × ½
    assert parts["contribution"].sum() == pytest.approx(change.delta, abs=1e-12)
    assert list(parts.index) == ["publicity", "applications"]                  # card order


def test_seed_changes_between_lists_the_imports_that_moved_the_figures(con):
    now = figures_for(con, AS_OF, city="naju", pledge_id="6-1-1")
    rows = changes_for(load_changes(con, SINCE, AS_OF, city="naju"), "naju", "6-1-1", now.indicators)
    assert set(rows["kind"]) == {"records", "reported"}
    counted = rows[rows["affects_rate"]].set_index("import_kind")
    assert counted.loc["applications", "records"] == 417 and counted.loc["publicity", "records"] == 3
    assert set(rows.loc[~rows["affects_rate"], "import_kind"].dropna()) == {"executions", "visits"}
    assert (rows["kind"] == "target_revision").sum() == 0


def test_target_revisions_in_the_window_are_listed(write_con):
    write_con.execute(
        "INSERT INTO target_revisions (city, pledge_id, indicator_id, period, previous_target, new_target, "
        "author, reason, revised_on) VALUES ('naju', '6-1-1', 'applications', 2025, 630, 500, 't', 'r', DATE '2024-03-01'),"
        " ('naju', '6-1-1', 'applications', 2026, 315, 300, 't', 'r', DATE '2024-07-01')")
    rows = changes_for(load_changes(write_con, SINCE, AS_OF, "naju", "6-1-1"), "naju", "6-1-1")
    revisions = rows[rows["kind"] == "target_revision"]
    assert list(revisions["new_target"]) == [500.0] and revisions["affects_rate"].all()


def frame(rates, weights=None):
    ids = list(rates)
    return pd.DataFrame({"city": "x", "pledge_id": "1", "indicator_id": ids,
                         "weight": [1.0] * len(ids) if weights is None else weights,
                         "rate": [rates[i] for i in ids]})


def pledge(rate):
    return pd.DataFrame({"city": ["x"], "pledge_id": ["1"], "rate": [rate]})


@pytest.mark.parametrize("before, now, weights, rates, expected", [
    # same indicators: (rate change) × weight share
    ({"a": 50.0, "b": 40.0}, {"a": 70.0, "b": 40.0}, None, (45.0, 55.0), {"a": 10.0, "b": 0.0}),
    # unequal weights 3 : 1
    ({"a": 0.0, "b": 0.0}, {"a": 40.0, "b": 80.0}, [3.0, 1.0], (0.0, 50.0), {"a": 30.0, "b": 20.0}),
    # b gains a rate: a's share halves (50 → 25), b adds ½ × 80
    ({"a": 50.0, "b": None}, {"a": 50.0, "b": 80.0}, None, (50.0, 65.0), {"a": -25.0, "b": 40.0}),
    # b loses its rate (its target became zero): a's share doubles
    ({"a": 50.0, "b": 80.0}, {"a": 50.0, "b": None}, None, (65.0, 50.0), {"a": 25.0, "b": -40.0}),
])
def test_contributions_add_up_to_the_delta(before, now, weights, rates, expected):
    parts = indicator_contributions(frame(before, weights), frame(now, weights))
    assert dict(zip(parts["indicator_id"], parts["contribution"])) == pytest.approx(expected)
    change = pledge_change(pledge(rates[0]), pledge(rates[1]), parts).iloc[0]
    assert change.delta == pytest.approx(rates[1] - rates[0])
    assert change.contributions == pytest.approx(change.delta) and change.explained


def test_indicator_only_before_is_kept_and_no_rate_before_is_not_explained():
    parts = indicator_contributions(frame({"a": 50.0, "old": 20.0}), frame({"a": 60.0}))
    assert list(parts["indicator_id"]) == ["a", "old"]
    assert parts["contribution"].sum() == pytest.approx(60.0 - 35.0)
    change = pledge_change(pledge(None), pledge(60.0), indicator_contributions(frame({"a": None}), frame({"a": 60.0})))
    assert pd.isna(change.iloc[0]["delta"]) and not change.iloc[0]["explained"]
