"""Sign-in, roles and the approval workflow in Chromium: local sign-in, the wrong-password
message, lock-out after 5 failures, sign-out, the idle timeout; a planner proposes a 2025 target
change effective 2024-06-01, an approver approves, and the official rate stays 64.85% as of
2024-05-31 but changes from 2024-06-01; an anonymous visitor opening /import or /audit gets no
tool. Screenshots of the sign-in form and the approvals page go to tests/artifacts/."""
from __future__ import annotations


import pytest
from playwright.sync_api import expect

from bench.server import streamlit_server
from tests.accounts import LOGINS, PASSWORD, SERVER_ENV, store_with_accounts
from tests.e2e.helpers import (edit_planner_target, fill_proposal, go_to, main, metric, open_app, screenshot,
                               set_as_of, sidebar, sign_in, wait_idle)


@pytest.fixture(scope="module")
def auth_server(built_db, tmp_path_factory):
    """A server of its own (accounts per role, a cookie secret, a 2-minute idle timeout... kept
    long enough for the flows; the idle test uses a second server with a few seconds)."""
    work = tmp_path_factory.mktemp("auth")
    db = store_with_accounts(built_db, work)
    with streamlit_server(db, log=work / "streamlit.log", env=SERVER_ENV) as running:
        yield running.url


def account_box(page):
    return page.locator(".st-key-account_box")


def test_sign_in_wrong_password_lock_out_and_sign_out(auth_server, new_page, artifacts):
    page = new_page()
    open_app(page, auth_server, login=None)
    expect(account_box(page)).to_contain_text("로그인하지 않았습니다")
    go_to(page, "로그인")
    screenshot(page, artifacts / "sign-in.png")
    sign_in(page, LOGINS["auditor"], "wrong-password")
    expect(main(page)).to_contain_text("아이디 또는 비밀번호가 올바르지 않습니다")
    sign_in(page, LOGINS["auditor"], PASSWORD)
    expect(account_box(page)).to_contain_text("이감사")
    expect(main(page)).to_contain_text("64.85%")
    nav = sidebar(page).locator("[data-testid=stSidebarNav]")
    expect(nav).to_contain_text("감사")
    expect(nav).not_to_contain_text("기록 가져오기")
    page.reload()               # a new session: nothing in the browser signs it in (README: 로그인과 역할)
    wait_idle(page, 800)
    expect(account_box(page)).to_contain_text("로그인하지 않았습니다")
    expect(nav).not_to_contain_text("감사")
    sign_in(page, LOGINS["auditor"], PASSWORD)
    expect(account_box(page)).to_contain_text("이감사")
    account_box(page).get_by_role("button", name="로그아웃").click()
    wait_idle(page, 800)
    expect(account_box(page)).to_contain_text("로그인하지 않았습니다")
    expect(nav).not_to_contain_text("감사")

    # Lock-out: 5 wrong passwords in a row, then even the right one is refused.
    for _ in range(5):
        sign_in(page, LOGINS["department"], "wrong-password")
    expect(main(page)).to_contain_text("잠겼습니다")
    sign_in(page, LOGINS["department"], PASSWORD)
    expect(main(page)).to_contain_text("잠겼습니다")
    expect(account_box(page)).to_contain_text("로그인하지 않았습니다")


@pytest.mark.parametrize("path", ["import", "audit", "approvals", "users"])
def test_anonymous_visitor_opening_a_tool_url_gets_no_tool(auth_server, page, path):
    page.goto(f"{auth_server}/{path}")
    page.wait_for_timeout(2500)
    wait_idle(page, 500)
    assert page.locator("[data-testid=stFileUploader]").count() == 0
    expect(page.locator("[data-testid=stApp]")).not_to_contain_text("작업 기록")      # no audit tables
    expect(page.locator("[data-testid=stApp]")).not_to_contain_text("가져오기 기록")
    assert page.get_by_role("button", name="가져오기").count() == 0
    assert page.get_by_role("button", name="결정 기록").count() == 0
    assert page.get_by_role("button", name="계정 만들기").count() == 0


def test_planner_proposes_approver_approves_from_the_effective_date(auth_server, new_page, artifacts):
    planner = new_page()
    open_app(planner, f"{auth_server}/?as_of=2024-05-31", login=LOGINS["planner"])
    planner.set_viewport_size({"width": 1500, "height": 1800})          # the account box pushes the grid down
    sidebar(planner).locator("[data-testid=stExpander]").filter(has_text="산식 설정").scroll_into_view_if_needed()
    edit_planner_target(planner, row=8, value="500")         # 신청 × 2025
    expect(sidebar(planner)).to_contain_text("목표 변경 제안")
    assert metric(planner, "공약 이행률") == "64.85%"
    panel = fill_proposal(planner, "대상 확대 (평가단 심의 요청)", effective=(2024, 6, 1))
    panel.get_by_role("button", name="제안").click()
    wait_idle(planner, 800)
    expect(sidebar(planner)).to_contain_text("승인 대기")
    assert metric(planner, "공약 이행률") == "64.85%"                  # official, unchanged while pending
    set_as_of(planner, 2024, 6, 1)
    pending_rate = metric(planner, "공약 이행률")                      # official as of 6/1, still pending

    approver = new_page()
    open_app(approver, f"{auth_server}/?as_of=2024-06-30", login=LOGINS["approver"])
    go_to(approver, "목표 변경 승인")
    expect(main(approver)).to_contain_text("승인 대기 1건")
    expect(main(approver)).to_contain_text("500")
    approver.get_by_label("문서 번호").fill("기획예산과-1234")
    screenshot(approver, artifacts / "approvals.png")
    approver.get_by_role("button", name="결정 기록").click()
    wait_idle(approver, 800)
    expect(main(approver)).to_contain_text("1건을 승인했습니다")

    go_to(planner, "개요")
    set_as_of(planner, 2024, 5, 31)
    assert metric(planner, "공약 이행률") == "64.85%"                  # before the effective date
    set_as_of(planner, 2024, 6, 1)
    approved_rate = metric(planner, "공약 이행률")
    assert approved_rate != pending_rate, (pending_rate, approved_rate)   # in force from its effective date


def test_idle_session_is_signed_out(built_db, tmp_path_factory, new_page):
    work = tmp_path_factory.mktemp("idle")
    db = store_with_accounts(built_db, work)
    with streamlit_server(db, log=work / "streamlit.log", env={**SERVER_ENV, "PLEDGE_IDLE_MINUTES": "0.05"}) as srv:
        page = new_page()
        open_app(page, srv.url, login=LOGINS["auditor"])
        expect(account_box(page)).to_contain_text("이감사")
        page.wait_for_timeout(4000)                                  # 3 s without a rerun
        go_to(page, "개요") if sidebar(page).locator("[data-testid=stSidebarNav]").get_by_text("개요").count() else None
        wait_idle(page, 800)
        expect(account_box(page)).to_contain_text("로그인하지 않았습니다")
        expect(page.locator("[data-testid=stSidebar]")).to_contain_text("로그아웃되었습니다")
