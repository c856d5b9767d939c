"""data.authority: every role tries every action — allowed exactly where the matrix says; a
refusal raises Forbidden with one Korean line, writes nothing and is logged as refused."""
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from data import accounts, proposals
from data.authority import (ANONYMOUS, MATRIX, SYSTEM, Action, Actor, Forbidden, Role, matrix_markdown,
                            refusal, require)
from tests.data.people import OTHER_DEPARTMENT, PASSWORD, db_copy, fast_hash, people, people_db  # noqa: F401 (fixtures)

ROLES = [Role.CITIZEN, Role.DEPARTMENT, Role.PLANNER, Role.APPROVER, Role.AUDITOR, Role.ADMIN]
DOC = Path(__file__).resolve().parents[2] / "docs" / "roles.md"


def actor_of(people, role):
    return ANONYMOUS if role is Role.CITIZEN else people[role]


def counts(con) -> dict[str, int]:
    """Rows of every table of the store."""
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def refused_lines(con) -> int:
    return con.execute("SELECT count(*) FROM action_log WHERE outcome = 'refused'").fetchone()[0]


def assert_refused_and_nothing_written(con, before, refused_before, err):
    after = counts(con)
    assert after.pop("action_log") > before.pop("action_log")
    assert after == before
    assert refused_lines(con) == refused_before + 1
    text = str(err.value)
    assert text.startswith("권한이 없습니다") and "\n" not in text


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(Action))
def test_every_role_every_action_through_require(write_con, people, role, action):
    actor = actor_of(people, role)
    before, refused_before = counts(write_con), refused_lines(write_con)
    if action in MATRIX[role]:
        assert require(write_con, actor, action).login == actor.login
        assert counts(write_con) == before
    else:
        with pytest.raises(Forbidden) as err:
            require(write_con, actor, action)
        assert_refused_and_nothing_written(write_con, before, refused_before, err)


def change(target=500.0, seen=None, period=2025):
    return pd.DataFrame([{"city": "naju", "pledge_id": "6-1-1", "indicator_id": "applications", "period": period,
                          "target": target, "revision_id": seen}])


WRITES = {
    Action.PROPOSE: lambda con, actor, ctx: proposals.propose(con, actor, change(), "사유", dt.date(2024, 6, 1)),
    Action.DECIDE: lambda con, actor, ctx: proposals.decide(con, actor, [ctx["pending"]], "approve", body="공약이행평가단",
                                                            decided_on=dt.date(2024, 5, 20)),
    Action.ADMIN_USERS: lambda con, actor, ctx: accounts.create_account(con, actor, "newcomer", "새 사람",
                                                                        password=PASSWORD, roles=["auditor"]),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(WRITES))
def test_every_role_every_write_function(write_con, people, role, action):
    ctx = {"pending": proposals.propose(write_con, people["planner2"], change(480.0, period=2026), "미리 제안",
                                        dt.date(2024, 6, 1))[0]}
    actor = actor_of(people, role)
    before, refused_before = counts(write_con), refused_lines(write_con)
    if action in MATRIX[role]:
        assert WRITES[action](write_con, actor, ctx)
    else:
        with pytest.raises(Forbidden) as err:
            WRITES[action](write_con, actor, ctx)
        assert_refused_and_nothing_written(write_con, before, refused_before, err)


def test_the_store_roles_count_not_the_ones_an_actor_value_claims(write_con, people):
    crafted = Actor("planner", frozenset({Role.ADMIN, Role.APPROVER}))
    with pytest.raises(Forbidden):
        require(write_con, crafted, Action.ADMIN_USERS)
    accounts.set_disabled(write_con, people[Role.ADMIN], "approver", True)
    with pytest.raises(Forbidden, match="로그인하세요"):
        require(write_con, people[Role.APPROVER], Action.DECIDE)       # a stale session of a disabled account


def test_department_scope(write_con, people):
    dept, other = people[Role.DEPARTMENT], people["other_dept"]
    require(write_con, dept, Action.IMPORT, pledge_department="보건행정과")
    with pytest.raises(Forbidden, match=f"보건행정과 담당자는 다른 부서\\({OTHER_DEPARTMENT}\\)"):
        require(write_con, dept, Action.IMPORT, pledge_department=["보건행정과", OTHER_DEPARTMENT])
    with pytest.raises(Forbidden, match="다른 부서\\(보건행정과\\)"):
        require(write_con, other, Action.IMPORT, pledge_department="보건행정과")
    require(write_con, people[Role.ADMIN], Action.IMPORT, pledge_department="보건행정과")   # admin: every department


def test_undo_own_imports_only_unless_admin(write_con, people):
    dept = people[Role.DEPARTMENT]
    require(write_con, dept, Action.UNDO_OWN_IMPORT, import_owner="dept")
    with pytest.raises(Forbidden, match="자기가 가져온 자료만"):
        require(write_con, dept, Action.UNDO_OWN_IMPORT, import_owner="someone")
    require(write_con, people[Role.ADMIN], Action.UNDO_OWN_IMPORT, import_owner="someone")
    with pytest.raises(Forbidden):
        require(write_con, people[Role.AUDITOR], Action.UNDO_OWN_IMPORT, import_owner="auditor")


def test_anonymous_and_system():
    assert refusal(ANONYMOUS, Action.READ_PUBLIC) is None
    assert refusal(ANONYMOUS, Action.PROPOSE) == "권한이 없습니다: 기획 역할만 목표 변경을 제안할 수 있습니다 — 로그인하세요"
    assert all(refusal(SYSTEM, a) is None for a in Action)


def test_the_matrix_in_the_docs_is_the_matrix_in_the_code():
    assert matrix_markdown() in DOC.read_text(encoding="utf-8"), "docs/roles.md: regenerate with data.authority.matrix_markdown()"
