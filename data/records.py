"""Writing records into the store, and loading the record files that ship in data/records/.

`insert_records` is the one write path for records (used by the build and by imports): it
adds the rows whose natural key is not yet present and says how many were new.
Files under data/records/<city>/ are named <kind>.csv, or <kind>.demo.csv for synthetic ones.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pandas as pd

from data.formats import FORMATS, RecordFormat, header_key
from data.reading import read_bytes, type_column

STORE_COLUMNS = {
    "applications": ["city", "pledge_id", "application_id", "applied_on", "person_id", "emd",
                     "pregnancy_week", "due_date", "decision", "import_id"],
    "visits": ["city", "pledge_id", "visit_id", "application_id", "person_id", "visit_date", "hours",
               "service", "import_id"],
    "publicity": ["city", "pledge_id", "publicity_id", "action_date", "channel", "title", "import_id"],
    "executions": ["city", "pledge_id", "execution_id", "executed_on", "amount_krw", "funding_source",
                   "description", "import_id"],
    "reported_actuals": ["city", "pledge_id", "indicator_id", "period", "value", "reported_on", "note",
                         "import_id"],
}


def insert_records(con: duckdb.DuckDBPyConnection, kind: str, frame: pd.DataFrame, import_id: int | None) -> int:
    """Insert typed rows (store column names, with city and pledge_id) that are not present yet.

    Returns the number of rows added; rows whose natural key exists already are left alone.
    The caller owns the transaction.
    """
    columns = STORE_COLUMNS[kind]
    rows = frame.copy()
    rows["import_id"] = import_id
    for col in columns:
        if col not in rows.columns:
            rows[col] = None
    rows = rows[columns]
    key = ["city", "pledge_id", *FORMATS[kind].key]
    before = con.execute(f"SELECT count(*) FROM {kind}").fetchone()[0]
    con.register("incoming_rows", as_arrow(rows))
    try:
        on = " AND ".join(f"t.{k} = i.{k}" for k in key)
        con.execute(
            f"INSERT INTO {kind} ({', '.join(columns)}) SELECT {', '.join('i.' + c for c in columns)} "
            f"FROM incoming_rows i WHERE NOT EXISTS (SELECT 1 FROM {kind} t WHERE {on})"
        )
    finally:
        con.unregister("incoming_rows")
    return con.execute(f"SELECT count(*) FROM {kind}").fetchone()[0] - before


def as_arrow(frame: pd.DataFrame):
    """The frame as an Arrow table for DuckDB to scan (much faster than object columns of Python
    dates and strings); the frame itself when pyarrow cannot convert a column."""
    import pyarrow as pa

    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return frame


def read_record_file(path: Path, fmt: RecordFormat, city: str) -> pd.DataFrame:
    """Read a record file (CSV or XLSX, any accepted encoding and header) into typed store
    columns, with the same reader and typing as the import (data/reading.py); no validation."""
    table = read_bytes(Path(path).read_bytes(), Path(path).name)
    mapping = fmt.header_map()
    frame = pd.DataFrame(index=table.frame.index)
    for header in table.headers:
        name = mapping.get(header_key(header))
        if name is None:
            raise ValueError(f"{Path(path).name}: 알 수 없는 열입니다: '{header}'")
        frame[name], _ = type_column(table.frame[header], fmt.column(name).kind)
    frame["city"] = city
    return frame


def load_record_dir(con: duckdb.DuckDBPyConnection, records_dir: Path) -> None:
    """Load every data/records/<city>/<kind>[.demo].csv through the import (data/importer.py):
    validated like an upload, each file logged as one import by 'build'. A file that the import
    would refuse stops the build with the import's report."""
    from data.importer import commit, prepare  # the importer sits on top of this module
    from data.store import StoreError

    for city_dir in sorted(p for p in records_dir.iterdir() if p.is_dir()):
        for path in sorted(city_dir.glob("*.csv")):
            kind = path.name.split(".")[0]
            prepared = prepare(con, path.read_bytes(), path.name, kind=kind, city=city_dir.name)
            if not prepared.ok:
                lines = prepared.report_lines()
                raise StoreError(" / ".join(lines[:1] + [line.strip() for line in lines[2:4]]))
            commit(con, prepared, user="build", synthetic=".demo." in path.name,
                   file_label=f"{city_dir.name}/{path.name}")


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
