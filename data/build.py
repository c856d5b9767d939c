"""Building the store from the files in data/: the pledge cards (data/cards/*.yaml) and the
record files (data/records/<city>/<kind>[.demo].csv), atomically.

Sits above the store, the card writer and the import (it loads record files through the same
import as an upload), so none of them needs it: no cycle. `open_store` here is the store's
`open_store` that also builds a missing file.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from data import store
from data.authority import SYSTEM
from data.cardfile import load_card
from data.cards import insert_card
from data.imports import commit, prepare
from data.store import CARDS_DIR, RECORDS_DIR, StoreError, connect, default_db_path, migrate

__all__ = ["CARDS_DIR", "RECORDS_DIR", "build", "building", "load_record_dir", "open_store"]


def open_store(path: str | Path | None = None, build_if_missing: bool = True) -> duckdb.DuckDBPyConnection:
    """Connect to a migrated store; build it from data/ first when the file does not exist
    (or say how to, when `build_if_missing` is false)."""
    path = Path(path) if path else default_db_path()
    if not path.exists() and build_if_missing:
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
    path = Path(path) if path else default_db_path()
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
