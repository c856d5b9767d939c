"""data.accounts: Argon2 hashes, sign-in with lock-out, OIDC mapping, roles, validation."""
import datetime as dt

import pytest

from data import accounts
from data.accounts import AccountError, SignInError
from data.authority import ANONYMOUS, Forbidden, Role
from data.store import query
from tests.backends import backend, db_copy  # noqa: F401 (fixtures)
from tests.data.people import PASSWORD, fast_hash, make_people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def people(write_con):
    return make_people(write_con)

NOW = dt.datetime(2026, 11, 26, 9, 0)


def log(con):
    return query(con, "actions/action_log")


def test_hash_is_never_the_password_and_verifies(write_con):
    accounts.create_first_admin(write_con, "admin", "관리자", PASSWORD)
    stored = write_con.execute("SELECT password_hash FROM accounts WHERE login = 'admin'").fetchone()[0]
    assert stored != PASSWORD and PASSWORD not in stored and stored.startswith("$argon2id$")
    assert accounts.hash_password(PASSWORD) != accounts.hash_password(PASSWORD)       # salted
    actor = accounts.sign_in(write_con, "admin", PASSWORD)
    assert actor.login == "admin" and Role.ADMIN in actor.roles


def test_wrong_password_and_unknown_login_read_the_same(write_con):
    accounts.create_first_admin(write_con, "admin", "관리자", PASSWORD)
    with pytest.raises(SignInError) as wrong:
        accounts.sign_in(write_con, "admin", "틀린 비밀번호입니다")
    with pytest.raises(SignInError) as unknown:
        accounts.sign_in(write_con, "nobody", PASSWORD)
    assert str(wrong.value) == str(unknown.value) == "아이디 또는 비밀번호가 올바르지 않습니다"
    assert log(write_con)["action"].tolist()[:2] == ["sign_in_failed", "sign_in_failed"]


