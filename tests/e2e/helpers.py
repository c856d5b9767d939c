"""Small Playwright helpers for driving the Streamlit app like a user."""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from bench.server import wait_for_app

IDLE = ("() => { const app = document.querySelector('[data-testid=stApp]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'; }")


def wait_idle(page: Page, settle_ms: int = 400) -> None:
    """Wait until the script run triggered by the last action has finished."""
    page.wait_for_timeout(settle_ms)
    page.wait_for_function(IDLE, timeout=120_000)
    expect(page.locator("[data-testid=stStatusWidget]")).to_have_count(0, timeout=120_000)


def open_app(page: Page, url: str, login: str | None = "staff", password: str = "correct-horse-7") -> None:
    """Open the URL as a visitor; with `login`, sign in on the 로그인 page of the same session (a
    page load is a new Streamlit session: the sign-in lives in the session, so navigate in the app
    afterwards) and come back to the URL's page through the navigation."""
    page.goto(url)
    wait_for_app(page)
    wait_idle(page, 800)
    assert page.locator("[data-testid=stException]").count() == 0
    if not login:
        return
    sign_in(page, login, password)
    wait_signed_in(page, login)
    from urllib.parse import urlparse

    from ui.navigation import SPECS
    path = urlparse(url).path.strip("/")
    title = next((s.title for s in SPECS if s.url_path == path), None)
    if path and title:
        go_to(page, title)
    assert page.locator("[data-testid=stException]").count() == 0


def sign_in(page: Page, login: str, password: str) -> None:
    """Open 로그인 in the navigation and submit the form (this tab's session is signed in)."""
    go_to(page, "로그인")
    form = page.locator("[data-testid=stForm]")
    form.get_by_label("아이디").fill(login)
    form.get_by_label("비밀번호").fill(password)
    form.get_by_role("button", name="로그인").click()
    wait_idle(page, 800)


def wait_signed_in(page: Page, login: str) -> None:
    """After a successful sign-in: the account box names the login and the 로그인 page has handed
    over to the account's first page (st.switch_page) — a click before that could be lost to
    the switch on a loaded machine."""
    expect(sidebar(page).locator(".st-key-account_box")).to_contain_text(f"({login})", timeout=90_000)
    expect(main(page).get_by_role("heading", name="로그인", exact=True)).to_have_count(0, timeout=90_000)
    wait_idle(page, 800)


def go_to(page: Page, title: str) -> None:
    """Click a page in the sidebar navigation."""
    page.locator("[data-testid=stSidebarNav] a").filter(has_text=title).first.click()
    wait_idle(page, 800)


def main(page: Page):
    return page.locator("[data-testid=stMain]")


def sidebar(page: Page):
    return page.locator("[data-testid=stSidebar]")


def metric(page: Page, label: str) -> str:
    box = page.locator("[data-testid=stMetric]").filter(has=page.locator("[data-testid=stMetricLabel]",
                                                                         has_text=label)).first
    return box.locator("[data-testid=stMetricValue]").inner_text().strip()


def type_date(page: Page, within, year: int, month: int, day: int) -> None:
    """Type a date into the date field inside `within` (a locator) and confirm it in the calendar."""
    import calendar

    within.locator("[data-testid=stDateInput] [data-type=year]").click()
    page.keyboard.type(f"{year:04d}")
    page.keyboard.type(f"{month:02d}")
    page.keyboard.type(f"{day:02d}")
    label = f"{calendar.month_name[month]} {day}, {year}"
    page.locator(f"[role=button][aria-label*='{label}']").click()
    wait_idle(page)


def set_as_of(page: Page, year: int, month: int, day: int) -> None:
    """Type a date into the sidebar's 기준일 field and confirm it in the calendar."""
    type_date(page, sidebar(page), year, month, day)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a sidebar selectbox."""
    sidebar(page).locator("[data-testid=stSelectbox]").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def open_planner_panel(page: Page):
    """The planner panel's grid, with the panel open. A rerun may remount the panel (closed) while
    the page is busy, so wait for the app to be idle, open the panel only if it is closed, and
    check again, a few times, until the grid is shown."""
    size = page.viewport_size                  # the account box pushes the panel down the sidebar:
    if size["height"] < 1800:                  # give the sidebar room so that nothing covers it
        page.set_viewport_size({"width": size["width"], "height": 1800})
    panel = sidebar(page).locator("[data-testid=stExpander]").filter(has_text="목표 조정 (기획)")
    grid = panel.locator("[data-testid=stDataFrame]")
    for _ in range(6):
        wait_idle(page, 300)
        is_open = panel.locator("details[open]").count() > 0
        if is_open and grid.is_visible():
            break
        if not is_open:
            panel.scroll_into_view_if_needed()
            panel.locator("summary").click(no_wait_after=True)
        page.wait_for_timeout(1000)
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_visible()
    return grid


def edit_planner_target(page: Page, row: int, value: str) -> None:
    """Open the planner panel and type a target into its data editor: `row` of the table (one row
    per indicator × period, card order then period: on the seed card 0–4 are 홍보 2022 … 2026. 6.
    and 5–9 신청), column 목표 (after 지표 and 기간)."""
    grid = open_planner_panel(page)
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)    # first body cell (header row is 35 px)
    page.wait_for_timeout(200)
    for key in ["ArrowRight"] * 2 + ["ArrowDown"] * row:
        page.keyboard.press(key)
        page.wait_for_timeout(100)
    page.keyboard.press("Enter")                              # open the cell editor
    page.wait_for_timeout(500)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    wait_idle(page, 800)


def proposal_form(page: Page):
    """The sidebar's 목표 변경 제안 form (shown once a what-if target is typed)."""
    return sidebar(page).locator("[data-testid=stForm]").filter(has_text="목표 변경 제안")


def fill_proposal(page: Page, reason: str, effective: tuple[int, int, int] | None = None):
    """Fill the proposal form's 변경 사유 and, when given, its 적용일 (year, month, day); the form."""
    form = proposal_form(page)
    form.get_by_label("변경 사유").fill(reason)
    if effective:
        type_date(page, form, *effective)
    return form


def screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page (the app scrolls inside its main block, so grow the viewport)."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 6000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
