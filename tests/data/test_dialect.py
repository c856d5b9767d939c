"""data/dialect.py: one migration text, DuckDB's and PostgreSQL's dialects (the PostgreSQL side
runs in tests/pg/test_migrations.py)."""
from __future__ import annotations

import re

import duckdb
import pytest

from data import dialect
from data.store import migrations

REBUILD = """-- @rebuild
CREATE TABLE t (
    id INTEGER PRIMARY KEY,          -- a comment, with a comma
    level INTEGER NOT NULL DEFAULT 1 CHECK (level IN (1, 2)),
    amount DECIMAL(10, 2) CHECK (amount >= 0),
    CHECK (amount < 1000)
);
-- @end
"""


@pytest.mark.parametrize("duckdb_text, postgres_text", [
    ("x DOUBLE,", "x DOUBLE PRECISION,"),
    ("x DOUBLE PRECISION,", "x DOUBLE PRECISION,"),
    ("x double NOT NULL", "x DOUBLE PRECISION NOT NULL"),
    ("DOUBLES DOUBLE", "DOUBLES DOUBLE PRECISION"),
    ("details TEXT[] NOT NULL DEFAULT [],", "details TEXT[] NOT NULL DEFAULT '{}',"),
    ("SELECT (year(d) - 1998) // 4", "SELECT (year(d) - 1998) / 4"),
    ("SELECT 'DOUBLE // []'", "SELECT 'DOUBLE // []'"),                 # strings stay
    ("SELECT 'it''s DOUBLE'", "SELECT 'it''s DOUBLE'"),
    ("x INTEGER -- a DOUBLE, see http://x", "x INTEGER -- a DOUBLE, see http://x"),  # comments stay
    ("AS $$ SELECT 1 // 2 $$", "AS $$ SELECT 1 // 2 $$"),               # function bodies stay
])
def test_postgres_words(duckdb_text, postgres_text):
    assert dialect.to_postgres(duckdb_text) == postgres_text
    assert dialect.to_duckdb(duckdb_text) == duckdb_text


def test_a_postgresql_block_is_comments_to_duckdb_and_code_to_postgresql():
    text = "CREATE TABLE a (x INTEGER);\n-- @postgresql: why\n-- CREATE FUNCTION f() RETURNS INTEGER\n--\n--     AS $$ SELECT 1 $$;\n-- @end\nSELECT 1;\n"
    assert dialect.to_duckdb(text) == text
    assert dialect.to_postgres(text) == ("CREATE TABLE a (x INTEGER);\nCREATE FUNCTION f() RETURNS INTEGER\n\n"
                                         "    AS $$ SELECT 1 $$;\nSELECT 1;\n")


def test_a_postgresql_block_line_must_be_commented_out():
    with pytest.raises(ValueError, match="commented out"):
        dialect.to_postgres("-- @postgresql\nCREATE FUNCTION f();\n-- @end\n")


def test_tables_and_columns_of_a_rebuild_block():
    [(name, body)] = dialect.tables(REBUILD.split("\n", 1)[1].rsplit("-- @end", 1)[0])
    assert name == "t"
    assert "comma" not in body                                  # comments left out
    assert dialect.columns(body) == ["id", "level", "amount"]   # not CHECK, nor the commas inside ( )


def test_a_rebuild_block_holds_only_create_table():
    with pytest.raises(ValueError, match="only CREATE TABLE"):
        dialect.to_duckdb("-- @rebuild\nCREATE TABLE t (x INTEGER);\nDROP TABLE u;\n-- @end\n")


def test_duckdb_rebuild_steps():
    steps = [s.strip() for s in dialect.to_duckdb(REBUILD).split(";") if s.strip()]
    assert steps[0].startswith("CREATE TABLE t_new (\n    id INTEGER PRIMARY KEY,")
    assert steps[1:] == ["INSERT INTO t_new BY NAME SELECT * FROM t", "DROP TABLE t", "ALTER TABLE t_new RENAME TO t"]


def test_postgres_rebuild_steps():
    steps = [s.strip() for s in dialect.to_postgres(REBUILD).split(";") if s.strip()]
    assert steps[0] == "CREATE TEMPORARY TABLE t_rows AS SELECT * FROM t"
    assert steps[1] == "DROP TABLE t"
    assert steps[2].startswith("CREATE TABLE t (\n")
    assert steps[3:] == ["INSERT INTO t (id, level, amount) SELECT id, level, amount FROM t_rows", "DROP TABLE t_rows"]


def test_duckdb_rebuild_keeps_the_rows_and_adds_the_constraints():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE t (id INTEGER, level INTEGER, amount DECIMAL(10, 2))")
    con.execute("INSERT INTO t VALUES (1, 2, 3.5), (2, 1, 0)")
    con.execute(dialect.to_duckdb(REBUILD))
    assert con.execute("SELECT * FROM t ORDER BY id").fetchall() == [(1, 2, 3.5), (2, 1, 0)]
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO t VALUES (3, 3, 1)")


@pytest.mark.parametrize("version, path", migrations(), ids=lambda v: getattr(v, "name", str(v)))
def test_every_migration_translates(version, path):
    """Each migration reads in both dialects: DuckDB's text differs from the file only by its
    rebuild blocks; PostgreSQL's has no DuckDB-only words left in its code."""
    text = path.read_text(encoding="utf-8")
    ours = dialect.to_duckdb(text)
    assert (ours == text) == ("-- @rebuild" not in text)
    code = re.sub(r"--[^\n]*|'(?:[^']|'')*'|\$\$.*?\$\$", "", dialect.to_postgres(text), flags=re.S)
    assert not re.search(r"\bDOUBLE\b(?!\s+PRECISION)|//|DEFAULT\s+\[\]", code)
