"""The signed-in identity at the app's edge: which login this session holds (only the login —
the roles are read again from the store on every run through data.authority.load_actor, so a
role set in session state, or one an admin has since removed, grants nothing), the Korean
sign-in form, sign-out, the idle timeout, and OpenID Connect sign-in through Streamlit's own
`st.login()` / `st.user` / `st.logout()` when `[auth]` is configured in .streamlit/secrets.toml.

Every sign-in, failure and sign-out is written to the action log by data.accounts; no password
or hash is ever shown, kept in session state or logged here.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import streamlit as st

from data.accounts import AccountError, SignInError, clean_email, sign_in, sign_in_oidc, sign_out
from data.authority import ANONYMOUS, ROLE_LABELS, Action, Actor, Role, load_actor, matrix_allows, refusal
from data.store import DEFAULT_DB, default_db_path
from ui import store

LOGIN = "auth_login"            # the signed-in login; the one identity fact kept in the session
VIA = "auth_via"                # "password" | "oidc"
LAST_SEEN = "auth_last_seen"    # wall-clock seconds of the session's last script run
OIDC_DONE = "auth_oidc_subject" # the OpenID subject already mapped in this session (mapped once)
NOTICE = "auth_notice"          # a message for the next run (signed out after idling, …)
GOTO = "auth_goto_home"         # after a sign-in: open the first staff page
IDLE_ENV = "PLEDGE_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 30
COOKIE_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
NO_AUTHORITY = "권한이 없습니다 — 로그인하세요"


# --- configuration -----------------------------------------------------------------------------

def idle_minutes() -> float:
    """Minutes without a rerun after which a session is signed out ($PLEDGE_IDLE_MINUTES, default 30)."""
    try:
        value = float(os.environ.get(IDLE_ENV, DEFAULT_IDLE_MINUTES))
    except ValueError:
        return DEFAULT_IDLE_MINUTES
    return value if value > 0 else DEFAULT_IDLE_MINUTES


def oidc_configured() -> bool:
    """True when .streamlit/secrets.toml has an `[auth]` section (production sign-in)."""
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"])
    except Exception:       # no secrets file at all: the embedded default
        return False


def cookie_secret_set() -> bool:
    """True when the cookie secret was given ($STREAMLIT_SERVER_COOKIE_SECRET, config.toml or
    the [auth] section), not the random one Streamlit makes per process."""
    from streamlit import config

    if os.environ.get(COOKIE_ENV) or config.is_manually_set("server.cookieSecret"):
        return True
    try:
        return bool(st.secrets["auth"].get("cookie_secret"))
    except Exception:
        return False


def embedded_default() -> bool:
    """True for the embedded default: the repository's own store, no identity provider."""
    return not oidc_configured() and Path(default_db_path()).resolve() == Path(DEFAULT_DB).resolve()


def sign_in_refusal() -> str | None:
    """Why sign-in may not start (one Korean line), or None: outside the embedded default a
    cookie secret is required."""
    if embedded_default() or cookie_secret_set():
        return None
    return ("로그인을 시작할 수 없습니다: 운영 저장소나 OIDC를 쓸 때는 쿠키 비밀값이 필요합니다 "
            f"(환경 변수 {COOKIE_ENV} — README의 '로그인과 역할' 참고)")


# --- the identity of this run ------------------------------------------------------------------

def actor() -> Actor:
    """The actor of this session as the store has it now (anonymous when not signed in, or when
    the account was removed or disabled)."""
    return load_actor(store.connection(), st.session_state.get(LOGIN))


def start() -> Actor:
    """Run at the top of every script run (dashboard.py): sign out an idle session, map an
    OpenID Connect identity once, note this run's time; returns the actor."""
    state, now = st.session_state, time.time()
    last = state.get(LAST_SEEN)
    if state.get(LOGIN) and isinstance(last, (int, float)) and now - last > idle_minutes() * 60:
        _forget(actor())
        state[NOTICE] = f"{idle_minutes():g}분 동안 사용하지 않아 로그아웃되었습니다. 다시 로그인하세요."
        if _oidc_signed_in():
            st.logout()
    state[LAST_SEEN] = now
    _map_oidc()
    return actor()


def _oidc_signed_in() -> bool:
    if not oidc_configured():
        return False
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def _map_oidc() -> None:
    """After st.login(): map st.user's subject / e-mail to an account (once per subject)."""
    if not _oidc_signed_in() or sign_in_refusal():
        return
    subject = str(st.user.get("sub") or "")
    if not subject or st.session_state.get(OIDC_DONE) == subject:
        return
    st.session_state[OIDC_DONE] = subject
    claims = {k: st.user.get(k) for k in ("email", "email_verified")}
    found = sign_in_oidc(store.connection(), subject, verified_email(claims))
    if found.login:
        st.session_state[LOGIN], st.session_state[VIA] = found.login, "oidc"
        st.session_state[GOTO] = True
    else:
        st.session_state[NOTICE] = ("이 계정은 등록되어 있지 않아 역할이 없습니다 (시민 보기). "
                                    "관리자에게 계정 등록을 요청하세요.")


