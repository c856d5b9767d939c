"""The aggregates kept at write time (data/aggregates.py, migrations 006, 008 and 009): after any sequence of
imports, undos and card writes they equal a rebuild from the records and the cards, the check finds a
planted difference, and the figures read from them equal the figures counted from the records."""
from __future__ import annotations

import datetime as dt
import random

import pandas as pd
import pytest

from data import aggregates, imports
from data.aggregates_cli import run as cli_run
from data.authority import SYSTEM
from data.store import write_transaction
from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures: the marked tests run on both backends)

HEADERS = {
    "applications": "공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정",
    "publicity": "공약번호,홍보번호,홍보일,매체,내용",
    "executions": "공약번호,집행번호,집행일,집행액(원),재원,적요",
    "visits": "공약번호,제공번호,신청번호,대상자ID,제공일,제공시간,서비스",
}
FUNDING = ["국비", "도비", "시비", "기타"]


def _csv(kind: str, rng: random.Random, tag: str, n: int, overlap: list[str]) -> bytes:
    """A small records file of `kind`: n new rows on random days of 2023-2024 (a few on one day),
    plus rows whose ids repeat an earlier file's (present already: not added again)."""
    lines = [HEADERS[kind]]
    ids = [f"AGG-{tag}-{i:04d}" for i in range(n)] + overlap
    for rid in ids:
        day = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 700) // 3 * 3)
        if kind == "applications":
            lines.append(f"6-1-1,{rid},{day},AGG-P-{rng.randrange(50):03d},빛가람동,{rng.randrange(5, 30)},"
                         f"{day + dt.timedelta(days=120)},승인")
        elif kind == "publicity":
            lines.append(f"6-1-1,{rid},{day},누리집,합성 홍보")
        elif kind == "executions":
            lines.append(f"6-1-1,{rid},{day},{rng.randrange(1, 5_000_000)},{rng.choice(FUNDING)},합성 집행")
        else:
            lines.append(f"6-1-1,{rid},AGG-A-{rng.randrange(50):03d},AGG-P-{rng.randrange(50):03d},{day},3,청소")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _tables(con) -> tuple[pd.DataFrame, ...]:
    return tuple(con.execute(f"SELECT * FROM {table} ORDER BY ALL").df()
                 for table in ("daily_actuals", "monthly_totals", "yearly_totals", "record_spans",
                               "indicator_grid", "budget_grid"))


@pytest.mark.both_backends
def test_the_built_store_has_aggregates_equal_to_the_records(con):
    assert con.execute("SELECT count(*) FROM daily_actuals").fetchone()[0] > 0
    assert aggregates.differences(con).empty


def test_incremental_equals_rebuild_after_random_imports_and_undos(write_con):
    rng = random.Random(13)
    done: list[int] = []
    seen: dict[str, list[str]] = {k: [] for k in HEADERS}
    for step in range(14):
        if done and rng.random() < 0.35:
            imports.undo(write_con, done.pop(rng.randrange(len(done))), SYSTEM)
        else:
            kind = rng.choice(list(HEADERS))
            data = _csv(kind, rng, f"{step}", rng.randrange(1, 40), rng.sample(seen[kind], min(3, len(seen[kind]))))
            prepared = imports.prepare(write_con, data, f"agg-{step}-{kind}.csv", city="naju")
            assert prepared.ok, prepared.headline()
            summary = imports.commit(write_con, prepared, SYSTEM)
            done.append(summary.import_id)
            seen[kind] += [f"AGG-{step}-{i:04d}" for i in range(3)]
        assert aggregates.differences(write_con).empty, f"step {step}"
    incremental = _tables(write_con)
    with write_transaction(write_con) as cur:
        aggregates.rebuild(cur)
    rebuilt = _tables(write_con)
    for a, b in zip(incremental, rebuilt):
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.both_backends
def test_an_undo_of_everything_leaves_the_aggregates_of_the_build(write_con):
    before = _tables(write_con)
    rng = random.Random(7)
    ids = []
    for kind in HEADERS:
        prepared = imports.prepare(write_con, _csv(kind, rng, kind, 25, []), f"{kind}.csv", city="naju")
        ids.append(imports.commit(write_con, prepared, SYSTEM).import_id)
    assert not _tables(write_con)[0].equals(before[0])
    assert aggregates.differences(write_con).empty
    for import_id in reversed(ids):
        imports.undo(write_con, import_id, SYSTEM)
    for a, b in zip(_tables(write_con), before):
        pd.testing.assert_frame_equal(a, b)


