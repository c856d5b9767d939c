"""scripts/ready.py: the readiness check that warms a fresh server before its first visitor."""
from __future__ import annotations

import shutil
import urllib.request

import pytest

from bench.server import free_port, streamlit_server
from scripts.ready import READY, main, option, probe, server_url


@pytest.mark.parametrize(("args", "environ", "expected"), [
    ([], {}, "http://127.0.0.1:8501"),
    (["--server.port", "8502"], {}, "http://127.0.0.1:8502"),
    (["--server.port=8600", "--server.address=10.0.0.5"], {}, "http://10.0.0.5:8600"),
    (["--server.address", "0.0.0.0"], {"STREAMLIT_SERVER_PORT": "9000"}, "http://127.0.0.1:9000"),
    (["--server.port"], {}, "http://127.0.0.1:8501"),      # a dangling flag: streamlit refuses it itself
])
def test_server_url_follows_streamlit_run_arguments(monkeypatch, args, environ, expected):
    for name in ("STREAMLIT_SERVER_PORT", "STREAMLIT_SERVER_ADDRESS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert server_url(args) == expected


def test_option_prefers_the_argument_to_the_environment(monkeypatch):
    monkeypatch.setenv("X_PORT", "1")
    assert option(["--p", "2"], "--p", "X_PORT", "3") == "2"
    assert option([], "--p", "X_PORT", "3") == "1"


def test_nobody_listening_is_not_ready(monkeypatch, capsys):
    port = free_port()
    assert probe(f"http://127.0.0.1:{port}", timeout=1.5) is False
    monkeypatch.setattr("scripts.ready.probe", lambda url: probe(url, timeout=1.5))
    assert main(["--server.port", str(port)]) == 1
    line = capsys.readouterr().err.strip()
    assert line.startswith("대시보드 서버가 준비되지 않았습니다") and f":{port}{READY}" in line


def test_a_fresh_server_is_ready_and_warm(built_db, tmp_path):
    """The real server: the probe's run of the app succeeds, and its warm-up ran inside it (the
    log says nothing went wrong; the public page answers at once afterwards)."""
    db = tmp_path / "pledges.duckdb"
    shutil.copy(built_db, db)
    with streamlit_server(db, log=tmp_path / "streamlit.log") as server:
        assert probe(server.url, timeout=120) is True
        with urllib.request.urlopen(server.url + READY, timeout=60) as again:
            assert again.read().decode().strip() == "ok"
        log = server.log_text()
    assert "Traceback" not in log and "warm-up failed" not in log
