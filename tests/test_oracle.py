"""Correctness at scale: the plain pandas implementation (bench/pandas_impl.py) is an oracle for
the product's figures on a generated national data set, compared pledge by pledge."""
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from bench import pandas_impl
from data.national import generate, record_count
from data.store import connect
from metrics.portfolio import by_city
from metrics.rates import RatePolicy
from metrics.engine import figures_for

pytestmark = pytest.mark.slow     # generates national data sets (tens of thousands of records)


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    path = generate(tmp_path_factory.mktemp("national") / "national.duckdb", records=20_000, cities=3, quiet=True)
    con = connect(path, read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def tables(national):
    return pandas_impl.read_tables(national)


def test_the_generated_set_is_synthetic_and_sized(national):
    assert 19_000 <= record_count(national) <= 21_000
    assert national.execute("SELECT bool_and(synthetic) FROM pledges").fetchone()[0]
    assert national.execute("SELECT bool_and(synthetic) FROM cities").fetchone()[0]
    assert national.execute("SELECT count(*) FROM cities WHERE city NOT LIKE 'syn-%'").fetchone()[0] == 0
    assert national.execute("SELECT count(*) FROM applications WHERE person_id NOT LIKE 'SYN-%'").fetchone()[0] == 0
    per_city = national.execute("SELECT count(*) FROM pledges GROUP BY city").fetchall()
    assert len(per_city) == 3 and all(95 <= n <= 105 for (n,) in per_city)
    kinds = {s for (s,) in national.execute("SELECT DISTINCT source FROM indicators").fetchall()}
    assert kinds == {"publicity", "applications", "visits", "executions", "reported"}
    assert national.execute("SELECT count(*) FROM target_revisions").fetchone()[0] > 0


def test_generation_is_deterministic(tmp_path, national):
    again = generate(tmp_path / "again.duckdb", records=20_000, cities=3, quiet=True)
    con = connect(again, read_only=True)
    try:
        for table, order in (("applications", "city, pledge_id, application_id"), ("indicator_targets", "ALL"),
                             ("executions", "city, pledge_id, execution_id"), ("pledges", "city, pledge_id")):
            sql = f"SELECT * EXCLUDE (import_id) FROM {table} ORDER BY {order}" if table in ("applications", "executions") \
                else f"SELECT * FROM {table} ORDER BY {order}"
            pd.testing.assert_frame_equal(con.execute(sql).df(), national.execute(sql).df())
    finally:
        con.close()


def _close(ours: pd.Series, theirs: pd.Series) -> np.ndarray:
    a, b = ours.astype(float).to_numpy(), theirs.astype(float).to_numpy()
    return (np.isnan(a) & np.isnan(b)) | np.isclose(a, b, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("as_of, cap", [
    (dt.date(2025, 12, 31), True),
    (dt.date(2025, 3, 15), True),       # after the target revisions, mid-year
    (dt.date(2024, 12, 31), False),     # before the revisions, uncapped
    (dt.date(2022, 6, 30), True),       # before the term: nothing begun
])
def test_oracle_agrees_pledge_by_pledge(national, tables, as_of, cap):
    ours = figures_for(national, as_of, policy=RatePolicy(cap=cap))
    oracle = pandas_impl.compute(tables, as_of, cap)

    key = ["city", "pledge_id", "indicator_id"]
    ind = ours.indicators.merge(oracle["indicators"], on=key, how="outer", suffixes=("", "_oracle"), indicator=True)
    assert (ind["_merge"] == "both").all()
    for col in ("target_total", "actual_to_date", "rate"):
        bad = ind[~_close(ind[col], ind[f"{col}_oracle"])]
        assert bad.empty, f"{col} differs:\n{bad[key + [col, col + '_oracle']].head()}"

    pledges = ours.pledges.merge(oracle["pledges"], on=["city", "pledge_id"], how="outer", suffixes=("", "_oracle"))
    assert len(pledges) == len(ours.pledges) == len(oracle["pledges"])
    bad = pledges[~_close(pledges["rate"], pledges["rate_oracle"])]
    assert bad.empty, f"pledge rates differ:\n{bad[['city', 'pledge_id', 'rate', 'rate_oracle']].head()}"
    if as_of > dt.date(2022, 7, 1):
        assert pledges["rate"].notna().sum() > 250          # the comparison is not vacuous

    cities = by_city(ours.pledges).merge(oracle["cities"], on="city", suffixes=("", "_oracle"))
    assert len(cities) == 3
    for col in ("completion_rate", "average_progress", "in_term_rate", "no_data", "pledges"):
        assert _close(cities[col], cities[f"{col}_oracle"]).all(), col
    assert cities["no_data"].sum() == ours.pledges["rate"].isna().sum()


def test_oracle_agrees_on_the_other_figures(national, tables):
    as_of = dt.date(2025, 3, 15)
    ours = figures_for(national, as_of)
    oracle = pandas_impl.compute(tables, as_of)
    key = ["city", "pledge_id", "indicator_id"]
    ind = ours.indicators.merge(oracle["indicators"], on=key, suffixes=("", "_oracle"))
    assert len(ind) == len(ours.indicators)
    assert _close(ind["expected_rate"], ind["expected_rate_oracle"]).all()
    orig = ours.original.merge(oracle["original"], on=key, suffixes=("", "_oracle"))
    assert _close(orig["rate"], orig["rate_oracle"]).all() and _close(orig["target_total"], orig["target_total_oracle"]).all()
    assert (orig["target_total"] != ind["target_total"]).any()     # revisions make a difference here

    pledges = ours.pledges.merge(oracle["pledges"], on=["city", "pledge_id"], suffixes=("", "_oracle"))
    for col in ("expected_rate", "original_rate"):
        assert _close(pledges[col], pledges[f"{col}_oracle"]).all(), col
    assert (pd.to_datetime(pledges["data_until"]) == pd.to_datetime(pledges["data_until_oracle"])).all()
    assert (pledges["suggested_status"] == pledges["suggested_status_oracle"]).all()

    bkey = ["city", "pledge_id", "phase", "year", "funding_source"]
    budget = ours.budget.merge(oracle["budget"], on=bkey, how="outer", suffixes=("", "_oracle"), indicator=True)
    assert (budget["_merge"] == "both").all()
    assert _close(budget["planned"], budget["planned_oracle"]).all()
    assert _close(budget["executed"], budget["executed_oracle"]).all()

    periods = ours.periods.merge(oracle["periods"], on=key + ["period"], suffixes=("", "_oracle"))
    assert len(periods) == len(ours.periods)
    for col in ("target", "original_target", "actual", "actual_cumulative"):
        assert _close(periods[col], periods[f"{col}_oracle"]).all(), col