def test_a_failed_import_leaves_the_aggregates_untouched(write_con, monkeypatch):
    before = _tables(write_con)
    prepared = imports.prepare(write_con, _csv("applications", random.Random(3), "x", 10, []), "x.csv", city="naju")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("data.imports.log.log_action", broken)
    with pytest.raises(RuntimeError):
        imports.commit(write_con, prepared, SYSTEM)
    for a, b in zip(_tables(write_con), before):
        pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("plant, expected", [
    ("UPDATE daily_actuals SET records = records + 1 WHERE day = (SELECT min(day) FROM daily_actuals)", "일별"),
    ("DELETE FROM monthly_totals WHERE month = (SELECT max(month) FROM monthly_totals)", "월별"),
    ("UPDATE yearly_totals SET last_day = last_day - 1 WHERE year = 2023", "2023(연도별)"),
    ("INSERT INTO yearly_totals SELECT * FROM yearly_totals WHERE year = 2024 LIMIT 1", "같은 행이 2개"),
    ("INSERT INTO daily_actuals (city, pledge_id, source, funding_source, day, records, amount_krw) "
     "VALUES ('naju', '6-1-1', 'executions', '국비', DATE '2024-02-03', 2, 5000)", "2024-02-03(일별)"),
    ("UPDATE record_spans SET last_day = last_day + 1", "부터(기록 기간)"),
    ("UPDATE record_spans SET records = records + 1", "(기록 기간): 저장된 집계"),
    ("DELETE FROM record_spans", "(기록 기간): 저장된 집계 없음"),
    ("INSERT INTO record_spans SELECT * FROM record_spans LIMIT 1", "같은 행이 2개"),
    ("UPDATE indicator_grid SET year_records = year_records + 1 WHERE period = 2023 AND year_records > 0", "2023(지표별)"),
    ("UPDATE indicator_grid SET original_target = coalesce(original_target, 0) + 1 WHERE period = 2024", "카드 값"),
    ("DELETE FROM indicator_grid WHERE period = 2025", "2025(지표별): 저장된 집계 없음"),
    ("UPDATE budget_grid SET planned = planned + 1 WHERE year = 2024", "2024(투자 계획별)"),
    ("UPDATE budget_grid SET planned = planned + 1 WHERE phase = 'before'", "임기 전(투자 계획별)"),
    ("DELETE FROM budget_grid WHERE year = 2023", "2023(투자 계획별): 저장된 집계 없음"),
])
def test_the_check_catches_a_planted_difference(write_con, db_copy, plant, expected, capsys):
    write_con.execute(plant)
    lines = aggregates.difference_lines(aggregates.differences(write_con))
    assert lines and all(line.startswith("집계 차이 — naju 공약 ") for line in lines)
    assert any(expected in line for line in lines)
    write_con.close()
    args = type("Args", (), {"action": "check", "db": str(db_copy)})
    assert cli_run(args) == 1
    assert expected in capsys.readouterr().out
    args.action = "rebuild"
    assert cli_run(args) == 0
    args.action = "check"
    assert cli_run(args) == 0
    assert "일치합니다" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.both_backends
def test_a_card_write_and_delete_keep_the_grid(write_con):
    """A card written again (its targets changed, an indicator dropped) or deleted leaves the
    grid equal to a rebuild, and indicator_periods reads the card's new targets."""
    from data.cardfile import load_card
    from data.cards import delete_card, insert_card
    from data.store import CARDS_DIR, query

    card = load_card(CARDS_DIR / "naju-6-1-1.yaml")
    first, *rest = card.indicators
    changed = first.model_copy(update={"targets": {y: t + 7 for y, t in first.targets.items()}})
    with write_transaction(write_con) as cur:
        insert_card(cur, card.model_copy(update={"indicators": [changed, *rest[:-1]]}), "changed.yaml")
    assert aggregates.differences(write_con).empty
    periods = query(write_con, "indicator_periods", as_of="2024-05-31", city="naju", pledge_id="6-1-1")
    assert set(periods["indicator_id"]) == {i.id for i in [changed, *rest[:-1]]}
    mine = periods[periods["indicator_id"] == first.id].set_index("period")["original_target"]
    assert all(mine[y] == t for y, t in changed.targets.items())
    plan = write_con.execute("SELECT count(*) FROM budget_grid WHERE pledge_id = '6-1-1' AND planned IS NOT NULL").fetchone()[0]
    assert plan == write_con.execute("SELECT count(*) FROM budget_plan WHERE pledge_id = '6-1-1'").fetchone()[0] > 0
    with write_transaction(write_con) as cur:
        delete_card(cur, "naju", "6-1-1")
    assert write_con.execute("SELECT count(*) FROM indicator_grid WHERE pledge_id = '6-1-1'").fetchone()[0] == 0
    assert write_con.execute("SELECT count(*) FROM budget_grid WHERE pledge_id = '6-1-1' AND planned IS NOT NULL").fetchone()[0] == 0
    assert aggregates.differences(write_con).empty


