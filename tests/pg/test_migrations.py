"""The migrations on PostgreSQL: the one DuckDB-dialect text of data/migrations/, turned into
PostgreSQL's by data/dialect.py, gives a schema with the DuckDB store's tables, columns, types,
keys and CHECKs, with the names PostgreSQL gives them."""
from __future__ import annotations

import duckdb
import pytest

from data import postgres
from data.imports import keys
from data.store import connect, migrate, migrations

pytestmark = pytest.mark.postgres

COLUMNS = ("SELECT table_name, column_index, column_name, data_type, is_nullable FROM duckdb_columns() "
           "WHERE database_name = current_database() AND schema_name = 'main' AND table_name <> 'schema_version' "
           "ORDER BY ALL")
CONSTRAINTS = ("SELECT c.relname::text, k.contype::text, count(*)::integer FROM pg_constraint k "
               "JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace = 'main'::regnamespace "
               "AND k.contype IN ('p', 'c', 'f') AND c.relname <> 'schema_version' GROUP BY 1, 2 ORDER BY 1, 2")
DUCKDB_CONSTRAINTS = {"PRIMARY KEY": "p", "CHECK": "c", "FOREIGN KEY": "f"}


def pg_rows(con, sql: str) -> list[tuple]:
    return con.execute("SELECT * FROM postgres_query(?, ?)", [postgres.catalog(con), sql]).fetchall()


@pytest.fixture(scope="module")
def migrated(pg_cluster):
    con = connect(pg_cluster.create_database("migrations"))
    assert migrate(con) == migrations()[-1][0]
    yield con
    con.close()


@pytest.fixture(scope="module")
def duck():
    con = duckdb.connect(":memory:")
    migrate(con)
    yield con
    con.close()


def test_the_tables_and_columns_are_the_duckdb_stores(migrated, duck):
    assert migrated.execute(COLUMNS).fetchall() == duck.execute(COLUMNS).fetchall()


def test_the_keys_and_checks_are_the_duckdb_stores(migrated, duck):
    """The same, but for the keys migration 010 left out of the DuckDB file's bulk record tables
    (kept there by the import, data/imports/keys.py): PostgreSQL keeps each one's primary key
    and its two foreign keys (city, import_id)."""
    ours = duck.execute(
        "SELECT table_name, constraint_type, count(*)::INTEGER FROM duckdb_constraints() "
        "WHERE constraint_type IN ('PRIMARY KEY', 'CHECK', 'FOREIGN KEY') AND table_name <> 'schema_version' "
        "GROUP BY ALL").fetchall()
    assert not [row for row in ours if row[0] in keys.UNINDEXED and row[1] != "CHECK"]
    ours += [(kind.value, k, n) for kind in keys.UNINDEXED for k, n in (("PRIMARY KEY", 1), ("FOREIGN KEY", 2))]
    assert pg_rows(migrated, CONSTRAINTS) == sorted((t, DUCKDB_CONSTRAINTS[k], n) for t, k, n in ours)


def test_the_names_are_postgresqls_for_the_tables_as_created(migrated):
    """Keys and CHECKs are named as for a table created whole (t_pkey, t_x_check, t_check,
    t_x_fkey); periods keeps the periods_new_pkey that migration 005's own rename gives it."""
    named = pg_rows(migrated, "SELECT c.relname::text, k.contype::text, k.conname::text FROM pg_constraint k "
                              "JOIN pg_class c ON c.oid = k.conrelid WHERE c.relnamespace = 'main'::regnamespace")
    assert {"cities_pkey", "cities_check", "pledges_city_fkey", "imports_rows_added_check",
            "reported_actuals_value_check"} <= {name for _, _, name in named}
    keys = {table: name for table, kind, name in named if kind == "p"}
    assert keys.pop("periods") == "periods_new_pkey"
    assert [(table, name) for table, name in keys.items() if name != table + "_pkey"] == []
    assert pg_rows(migrated, "SELECT count(*) FROM pg_class WHERE relpersistence = 't'") == [(0,)]


def test_the_checks_call_the_postgresql_isfinite(migrated):
    with pytest.raises(duckdb.Error, match="check"):
        postgres.run_sql(migrated, "INSERT INTO budget_plan (city, pledge_id, phase, funding_source, amount) "
                                   "VALUES ('x', 'y', 'term', '시비', 'NaN'::float8)")

