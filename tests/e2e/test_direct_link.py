"""A link straight to a page, as the first visit of a freshly started server (this module has
its own server), opens that page inside the dashboard: sidebar, navigation and the link's choices."""
from playwright.sync_api import expect

from tests.e2e.helpers import main, open_app, sidebar


def test_first_visit_by_a_page_link_gets_the_whole_dashboard(page, server):
    open_app(page, f"{server}/card?pledge=naju:6-1-1&as_of=2024-05-31&year=2023")
    expect(main(page).get_by_role("heading", name="공약 카드").first).to_be_visible()
    expect(sidebar(page).locator("[data-testid=stSidebarNav]")).to_contain_text("확인지표")
    expect(sidebar(page).locator("[data-testid=stDateInput]")).to_be_visible()        # dashboard.py's sidebar
    expect(main(page)).to_contain_text("기준일 2024. 5. 31. · 2023년")                # the link's choices
    expect(main(page)).to_contain_text("64.85%")
