"""The PostgreSQL backend of the store: PostgreSQL holds the data (the system of record, shared by
every app server and CLI), DuckDB still runs every named query, through its `postgres`
extension (loaded offline from the pip package duckdb-extension-postgres, pinned with duckdb).

Selected by the same setting as the file store: `PLEDGE_DB=postgresql://user@host:port/db`.

How it fits the rest of data/store.py without changing the named queries:
- `connect(url)` opens DuckDB with the PostgreSQL database as its *default* database
  (`duckdb.connect('postgres:' + url)`), not `ATTACH … ; USE …`: USE holds for one connection
  only, and the store hands out `.cursor()`s (one per query or thread), which would fall back to
  DuckDB's in-memory database. DuckDB's default schema is `main`, so the store's tables live in a
  PostgreSQL schema named `main`; every unqualified table name of data/queries/ finds them.
- Migrations: DuckDB cannot create sequences or views in PostgreSQL and PostgreSQL has no
  isfinite(double) or year(date), so every migration runs natively through postgres_execute,
  turned into PostgreSQL's dialect by data/dialect.to_postgres (one text for both backends).
- `INSERT … RETURNING id` is refused by the extension ("RETURNING clause not yet supported"):
  `insert_returning` draws the id from the column's own sequence first (nextval, in the same
  PostgreSQL transaction) and inserts it explicitly.
- Writers (data.store.write_transaction): the extension opens each PostgreSQL transaction as
  REPEATABLE READ, and DuckDB runs ON CONFLICT, UPDATE and NOT EXISTS as read-then-write from its
  side, which is not atomic across processes. So every write transaction first switches its
  PostgreSQL transaction to READ COMMITTED and takes transaction-scoped advisory locks
  (`begin_write`): a write of named scopes (the cities it writes, or the accounts) takes the
  store's lock shared and each scope's lock exclusive, so writers of one city take turns while
  other cities' writers go on at the same time; a write of the whole store (a card, which may add
  a term and its periods; a rebuild of the aggregates; a migration) takes the store's lock
  exclusive and waits for every writer. Each statement after the locks sees every earlier commit of its
  scopes (the duplicate checks of an import, the "based on" check of a target revision), and a
  writer killed mid-commit releases its locks with its connection while PostgreSQL rolls its
  transaction back. Readers never wait.
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import duckdb

SCHEMES = ("postgresql://", "postgres://")
SCHEMA = "main"                 # DuckDB's default schema name: the store's tables live there
WRITE_LOCK_KEY = 0x706C6564     # 'pled': the store's advisory lock, and the first key of each scope's


def is_url(target) -> bool:
    """True for a PostgreSQL URL (postgresql://… or postgres://…)."""
    return isinstance(target, str) and target.startswith(SCHEMES)


_URL_PASSWORD = re.compile(r"(://[^:/@\s\"']*):[^\s\"']*@")       # up to the token's last @
_KEY_PASSWORD = re.compile(r"(password\s*=\s*)('[^']*'|\"[^\"]*\"|\S+)", re.IGNORECASE)


def redacted(text: str) -> str:
    """The text — a URL, or a message that holds one, as DuckDB's postgres extension writes the
    URL it could not reach — with every password replaced by ***: for messages and logs, which
    must never show the store's password."""
    return _KEY_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1:***@", text))


def error_line(err: BaseException) -> str:
    """An error's first line (its type's name when it has no text), `redacted`."""
    lines = str(err).strip().splitlines()
    return redacted(lines[0] if lines else type(err).__name__)


def packaged_extension(package) -> str:
    """The extension file of DuckDB's version inside an installed pip package of extensions
    (`duckdb_extension_<name>`; no download)."""
    found = sorted(Path(package.__file__).parent.glob(f"extensions/v{duckdb.__version__}/*.duckdb_extension"))
    if not found:
        raise RuntimeError(f"{package.__name__} has no build for DuckDB {duckdb.__version__}")
    return str(found[0])


@cache
def extension_path() -> str:
    """The postgres extension file inside the installed pip package."""
    import duckdb_extension_postgres as package

    return packaged_extension(package)


@cache
def _installed() -> None:
    """INSTALL the packaged extension once per process (copies it where DuckDB autoloads from)."""
    path = extension_path().replace("'", "''")
    duckdb.connect(":memory:").execute(f"INSTALL '{path}'")


# libpq's defaults for a server that stops answering without refusing (a network partition, a
# firewall that drops packets): by default libpq waits for ever to connect, so every page run hung
# instead of showing the outage line, and an open connection learnt of a dead peer only after two
# hours of TCP keep-alive. A setting in the URL itself wins.
CONNECTION_DEFAULTS = {"connect_timeout": "10", "keepalives_idle": "30", "keepalives_interval": "10",
                       "keepalives_count": "3"}


def with_defaults(url: str) -> str:
    """The URL with CONNECTION_DEFAULTS added as query parameters where it sets none of its own."""
    from urllib.parse import parse_qs

    given = parse_qs(url.partition("?")[2], keep_blank_values=True)
    extra = "&".join(f"{k}={v}" for k, v in CONNECTION_DEFAULTS.items() if k not in given)
    return url if not extra else url + ("&" if "?" in url else "?") + extra


def connect(url: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """DuckDB with the PostgreSQL database as its default database and the store's schema
    created when missing."""
    _installed()
    con = duckdb.connect("postgres:" + with_defaults(url), read_only=read_only)
    # One COPY per table read, so that PostgreSQL answers a pushed-down filter from an index
    # (migration 013). By default the extension splits a large table's read into page ranges
    # (`ctid BETWEEN …`), and PostgreSQL then scans each range whole: one pledge's figures read
    # all 8.6 million daily rows at 10M records. GLOBAL: the queries run on cursors, which do
    # not see a session setting.
    con.execute("SET GLOBAL pg_use_ctid_scan = false")
    if not read_only:
        run_sql(con, f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}", schema=None)
    return con


def is_postgres(con) -> bool:
    """True when the connection's default database is a PostgreSQL one."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return row is not None and row[0] == "postgres"


def catalog(con) -> str:
    return con.execute("SELECT current_database()").fetchone()[0]


def run_sql(con, text: str, schema: str | None = "") -> None:
    """Run PostgreSQL-dialect SQL in PostgreSQL (postgres_execute; inside the caller's
    transaction when one is open), with `schema` (default: the connection's current schema,
    None: leave the search path alone) first on the search path, then forget the extension's
    cached catalog so that DuckDB sees tables created or changed here."""
    if schema == "":
        schema = con.execute("SELECT current_schema()").fetchone()[0]
    if schema is not None and not re.fullmatch(r"\w+", schema):
        raise ValueError(f"not a schema name: {schema!r}")
    prefix = f"SET LOCAL search_path TO {schema}, public;\n" if schema else ""
    con.execute("CALL postgres_execute(?, ?)", [catalog(con), prefix + text])
    con.execute("CALL pg_clear_cache()")


def pg_value(con, sql: str):
    """The first value of a PostgreSQL query (postgres_query; in the caller's transaction)."""
    return con.execute("SELECT * FROM postgres_query(?, ?)", [catalog(con), sql]).fetchone()[0]


def secondary_indexes(con, schema: str) -> dict[str, str]:
    """{name: CREATE INDEX statement} of the schema's indexes that back no constraint."""
    if not re.fullmatch(r"\w+", schema):
        raise ValueError(f"not a schema name: {schema!r}")
    rows = con.execute("SELECT * FROM postgres_query(?, ?)",
                       [catalog(con), sql_file("secondary_indexes").replace("{schema}", schema)]).fetchall()
    return dict(rows)


def scope_key(scope: str) -> int:
    """The second key of a scope's advisory lock (the first is WRITE_LOCK_KEY): the name's CRC-32
    as a signed 32-bit integer. Two scopes that share a key only take turns."""
    key = zlib.crc32(scope.encode("utf-8"))
    return key - (1 << 32) if key >= 1 << 31 else key


def begin_write(cur, scopes: Iterable[str] | None = None) -> None:
    """The first statement of a write transaction (see the module notes): READ COMMITTED, then
    wait for the advisory locks. `scopes` None: the store's lock, exclusive (a write of the whole
    store waits for every writer, and every writer for it); else the store's lock shared, then each
    scope's lock (`scope_key`) exclusive, in key order (two writers never wait for each other both)."""
    locks = [f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})"] if scopes is None else [
        f"SELECT pg_advisory_xact_lock_shared({WRITE_LOCK_KEY})",
        *(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY}, {key})" for key in sorted({scope_key(s) for s in scopes}))]
    cur.execute("CALL postgres_execute(?, ?)", [
        catalog(cur), "; ".join(["SET TRANSACTION ISOLATION LEVEL READ COMMITTED", *locks])])


_RETURNING = re.compile(
    r"^\s*INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\((.*)\)\s*RETURNING\s+(\w+)\s*;?\s*$", re.S | re.I)


_DEFAULTS: dict[tuple[str, str, str], str] = {}


def _column_default(con, table: str, column: str) -> str:
    """The column's default expression (nextval('<sequence>'::regclass)), read from PostgreSQL's
    catalog once per (database, table, column)."""
    expr = _DEFAULTS.get((catalog(con), table, column))
    if expr is None:
        expr = pg_value(con, "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
                             "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
                             f"WHERE d.adrelid = '{SCHEMA}.{table}'::regclass AND a.attname = '{column}'")
        if not expr or not expr.startswith("nextval("):
            raise RuntimeError(f"{table}.{column} has no sequence default")
        _DEFAULTS[(catalog(con), table, column)] = expr
    return expr


def insert_returning(con, sql: str, params: dict):
    """Run `INSERT INTO t (cols) VALUES (…) RETURNING id` on PostgreSQL: the id drawn from its
    column's sequence default first, then inserted with the row; returns a cursor whose
    fetchone() is (id,), as RETURNING would. Other statements: None (not handled here)."""
    m = _RETURNING.match("\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--")))
    if m is None:
        return None
    table, columns, values, column = m.groups()
    if not re.fullmatch(r"\w+", table) or not re.fullmatch(r"\w+", column):
        return None
    new_id = pg_value(con, f"SELECT {_column_default(con, table, column)}")
    con.execute(f"INSERT INTO {table} ({column}, {columns}) VALUES ($__new_id, {values})",
                {**params, "__new_id": new_id})
    return con.execute("SELECT $__new_id::BIGINT", {"__new_id": new_id})


def sql_file(name: str) -> str:
    """A PostgreSQL-dialect statement of data/queries/pg/<name>.sql (run with run_sql)."""
    return (Path(__file__).resolve().parent / "queries" / "pg" / f"{name}.sql").read_text(encoding="utf-8")
