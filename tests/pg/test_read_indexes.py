"""On PostgreSQL, what one pledge's work reads from the large tables is one pledge's rows, found by
an index (migration 013, data/postgres.connect, the bounds of data/aggregates.py and
data/imports/kinds.py): its figures as of a day inside a month, its records pages, and an import
of its records with the undo. Every COPY DuckDB's extension sends for a large table must carry a
filter, and PostgreSQL must be able to answer that filter from an index (with sequential scans
disabled, a plan that still scans the table means no index fits: the pushed filters compare text
with COLLATE "C"). At 10M records the same work read whole tables: 3-4 s for the figures, 32 s
for an import of 1,000 rows.
"""
from __future__ import annotations

import datetime as dt
import re

import pytest

from data import imports
from data.authority import SYSTEM
from data.store import StoreURL, connect, query_arrow
from metrics.engine import figures_for

pytestmark = pytest.mark.postgres

LARGE = {"applications", "visits", "publicity", "executions", "daily_actuals", "monthly_totals", "yearly_totals",
         "indicator_grid", "budget_grid", "record_spans"}
COPY = re.compile(r'^COPY \((SELECT .* FROM "main"\."(\w+)"(.*))\) TO STDOUT \(FORMAT "binary"\);$', re.M)
CITY, PLEDGE = "naju", "6-1-1"
INSIDE_A_MONTH = dt.date(2024, 5, 15)


def applications_csv(rows: int = 50) -> bytes:
    lines = ["공약번호,신청번호,신청일,대상자ID,읍면동,임신주수,출산예정일,결정"]
    for i in range(rows):
        day = dt.date(2024, 3, 4) + dt.timedelta(days=i)
        lines.append(f"{PLEDGE},IDX-{i:04d},{day},IDX-P-{i:04d},빛가람동,{24 + i % 10},{day + dt.timedelta(days=120)},승인")
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture
def sent(pg_cluster, pg_seed, capfd):
    """Run `work(con)` on a copy of the seed with the extension printing what it sends; return
    the (table, select) of every COPY read of a large table."""
    def run(work) -> list[tuple[str, str]]:
        con = connect(StoreURL(pg_cluster.copy_database(pg_seed, "read_indexes")))
        try:
            con.execute("SET GLOBAL pg_debug_show_queries = true")
            capfd.readouterr()
            work(con)
            con.execute("SET GLOBAL pg_debug_show_queries = false")
        finally:
            con.close()
        text = capfd.readouterr().err
        return [(m.group(2), m.group(1)) for m in COPY.finditer(text) if m.group(2) in LARGE]
    return run


def assert_indexed(pg_cluster, reads: list[tuple[str, str]]) -> None:
    assert reads, "nothing was read from the large tables: the capture found no COPY"
    whole = sorted({table for table, select in reads if " WHERE " not in select})
    assert not whole, f"read whole: {whole}"
    for table, select in reads:
        plan = pg_cluster.psql(f"SET enable_seqscan = off; EXPLAIN {select}", database="read_indexes")
        assert "Seq Scan" not in plan, f"{table}: no index answers\n{select}\n{plan}"


def test_the_connection_reads_each_table_in_one_copy(pg_cluster, pg_seed):
    con = connect(StoreURL(pg_cluster.url(pg_seed)), read_only=True)
    try:   # a cursor (the queries' own) sees it too: a session SET would not reach them
        assert con.cursor().execute("SELECT current_setting('pg_use_ctid_scan')").fetchone()[0] is False
    finally:
        con.close()


def test_one_pledges_figures_inside_a_month_read_its_rows_by_index(pg_cluster, sent):
    reads = sent(lambda con: figures_for(con, INSIDE_A_MONTH, CITY, PLEDGE))
    assert {"daily_actuals", "monthly_totals", "indicator_grid", "budget_grid"} <= {t for t, _ in reads}
    assert_indexed(pg_cluster, reads)


def test_one_pledges_records_read_its_rows_by_index(pg_cluster, sent):
    def records(con):
        for name in ("records_applications", "records_visits", "records_publicity", "records_executions"):
            query_arrow(con, name, as_of=INSIDE_A_MONTH, city=CITY, pledge_id=PLEDGE, year=None)
    reads = sent(records)
    assert {"applications", "visits", "publicity", "executions"} <= {t for t, _ in reads}
    assert_indexed(pg_cluster, reads)


def test_an_import_and_its_undo_read_the_touched_rows_by_index(pg_cluster, sent):
    outcome = {}

    def import_and_undo(con):
        prepared = imports.prepare(con, applications_csv(), "신청.csv", city=CITY)
        assert prepared.ok, prepared.headline()
        summary = imports.commit(con, prepared, SYSTEM)
        outcome["added"] = summary.rows_added
        imports.undo(con, summary.import_id, SYSTEM)
    reads = sent(import_and_undo)
    assert outcome["added"] == 50
    assert {"applications", "daily_actuals", "monthly_totals", "yearly_totals"} <= {t for t, _ in reads}
    assert_indexed(pg_cluster, reads)
