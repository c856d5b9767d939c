"""data.store: migrations, the build from files, the log-date parser, the lock message; on both
backends (the embedded DuckDB file and PostgreSQL)."""
import datetime as dt

import pandas as pd
import pytest

from data.build import build, open_store
from data.__main__ import main as data_main
from data.cards import parse_log_date
from data.store import StoreError, connect, migrate, migrations, query, query_arrow, query_arrow_all, schema_version
from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures: each test once per backend)

pytestmark = pytest.mark.both_backends


def test_build_migrates_to_the_latest_version(con):
    assert schema_version(con) == migrations()[-1][0]


def test_migrate_is_idempotent(write_con):
    version = schema_version(write_con)
    assert migrate(write_con) == version


def test_build_loads_card_and_records(con):
    counts = dict(con.execute("""
        SELECT 'applications', count(*) FROM applications UNION ALL SELECT 'publicity', count(*) FROM publicity
        UNION ALL SELECT 'executions', sum(amount_krw) FROM executions UNION ALL SELECT 'pledges', count(*) FROM pledges
    """).fetchall())
    assert counts == {"applications": 1344, "publicity": 11, "executions": 83_000_000, "pledges": 1}
    assert con.execute("SELECT bool_and(synthetic) FROM imports").fetchone()[0] is True


def test_every_card_block_is_stored(con):
    blocks = dict(con.execute("SELECT block, count(*) FROM pledge_texts GROUP BY block").fetchall())
    assert blocks == {"overview": 12, "plan": 2, "effect": 2}
    assert con.execute("SELECT count(*) FROM progress_log").fetchone()[0] == 21
    assert con.execute("SELECT count(*) FROM milestones").fetchone()[0] == 5
    assert con.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
    assert con.execute("SELECT sum(amount) FROM budget_plan").fetchone()[0] == 504


def test_rebuild_replaces_the_file(tmp_path):
    path = tmp_path / "p.duckdb"
    build(path)
    build(path)
    c = connect(path)
    try:
        assert c.execute("SELECT count(*) FROM applications").fetchone()[0] == 1344
    finally:
        c.close()


@pytest.mark.parametrize("text, expected", [
    ("2022. 7.", (dt.date(2022, 7, 1), dt.date(2022, 7, 31))),
    ("2022. 9.~12.", (dt.date(2022, 9, 1), dt.date(2022, 12, 31))),
    ("2023. 1.~", (dt.date(2023, 1, 1), None)),
    ("2023. 1.~2.", (dt.date(2023, 1, 1), dt.date(2023, 2, 28))),
    ("2023. 12.", (dt.date(2023, 12, 1), dt.date(2023, 12, 31))),
    ("연중", (None, None)),
])
def test_parse_log_date(text, expected):
    assert parse_log_date(text) == expected


def test_query_binds_parameters(con):
    frame = query(con, "pledges", city="naju", pledge_id="6-1-1'; DROP TABLE pledges; --")
    assert frame.empty
    assert query(con, "pledges", city=None, pledge_id="6-1-1")["title"].tolist() == ["출산 전·후 지원 돌봄서비스 제공"]


def test_query_arrow_all_gives_each_query_s_own_frame(con):
    """The queries run side by side give the frames each gives alone (on both backends)."""
    params = {"as_of": dt.date(2024, 5, 31), "city": None, "pledge_id": None}
    calls = {"periods": ("indicator_periods", params), "pledges": ("pledges", params),
             "budget": ("budget_by_year", params), "terms": ("periods", {}),
             "one": ("pledges", {**params, "pledge_id": "6-1-1"})}
    frames = query_arrow_all(con, calls)
    assert list(frames) == list(calls)
    for key, (name, p) in calls.items():
        pd.testing.assert_frame_equal(frames[key], query_arrow(con, name, **p))
    assert frames["one"]["title"].tolist() == ["출산 전·후 지원 돌봄서비스 제공"]


def test_query_arrow_all_raises_a_failing_query_s_error(con):
    params = {"as_of": dt.date(2024, 5, 31), "city": None, "pledge_id": None}
    with pytest.raises(Exception, match="(?i)conversion|convert|invalid|date"):
        query_arrow_all(con, {"pledges": ("pledges", params),
                              "bad": ("indicator_periods", {**params, "as_of": "not a date"})})
    assert query_arrow(con, "pledges", **params)["pledge_id"].tolist() == ["6-1-1"]   # the connection still works


def test_missing_file_without_build(tmp_path):
    with pytest.raises(StoreError, match="데이터베이스 파일이 없습니다"):
        open_store(tmp_path / "none.duckdb", build_if_missing=False)


@pytest.mark.postgres
def test_build_into_postgres_makes_a_fresh_schema(pg_cluster):
    url = pg_cluster.create_database("build_cli")
    c = connect(url)
    c.execute("CREATE TABLE applications (junk INTEGER)")     # a stale store: replaced whole
    c.close()
    assert data_main(["build", "--db", url]) == 0
    c = connect(url)
    try:
        assert schema_version(c) == migrations()[-1][0]
        assert c.execute("SELECT count(*), count(DISTINCT application_id) FROM applications").fetchone() == (1344, 1344)
        assert c.execute("SELECT sum(amount) FROM budget_plan").fetchone()[0] == 504
    finally:
        c.close()
