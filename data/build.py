"""Building the store from the files in data/: the pledge cards (data/cards/*.yaml) and the
record files (data/records/<city>/<kind>[.demo].csv), atomically.

Sits above the store, the card writer and the import (it loads record files through the same
import as an upload), so none of them needs it: no cycle. `open_store` here is the store's
`open_store` that also builds a missing file.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from data import postgres, store
from data.authority import SYSTEM
from data.cardfile import load_card
from data.cards import insert_card
from data.imports import commit, prepare
from data.store import (CARDS_DIR, RECORDS_DIR, StoreError, StoreURL, connect, default_db_path, location, migrate,
                        schema_version)

__all__ = ["CARDS_DIR", "RECORDS_DIR", "build", "building", "copy_to_postgres", "load_record_dir", "open_store"]


def open_store(path: str | Path | None = None, build_if_missing: bool = True) -> duckdb.DuckDBPyConnection:
    """Connect to a migrated store; build it from data/ first when the file does not exist, or
    when a PostgreSQL database holds no store yet (or say how to, when `build_if_missing` is false)."""
    path = location(path) or default_db_path()
    if isinstance(path, StoreURL) and build_if_missing:
        con = connect(path)
        try:
            empty = schema_version(con) == 0
        finally:
            con.close()
        if empty:
            build(path)
    elif not path.exists() and build_if_missing:
        build(path)
    return store.open_store(path)


@contextmanager
def building(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated, empty store, written beside `path` and moved over it only when the block
    succeeds (a failed build keeps the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    con = connect(tmp)
    try:
        migrate(con)
        yield con
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, path)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def build(path: str | Path | None = None, cards_dir: Path = CARDS_DIR, records_dir: Path = RECORDS_DIR) -> Path:
    """(Re)build the store from the card files and record files; atomic: a failed build keeps
    the old file. Each card stores its city with the card's term and seeds that term's periods."""
    path = location(path) or default_db_path()
    if isinstance(path, StoreURL):      # built as a DuckDB file first, then copied in one swap
        with tempfile.TemporaryDirectory(prefix="pledge-build-") as tmp:
            copy_to_postgres(build(Path(tmp) / "store.duckdb", cards_dir, records_dir), path)
        return path
    with building(path) as con:
        for card_path in sorted(cards_dir.glob("*.yaml")):
            insert_card(con, load_card(card_path), card_path.name)
        if records_dir.exists():
            load_record_dir(con, records_dir)
    return path


def load_record_dir(con: duckdb.DuckDBPyConnection, records_dir: Path) -> None:
    """Load every data/records/<city>/<kind>[.demo].csv through the import: validated like an
    upload, each file logged as one import by 'build'. A file that the import would refuse
    stops the build with the import's report."""
    for city_dir in sorted(p for p in records_dir.iterdir() if p.is_dir()):
        for path in sorted(city_dir.glob("*.csv")):
            kind = path.name.split(".")[0]
            prepared = prepare(con, path.read_bytes(), path.name, kind=kind, city=city_dir.name)
            if not prepared.ok:
                lines = prepared.report_lines()
                raise StoreError(" / ".join(lines[:1] + [line.strip() for line in lines[2:4]]))
            commit(con, prepared, SYSTEM, synthetic=".demo." in path.name,
                   file_label=f"{city_dir.name}/{path.name}")


BUILDING_SCHEMA = "main_building"
PARENTS = ("cities", "imports", "terms")        # the tables foreign keys point at (migrations 001 and 005)


def copy_to_postgres(source: Path, url: str) -> None:
    """Replace the store in the PostgreSQL database at `url` by the DuckDB store file `source`,
    atomically: the PostgreSQL migrations create a fresh schema beside the live one, every table
    is copied into it (COPY through the extension; the indexes that back no constraint are made
    after it) and analysed, each sequence moves past its column's largest id, and one PostgreSQL
    transaction, holding the writers' lock, drops the old schema and renames the new one (readers
    see the old store or the new one, never a half)."""
    store.open_store(source).close()        # a store file from before the newest migration: migrated first
    con = connect(url)
    try:
        postgres.run_sql(con, f"DROP SCHEMA IF EXISTS {BUILDING_SCHEMA} CASCADE; CREATE SCHEMA {BUILDING_SCHEMA}",
                         schema=None)
        db = postgres.catalog(con)
        con.execute(f'USE "{db}".{BUILDING_SCHEMA}')
        migrate(con)
        quoted = str(source).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS source (READ_ONLY)")
        theirs = con.execute("SELECT max(version) FROM source.main.schema_version").fetchone()[0]
        if schema_version(con) != theirs:
            raise StoreError(f"스키마 버전이 다릅니다: {source} ({theirs}) ≠ PostgreSQL ({schema_version(con)})")
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'source' AND table_name <> 'schema_version'"
        ).fetchall()]
        tables.sort(key=lambda name: (name not in PARENTS, name))     # foreign keys: parents first
        indexes = postgres.secondary_indexes(con, BUILDING_SCHEMA)      # made after the copy, each in one sort
        if indexes:
            postgres.run_sql(con, "; ".join(f"DROP INDEX {BUILDING_SCHEMA}.{name}" for name in indexes), schema=None)
        con.execute("BEGIN")
        for table in tables:
            con.execute(f'INSERT INTO "{db}".{BUILDING_SCHEMA}.{table} BY NAME SELECT * FROM source.main.{table}')
        con.execute("COMMIT")
        con.execute("DETACH source")
        if indexes:
            postgres.run_sql(con, "; ".join(indexes.values()), schema=None)
        postgres.run_sql(con, postgres.sql_file("advance_sequences"), schema=BUILDING_SCHEMA)
        # Statistics for the planner now, not when autovacuum comes by: with them, the first
        # reads of the new store use its indexes (migration 013).
        postgres.run_sql(con, "; ".join(f"ANALYZE {table}" for table in tables), schema=BUILDING_SCHEMA)
        postgres.run_sql(con, f"SELECT pg_advisory_xact_lock({postgres.WRITE_LOCK_KEY}); "
                              f"DROP SCHEMA IF EXISTS {postgres.SCHEMA} CASCADE; "
                              f"ALTER SCHEMA {BUILDING_SCHEMA} RENAME TO {postgres.SCHEMA}", schema=None)
    finally:
        con.close()
