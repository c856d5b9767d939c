"""The citizen view: ui/presenters/public.py and the three public pages in AppTest as an anonymous
visitor (the seed card as of 2024-05-31: pledge 64.85%, indicators 68.75 / 60.95, budget 504 / 83),
with no record, no staff tool and no staff name; the approved target changes with their reasons."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data.authority import ANONYMOUS, Actor
from data.proposals import decide, propose
from data.store import connect
from metrics.engine import figures_for
from tests.accounts import LOGINS, NAMES, store_with_accounts
from ui import public as public_ui
from ui.presenters import public, public_html

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2024, 5, 31)
PUBLIC_PAGES = ["pages/public.py", "pages/public-card.py", "pages/public-changes.py"]
STAFF_WORDS = ["목표 조정", "가져오기", "근거 기록", "대상자ID", "신청번호", "승인 대기", "제안"]


@pytest.fixture(scope="module")
def changed_db(built_db, tmp_path_factory) -> Path:
    """The built store with accounts and one approved target change (its reason a formula)."""
    db = store_with_accounts(built_db, tmp_path_factory.mktemp("public"))
    con = connect(db)
    try:
        change = pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications",
                                "period": 2025, "target": 500.0, "revision_id": None}])
        ids = propose(con, Actor(LOGINS["planner"]), change, '=HYPERLINK("http://x") 신청 감소 반영', dt.date(2024, 6, 1))
        decide(con, Actor(LOGINS["approver"]), ids, "approve", body="공약이행평가단", decided_on=dt.date(2024, 5, 28),
               document_no="기획예산과-1234")
    finally:
        con.close()
    return db


def run_page(db: Path, monkeypatch, page: str, **params) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    at.query_params.update({"as_of": AS_OF.isoformat(), **params})
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown(at: AppTest) -> str:
    parts = [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    for frame in at.dataframe:
        parts += [str(c) for c in frame.value.columns] + [str(v) for v in frame.value.astype(str).to_numpy().ravel()]
    parts += [h.value for h in at.get("html")]
    return "\n".join(parts)


def test_headline_uses_the_city_rounding(con):
    pledges = figures_for(con, AS_OF, "naju", "6-1-1").pledges
    from data.store import query
    rounding = public.city_rounding(query(con, "pledge_list", city=None, term=None), "naju")
    policy = public.city_policy(rounding)
    assert policy.rounding == "cut" and public.city_policy(None).rounding == "half_up"
    assert public.headline(pledges, policy) == [
        ("완료율", "0.00%", public.HEADLINE["완료율"][1]), ("평균진행률", "64.85%", public.HEADLINE["평균진행률"][1]),
        ("임기내 이행률", "64.85%", public.HEADLINE["임기내 이행률"][1])]
    table = public.pledge_table(pledges, policy)
    assert table["이행률 (%)"].tolist() == [64.85] and table["추진상황"].tolist() == ["정상추진"]
    areas = public.area_table(pledges, policy)
    assert areas["공약 수"].tolist() == [1] and areas["정상추진"].dtype.kind == "i"
    assert [c for c, _, _ in public.described(areas)] == list(areas.columns)
    assert all(desc for _, desc, _ in public.described(areas))
    link = public.with_links(table, "naju", AS_OF)["공약 카드"].iloc[0]
    assert link == "public-card?pledge=naju%3A6-1-1&as_of=2024-05-31"


def test_card_html_escapes_text():
    from publish.model import Block, Cell, Line, Table
    block = Block("추진<실적>", lines=(Line("<script>alert(1)</script> $x$"),),
                  table=Table((1,), ((Cell("<b>", colspan=2),),)))
    html = public_html.block_html(block)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&#36;x&#36;" in html
    assert '<th' not in html and 'colspan="2"' in html and "\n" not in html


def test_public_page_shows_the_city_figures(changed_db, monkeypatch):
    at = run_page(changed_db, monkeypatch, "pages/public.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"완료율": "0.00%", "평균진행률": "64.85%", "임기내 이행률": "64.85%"}
    text = shown(at)
    assert "64.85" in text and "나주시 · 2024. 5. 31. 기준" in text and "소수 2자리 버림" in text
    assert not [w for w in STAFF_WORDS if w in text]
    names = [b.proto.label for b in at.get("download_button")]
    assert names == ["CSV 내려받기", "XLSX 내려받기"] * 2
    assert len(at.dataframe) == 0                    # real HTML tables: no grid code for a visitor
    tables = [h.value for h in at.get("html") if "<table" in h.value]
    assert len(tables) == 3 and "<td>정상추진</td>" in tables[0]
    listing = tables[2]
    assert '<a href="public-card?pledge=naju%3A6-1-1&amp;as_of=2024-05-31">카드 보기</a>' in listing
    assert '<td class="r">64.85</td>' in listing and "출산 전·후 지원 돌봄서비스 제공" in listing
    assert any("1건" in c.value for c in at.caption)
    at.text_input(key="public_search").input("없는공약").run()
    listing = [h.value for h in at.get("html") if "<table" in h.value][-1]
    assert "<tbody></tbody>" in listing and "<th scope=\"col\">공약명</th>" in listing
    assert any(c.value.startswith("0건") for c in at.caption)


def test_public_card_shows_every_block_and_the_figures(changed_db, monkeypatch):
    from publish.model import BLOCK_TITLES
    at = run_page(changed_db, monkeypatch, "pages/public-card.py", pledge="naju:6-1-1")
    text = shown(at)
    for title in BLOCK_TITLES:
        assert f"□ {title}" in text, title
    for figure in ("64.85", "68.75", "60.95", "504", "83"):
        assert figure in text, figure
    assert {m.label: m.value for m in at.metric}["공약 이행률"] == "64.85%"
    assert [b.proto.label for b in at.get("download_button")] == ["공약 카드 PDF 내려받기"]
    assert not [w for w in STAFF_WORDS if w in text] and len(at.button) == 0


def test_public_changes_show_the_approved_change_without_staff_names(changed_db, monkeypatch):
    at = run_page(changed_db, monkeypatch, "pages/public-changes.py")
    table = at.dataframe[0].value
    row = table.iloc[0]
    assert (row["이전 목표"], row["변경 목표"], row["승인 기구"], row["문서 번호"]) == (630.0, 500.0, "공약이행평가단",
                                                                          "기획예산과-1234")
    assert str(row["적용일"]) == "2024-06-01" and "신청 감소 반영" in row["변경 사유"]
    text = shown(at)
    for person in [*LOGINS.values(), *NAMES.values()]:
        assert person not in text, person


def test_public_changes_download_is_text_safe_and_described(changed_db, monkeypatch, con):
    pledges = pd.DataFrame({"pledge_id": ["6-1-1"], "title": ["제목"]})
    revisions = connect(changed_db)
    try:
        from data.store import query
        table = public.changes_table(query(revisions, "target_revisions", city="naju", pledge_id=None),
                                     query(revisions, "proposals/proposals", city="naju", pledge_id=None, state="approved"),
                                     pledges, query(revisions, "indicators", city="naju", pledge_id=None))
    finally:
        revisions.close()
    from ui.export import to_xlsx_bytes
    ctx = public.context("목표 변경 이력", "나주시", AS_OF, public.city_policy("cut"), table)
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(table, "목표변경_이력", ctx)))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    reason = sheet.cell(row=2, column=header.index("변경 사유") + 1)
    assert reason.data_type == "s" and reason.value.startswith("=HYPERLINK")
    assert sheet.cell(row=2, column=header.index("변경 목표") + 1).value == 500
    described = [r[0].value for r in book["설명"].iter_rows(min_row=11) if r[0].value]
    assert described == header


# --- one session over several pages (dashboard.py), the city's rounding from the store -----------

APP = str(ROOT / "dashboard.py")
STAFF_SIDEBAR = {"공약", "연도", "임기", "시군"}


def app(db: Path, monkeypatch, login: str | None = None) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=120)
    if login is not None:
        at.session_state["auth_login"] = login
    at.query_params["as_of"] = AS_OF.isoformat()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def visit(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, (page, [e.message for e in at.exception])
    return at


@pytest.mark.parametrize("login", [None, "made-up-login"])
def test_public_pages_in_any_order_never_raise(changed_db, monkeypatch, login):
    """A visitor (or a session holding a login the store does not know) going back and forth
    between the public pages: the 기준일 widget is not drawn on 목표 변경 이력, so Streamlit drops
    its key; the kept value refills it (was KeyError: public_as_of)."""
    at = app(changed_db, monkeypatch, login)
    at.session_state[public_ui.DATE_OPEN] = True          # the 기준일 section open: its picker drawn
    for page in ("pages/public-changes.py", "pages/public.py", "pages/public-card.py", "pages/public-changes.py",
                 "pages/public-card.py", "pages/public.py"):
        visit(at, page)
    assert at.session_state[public_ui.AS_OF] == AS_OF
    assert [e.label for e in at.main.expander if e.label.startswith("기준일")] == ["기준일 2024. 5. 31."]
    at.session_state[public_ui.DATE_OPEN] = True           # (set without the section's callback: not kept)
    at.run()
    assert at.date_input(key=public_ui.WIDGETS[public_ui.AS_OF]).value == AS_OF
    assert {m.label: m.value for m in at.metric}["평균진행률"] == "64.85%"


@pytest.mark.parametrize("opened", [True, False])
def test_the_date_section_stays_as_the_visitor_left_it_across_the_public_pages(changed_db, monkeypatch, opened):
    """Opened (or closed) by the visitor, the 기준일 section is open (closed) on the next public
    pages, also after 목표 변경 이력, which does not draw it (before, each page closed it).
    The session state is set as the section's callback sets it on a click."""
    at = app(changed_db, monkeypatch)
    at.session_state[public_ui.DATE_OPEN] = opened
    at.session_state[public_ui.DATE_KEPT] = opened
    at.run()
    for page in ("pages/public-changes.py", "pages/public.py", "pages/public-card.py", "pages/public-changes.py",
                 "pages/public-card.py", "pages/public.py"):
        visit(at, page)
        if page != "pages/public-changes.py":
            assert bool(at.main.date_input) is opened, page
            assert at.session_state[public_ui.DATE_OPEN] is opened, page
    assert [e.label for e in at.main.expander if e.label.startswith("기준일")] == ["기준일 2024. 5. 31."]


