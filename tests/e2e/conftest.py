"""Browser tests: a real Streamlit server (bench/server.py, the harness the benchmark uses too) over
a copy of the built store, driven by Playwright in Debian's Chromium (no `playwright install`).
Screenshots go to tests/artifacts/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from bench.server import launch_chromium, streamlit_server
from tests.accounts import SERVER_ENV, make_accounts

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
# expect() waits up to 5 s by default: too short when other work loads the machine (a script run
# then takes seconds). Assertions still pass as soon as they hold.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="module")
def server(built_db, tmp_path_factory):
    """`streamlit run dashboard.py` on a free port over a private copy of the store; its URL."""
    work = tmp_path_factory.mktemp("e2e")
    db = work / "pledges.duckdb"
    shutil.copy(built_db, db)
    make_accounts(db, staff=True)
    with streamlit_server(db, log=work / "streamlit.log", env=SERVER_ENV) as running:
        yield running.url


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module (module scope: a module that drives Playwright itself can
    start its own sync_playwright once this one is stopped)."""
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def new_page(browser, request):
    """Factory of pages, each in its own browser context (= its own Streamlit session); on a
    failure, each page is photographed to tests/artifacts/failed-<test>-<n>.png."""
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1500, "height": 1100}, locale="en-US",
                                      accept_downloads=True)
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield make
    failed = getattr(request.node, "report_call", None)
    for n, context in enumerate(contexts):
        if failed is not None and failed.failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for m, pg in enumerate(context.pages):
                pg.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}-{n}{m}.png"))
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for stale in ARTIFACTS.glob("failed-*.png"):
        stale.unlink()
    return ARTIFACTS
