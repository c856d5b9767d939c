"""Crafted URL parameters on every page (AppTest): each value is used or ignored with a visible
Korean notice, never an exception. Staff pages are opened signed in as an administrator (and
the approver for 목표 변경 승인), public pages anonymously."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.accounts import LOGINS, store_with_accounts
from ui import navigation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
LONG = "2024-05-31" + "x" * 10_000
# (query, ignored?) — a repeated key is a list: Streamlit keeps the last value.
QUERIES = {
    "as_of_far_future": ({"as_of": "9999-12-31"}, True),
    "as_of_year_one": ({"as_of": "0001-01-01"}, True),
    "as_of_outside_term": ({"as_of": "2019-01-02"}, False),
    "as_of_text": ({"as_of": "abc"}, True),
    "year_superscript": ({"year": "²"}, True),
    "year_five_digits": ({"year": "99999"}, True),
    "pledge_script": ({"pledge": "<script>alert(1)</script>"}, True),
    "rounding_x": ({"rounding": "x"}, True),
    "cap_maybe": ({"cap": "maybe"}, True),
    "long_values": ({"as_of": LONG, "pledge": "p" * 10_000, "year": "9" * 5_000}, True),
    "repeated_keys": ({"as_of": ["2024-05-31", "9999-12-31"], "year": ["2024", "²"]}, True),
    "valid": ({"as_of": "2024-05-31", "year": "2024", "rounding": "cut", "cap": "0"}, False),
}
ALL_BAD = {"as_of": "9999-12-31", "year": "²", "pledge": "<script>", "rounding": "x", "cap": "maybe",
           "city": "<b>x</b>"}
PAGES = [s.path for s in navigation.SPECS if navigation.available(s)]
WHO = {"pages/approvals.py": "approver", "pages/sign_in.py": None}


@pytest.fixture(scope="module")
def accounts_db(built_db, tmp_path_factory) -> Path:
    return store_with_accounts(built_db, tmp_path_factory.mktemp("urls"))


def _open(db: Path, monkeypatch, query: dict, page: str | None, who: str | None) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    if who:
        at.session_state["auth_login"] = LOGINS[who]
    if page is None:
        for key, value in query.items():
            at.query_params[key] = value
        return at.run()
    at.run()
    assert not at.exception, at.exception
    at.session_state["_seeded"] = False             # seed again, from the crafted URL, on this page
    at.session_state["_public_seeded"] = False
    for key, value in query.items():
        at.query_params[key] = value
    return at.switch_page(page).run()


def _notices(at: AppTest) -> str:
    return "\n".join(str(w.value) for w in at.warning)


@pytest.mark.parametrize("who", ["admin", None], ids=["staff", "public"])
@pytest.mark.parametrize("name", list(QUERIES))
def test_each_crafted_query(name, who, accounts_db, monkeypatch):
    query, ignored = QUERIES[name]
    at = _open(accounts_db, monkeypatch, query, None, who)
    assert not at.exception, at.exception
    notices = _notices(at)
    if ignored:
        assert "무시했습니다" in notices, notices
    else:
        assert "무시했습니다" not in notices, notices


@pytest.mark.parametrize("page", PAGES)
def test_every_page_with_every_bad_value(page, accounts_db, monkeypatch):
    who = WHO.get(page, "admin") if navigation.BY_PATH[page].needs != navigation.PUBLIC else None
    at = _open(accounts_db, monkeypatch, ALL_BAD, page, who)
    assert not at.exception, at.exception
    notices = _notices(at)
    assert "무시했습니다" in notices and "Traceback" not in notices
    assert "<script>" not in notices
