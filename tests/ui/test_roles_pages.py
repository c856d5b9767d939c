"""Role × action through the pages (AppTest): every role (anonymous, department, planner,
approver, auditor, admin) opens every page and tries every action a page offers — import commit,
undo, propose, approve/reject, user admin, export. A forbidden one shows a Korean message and
changes nothing (row counts of every table but the action log identical; the log gains only
'refused' lines); the count of forbidden actions that succeed is 0. The same through a crafted
session state (a fake role, an unknown login) and through a page file run directly (a URL)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data import imports as importer
from data.authority import Actor, load_actor
from data.proposals import propose
from data.store import connect
from tests import import_corpus as corpus
from tests.accounts import LOGINS, PASSWORD, store_with_accounts
from ui import navigation

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboard.py")
ROLES = ["anonymous", "department", "planner", "approver", "auditor", "admin"]
# Public pages last: after a public page, the staff pages of the same session lose the selected
# pledge (a behaviour of the public pages, noted in the report of issue 10).
PAGES = sorted((s.path for s in navigation.SPECS if navigation.available(s)),
               key=lambda path: navigation.BY_PATH[path].needs == navigation.PUBLIC)
FIGURE_PAGES = {"pages/overview.py", "pages/card.py", "pages/indicators.py", "pages/budget.py", "pages/schedule.py",
                "pages/audit.py"}
# The role that may open each tool page (as the matrix says), and the labels of its write buttons.
TOOLS = {"pages/import.py": ["가져오기"], "pages/approvals.py": ["결정 기록"],
         "pages/users.py": ["계정 만들기", "역할 저장", "적용", "비밀번호 재설정"]}
MAY_OPEN = {
    "anonymous": {"pages/sign_in.py"},
    "department": {"pages/import.py"}, "planner": set(), "approver": {"pages/approvals.py"},
    "auditor": {"pages/audit.py"}, "admin": {"pages/audit.py", "pages/import.py", "pages/users.py"},
}
STAFF = {"pages/overview.py", "pages/portfolio.py", "pages/card.py", "pages/indicators.py", "pages/budget.py",
         "pages/schedule.py"}
PUBLIC = {s.path for s in navigation.SPECS if s.needs == navigation.PUBLIC and navigation.available(s)}


@pytest.fixture(scope="module")
def accounts_db(built_db, tmp_path_factory) -> Path:
    """The built store with one account per role, an admin's import and a planner's pending proposal."""
    db = store_with_accounts(built_db, tmp_path_factory.mktemp("roles"), "base.duckdb")   # migrated before anything is counted
    con = connect(db)
    try:
        admin = Actor(LOGINS["admin"])
        prepared = importer.prepare(con, corpus.csv_bytes(corpus.APPLICATION_HEADERS, [corpus.application(
            1, dt.date(2024, 9, 2), prefix="ADM")]), "관리자_신청.csv")
        importer.commit(con, prepared, admin)
        changes = pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications",
                                 "period": 2025, "target": 400.0, "revision_id": None}])
        propose(con, Actor(LOGINS["planner"]), changes, "대상 확대", dt.date(2024, 6, 1))
    finally:
        con.close()
    return db


@pytest.fixture
def db(accounts_db, tmp_path) -> Path:
    target = tmp_path / "pledges.duckdb"
    shutil.copy(accounts_db, target)
    return target


def counts(db: Path) -> dict[str, int]:
    """Rows of every table of the store."""
    con = connect(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def log_outcomes(db: Path, since: int) -> list[str]:
    con = connect(db)
    try:
        return [r[0] for r in con.execute("SELECT outcome FROM action_log WHERE action_id > ? ORDER BY action_id",
                                          [since]).fetchall()]
    finally:
        con.close()


def app(db: Path, monkeypatch, who: str, file: str = APP, **state) -> AppTest:
    monkeypatch.setenv("PLEDGE_DB", str(db))
    at = AppTest.from_file(file, default_timeout=90)
    at.query_params["as_of"] = "2024-05-31"
    if who != "anonymous":
        at.session_state["auth_login"] = LOGINS[who]
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("success", "error", "info", "warning", "caption", "markdown", "title", "metric")
             for e in getattr(at, kind)]
    for frame in at.dataframe:
        parts += [str(v) for v in frame.value.astype(str).to_numpy().ravel()]
    return "\n".join(parts).replace("\\", "")       # user text is shown markdown-escaped


def write_buttons(at: AppTest) -> list[str]:
    labels = [b.label for b in at.button] + [b.label for b in at.get("form_submit_button") if hasattr(b, "label")]
    tools = {label for page in TOOLS.values() for label in page} | {"제안", "되돌리기"}
    return sorted(set(labels) & tools)


def downloads(at: AppTest) -> list:
    return list(at.get("download_button"))


def listed(db: Path, role: str) -> set[str]:
    """The pages navigation.pages_for lists for the role's account as the store has it."""
    con = connect(db)
    try:
        who = load_actor(con, LOGINS.get(role))
    finally:
        con.close()
    return {s.path for s in navigation.specs_for(who)}