RECORD_QUERIES = {   # the record-scanning form of each figure, as the queries read before issue 13
    "publicity": ("action_date", "count(*)::DOUBLE"), "applications": ("applied_on", "count(*)::DOUBLE"),
    "visits": ("visit_date", "count(*)::DOUBLE"), "executions": ("executed_on", "sum(amount_krw) / 1e6"),
}


# Dates on both sides of July (the as-of year read to the date, or whole less what lies after
# it: indicator_periods.sql), at a year's first and last day, at month ends and inside a month.
AS_OF_DATES = ["2022-12-31", "2023-06-15", "2024-05-31", "2024-05-07", "2025-01-01", "2024-06-30", "2024-07-01",
               "2023-09-14", "2024-02-29"]


@pytest.mark.parametrize("as_of", AS_OF_DATES)
@pytest.mark.both_backends
def test_actuals_from_the_aggregates_equal_the_records(con, as_of):
    """indicator_periods' and monthly actuals' record figures equal a scan of the records, at
    month ends and inside a month (the as-of month read from the daily rows), before and from July."""
    from data.store import query

    periods = query(con, "indicator_periods", as_of=as_of, city=None, pledge_id=None)
    monthly = query(con, "monthly_actuals_all", as_of=as_of, city=None, pledge_id=None)
    inds = con.execute("SELECT city, pledge_id, indicator_id, source FROM indicators").df()
    for source, (day, value) in RECORD_QUERIES.items():
        scan = con.execute(f"SELECT city, pledge_id, year({day}) AS period, {value} AS v FROM {source} "
                           f"WHERE {day} <= ? GROUP BY ALL", [as_of]).df()
        got = periods.merge(inds[inds["source"] == source], on=["city", "pledge_id", "indicator_id"])
        got = got[got["starts"] <= pd.Timestamp(as_of)].merge(scan, on=["city", "pledge_id", "period"], how="left")
        assert (got["actual"] == got["v"].fillna(0)).all(), source
        months = con.execute(f"SELECT city, pledge_id, date_trunc('month', {day})::DATE AS month, {value} AS v "
                             f"FROM {source} WHERE {day} <= ? GROUP BY ALL", [as_of]).df()
        months = months.merge(inds.loc[inds["source"] == source, ["city", "pledge_id"]].drop_duplicates())
        mine = monthly.merge(inds[inds["source"] == source], on=["city", "pledge_id", "indicator_id"])
        both = mine.merge(months, on=["city", "pledge_id", "month"], how="outer")
        assert len(both) == len(months) == len(mine) and (both["value"] == both["v"]).all(), source



PACE = {   # per record kind: its date column and its window figure from the records (first $1: the window's first day)
    "publicity": ("action_date", "count(*) FILTER (WHERE action_date >= ?)::DOUBLE"),
    "applications": ("applied_on", "count(*) FILTER (WHERE applied_on >= ?)::DOUBLE"),
    "visits": ("visit_date", "count(*) FILTER (WHERE visit_date >= ?)::DOUBLE"),
    "executions": ("executed_on", "coalesce(sum(amount_krw) FILTER (WHERE executed_on >= ?), 0) / 1e6"),
}


