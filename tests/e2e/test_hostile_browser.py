"""In the browser: crafted URL parameters show a Korean notice, never a traceback; a card whose
title is a markdown image and an <img> tag (and a progress log with a javascript: link) makes
no request to the remote host on the public card page."""
from __future__ import annotations

import shutil

import pytest

from bench.server import streamlit_server
from tests.e2e.helpers import main, open_app
from tests.ui.test_markup import plant


@pytest.fixture(scope="module")
def hostile_server(built_db, tmp_path_factory):
    work = tmp_path_factory.mktemp("e2e-hostile")
    db = work / "pledges.duckdb"
    shutil.copy(built_db, db)
    from data.build import open_store
    open_store(db).close()
    plant(db)
    try:
        from tests.accounts import SERVER_ENV as env    # the server settings the shared harness uses
    except ImportError:
        env = None
    with streamlit_server(db, log=work / "streamlit.log", env=env) as running:
        yield running.url


def _open(page, url: str) -> None:
    open_app(page, url, login=None)             # an anonymous visitor (the sidebar seeds from the URL on any page)


@pytest.mark.parametrize("query", ["?as_of=9999-12-31", "?year=%C2%B2", "?as_of=0001-01-01&year=99999&cap=maybe"])
def test_crafted_url_shows_a_notice_not_a_traceback(hostile_server, page, query):
    _open(page, hostile_server.rstrip("/") + "/" + query)
    assert page.locator("[data-testid=stException]").count() == 0
    body = page.locator("body").inner_text()
    assert "Traceback" not in body and "Error" not in body
    assert "무시했습니다" in main(page).inner_text()


def test_no_request_to_a_planted_host(hostile_server, page):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    _open(page, hostile_server.rstrip("/") + "/public-card?pledge=naju:6-1-1&as_of=2024-05-31")
    page.wait_for_timeout(1500)
    body = main(page).inner_text()
    assert "example.invalid" in body          # the title is shown, as text
    assert page.locator("[data-testid=stMain] img[src*='example.invalid']").count() == 0
    assert not [u for u in requests if "example.invalid" in u], requests
