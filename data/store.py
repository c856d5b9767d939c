"""The DuckDB store: where the file lives, its schema migrations, building it from the files
in data/, and running the named queries in data/queries/.

Nothing here opens a connection on import. `open_store()` returns a connection to a migrated
store (building it from data/ on first use); `StoreError` carries a Korean one-line message.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from data.cardfile import Card, load_card

DATA_DIR = Path(__file__).resolve().parent
CARDS_DIR = DATA_DIR / "cards"
RECORDS_DIR = DATA_DIR / "records"
MIGRATIONS_DIR = DATA_DIR / "migrations"
QUERIES_DIR = DATA_DIR / "queries"
DEFAULT_DB = DATA_DIR / "pledges.duckdb"
DB_ENV = "PLEDGE_DB"

TERM_START = dt.date(2022, 7, 1)   # 민선 8기
TERM_END = dt.date(2026, 6, 30)


class StoreError(RuntimeError):
    """A store problem a user can act on; str() is a one-line Korean message."""


def default_db_path() -> Path:
    """The database file: $PLEDGE_DB when set, else data/pledges.duckdb."""
    return Path(os.environ.get(DB_ENV) or DEFAULT_DB)


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, turning a lock held by another process into a StoreError."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as err:
        text = str(err)
        if "lock" in text.lower():
            raise StoreError(
                f"데이터베이스 파일을 다른 프로그램(대시보드 등)이 사용 중입니다: {path} — 그 프로그램을 닫거나 대시보드에서 작업하세요"
            ) from None
        raise StoreError(f"데이터베이스 파일을 열 수 없습니다: {path} ({text.splitlines()[0]})") from None


def open_store(path: str | Path | None = None, build_if_missing: bool = True) -> duckdb.DuckDBPyConnection:
    """Connect to a migrated store; build it from data/ first when the file does not exist."""
    path = Path(path) if path else default_db_path()
    if not path.exists():
        if not build_if_missing:
            raise StoreError(f"데이터베이스 파일이 없습니다: {path} — 'python -m data build'로 만드세요")
        build(path)
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
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations newer than the store's version, each in its own transaction."""
    current = schema_version(con)
    for version, path in migrations():
        if version <= current:
            continue
        con.execute("BEGIN")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version VALUES (?, current_timestamp)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


# One writer at a time inside this process (the app shares one connection across sessions),
# so a writer's checks see every earlier write.
WRITE_LOCK = threading.Lock()


@contextmanager
def write_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor inside one transaction, under WRITE_LOCK: committed when the block ends, rolled
    back (nothing written) when it raises."""
    with WRITE_LOCK:
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            yield cur
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
        finally:
            cur.close()


# --- queries --------------------------------------------------------------------------------

@cache
def sql_text(name: str) -> str:
    """The text of data/queries/<name>.sql."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run the named query with its parameters bound (never formatted in); return a DataFrame."""
    text = sql_text(name)
    used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", text)}
    return con.cursor().execute(text, used).df()