def menu_of(monkeypatch) -> list[set[str]]:
    """Record the menu of every run from now on: the pages navigation.pages_for lists visibly
    (every page is registered, the ones a role may not open hidden). One set per run."""
    menus: list[set[str]] = []
    original = navigation.pages_for

    def recording(who):
        pages = original(who)
        menus.append({Path(str(p._page)).resolve().relative_to(ROOT).as_posix()
                      for p in pages if p.visibility == "visible"})
        return pages

    monkeypatch.setattr(navigation, "pages_for", recording)
    return menus


def expected_pages(role: str) -> set[str]:
    if role == "anonymous":
        return PUBLIC | {"pages/sign_in.py"}
    return PUBLIC | STAFF | MAY_OPEN[role]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_only_its_pages_and_gets_no_tool_elsewhere(db, monkeypatch, role):
    at = app(db, monkeypatch, role)
    assert not at.exception, at.exception
    before = counts(db)
    for page in PAGES:
        if page in expected_pages(role):
            assert page in listed(db, role), (role, page)
            if page in PUBLIC:          # the public pages are tested by their own suite
                continue
            at = app(db, monkeypatch, role)          # a fresh session per page, as a visitor opening it
            at.switch_page(page).run()
            assert not at.exception, (role, page, at.exception)
            if page in FIGURE_PAGES:
                assert "64.85%" in shown(at), (role, page)
            if page in TOOLS:
                assert write_buttons(at), (role, page)
            continue
        assert page not in listed(db, role), (role, page)      # not in this role's navigation
        if page == navigation.SIGN_IN:                          # no tool on it: signed in, it just says so
            continue
        direct = app(db, monkeypatch, role, file=str(ROOT / page))     # the page's URL, run on its own
        assert not direct.exception, (role, page, direct.exception)
        text = shown(direct)
        assert "권한이 없습니다" in text, (role, page, text[:300])
        if role == "anonymous":
            assert "로그인하세요" in text
        assert write_buttons(direct) == [] and downloads(direct) == [], (role, page)
    after = counts(db)
    assert {k: v for k, v in after.items() if k != "action_log"} == {k: v for k, v in before.items() if k != "action_log"}


def attempt_import(db, monkeypatch, role) -> bool:
    """Upload a valid applications file on the import page and press 가져오기; True when it was written."""
    data = corpus.csv_bytes(corpus.APPLICATION_HEADERS, [corpus.application(7, dt.date(2024, 4, 2), prefix=role[:3])])
    at = app(db, monkeypatch, role, file=str(ROOT / "pages/import.py"))
    if not at.file_uploader:
        assert "권한이 없습니다" in shown(at)
        return False
    at.file_uploader[0].upload("신청.csv", data).run()
    next(b for b in at.button if b.label == "가져오기").click().run()
    assert not at.exception, at.exception
    return "완료 (신청.csv, 신청): 추가 1행" in shown(at)


def attempt_undo_admins_import(db, monkeypatch, role) -> bool:
    """Undo the admin's import (the oldest non-build one); True when it was undone."""
    at = app(db, monkeypatch, role, file=str(ROOT / "pages/import.py"))
    undo = [b for b in at.get("form_submit_button") if getattr(b, "label", "") == "되돌리기"]
    if not undo:
        assert "권한이 없습니다" in shown(at)
        return False
    box = next(s for s in at.selectbox if s.label == "가져오기")
    option = next(o for o in box.options if "관리자_신청.csv" in o)          # '#5 관리자_신청.csv (root, …)'
    box.set_value(int(option.split()[0].lstrip("#"))).run()
    undo[0].click().run()
    assert not at.exception, at.exception
    text = shown(at)
    if "되돌렸습니다" in text or "되돌림" in text:
        return True
    assert "권한이 없습니다" in text, text[-500:]
    return False


