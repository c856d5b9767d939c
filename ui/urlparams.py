"""The URL's parameters, checked: every value is either used or ignored with a Korean notice,
never an exception (`?as_of=9999-12-31`, `?year=²`, `?pledge=<script>`, a 10,000-character
value, a key given twice — Streamlit keeps the last).

    day = parse_as_of(params.get("as_of"), notices)     # None when absent or ignored
    show(notices)                                        # one st.warning, once

The notices never echo the value (it may be long or markup): they name the parameter and say
what is accepted.
"""
from __future__ import annotations

import datetime as dt
import re

import streamlit as st

FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)   # plausible as-of dates
MAX_CHARS = 200           # longer values are ignored without being parsed
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_YEAR = re.compile(r"[0-9]{4}")
ROUNDINGS = ("half_up", "cut")


def _ignored(name: str, accepted: str) -> str:
    return f"주소의 '{name}' 값은 쓸 수 없어 무시했습니다 ({accepted})."


def parse_as_of(raw: str | None, notices: list[str], name: str = "as_of") -> dt.date | None:
    """An ISO date from 2000-01-01 to 2100-12-31, else None (with a notice when a value was given)."""
    if raw is None:
        return None
    text = raw.strip()
    if len(text) <= MAX_CHARS and _ISO_DAY.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
        if day is not None and FIRST_DAY <= day <= LAST_DAY:
            return day
    notices.append(_ignored(name, f"기준일은 {FIRST_DAY.year}-01-01부터 {LAST_DAY.year}-12-31 사이의 "
                                  "날짜를 2024-05-31처럼 씁니다"))
    return None


def parse_year(raw: str | None, years, notices: list[str]) -> int | None:
    """A four-digit year (ASCII digits) among `years` (any when None), else None (with a notice)."""
    if raw is None:
        return None
    text = raw.strip()
    if len(text) <= MAX_CHARS and _YEAR.fullmatch(text) and (years is None or int(text) in years):
        return int(text)
    notices.append(_ignored("year", "이 공약의 임기 안의 연도를 2024처럼 씁니다. 전체 연도를 봅니다"))
    return None


def parse_choice(raw: str | None, allowed, name: str, notices: list[str], accepted: str):
    """`raw` when it is one of `allowed`, else None (with a notice when a value was given)."""
    if raw is None:
        return None
    if len(raw) <= MAX_CHARS and raw in allowed:
        return raw
    notices.append(_ignored(name, accepted))
    return None


def parse_cap(raw: str | None, notices: list[str]) -> bool:
    """'1' (or absent): rates capped at 100%; '0': not capped; anything else ignored (capped)."""
    return parse_choice(raw, ("0", "1"), "cap", notices, "0 또는 1; 100% 상한을 적용합니다") != "0"


def parse_rounding(raw: str | None, notices: list[str]) -> str:
    return parse_choice(raw, ROUNDINGS, "rounding", notices, "half_up 또는 cut; 반올림합니다") or "half_up"


def mirror(wanted: dict[str, str | None]) -> None:
    """Write these keys into the URL (None removes the key); a key already right is not written
    again (each write is a browser history entry), and other keys are left alone."""
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value


NOTICES = "_url_notices"   # kept for the session: a rerun (sign-in, URL mirroring) must not hide them


def show(notices: list[str]) -> None:
    """The notices of ignored values not shown yet, as one Korean warning; remembered for the
    session's later runs (show_again)."""
    kept = st.session_state.get(NOTICES) or []
    new = [n for n in dict.fromkeys(notices) if n not in kept]
    st.session_state[NOTICES] = [*kept, *new]
    if new:                       # the ones already kept were shown by show_again earlier in this run
        st.warning("  \n".join(new), icon=":material/link_off:")


def show_again() -> None:
    """The remembered notices of the URL the session was opened with (nothing when there are none)."""
    notices = st.session_state.get(NOTICES)
    if notices:
        st.warning("  \n".join(notices), icon=":material/link_off:")
