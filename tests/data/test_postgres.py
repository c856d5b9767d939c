"""data/postgres.py's messages: no error text the app shows or logs holds the store's password."""
from __future__ import annotations

import pytest

from data import postgres
from data.store import StoreUnreachable, connect
from tests.pg import _free_port

SECRET = "S3c:ret-pa55"      # a colon may stand in a URL's password; a slash must be %2F


@pytest.mark.parametrize("text, shown", [
    ("postgresql://pledge:S3cret@db.example:5432/pledges", "postgresql://pledge:***@db.example:5432/pledges"),
    (f'IO Error: Unable to connect to Postgres at "postgresql://pledge:{SECRET}@127.0.0.1:1/p": refused',
     'IO Error: Unable to connect to Postgres at "postgresql://pledge:***@127.0.0.1:1/p": refused'),
    ("postgres://:only-a-password@h/db", "postgres://:***@h/db"),
    ("host=h password=abc dbname=x", "host=h password=*** dbname=x"),
    ("host=h PASSWORD = 'a b' dbname=x", "host=h PASSWORD = *** dbname=x"),
    ("postgresql://pledge@h:5432/db (no password)", "postgresql://pledge@h:5432/db (no password)"),
    ("postgresql://h:5432/db and the user kim@example", "postgresql://h:5432/db and the user kim@example"),
])
def test_redacted_replaces_every_password_and_nothing_else(text, shown):
    assert postgres.redacted(text) == shown


def test_error_line_is_the_first_line_redacted_or_the_type():
    assert postgres.error_line(RuntimeError(f"postgresql://u:{SECRET}@h/db down\nsecond line")) == \
        "postgresql://u:***@h/db down"
    assert postgres.error_line(ValueError()) == "ValueError"


def test_an_unreachable_server_is_a_korean_store_error_without_the_password():
    """DuckDB's postgres extension names the URL it could not reach, password included: the
    StoreError the app and the CLIs show carries it redacted, twice."""
    url = f"postgresql://pledge:{SECRET}@127.0.0.1:{_free_port()}/pledges"
    with pytest.raises(StoreUnreachable) as caught:
        connect(url)
    message = str(caught.value)
    assert message.startswith("PostgreSQL 데이터베이스에 연결할 수 없습니다: postgresql://pledge:***@127.0.0.1:")
    assert "S3c" not in message and message.count("pledge:***@") == 2
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_the_connection_defaults_are_added_unless_the_url_sets_its_own():
    added = "connect_timeout=10&keepalives_idle=30&keepalives_interval=10&keepalives_count=3"
    assert postgres.with_defaults("postgresql://u@h/db") == f"postgresql://u@h/db?{added}"
    assert postgres.with_defaults("postgresql://u@h/db?sslmode=require") == f"postgresql://u@h/db?sslmode=require&{added}"
    own = "postgresql://u@h/db?connect_timeout=3&keepalives_idle=5&keepalives_interval=1&keepalives_count=9"
    assert postgres.with_defaults(own) == own


def test_a_server_that_never_answers_is_unreachable_after_the_connect_timeout():
    """A listener that accepts and never answers (a firewall dropping packets, a hung server):
    libpq's own default waits for ever; the store gives up after connect_timeout (10 s)."""
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    held = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(StoreUnreachable, match="timeout"):
            connect(f"postgresql://pledge:{SECRET}@127.0.0.1:{listener.getsockname()[1]}/pledges")
    finally:
        listener.close()
        for sock in held:
            sock.close()
    assert 9 < time.monotonic() - started < 30