def query_arrow(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """`query`, fetched through Arrow (about half the fetch time of `.df()` on large results) and
    given the same dtypes and values as `.df()`: dates and timestamps as datetime64[us], integers
    and booleans with NULLs as pandas nullable types, text columns without any value as object
    columns of None. Other types (lists, decimals, …) fall back to `query`."""
    import pyarrow as pa
    import pyarrow.types as pat

    text = sql_text(name)
    used = {k: v for k, v in params.items() if re.search(rf"\${k}\b", text)}
    table = con.cursor().execute(text, used).to_arrow_table()
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


# --- building from files --------------------------------------------------------------------

@contextmanager
def building(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A migrated store with the term's periods, written beside `path` and moved over it only
    when the block succeeds (a failed build keeps the old file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for stale in (tmp, Path(str(tmp) + ".wal")):
        stale.unlink(missing_ok=True)
    con = connect(tmp)
    try:
        migrate(con)
        seed_periods(con)
        yield con
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(tmp, path)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def build(path: str | Path | None = None, cards_dir: Path = CARDS_DIR, records_dir: Path = RECORDS_DIR) -> Path:
    """(Re)build the store from the card files and record files; atomic: a failed build keeps the old file."""
    from data.records import load_record_dir  # the record loader sits on top of this module

    path = Path(path) if path else default_db_path()
    with building(path) as con:
        for card_path in sorted(cards_dir.glob("*.yaml")):
            insert_card(con, load_card(card_path), card_path.name)
        if records_dir.exists():
            load_record_dir(con, records_dir)
    return path


def seed_periods(con: duckdb.DuckDBPyConnection) -> None:
    """The term's target periods: 2022 from the term start, 2023-2025, 2026 to the term end."""
    rows = []
    for year in range(TERM_START.year, TERM_END.year + 1):
        starts = max(dt.date(year, 1, 1), TERM_START)
        ends = min(dt.date(year, 12, 31), TERM_END)
        label = f"{year}. {ends.month}." if ends.month != 12 else str(year)
        rows.append((year, label, starts, ends))
    con.executemany("INSERT OR REPLACE INTO periods VALUES (?, ?, ?, ?)", rows)


def insert_card(con: duckdb.DuckDBPyConnection, card: Card, file_name: str) -> None:
    """Write every block of one card into the store (replacing the same pledge's card rows)."""
    key = (card.city, card.id)
    for table in ("pledge_texts", "contacts", "service_rules", "milestones", "progress_log", "budget_plan",
                  "printed_executions", "indicator_targets", "indicators", "pledges"):
        con.execute(f"DELETE FROM {table} WHERE city = ? AND pledge_id = ?", key)
    con.execute("DELETE FROM reported_actuals WHERE city = ? AND pledge_id = ? AND note = ?", [*key, CARD_NOTE])
    con.execute(
        "INSERT INTO cities VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [card.city, card.city_name, card.province, TERM_START, TERM_END, card.synthetic],
    )
    printed = card.printed
    con.execute(
        """INSERT INTO pledges VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [
            *key, card.title, card.area.number, card.area.name, card.strategy_no, card.item_no,
            card.completion, card.implementer, card.novelty, card.budget_type, card.required_budget,
            card.status, card.status_date, card.status_note, card.policy_goal, card.department, card.team,
            card.rate_note, card.milestones_note, card.investment.program if card.investment else None,
            printed.as_of if printed else None, printed.rate if printed else None,
            printed.execution_total if printed else None, file_name, card.synthetic,
        ],
    )
    texts = [(*key, "overview", i, t.level, t.label, t.text, None) for i, t in enumerate(card.overview)]
    texts += [(*key, "plan", i, 1, None, p.text, p.when) for i, p in enumerate(card.plan)]
    texts += [(*key, "effect", i, 1, None, t, None) for i, t in enumerate(card.expected_effects)]
    _insert(con, "pledge_texts", texts)
    _insert(con, "contacts", [(*key, i, c.role, c.name, c.phone) for i, c in enumerate(card.contacts)])
    _insert(con, "service_rules", [
        (*key, r.starts, r.hours_per_visit, r.visits_per_person, r.eligible_from_week) for r in card.service_rules
    ])
    _insert(con, "milestones", [
        (*key, i, m.name, m.start, m.end, m.done) for i, m in enumerate(card.milestones)
    ])
    log_rows = []
    for i, line in enumerate(card.progress_log):
        starts, ends = parse_log_date(line.date)
        log_rows.append((*key, i, line.text, line.date, starts, ends, line.details))
    _insert(con, "progress_log", log_rows)
    if card.investment:
        inv = card.investment
        plan = [(*key, "before", None, s, a) for s, a in inv.before.items()]
        plan += [(*key, "after", None, s, a) for s, a in inv.after.items()]
        plan += [(*key, "term", y, s, a) for s, by_year in inv.term.items() for y, a in by_year.items()]
        _insert(con, "budget_plan", plan)
    if printed:
        _insert(con, "printed_executions", [(*key, y, a) for y, a in printed.execution_by_year.items()])
    for i, ind in enumerate(card.indicators):
        _insert(con, "indicators", [(
            *key, ind.id, i, ind.name, ind.unit, ind.source, ind.cap, ind.weight, ind.description,
            ind.printed.rate if ind.printed else None,
        )])
        _insert(con, "indicator_targets", [(*key, ind.id, y, t) for y, t in ind.targets.items()])
        if ind.printed and printed:
            _insert(con, "reported_actuals", [
                (*key, ind.id, y, v, printed.as_of, CARD_NOTE, None) for y, v in ind.printed.actuals.items()
            ])


CARD_NOTE = "공약 관리카드 인쇄값"


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    if rows:
        marks = ", ".join("?" * len(rows[0]))
        con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)


_LOG_DATE = re.compile(r"^\s*(\d{4})\.\s*(\d{1,2})\.\s*(?:~\s*(?:(\d{4})\.\s*)?(\d{1,2})?\.?)?\s*$")


def parse_log_date(text: str) -> tuple[dt.date | None, dt.date | None]:
    """'2022. 9.~12.' -> (2022-09-01, 2022-12-31); '2023. 1.~' -> (2023-01-01, None); '2022. 7.' -> July."""
    m = _LOG_DATE.match(text)
    if not m:
        return None, None
    year, month = int(m.group(1)), int(m.group(2))
    starts = dt.date(year, month, 1)
    if "~" not in text:
        end_year, end_month = year, month
    elif m.group(4):
        end_year, end_month = int(m.group(3) or year), int(m.group(4))
    else:
        return starts, None
    next_month = dt.date(end_year + end_month // 12, end_month % 12 + 1, 1)
    return starts, next_month - dt.timedelta(days=1)
