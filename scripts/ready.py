"""Warm a freshly started dashboard server before its first visitor: wait until Streamlit answers
/_stcore/health, then ask once for its script health check (/_stcore/script-health-check, on in
.streamlit/config.toml). That request runs the app once as an anonymous visitor (the public
default page, nothing a visitor could not open), which fills the shared caches and, inside that
run, computes the staff's first screen (ui.store.warm_up). A balancer's readiness probe should
call the same address, so that no visitor meets a cold server.

    .venv/bin/python scripts/ready.py [streamlit args]    # scripts/run.sh starts it beside the server

The port and address come from the same arguments as `streamlit run` (--server.port N,
--server.address A, or STREAMLIT_SERVER_PORT / STREAMLIT_SERVER_ADDRESS); default 127.0.0.1:8501.
Exit 0 when warm; 1 (one Korean line on stderr) when the server did not come up in time.
"""
from __future__ import annotations

import os
import sys
import time
import urllib.request

HEALTH, READY = "/_stcore/health", "/_stcore/script-health-check"


def option(args: list[str], name: str, env: str, default: str) -> str:
    """The value of `--name V` or `--name=V` in `args`, else the environment variable, else default."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return os.environ.get(env) or default


def server_url(args: list[str]) -> str:
    """http://host:port of the server `streamlit run <args>` starts (0.0.0.0 or empty → 127.0.0.1)."""
    host = option(args, "--server.address", "STREAMLIT_SERVER_ADDRESS", "127.0.0.1")
    port = option(args, "--server.port", "STREAMLIT_SERVER_PORT", "8501")
    return f"http://{'127.0.0.1' if host in ('', '0.0.0.0', '::') else host}:{port}"


def probe(url: str, timeout: float = 300) -> bool:
    """Wait for /_stcore/health to say ok, then run the script health check once; True when it said ok."""
    deadline = time.monotonic() + timeout
    while not says_ok(url + HEALTH):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.5)
    return says_ok(url + READY, timeout=max(deadline - time.monotonic(), 30))


def says_ok(address: str, timeout: float = 2) -> bool:
    """True when the address answers 'ok' (Streamlit's health and script checks); False on no answer."""
    try:
        with urllib.request.urlopen(address, timeout=timeout) as answer:
            return answer.read().decode().strip() == "ok"
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    url = server_url(sys.argv[1:] if argv is None else argv)
    if probe(url):
        return 0
    print(f"대시보드 서버가 준비되지 않았습니다: {url}{READY} (첫 방문자가 미리 계산되지 않은 화면을 기다릴 수 있습니다)",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
