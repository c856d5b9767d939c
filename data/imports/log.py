"""Writing an import: `commit` (the rows and the log row in ONE write_transaction, all or
nothing), `undo` (a whole import, in one transaction), and reading the imports log.

A refused file writes nothing at all: `commit` refuses a prepared file with errors before it
opens a transaction (the database file stays byte-for-byte the same).
"""
from __future__ import annotations

import duckdb
import pandas as pd

from data.authority import Actor, log_action, log_refusal, require_import, require_undo
from data.imports.findings import ImportRefused, Prepared, Summary
from data.imports.kinds import HANDLERS, CardHandler, Logged, Progress
from data.store import execute, execute_many, query, write_transaction


def commit(con: duckdb.DuckDBPyConnection, prep: Prepared, actor: Actor, progress: Progress | None = None,
           synthetic: bool = False, file_label: str | None = None) -> Summary:
    """Write a prepared file in one transaction and log it; refuse (writing nothing) when it has
    errors, or when the actor may not import it (data.authority.require_import: Forbidden)."""
    name = file_label or prep.file_name
    if not prep.ok:     # a file with errors: nothing written, not even a log line (the file stays byte-identical)
        raise ImportRefused(prep.headline())
    pledges = prep.frame["pledge_id"].dropna().unique() if prep.frame is not None and "pledge_id" in prep.frame else []
    actor = require_import(con, actor, prep.kind, prep.city, [*pledges, *([prep.pledge_id] if prep.pledge_id else [])],
                           name)
    user = actor.login
    progress = progress or (lambda fraction, text: None)
    handler = HANDLERS[prep.kind]
    with write_transaction(con, _scopes(handler, prep.city)) as cur:
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
        log_action(cur, user, "import", name, "ok", f"가져오기 #{import_id}, {added}행 추가")
    progress(1.0, "완료")
    return Summary(import_id, prep.kind, name, added, prep.rows_in_file - added, 0, prep.warning_count)


def undo(con: duckdb.DuckDBPyConnection, import_id: int, actor: Actor) -> int:
    """Undo one import as a whole, in one transaction: delete its records (or revert its target
    revisions, or restore the card it replaced) and mark it undone. Returns the rows removed.
    Own imports only unless the actor may undo any (data.authority.require_undo: Forbidden)."""
    user = require_undo(con, actor, import_id).login
    try:
        return _undo(con, import_id, user)
    except ImportRefused as err:
        log_refusal(con, user, "undo", f"가져오기 #{import_id}", str(err))
        raise


def _scopes(handler, city) -> list[str] | None:
    """The scopes of an import's (or its undo's) transaction (data.store.write_transaction): its
    city; a card's, or an import without a city, the whole store (a card may add a term and its
    periods, which every city shares)."""
    return [city] if isinstance(city, str) and not isinstance(handler, CardHandler) else None


def _undo(con: duckdb.DuckDBPyConnection, import_id: int, user: str) -> int:
    known = query(con, "imports/import_row", import_id=import_id)      # its kind and city never change
    scopes = _scopes(HANDLERS.get(known.at[0, "kind"]), known.at[0, "city"]) if len(known) else []
    with write_transaction(con, scopes) as cur:
        row = execute(cur, "imports/import_row", import_id=import_id).fetchone()
        if row is None:
            raise ImportRefused(f"가져오기 #{import_id}이(가) 없습니다")
        kind, undone_at, city, pledge_id, previous, _file_name = row
        if undone_at is not None:
            raise ImportRefused(f"가져오기 #{import_id}은(는) 이미 되돌렸습니다 ({undone_at:%Y-%m-%d %H:%M})")
        removed = HANDLERS[kind].undo(cur, Logged(import_id, city, pledge_id, previous, str(user).strip()))
        execute(cur, "imports/mark_undone", import_id=import_id, user=user)
        log_action(cur, user, "undo", f"가져오기 #{import_id}", "ok", f"{removed}행 제거")
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
