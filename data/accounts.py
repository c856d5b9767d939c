"""Accounts: creation by an admin (or the first admin from the command line), Argon2 password
hashes, sign-in with lock-out, OpenID Connect identities mapped to accounts an admin created,
roles, and the listing (never the hash). Every sign-in, failure, sign-out and account change
is written to the action_log; no password or hash ever is.

All messages a user sees are one Korean line (`AccountError`, `SignInError`, `Forbidden`).
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from data.authority import (ANONYMOUS, GRANTABLE_ROLES, RESERVED_LOGINS, ROLE_LABELS, Action, Actor, Role, load_actor,
                            log_action, log_refusal, require)
from data.store import ACCOUNTS, execute, query, sql_text, write_transaction

MAX_FAILED_ATTEMPTS = 5          # failures in a row before the account is locked
LOCKOUT_MINUTES = 15             # how long a locked account refuses every sign-in
LOGIN_LENGTH = (3, 32)
NAME_LENGTH = (1, 40)
PASSWORD_LENGTH = (10, 256)
EMAIL_LENGTH = 254
FORMULA_TRIGGERS = ("=", "+", "-", "@")
LOGIN_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
SIGN_IN_FAILED = "아이디 또는 비밀번호가 올바르지 않습니다"


class AccountError(ValueError):
    """An account request that cannot be carried out; str() is one Korean line."""


class SignInError(AccountError):
    """A refused sign-in; str() is one Korean line (the same for an unknown login and a wrong password)."""


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()   # Argon2id with the library's recommended parameters


@cache
def _dummy_hash() -> str:
    """A hash to verify against for unknown logins, so that they take as long as known ones."""
    return _hasher().hash("no such account — timing only")


# --- validation -----------------------------------------------------------------------------

def _no_control(text: str, what: str) -> None:
    for ch in text:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            raise AccountError(f"{what}에 제어 문자나 보이지 않는 문자를 쓸 수 없습니다 (U+{ord(ch):04X})")


def _clean_text(text, what: str, topic: str, length: tuple[int, int], lower: bool = False) -> str:
    """A text field as stored: NFC, trimmed (lower case when asked), no control or invisible
    characters, `length` = (fewest, most) characters, no formula trigger first. `what` names the
    field in the messages, `topic` is it with its particle (아이디는, 이름은)."""
    value = unicodedata.normalize("NFC", str(text or "")).strip()
    value = value.lower() if lower else value
    _no_control(value, what)
    low, high = length
    if not low <= len(value) <= high:
        raise AccountError(f"{topic} {low}~{high}자여야 합니다")
    if value.startswith(FORMULA_TRIGGERS):
        raise AccountError(f"{topic} = + - @ 로 시작할 수 없습니다")
    return value


def clean_login(text: str) -> str:
    """A login as stored: NFC, trimmed, lower case; 3–32 of a–z 0–9 . _ -, starting with a letter or digit."""
    login = _clean_text(text, "아이디", "아이디는", LOGIN_LENGTH, lower=True)
    if login in RESERVED_LOGINS:
        raise AccountError(f"쓸 수 없는 아이디입니다: {login}")
    if not LOGIN_PATTERN.fullmatch(login):
        raise AccountError("아이디에는 영문 소문자, 숫자, 점(.), 밑줄(_), 하이픈(-)만 쓸 수 있고 영문이나 숫자로 시작해야 합니다")
    return login


def clean_display_name(text: str) -> str:
    """A display name: NFC, trimmed, 1–40 characters, no control characters, no formula trigger first."""
    return _clean_text(text, "이름", "이름은", NAME_LENGTH)


def clean_email(text: str | None) -> str | None:
    """An e-mail address as stored (NFC, trimmed, lower case), or None."""
    if text is None or not str(text).strip():
        return None
    email = unicodedata.normalize("NFC", str(text)).strip().lower()
    _no_control(email, "이메일")
    if len(email) > EMAIL_LENGTH or not EMAIL_PATTERN.fullmatch(email) or email.startswith(FORMULA_TRIGGERS):
        raise AccountError(f"이메일 주소 형식이 올바르지 않습니다: {email[:60]}")
    return email


def check_password(password: str) -> str:
    """A new password: 10–256 characters, no control characters (never echoed in a message)."""
    low, high = PASSWORD_LENGTH
    if not isinstance(password, str) or not low <= len(password) <= high:
        raise AccountError(f"비밀번호는 {low}~{high}자여야 합니다")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in password):
        raise AccountError("비밀번호에 제어 문자를 쓸 수 없습니다")
    return password


def hash_password(password: str) -> str:
    """The Argon2id hash of a new password (a fresh salt each time: never equal to the password)."""
    return _hasher().hash(check_password(password))


def _roles(roles: Iterable[str | Role]) -> list[Role]:
    found = []
    for r in roles:
        try:
            role = Role(str(r).strip())
        except ValueError:
            role = None
        if role not in GRANTABLE_ROLES:
            names = ", ".join(f"{x} ({ROLE_LABELS[x]})" for x in GRANTABLE_ROLES)
            raise AccountError(f"알 수 없는 역할입니다: {r} — {names} 중에서 고르세요")
        if role not in found:
            found.append(role)
    return found


def _department(con, department: str | None, roles: list[Role]) -> str | None:
    if department is None or not str(department).strip():
        if Role.DEPARTMENT in roles:
            raise AccountError("부서 담당자 역할에는 부서(--department)가 필요합니다")
        return None
    name = clean_display_name(department)
    if not con.cursor().execute(sql_text("accounts/department_known"), {"name": name}).fetchone()[0]:
        raise AccountError(f"알 수 없는 부서입니다: {name} — 공약 카드의 주관부서나 관리자가 추가한 부서여야 합니다")
    return name


def _account(cur, login: str) -> dict | None:
    row = cur.execute(sql_text("accounts/account_by_login"), {"login": login}).fetchone()
    if row is None:
        return None
    cols = ["account_id", "login", "display_name", "password_hash", "oidc_subject", "email", "department",
            "failed_attempts", "locked_until", "disabled"]
    return dict(zip(cols, row))


# --- creating accounts and roles ------------------------------------------------------------

def _insert(cur, by: str, login: str, name: str, password_hash: str | None, roles: list[Role],
            department: str | None, email: str | None, subject: str | None) -> int:
    if _account(cur, login) is not None:
        raise AccountError(f"이미 있는 아이디입니다: {login}")
    account_id = execute(cur, "accounts/insert_account", login=login, display_name=name, password_hash=password_hash,
                         oidc_subject=subject, email=email, department=department).fetchone()[0]
    for role in roles:
        execute(cur, "accounts/insert_role", account_id=account_id, role=str(role), granted_by=by)
    return account_id


def create_first_admin(con: duckdb.DuckDBPyConnection, login: str, display_name: str, password: str) -> int:
    """The first admin (`python -m data account create-admin`): refused once any admin exists."""
    login, name = clean_login(login), clean_display_name(display_name)
    hashed = hash_password(password)
    with write_transaction(con, [ACCOUNTS]) as cur:
        if cur.execute(sql_text("accounts/admin_count")).fetchone()[0]:
            raise AccountError("관리자 계정이 이미 있습니다: 새 계정은 관리자가 'account add'로 만드세요")
        account_id = _insert(cur, login, login, name, hashed, [Role.ADMIN], None, None, None)
        log_action(cur, login, "account_create", login, "ok", "첫 관리자 (명령줄)")
    return account_id


def create_account(con: duckdb.DuckDBPyConnection, actor: Actor, login: str, display_name: str, *,
                   password: str | None = None, roles: Iterable[str | Role] = (), department: str | None = None,
                   email: str | None = None, oidc_subject: str | None = None) -> int:
    """A new account made by an admin: local (password) or OIDC (email and/or subject, no password)."""
    admin = require(con, actor, Action.ADMIN_USERS, target=str(login))
    try:
        login, name = clean_login(login), clean_display_name(display_name)
        wanted, email = _roles(roles), clean_email(email)
        subject = None if oidc_subject is None or not str(oidc_subject).strip() else str(oidc_subject).strip()
        if subject is not None:
            _no_control(subject, "OIDC 식별자")
        if password is None and email is None and subject is None:
            raise AccountError("비밀번호, 또는 OIDC 로그인용 이메일이나 식별자가 필요합니다")
        hashed = None if password is None else hash_password(password)
        dept = _department(con, department, wanted)
        with write_transaction(con, [ACCOUNTS]) as cur:
            account_id = _insert(cur, admin.login, login, name, hashed, wanted, dept, email, subject)
            log_action(cur, admin.login, "account_create", login, "ok",
                       f"역할: {','.join(wanted) or '없음'}" + (f", 부서: {dept}" if dept else ""))
    except AccountError as err:
        log_refusal(con, admin.login, "account_create", str(login)[:64], str(err))
        raise
    return account_id


def set_roles(con: duckdb.DuckDBPyConnection, actor: Actor, login: str, roles: Iterable[str | Role]) -> list[str]:
    """Replace the roles of an account (admin only); the last enabled admin keeps its admin role."""
    admin = require(con, actor, Action.ADMIN_USERS, target=str(login))
    try:
        login, wanted = clean_login(login), _roles(roles)
        with write_transaction(con, [ACCOUNTS]) as cur:
            account = _account(cur, login)
            if account is None:
                raise AccountError(f"없는 계정입니다: {login}")
            held = [r[0] for r in cur.execute(sql_text("accounts/roles_of"), {"account_id": account["account_id"]}).fetchall()]
            if Role.DEPARTMENT in wanted and not account["department"]:
                raise AccountError("부서 담당자 역할에는 부서가 지정된 계정이어야 합니다")
            removed = [r for r in held if r not in wanted]
            added = [str(r) for r in wanted if str(r) not in held]
            for role in removed:
                execute(cur, "accounts/delete_role", account_id=account["account_id"], role=role)
            if "admin" in removed and not cur.execute(sql_text("accounts/admin_count")).fetchone()[0]:
                raise AccountError("마지막 관리자의 관리자 역할은 뺄 수 없습니다")
            for role in added:
                execute(cur, "accounts/insert_role", account_id=account["account_id"], role=role, granted_by=admin.login)
            log_action(cur, admin.login, "role_change", login, "ok",
                       f"추가: {','.join(added) or '없음'} / 제거: {','.join(removed) or '없음'}")
    except AccountError as err:
        log_refusal(con, admin.login, "role_change", str(login)[:64], str(err))
        raise
    return sorted(str(r) for r in wanted)


def set_disabled(con: duckdb.DuckDBPyConnection, actor: Actor, login: str, disabled: bool) -> None:
    """Disable (or re-enable) an account (admin only; not one's own)."""
    admin = require(con, actor, Action.ADMIN_USERS, target=str(login))
    login = clean_login(login)
    if disabled and login == admin.login:
        log_refusal(con, admin.login, "account_disable", login, "자기 계정은 중지할 수 없습니다")
        raise AccountError("자기 계정은 중지할 수 없습니다")
    with write_transaction(con, [ACCOUNTS]) as cur:
        account = _account(cur, login)
        if account is None:
            raise AccountError(f"없는 계정입니다: {login}")
        execute(cur, "accounts/set_disabled", account_id=account["account_id"], disabled=bool(disabled))
        log_action(cur, admin.login, "account_disable" if disabled else "account_enable", login, "ok")


def reset_password(con: duckdb.DuckDBPyConnection, actor: Actor, login: str, password: str) -> None:
    """A new password for an account (admin only); also lifts a lock-out."""
    admin = require(con, actor, Action.ADMIN_USERS, target=str(login))
    login, hashed = clean_login(login), hash_password(password)
    with write_transaction(con, [ACCOUNTS]) as cur:
        account = _account(cur, login)
        if account is None:
            raise AccountError(f"없는 계정입니다: {login}")
        execute(cur, "accounts/set_password", account_id=account["account_id"], password_hash=hashed)
        log_action(cur, admin.login, "password_reset", login, "ok")


def change_password(con: duckdb.DuckDBPyConnection, actor: Actor, old_password: str, new_password: str) -> None:
    """The signed-in holder changes their own password (the old one is checked, failures count
    towards the lock-out like a sign-in)."""
    if not actor.login or actor.system:
        raise AccountError("로그인한 계정만 비밀번호를 바꿀 수 있습니다")
    sign_in(con, actor.login, old_password)
    hashed = hash_password(new_password)
    with write_transaction(con, [ACCOUNTS]) as cur:
        account = _account(cur, actor.login)
        execute(cur, "accounts/set_password", account_id=account["account_id"], password_hash=hashed)
        log_action(cur, actor.login, "password_change", actor.login, "ok")


def add_department(con: duckdb.DuckDBPyConnection, actor: Actor, city: str, name: str) -> None:
    """A department besides those on the cards (admin only)."""
    admin = require(con, actor, Action.ADMIN_USERS, target=str(name))
    name = clean_display_name(name)
    with write_transaction(con, [ACCOUNTS]) as cur:
        execute(cur, "accounts/insert_department", city=city, name=name)
        log_action(cur, admin.login, "department_add", f"{city} {name}", "ok")


def list_accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account with its roles (comma-separated), lock and state; never the hash."""
    return query(con, "accounts/list_accounts")


# --- signing in and out ---------------------------------------------------------------------

def sign_in(con: duckdb.DuckDBPyConnection, login: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """The actor for a login and password, or SignInError. After MAX_FAILED_ATTEMPTS failures in
    a row the account refuses every sign-in for LOCKOUT_MINUTES; a success clears the count."""
    now = now or dt.datetime.now()
    try:
        login = clean_login(login)
    except AccountError:
        _hasher_verify(_dummy_hash(), password)
        log_refusal(con, "익명", "sign_in_failed", None, "형식에 맞지 않는 아이디")
        raise SignInError(SIGN_IN_FAILED) from None
    with write_transaction(con, [ACCOUNTS]) as cur:
        account = _account(cur, login)
        if account is None or account["password_hash"] is None:
            _hasher_verify(_dummy_hash(), password)
            log_action(cur, "익명", "sign_in_failed", None, "refused", "알 수 없는 아이디 또는 비밀번호 없는 계정")
            problem = SIGN_IN_FAILED
        elif account["locked_until"] is not None and account["locked_until"] > now:
            log_action(cur, login, "sign_in_failed", login, "refused", "잠긴 계정")
            problem = f"로그인 실패가 많아 계정이 잠겼습니다: {account['locked_until']:%H:%M} 이후에 다시 시도하세요"
        elif not _hasher_verify(account["password_hash"], password):
            failures = (0 if account["locked_until"] is not None else account["failed_attempts"]) + 1
            locked = now + dt.timedelta(minutes=LOCKOUT_MINUTES) if failures >= MAX_FAILED_ATTEMPTS else None
            execute(cur, "accounts/record_failure", account_id=account["account_id"],
                    failed_attempts=0 if locked else failures, locked_until=locked)
            log_action(cur, login, "sign_in_failed", login, "refused",
                       f"비밀번호 불일치 {failures}회" + (f", {LOCKOUT_MINUTES}분 잠금" if locked else ""))
            problem = SIGN_IN_FAILED if locked is None else (
                f"로그인 실패가 {MAX_FAILED_ATTEMPTS}회 이어져 계정이 {LOCKOUT_MINUTES}분 동안 잠겼습니다")
        elif account["disabled"]:
            log_action(cur, login, "sign_in_failed", login, "refused", "중지된 계정")
            problem = "사용이 중지된 계정입니다 — 관리자에게 문의하세요"
        else:
            hashed = account["password_hash"]
            if _hasher().check_needs_rehash(hashed):
                hashed = _hasher().hash(password)
            execute(cur, "accounts/record_success", account_id=account["account_id"], password_hash=hashed)
            log_action(cur, login, "sign_in", login, "ok", "비밀번호")
            problem = None
    if problem is not None:
        raise SignInError(problem)
    return load_actor(con, login)


def _hasher_verify(hashed: str, password: str) -> bool:
    try:
        return _hasher().verify(hashed, password if isinstance(password, str) else "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def sign_in_oidc(con: duckdb.DuckDBPyConnection, subject: str, email: str | None = None) -> Actor:
    """The actor for an OpenID Connect identity: the account bound to its subject, else the
    account an admin created for its e-mail (the subject is bound to it now). An identity
    without such an account gets no role: ANONYMOUS (and a refused sign_in line in the log)."""
    subject = str(subject or "").strip()
    email = clean_email(email) if email else None
    with write_transaction(con, [ACCOUNTS]) as cur:
        row = cur.execute(sql_text("accounts/account_by_subject"), {"oidc_subject": subject}).fetchone() if subject else None
        if row is None and email:
            row = cur.execute(sql_text("accounts/account_by_email"), {"email": email}).fetchone()
            if row is not None and subject:
                execute(cur, "accounts/bind_subject", account_id=row[0], oidc_subject=subject)
        if row is None or row[4]:
            log_action(cur, "익명", "sign_in_failed", None, "refused",
                       "등록되지 않은 OIDC 계정" if row is None else f"중지된 계정 {row[1]}")
            login = None
        else:
            login = row[1]
            log_action(cur, login, "sign_in", login, "ok", "OIDC")
    return ANONYMOUS if login is None else load_actor(con, login)


def sign_out(con: duckdb.DuckDBPyConnection, actor: Actor) -> None:
    """Log a sign-out (the session forgets the actor)."""
    if actor.login and not actor.system:
        with write_transaction(con, [ACCOUNTS]) as cur:
            log_action(cur, actor.login, "sign_out", actor.login, "ok")
