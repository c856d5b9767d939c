"""End to end in a real Chromium: the overview with the card's figures, every page rendered and
photographed, the as-of date and the year filter, the planner's what-if, a table download, and
two planners proposing the same target."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
from playwright.sync_api import expect

from metrics.rates import format_percent
from metrics.engine import figures_for
from tests.accounts import LOGINS
from tests.e2e.helpers import (choose, edit_planner_target, go_to, main, metric, open_app, screenshot, set_as_of,
                               sidebar, wait_idle)

PAGES = [  # navigation title, file name of the screenshot, a text the page must show
    ("개요", "overview", "확인지표별 이행률"),
    ("공약 카드", "card", "공약달성 확인지표"),
    ("확인지표", "indicators", "누계 실적 11 ÷ 임기 총 목표 16 = 68.75%"),
    ("예산", "budget", "사업 단위당 비용"),
    ("추진일정", "schedule", "연차별 추진일정"),
    ("감사", "audit", "수치별 근거 기록"),
]


def test_every_page_renders_with_the_card_figures(page, server, artifacts):
    open_app(page, f"{server}/?as_of=2024-05-31")
    assert metric(page, "공약 이행률") == "64.85%"
    for title, name, text in PAGES:
        go_to(page, title)
        expect(main(page)).to_contain_text(text)
        expect(main(page)).to_contain_text("공약 이행률 64.85%")
        expect(main(page)).to_contain_text("합성 데모 자료")
        assert page.locator("[data-testid=stException]").count() == 0, title
        if name in ("indicators", "budget", "schedule"):
            expect(main(page).locator(".js-plotly-plot").first).to_be_visible()
        if name == "overview":      # the headline as native bars (no chart library on the first screen)
            bars = main(page).locator(".st-key-rate_bars [data-testid=stProgress]")
            expect(bars).to_have_count(2)
            expect(bars.first).to_contain_text("공약 이행률 64.85%")
            expect(bars.nth(1)).to_contain_text("기대 이행률 (목표 궤적)")
            expect(main(page).locator(".js-plotly-plot")).to_have_count(0)
        assert "as_of=2024-05-31" in page.url          # the link keeps the view
        screenshot(page, artifacts / f"{name}.png")
    assert (artifacts / "card.png").stat().st_size > 10_000


def test_as_of_date_and_year_filter(page, server, con, artifacts):
    open_app(page, f"{server}/?as_of=2024-05-31")
    assert metric(page, "공약 이행률") == "64.85%"
    assert metric(page, "집행액 (백만원)") == "83"

    set_as_of(page, 2023, 12, 31)
    expected = format_percent(figures_for(con, dt.date(2023, 12, 31)).pledges.iloc[0]["rate"])
    assert expected != "64.85%"
    expect(page.locator("[data-testid=stMetric]").filter(has_text="공약 이행률").first).to_contain_text(expected)
    assert metric(page, "집행액 (백만원)") == "62"
    assert "as_of=2023-12-31" in page.url

    choose(page, "연도", "2023년")
    expect(main(page)).to_contain_text("2023년 목표 달성률")
    expect(main(page)).to_contain_text("147.14%")           # 927 ÷ 630, not capped
    assert "year=2023" in page.url
    screenshot(page, artifacts / "overview-2023.png")

    # The URL opens the same view in a new session.
    other = page.context.new_page()
    open_app(other, page.url)
    assert metric(other, "공약 이행률") == expected
    expect(main(other)).to_contain_text("2023년 목표 달성률")

    # The card's date is one click away.
    sidebar(page).get_by_role("button", name="2024. 5. 31.").click()
    wait_idle(page)
    expect(page.locator("[data-testid=stMetric]").filter(has_text="공약 이행률").first).to_contain_text("64.85%")


def test_planner_what_if_shows_beside_the_official_figures(page, server, artifacts):
    open_app(page, f"{server}/?as_of=2024-05-31")
    edit_planner_target(page, row=8, value="500")   # 신청 × 2025
    assert metric(page, "공약 이행률") == "64.85%"            # official, unchanged
    assert metric(page, "가정 목표 적용 이행률") == "66.76%"  # (68.75 + 1,344 ÷ 2,075) ÷ 2
    block = page.locator(".st-key-whatif_block")
    expect(block).to_contain_text("2,075")
    expect(block).to_contain_text("64.77%")
    expect(block).to_contain_text("+1.91%p")
    screenshot(page, artifacts / "planner-whatif.png")
    # Every page shows the what-if beside the official figures.
    for title in ("확인지표", "예산", "감사"):
        go_to(page, title)
        expect(page.locator(".st-key-whatif_block")).to_contain_text("66.76%")
    expect(main(page)).to_contain_text("64.85%")


def csv_table(raw: bytes) -> list[str]:
    """The table lines of a downloaded CSV (after its context block and the empty line that ends it)."""
    lines = raw.decode("utf-8-sig").splitlines()
    return lines[len(lines) - lines[::-1].index(""):] if "" in lines else lines


def test_download_a_table_as_csv_and_xlsx(page, server, tmp_path):
    open_app(page, f"{server}/audit?as_of=2024-05-31&year=2024")
    expect(main(page)).to_contain_text("홍보 기록 3건")
    with page.expect_download() as info:
        main(page).get_by_role("button", name="CSV 내려받기").first.click()
    csv = info.value
    assert csv.suggested_filename.endswith(".csv")
    csv.save_as(tmp_path / "a.csv")
    body = csv_table((tmp_path / "a.csv").read_bytes())
    assert body[0].startswith("홍보번호,홍보일,매체"), body
    assert len(body) == 4 and any("DEMO-H-009" in line for line in body)
    with page.expect_download() as info:
        main(page).get_by_role("button", name="XLSX 내려받기").first.click()
    info.value.save_as(tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO((tmp_path / "a.xlsx").read_bytes())).active
    assert [c.value for c in sheet[1]][:2] == ["홍보번호", "홍보일"] and sheet.max_row == 4


def test_two_planners_propose_the_same_target(new_page, server, artifacts, tmp_path):
    """Two planners (김기획 and the staff account) propose 홍보 × 2025: the second is refused while the
    first is pending and again once it is approved (its view is stale), keeping its input each
    time; after 최신 목표 불러오기 its proposal goes through. 감사 lists both proposals."""
    first, second = new_page(), new_page()
    for planner, login, value in ((first, LOGINS["planner"], "5"), (second, "staff", "6")):
        open_app(planner, f"{server}/?as_of=2024-05-31", login=login)
        planner.set_viewport_size({"width": 1500, "height": 1800})     # the account box pushes the grid down
        edit_planner_target(planner, row=3, value=value)     # 홍보 × 2025
        expect(planner.locator(".st-key-whatif_block")).to_be_visible()

    def propose(planner):
        form = sidebar(planner).locator("[data-testid=stForm]").filter(has_text="목표 변경 제안")
        form.get_by_label("변경 사유").fill("공약이행평가단 심의 요청")
        form.get_by_role("button", name="제안").click()
        wait_idle(planner, 800)

    propose(first)
    expect(sidebar(first)).to_contain_text("목표 변경 제안 1건을 올렸습니다")
    propose(second)
    expect(sidebar(second)).to_contain_text("이미 다른 사용자가 변경을 제안했습니다")      # the first is pending
    # Nothing is lost: the second planner's 6 is still the what-if (16 − 4 + 6 = 18).
    expect(second.locator(".st-key-whatif_block")).to_contain_text("18")

    approver = new_page()
    open_app(approver, f"{server}/?as_of=2024-05-31", login=LOGINS["approver"])
    go_to(approver, "목표 변경 승인")
    expect(main(approver)).to_contain_text("승인 대기 1건")
    approver.get_by_label("문서 번호").fill("기획예산과-1234")
    approver.get_by_role("button", name="결정 기록").click()
    wait_idle(approver, 800)
    expect(main(approver)).to_contain_text("1건을 승인했습니다")

    propose(second)                                     # from the view before the approval
    expect(sidebar(second)).to_contain_text("이미 다른 사용자가 변경했습니다")
    expect(second.locator(".st-key-whatif_block")).to_contain_text("18")
    screenshot(second, artifacts / "planner-conflict.png")
    sidebar(second).get_by_role("button", name="최신 목표 불러오기 (내 입력 유지)").click()
    wait_idle(second, 800)
    propose(second)
    expect(sidebar(second)).to_contain_text("목표 변경 제안 1건을 올렸습니다")
    # Both proposals are on the record (감사 → 목표 변경 제안·결정), newest first.
    go_to(second, "감사")
    main(second).get_by_role("tab", name="목표 변경 제안·결정").click()
    expect(main(second)).to_contain_text("모든 목표 변경 제안과 그 결정")
    screenshot(second, artifacts / "audit-proposals.png")
    with second.expect_download() as info:
        main(second).locator(".st-key-csv_proposals button").click()
    info.value.save_as(tmp_path / "proposals.csv")
    rows = csv_table((tmp_path / "proposals.csv").read_bytes())
    assert rows[0].startswith("제안 번호,공약,확인지표,기간,변경 전 목표,변경 후 목표")
    assert len(rows) == 3, rows
    assert "staff" in rows[1] and "승인 대기" in rows[1] and ",5,6," in rows[1], rows[1]
    assert LOGINS["planner"] in rows[2] and ",승인," in rows[2] and ",4,5," in rows[2], rows[2]
