"""ui/outage.py: which errors mean the store is unreachable (one Korean line, logged without the
password) and which stay the caller's (outside a browser's run: no readiness probe here)."""
from __future__ import annotations

import logging

import duckdb
import pytest

from data.store import StoreUnreachable
from ui import outage

URL = "postgresql://pledge:Outage-Pw1@db.internal:5432/pledges"


@pytest.mark.parametrize("error", [
    duckdb.IOException(f'IO Error: Unable to connect to Postgres at "{URL}": Connection refused'),
    duckdb.ConnectionException("Connection Error: Connection already closed!"),
    duckdb.TransactionException('Failed to commit: Failed to execute query "COMMIT": server closed the connection '
                                'unexpectedly'),
    StoreUnreachable("PostgreSQL 데이터베이스에 연결할 수 없습니다: postgresql://pledge:***@db.internal:5432/pledges"),
])
def test_an_unreachable_store_ends_the_run_quietly_and_is_logged_without_the_password(error, caplog):
    with caplog.at_level(logging.WARNING, logger="ui.outage"), outage.guarded():
        raise error
    assert caplog.messages and caplog.messages[0].startswith("store unreachable: ")
    assert "Outage-Pw1" not in caplog.text


@pytest.mark.parametrize("error", [
    duckdb.TransactionException("TransactionContext Error: Conflict on tuple deletion!"),
    duckdb.BinderException("Binder Error: column not found"),
    ValueError("a bug is a bug"),
])
def test_other_errors_stay_the_callers(error):
    with pytest.raises(type(error)), outage.guarded():
        raise error
