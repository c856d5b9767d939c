"""data/dialect.py: one migration text, DuckDB's and PostgreSQL's dialects (the PostgreSQL side
runs in tests/pg/test_migrations.py)."""
from __future__ import annotations

import re

import pytest

from data import dialect
from data.store import migrations


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


@pytest.mark.parametrize("version, path", migrations(), ids=lambda v: getattr(v, "name", str(v)))
def test_every_migration_translates(version, path):
    """Each migration reads in both dialects: DuckDB runs the file as written; PostgreSQL's text
    has no DuckDB-only words left in its code."""
    text = path.read_text(encoding="utf-8")
    assert dialect.to_duckdb(text) == text
    code = re.sub(r"--[^\n]*|'(?:[^']|'')*'|\$\$.*?\$\$", "", dialect.to_postgres(text), flags=re.S)
    assert not re.search(r"\bDOUBLE\b(?!\s+PRECISION)|//|DEFAULT\s+\[\]", code)


def test_a_duckdb_block_is_code_to_duckdb_and_left_out_of_postgresql():
    text = ("CREATE TABLE a (x INTEGER);\n-- @duckdb: why\nCREATE TABLE b_new (x DOUBLE);\nDROP TABLE b;\n"
            "-- @end\nSELECT 1;\n-- @postgresql\n-- SELECT 2;\n-- @end\n")
    assert dialect.to_duckdb(text) == text
    assert dialect.to_postgres(text) == "CREATE TABLE a (x INTEGER);\nSELECT 1;\nSELECT 2;\n"
