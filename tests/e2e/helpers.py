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
    page.wait_for_function(IDLE, timeout=60_000)
    expect(page.locator("[data-testid=stStatusWidget]")).to_have_count(0, timeout=60_000)


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    wait_idle(page, 800)
    assert page.locator("[data-testid=stException]").count() == 0


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


def set_as_of(page: Page, year: int, month: int, day: int) -> None:
    """Type a date into the sidebar's 기준일 field and confirm it in the calendar."""
    import calendar

    sidebar(page).locator("[data-testid=stDateInput] [data-type=year]").click()
    page.keyboard.type(f"{year:04d}")
    page.keyboard.type(f"{month:02d}")
    page.keyboard.type(f"{day:02d}")
    label = f"{calendar.month_name[month]} {day}, {year}"
    page.locator(f"[role=button][aria-label*='{label}']").click()
    wait_idle(page)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a sidebar selectbox."""
    sidebar(page).locator("[data-testid=stSelectbox]").filter(has_text=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def edit_planner_target(page: Page, column: int, row: int, value: str) -> None:
    """Open the planner panel and type a target into its data editor (column 0 = 기간)."""
    panel = sidebar(page).locator("[data-testid=stExpander]").filter(has_text="목표 조정 (기획)")
    if not panel.locator("[data-testid=stDataFrame]").is_visible():
        panel.locator("summary").click()
    grid = panel.locator("[data-testid=stDataFrame]")
    grid.scroll_into_view_if_needed()
    expect(grid).to_be_visible()
    page.wait_for_timeout(300)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)    # first body cell (header row is 35 px)
    page.wait_for_timeout(200)
    for key in ["ArrowRight"] * column + ["ArrowDown"] * row:
        page.keyboard.press(key)
        page.wait_for_timeout(100)
    page.keyboard.press("Enter")                              # open the cell editor
    page.wait_for_timeout(500)
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.wait_for_timeout(200)
    page.keyboard.press("Enter")
    wait_idle(page, 800)


def screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page (the app scrolls inside its main block, so grow the viewport)."""
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height) + 40, 6000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
