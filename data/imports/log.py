"""Writing an import: `commit` (the rows and the log row in ONE write_transaction, all or
nothing), `undo` (a whole import, in one transaction), and reading the imports log.

A refused file writes nothing at all: `commit` refuses a prepared file with errors before it
opens a transaction (the database file stays byte-for-byte the same).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from data.imports.findings import ImportRefused, Prepared, Summary
from data.imports.kinds import HANDLERS, CardHandler, Logged, Progress
from data.store import execute, execute_many, query, write_transaction


def commit(con: duckdb.DuckDBPyConnection, prep: Prepared, user: str, progress: Progress | None = None,
           synthetic: bool = False, file_label: str | None = None) -> Summary:
    """Write a prepared file in one transaction and log it; refuse (writing nothing) when it has errors."""
    if not prep.ok:
        raise ImportRefused(prep.headline())
    if not user or not str(user).strip():
        raise ImportRefused("가져오는 사람의 이름을 입력하세요")
    progress = progress or (lambda fraction, text: None)
    name = file_label or prep.file_name
    handler = HANDLERS[prep.kind]
    with write_transaction(con) as cur:
        previous = handler.previous_content(cur, prep) if isinstance(handler, CardHandler) else None
        import_id = execute(
            cur, "imports/insert_import", kind=prep.kind, file_name=name, file_hash=prep.file_hash,
            imported_by=str(user).strip(), synthetic=synthetic, city=prep.city, encoding=prep.encoding,
            sheet=prep.sheet, rows_in_file=prep.rows_in_file, pledge_id=prep.pledge_id, content=prep.content,
            previous_content=previous).fetchone()[0]
        added = handler.commit(cur, prep, import_id, progress)
        execute_many(cur, "imports/insert_warning", [
            {"import_id": import_id, "row_no": p.row, "column_name": p.column, "rule": p.rule, "message": p.message}
            for p in prep.warnings])
        execute(cur, "imports/finish_import", import_id=import_id, rows_added=added,
                rows_present=prep.rows_in_file - added, warnings=prep.warning_count)
    progress(1.0, "완료")
    return Summary(import_id, prep.kind, name, added, prep.rows_in_file - added, 0, prep.warning_count)


def undo(con: duckdb.DuckDBPyConnection, import_id: int, user: str) -> int:
    """Undo one import as a whole, in one transaction: delete its records (or revert its target
    revisions, or restore the card it replaced) and mark it undone. Returns the rows removed."""
    if not user or not str(user).strip():
        raise ImportRefused("되돌리는 사람의 이름을 입력하세요")
    with write_transaction(con) as cur:
        row = execute(cur, "imports/import_row", import_id=import_id).fetchone()
        if row is None:
            raise ImportRefused(f"가져오기 #{import_id}이(가) 없습니다")
        kind, undone_at, city, pledge_id, previous, _file_name = row
        if undone_at is not None:
            raise ImportRefused(f"가져오기 #{import_id}은(는) 이미 되돌렸습니다 ({undone_at:%Y-%m-%d %H:%M})")
        removed = HANDLERS[kind].undo(cur, Logged(import_id, city, pledge_id, previous, str(user).strip()))
        execute(cur, "imports/mark_undone", import_id=import_id, user=str(user).strip())
    return removed


def import_log(con: duckdb.DuckDBPyConnection, include_build: bool = True) -> pd.DataFrame:
    """Every import, newest first (the auditors' view)."""
    log = query(con, "import_log")
    if not include_build:
        log = log[log["imported_by"] != "build"]
    return log


def import_warnings(con: duckdb.DuckDBPyConnection, import_id: int | None = None) -> pd.DataFrame:
    """Service-rule and other warnings recorded with imports (all, or one import's)."""
    return query(con, "import_warnings", import_id=import_id)
