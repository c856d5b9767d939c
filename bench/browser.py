"""The dashboard in headless Chromium for the national benchmark (bench/run.py): a visitor's first
paint (공약 이행 현황), the overview's render from the click on 로그인, the year change, the 전체 현황
page, and the server's peak memory; the floor (bench/floor_app.py, one st.write) timed the same
way; and where the first paint's and the overview's time goes (the browser's own timings).

    .venv/bin/python -m bench.run --sizes 10m --runs 3 --browser-only --no-write    # the browser part alone
"""
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


# Installed in every page before Streamlit's own scripts: the resource timing buffer large enough
# for every JavaScript chunk (the default 250 drops the late ones), and the websocket's messages
# time-stamped in the page (performance.now(), ms since the navigation started).
INSTRUMENT_JS = """(() => {
  performance.setResourceTimingBufferSize(5000);
  const ws = window.__bench = {open: null, sent: [], recv: [], bytes: 0};
  const Native = window.WebSocket;
  function Instrumented(...args) {
    const socket = new Native(...args);
    socket.addEventListener('open', () => { ws.open = performance.now(); });
    socket.addEventListener('message', (e) => {
      ws.recv.push(performance.now()); ws.bytes += e.data.byteLength || e.data.size || e.data.length || 0; });
    const send = socket.send.bind(socket);
    socket.send = (data) => { ws.sent.push(performance.now()); return send(data); };
    return socket;
  }
  Instrumented.prototype = Native.prototype;
  Object.assign(Instrumented, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  window.WebSocket = Instrumented;
})()"""

# Where one screen's time went, from `since` (ms, performance.now()) to now: the page's HTML and
# JavaScript (bytes over the network, chunks, the last chunk's end), the websocket (open, the
# first message sent, the first and last message received, their count: about one per element).
PARTS_JS = """(since) => {
  const now = performance.now(), nav = performance.getEntriesByType('navigation')[0];
  const js = performance.getEntriesByType('resource').filter(e => e.startTime >= since && /[.]js([?]|$)/.test(e.name));
  const ws = window.__bench || {sent: [], recv: [], bytes: 0};
  const sent = ws.sent.filter(t => t >= since), recv = ws.recv.filter(t => t >= since);
  const rel = (t) => t == null ? null : (t - since) / 1000;
  return {total: rel(now), dom_ready: since === 0 && nav ? rel(nav.domContentLoadedEventEnd) : null,
          js_chunks: js.length, js_mb: js.reduce((a, e) => a + e.transferSize, 0) / 1e6,
          js_decoded_mb: js.reduce((a, e) => a + e.decodedBodySize, 0) / 1e6,
          js_last_end: js.length ? rel(Math.max(...js.map(e => e.responseEnd))) : null,
          ws_open: since === 0 ? rel(ws.open) : null, first_sent: rel(sent[0]),
          first_message: rel(recv[0]), last_message: rel(recv[recv.length - 1]), messages: recv.length,
          plotly: js.some(e => /plotly/i.test(e.name))};
}"""


def _parts(page, since: float = 0.0) -> dict:
    """PARTS_JS in the page (seconds, rounded to the millisecond)."""
    out = page.evaluate(PARTS_JS, since)
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def _now(page) -> float:
    return page.evaluate("() => performance.now()")


RENDERED_JS = """() => !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stSpinner"]')"""


def _wait_idle(page, marker: str, timeout: float = 120_000) -> None:
    """The marker text is visible, the app connected and idle (bench.server.wait_for_app), and no
    skeleton or spinner is left."""
    page.get_by_text(marker, exact=False).first.wait_for(state="visible", timeout=timeout)
    wait_for_app(page, timeout)
    page.wait_for_function(RENDERED_JS, timeout=timeout, polling=50)


