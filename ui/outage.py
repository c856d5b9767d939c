"""When the store cannot be reached — a PostgreSQL server down, restarting or refusing
connections, a database file that cannot be read — a page shows one Korean line instead of the
error. The error's own text can hold the store's URL with its password (DuckDB's postgres
extension names the URL it could not reach), so it is logged for the operator with the password
replaced (data.postgres.error_line) and never shown. The readiness probe's run (Streamlit's script
health check) fails instead, so that a balancer sends no visitor to a server whose store is down.
Nothing is cached from a failed run: the next run after the store is back shows the figures (the
extension connects again on each read).

    with outage.guarded():      # dashboard.py, around everything that reads the store
        page.run()
"""
from __future__ import annotations

import contextlib
import logging

import duckdb
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from data.postgres import error_line
from data.store import UNREACHABLE, StoreError

LOST = "server closed the connection"     # a transaction's COMMIT when the server went away (libpq's words)
MESSAGE = "저장소(데이터베이스)에 연결할 수 없습니다 — 잠시 뒤 다시 열어 보세요. 계속되면 관리자에게 알려 주세요."


def probe_run() -> bool:
    """True in the run of Streamlit's script health check: its session is made apart from the
    session manager, which therefore does not know it (a browser's session it always knows)."""
    try:
        from streamlit.runtime import Runtime

        ctx = get_script_run_ctx()
        return ctx is not None and Runtime.exists() and Runtime.instance()._session_mgr.get_session_info(ctx.session_id) is None
    except Exception:           # noqa: BLE001 — any doubt: a browser's run, warmed in the background
        return False


@contextlib.contextmanager
def guarded():
    """Run the block; an unreachable store ends it with MESSAGE (or, in the readiness probe's run,
    with a StoreError that names the store without its password)."""
    try:
        yield
    except (*UNREACHABLE, duckdb.TransactionException) as err:
        if isinstance(err, duckdb.TransactionException) and LOST not in str(err):
            raise                   # a conflict between writers is the write's own to report
        logging.getLogger(__name__).warning("store unreachable: %s", error_line(err))
        if probe_run():
            raise StoreError(f"저장소에 연결할 수 없습니다: {error_line(err)}") from None
        st.error(MESSAGE, icon=":material/cloud_off:")