def test_fresh_state_on_a_public_page(changed_db, monkeypatch):
    """The public page's choices have defaults: a session state without them (or with an odd
    value) never raises."""
    at = app(changed_db, monkeypatch)
    at.session_state[public_ui.AS_OF] = "not a date"
    at.session_state[public_ui.CITY] = None
    at.session_state[public_ui.DATE_OPEN] = True
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.date_input(key=public_ui.WIDGETS[public_ui.AS_OF]).value == AS_OF      # the widget's own value
    assert at.session_state[public_ui.AS_OF] == AS_OF and at.session_state[public_ui.CITY] == "naju"


def test_anonymous_visitors_have_no_staff_sidebar(changed_db, monkeypatch):
    at = app(changed_db, monkeypatch)
    assert at.title[0].value == "공약 이행 현황"
    assert not [w.label for w in at.sidebar.selectbox if w.label in STAFF_SIDEBAR]
    assert not at.sidebar.date_input and not at.sidebar.toggle and not at.sidebar.radio
    assert not at.main.date_input                                   # the page's own choice, closed at first:
    assert [e.label for e in at.main.expander if e.label.startswith("기준일")] == ["기준일 2024. 5. 31."]
    at.session_state[public_ui.DATE_OPEN] = True                   # opened: the picker
    at.run()
    assert [d.label for d in at.main.date_input] == ["기준일"]
    visit(at, "pages/public-card.py")
    assert not at.sidebar.selectbox and [s.label for s in at.main.selectbox] == ["공약"]


