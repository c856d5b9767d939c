"""The DuckDB store, the bottom of data/: where the file lives, its schema migrations, the one
write transaction, and the named queries in data/queries/.

Two backends behind one setting ($PLEDGE_DB): a file path is the embedded DuckDB file (the
zero-setup default); a postgresql:// URL is a PostgreSQL database that DuckDB queries through its
postgres extension (data/postgres.py: why and how). The same named queries run on both.

Nothing above this module is imported here (the build lives in data/build.py, the card
writer in data/cards.py, the import in data/imports/). Nothing opens a connection on import.
`open_store()` connects to an existing store and migrates it (data.build.open_store also
builds a missing one); `StoreError` carries a Korean one-line message.
"""
from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from data import dialect, postgres

DATA_DIR = Path(__file__).resolve().parent
CARDS_DIR = DATA_DIR / "cards"
RECORDS_DIR = DATA_DIR / "records"
MIGRATIONS_DIR = DATA_DIR / "migrations"
QUERIES_DIR = DATA_DIR / "queries"
DEFAULT_DB = DATA_DIR / "pledges.duckdb"
DB_ENV = "PLEDGE_DB"


class StoreError(RuntimeError):
    """A store problem a user can act on; str() is a one-line Korean message."""


class StoreUnreachable(StoreError):
    """The PostgreSQL server of a postgresql:// store did not answer (down, restarting, refusing)."""


# What a store out of reach raises: at connect time StoreUnreachable, afterwards DuckDB's own
# errors (the postgres extension's message names the URL, password included: data.postgres.error_line).
UNREACHABLE = (duckdb.IOException, duckdb.ConnectionException, StoreUnreachable)


class StoreURL(str):
    """A PostgreSQL URL where a database path is expected: `resolve()` is itself (a cache key) and
    `exists()` is true (the server answers when connecting)."""

    def resolve(self) -> StoreURL:
        return self

    def exists(self) -> bool:
        return True


def location(value: str | Path | None) -> Path | StoreURL | None:
    """A --db value or $PLEDGE_DB: a StoreURL for postgresql://…, else a Path (None stays None)."""
    if value is None or value == "":
        return None
    return StoreURL(value) if postgres.is_url(str(value)) else Path(value)


