"""The record tables' keys, kept by the import on the DuckDB file (migration 010 took their
primary-key and foreign-key indexes away: writing them was most of an import's cost).

- `check_incoming`: inside the import's transaction, before the insert, the rows to insert are
  checked in DuckDB, set-based: their cities are in `cities`, their import ids in `imports`,
  and no natural key repeats among them. Keys already stored are left out by the insert's
  anti-join (data/queries/imports/insert_records.sql); one writer at a time (the store's write
  lock) makes that anti-join see every earlier import.
- `key_problems`: the same rules over whole tables, one Korean line per broken rule: for a
  consistency check of the store.
  (PostgreSQL keeps its keys and constraints: these two do not run there.)
- `key_bounds`, `any_stored_in_range` (both stores): the incoming rows' first and last city,
  pledge and record number, which bound every read of a record table by their keys, and whether
  any stored record lies inside them (when none does, no key join is needed).
"""
from __future__ import annotations

import pandas as pd

from data import postgres
from data.formats import FORMATS
from data.imports.findings import ImportRefused
from data.store import sql_template
from data.vocabulary import RecordKind

# The record tables migration 010 left without key indexes on the DuckDB file.
UNINDEXED = (RecordKind.APPLICATIONS, RecordKind.VISITS, RecordKind.PUBLICITY, RecordKind.EXECUTIONS)
LABELS = {RecordKind.APPLICATIONS: "신청", RecordKind.VISITS: "서비스 제공", RecordKind.PUBLICITY: "홍보",
          RecordKind.EXECUTIONS: "집행"}


def natural_key(kind: RecordKind) -> list[str]:
    """(city, pledge_id, the kind's record id): what makes a record one record."""
    return ["city", "pledge_id", *FORMATS[kind].key]


def enforced_by_import(con, kind: RecordKind) -> bool:
    """Whether the import keeps this table's keys itself (the DuckDB file's unindexed tables)."""
    return kind in UNINDEXED and not postgres.is_postgres(con)


def check_incoming(con, kind: RecordKind) -> None:
    """Refuse the registered `incoming_rows` (ImportRefused, one Korean line; the caller's
    transaction then rolls back) when a city or an import id is unknown or a key repeats."""
    key = ", ".join(natural_key(kind))
    cities, imports, repeated = con.execute(sql_template("imports/incoming_key_problems", key=key)).fetchone()
    if repeated:            # fewer distinct key hashes than rows: count the repeats exactly
        repeated = con.execute(sql_template("imports/incoming_repeated_keys", key=key)).fetchone()[0]
    if cities or imports:
        raise ImportRefused(f"{LABELS[kind]} 기록의 시군 또는 가져오기 번호가 저장소에 없습니다 — 가져오지 않았습니다")
    if repeated:
        raise ImportRefused(f"{LABELS[kind]} 기록 {repeated:,}건의 번호가 가져올 행 안에서 겹칩니다 — 가져오지 않았습니다")


def key_problems(con) -> list[str]:
    """One Korean line per record table and broken rule (empty when every key holds)."""
    lines = []
    for kind in UNINDEXED:
        repeated, cities, imports = con.execute(sql_template(
            "imports/record_key_problems", table=kind.value, key=", ".join(natural_key(kind)))).fetchone()
        label = f"{LABELS[kind]} 기록({kind.value})"
        if repeated:
            lines.append(f"{label}: 같은 번호(시군·공약번호·{FORMATS[kind].column(FORMATS[kind].key[-1]).header})가 두 번 이상 저장된 기록 {repeated:,}건")
        if cities:
            lines.append(f"{label}: 등록되지 않은 시군의 기록 {cities:,}행")
        if imports:
            lines.append(f"{label}: 가져오기 기록에 없는 가져오기 번호를 가진 행 {imports:,}행")
    return lines


def key_bounds(rows, record_id: str | None = None) -> dict:
    """The first and last city and pledge_id of rows (a frame or an Arrow table; all None when there
    are none): every read of a record table by the rows' keys is bounded by them, a filter DuckDB
    pushes down, so that on PostgreSQL it reads one pledge's rows by an index (migration 013)
    instead of the whole table (10M records: seconds a read). With `record_id`, that column's
    first and last value too (id_lo, id_hi: `any_stored_in_range`)."""
    import pyarrow.compute as pc

    bounds = {}
    for column, name in (("city", "city"), ("pledge_id", "pledge"), *([(record_id, "id")] if record_id else [])):
        if isinstance(rows, pd.DataFrame):
            values = rows[column].dropna()
            low, high = (values.min(), values.max()) if len(values) else (None, None)
        else:
            found = pc.min_max(rows.column(column))
            low, high = found["min"].as_py(), found["max"].as_py()
        bounds.update({f"{name}_lo": low, f"{name}_hi": high})
    if None in bounds.values():
        return dict.fromkeys(bounds)
    return bounds


def any_stored_in_range(con, kind: RecordKind, rows) -> bool:
    """Whether any stored record of `kind` lies inside the rows' ranges of city, pledge and record
    number (imports/count_in_key_range). False: none of the rows' natural keys is stored, without
    the key join (a new month's file, numbered after the stored records)."""
    record_id = FORMATS[kind].key[0]
    bounds = key_bounds(rows, record_id)
    if None in bounds.values():
        return True
    return con.execute(sql_template("imports/count_in_key_range", table=kind.value, record_id=record_id),
                       bounds).fetchone()[0] > 0
