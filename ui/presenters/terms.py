"""Terms and data dates on screen: the term selector's options, the default pledge, and the
notices every page header shows when the as-of date lies past the data (자료는 …까지) or the
pledge's term has ended (… 끝났습니다 — 최종 수치)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from metrics.change import data_basis
from metrics.formatting import date_ko
from ui.presenters.common import missing, pledge_key


def _day(value) -> dt.date | None:
    return None if missing(value) else pd.Timestamp(value).date()


def term_options(terms: pd.DataFrame, today: dt.date) -> dict[str, str]:
    """The terms holding pledges, newest first: term → '민선 8기 (2022. 7. 1. ~ 2026. 6. 30. · 종료)'."""
    out = {}
    for r in terms[terms["pledges"] > 0].itertuples(index=False):
        ended = " · 종료" if _day(r.ends) < today else ""
        out[r.term] = f"{r.term} ({date_ko(r.starts)} ~ {date_ko(r.ends)}{ended})"
    return out


def default_pledge(pledge_list: pd.DataFrame) -> str | None:
    """The pledge opened first: the first real (not synthetic) pledge of the list, else the first."""
    if pledge_list.empty:
        return None
    real = pledge_list[~pledge_list["synthetic"].astype(bool)] if "synthetic" in pledge_list else pledge_list
    row = (real if not real.empty else pledge_list).iloc[0]
    return pledge_key(row["city"], row["pledge_id"])


def term_of(pledge_list: pd.DataFrame, key: str | None) -> str | None:
    """The term of the pledge with that key (None when unknown)."""
    keys = [pledge_key(c, p) for c, p in zip(pledge_list["city"], pledge_list["pledge_id"])]
    return pledge_list["term"].iloc[keys.index(key)] if key in keys else None


def data_day(pledge: pd.Series, today: dt.date) -> dt.date:
    """The as-of date a pledge opens at: its data date (metrics.change.data_basis of the data date
    and today: the newest data, today when there is none)."""
    return data_basis(pledge.get("data_until"), today)


def data_notice(pledge: pd.Series, as_of: dt.date) -> str | None:
    """'자료는 2024. 5. 31.까지 …' when the as-of date lies past the pledge's data date, else None."""
    until = _day(pledge.get("data_until"))
    if until is None or until >= as_of:
        return None
    return (f"자료는 {date_ko(until)}까지입니다. 기준일 {date_ko(as_of)}의 수치는 그날까지 들어온 자료로 계산했고, "
            f"추진상황 점검은 자료 기준일({date_ko(until)})의 기대 이행률과 비교합니다 (자료 미갱신).")


def term_notice(pledge: pd.Series, as_of: dt.date, today: dt.date) -> str | None:
    """When the pledge's term has ended (before today): '민선 8기 임기는 2026. 6. 30. 끝났습니다 —
    최종 수치' (the figures with every datum of the term), or where the final figures are when the
    as-of date lies before the data date. None while the term runs."""
    end = _day(pledge.get("term_end"))
    if end is None or end >= today:
        return None
    head = f"{pledge.get('term') or '임기'} 임기는 {date_ko(end)} 끝났습니다 — 최종 수치"
    until = _day(pledge.get("data_until"))
    if until is not None and as_of < min(until, end):
        return f"{head}는 자료 기준일 {date_ko(until)}의 수치입니다 (지금 보는 기준일은 {date_ko(as_of)})."
    return f"{head}입니다 (자료 기준일 {date_ko(until) if until else '—'})."


def data_line(pledge: pd.Series, as_of: dt.date) -> str:
    """The header's data basis: '자료 기준일 2024. 5. 31.' (min of as-of and data date)."""
    return f"자료 기준일 {date_ko(data_basis(pledge.get('data_until'), as_of))}"
