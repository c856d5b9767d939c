"""The citizen view's own choices (the public pages do not use the staff sidebar): city (when
several are loaded), pledge (on the public card) and as-of date, in the page itself so that a
phone shows them without opening the sidebar; seeded once from the URL (`city`, `pledge`,
`as_of` — the same parameters as the staff view) and mirrored back, so a link opens the same view.

The chosen values live under their own session keys (CITY, PLEDGE, AS_OF: plain values, never
the staff sidebar's keys), apart from the widgets' keys: Streamlit drops a widget's key on a run
that does not draw it (기준일 on 목표 변경 이력, 공약 on 공약 이행 현황), so each widget is refilled
from the kept value before it is drawn. Every read has a default: a fresh or odd session state
never raises.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import streamlit as st

from metrics.formatting import date_ko
from metrics.rates import RatePolicy
from ui import store, urlparams
from ui.presenters import common
from ui.presenters.public_html import CARD_CSS
from ui.presenters.public import city_policy

CITY, PLEDGE, AS_OF, SEEDED = "public_city", "public_pledge", "public_as_of", "_public_seeded"
WIDGETS = {CITY: "public_city_box", PLEDGE: "public_pledge_box", AS_OF: "public_as_of_box"}
DATE_OPEN = "public_date_open"      # the 기준일 section's open state (the picker is drawn only when open)
DATE_KEPT = "_public_date_open_kept"  # that state as the visitor set it, kept across the public pages


@dataclass(frozen=True)
class PublicView:
    city: str
    city_name: str
    as_of: dt.date
    policy: RatePolicy          # the city's own rounding (cities.rounding in the store)
    pledge_id: str | None = None


def _seed(places) -> None:
    """On the session's first public page: the choices from the URL (invalid values ignored)."""
    s, params = st.session_state, st.query_params
    if s.get(SEEDED):
        return
    s[SEEDED] = True
    notices: list[str] = []          # values ignored: one Korean warning (ui/urlparams.py)
    raw = params.get("pledge")
    key = common.parse_pledge_key(raw) if raw is not None and len(raw) <= urlparams.MAX_CHARS else None
    if key and key[1] in places.pledges.get(key[0], {}):
        s[CITY], s[PLEDGE] = key
    elif raw is not None:
        notices.append("주소의 'pledge' 값은 쓸 수 없어 무시했습니다 (목록에 있는 공약).")
    if s.get(CITY) is None and urlparams.parse_choice(params.get("city"), places.cities, "city", notices, "등록된 시군"):
        s[CITY] = params["city"]
    s[AS_OF] = urlparams.parse_as_of(params.get("as_of"), notices)   # None: the city's data date (choose)
    urlparams.show(notices)


