"""The one Streamlit server harness, for the browser tests (tests/e2e) and the benchmark (bench/run.py):
`streamlit run dashboard.py` on a free port over a given store, waited for the way Streamlit's own
e2e suite does, then stopped; and the server's peak memory.

    with streamlit_server(db, log=path) as server:
        page.goto(server.url)
        wait_for_app(page)          # stApp connected, script notRunning

No Playwright import here: the page helpers take a page object.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts.ready import HEALTH, probe, says_ok

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")     # Debian's Chromium (no `playwright install`)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# The app is ready when its root element is connected and no script run is in progress
# (the attributes Streamlit's frontend sets on [data-testid=stApp]).
APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a process, in MiB, from /proc; NaN when unknown."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


@dataclass
class Server:
    """A running `streamlit run` process."""
    proc: subprocess.Popen
    port: int
    log: Path
    started: float = 0.0            # time.monotonic() at the launch
    ready_s: float | None = None    # seconds from the launch to ready (healthy, and warmed when asked)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.proc.pid

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.proc.pid)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start(db: Path, log: Path, app: str | Path = "dashboard.py", port: int | None = None,
          env: dict | None = None) -> Server:
    """Start `streamlit run <app>` (headless, no file watcher, no usage statistics, Streamlit's
    script health check on) over the store `db` (PLEDGE_DB); its output goes to `log`. Returns at
    once: see wait_healthy."""
    port = port or free_port()
    environ = {**os.environ, "PLEDGE_DB": str(db), "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(env or {})}
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false",
             "--server.scriptHealthCheckEnabled", "true"],
            cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT)
    return Server(proc, port, log, started=time.monotonic())




def wait_healthy(server: Server, timeout: float = 90, ready: bool = False) -> None:
    """Poll /_stcore/health until it answers 'ok', then (`ready`) ask once for Streamlit's script
    health check, the readiness probe a deployment puts in front of its balancer: it runs the app
    once (the visitor's default page, which fills the shared caches and starts the app's warm-up,
    ui.store.warm_up) before the first visitor comes. RuntimeError with the log if the server
    exits, stays unhealthy or its script fails. `server.ready_s`: seconds from launch to ready."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"streamlit exited ({server.proc.returncode}):\n{server.log_text()}")
        if says_ok(server.url + HEALTH):
            break
        time.sleep(0.2)
    else:
        raise RuntimeError(f"streamlit not healthy after {timeout}s:\n{server.log_text()}")
    if ready and not probe(server.url, timeout=max(deadline - time.monotonic(), 5)):
        raise RuntimeError(f"streamlit's script health check did not answer ok:\n{server.log_text()}")
    server.ready_s = time.monotonic() - server.started


def stop(server: Server, timeout: float = 20) -> None:
    """Terminate the server (kill it if it does not stop within `timeout`)."""
    if server.proc.poll() is not None:
        return
    server.proc.terminate()
    try:
        server.proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()


@contextmanager
def streamlit_server(db: Path, log: Path, app: str | Path = "dashboard.py", timeout: float = 90,
                     env: dict | None = None, ready: bool = False) -> Iterator[Server]:
    """A healthy (and, with `ready`, probed: see wait_healthy) server for the duration of the
    block, stopped afterwards."""
    server = start(db, log, app, env=env)
    try:
        wait_healthy(server, timeout, ready)
        yield server
    finally:
        stop(server)


def wait_for_app(page, timeout_ms: float = 60_000) -> None:
    """Wait, as Streamlit's e2e suite does, until [data-testid=stApp] is connected and its script
    state is notRunning (the run triggered by the last navigation or action has finished)."""
    page.wait_for_selector("[data-testid='stApp']", state="attached", timeout=timeout_ms)
    page.wait_for_selector(APP_CONNECTED, state="attached", timeout=timeout_ms)
    page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout_ms)


def launch_chromium(playwright):
    """Debian's headless Chromium through a started sync_playwright()."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
