"""`python -m data account …`: the first admin, accounts made by an admin, roles, the listing;
and `cli_actor`, which every command-line write (`python -m metrics import/undo`) uses to
name an existing account.

Passwords never come from the command line (argv is visible to other users of the machine and
lands in shell history): the acting account's password comes from $PLEDGE_PASSWORD, else from
standard input with --password-stdin (first line), else from a prompt; a new account's
password from the next line of standard input with --password-stdin, else
$PLEDGE_NEW_PASSWORD, else a prompt (asked twice).
"""
from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys
from collections.abc import Callable

import duckdb

from data.accounts import AccountError, SignInError, create_account, create_first_admin, list_accounts, set_roles, sign_in
from data.authority import GRANTABLE_ROLES, ROLE_LABELS, Actor, Forbidden
from data.store import location

PASSWORD_ENV = "PLEDGE_PASSWORD"
NEW_PASSWORD_ENV = "PLEDGE_NEW_PASSWORD"


class Passwords:
    """Where passwords come from, in order: environment, standard input lines, a prompt."""

    def __init__(self, use_stdin: bool, stdin=None, prompt: Callable[[str], str] = getpass.getpass):
        self.use_stdin, self.stdin, self.prompt = use_stdin, stdin or sys.stdin, prompt

    def _line(self) -> str | None:
        if not self.use_stdin:
            return None
        line = self.stdin.readline()
        return line.rstrip("\r\n") if line else None

    def acting(self, login: str) -> str:
        """The password of the acting account."""
        found = os.environ.get(PASSWORD_ENV) or self._line()
        return found if found is not None else self.prompt(f"{login} 계정의 비밀번호: ")

    def new(self) -> str:
        """The password of a new account."""
        found = self._line() or os.environ.get(NEW_PASSWORD_ENV)
        if found is not None:
            return found
        first = self.prompt("새 비밀번호: ")
        if first != self.prompt("새 비밀번호 확인: "):
            raise AccountError("두 번 입력한 비밀번호가 다릅니다")
        return first


def cli_actor(con: duckdb.DuckDBPyConnection, login: str | None, passwords: Passwords) -> Actor:
    """The account a command-line write acts as: signed in with its password (lock-out and the
    action_log apply as on the sign-in page). No --as: AccountError."""
    if not login:
        raise AccountError("쓰기 명령에는 계정이 필요합니다: --as 아이디 (비밀번호는 $PLEDGE_PASSWORD 또는 표준 입력)")
    return sign_in(con, login, passwords.acting(login))


def add_parser(sub) -> None:
    """The `account` command and its subcommands, on the `python -m data` parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=location, default=None,
                        help="DuckDB 파일 또는 postgresql:// URL (기본: $PLEDGE_DB 또는 data/pledges.duckdb)")
    common.add_argument("--password-stdin", action="store_true", help="비밀번호를 표준 입력에서 한 줄씩 읽기")
    acc = sub.add_parser("account", help="계정과 역할 관리")
    asub = acc.add_subparsers(dest="account_command", required=True)
    roles = ", ".join(f"{r} ({ROLE_LABELS[r]})" for r in GRANTABLE_ROLES)

    first = asub.add_parser("create-admin", help="첫 관리자 계정 만들기 (관리자가 아직 없을 때만)", parents=[common])
    first.add_argument("--login", required=True, help="아이디")
    first.add_argument("--name", required=True, help="이름")

    add = asub.add_parser("add", help="계정 만들기 (관리자만)", parents=[common])
    add.add_argument("--as", dest="actor", required=True, help="관리자 아이디")
    add.add_argument("--login", required=True, help="새 계정의 아이디")
    add.add_argument("--name", required=True, help="새 계정의 이름")
    add.add_argument("--role", action="append", default=[], help=f"역할 (여러 번 가능): {roles}")
    add.add_argument("--department", default=None, help="부서 담당자의 부서 (공약 카드의 주관부서)")
    add.add_argument("--email", default=None, help="OIDC 로그인용 이메일 (비밀번호 없는 계정)")
    add.add_argument("--oidc-subject", default=None, help="OIDC 식별자(sub)")

    rol = asub.add_parser("roles", help="계정의 역할 바꾸기 (관리자만)", parents=[common])
    rol.add_argument("--as", dest="actor", required=True, help="관리자 아이디")
    rol.add_argument("--login", required=True, help="역할을 바꿀 계정")
    rol.add_argument("--role", action="append", default=[], help=f"새 역할 전체 (여러 번 가능): {roles}")

    asub.add_parser("list", help="계정 목록 (비밀번호 정보 없음)", parents=[common])


def run(con: duckdb.DuckDBPyConnection, args: argparse.Namespace, passwords: Passwords | None = None) -> int:
    """Carry out an `account` subcommand; Korean one-line errors on stderr, exit code 2."""
    passwords = passwords or Passwords(args.password_stdin)
    try:
        command = args.account_command
        if command == "create-admin":
            create_first_admin(con, args.login, args.name, passwords.new())
            print(f"첫 관리자 계정을 만들었습니다: {args.login}")
        elif command == "add":
            admin = cli_actor(con, args.actor, passwords)
            oidc = args.email is not None or args.oidc_subject is not None
            create_account(con, admin, args.login, args.name, password=None if oidc else passwords.new(),
                           roles=args.role, department=args.department, email=args.email,
                           oidc_subject=args.oidc_subject)
            print(f"계정을 만들었습니다: {args.login} ({', '.join(args.role) or '역할 없음'})")
        elif command == "roles":
            admin = cli_actor(con, args.actor, passwords)
            print(f"{args.login}의 역할: {', '.join(set_roles(con, admin, args.login, args.role)) or '없음'}")
        else:
            frame = list_accounts(con)
            print("아이디\t이름\t역할\t부서\t로그인 방식\t상태")
            for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
                state = "중지" if row.disabled else ("잠김" if row.locked_until is not None and row.locked_until > dt.datetime.now() else "사용")
                how = "비밀번호" if row.has_password else "OIDC"
                print(f"{row.login}\t{row.display_name}\t{row.roles or '-'}\t{row.department or '-'}\t{how}\t{state}")
        return 0
    except (AccountError, SignInError, Forbidden) as err:
        print(f"오류: {err}", file=sys.stderr)
        return 2
