"""Who may do what: the roles, the actions, the ROLE × ACTION matrix (as data), the acting
identity (`Actor`) and `require`, which every write function calls before it writes.

`require` checks the roles the store holds for the actor's login now (not the roles an
`Actor` value carries, which may be stale or crafted), refuses with `Forbidden` (str() is one
Korean line) and logs every refusal to the append-only action_log. Anonymous visitors are
citizens (시민): they may read the public view only.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

import duckdb

from data.store import execute, query, sql_text

ANONYMOUS_NAME = "익명"


class Role(StrEnum):
    """A role; one person may hold several. CITIZEN is everyone, signed in or not."""
    CITIZEN = "citizen"
    DEPARTMENT = "department"
    PLANNER = "planner"
    APPROVER = "approver"
    AUDITOR = "auditor"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.CITIZEN: "시민", Role.DEPARTMENT: "부서 담당자", Role.PLANNER: "기획",
    Role.APPROVER: "승인권자", Role.AUDITOR: "감사", Role.ADMIN: "관리자",
}
GRANTABLE_ROLES = tuple(r for r in Role if r is not Role.CITIZEN)


class Action(StrEnum):
    READ_PUBLIC = "read_public"
    READ_RECORDS = "read_records"
    IMPORT = "import"
    UNDO_OWN_IMPORT = "undo_own_import"
    UNDO_ANY_IMPORT = "undo_any_import"
    PROPOSE = "propose"
    DECIDE = "decide"
    READ_AUDIT = "read_audit"
    EXPORT = "export"
    ADMIN_USERS = "admin_users"


# (short label for the matrix table, what the role "may" do, for refusals)
ACTION_TEXT = {
    Action.READ_PUBLIC: ("공개 현황 보기", "공개 현황을 볼 수 있습니다"),
    Action.READ_RECORDS: ("기록(개별 자료) 보기", "기록(개별 자료)을 볼 수 있습니다"),
    Action.IMPORT: ("기록 가져오기", "기록을 가져올 수 있습니다"),
    Action.UNDO_OWN_IMPORT: ("자기가 가져온 자료 되돌리기", "가져온 자료를 되돌릴 수 있습니다"),
    Action.UNDO_ANY_IMPORT: ("누구의 가져오기든 되돌리기", "다른 사람이 가져온 자료를 되돌릴 수 있습니다"),
    Action.PROPOSE: ("목표 변경 제안", "목표 변경을 제안할 수 있습니다"),
    Action.DECIDE: ("목표 변경 승인·반려", "목표 변경 제안을 승인하거나 반려할 수 있습니다"),
    Action.READ_AUDIT: ("감사 기록(제안·결정·작업 기록) 보기", "감사 기록을 볼 수 있습니다"),
    Action.EXPORT: ("자료 내려받기", "자료를 내려받을 수 있습니다"),
    Action.ADMIN_USERS: ("사용자·역할·부서·공약 카드 관리", "사용자와 역할, 공약 카드를 관리할 수 있습니다"),
}

# The matrix. Every role also holds CITIZEN's actions (everyone may read the public view).
MATRIX: dict[Role, frozenset[Action]] = {
    Role.CITIZEN: frozenset({Action.READ_PUBLIC}),
    Role.DEPARTMENT: frozenset({Action.READ_PUBLIC, Action.READ_RECORDS, Action.IMPORT, Action.UNDO_OWN_IMPORT}),
    Role.PLANNER: frozenset({Action.READ_PUBLIC, Action.PROPOSE}),
    Role.APPROVER: frozenset({Action.READ_PUBLIC, Action.DECIDE}),
    Role.AUDITOR: frozenset({Action.READ_PUBLIC, Action.READ_RECORDS, Action.READ_AUDIT, Action.EXPORT}),
    Role.ADMIN: frozenset({Action.READ_PUBLIC, Action.READ_RECORDS, Action.IMPORT, Action.UNDO_OWN_IMPORT,
                           Action.UNDO_ANY_IMPORT, Action.READ_AUDIT, Action.EXPORT, Action.ADMIN_USERS}),
}

# Where a role's permission reaches only the pledges of the actor's own department.
DEPARTMENT_SCOPED: frozenset[tuple[Role, Action]] = frozenset({
    (Role.DEPARTMENT, Action.READ_RECORDS), (Role.DEPARTMENT, Action.IMPORT),
    (Role.DEPARTMENT, Action.UNDO_OWN_IMPORT),
})

# The action_log's word for a refused action.
LOG_NAMES = {
    Action.READ_PUBLIC: "read", Action.READ_RECORDS: "read", Action.READ_AUDIT: "read",
    Action.IMPORT: "import", Action.UNDO_OWN_IMPORT: "undo", Action.UNDO_ANY_IMPORT: "undo",
    Action.PROPOSE: "propose", Action.DECIDE: "decide", Action.EXPORT: "export",
    Action.ADMIN_USERS: "admin",
}


class Forbidden(PermissionError):
    """An action the actor may not take; str() is one Korean line. Nothing was written."""


@dataclass(frozen=True)
class Actor:
    """The acting identity: a signed-in account, an anonymous citizen, or the build (system)."""
    login: str | None
    roles: frozenset[Role] = field(default_factory=lambda: frozenset({Role.CITIZEN}))
    department: str | None = None
    display_name: str | None = None
    system: bool = False

    @property
    def name(self) -> str:
        """The name written to logs: the login, or '익명'."""
        return self.login or ANONYMOUS_NAME

    @property
    def anonymous(self) -> bool:
        return self.login is None and not self.system


ANONYMOUS = Actor(None)
# The build loading data/records (and other maintenance run by the product itself, not a user).
# Only this very object is the system: an Actor value made elsewhere with system=True is not.
SYSTEM = Actor("build", frozenset(Role), display_name="시스템(빌드)", system=True)
RESERVED_LOGINS = frozenset({"build", "system", "admin-system", "anonymous"})
CARD_KIND, TARGETS_KIND = "card", "targets"


def matrix_allows(roles: Iterable[Role], action: Action) -> bool:
    """True when any of the roles (or CITIZEN, which everyone holds) grants the action."""
    return any(action in MATRIX[Role(r)] for r in {*roles, Role.CITIZEN})


def granting_roles(action: Action) -> list[Role]:
    """The roles that grant the action, in the matrix's order."""
    return [r for r in Role if action in MATRIX[r]]