@pytest.mark.both_backends
@pytest.mark.parametrize("as_of", [*AS_OF_DATES, "2021-12-31"])
@pytest.mark.parametrize("window", [12, 3, 18])
def test_pace_and_budget_from_the_aggregates_equal_the_records(con, as_of, window):
    """record_pace (first month, window total) and budget_by_year's executions, read from whole
    years less what lies after the as-of date, equal a scan of the records."""
    from data.store import query

    pace = query(con, "record_pace", as_of=as_of, pace_window=window, city=None, pledge_id=None)
    budget = query(con, "budget_by_year", as_of=as_of, city=None, pledge_id=None)
    start = (pd.Timestamp(as_of).to_period("M") - (window - 1)).to_timestamp().date()
    inds = con.execute("SELECT city, pledge_id, indicator_id, source FROM indicators WHERE source <> 'reported'").df()
    scans = [con.execute(f"SELECT city, pledge_id, '{source}' AS source, date_trunc('month', min({day}))::DATE AS first, "
                         f"{figure} AS w FROM {source} WHERE {day} <= ? GROUP BY ALL", [start, as_of]).df()
             for source, (day, figure) in PACE.items()]
    scan = inds.merge(pd.concat(scans), on=["city", "pledge_id", "source"])
    both = pace.merge(scan, on=["city", "pledge_id", "indicator_id"], how="outer")
    assert len(both) == len(pace) == len(scan) and len(pace) > 0 or as_of == "2021-12-31"
    assert (both["first_month"] == pd.to_datetime(both["first"])).all()
    assert (both["window_total"] == both["w"]).all()
    spent = con.execute("SELECT city, pledge_id, year(executed_on) AS year, funding_source, sum(amount_krw) / 1e6 AS v "
                        "FROM executions WHERE executed_on <= ? GROUP BY ALL", [as_of]).df()
    term = budget[budget["phase"] == "term"].merge(spent, on=["city", "pledge_id", "year", "funding_source"], how="outer")
    assert term["executed"].notna().all() and (term["executed"] == term["v"].fillna(0)).all()


@pytest.mark.both_backends
def test_data_until_from_the_record_spans_equals_the_records(con):
    """pledges' data_until (the card's 기준일 or the newest record, read from record_spans and the
    reported actuals) equals the newest record day of a scan of the record tables."""
    from data.store import query

    pledges = query(con, "pledges", city=None, pledge_id=None)
    newest = con.execute("SELECT city, pledge_id, max(d) AS d FROM ("
                         + " UNION ALL ".join(f"SELECT city, pledge_id, {day} AS d FROM {source}"
                                              for source, (day, _) in PACE.items())
                         + " UNION ALL SELECT city, pledge_id, reported_on FROM reported_actuals) GROUP BY ALL").df()
    both = pledges.merge(newest, on=["city", "pledge_id"], how="left")
    expected = pd.concat([pd.to_datetime(both["printed_as_of"]), pd.to_datetime(both["d"])], axis=1).max(axis=1)
    assert both["d"].notna().any()
    until = pd.to_datetime(both["data_until"])
    assert ((until == expected) | (until.isna() & expected.isna())).all()


def _in_date_order(con, table: str, column: str) -> bool:
    """Whether the table's rows, in the order a scan reads them, are in `column` order."""
    return con.execute(f"SELECT count(*) FROM (SELECT {column} AS d, lag({column}) OVER () AS before FROM {table}) "
                       "WHERE before > d").fetchone()[0] == 0


def test_the_dated_aggregates_are_kept_in_date_order(write_con):
    """Migration 012 and the rebuild write daily_actuals by day and monthly_totals by month (a read at
    an as-of date then skips the row groups of other dates), with the same rows."""
    from data.dialect import to_duckdb
    from data.store import MIGRATIONS_DIR

    before = _tables(write_con)
    with write_transaction(write_con) as cur:      # out of order: newest first
        for table, column in (("daily_actuals", "day"), ("monthly_totals", "month")):
            cur.execute(f"CREATE TEMP TABLE shuffled AS SELECT * FROM {table} ORDER BY {column} DESC")
            cur.execute(f"DELETE FROM {table}")
            cur.execute(f"INSERT INTO {table} SELECT * FROM shuffled")
            cur.execute("DROP TABLE shuffled")
    assert not _in_date_order(write_con, "daily_actuals", "day")
    assert not _in_date_order(write_con, "monthly_totals", "month")
    migration = next(MIGRATIONS_DIR.glob("012_*.sql")).read_text(encoding="utf-8")
    with write_transaction(write_con) as cur:
        cur.execute(to_duckdb(migration))
    assert _in_date_order(write_con, "daily_actuals", "day") and _in_date_order(write_con, "monthly_totals", "month")
    assert all(a.equals(b) for a, b in zip(_tables(write_con), before))
    with write_transaction(write_con) as cur:
        cur.execute("DELETE FROM daily_actuals WHERE day < DATE '2024-01-01'")   # a rebuild writes them whole, in order
        aggregates.rebuild(cur)
    assert _in_date_order(write_con, "daily_actuals", "day") and _in_date_order(write_con, "monthly_totals", "month")
    assert all(a.equals(b) for a, b in zip(_tables(write_con), before))