def verified_email(claims) -> str | None:
    """The provider's e-mail claim when the provider vouches for it (`email_verified` true) and it
    is an address the store can match, else None. Only a verified address may bind an identity to
    the account an admin made for that address: anyone can type any address into an identity
    provider that does not verify it. A provider may send anything there (some send the
    subject); an identity bound by its subject must still sign in — an unusable claim is ignored,
    never an error page."""
    claim, verified = claims.get("email"), claims.get("email_verified")
    if not claim or not (verified is True or str(verified).lower() == "true"):
        return None
    try:
        return clean_email(str(claim))
    except AccountError:
        return None


def _forget(who: Actor) -> None:
    """Log the sign-out (when somebody was signed in) and forget the login."""
    if who.login:
        sign_out(store.connection(), who)
    for key in (LOGIN, VIA, GOTO):
        st.session_state.pop(key, None)


def sign_out_now() -> None:
    """The 로그아웃 button: log, forget, and end the OpenID session too."""
    _forget(actor())
    if _oidc_signed_in():
        st.logout()     # the browser leaves for /auth/logout and the provider's end-session form;
        st.stop()       # a rerun here could start before that message is sent, and drop it
    st.rerun()


# --- authority helpers for the pages ------------------------------------------------------------

def may(who: Actor, action: Action | str) -> bool:
    """True when the actor's roles (read from the store) grant the action (department scope aside)."""
    return matrix_allows(who.roles, Action(action))


def signed_in(who: Actor) -> bool:
    return bool(who.login) and not who.anonymous


def refuse_page(who: Actor, action: Action | str | None = None) -> None:
    """The page's own check: a Korean line and st.stop() when the actor may not use it."""
    if action is None:
        allowed = signed_in(who)
        reason = None if allowed else NO_AUTHORITY
    else:
        reason = refusal(who, Action(action))
        if reason is not None and who.anonymous:
            reason = NO_AUTHORITY
    if reason is not None:
        st.error(reason, icon=":material/lock:")
        st.stop()


def role_text(who: Actor) -> str:
    """'기획·승인권자' — the roles beside 시민, in the matrix's order."""
    held = [ROLE_LABELS[r] for r in Role if r in who.roles and r is not Role.CITIZEN]
    return "·".join(held) or ROLE_LABELS[Role.CITIZEN]


# --- drawing -----------------------------------------------------------------------------------

def show_notice() -> None:
    """The message left for this run (signed out after idling, unmapped OIDC identity)."""
    message = st.session_state.pop(NOTICE, None)
    if message:
        st.warning(message, icon=":material/logout:")


def account_box(who: Actor) -> None:
    """The sidebar's line on who is signed in, with 로그아웃."""
    with st.sidebar.container(border=True, key="account_box"):
        if signed_in(who):
            st.markdown(f"**{who.display_name or who.login}** ({who.login})")
            st.caption(f"역할: {role_text(who)}" + (f" · 부서: {who.department}" if who.department else ""))
            if st.button("로그아웃", key="sign_out", icon=":material/logout:"):
                sign_out_now()
        else:
            show_notice()
            st.caption("로그인하지 않았습니다 (시민 보기: 공개 현황만).")


def sign_in_form() -> None:
    """The sign-in page's body: OIDC button when configured, else the local 아이디/비밀번호 form."""
    blocked = sign_in_refusal()
    if blocked:
        st.error(blocked, icon=":material/lock:")
        return
    if oidc_configured():
        st.markdown("기관 계정(OpenID Connect)으로 로그인합니다.")
        if st.button("로그인 (OIDC)", type="primary", key="oidc_login", icon=":material/login:"):
            st.login()
        return
    with st.form("sign_in", clear_on_submit=True, border=True):
        login = st.text_input("아이디", key="sign_in_login", max_chars=64, autocomplete="username")
        password = st.text_input("비밀번호", key="sign_in_password", type="password", max_chars=256,
                                 autocomplete="current-password")
        submitted = st.form_submit_button("로그인", type="primary", icon=":material/login:")
    if submitted:
        try:
            found = sign_in(store.connection(), login, password)
        except SignInError as err:
            st.error(str(err), icon=":material/error:")
            return
        st.session_state[LOGIN], st.session_state[VIA] = found.login, "password"
        st.session_state[LAST_SEEN] = time.time()
        st.session_state[GOTO] = True
        st.rerun()


def go_home_after_sign_in(home: str | None) -> None:
    """Right after a sign-in, open the first page the actor may use."""
    if st.session_state.pop(GOTO, False) and home:
        st.switch_page(home)


__all__ = ["ANONYMOUS", "Action", "Actor", "Role", "actor", "start", "may", "signed_in", "refuse_page",
           "sign_in_form", "account_box", "show_notice", "sign_out_now", "role_text", "go_home_after_sign_in",
           "oidc_configured", "sign_in_refusal", "idle_minutes"]
