"""data.store on the embedded file: a file held by another process gives one Korean line."""
import pytest

from data.store import StoreError, connect


def test_lock_held_by_another_process_gives_a_korean_message(held_db):
    """The embedded file only (PostgreSQL has no file lock: any number of processes connect)."""
    with pytest.raises(StoreError, match="다른 프로그램"):
        connect(held_db)
