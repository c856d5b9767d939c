"""A link straight to a page, as the first visit of a freshly started server (this module has
its own server; the public pages' test starts one per link), opens that page inside the
dashboard: sidebar, navigation and the link's choices, and no "Page not found" over it."""
import shutil

import pytest
from playwright.sync_api import expect

from bench.server import streamlit_server
from tests.accounts import SERVER_ENV
from tests.e2e.helpers import main, open_app, sidebar

NOT_FOUND = "Page not found"    # Streamlit's own dialog (English), shown over the page


def test_first_visit_by_a_page_link_gets_the_whole_dashboard(page, server):
    open_app(page, f"{server}/card?pledge=naju:6-1-1&as_of=2024-05-31&year=2023")
    expect(main(page).get_by_role("heading", name="공약 카드").first).to_be_visible()
    expect(sidebar(page).locator("[data-testid=stSidebarNav]")).to_contain_text("확인지표")
    expect(sidebar(page).locator("[data-testid=stDateInput]")).to_be_visible()        # dashboard.py's sidebar
    expect(main(page)).to_contain_text("기준일 2024. 5. 31. · 2023년")                # the link's choices
    expect(main(page)).to_contain_text("64.85%")
    expect(page.get_by_text(NOT_FOUND)).to_have_count(0)


@pytest.mark.parametrize("link, shown", [
    ("public-card?pledge=naju:6-1-1&as_of=2024-05-31", "64.85%"),
    ("public-changes", "목표 변경 이력"),
], ids=["public-card", "public-changes"])
def test_a_citizen_s_link_to_a_public_page_opens_it_on_a_fresh_server(link, shown, built_db, tmp_path, new_page):
    """A citizen's shared link is often a fresh server's first visit (after a restart, with no
    readiness probe). Its page's url_path differed from its file's name: Streamlit's pages/-folder
    mode of that first run did not find it and put "Page not found" over the right page."""
    db = tmp_path / "pledges.duckdb"
    shutil.copy(built_db, db)
    with streamlit_server(db, log=tmp_path / "streamlit.log", env=SERVER_ENV) as running:
        page = new_page()
        open_app(page, f"{running.url}/{link}", login=None)
        expect(main(page)).to_contain_text(shown)
        expect(sidebar(page).locator("[data-testid=stSidebarNav]")).to_contain_text("공약 이행 현황")
        expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
        assert page.url.startswith(f"{running.url}/{link.split('?')[0]}")
