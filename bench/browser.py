"""The dashboard in headless Chromium for the national benchmark (bench/run.py): a visitor's first
paint (공약 이행 현황), the overview's render from the click on 로그인, the year change, the 전체 현황
page, and the server's peak memory."""
from __future__ import annotations

import secrets
import statistics
import sys
import time
from pathlib import Path

from bench.server import launch_chromium, streamlit_server, wait_for_app

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


def load_average() -> str:
    """The 1-minute load average (other processes on the machine skew the timings)."""
    return Path("/proc/loadavg").read_text().split()[0]


RENDERED_JS = """() => !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stSpinner"]')"""


def _wait_idle(page, marker: str, timeout: float = 120_000) -> None:
    """The marker text is visible, the app connected and idle (bench.server.wait_for_app), and no
    skeleton or spinner is left."""
    page.get_by_text(marker, exact=False).first.wait_for(state="visible", timeout=timeout)
    wait_for_app(page, timeout)
    page.wait_for_function(RENDERED_JS, timeout=timeout, polling=50)


def _open_option(page, combobox: str, name: str):
    """Open a selectbox and return its option `name`, visible (a click that lands while the
    sidebar is still settling focuses the box without opening its list: try again)."""
    option = page.get_by_role("option", name=name, exact=True)
    for _ in range(3):
        page.locator(combobox).click()
        try:
            option.wait_for(state="visible", timeout=5_000)
            return option
        except Exception:           # playwright's TimeoutError
            page.keyboard.press("Escape")
    page.locator(combobox).click()
    option.wait_for(state="visible")
    return option


BENCH_LOGIN, BENCH_PASSWORD = "bench-admin", "bench-password-7"


def staff_account(path: Path) -> None:
    """The benchmark's staff account in the data set (the first admin; kept when it exists)."""
    from data.accounts import AccountError, create_first_admin
    from data.build import open_store

    con = open_store(path)
    try:
        create_first_admin(con, BENCH_LOGIN, "성능 측정", BENCH_PASSWORD)
    except AccountError:
        pass
    finally:
        con.close()


def _sign_in(page) -> None:
    """Sign in on the 로그인 page (the session's first page) as the benchmark's staff account."""
    form = page.locator("[data-testid=stForm]")
    form.get_by_label("아이디").fill(BENCH_LOGIN)
    form.get_by_label("비밀번호").fill(BENCH_PASSWORD)
    form.get_by_role("button", name="로그인").click()


def browser_bench(label: str, runs: int, db: Path, app: str = "dashboard.py") -> dict:
    """Overview render, year change and 전체 현황 render on the data set; the server's peak memory."""
    from playwright.sync_api import sync_playwright

    path = db
    staff_account(path)
    result: dict = {"label": label, "load_average_before": load_average()}
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}    # sign-in outside the default store
    with streamlit_server(path, log=OUT / f"streamlit-{label}.log", app=ROOT / app, timeout=120,
                          env=secret) as server:
        url = f"{server.url}/sign_in"
        with sync_playwright() as p:
            browser = launch_chromium(p)
            # One browser profile: the first visit loads Streamlit's and plotly's JavaScript (cold,
            # reported apart); later visits are a returning user's, with the browser cache warm.
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                paints, renders, changes, portfolio = [], [], [], []
                for i in range(runs + 1):          # the first is cold (empty caches), reported apart
                    page = context.new_page()
                    # First paint: a visitor's default page (공약 이행 현황, every pledge's figures).
                    t = time.perf_counter()
                    page.goto(server.url)
                    _wait_idle(page, "임기내 이행률")
                    paints.append(time.perf_counter() - t)
                    page.goto(url)
                    page.locator("[data-testid=stForm]").get_by_label("아이디").wait_for(state="visible")
                    # The overview's render, from the click on 로그인 (a staff page: it follows the sign-in).
                    t = time.perf_counter()
                    _sign_in(page)
                    _wait_idle(page, "공약 이행률")
                    page.locator(".js-plotly-plot").first.wait_for(state="visible")
                    renders.append(time.perf_counter() - t)
                    for year in (2024, 2023):
                        option = _open_option(page, '[data-testid="stSidebar"] .st-key-year [role="combobox"]',
                                              f"{year}년")
                        t = time.perf_counter()
                        option.click()
                        _wait_idle(page, f"{year}년 목표 달성률")
                        changes.append(time.perf_counter() - t)
                    # As a user goes there: the sidebar's navigation (a direct /portfolio URL would run
                    # the page without dashboard.py, Streamlit's pages/ folder fallback).
                    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text="전체 현황").first
                    t = time.perf_counter()
                    link.click()
                    _wait_idle(page, "시군별 현황")
                    portfolio.append(time.perf_counter() - t)
                    page.close()
            finally:
                browser.close()
        result.update({
            "paint_cold": paints[0], "paint": statistics.median(paints[1:]), "paint_min": min(paints[1:]),
            "render_cold": renders[0], "render": statistics.median(renders[1:]),
            "year_change": statistics.median(changes[2:]) if len(changes) > 2 else changes[-1],
            "portfolio_cold": portfolio[0], "portfolio": statistics.median(portfolio[1:]),
            "render_min": min(renders[1:]), "year_change_min": min(changes[2:] or changes),
            "portfolio_min": min(portfolio[1:]),
            "memory_mb": server.peak_rss_mb(), "load_average_after": load_average(),
        })
    print(f"[{label}] browser: {result}", file=sys.stderr)
    return result
