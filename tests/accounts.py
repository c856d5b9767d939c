"""The test accounts, one per role, made in a store with data.accounts (create_first_admin +
create_account), and the password every one of them has."""
from __future__ import annotations

from pathlib import Path

from data.accounts import create_account, create_first_admin
from data.authority import Actor, Role
from data.store import connect

PASSWORD = "correct-horse-7"
DEPARTMENT = "보건행정과"        # owns the seed pledge naju 6-1-1
LOGINS = {"department": "hong", "planner": "kim", "approver": "park", "auditor": "lee", "admin": "root"}
NAMES = {"department": "홍부서", "planner": "김기획", "approver": "박승인", "auditor": "이감사", "admin": "최관리"}
OIDC_EMAIL = "planner.oidc@city.example"
STAFF = "staff"             # the browser tests' default account: admin + planner + auditor
# A non-default store needs a cookie secret before sign-in starts (ui/auth.py).
SERVER_ENV = {"STREAMLIT_SERVER_COOKIE_SECRET": "e2e-cookie-secret-0123456789abcdef0123456789"}


def store_with_accounts(built_db: Path, directory: Path, name: str = "pledges.duckdb", staff: bool = False) -> Path:
    """A copy of the built store, `directory`/`name`, migrated to the schema the app uses, with
    the accounts of make_accounts."""
    import shutil

    from data.build import open_store

    db = directory / name
    shutil.copy(built_db, db)
    open_store(db).close()
    make_accounts(db, staff)
    return db


def make_accounts(db: Path | str, staff: bool = False) -> dict[str, str]:
    """One account per role (plus an OIDC-only planner mapped by e-mail, and with `staff` an
    admin + planner + auditor for browser tests that use every tool); role → login."""
    con = connect(db)
    try:
        create_first_admin(con, LOGINS["admin"], NAMES["admin"], PASSWORD)
        admin = Actor(LOGINS["admin"], frozenset({Role.ADMIN}))
        for role in ("department", "planner", "approver", "auditor"):
            create_account(con, admin, LOGINS[role], NAMES[role], password=PASSWORD, roles=[role],
                           department=DEPARTMENT if role == "department" else None)
        create_account(con, admin, "oidcplan", "오기획", roles=["planner"], email=OIDC_EMAIL)
        if staff:
            create_account(con, admin, STAFF, "시험직원", password=PASSWORD, roles=["admin", "planner", "auditor"])
    finally:
        con.close()
    return dict(LOGINS)