def submit_form(db, monkeypatch, role, page: str, button: str, fill) -> AppTest | None:
    """Open `page` as `role`; when its form's `button` is there, `fill(at)` the form and press it
    (the run must not fail) and return the app; None when the page refuses the role."""
    at = app(db, monkeypatch, role, file=str(ROOT / page))
    if button not in write_buttons(at):
        assert "권한이 없습니다" in shown(at)
        return None
    fill(at)
    next(b for b in at.get("form_submit_button") if b.label == button).click().run()
    assert not at.exception, at.exception
    return at


def attempt_decide(db, monkeypatch, role, verdict: str) -> bool:
    def fill(at):
        at.radio(key="decide_verdict").set_value(verdict)
        at.text_input(key="decide_doc").input("기획예산과-1234")
        at.text_input(key="decide_note").input("평가단 의결")
    at = submit_form(db, monkeypatch, role, "pages/approvals.py", "결정 기록", fill)
    return at is not None and "했습니다" in shown(at)


def attempt_user_admin(db, monkeypatch, role) -> bool:
    def fill(at):
        at.text_input(key="new_login").input(f"new{role[:3]}")
        at.text_input(key="new_name").input("새직원")
        at.text_input(key="new_password").input("another-pass-9")
        at.multiselect(key="new_roles").select("auditor")
    at = submit_form(db, monkeypatch, role, "pages/users.py", "계정 만들기", fill)
    return at is not None and "계정을 만들었습니다" in shown(at)


def attempt_propose_panel(db, monkeypatch, role) -> bool:
    """The planner panel (what-if and 제안) is in the sidebar only for planners (AppTest cannot
    edit its data editor: the proposal itself is driven in the browser, tests/e2e/test_auth.py)."""
    at = app(db, monkeypatch, role)
    return any(e.label == "목표 조정 (기획)" for e in at.expander)


def attempt_export(db, monkeypatch, role) -> bool:
    """Download buttons on the page of figures a role can open (감사 when allowed, else 예산)."""
    page = "pages/audit.py" if role in ("auditor", "admin") else "pages/budget.py"
    at = app(db, monkeypatch, role)
    if role == "anonymous":
        at = app(db, monkeypatch, role, file=str(ROOT / page))
        assert "권한이 없습니다" in shown(at)
    else:
        at.switch_page(page).run()
        if not downloads(at):
            assert "내려받기는 감사·관리자 역할만" in shown(at)
    return bool(downloads(at))


ALLOWED = {
    "anonymous": set(), "department": {"import", "undo_own"}, "planner": {"propose"},
    "approver": {"decide"}, "auditor": {"export"}, "admin": {"import", "undo_any", "user_admin", "export"},
}


@pytest.mark.parametrize("role", ROLES)
def test_every_action_as_every_role(db, monkeypatch, role):
    """Each action tried; forbidden ones change no table (the log gains only refusals)."""
    forbidden_succeeded = []
    attempts = {
        "import": lambda: attempt_import(db, monkeypatch, role),
        "undo_any": lambda: attempt_undo_admins_import(db, monkeypatch, role),
        "decide": lambda: attempt_decide(db, monkeypatch, role, "승인"),
        "reject_without_reason": None,
        "user_admin": lambda: attempt_user_admin(db, monkeypatch, role),
        "propose": lambda: attempt_propose_panel(db, monkeypatch, role),
        "export": lambda: attempt_export(db, monkeypatch, role),
    }
    for name, attempt in attempts.items():
        if attempt is None:
            continue
        allowed = name in ALLOWED[role] or (name == "undo_any" and "undo_any" in ALLOWED[role])
        before, last = counts(db), counts(db)["action_log"]
        done = attempt()
        if allowed:
            assert done, (role, name)
            continue
        if done:
            forbidden_succeeded.append(name)
        after = counts(db)
        assert {k: v for k, v in after.items() if k != "action_log"} == \
               {k: v for k, v in before.items() if k != "action_log"}, (role, name)
        assert set(log_outcomes(db, last)) <= {"refused"}, (role, name)
    assert forbidden_succeeded == []


