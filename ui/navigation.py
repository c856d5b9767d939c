"""Which pages a role may open, from the ROLE × ACTION matrix (data.authority.MATRIX), and the
check every page makes at its top (`guard(__file__)`), so a direct URL or a crafted session
state gives no tool: the navigation per role is a convenience; the write functions check again.

A page is public (anyone, 시민 included), for every signed-in role (SIGNED_IN), or needs one
action of the matrix (e.g. 감사 needs read_audit: auditor and admin).
"""
from __future__ import annotations

import functools

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from data.authority import Action, Actor
from ui import auth, state, store

ROOT = Path(__file__).resolve().parent.parent
SIGNED_IN = "signed_in"     # any signed-in role (the staff pages)
PUBLIC = "public"           # everybody, 시민 included
ANONYMOUS_ONLY = "anonymous_only"


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    needs: str | Action                 # PUBLIC, SIGNED_IN, ANONYMOUS_ONLY or an Action
    optional: bool = False              # listed only when the file exists (written by another change)


SIGN_IN = "pages/sign_in.py"
HOME = "pages/overview.py"

SPECS = (
    PageSpec("pages/public.py", "공약 이행 현황", ":material/public:", "public", PUBLIC, optional=True),
    PageSpec("pages/public-card.py", "공약 카드 (공개)", ":material/article:", "public-card", PUBLIC, optional=True),
    PageSpec("pages/public-changes.py", "목표 변경 이력", ":material/history:", "public-changes", PUBLIC,
             optional=True),
    PageSpec(HOME, "개요", ":material/dashboard:", "overview", SIGNED_IN),
    PageSpec("pages/portfolio.py", "전체 현황", ":material/leaderboard:", "portfolio", SIGNED_IN),
    PageSpec("pages/card.py", "공약 카드", ":material/description:", "card", SIGNED_IN),
    PageSpec("pages/indicators.py", "확인지표", ":material/monitoring:", "indicators", SIGNED_IN),
    PageSpec("pages/budget.py", "예산", ":material/payments:", "budget", SIGNED_IN),
    PageSpec("pages/schedule.py", "추진일정", ":material/event:", "schedule", SIGNED_IN),
    PageSpec("pages/audit.py", "감사", ":material/fact_check:", "audit", Action.READ_AUDIT),
    PageSpec("pages/import.py", "기록 가져오기", ":material/upload_file:", "import", Action.IMPORT),
    PageSpec("pages/approvals.py", "목표 변경 승인", ":material/approval:", "approvals", Action.DECIDE),
    PageSpec("pages/users.py", "사용자 관리", ":material/manage_accounts:", "users", Action.ADMIN_USERS),
    PageSpec(SIGN_IN, "로그인", ":material/login:", "sign_in", ANONYMOUS_ONLY),
)
BY_PATH = {spec.path: spec for spec in SPECS}


def allowed(spec: PageSpec, who: Actor) -> bool:
    """May the actor open the page? (PUBLIC: everyone; SIGNED_IN: any account; else the matrix.)
    A read-only public process (PLEDGE_DB_READ_ONLY=1) offers the public pages only: no sign-in."""
    if spec.needs == PUBLIC:
        return True
    if store.read_only():
        return False
    if spec.needs == ANONYMOUS_ONLY:
        return not auth.signed_in(who)
    if spec.needs == SIGNED_IN:
        return auth.signed_in(who)
    return auth.signed_in(who) and auth.may(who, spec.needs)


def available(spec: PageSpec) -> bool:
    return not spec.optional or (ROOT / spec.path).exists()


def specs_for(who: Actor) -> list[PageSpec]:
    """The pages the actor may open, in the navigation's order: a citizen's start with the public
    view; staff start with 개요 and find the public pages after their own."""
    specs = [s for s in SPECS if available(s) and allowed(s, who)]
    if auth.signed_in(who):
        specs.sort(key=lambda s: s.needs == PUBLIC)
    return specs


def pages_for(who: Actor) -> list:
    """st.Page objects of every page, the ones the actor may open listed in the menu (the first is
    the default page: the public view for a citizen when it exists, else 로그인; 개요 for staff)
    and the others registered but hidden. The page set stays the same for everybody, so a URL
    naming a staff page, or a sign-in that changes the menu, never meets Streamlit's English
    'Page not found' dialog: the page runs and its guard refuses in Korean."""
    shown = specs_for(who)
    hidden = [s for s in SPECS if available(s) and s not in shown]
    if shown:
        root_by_name(shown[0])
    return ([st.Page(s.path, title=s.title, icon=s.icon, url_path=s.url_path, default=(n == 0))
             for n, s in enumerate(shown)]
            + [st.Page(s.path, title=s.title, icon=s.icon, url_path=s.url_path, visibility="hidden")
               for s in hidden])


def root_by_name(default: PageSpec) -> None:
    """Streamlit serves the default page at the root ("/") only: a URL that names it (/public for
    a citizen, /overview for staff — the links people share) would meet its English 'Page not
    found' dialog before the same page runs anyway. Such a URL is taken as the root."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    manager = getattr(get_script_run_ctx(), "pages_manager", None)
    if manager is not None and not manager.intended_page_script_hash and manager.intended_page_name == default.url_path:
        manager.set_script_intent("", "")


def home(who: Actor) -> str | None:
    """The first page the actor may open."""
    specs = specs_for(who)
    return specs[0].path if specs else None


@functools.lru_cache(maxsize=64)
def _relative(page_file: str) -> str:
    """'pages/x.py' for a page file (resolved once per file: a realpath costs file-system calls)."""
    path = Path(page_file).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return f"pages/{path.name}"


def guard(page_file: str) -> Actor:
    """A page's own check at its top: the actor, or a Korean refusal and st.stop(). First of
    all, a page run in Streamlit's pages/-folder mode (a fresh server's first visitor opening its
    URL) is served again through dashboard.py, before it draws anything (state.ensure_entrypoint)."""
    state.ensure_entrypoint()
    spec = BY_PATH.get(_relative(page_file))
    who = auth.actor()
    if spec is None or spec.needs == PUBLIC:
        return who
    if store.read_only():       # a public process: no staff page, staff use the staff address
        st.error("이 주소는 공개 현황만 보여 줍니다. 직원용 화면은 직원용 주소에서 로그인해 여세요.", icon=":material/lock:")
        st.stop()
    if spec.needs == ANONYMOUS_ONLY:
        return who
    auth.refuse_page(who, None if spec.needs == SIGNED_IN else spec.needs)
    return who
