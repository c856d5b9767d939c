"""The import's commit and undo check authority themselves: department scope over the whole
file, own imports only unless admin, targets files need an approver; refusals write nothing."""
import datetime as dt

import pytest

from data import imports
from data.authority import ANONYMOUS, SYSTEM, Forbidden, Role
from tests import import_corpus as corpus
from tests.data.people import OTHER_DEPARTMENT, db_copy, fast_hash, people, people_db  # noqa: F401 (fixtures)
from tests.data.test_authority import counts, refused_lines

APPS = corpus.csv_bytes(corpus.APPLICATION_HEADERS, [corpus.application(i, corpus.D, prefix="AUTH") for i in range(3)])


def prepared(con, data=APPS, name="신청.csv"):
    prep = imports.prepare(con, data, name)
    assert prep.ok, prep.report_text()
    return prep


def refused(con, call, match):
    before, refused_before = counts(con), refused_lines(con)
    with pytest.raises(Forbidden, match=match) as err:
        call()
    after = counts(con)
    assert after.pop("action_log") == before.pop("action_log") + 1 and after == before
    assert refused_lines(con) == refused_before + 1
    assert "\n" not in str(err.value)


def test_a_department_imports_its_own_pledges(write_con, people):
    summary = imports.commit(write_con, prepared(write_con), people[Role.DEPARTMENT])
    assert summary.rows_added == 3
    assert write_con.execute("SELECT imported_by FROM imports WHERE import_id = ?",
                             [summary.import_id]).fetchone()[0] == "dept"
    line = write_con.execute("SELECT actor, action, outcome FROM action_log ORDER BY action_id DESC LIMIT 1").fetchone()
    assert line == ("dept", "import", "ok")


def test_another_departments_file_is_refused_whole(write_con, people):
    prep = prepared(write_con)
    refused(write_con, lambda: imports.commit(write_con, prep, people["other_dept"]),
            f"신청.csv — {OTHER_DEPARTMENT} 담당자는 다른 부서 공약 6-1-1\\(보건행정과\\)의 기록을 가져올 수 없습니다")


@pytest.mark.parametrize("who", [Role.CITIZEN, Role.PLANNER, Role.APPROVER, Role.AUDITOR])
def test_roles_without_import_are_refused(write_con, people, who):
    actor = ANONYMOUS if who is Role.CITIZEN else people[who]
    prep = prepared(write_con)
    refused(write_con, lambda: imports.commit(write_con, prep, actor), "권한이 없습니다: 부서 담당자·관리자 역할만")


def test_undo_own_imports_only_unless_admin(write_con, people):
    mine = imports.commit(write_con, prepared(write_con), people[Role.DEPARTMENT])
    refused(write_con, lambda: imports.undo(write_con, mine.import_id, people["other_dept"]), "자기가 가져온 자료만")
    refused(write_con, lambda: imports.undo(write_con, mine.import_id, people[Role.AUDITOR]), "권한이 없습니다")
    assert imports.undo(write_con, mine.import_id, people[Role.DEPARTMENT]) == 3
    again = imports.commit(write_con, prepared(write_con), people[Role.DEPARTMENT])
    assert imports.undo(write_con, again.import_id, people[Role.ADMIN]) == 3
    built = write_con.execute("SELECT min(import_id) FROM imports WHERE imported_by = 'build'").fetchone()[0]
    refused(write_con, lambda: imports.undo(write_con, built, people[Role.DEPARTMENT]), "자기가 가져온 자료만")


def test_a_targets_file_needs_an_approver(write_con, people):
    data = corpus.csv_bytes(["공약번호", "지표ID", "연도", "목표"], [["6-1-1", "applications", "2025", "700"]])
    prep = imports.prepare(write_con, data, "목표.csv", author="기획예산실", reason="평가단 승인",
                           revised_on=dt.date(2024, 6, 20))
    assert prep.ok and prep.kind == "targets", prep.report_text()
    for who in (Role.DEPARTMENT, Role.PLANNER, Role.ADMIN):
        refused(write_con, lambda: imports.commit(write_con, prep, people[who]), "승인권자 역할만")
    summary = imports.commit(write_con, prep, people[Role.APPROVER])
    refused(write_con, lambda: imports.undo(write_con, summary.import_id, people[Role.PLANNER]), "승인권자 역할만")
    imports.undo(write_con, summary.import_id, people[Role.APPROVER])


def test_the_build_is_the_system_actor(write_con):
    summary = imports.commit(write_con, prepared(write_con), SYSTEM)
    assert write_con.execute("SELECT imported_by FROM imports WHERE import_id = ?",
                             [summary.import_id]).fetchone()[0] == "build"


CLI_LOGINS = {Role.CITIZEN: None, Role.DEPARTMENT: "dept", Role.PLANNER: "planner", Role.APPROVER: "approver",
              Role.AUDITOR: "auditor", Role.ADMIN: "admin"}


@pytest.mark.parametrize("role", list(CLI_LOGINS))
def test_every_role_through_the_cli(db_copy, tmp_path, monkeypatch, capsys, role):
    """`python -m metrics import/undo --as LOGIN`: allowed exactly where the matrix says."""
    from data.authority import MATRIX, Action
    from data.store import connect
    from metrics.__main__ import main
    from tests.data.people import PASSWORD

    monkeypatch.setenv("PLEDGE_PASSWORD", PASSWORD)
    path = tmp_path / "신청.csv"
    path.write_bytes(APPS)
    login = CLI_LOGINS[role]
    as_ = ["--as", login] if login else []

    def table_counts():
        con = connect(db_copy)
        try:
            return counts(con)
        finally:
            con.close()

    before = table_counts()
    code = main(["import", str(path), "--db", str(db_copy), "--yes", *as_])
    err = capsys.readouterr().err
    if Action.IMPORT in MATRIX[role]:
        assert code == 0, err
    else:
        assert code == 2 and err.startswith("오류: ") and len(err.strip().splitlines()) == 1
        after = table_counts()
        assert after.pop("action_log") >= before.pop("action_log") and after == before
    # undo the build's first import: someone else's; only the admin may
    con = connect(db_copy)
    built = con.execute("SELECT min(import_id) FROM imports WHERE imported_by = 'build'").fetchone()[0]
    con.close()
    code = main(["undo", str(built), "--db", str(db_copy), *as_])
    err = capsys.readouterr().err
    assert (code == 0) == (Action.UNDO_ANY_IMPORT in MATRIX[role]), err
