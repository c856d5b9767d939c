"""A real, throwaway PostgreSQL cluster for the tests and the benchmark: Debian's `postgresql`
package (initdb / pg_ctl from /usr/lib/postgresql/<version>/bin), a cluster in a temporary
folder, listening on a free localhost port, stopped and removed afterwards.

As root the server must run as an unprivileged user (PostgreSQL refuses root): the `postgres`
user the package creates, through `runuser`; the folder is chowned to it.

    with cluster() as pg:
        url = pg.create_database("t1")      # postgresql://postgres@127.0.0.1:PORT/t1
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin folder (None when the package is not installed)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def available() -> bool:
    return bin_dir() is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(user: str | None, argv: list[str]) -> list[str]:
    return ["runuser", "-u", user, "--", *argv] if user else argv


@dataclass
class Cluster:
    folder: Path
    port: int
    user: str | None                # the OS user the server runs as (None: ourselves)

    @property
    def base_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}"

    def url(self, database: str = "postgres") -> str:
        return f"{self.base_url}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        out = subprocess.run(
            [str(bin_dir() / "psql"), "-X", "-q", "-At", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
             "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def create_database(self, name: str) -> str:
        """A new, empty database; its URL."""
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def copy_database(self, source: str, name: str) -> str:
        """A new database cloned from `source` (CREATE DATABASE … TEMPLATE: a file copy, fast;
        sessions still open on `source` are ended first, a template must be idle)."""
        self.psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{source}'")
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.psql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        return self.url(name)


@contextmanager
def cluster() -> Iterator[Cluster]:
    """Start a throwaway cluster (trust authentication on 127.0.0.1 only, fsync off: a test
    server), yield it, stop it and remove its folder."""
    bindir = bin_dir()
    if bindir is None:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    user = "postgres" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="pledge-pg-"))
    os.chmod(folder, 0o755)
    data = folder / "data"
    if user:
        shutil.chown(folder, user, user)
    port = _free_port()
    subprocess.run(_as_user(user, [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                   "-E", "UTF8", "--locale", "C.UTF-8"]),
                   check=True, capture_output=True)
    options = (f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={folder} "
               "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
               "-c shared_buffers=128MB")
    subprocess.run(_as_user(user, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"),
                                   "-o", options, "-w", "-t", "60", "start"]),
                   check=True, capture_output=True)
    pg = Cluster(folder, port, user)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                pg.psql("SELECT 1")
                break
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield pg
    finally:
        subprocess.run(_as_user(user, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":      # a manual check: start, print the URL, wait for Enter
    with cluster() as pg:
        print(pg.create_database("pledges"), flush=True)
        input()