def test_lock_out_after_five_failures_and_unlock_after_the_period(write_con):
    accounts.create_first_admin(write_con, "admin", "관리자", PASSWORD)
    for attempt in range(accounts.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(SignInError, match="올바르지 않습니다"):
            accounts.sign_in(write_con, "admin", "wrong password", now=NOW)
    with pytest.raises(SignInError, match="잠겼습니다"):
        accounts.sign_in(write_con, "admin", "wrong password", now=NOW)
    # locked: even the right password is refused until the period is over
    with pytest.raises(SignInError, match="잠겼습니다"):
        accounts.sign_in(write_con, "admin", PASSWORD, now=NOW + dt.timedelta(minutes=accounts.LOCKOUT_MINUTES - 1))
    later = NOW + dt.timedelta(minutes=accounts.LOCKOUT_MINUTES, seconds=1)
    assert accounts.sign_in(write_con, "admin", PASSWORD, now=later).login == "admin"
    row = write_con.execute("SELECT failed_attempts, locked_until FROM accounts WHERE login = 'admin'").fetchone()
    assert row == (0, None)


def test_a_success_resets_the_failure_count(write_con):
    accounts.create_first_admin(write_con, "admin", "관리자", PASSWORD)
    for _ in range(accounts.MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(SignInError):
            accounts.sign_in(write_con, "admin", "wrong password", now=NOW)
    accounts.sign_in(write_con, "admin", PASSWORD, now=NOW)
    with pytest.raises(SignInError, match="올바르지 않습니다"):
        accounts.sign_in(write_con, "admin", "wrong password", now=NOW)


def test_no_password_or_hash_in_the_log_or_the_listing(write_con, people):
    with pytest.raises(SignInError):
        accounts.sign_in(write_con, "planner", "비밀번호를 잘못 넣음")
    text = log(write_con).to_string() + accounts.list_accounts(write_con).to_string()
    hashes = [h for (h,) in write_con.execute("SELECT password_hash FROM accounts").fetchall()]
    assert PASSWORD not in text and "비밀번호를 잘못 넣음" not in text and "$argon2" not in text
    assert not any(h in text for h in hashes)
    assert "password_hash" not in accounts.list_accounts(write_con).columns


def test_first_admin_only_once(write_con):
    accounts.create_first_admin(write_con, "admin", "관리자", PASSWORD)
    with pytest.raises(AccountError, match="관리자 계정이 이미 있습니다"):
        accounts.create_first_admin(write_con, "admin2", "관리자2", PASSWORD)


def test_only_an_admin_creates_accounts_and_sets_roles(write_con, people):
    with pytest.raises(Forbidden, match="관리자 역할만"):
        accounts.create_account(write_con, people[Role.PLANNER], "someone", "누구", password=PASSWORD)
    with pytest.raises(Forbidden):
        accounts.set_roles(write_con, people[Role.PLANNER], "planner", ["admin"])
    assert accounts.set_roles(write_con, people[Role.ADMIN], "planner", ["planner", "approver"]) == ["approver", "planner"]
    assert accounts.sign_in(write_con, "planner", PASSWORD).roles >= {Role.PLANNER, Role.APPROVER}
    assert log(write_con).iloc[0]["action"] == "sign_in"
    assert "role_change" in log(write_con)["action"].tolist()


def test_the_last_admin_keeps_the_admin_role(write_con, people):
    with pytest.raises(AccountError, match="마지막 관리자"):
        accounts.set_roles(write_con, people[Role.ADMIN], "admin", ["auditor"])
    assert "admin" in accounts.list_accounts(write_con).set_index("login").loc["admin", "roles"]


def test_a_disabled_account_cannot_sign_in_nor_act(write_con, people):
    accounts.set_disabled(write_con, people[Role.ADMIN], "planner", True)
    with pytest.raises(SignInError, match="중지된 계정"):
        accounts.sign_in(write_con, "planner", PASSWORD)


@pytest.mark.parametrize("login, message", [
    ("ab", "3~32자"), ("=cmd", "= \\+ - @"), ("-x1", "= \\+ - @"), ("@x1", "= \\+ - @"), ("김기획", "영문 소문자"),
    ("a\u200bbc", "보이지 않는"), ("a" * 33, "3~32자"),
])
def test_logins_are_validated(login, message):
    with pytest.raises(AccountError, match=message):
        accounts.clean_login(login)


@pytest.mark.parametrize("name, message", [
    ("", "1~40자"), ("=HYPERLINK(1)", "= \\+ - @"), ("+82", "= \\+ - @"), ("김\x07기획", "제어 문자"), ("가" * 41, "1~40자"),
])
def test_display_names_are_validated(name, message):
    with pytest.raises(AccountError, match=message):
        accounts.clean_display_name(name)


def test_display_names_are_nfc():
    decomposed = "\u1100\u1161\u11a8"       # 각 in conjoining jamo
    assert accounts.clean_display_name(decomposed) == "각"
    assert accounts.clean_login(" Kim.Planner ") == "kim.planner"


def test_department_role_needs_a_known_department(write_con, people):
    with pytest.raises(AccountError, match="부서"):
        accounts.create_account(write_con, people[Role.ADMIN], "dept2", "부서", password=PASSWORD, roles=["department"])
    with pytest.raises(AccountError, match="알 수 없는 부서"):
        accounts.create_account(write_con, people[Role.ADMIN], "dept2", "부서", password=PASSWORD, roles=["department"],
                                department="없는과")


def test_oidc_maps_only_accounts_an_admin_created(write_con, people):
    accounts.create_account(write_con, people[Role.ADMIN], "auditor2", "감사 둘", roles=["auditor"],
                            email="Auditor2@City.go.kr")
    actor = accounts.sign_in_oidc(write_con, "sub-123", "auditor2@city.go.kr")
    assert actor.login == "auditor2" and Role.AUDITOR in actor.roles
    # the subject is bound now: a later sign-in by subject alone finds it; the e-mail no longer binds another
    assert accounts.sign_in_oidc(write_con, "sub-123", None).login == "auditor2"
    assert accounts.sign_in_oidc(write_con, "sub-999", "auditor2@city.go.kr") == ANONYMOUS
    assert accounts.sign_in_oidc(write_con, "sub-stranger", "stranger@example.com") == ANONYMOUS
    assert write_con.execute("SELECT count(*) FROM accounts WHERE email = 'stranger@example.com'").fetchone()[0] == 0
    # an OIDC account has no password: password sign-in is refused
    with pytest.raises(SignInError):
        accounts.sign_in(write_con, "auditor2", "")


def test_sign_out_is_logged(write_con, people):
    accounts.sign_out(write_con, people[Role.PLANNER])
    assert log(write_con).iloc[0][["actor", "action", "outcome"]].tolist() == ["planner", "sign_out", "ok"]


def test_a_holder_changes_their_own_password(write_con, people):
    with pytest.raises(SignInError):
        accounts.change_password(write_con, people[Role.PLANNER], "틀린 옛 비밀번호", "새 비밀번호 12345")
    with pytest.raises(AccountError, match="10~256자"):
        accounts.change_password(write_con, people[Role.PLANNER], PASSWORD, "짧음")
    accounts.change_password(write_con, people[Role.PLANNER], PASSWORD, "새 비밀번호 12345")
    assert accounts.sign_in(write_con, "planner", "새 비밀번호 12345").login == "planner"
    with pytest.raises(SignInError):
        accounts.sign_in(write_con, "planner", PASSWORD)