def test_a_date_picked_in_the_opened_section_sets_the_figures_and_the_title(changed_db, monkeypatch):
    """기준일 is a closed section titled with the date (no picker code on a visitor's first page);
    opened, its picker changes the figures, the section's title and the URL."""
    at = app(changed_db, monkeypatch)
    assert {m.label: m.value for m in at.metric}["평균진행률"] == "64.85%"
    at.session_state[public_ui.DATE_OPEN] = True
    at.run()
    at.date_input(key=public_ui.WIDGETS[public_ui.AS_OF]).set_value(dt.date(2023, 12, 31)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.label for e in at.main.expander if e.label.startswith("기준일")] == ["기준일 2023. 12. 31."]
    assert at.session_state[public_ui.AS_OF] == dt.date(2023, 12, 31)
    assert at.query_params["as_of"] == "2023-12-31"
    assert {m.label: m.value for m in at.metric}["평균진행률"] != "64.85%"
    assert "2023. 12. 31. 기준" in shown(at)


@pytest.mark.parametrize("odd", [dt.date(1999, 1, 1), "2024-05-31", None])
@pytest.mark.parametrize("opened", [False, True])
def test_an_odd_date_in_the_picker_s_key_is_ignored(changed_db, monkeypatch, opened, odd):
    """A date outside the term (or not a date) left in the picker's own key changes nothing,
    the section closed or open: the stored 기준일 stays, in the title and in the figures."""
    at = app(changed_db, monkeypatch)
    at.session_state[public_ui.DATE_OPEN] = opened
    at.session_state[public_ui.WIDGETS[public_ui.AS_OF]] = odd
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert [e.label for e in at.main.expander if e.label.startswith("기준일")] == ["기준일 2024. 5. 31."]
    assert at.session_state[public_ui.AS_OF] == AS_OF
    assert {m.label: m.value for m in at.metric}["평균진행률"] == "64.85%"


def test_staff_keys_are_kept_apart_from_the_public_choices(changed_db, monkeypatch):
    """A signed-in user opening the public pages between staff pages keeps the staff sidebar's
    pledge and date (they were lost: 선택한 공약을 찾을 수 없습니다)."""
    at = app(changed_db, monkeypatch, LOGINS["admin"])
    assert at.title[0].value == "개요"
    at.date_input(key="as_of").set_value(dt.date(2024, 3, 31)).run()
    for page in ("pages/public.py", "pages/public-card.py", "pages/public-changes.py", "pages/overview.py",
                 "pages/card.py"):
        visit(at, page)
        assert not [w.value for w in at.warning if "찾을 수 없습니다" in str(w.value)], page
    assert at.session_state["pledge"] == "naju:6-1-1" and at.session_state["as_of"] == dt.date(2024, 3, 31)