def load_actor(con: duckdb.DuckDBPyConnection, login: str | None) -> Actor:
    """The actor as the store has it now; an unknown or disabled login is anonymous."""
    if not login:
        return ANONYMOUS
    row = con.cursor().execute(sql_text("accounts/actor"), {"login": login}).fetchone()
    if row is None or row[3]:
        return ANONYMOUS
    roles = frozenset({Role.CITIZEN, *(Role(r) for r in (row[4] or []))})
    return Actor(row[0], roles, row[2], row[1])


def _departments(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else sorted({str(v) for v in value})


def refusal(actor: Actor, action: Action, *, pledge_department: str | Iterable[str] | None = None,
            import_owner: str | None = None) -> str | None:
    """Why the actor may not take the action (one Korean line), or None when it may.

    `pledge_department`: the department(s) owning the pledges concerned (department scope);
    `import_owner`: who made the import being undone (someone else's needs undo_any_import)."""
    action = Action(action)
    if actor is SYSTEM:
        return None
    if action is Action.UNDO_OWN_IMPORT and import_owner is not None and import_owner != actor.login:
        if matrix_allows(actor.roles, Action.UNDO_ANY_IMPORT):
            return None
        if matrix_allows(actor.roles, Action.UNDO_OWN_IMPORT):
            return f"권한이 없습니다: 자기가 가져온 자료만 되돌릴 수 있습니다 (가져온 사람: {import_owner})"
    if not matrix_allows(actor.roles, action):
        who = "·".join(ROLE_LABELS[r] for r in granting_roles(action))
        tail = " — 로그인하세요" if actor.anonymous else ""
        return f"권한이 없습니다: {who} 역할만 {ACTION_TEXT[action][1]}{tail}"
    unscoped = any(action in MATRIX[r] and (r, action) not in DEPARTMENT_SCOPED for r in {*actor.roles, Role.CITIZEN})
    if unscoped:
        return None
    foreign = [d for d in _departments(pledge_department) if d != actor.department]
    if foreign:
        mine = actor.department or "부서가 지정되지 않은"
        return (f"권한이 없습니다: {mine} 담당자는 다른 부서({', '.join(foreign)}) 공약의 "
                f"{ACTION_TEXT[action][0]}를 할 수 없습니다")
    return None


def require(con: duckdb.DuckDBPyConnection, actor: Actor, action: Action, *,
            pledge_department: str | Iterable[str] | None = None, import_owner: str | None = None,
            target: str | None = None) -> Actor:
    """The actor as the store has it now, when it may take the action; else log the refusal
    (action_log, outcome 'refused') and raise Forbidden. Call it before opening the write
    transaction: the refusal's log line is committed on its own."""
    if not isinstance(actor, Actor):     # a bare name is nobody: authority comes from a signed-in account
        actor = ANONYMOUS
    current = actor if actor is SYSTEM else load_actor(con, actor.login)
    reason = refusal(current, action, pledge_department=pledge_department, import_owner=import_owner)
    if reason is not None:
        refuse(con, actor, LOG_NAMES[Action(action)], target, reason)
    return current


def refuse(con: duckdb.DuckDBPyConnection, actor: Actor, log_name: str, target: str | None, reason: str):
    """Log the refusal and raise Forbidden(reason)."""
    log_refusal(con, actor.name, log_name, target, reason)
    raise Forbidden(reason)


def require_import(con: duckdb.DuckDBPyConnection, actor: Actor, kind: str | None, city: str | None,
                   pledge_ids: Iterable[str], file_name: str) -> Actor:
    """The authority to commit an import of `kind` touching `pledge_ids`: record files need
    `import` within the actor's department (a file with another department's pledge is refused
    whole); a targets file changes targets in force, so it needs `decide`; a pledge card holds
    the targets too, so it needs `admin_users`."""
    needed = {TARGETS_KIND: Action.DECIDE, CARD_KIND: Action.ADMIN_USERS}.get(kind or "", Action.IMPORT)
    current = require(con, actor, needed, target=file_name)
    if needed is not Action.IMPORT:
        return current
    owners = query(con, "accounts/pledge_departments", city=city)
    owners = owners[owners["pledge_id"].isin(set(pledge_ids))]
    reason = refusal(current, needed, pledge_department=list(owners["department"]))
    if reason is not None:
        foreign = owners[owners["department"] != current.department]
        pledges = ", ".join(f"{p}({d})" for p, d in zip(foreign["pledge_id"], foreign["department"]))
        refuse(con, actor, "import", file_name,
               f"권한이 없습니다: {file_name} — {current.department or '부서가 지정되지 않은'} 담당자는 "
               f"다른 부서 공약 {pledges}의 기록을 가져올 수 없습니다 (파일 전체를 거부했습니다)")
    return current


def require_undo(con: duckdb.DuckDBPyConnection, actor: Actor, import_id: int) -> Actor:
    """The authority to undo an import: one's own (undo_own_import), anybody's (undo_any_import);
    undoing a targets or card import needs what committing it needed."""
    row = con.cursor().execute(sql_text("accounts/import_owner"), {"import_id": int(import_id)}).fetchone()
    owner, kind = (row[0], row[1]) if row else (None, None)
    target = f"가져오기 #{import_id}"
    if kind in (TARGETS_KIND, CARD_KIND):
        return require(con, actor, Action.DECIDE if kind == TARGETS_KIND else Action.ADMIN_USERS, target=target)
    return require(con, actor, Action.UNDO_OWN_IMPORT, import_owner=owner, target=target)


def log_action(cur, actor: str, action: str, target: str | None, outcome: str, detail: str | None = None) -> None:
    """Append one line to the action_log on `cur` (a cursor inside the write transaction whose
    action it records: the line is part of it). Callers never pass a password or a hash."""
    execute(cur, "actions/insert_action", actor=actor, action=action, target=target, outcome=outcome, detail=detail)


def log_refusal(con: duckdb.DuckDBPyConnection, actor: str, action: str, target: str | None, detail: str) -> None:
    """Append a refusal to the action_log on a cursor of its own, committed at once (the refused
    action's transaction was never opened, or was rolled back)."""
    log_action(con.cursor(), actor, action, target, "refused", detail)


def matrix_markdown() -> str:
    """The ROLE × ACTION matrix as a Markdown table (docs/roles.md is generated from it)."""
    roles = list(Role)
    lines = ["| 작업 (action) | " + " | ".join(f"{ROLE_LABELS[r]} ({r})" for r in roles) + " |",
             "| --- | " + " | ".join(":---:" for _ in roles) + " |"]
    for action in Action:
        cells = []
        for r in roles:
            mark = "○" if action in MATRIX[r] else "—"
            if mark == "○" and (r, action) in DEPARTMENT_SCOPED:
                mark = "○ (자기 부서)"
            cells.append(mark)
        lines.append(f"| {ACTION_TEXT[action][0]} (`{action}`) | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
