"""The citizen view in a real browser, as an anonymous visitor: the public pages show the seed
card's 64.85% and its indicator figures (68.75, 60.95), no staff tool and no record; the staff
pages' direct URLs give no tool; screenshots at phone (390 × 844) and desktop (1280 × 800) width
go to tests/artifacts/public-*.png (look at them)."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.helpers import main, metric, open_app, screenshot, type_date

AS_OF = "as_of=2024-05-31"
CARD = f"public-card?pledge=naju:6-1-1&{AS_OF}"
STAFF_TOOLS = ["목표 조정", "가져오기", "근거 기록", "대상자ID", "로그아웃"]


def no_staff_tool(page) -> None:
    text = page.locator("[data-testid=stApp]").inner_text()
    assert not [w for w in STAFF_TOOLS if w in text]
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    assert page.locator("[data-testid=stDataFrameGlideDataEditor]").count() == 0 or "목표 조정" not in text


@pytest.mark.parametrize("path", ["public", f"public?{AS_OF}", "", "public"])
def test_a_link_naming_the_default_page_opens_it_without_streamlits_dialog(server, new_page, path):
    """/public is a citizen's default page, which Streamlit serves at the root only: the shared
    link opens it, in Korean, without Streamlit's English 'Page not found' dialog (it came on every
    visit after a server's first; ui.navigation.root_by_name)."""
    page = new_page()
    open_app(page, f"{server}/{path}", login=None)
    expect(main(page)).to_contain_text("64.85%")
    page.wait_for_timeout(500)           # the dialog, when sent, comes with the page's first messages
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator("[role=dialog]").count() == 0


def test_public_pages_show_the_seed_figures(server, page):
    open_app(page, f"{server}/public?{AS_OF}", login=None)
    expect(main(page)).to_contain_text("공약 이행 현황")
    expect(main(page)).to_contain_text("64.85%")
    no_staff_tool(page)
    open_app(page, f"{server}/{CARD}", login=None)
    for figure in ("64.85", "68.75", "60.95", "504", "83"):
        expect(main(page)).to_contain_text(figure)
    expect(main(page)).to_contain_text("공약 카드 PDF 내려받기")
    no_staff_tool(page)
    open_app(page, f"{server}/public-changes", login=None)
    expect(main(page)).to_contain_text("목표 변경 이력")
    no_staff_tool(page)


def test_the_public_list_is_an_html_table_and_the_date_is_one_click_away(server, page):
    """공약 이행 현황 draws its tables as HTML (no grid code on a visitor's first page) with a link
    to each card; 기준일 is a closed section titled with the date whose picker, once opened,
    changes the figures and the link."""
    open_app(page, f"{server}/public?{AS_OF}", login=None)
    table = main(page).locator("table.pc").filter(has_text="공약명")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("64.85")
    assert page.locator("[data-testid=stDataFrame]").count() == 0
    assert page.locator("[data-testid=stDateInput]").count() == 0
    assert table.get_by_role("link", name="카드 보기").get_attribute("href") == \
        "public-card?pledge=naju%3A6-1-1&as_of=2024-05-31"
    section = main(page).locator("[data-testid=stExpander]").filter(has_text="기준일 2024. 5. 31.")
    section.locator("summary").click()
    expect(section.locator("[data-testid=stDateInput]")).to_be_visible()
    type_date(page, section, 2023, 12, 31)
    expect(main(page).locator("[data-testid=stExpander]").filter(has_text="기준일 2023. 12. 31.")).to_be_visible()
    assert metric(page, "평균진행률") != "64.85%"
    assert "as_of=2023-12-31" in page.url
    expect(table.get_by_role("link", name="카드 보기")).to_have_attribute(
        "href", "public-card?pledge=naju%3A6-1-1&as_of=2023-12-31")


@pytest.mark.parametrize("path", ["import", "audit", "card?pledge=naju:6-1-1&as_of=2024-05-31", "approvals", "users"])
def test_staff_urls_give_no_tool(server, page, path):
    open_app(page, f"{server}/{path}", login=None)           # an anonymous visitor
    no_staff_tool(page)
    assert page.locator("[data-testid=stDownloadButton]").filter(has_text="HWPX").count() == 0


@pytest.mark.parametrize("width,height,name", [(390, 844, "phone"), (1280, 800, "desktop")])
def test_screenshots(server, browser, artifacts, width, height, name):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ko-KR")
    try:
        page = context.new_page()
        for slug, url in (("public", f"public?{AS_OF}"), ("card", CARD), ("changes", "public-changes")):
            open_app(page, f"{server}/{url}", login=None)
            expect(main(page)).to_contain_text("64.85" if slug != "changes" else "목표 변경")
            screenshot(page, artifacts / f"public-{slug}-{name}.png")
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        assert scroll <= width + 1, f"the page scrolls sideways at {width} px: {scroll}"
    finally:
        context.close()