def test_department_undoes_its_own_import_only(db, monkeypatch):
    assert attempt_import(db, monkeypatch, "department")
    assert not attempt_undo_admins_import(db, monkeypatch, "department")
    at = app(db, monkeypatch, "department", file=str(ROOT / "pages/import.py"))
    undo = next(b for b in at.get("form_submit_button") if getattr(b, "label", "") == "되돌리기")
    undo.click().run()               # the newest import is the department's own
    assert "되돌" in shown(at) and "권한이 없습니다" not in shown(at)


def test_rejection_needs_a_reason_and_changes_nothing(db, monkeypatch):
    at = app(db, monkeypatch, "approver", file=str(ROOT / "pages/approvals.py"))
    before = counts(db)
    at.radio(key="decide_verdict").set_value("반려")
    next(b for b in at.get("form_submit_button") if b.label == "결정 기록").click().run()
    assert "반려 사유을(를) 입력하세요" in shown(at) or "반려 사유" in "\n".join(e.value for e in at.error)
    after = counts(db)
    assert {k: v for k, v in after.items() if k != "action_log"} == {k: v for k, v in before.items() if k != "action_log"}


@pytest.mark.parametrize("crafted", [
    {"roles": ["admin"], "auth_roles": ["admin"], "role": "admin"},
    {"auth_login": "ghost-admin"},
    {"auth_login": "build"},
])
def test_crafted_session_state_gets_no_tool(db, monkeypatch, crafted):
    """A planner (or nobody) with a fake role or login in session state: still refused."""
    before = counts(db)
    for page in ("pages/users.py", "pages/approvals.py", "pages/import.py", "pages/audit.py"):
        at = app(db, monkeypatch, "planner" if "auth_login" not in crafted else "anonymous",
                 file=str(ROOT / page), **crafted)
        assert not at.exception, at.exception
        assert "권한이 없습니다" in shown(at), page
        assert write_buttons(at) == [] and downloads(at) == [], page
    menus = menu_of(monkeypatch)
    app(db, monkeypatch, "planner" if "auth_login" not in crafted else "anonymous", **crafted)
    assert menus and not {"pages/users.py", "pages/approvals.py", "pages/import.py", "pages/audit.py"} & menus[-1]
    after = counts(db)
    assert {k: v for k, v in after.items() if k != "action_log"} == {k: v for k, v in before.items() if k != "action_log"}


def test_roles_are_read_from_the_store_on_every_run(db, monkeypatch):
    """An admin removes the approver role: the approver's next run has no approvals page."""
    at = app(db, monkeypatch, "approver")
    at.switch_page("pages/approvals.py").run()
    assert "결정 기록" in write_buttons(at)
    con = connect(db)
    try:
        from data.accounts import set_roles
        set_roles(con, Actor(LOGINS["admin"]), LOGINS["approver"], ["auditor"])
    finally:
        con.close()
    at.run()
    assert "결정 기록" not in write_buttons(at)


def test_sign_in_refused_without_a_cookie_secret_outside_the_default(db, monkeypatch):
    monkeypatch.delenv("STREAMLIT_SERVER_COOKIE_SECRET", raising=False)
    at = app(db, monkeypatch, "anonymous")
    at.switch_page("pages/sign_in.py").run()
    assert "쿠키 비밀값이 필요합니다" in shown(at)
    assert not [b for b in at.get("form_submit_button") if getattr(b, "label", "") == "로그인"]


def sign_in(at: AppTest, login: str, password: str) -> AppTest:
    at.switch_page("pages/sign_in.py").run()
    at.text_input(key="sign_in_login").input(login)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.get("form_submit_button") if b.label == "로그인").click().run()
    assert not at.exception, at.exception
    return at


def test_sign_in_form_and_wrong_password(db, monkeypatch):
    """The form signs in (the session keeps the login only); a wrong password is one Korean line.
    (The idle timeout is driven in the browser: tests/e2e/test_auth.py.)"""
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", "test-cookie-secret-0123456789abcdef")
    at = app(db, monkeypatch, "anonymous")
    sign_in(at, LOGINS["auditor"], "wrong-password-1")
    assert "아이디 또는 비밀번호가 올바르지 않습니다" in shown(at)
    sign_in(at, LOGINS["auditor"], PASSWORD)
    assert at.session_state["auth_login"] == LOGINS["auditor"]          # the login only, never a role
    assert [t.value for t in at.title] == ["개요"] and PASSWORD not in shown(at)
    assert not [k for k in ("roles", "auth_roles", "password") if k in at.session_state]
