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

from data.formats import FORMATS, RecordFormat

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
    con.register("incoming_rows", rows)
    try:
        on = " AND ".join(f"t.{k} = i.{k}" for k in key)
        con.execute(
            f"INSERT INTO {kind} ({', '.join(columns)}) SELECT {', '.join('i.' + c for c in columns)} "
            f"FROM incoming_rows i WHERE NOT EXISTS (SELECT 1 FROM {kind} t WHERE {on})"
        )
    finally:
        con.unregister("incoming_rows")
    return con.execute(f"SELECT count(*) FROM {kind}").fetchone()[0] - before


def read_record_file(path: Path, fmt: RecordFormat, city: str) -> pd.DataFrame:
    """Read one of the shipped record files (UTF-8 CSV, canonical Korean headers) into store columns."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    aliases = fmt.aliases()
    frame = frame.rename(columns=lambda h: aliases[h.strip().casefold()])
    for col in fmt.columns:
        if col.name not in frame:
            continue
        values = frame[col.name].str.strip().replace("", None)
        if col.kind == "date":
            frame[col.name] = pd.to_datetime(values, format="%Y-%m-%d").dt.date
        elif col.kind in ("int", "krw"):
            frame[col.name] = pd.to_numeric(values.str.replace(",", "")).astype("Int64")
        elif col.kind == "number":
            frame[col.name] = pd.to_numeric(values.str.replace(",", ""))
        else:
            frame[col.name] = values
    frame["city"] = city
    return frame


def load_record_dir(con: duckdb.DuckDBPyConnection, records_dir: Path) -> None:
    """Load every data/records/<city>/<kind>[.demo].csv, each logged as one import."""
    for city_dir in sorted(p for p in records_dir.iterdir() if p.is_dir()):
        for path in sorted(city_dir.glob("*.csv")):
            kind = path.name.split(".")[0]
            fmt = FORMATS[kind]
            frame = read_record_file(path, fmt, city_dir.name)
            synthetic = ".demo." in path.name
            import_id = con.execute(
                "INSERT INTO imports (kind, file_name, file_hash, imported_by, synthetic) VALUES (?, ?, ?, ?, ?) "
                "RETURNING import_id",
                [kind, f"{city_dir.name}/{path.name}", file_hash(path), "build", synthetic],
            ).fetchone()[0]
            added = insert_records(con, kind, frame, import_id)
            con.execute("UPDATE imports SET rows_added = ?, rows_present = ? WHERE import_id = ?",
                        [added, len(frame) - added, import_id])


def file_hash(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
