"""A DuckLake whose catalog is a PostgreSQL database and whose data are Parquet files in a folder,
opened by DuckDB (its ducklake and postgres extensions, loaded offline from their pinned pip
packages): for the comparison of bench/ducklake.py and bench/lake_writers.py."""
from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

FIGURES = ("pledges", "indicators", "periods", "original", "budget", "forecast", "pledge_forecast")


@cache
def _install() -> None:
    """INSTALL the packaged ducklake and postgres extensions once per process (the catalog is read
    through the latter)."""
    import duckdb_extension_ducklake

    from data.postgres import extension_path, packaged_extension

    con = duckdb.connect(":memory:")
    for path in (packaged_extension(duckdb_extension_ducklake), extension_path()):
        con.execute(f"INSTALL '{path}'")
    con.close()


def lake_connect(url: str) -> duckdb.DuckDBPyConnection:
    """DuckDB with the lake whose catalog is the PostgreSQL database `url` as its default database
    (its cursors too: the named queries run on cursors)."""
    _install()
    return duckdb.connect(f"ducklake:postgres:{url}")


def copy_to_lake(source: Path, url: str, folder: Path) -> dict:
    """Every table and view of the DuckDB file `source` into a new lake (catalog `url`, Parquet files
    under `folder`): seconds, data files, bytes."""
    _install()
    con = duckdb.connect(":memory:")
    try:
        t = time.perf_counter()
        con.execute(f"ATTACH 'ducklake:postgres:{url}' AS lake (DATA_PATH '{folder}/')")
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' "
                                            "ORDER BY table_name").fetchall()]
        for table in tables:
            con.execute(f"CREATE TABLE lake.main.{table} AS SELECT * FROM src.main.{table}")
        con.execute("USE lake")
        for (sql,) in con.execute("SELECT sql FROM duckdb_views() WHERE database_name = 'src' AND NOT internal").fetchall():
            con.execute(sql)
        seconds = time.perf_counter() - t
    finally:
        con.close()
    return {"seconds": seconds, "tables": len(tables), **lake_files(folder)}


def lake_files(folder: Path) -> dict:
    """The lake's Parquet files under `folder`: data files, delete files, bytes."""
    files = list(folder.rglob("*.parquet"))
    deletes = [f for f in files if "delete" in f.name]
    return {"data_files": len(files) - len(deletes), "delete_files": len(deletes),
            "bytes": sum(f.stat().st_size for f in files)}


def same_figures(a, b) -> bool:
    """Whether two metrics.engine.Figures hold the same frames (order of rows included)."""
    for name in FIGURES:
        x, y = getattr(a, name), getattr(b, name)
        if (x is None) != (y is None):
            return False
        if x is not None:
            try:
                pd.testing.assert_frame_equal(x.reset_index(drop=True), y.reset_index(drop=True))
            except AssertionError:
                return False
    return True
