"""OpenID Connect sign-in end to end: a real OpenID provider (the `oidc-provider-mock` package,
started here in its own process on a free port), the dashboard server (bench/server.py) with its
own secrets file ([auth] through STREAMLIT_SECRETS_FILES — the repository's .streamlit is not
touched), and Chromium clicking 로그인 (OIDC), typing the subject into the provider's form and
landing back in the app. No mocked st.user: Streamlit's own /auth/login → provider →
/oauth2callback flow with Authlib, and ui/auth.py mapping st.user's subject to a store account.

- the subject an admin bound to a planner account gets the planner's pages and 64.85%, still
  signed in after a reload;
- a subject nobody registered gets no role (only the public pages);
- 로그아웃 ends the app's session and the provider's (its end-session form), back to 시민.
A screenshot after the OIDC sign-in goes to tests/artifacts/oidc-planner.png.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from bench.server import free_port, start, stop, wait_healthy
from data.accounts import create_account, create_first_admin
from data.authority import Actor, Role
from data.store import connect
from tests.accounts import SERVER_ENV
from tests.e2e.helpers import main, screenshot, sidebar, wait_idle

pytest.importorskip("oidc_provider_mock")
pytest.importorskip("authlib")

SUBJECT = "kim-planner"                     # bound by the admin to the planner account below
EMAIL = "kim.planner@city.example"          # the provider's e-mail claim for that subject
STRANGER = "nobody-registered"              # an identity the city never registered
CLIENT_ID, CLIENT_SECRET = "pledge-dashboard", "oidc-test-client-secret-0123456789"
COOKIE_SECRET = SERVER_ENV["STREAMLIT_SERVER_COOKIE_SECRET"]


def wait_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Poll `url` until it answers 200; RuntimeError with the log if the process exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"OpenID provider exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"OpenID provider not up after {timeout}s:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """`python -m oidc_provider_mock` on a free 127.0.0.1 port (http: it sets Authlib's
    AUTHLIB_INSECURE_TRANSPORT for itself); the planner's subject has an e-mail claim."""
    work = tmp_path_factory.mktemp("oidc-provider")
    port, log = free_port(), work / "provider.log"
    claims = f'{{"sub": "{SUBJECT}", "email": "{EMAIL}", "name": "김기획"}}'
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
                                 "--port", str(port), "--user-claims", claims],
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/.well-known/openid-configuration", proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def oidc_app(built_db, provider, tmp_path_factory):
    """The dashboard over a copy of the store in which an admin made a planner bound to SUBJECT,
    with its own secrets file holding the [auth] section that points at the provider."""
    work = tmp_path_factory.mktemp("oidc-app")
    db = work / "pledges.duckdb"
    shutil.copy(built_db, db)
    con = connect(db)
    try:
        create_first_admin(con, "root", "최관리", "correct-horse-7")
        admin = Actor("root", frozenset({Role.ADMIN}))
        create_account(con, admin, "kimoidc", "김기획", roles=["planner"], oidc_subject=SUBJECT)
    finally:
        con.close()
    port = free_port()
    secrets = work / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{COOKIE_SECRET}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    env = {**SERVER_ENV, "STREAMLIT_SECRETS_FILES": str(secrets)}
    server = start(db, work / "streamlit.log", port=port, env=env)
    try:
        wait_healthy(server)
        yield server
    finally:
        stop(server)


def account_box(page: Page):
    return page.locator(".st-key-account_box")


def nav(page: Page):
    return sidebar(page).locator("[data-testid=stSidebarNav]")


def oidc_sign_in(page: Page, app_url: str, provider: str, subject: str) -> None:
    """Open the app's 로그인 page, click 로그인 (OIDC), type the subject into the provider's form, submit,
    and wait until the app has loaded again after /oauth2callback."""
    page.goto(f"{app_url}/sign_in")
    wait_idle(page, 800)
    with page.expect_navigation(url=lambda u: u.startswith(provider), timeout=30_000):
        main(page).get_by_role("button", name="로그인 (OIDC)").click()
    expect(page.locator("h1")).to_have_text("Authorize Client")
    page.locator("input[name=sub]").fill(subject)
    with page.expect_navigation(url=lambda u: u.startswith(app_url), timeout=30_000):
        page.get_by_role("button", name="Authorize").click()
    wait_idle(page, 1500)
    assert page.locator("[data-testid=stException]").count() == 0


def test_oidc_planner_signs_in_sees_planner_pages_and_signs_out(oidc_app, provider, new_page, artifacts):
    page = new_page()
    oidc_sign_in(page, oidc_app.url, provider, SUBJECT)
    expect(account_box(page)).to_contain_text("kimoidc")
    expect(account_box(page)).to_contain_text("기획")
    expect(nav(page)).to_contain_text("개요")
    expect(nav(page)).not_to_contain_text("로그인")
    expect(nav(page)).not_to_contain_text("감사")
    expect(nav(page)).not_to_contain_text("기록 가져오기")
    expect(sidebar(page).locator("[data-testid=stExpander]").filter(has_text="목표 조정 (기획)")).to_have_count(1)
    expect(main(page)).to_contain_text("64.85%")
    screenshot(page, artifacts / "oidc-planner.png")
    page.reload()               # a new Streamlit session: Streamlit's identity cookie signs it in again (README)
    wait_idle(page, 1500)
    expect(account_box(page)).to_contain_text("kimoidc")
    expect(main(page)).to_contain_text("64.85%")

    account_box(page).get_by_role("button", name="로그아웃").click()
    # st.logout() goes through the provider's end-session form (RP-initiated logout)
    page.wait_for_url(lambda u: u.startswith(provider), timeout=30_000)
    expect(page.locator("h1")).to_have_text("End Session")
    with page.expect_navigation(url=lambda u: u.startswith(oidc_app.url), timeout=30_000):
        page.get_by_role("button", name="End session").click()
    wait_idle(page, 1500)
    expect(account_box(page)).to_contain_text("로그인하지 않았습니다")
    expect(nav(page)).to_contain_text("로그인")
    expect(nav(page)).not_to_contain_text("개요")


def test_oidc_unregistered_subject_gets_no_role(oidc_app, provider, new_page):
    page = new_page()
    oidc_sign_in(page, oidc_app.url, provider, STRANGER)
    expect(account_box(page)).to_contain_text("등록되어 있지 않아 역할이 없습니다")
    expect(account_box(page)).to_contain_text("로그인하지 않았습니다")
    expect(nav(page)).not_to_contain_text("개요")
    expect(nav(page)).not_to_contain_text("감사")
    expect(sidebar(page).locator("[data-testid=stExpander]").filter(has_text="목표 조정 (기획)")).to_have_count(0)
