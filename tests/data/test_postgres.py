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