CHARTS_DRAWN_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .every(c => c.querySelector('.js-plotly-plot .main-svg'))"""


HEADLINE = ".st-key-rate_bars [data-testid=stProgress]"     # 개요's headline bars (공약 이행률, 기대 이행률)


def _wait_charts(page, timeout: float = 120_000) -> None:
    """개요's headline figure drawn (its bars: until 2026-11 a plotly gauge, waited for as the
    first plotly chart) and every chart on the page drawn (a plotly chart's SVG in place)."""
    page.locator(HEADLINE).last.wait_for(state="visible", timeout=timeout)
    page.wait_for_function(CHARTS_DRAWN_JS, timeout=timeout, polling=50)


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


def browser_bench(label: str, runs: int, db: Path, app: str = "dashboard.py", ready: bool = True,
                  env: dict | None = None) -> dict:
    """Overview render, year change and 전체 현황 render on the data set; the server's peak memory."""
    from playwright.sync_api import sync_playwright

    path = db
    staff_account(path)
    result: dict = {"label": label, "load_average_before": load_average()}
    secret = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}    # sign-in outside the default store
    # A fresh server, ready as a deployment's readiness probe finds it (bench.server.wait_healthy).
    with streamlit_server(path, log=OUT / f"streamlit-{label}.log", app=ROOT / app, timeout=120,
                          env={**secret, **(env or {})}, ready=ready) as server:
        url = f"{server.url}/sign_in"
        with sync_playwright() as p:
            browser = launch_chromium(p)
            # One browser profile: the first visit loads Streamlit's JavaScript (cold, reported
            # apart); later visits are a returning user's, with the browser cache warm.
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.add_init_script(INSTRUMENT_JS)
            try:
                paints, renders, changes, portfolio, parts = [], [], [], [], {}
                for i in range(runs + 1):          # the first is cold (empty caches), reported apart
                    page = context.new_page()
                    # First paint: a visitor's default page (공약 이행 현황, every pledge's figures).
                    t = time.perf_counter()
                    page.goto(server.url)
                    _wait_idle(page, "임기내 이행률")
                    paints.append(time.perf_counter() - t)
                    if i < 2:           # the cold visit and the first returning one
                        parts["paint_cold" if i == 0 else "paint"] = _parts(page)
                    page.goto(url)
                    page.locator("[data-testid=stForm]").get_by_label("아이디").wait_for(state="visible")
                    # The overview's render, from the click on 로그인 (a staff page: it follows the sign-in).
                    since = _now(page)
                    t = time.perf_counter()
                    _sign_in(page)
                    _wait_idle(page, "공약 이행률")
                    _wait_charts(page)
                    renders.append(time.perf_counter() - t)
                    if i < 2:
                        parts["render_cold" if i == 0 else "render"] = _parts(page, since)
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
            "ready_s": server.ready_s, "parts": parts,
        })
    print(f"[{label}] browser: {result}", file=sys.stderr)
    return result


FLOOR_MARKER = "최소 앱"


def floor_bench(runs: int) -> dict:
    """The floor: bench/floor_app.py (one st.write) on a fresh server, timed like the first paint
    (a fresh browser profile, then returning visits in it)."""
    from playwright.sync_api import sync_playwright

    result: dict = {"label": "floor", "load_average_before": load_average()}
    with streamlit_server(Path("unused.duckdb"), log=OUT / "streamlit-floor.log", app=ROOT / "bench" / "floor_app.py",
                          timeout=120, ready=True) as server, sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(INSTRUMENT_JS)
        paints, parts = [], {}
        try:
            for i in range(runs + 1):
                page = context.new_page()
                t = time.perf_counter()
                page.goto(server.url)
                _wait_idle(page, FLOOR_MARKER)
                paints.append(time.perf_counter() - t)
                if i < 2:
                    parts["paint_cold" if i == 0 else "paint"] = _parts(page)
                page.close()
        finally:
            browser.close()
    result.update({"paint_cold": paints[0], "paint": statistics.median(paints[1:]), "paint_min": min(paints[1:]),
                   "ready_s": server.ready_s, "parts": parts, "load_average_after": load_average()})
    print(f"[floor] browser: {result}", file=sys.stderr)
    return result

