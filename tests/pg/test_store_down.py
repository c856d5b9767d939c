"""A PostgreSQL store that stops answering while the dashboard runs (a server restarting, a
failover, a database closed to new connections): a visitor sees one Korean line — never the
error, whose text names the store's URL with its password — the readiness probe fails, so a
balancer sends no visitor there, and both recover by themselves when the store answers again."""
from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from bench.server import launch_chromium, streamlit_server, wait_for_app
from data.store import StoreURL
from scripts.ready import READY, says_ok
from tests.e2e.helpers import metric, wait_idle
from ui.outage import MESSAGE

pytestmark = pytest.mark.postgres

SECRET = "Pw-4-store-down"          # trust authentication ignores it; every message must hide it
VIEW = "/?as_of=2024-12-31"         # the citizens' page 공약 이행 현황 (no sign-in)


def _visit(browser, url: str) -> tuple[str, str | None]:
    """A new visitor's page (a new session), once it is idle: its main text and its 평균진행률 (None
    when the page shows the outage line instead)."""
    page = browser.new_page()
    page.goto(url)
    wait_for_app(page)
    wait_idle(page, 800)
    text = page.locator("[data-testid=stMain]").inner_text()
    assert page.locator("[data-testid=stException]").count() == 0
    figure = metric(page, "평균진행률") if MESSAGE not in text else None
    page.close()
    return text, figure


def test_a_visitor_sees_one_korean_line_while_the_store_is_down_and_the_figures_after(pg_cluster, pg_seed, tmp_path):
    name = "store_down"
    url = pg_cluster.copy_database(pg_seed, name).replace("://postgres@", f"://postgres:{SECRET}@")
    log = tmp_path / "server.log"
    with streamlit_server(StoreURL(url), log=log, ready=True) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        text, before = _visit(browser, server.url + VIEW)
        assert before == "64.85%" and MESSAGE not in text

        pg_cluster.psql(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        pg_cluster.psql(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        try:
            text, figure = _visit(browser, server.url + VIEW)
            assert MESSAGE in text and figure is None
            assert "Traceback" not in text and SECRET not in text and "postgresql://" not in text
            assert not says_ok(server.url + READY, timeout=60)      # the readiness probe fails
        finally:
            pg_cluster.psql(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')

        text, after = _visit(browser, server.url + VIEW)
        assert after == before and MESSAGE not in text
        assert says_ok(server.url + READY, timeout=60)
        browser.close()
    logged = log.read_text(encoding="utf-8")
    assert "store unreachable: " in logged and "postgres:***@" in logged and SECRET not in logged