def _valid_day(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _draw(slot, widget, key: str, valid, **kwargs):
    """Draw one choice with its widget key refilled from the kept value when Streamlit dropped it
    (or it holds something invalid); keep what the widget returns."""
    s = st.session_state
    if not valid(s.get(WIDGETS[key])):
        s[WIDGETS[key]] = s[key]
    s[key] = getattr(slot, widget)(key=WIDGETS[key], **kwargs)
    return s[key]


def choose(with_pledge: bool = False, with_date: bool = True) -> PublicView:
    """Draw the public choices (city when several, pledge when asked, 기준일 unless not asked) and
    return them. The default 기준일 is the city's latest data date (today when it has none), so
    that a visitor sees the figures as far as the data run."""
    places = store.public_places()          # shaped once per data version (ui.presenters.public.places)
    if not places.cities:
        st.info("공개된 공약이 없습니다.")
        st.stop()
    s = st.session_state
    cities = places.cities
    _seed(places)
    if s.get(CITY) not in cities:       # a real city first: synthetic demo cities only when alone
        s[CITY] = places.first
    widths = [2] * (len(cities) > 1) + [3] * with_pledge + [2] * with_date
    slot = iter(st.columns(widths, vertical_alignment="bottom") if len(widths) > 1 else [st])
    if len(cities) > 1:
        _draw(next(slot), "selectbox", CITY, cities.__contains__, label="시군", options=list(cities),
              format_func=cities.get)
    city = s[CITY]
    days = store.city_days(city)
    if not _valid_day(s.get(AS_OF)):
        s[AS_OF] = days.data_day or dt.date.today()
    pledge_id = None
    if with_pledge:
        options = places.pledges[city]
        if s.get(PLEDGE) not in options:
            s[PLEDGE] = next(iter(options))
        pledge_id = _draw(next(slot), "selectbox", PLEDGE, options.__contains__, label="공약", options=list(options),
                          format_func=options.get, help="공약 번호나 이름으로 검색할 수 있습니다.")
    as_of = s[AS_OF]
    if with_date:
        as_of = _date_choice(next(slot), as_of, days)
    _mirror(city, len(cities) > 1, pledge_id, as_of)
    return PublicView(city, places.names[city], as_of, city_policy(places.roundings[city]), pledge_id)


def _date_choice(slot, as_of: dt.date, days) -> dt.date:
    """기준일: a closed section titled with the date; the date picker is drawn only once a visitor
    opens it (the picker's code was ~0.4 s of a visitor's first page on a slow machine, and most
    visitors keep the latest date). The label follows a date just picked (the picker's own key
    holds it before this run draws the picker again). The section stays as the visitor left it
    from one public page to the next (each page draws it anew; 목표 변경 이력 not at all)."""
    s = st.session_state
    low, high = common.as_of_bounds(days.term_start, days.term_end, dt.date.today(), as_of)
    def valid(d):
        return _valid_day(d) and low <= d <= high
    if valid(s.get(WIDGETS[AS_OF])):
        as_of = s[AS_OF] = s[WIDGETS[AS_OF]]
    if isinstance(s.get(DATE_KEPT), bool):   # as the visitor left it (another page resets or drops the section)
        s[DATE_OPEN] = s[DATE_KEPT]
    with slot.expander(f"기준일 {date_ko(as_of)}", key=DATE_OPEN, on_change=_keep_date_open,
                       icon=":material/calendar_month:") as section:
        if section.open:
            as_of = _draw(section, "date_input", AS_OF, valid, label="기준일", min_value=low, max_value=high,
                          format="YYYY/MM/DD", help="이 날짜까지의 실적으로 이행률을 계산합니다.")
    return as_of


def _keep_date_open() -> None:
    """The visitor opened or closed the 기준일 section (the callback runs before the rerun): kept
    for the next public page, where Streamlit draws the section anew (closed)."""
    st.session_state[DATE_KEPT] = st.session_state.get(DATE_OPEN) is True


def _mirror(city: str, several: bool, pledge_id: str | None, as_of: dt.date) -> None:
    urlparams.mirror({"city": city if several and pledge_id is None else None,
                      "pledge": common.pledge_key(city, pledge_id) if pledge_id else None,
                      "as_of": as_of.isoformat()})


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_style() -> None:
    """The public tables' and the public card's style, and the print style (sidebar, header and
    controls hidden), through st.html: a style alone goes to the page's event container and needs
    no Markdown code in the browser."""
    st.html(CARD_CSS)


def search(frame, text: str | None):
    """The rows where every word of the search text appears (ui.presenters.portfolio.search)."""
    if not (text or "").strip():
        return frame
    from ui.presenters.portfolio import search as words_in
    from ui.presenters.public import without_links
    return frame.loc[words_in(without_links(frame), text).index]


def file_maker(kind: str, frame, name: str, context):
    """A callable making the CSV or XLSX bytes of a public table when the visitor clicks (not on
    every run: building both files was ~40% of 공약 이행 현황's time), stamped with that moment."""
    def make() -> bytes:
        from ui import export
        ctx = dataclasses.replace(context, generated_at=dt.datetime.now().replace(microsecond=0))
        return export.to_csv_bytes(frame, ctx) if kind == "csv" else export.to_xlsx_bytes(frame, name, ctx)
    return make


def downloads(frame, name: str, key: str, context) -> None:
    """CSV and XLSX of a public table, with its context and column descriptions (ui.export); open to
    everyone (these are the published figures), made only when clicked (st.download_button takes a
    callable). File names: '<name>_<시군>_<기준일>.csv'."""
    stem = f"{name}_{context.city}_{context.as_of.isoformat()}"
    row = st.container(horizontal=True)       # one block for both buttons (fewer messages per run)
    row.download_button("CSV 내려받기", file_maker("csv", frame, name, context), file_name=f"{stem}.csv",
                         mime="text/csv", key=f"public_csv_{key}", on_click="ignore", icon=":material/download:",
                         width="stretch")
    row.download_button("XLSX 내려받기", file_maker("xlsx", frame, name, context), file_name=f"{stem}.xlsx",
                          mime=XLSX_MIME, key=f"public_xlsx_{key}", on_click="ignore", icon=":material/download:",
                          width="stretch")


CHANGE_COLUMNS = {
    "이전 목표": st.column_config.NumberColumn("이전 목표", format="localized"),
    "변경 목표": st.column_config.NumberColumn("변경 목표", format="localized"),
    "적용일": st.column_config.DateColumn("적용일", format="YYYY. M. D."),
    "결정일": st.column_config.DateColumn("결정일", format="YYYY. M. D."),
    "변경 사유": st.column_config.TextColumn("변경 사유", width="large"),
}
