"""The 기록 가져오기 page in AppTest: uploads (AppTest's file_uploader), the report, the targets
fields, a named sheet, the import button and summary, and a refused file leaving the store as it was."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import import_corpus as corpus
from data.accounts import create_account
from data.authority import Actor, Role
from data.store import connect
from tests.accounts import LOGINS, PASSWORD, make_accounts

APP = str(Path(__file__).resolve().parent.parent / "dashboard.py")
PAGE = "pages/import.py"


def open_page(db: Path, monkeypatch, login: str) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["auth_login"] = login
    at.query_params["as_of"] = "2024-12-31"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def page(db_copy, monkeypatch):
    make_accounts(db_copy)
    return open_page(db_copy, monkeypatch, LOGINS["admin"])        # imports as the signed-in admin


@pytest.fixture
def decider_page(db_copy, monkeypatch):
    """Signed in as an admin who is also 승인권자: a targets file records decided target changes,
    which needs the decide action besides import."""
    make_accounts(db_copy)
    con = connect(db_copy)
    try:
        create_account(con, Actor(LOGINS["admin"], frozenset({Role.ADMIN})), "decider", "정결정", password=PASSWORD,
                       roles=["admin", "approver"])
    finally:
        con.close()
    return open_page(db_copy, monkeypatch, "decider")


def shown(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("success", "error", "info", "warning", "caption", "markdown")
             for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "")       # user text is shown markdown-escaped


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].upload(name, data).run()
    assert not at.exception, at.exception
    return at


def import_button(at: AppTest):
    return next(b for b in at.button if b.label == "가져오기")


def test_page_offers_templates_and_the_log(page):
    labels = [b.label for b in page.get("download_button")]
    assert labels.count("XLSX") == 6 and labels.count("CSV") == 6 and "YAML" in labels
    assert "가져오기 기록" in [s.value for s in page.subheader]


def test_refused_file_shows_why_and_changes_nothing(page, db_copy):
    before = hashlib.sha256(db_copy.read_bytes()).hexdigest()
    case = next(c for c in corpus.bad_cases() if c.id == "duplicate_in_file")
    upload(page, case.name, case.data)
    text = shown(page)
    assert "신청_중복.csv: 가져오지 않습니다" in text and "4행 '신청번호' 열: 같은 기록" in text
    assert import_button(page).disabled
    assert hashlib.sha256(db_copy.read_bytes()).hexdigest() == before


def test_upload_import_and_summary(page, db_copy):
    upload(page, "신청.csv", corpus.applications_500_cp949())
    assert "신청 500행 — 추가 500행" in shown(page)
    assert not import_button(page).disabled
    import_button(page).click().run()
    assert not page.exception, page.exception
    assert "완료 (신청.csv, 신청): 추가 500행" in shown(page)


def test_targets_file_asks_for_author_and_reason(decider_page):
    page = decider_page
    data = corpus.csv_bytes(["공약번호", "지표ID", "연도", "목표"], [["6-1-1", "applications", "2025", "700"]])
    upload(page, "목표.csv", data)
    assert "변경자 이름이 필요합니다" in shown(page) and import_button(page).disabled
    page.text_input(key="import_author").input("기획예산실").run()
    page.text_input(key="import_reason").input("평가단 승인").run()
    assert "목표 변경 1행 — 추가 1행" in shown(page)
    import_button(page).click().run()
    assert "완료 (목표.csv, 목표 변경): 추가 1행" in shown(page)


def test_named_sheet_can_be_chosen(page):
    book = corpus.xlsx_bytes({"표지": [["신청 현황"]], "신청": [corpus.APPLICATION_HEADERS, corpus.GOOD_APP]})
    upload(page, "신청.xlsx", book)
    assert "읽은 시트: '표지', 있는 시트: 표지, 신청" in shown(page)
    sheet = next(s for s in page.selectbox if s.label == "시트")
    sheet.select("신청").run()
    assert "신청 1행 — 추가 1행" in shown(page) and "시트: 신청" in shown(page)
