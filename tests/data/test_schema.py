"""The store's schema and its named queries: migration 001's CHECK constraints and foreign
keys, the write paths that must keep working under them, and the named SQL files."""
from __future__ import annotations

import re

import duckdb
import pytest

from data.store import QUERIES_DIR, sql_text
from data.vocabulary import RECORD_DATE, RecordKind

EXECUTION = ("INSERT INTO executions (city, pledge_id, execution_id, executed_on, amount_krw, funding_source) "
             "VALUES ('naju', '6-1-1', $id, DATE '2024-01-02', $amount, '시비')")


def test_a_negative_amount_is_refused_by_the_store(write_con):
    with pytest.raises(duckdb.ConstraintException, match="CHECK"):
        write_con.execute(EXECUTION, {"id": "X-1", "amount": -1})


@pytest.mark.parametrize("table, column", [("reported_actuals", "value"), ("indicator_targets", "target"),
                                           ("budget_plan", "amount"), ("indicators", "weight")])
def test_nan_and_infinity_are_refused_by_the_store(write_con, table, column):
    for bad in ("nan", "inf"):
        with pytest.raises(duckdb.ConstraintException, match="CHECK"):
            write_con.execute(f"UPDATE {table} SET {column} = '{bad}'::DOUBLE")


@pytest.mark.parametrize("statement", [
    "UPDATE indicators SET weight = 0",
    "UPDATE visits SET hours = 0",
    "UPDATE applications SET applied_on = DATE '1899-12-31'",
    "UPDATE publicity SET action_date = DATE '2999-01-01'",
    "UPDATE cities SET term_end = term_start",
    "INSERT INTO periods (period, label, starts, ends) VALUES (1800, 'x', DATE '1800-01-01', DATE '1800-12-31')",
    "UPDATE imports SET rows_added = -1",
])
def test_implausible_values_are_refused_by_the_store(write_con, statement):
    with pytest.raises(duckdb.ConstraintException):
        write_con.execute(statement)


@pytest.mark.parametrize("statement", [
    "INSERT INTO pledges (city, pledge_id, title, area_no, area_name, completion, implementer, novelty, budget_type, "
    "status, department) VALUES ('nowhere', '1-1-1', 't', 1, 'a', '임기내', 'x', '신규', '예산', '정상추진', 'd')",
    "INSERT INTO reported_actuals (city, pledge_id, indicator_id, period, value, reported_on) "
    "VALUES ('nowhere', '6-1-1', 'i', 2024, 1, DATE '2024-01-02')",
    "INSERT INTO import_warnings (import_id, rule, message) VALUES (999999, 'r', 'm')",
])
def test_foreign_keys_to_cities_and_imports(write_con, statement):
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):
        write_con.execute(statement)


@pytest.mark.parametrize("table", ["applications", "visits", "publicity", "executions"])
def test_the_bulk_record_tables_have_no_key_indexes_on_the_file(con, table):
    """Migration 010: their keys (unique natural key, city and import id known) are kept by the
    import (data/imports/keys.py; tests/test_import_keys.py), not by ART indexes."""
    kinds = {k for (k,) in con.execute("SELECT constraint_type FROM duckdb_constraints() WHERE table_name = ?",
                                       [table]).fetchall()}
    assert kinds == {"CHECK", "NOT NULL"}
    assert con.execute("SELECT count(*) FROM duckdb_indexes() WHERE table_name = ?", [table]).fetchone()[0] == 0


def test_a_valid_row_is_accepted(write_con):
    write_con.execute(EXECUTION, {"id": "X-3", "amount": 0})
    assert write_con.execute("SELECT count(*) FROM executions WHERE execution_id = 'X-3'").fetchone()[0] == 1


def test_the_constraints_are_in_the_built_store(con):
    found = dict(con.execute("""SELECT constraint_type, count(*) FROM duckdb_constraints()
                                WHERE constraint_type IN ('CHECK', 'FOREIGN KEY') GROUP BY ALL""").fetchall())
    assert found["CHECK"] >= 40 and found["FOREIGN KEY"] >= 4


# --- named queries ------------------------------------------------------------------------------

SQL_FILES = sorted(QUERIES_DIR.rglob("*.sql"))


@pytest.mark.parametrize("path", SQL_FILES, ids=[p.relative_to(QUERIES_DIR).as_posix() for p in SQL_FILES])
def test_inserts_name_their_columns(path):
    text = sql_text(path.relative_to(QUERIES_DIR).with_suffix("").as_posix())
    for match in re.finditer(r"INSERT\s+INTO\s+(\{?\w+\}?)\s*(\S)", text, re.IGNORECASE):
        assert match.group(2) == "(", f"{path.name}: INSERT INTO {match.group(1)} without a column list"


@pytest.mark.parametrize("kind", list(RecordKind))
def test_queries_over_records_use_the_vocabulary_date_column(kind):
    """Every query that reads a record table by date uses data.vocabulary.RECORD_DATE's column
    (the one definition of which date places a record in time)."""
    for path in SQL_FILES:
        text = path.read_text(encoding="utf-8")
        if re.search(rf"FROM\s+{kind.value}\b", text) and re.search(r"<=\s*\$as_of|year\(|date_trunc|max\(", text):
            assert RECORD_DATE[kind] in text, f"{path.name} reads {kind.value} by date without {RECORD_DATE[kind]}"


def test_the_target_in_force_is_defined_once():
    """revisions_in_force.sql holds the one definition of the revision in force; targets_in_force.sql
    (included by current_targets.sql) and indicator_periods.sql (over the stored grid's card
    targets) include it."""
    defining = [p.name for p in SQL_FILES if "arg_max(new_target" in p.read_text(encoding="utf-8")]
    assert defining == ["revisions_in_force.sql"]
    for name, included in (("targets_in_force.sql", "revisions_in_force"), ("current_targets.sql", "targets_in_force"),
                           ("indicator_periods.sql", "revisions_in_force")):
        assert "{{" + included + "}}" in (QUERIES_DIR / name).read_text(encoding="utf-8")
