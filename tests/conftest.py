"""Shared fixtures: one store built from data/ for the session (read-only use), and a fresh
copy per test for tests that write."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data.build import build
from data.store import connect
from tests import backends
from tests.backends import backend, pg_cluster, pg_seed, seed_store  # noqa: F401 (fixtures for the PostgreSQL backend)

SEED_AS_OF = "2024-05-31"


def pytest_generate_tests(metafunc):
    backends.parametrize(metafunc)      # tests marked both_backends: once per backend


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A store built from the repository's card and record files."""
    return build(tmp_path_factory.mktemp("store") / "pledges.duckdb")


@pytest.fixture(scope="session")
def con(built_db):
    """A connection to the session's store; tests must not write through it."""
    connection = connect(built_db)
    yield connection
    connection.close()


@pytest.fixture
def db_copy(built_db, tmp_path) -> Path:
    """A private copy of the built store, for tests that write."""
    target = tmp_path / "pledges.duckdb"
    shutil.copy(built_db, target)
    return target


@pytest.fixture
def write_con(db_copy):
    """A connection to a private copy of the store."""
    connection = connect(db_copy)
    yield connection
    connection.close()


@pytest.fixture
def held_db(db_copy):
    """A private copy of the store, held open by another process for the test's duration."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         f"import duckdb,time; c=duckdb.connect({str(db_copy)!r}); print('ready', flush=True); time.sleep(120)"],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield db_copy
    finally:
        holder.kill()
        holder.wait()
