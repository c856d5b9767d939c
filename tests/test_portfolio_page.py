"""The 전체 현황 page (pages/portfolio.py) renders on the seed store and on a small synthetic
national set: the three portfolio figures with their formulas, paginated tables, no exception."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.national import generate
from data.store import connect
from metrics.portfolio import FORMULAS, overall
from metrics.rates import format_percent
from metrics.engine import figures_for
from tests.accounts import LOGINS, make_accounts

APP = Path(__file__).resolve().parent.parent / "dashboard.py"


@pytest.fixture(scope="module")
def national_db(tmp_path_factory) -> Path:
    db = generate(tmp_path_factory.mktemp("national_page") / "n.duckdb", records=30_000, cities=3, quiet=True)
    make_accounts(db)
    return db


def pledge_table(at: AppTest):
    return next(d.value for d in at.dataframe if "공약명" in d.value.columns and "이행률(%)" in d.value.columns)


def run_page(db: Path, monkeypatch, as_of: str) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["auth_login"] = LOGINS["auditor"]      # a staff page: signed in (roles from the store)
    at.query_params["as_of"] = as_of
    at.run()
    at.switch_page("pages/portfolio.py")
    at.run()
    assert not at.exception, at.exception
    return at


def test_portfolio_page_on_the_national_set(national_db, monkeypatch):
    at = run_page(national_db, monkeypatch, "2025-12-31")
    labels = {m.label: m.value for m in at.metric}
    con = connect(national_db)   # same mode as the app's connection in this process
    try:
        head = overall(figures_for(con, dt.date(2025, 12, 31)).pledges)
    finally:
        con.close()
    assert labels["완료율"] == format_percent(head["completion_rate"])
    assert labels["평균진행률"] == format_percent(head["average_progress"])
    assert labels["임기내 이행률"] == format_percent(head["in_term_rate"])
    assert labels["자료 없는 공약"] == f"{head['no_data']:,}건" and ".0건" not in labels["자료 없는 공약"]
    shown = " ".join(str(m.value) for m in at.markdown)
    assert all(text in shown for text in FORMULAS.values())
    assert any("합성" in str(w.value) for w in at.warning)
    tables = {len(d.value) for d in at.dataframe}
    assert max(tables) == 50                                   # the pledge list, one page of 50
    assert "시군별 현황" in [s.value for s in at.subheader]


def test_portfolio_page_pages_through_the_pledge_list(national_db, monkeypatch):
    at = run_page(national_db, monkeypatch, "2025-12-31")
    page = at.number_input(key="pledges_page")
    first = pledge_table(at).iloc[0].tolist()
    page.set_value(2).run()
    assert not at.exception
    second = pledge_table(at).iloc[0].tolist()
    assert first != second
    at.text_input(key="portfolio_search").input("합성002시").run()
    assert not at.exception
    assert set(pledge_table(at)["시군"]) == {"합성002시"}


def test_portfolio_page_on_the_seed_store(db_copy, monkeypatch):
    make_accounts(db_copy)
    at = run_page(db_copy, monkeypatch, "2024-05-31")
    assert {m.label for m in at.metric} >= {"완료율", "평균진행률", "임기내 이행률", "자료 없는 공약"}
    assert "64.85%" in [m.value for m in at.metric]          # one pledge: the mean is its rate
