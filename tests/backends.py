"""The store's two backends for the tests: the embedded DuckDB file and PostgreSQL (a real,
throwaway cluster started once per session, tests/pg.py). A test module opts in by importing
the fixtures, and a test marked `both_backends` (one test, or the module's `pytestmark`) then runs
once per backend (conftest's pytest_generate_tests); unmarked, it runs on DuckDB only:

    from tests.backends import backend, con, db_copy  # noqa: F401 (fixtures)
    pytestmark = pytest.mark.both_backends

`con` (read only) and `db_copy` (a private writable store: a file copy, or a new PostgreSQL
database cloned from the seed) override conftest's; conftest's `write_con` connects to
`db_copy`, so it follows. The PostgreSQL seed is conftest's built store copied into PostgreSQL
the way `python -m data build --db postgresql://…` does it (data.build.copy_to_postgres).
"""
from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from data.build import copy_to_postgres
from data.store import StoreURL, connect
from tests import pg

POSTGRES = pytest.param("postgres", marks=pytest.mark.postgres)
BACKENDS = ["duckdb", POSTGRES]
_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL cluster for the session (skipped when PostgreSQL is not
    installed: scripts/test.sh installs it)."""
    if not pg.available():
        pytest.skip("PostgreSQL가 설치되어 있지 않습니다 (scripts/test.sh가 설치합니다)")
    with pg.cluster() as cluster:
        yield cluster


@pytest.fixture(scope="session")
def pg_seed(pg_cluster, built_db, tmp_path_factory) -> str:
    """The name of a PostgreSQL database holding the built store (a template for copies). Copied
    from a copy of the file: DuckDB refuses to attach a file this process already has open."""
    source = tmp_path_factory.mktemp("pg_seed") / "pledges.duckdb"
    shutil.copy(built_db, source)
    copy_to_postgres(source, pg_cluster.create_database("seed"))
    return "seed"


def copy_store(request, source: Path | str, tmp_path: Path) -> Path | StoreURL:
    """A private writable copy of a store: a file copy, or a clone of a PostgreSQL database
    (`source` is then the database's name)."""
    if isinstance(source, Path):
        target = tmp_path / "pledges.duckdb"
        shutil.copy(source, target)
        return target
    cluster = request.getfixturevalue("pg_cluster")
    return StoreURL(cluster.copy_database(source, f"t{next(_names)}"))


@pytest.fixture
def backend(request) -> str:
    """'duckdb' or 'postgres' (parametrized for tests marked both_backends). Function-scoped, and
    what depends on it caches per backend itself (SESSION below): a session-scoped parametrized
    fixture would hand its last value to the unmarked tests that follow."""
    return getattr(request, "param", "duckdb")


SESSION: dict = {}      # per-backend values made once per session: read connections, people stores


def parametrize(metafunc) -> None:
    """conftest's pytest_generate_tests: a test marked both_backends that uses `backend` (itself or
    through con / db_copy / write_con) runs once per backend."""
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("both_backends"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def seed_store(backend, built_db, request) -> Path | str:
    """The built store of the backend: conftest's file, or the PostgreSQL seed's name."""
    return built_db if backend == "duckdb" else request.getfixturevalue("pg_seed")


@pytest.fixture
def con(backend, seed_store, request, tmp_path_factory):
    """A connection to the backend's built store, one per backend for the session; tests must
    not write through it."""
    key = ("con", backend)
    if key not in SESSION:
        path = copy_store(request, seed_store, tmp_path_factory.mktemp("read")) if backend == "postgres" else seed_store
        SESSION[key] = connect(path)
    return SESSION[key]


@pytest.fixture
def db_copy(seed_store, request, tmp_path) -> Path | StoreURL:
    """A private writable copy of the backend's built store."""
    return copy_store(request, seed_store, tmp_path)
