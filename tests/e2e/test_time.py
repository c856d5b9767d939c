"""Figures that know what time it is (issue 12), in a real browser: the root URL opened cold shows
the seed's data date (2024. 5. 31.) and 64.85% with no error or warning about the status; an as-of
date past the data shows the data-date notice, not a status mismatch; the term's first day raises
no false flag; a synthetic 민선 9기 card (tests/fixtures/cards) shows in its own term. Pages need a
signed-in account: the test store gets a planner account and the browser signs in with it.
Screenshots of 개요 (forecast and waterfall) go to tests/artifacts/."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from playwright.sync_api import expect

from bench.server import streamlit_server
from data import accounts
from data.authority import Role
from data.build import build
from data.store import CARDS_DIR, connect

from .helpers import choose, go_to, main, metric, open_app, screenshot, set_as_of, wait_idle

FIXTURE_CARD = Path(__file__).resolve().parents[1] / "fixtures" / "cards" / "demo9-1-1-1.yaml"
PASSWORD = "시험 비밀번호 1234"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The app over a store built from data/cards plus the synthetic 9기 card, with an admin and a
    planner account (cheap hashes), the cookie secret set so that sign-in may start."""
    work = tmp_path_factory.mktemp("time")
    cards = work / "cards"
    shutil.copytree(CARDS_DIR, cards)
    shutil.copy(FIXTURE_CARD, cards)
    db = build(work / "pledges.duckdb", cards_dir=cards)
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    original = accounts._hasher
    accounts._hasher = lambda: cheap
    try:
        con = connect(db)
        accounts.create_first_admin(con, "admin", "관리자", PASSWORD)
        admin = accounts.sign_in(con, "admin", PASSWORD)
        accounts.create_account(con, admin, "planner", "기획 담당", password=PASSWORD, roles=[Role.PLANNER])
        con.close()
    finally:
        accounts._hasher = original
    with streamlit_server(db, log=work / "streamlit.log",
                          env={"STREAMLIT_SERVER_COOKIE_SECRET": "e2e-time-" + "x" * 32}) as running:
        yield running.url


def signed_in(page, url: str) -> None:
    """Open the app cold, sign in as the planner (the 로그인 page) and land on 개요."""
    open_app(page, url, login=None)
    go_to(page, "로그인")
    page.get_by_label("아이디").fill("planner")
    page.get_by_label("비밀번호").fill(PASSWORD)
    page.get_by_role("button", name="로그인").click()
    wait_idle(page, 1500)
    go_to(page, "개요")


def status_alerts(page) -> list[str]:
    return [t for t in main(page).locator("[data-testid=stAlertContentError], [data-testid=stAlertContentWarning]"
                                          ).all_inner_texts() if "추진상황" in t]


def test_cold_root_shows_the_data_date_and_the_seed_rate(server, page, artifacts):
    open_app(page, server, login=None)                                   # anonymous: the public page
    expect(main(page)).to_contain_text("2024. 5. 31.")
    expect(main(page)).to_contain_text("64.85%")
    assert status_alerts(page) == []
    signed_in(page, server)
    body = main(page)
    expect(body).to_contain_text("기준일 2024. 5. 31.")
    assert metric(page, "공약 이행률") == "64.85%"
    assert status_alerts(page) == []
    expect(body.locator("[data-testid=stDataFrame]")).to_have_count(0)   # the first screen: no table, no chart
    expect(body.locator(".js-plotly-plot")).to_have_count(0)
    body.locator("[data-testid=stExpander] summary").filter(has_text="전망 (현재 속도가 이어질 때)").click()
    expect(body).to_contain_text("전망 방법")
    body.locator("[data-testid=stExpander] summary").filter(has_text="이행률 변동 요인").click()
    expect(body.locator(".js-plotly-plot").filter(has_text="확인지표별 기여")).to_have_count(1)
    screenshot(page, artifacts / "time-overview-2024-05-31.png")


def test_an_as_of_past_the_data_says_so(server, page, artifacts):
    signed_in(page, server)
    set_as_of(page, 2026, 11, 26)
    body = main(page)
    expect(body).to_contain_text("기준일 2026. 11. 26.")
    expect(body).to_contain_text("자료는 2024. 5. 31.까지")
    expect(body).to_contain_text("자료 미갱신")
    expect(body).to_contain_text("민선 8기 임기는 2026. 6. 30. 끝났습니다 — 최종 수치")
    assert status_alerts(page) == []
    screenshot(page, artifacts / "time-overview-2026-11-26.png")


def test_the_url_as_of_past_the_data_shows_the_notice_not_a_mismatch(server, page):
    open_app(page, server + "?as_of=2026-11-26", login=None)             # anonymous, cold, with the date in the URL
    assert status_alerts(page) == []
    assert "맞지 않습니다" not in main(page).inner_text()


def test_the_term_start_raises_no_false_flag(server, page):
    signed_in(page, server)
    set_as_of(page, 2022, 7, 1)
    body = main(page)
    expect(body).to_contain_text("기준일 2022. 7. 1.")
    assert status_alerts(page) == []
    expect(body).to_contain_text("판단 유보")


def test_the_synthetic_9th_term_card_shows_in_its_own_term(server, page, artifacts):
    signed_in(page, server)
    choose(page, "임기", "민선 9기 (2026. 7. 1. ~ 2030. 6. 30.)")
    body = main(page)
    expect(body).to_contain_text("합성 시험 공약 (민선 9기)")
    expect(body).to_contain_text("합성 데모 자료")
    expect(body).to_contain_text("기준일 2026. 10. 31.")
    assert metric(page, "공약 이행률") == "10.00%"
    screenshot(page, artifacts / "time-overview-9th-term.png")
