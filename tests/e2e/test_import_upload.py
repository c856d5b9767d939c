"""End to end, in a real Chromium (the e2e server and browser fixtures of tests/e2e/conftest.py):
a department officer uploads Korean Excel's CP949 export of 500 applications on the 기록 가져오기
page, sees the preview and report, imports it, and the overview already open in another tab
shows the new rate without a reload. A file with personal data is refused on the page; an XLSX
upload is imported and undone from the log."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from tests import import_corpus as corpus
from tests.accounts import LOGINS, NAMES
from tests.e2e.helpers import main, metric, open_app, screenshot, wait_idle


def upload(page, path) -> None:
    page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(str(path))
    wait_idle(page, 800)


def importer_is(page, login: str) -> None:
    """The page names the signed-in account as the importer (no name to type: the actor is logged)."""
    expect(main(page)).to_contain_text(f"가져오는 사람: {NAMES[next(r for r, l in LOGINS.items() if l == login)]} ({login})")


def test_upload_cp949_applications_and_the_live_rate_follows(server, new_page, artifacts, tmp_path):
    export = tmp_path / "신청_2024하반기.csv"
    export.write_bytes(corpus.applications_500_cp949())
    pii = tmp_path / "신청_연락처.csv"
    pii.write_bytes(next(c for c in corpus.bad_cases() if c.id == "pii_phone_column_cp949").data)

    overview = new_page()
    open_app(overview, f"{server}/?as_of=2024-12-31")
    assert metric(overview, "공약 이행률") == "64.85%"              # (68.75 + 60.95) ÷ 2 before the import

    page = new_page()
    open_app(page, f"{server}/import?as_of=2024-12-31", login=LOGINS["department"])   # 보건행정과 owns 6-1-1
    expect(page.get_by_role("heading", name="기록 가져오기")).to_be_visible()

    # A file with personal data is refused, with the column and the reason; nothing can be imported.
    upload(page, pii)
    expect(main(page)).to_contain_text("신청_연락처.csv: 가져오지 않습니다")
    expect(main(page)).to_contain_text("개인정보 보호: '연락처' 열은 전화번호 열로 보입니다")
    expect(page.get_by_role("button", name="가져오기", exact=True)).to_be_disabled()

    importer_is(page, LOGINS["department"])
    upload(page, export)
    expect(main(page)).to_contain_text("신청 500행 — 추가 500행, 이미 있음 0행")
    expect(main(page)).to_contain_text("인코딩: CP949 (한글 윈도)")
    expect(main(page)).to_contain_text("미리보기")
    expect(main(page).locator("[data-testid=stDataFrame]:visible").first).to_be_visible()
    screenshot(page, artifacts / "import_preview.png")

    page.get_by_role("button", name="가져오기", exact=True).click()
    wait_idle(page, 800)
    expect(main(page).get_by_text(re.compile(r"가져오기 #\d+ 완료 \(신청_2024하반기\.csv, 신청\): 추가 500행"))).to_be_visible(
        timeout=60_000)
    screenshot(page, artifacts / "import_done.png")

    # The overview tab, never reloaded, follows within its refresh interval (20 s):
    # (68.75 + 1,844 ÷ 2,205 × 100) ÷ 2 = 76.19%.
    expect(overview.locator("[data-testid=stMetricValue]").filter(has_text="76.19%").first).to_be_visible(timeout=45_000)
    screenshot(overview, artifacts / "import_live_overview.png")


def test_xlsx_upload_then_undo_from_the_log(server, new_page, tmp_path):
    book = tmp_path / "홍보_2024.xlsx"
    book.write_bytes(corpus.xlsx_bytes({"홍보": [corpus.PUBLICITY_HEADERS,
                                                ["6-1-1", "E2E-H-1", "2024. 9. 2.", "SNS", "하반기 신청 안내"],
                                                ["6-1-1", "E2E-H-2", 45550, "문자", "신청 안내 문자"]]}))
    page = new_page()
    open_app(page, f"{server}/import?as_of=2024-12-31", login=LOGINS["admin"])
    importer_is(page, LOGINS["admin"])
    upload(page, book)
    expect(main(page)).to_contain_text("홍보 2행 — 추가 2행")
    expect(main(page)).to_contain_text("시트: 홍보")
    page.get_by_role("button", name="가져오기", exact=True).click()
    wait_idle(page, 800)
    done = main(page).get_by_text(re.compile(r"가져오기 #(\d+) 완료 \(홍보_2024\.xlsx, 홍보\): 추가 2행"))
    expect(done).to_be_visible(timeout=60_000)
    import_id = re.search(r"#(\d+)", done.inner_text()).group(1)

    form = main(page).locator("[data-testid=stForm]")
    expect(form.get_by_role("combobox", name="가져오기")).to_have_value(
        re.compile(rf"^#{import_id} 홍보_2024\.xlsx"))                                     # newest first
    form.get_by_role("button", name="되돌리기").click()
    wait_idle(page, 800)
    expect(main(page)).to_contain_text(f"가져오기 #{import_id}을(를) 되돌렸습니다 (2건).")
