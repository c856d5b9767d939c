"""`python -m data account …`: first admin, accounts made by an admin named with --as, the listing;
passwords from standard input or the environment, never from argv, never printed."""
import io

import pytest

from data.__main__ import main
from tests.data.people import PASSWORD, fast_hash  # noqa: F401 (fixtures)

NEW = "새 계정 비밀번호 5678"


def run(argv, capsys, monkeypatch, stdin="", env=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    for key in ("PLEDGE_PASSWORD", "PLEDGE_NEW_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_first_admin_then_accounts_made_by_it(db_copy, capsys, monkeypatch):
    db = ["--db", str(db_copy)]
    code, out, _ = run(["account", "create-admin", "--login", "admin", "--name", "관리자", "--password-stdin", *db],
                       capsys, monkeypatch, stdin=PASSWORD + "\n")
    assert code == 0 and "첫 관리자" in out
    code, out, err = run(["account", "add", "--as", "admin", "--login", "kim", "--name", "김기획", "--role", "planner",
                          "--password-stdin", *db], capsys, monkeypatch, stdin=NEW + "\n",
                         env={"PLEDGE_PASSWORD": PASSWORD})
    assert code == 0, err
    code, out, err = run(["account", "add", "--as", "admin", "--login", "hong", "--name", "홍길동", "--role", "department",
                          "--department", "보건행정과", "--password-stdin", *db], capsys, monkeypatch,
                         stdin=f"{PASSWORD}\n{NEW}\n")
    assert code == 0, err
    code, out, _ = run(["account", "list", *db], capsys, monkeypatch)
    assert code == 0
    assert "kim\t김기획\tplanner" in out and "hong\t홍길동\tdepartment\t보건행정과" in out
    assert PASSWORD not in out and NEW not in out and "argon2" not in out


def test_add_needs_an_admin_and_its_password(db_copy, capsys, monkeypatch):
    db = ["--db", str(db_copy)]
    run(["account", "create-admin", "--login", "admin", "--name", "관리자", "--password-stdin", *db],
        capsys, monkeypatch, stdin=PASSWORD + "\n")
    code, _, err = run(["account", "add", "--as", "admin", "--login", "kim", "--name", "김기획", "--role", "planner",
                        "--password-stdin", *db], capsys, monkeypatch, stdin=f"틀린 비밀번호입니다\n{NEW}\n")
    assert code == 2 and err.startswith("오류: 아이디 또는 비밀번호가 올바르지 않습니다")
    run(["account", "add", "--as", "admin", "--login", "kim", "--name", "김기획", "--role", "planner",
         "--password-stdin", *db], capsys, monkeypatch, stdin=f"{PASSWORD}\n{NEW}\n")
    code, _, err = run(["account", "add", "--as", "kim", "--login", "lee", "--name", "이", "--role", "admin",
                        "--password-stdin", *db], capsys, monkeypatch, stdin=f"{NEW}\n{NEW}\n")
    assert code == 2 and "권한이 없습니다: 관리자 역할만" in err
    code, out, _ = run(["account", "list", *db], capsys, monkeypatch)
    assert "lee" not in out


def test_no_password_option_on_the_command_line(capsys, monkeypatch):
    with pytest.raises(SystemExit):
        run(["account", "create-admin", "--login", "a1", "--name", "관리자", "--password", PASSWORD],
            capsys, monkeypatch)
