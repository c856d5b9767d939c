"""The planner's care with targets (issue 12), in Chromium (AppTest cannot edit a data editor):
a negative target (-5) and a non-whole one (2.5) are refused with a visible Korean line, no
what-if is applied and nothing can be proposed; a 2025 target of 99,999,999 (more than 10× the
largest other period) asks for confirmation — 제안 without the tick proposes nothing, with the
tick, a reason and 적용일 2025-01-01 it is recorded as pending (승인 대기). Afterwards the store
(read after the server stops) holds exactly that one proposal. Screenshots of the refusal and of
the confirmation go to tests/artifacts/.

The card's 사업규모 (600명) is free text in the card's overview, in people, while the indicators
count publicity actions and applications (the seed's term total of applications, 2,205, is
already above 600): the store holds no size comparable with a term total, so the planner does not
compare against it and no test here does."""
from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from bench.server import streamlit_server
from data.store import connect
from tests.accounts import LOGINS, SERVER_ENV, store_with_accounts
from tests.e2e.helpers import (edit_planner_target, fill_proposal, main, metric, open_app, proposal_form,
                               screenshot, sidebar, wait_idle)

PLANNER = LOGINS["planner"]        # a planner and nothing else
APPLICATIONS_2025 = 8             # the table's row of 신청 × 2025 (0–4: 홍보 2022 … 2026. 6., 5–9: 신청)
REASON = "대상 확대 (공약이행평가단 심의 요청)"


@pytest.fixture(scope="module")
def app(built_db, tmp_path_factory):
    """A server of its own over a private store copy; `stop()` ends it so that the store can be
    read; `proposed` lists what the tests proposed through the page."""
    work = tmp_path_factory.mktemp("planner_care")
    db = store_with_accounts(built_db, work)
    with ExitStack() as stack:
        running = stack.enter_context(streamlit_server(db, log=work / "streamlit.log", env=SERVER_ENV))
        yield SimpleNamespace(url=running.url, db=db, stop=stack.close, proposed=[])


@pytest.fixture(scope="module")
def page(browser, app):
    """One planner session for the module (signed in once; each test types over the same cell)."""
    context = browser.new_context(viewport={"width": 1500, "height": 1800}, locale="en-US")  # account box pushes the grid down
    context.set_default_timeout(60_000)                                 # a busy machine renders slowly
    pg = context.new_page()
    open_app(pg, f"{app.url}/?as_of=2024-05-31", login=PLANNER)
    expect(sidebar(pg)).to_contain_text("목표 조정 (기획)")
    yield pg
    context.close()


def assert_refused(page, line: str) -> None:
    """The refusal is shown, no what-if is applied anywhere and there is no 제안 to press."""
    refusal = sidebar(page).locator("[data-testid=stAlert]").filter(has_text=line)
    expect(refusal).to_be_visible()
    expect(sidebar(page)).not_to_contain_text("적용 중")                # a refused value is not announced as applied
    expect(page.locator(".st-key-whatif_block")).to_have_count(0)
    expect(main(page).locator("[data-testid=stMetricLabel]").filter(has_text="가정 목표 적용")).to_have_count(0)
    assert metric(page, "공약 이행률") == "64.85%"
    expect(sidebar(page).get_by_role("button", name="제안")).to_have_count(0)
    expect(sidebar(page).locator("[data-testid=stForm]")).to_have_count(0)


def test_a_negative_target_is_refused_with_a_message(page, artifacts):
    edit_planner_target(page, row=APPLICATIONS_2025, value="-5")
    assert_refused(page, "2025 신청: 목표는 0 이상이어야 합니다 (입력 -5).")
    expect(sidebar(page)).not_to_contain_text("입력 5)")                 # -5 is never read as 5
    screenshot(page, artifacts / "planner-refused-negative.png")


def test_a_non_whole_target_is_refused(page):
    edit_planner_target(page, row=APPLICATIONS_2025, value="2.5")
    assert_refused(page, "2025 신청: 목표는 정수여야 합니다 (입력 2.5).")


def test_an_implausible_target_asks_before_it_is_proposed(page, app, artifacts):
    edit_planner_target(page, row=APPLICATIONS_2025, value="99999999")
    form = proposal_form(page)
    expect(form).to_contain_text("2025 신청: 99,999,999 — 다른 기간 최대값(630)의 10배를 넘습니다.")
    confirm = form.get_by_label("위의 큰 값이 맞습니다")
    expect(confirm).not_to_be_checked()
    fill_proposal(page, REASON, effective=(2025, 1, 1))

    # 제안 without the tick: refused, nothing proposed.
    form.get_by_role("button", name="제안").click()
    wait_idle(page, 800)
    expect(form).to_contain_text("비정상적으로 큰 값입니다: 확인란에 표시한 뒤 다시 제안하세요.")
    expect(sidebar(page)).not_to_contain_text("승인 대기")
    expect(page.locator(".st-key-whatif_block")).to_be_visible()           # the what-if is kept meanwhile
    screenshot(page, artifacts / "planner-confirm.png")

    # With the tick (the reason and 적용일 kept by the form): recorded, pending.
    form.locator("[data-testid=stCheckbox]").filter(has_text="위의 큰 값이 맞습니다").locator("label").click()
    expect(confirm).to_be_checked()
    form.get_by_role("button", name="제안").click()
    wait_idle(page, 800)
    expect(sidebar(page)).to_contain_text("목표 변경 제안 1건을 올렸습니다")
    expect(sidebar(page)).to_contain_text("적용일 2025. 1. 1.")
    expect(sidebar(page)).to_contain_text("승인 대기")
    assert metric(page, "공약 이행률") == "64.85%"                       # official, unchanged while pending
    app.proposed.append(("applications", 2025, 99999999.0, REASON, dt.date(2025, 1, 1), PLANNER, "pending"))


def test_the_store_holds_only_the_confirmed_proposal(app):
    """Read after the server stops: nothing from the refused values, the confirmed one as typed."""
    app.stop()
    con = connect(app.db, read_only=True)
    try:
        rows = con.execute("SELECT indicator_id, period, proposed_target, reason, effective_date, proposed_by, state"
                           " FROM target_proposals ORDER BY proposal_id").fetchall()
    finally:
        con.close()
    assert rows == app.proposed