def default_db_path() -> Path | StoreURL:
    """The database: $PLEDGE_DB when set (a file path or a postgresql:// URL), else data/pledges.duckdb."""
    return location(os.environ.get(DB_ENV)) or DEFAULT_DB


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file (or the PostgreSQL database of a postgresql:// URL), turning a lock
    held by another process or an unreachable server into a StoreError."""
    if postgres.is_url(str(path)):
        try:
            return postgres.connect(str(path), read_only=read_only)
        except duckdb.Error as err:     # the extension's message names the URL, password included
            raise StoreUnreachable(f"PostgreSQL 데이터베이스에 연결할 수 없습니다: {postgres.redacted(str(path))} "
                                   f"({postgres.error_line(err)})") from None
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        text = str(err)
        if "lock" in text.lower():
            raise StoreError(
                f"데이터베이스 파일을 다른 프로그램(대시보드 등)이 사용 중입니다: {path} — 그 프로그램을 닫거나 대시보드에서 작업하세요"
            ) from None
        raise StoreError(f"데이터베이스 파일을 열 수 없습니다: {path} ({text.splitlines()[0]})") from None


def open_store(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """Connect to an existing store and migrate it; a missing file is a StoreError (use
    data.build.open_store to build it from data/ first)."""
    path = location(path) or default_db_path()
    if not path.exists():
        raise StoreError(f"데이터베이스 파일이 없습니다: {path} — 'python -m data build'로 만드세요")
    con = connect(path)
    migrate(con)
    return con


# --- schema ---------------------------------------------------------------------------------

def migrations() -> list[tuple[int, Path]]:
    """The migration files, as (version, path), in order."""
    found = []
    for p in MIGRATIONS_DIR.glob("*.sql"):
        m = re.match(r"(\d+)_", p.name)
        if m:
            found.append((int(m.group(1)), p))
    return sorted(found)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied to this store (0 for an empty file)."""
    if not postgres.is_postgres(con):
        con.execute(sql_text("store/create_schema_version"))
    return con.execute(sql_text("store/schema_version")).fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations newer than the store's version, each in its own transaction, in the
    backend's dialect (data/dialect.py: one text for both). On PostgreSQL each one holds the
    writers' lock (two servers starting at once migrate once) and runs natively through
    postgres_execute (see data/postgres.py)."""
    on_pg = postgres.is_postgres(con)
    if on_pg:
        postgres.run_sql(con, sql_text("store/create_schema_version"))
    current = schema_version(con)
    for version, path in migrations():
        if version <= current:
            continue
        text = path.read_text(encoding="utf-8")
        con.execute("BEGIN")
        try:
            if on_pg:
                postgres.begin_write(con)
                if schema_version(con) >= version:     # another process migrated while we waited
                    con.execute("COMMIT")
                    current = version
                    continue
                postgres.run_sql(con, dialect.to_postgres(text))
            else:
                con.execute(dialect.to_duckdb(text))
            con.execute(sql_text("store/record_migration"), {"version": version})
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


# On a DuckDB file, one writer at a time inside this process (the app shares one connection across
# sessions), so a writer's checks see every earlier write. On PostgreSQL the writers of every
# process, this one's sessions included, take turns scope by scope instead (advisory locks,
# data/postgres.begin_write): two sessions of one server write two cities at the same time.
WRITE_LOCK = threading.Lock()
ACCOUNTS = "@accounts"      # the scope of a write of accounts and roles (never a city's code: no @ in one)


@contextmanager
def write_transaction(con: duckdb.DuckDBPyConnection,
                      scopes: Iterable[str] | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside one transaction: committed when the block ends, rolled back (nothing
    written) when it raises. On a DuckDB file under WRITE_LOCK; on PostgreSQL under the store's
    advisory locks (data/postgres.begin_write): `scopes` names what the transaction writes and
    checks — the cities whose rows it writes, ACCOUNTS, or none (it only appends to the action
    log) — so that writers of other scopes go on at the same time; None (the default) takes the
    whole store."""
    cur = con.cursor()
    try:
        on_pg = postgres.is_postgres(cur)
        with nullcontext() if on_pg else WRITE_LOCK:
            cur.execute("BEGIN TRANSACTION")
            try:
                if on_pg:
                    postgres.begin_write(cur, None if scopes is None else tuple(scopes))
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                try:
                    cur.execute("ROLLBACK")
                except duckdb.Error:        # a failed COMMIT has already ended the transaction
                    pass
                raise
    finally:
        cur.close()


# --- queries --------------------------------------------------------------------------------

_INCLUDE = re.compile(r"\{\{\s*([\w/]+)\s*\}\}")
_OPTIONAL = re.compile(r"\$(\w+)\s+[A-Z]+\|NULL")


@cache
def sql_text(name: str) -> str:
    """The text of data/queries/<name>.sql (`name` may hold a folder: 'cards/insert_pledge').

    `{{other}}` in a query stands for the text of data/queries/other.sql (one definition of a
    question reused inside another, e.g. the target in force inside indicator_periods)."""
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return _INCLUDE.sub(lambda m: _included(m.group(1)), text)


def _included(name: str) -> str:
    """A query's text for inclusion: without its header comments (their parameter notes belong
    to that query) and without a final semicolon."""
    lines = [line for line in sql_text(name).splitlines() if not line.lstrip().startswith("--")]
    return "\n".join(lines).strip().rstrip(";")


_PART = re.compile(r"^[\w.,' ()=<>]+$")


def sql_template(name: str, **parts: str) -> str:
    """The named query with its `{part}` placeholders (table and column names that come from the
    vocabulary and the formats, never from user input) filled in; values are still bound."""
    text = sql_text(name)
    for key, value in parts.items():
        if not _PART.match(value):
            raise ValueError(f"not an identifier list: {value!r}")
        text = text.replace("{" + key + "}", value)
    return text


@cache
def optional_params(name: str) -> frozenset[str]:
    """The parameters the query's header declares as `$name TYPE|NULL`: bound to NULL when not given."""
    return frozenset(_OPTIONAL.findall(sql_text(name)))


def bind(name: str, params: dict) -> dict:
    """The parameters the named query uses: the ones given, and NULL for its optional ones."""
    text = sql_text(name)
    used = {k: None for k in optional_params(name)}
    used.update(params)
    return {k: v for k, v in used.items() if re.search(rf"\${k}\b", text)}


def execute(con, name: str, /, **params):
    """Run a named statement (insert, update, delete, DDL) with its parameters bound; returns the
    cursor (on PostgreSQL an `INSERT … RETURNING id` goes through postgres.insert_returning)."""
    text = sql_text(name)
    if "RETURNING" in text and postgres.is_postgres(con):
        done = postgres.insert_returning(con, text, bind(name, params))
        if done is not None:
            return done
    return con.execute(text, bind(name, params))


def execute_many(con, name: str, rows: list[dict]) -> None:
    """Run a named statement once per row of named parameters (nothing when `rows` is empty)."""
    if rows:
        con.executemany(sql_text(name), [bind(name, row) for row in rows])


def query(con: duckdb.DuckDBPyConnection, name: str, /, **params) -> pd.DataFrame:
    """Run the named query with its parameters bound (never formatted in); return a DataFrame."""
    return con.cursor().execute(sql_text(name), bind(name, params)).df()


def query_arrow_all(con: duckdb.DuckDBPyConnection, calls: dict[str, tuple[str, dict]]) -> dict[str, pd.DataFrame]:
    """Several named queries at once: {key: (name, params)} -> {key: query_arrow(con, name, **params)}.
    Each runs on its own cursor (made here, in the caller's thread) in its own worker thread, side by
    side: DuckDB releases the GIL while it executes, so the small queries of a recompute overlap
    instead of queueing. Each query is its own read, as query_arrow's are. An error of any query is
    raised here, after all have finished."""
    from concurrent.futures import ThreadPoolExecutor

    if len(calls) < 2:
        return {key: query_arrow(con, name, **params) for key, (name, params) in calls.items()}
    cursors = {key: con.cursor() for key in calls}
    try:
        with ThreadPoolExecutor(max_workers=min(len(calls), 4), thread_name_prefix="query") as pool:
            futures = {key: pool.submit(query_arrow, cursors[key], name, **params)
                       for key, (name, params) in calls.items()}
        return {key: future.result() for key, future in futures.items()}
    finally:
        for cursor in cursors.values():
            cursor.close()


def query_arrow(con: duckdb.DuckDBPyConnection, name: str, /, **params) -> pd.DataFrame:
    """`query`, fetched through Arrow (about half the fetch time of `.df()` on large results) and
    given the same dtypes and values as `.df()`: dates and timestamps as datetime64[us], integers
    and booleans with NULLs as pandas nullable types, text columns without any value as object
    columns of None. Other types (lists, decimals, …) fall back to `query`."""
    import pyarrow as pa
    import pyarrow.types as pat

    table = con.cursor().execute(sql_text(name), bind(name, params)).to_arrow_table()
    simple = (pat.is_string, pat.is_large_string, pat.is_integer, pat.is_floating, pat.is_boolean,
              pat.is_date32, pat.is_timestamp)
    if not all(any(test(f.type) for test in simple) for f in table.schema):
        return query(con, name, **params)
    nullable = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
                pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype()}
    frame = table.to_pandas(date_as_object=False)
    for f, column in zip(table.schema, table.columns):
        if pat.is_date32(f.type) or pat.is_timestamp(f.type):
            if f.type.__class__ is pa.TimestampType and f.type.tz is not None:
                return query(con, name, **params)
            frame[f.name] = frame[f.name].astype("datetime64[us]")
        elif f.type in nullable and column.null_count:
            frame[f.name] = pd.array(column.to_pylist() if column.null_count == len(column) else frame[f.name],
                                     dtype=nullable[f.type])
        elif (pat.is_string(f.type) or pat.is_large_string(f.type)) and column.null_count == len(column):
            frame[f.name] = pd.Series([None] * len(column), index=frame.index, dtype=object)
    return frame
