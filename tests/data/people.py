"""Accounts for the authority tests: one per role, made the way an admin makes them, with a
cheap Argon2 (the product's parameters take about a second per hash on a busy machine)."""
from __future__ import annotations

from pathlib import Path

import pytest
from argon2 import PasswordHasher

from data import accounts
from data.authority import Role
from data.store import connect
from tests.backends import SESSION, copy_store

PASSWORD = "테스트 비밀번호 1234"
ROLE_LOGINS = {Role.DEPARTMENT: "dept", Role.PLANNER: "planner", Role.APPROVER: "approver",
               Role.AUDITOR: "auditor", Role.ADMIN: "admin"}
OTHER_DEPARTMENT = "복지정책과"


@pytest.fixture(autouse=True)
def fast_hash(monkeypatch):
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: cheap.hash("timing only"))


def make_people(con) -> dict:
    """{role: Actor} for every grantable role (the department account owns 6-1-1, 보건행정과),
    plus 'other_dept' (a department account of another department) and 'planner2'."""
    accounts.create_first_admin(con, "admin", "관리자", PASSWORD)
    admin = accounts.sign_in(con, "admin", PASSWORD)
    accounts.add_department(con, admin, "naju", OTHER_DEPARTMENT)
    made = {Role.ADMIN: admin}
    for role, login in ROLE_LOGINS.items():
        if role is Role.ADMIN:
            continue
        department = "보건행정과" if role is Role.DEPARTMENT else None
        accounts.create_account(con, admin, login, f"{login} 이름", password=PASSWORD, roles=[role],
                                department=department)
        made[role] = accounts.sign_in(con, login, PASSWORD)
    accounts.create_account(con, admin, "other-dept", "다른 부서", password=PASSWORD, roles=["department"],
                            department=OTHER_DEPARTMENT)
    made["other_dept"] = accounts.sign_in(con, "other-dept", PASSWORD)
    accounts.create_account(con, admin, "planner2", "둘째 기획", password=PASSWORD, roles=["planner"])
    made["planner2"] = accounts.sign_in(con, "planner2", PASSWORD)
    return made


@pytest.fixture
def people_db(backend, seed_store, request, tmp_path_factory):
    """The backend's built store with the accounts of make_people, made once per backend: (path or
    PostgreSQL database name, {role: Actor})."""
    key = ("people", backend)
    if key not in SESSION:
        SESSION[key] = _people_db(request, seed_store, tmp_path_factory)
    return SESSION[key]


def _people_db(request, seed_store, tmp_path_factory):
    path = copy_store(request, seed_store, tmp_path_factory.mktemp("people"))
    with pytest.MonkeyPatch.context() as mp:
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        mp.setattr(accounts, "_hasher", lambda: cheap)
        con = connect(path)
        try:
            made = make_people(con)
        finally:
            con.close()
    return (path if isinstance(path, Path) else path.rsplit("/", 1)[1]), made


@pytest.fixture
def db_copy(people_db, request, tmp_path):
    """Overrides conftest's db_copy in the modules importing it: a private copy of people_db."""
    return copy_store(request, people_db[0], tmp_path)


@pytest.fixture
def people(people_db, write_con):
    """{role: Actor} of the accounts in write_con's store."""
    return people_db[1]