def test_rounding_comes_from_the_store(changed_db, monkeypatch, tmp_path):
    from data.store import query
    db = tmp_path / "pledges.duckdb"
    shutil.copy(changed_db, db)
    con = connect(db)
    try:
        assert query(con, "pledge_list", city=None, term=None)["rounding"].tolist() == ["cut"]
        assert query(con, "pledges", city="naju", pledge_id=None)["rounding"].tolist() == ["cut"]
        con.execute("UPDATE city_settings SET rounding = 'half_up' WHERE city = 'naju'")
        with pytest.raises(Exception):
            con.execute("UPDATE city_settings SET rounding = 'floor' WHERE city = 'naju'")
    finally:
        con.close()
    at = run_page(db, monkeypatch, "pages/public.py")
    text = shown(at)
    assert "소수 2자리 반올림" in text and "버림" not in text


def test_a_read_only_public_process_offers_no_sign_in(changed_db, monkeypatch):
    """PLEDGE_DB_READ_ONLY=1 (scripts/serve_public.py): the public pages only, a Korean line that
    staff use the staff address; a staff page's URL gives no tool even with a login in the session."""
    from ui import navigation
    monkeypatch.setenv("PLEDGE_DB_READ_ONLY", "1")
    listed = [s.path for s in navigation.specs_for(Actor(LOGINS["admin"]))]
    assert listed == PUBLIC_PAGES and navigation.SIGN_IN not in [s.path for s in navigation.specs_for(ANONYMOUS)]
    at = app(changed_db, monkeypatch)
    assert at.title[0].value == "공약 이행 현황"
    assert any("직원용 주소" in str(c.value) for c in at.sidebar.caption)
    at = app(changed_db, monkeypatch, LOGINS["admin"])
    visit(at, "pages/import.py")
    assert any("직원용 주소" in str(e.value) for e in at.error) and not at.button and not at.get("file_uploader")


def test_places_and_city_days_shape_the_public_choices_once(con):
    from data.store import query
    pledge_list = query(con, "pledge_list", city=None, term=None)
    places = public.places(pledge_list)
    assert places.first == "naju" and "naju" in places.cities
    assert places.roundings["naju"] == "cut" and places.names["naju"] == "나주시"
    assert places.pledges["naju"]["6-1-1"].startswith("6-1-1 ")
    synthetic_only = pledge_list.assign(synthetic=True)        # demo cities only: the first one is shown
    assert public.places(synthetic_only).first == list(places.cities)[0]
    days = public.city_days(query(con, "pledges", city="naju", pledge_id=None))
    assert (days.term_start, days.term_end, days.data_day) == (dt.date(2022, 7, 1), dt.date(2026, 6, 30), AS_OF)


def test_the_listing_html_is_made_once_unless_the_list_was_filtered(con):
    pledges = figures_for(con, AS_OF, "naju", None).pledges
    made = public.summary(pledges, "naju", AS_OF, public.city_policy("cut"))
    assert made.listing_html(made.listing) is made.html["listing"]
    assert made.listing_html(made.listing.iloc[:0]).count("<tr>") == 1      # the header row alone
    assert made.html["statuses"] == public_html.table_html_of(made.statuses, compact=True)
    assert '<table class="pc compact">' in made.html["statuses"] and '<table class="pc">' in made.html["listing"]
    heads = [h.split("</th>")[0] for h in made.html["listing"].split('<th scope="col">')[1:]]
    assert heads == ["공약번호", "공약명", "추진상황", "이행률 (%)", "공약 카드", "분야", "주관부서", "완료시기"]


def test_public_tables_escape_text_and_format_numbers():
    import pandas as pd
    frame = pd.DataFrame({"공약번호": ["1-1"], "공약명": ['<script>x</script> & "따옴표" $a$'],
                          "공약 수": [12345], "이행률 (%)": [float("nan")], "임기내 이행률 (%)": [7.5],
                          "공약 카드": ['public-card?pledge=a%3A1-1&as_of=2024-05-31"><script>']})
    html = public_html.table_html_of(frame)
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp;" in html
    assert '<td class="r">12,345</td>' in html and '<td class="r"></td>' in html and '<td class="r">7.50</td>' in html
    assert '<td class="l">' in html and 'href="public-card?pledge=a%3A1-1&amp;as_of=2024-05-31&quot;&gt;&lt;script&gt;"' in html
    assert html.startswith('<div class="pc-scroll">') and "\n" not in html


