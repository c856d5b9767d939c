"""User-supplied text is rendered as text on every page (AppTest): a card whose title is a
markdown image plus an HTML image tag, and a progress-log line with a javascript: link, written
straight into a store copy (the import gate would refuse them). Every element that renders
Markdown or HTML holds the escaped text: no unescaped `![` or `[…](`, no raw `<img`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.store import connect
from tests.accounts import LOGINS, store_with_accounts
from ui import navigation, safe

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
TITLE = "![x](http://example.invalid/x.png) <img src=http://example.invalid/y>"
LOG_LINE = "[link](javascript:alert(1))"
GOAL = "**굵게** <b>태그</b> [목표](http://example.invalid/goal)"
PAGES = [s.path for s in navigation.SPECS if navigation.available(s) and s.path != "pages/sign_in.py"]
WHO = {"pages/approvals.py": "approver"}
UNESCAPED_IMAGE = re.compile(r"(?<!\\)!(?<!\\)\[")
UNESCAPED_LINK = re.compile(r"(?<!\\)\]\(")
MARKUP_KINDS = ("markdown", "caption", "title", "header", "subheader", "error", "warning", "info", "success")


def plant(db: Path) -> None:
    """The hostile texts in the seed pledge naju 6-1-1 (title, goal, schedule note, progress log)."""
    con = connect(db)
    try:
        con.execute("UPDATE pledges SET title = ?, policy_goal = ?, milestones_note = ? "
                    "WHERE city = 'naju' AND pledge_id = '6-1-1'", [TITLE, GOAL, LOG_LINE])
        con.execute("UPDATE progress_log SET text = ? WHERE city = 'naju' AND pledge_id = '6-1-1' AND ord = 0",
                    [LOG_LINE])
    finally:
        con.close()


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory) -> Path:
    db = store_with_accounts(built_db, tmp_path_factory.mktemp("markup"))
    plant(db)
    return db


def rendered(at: AppTest) -> list[str]:
    """The source of every element that renders Markdown (or HTML), metric labels included."""
    out = [str(e.value) for kind in MARKUP_KINDS for e in getattr(at, kind)]
    out += [str(m.label) for m in at.metric]
    out += [str(h.value) for h in at.get("html")]        # st.html: the public tables
    return out


def open_page(db: Path, monkeypatch, page: str) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    public = navigation.BY_PATH[page].needs == navigation.PUBLIC
    if not public:
        at.session_state["auth_login"] = LOGINS[WHO.get(page, "admin")]
    at.query_params["as_of"] = "2024-05-31"
    at.query_params["pledge"] = "naju:6-1-1"
    at.run()
    assert not at.exception, at.exception
    if public:
        at.session_state["public_pledge"] = "6-1-1"
    return at.switch_page(page).run()


def test_the_escape_helper():
    text = safe.md(TITLE + " " + LOG_LINE)
    assert not UNESCAPED_IMAGE.search(text) and not UNESCAPED_LINK.search(text) and "<img" not in text
    assert safe.md("a_b *c*") == r"a\_b \*c\*"


@pytest.mark.parametrize("page", PAGES)
def test_user_text_is_text(page, hostile_db, monkeypatch):
    at = open_page(hostile_db, monkeypatch, page)
    assert not at.exception, at.exception
    for source in rendered(at):
        assert "<img" not in source, source[:300]
        assert not UNESCAPED_IMAGE.search(source), source[:300]
        assert "javascript:alert(1))" not in source or not UNESCAPED_LINK.search(source), source[:300]
        assert "http://example.invalid" not in source or not UNESCAPED_LINK.search(source), source[:300]


def test_the_card_shows_the_title_as_typed(hostile_db, monkeypatch):
    at = open_page(hostile_db, monkeypatch, "pages/card.py")
    sources = "\n".join(rendered(at))
    assert safe.md(TITLE) in sources and safe.md(GOAL) in sources


def test_the_public_list_shows_the_title_as_typed_in_its_html_table(hostile_db, monkeypatch):
    at = open_page(hostile_db, monkeypatch, "pages/public.py")
    tables = [str(h.value) for h in at.get("html") if "<table" in str(h.value)]
    assert "&lt;img src=http://example.invalid/y&gt;" in tables[-1] and "!&#91;x&#93;(http://example.invalid" in tables[-1]
